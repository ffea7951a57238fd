import type { Context } from 'hono';
import { HearthError, type EngineV1 } from '@hearth/spec';
import { newCompletionIdentity, parseChatCompletionRequest, toChatCompletion, toChatCompletionChunks } from '@hearth/sdk';
import { openAIErrorResponse, toOpenAIError } from '../http/openai-error.ts';
import type { Logger } from '../http/logger.ts';

export interface ChatRouteDeps {
  engineFor(model: string): EngineV1 | undefined;
  logger: Logger;
}

/** POST /v1/chat/completions, streaming (SSE) and not. Nothing of the body outlives the request. */
export async function chatCompletions(c: Context, deps: ChatRouteDeps): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return openAIErrorResponse(new HearthError({ code: 'invalid_request', message: 'The request body is not valid JSON.', data: { param: null } }));
  }
  let parsed: ReturnType<typeof parseChatCompletionRequest>;
  try {
    parsed = parseChatCompletionRequest(body);
  } catch (error) {
    return openAIErrorResponse(error);
  }
  const engine = deps.engineFor(parsed.model);
  if (!engine) {
    return openAIErrorResponse(new HearthError({ code: 'model_not_found', message: `The model '${parsed.model}' does not exist on this gateway.`, hint: 'GET /v1/models lists the models it serves.', data: { param: 'model' } }));
  }
  // The client hanging up aborts generation (Hono's node adapter aborts this signal on close).
  parsed.request.signal = c.req.raw.signal;
  const identity = newCompletionIdentity(parsed.model);
  const parts = engine.doStream(parsed.request);

  if (!parsed.stream) {
    try {
      return Response.json(await toChatCompletion(parts, identity));
    } catch (error) {
      deps.logger.log('warn', 'chat completion failed', { code: HearthError.from(error).code });
      return openAIErrorResponse(error);
    }
  }

  const chunks = toChatCompletionChunks(parts, identity, parsed.includeUsage)[Symbol.asyncIterator]();
  // Read the first chunk before answering, so an error that happens at once gets a real status.
  let first: IteratorResult<unknown>;
  try {
    first = await chunks.next();
  } catch (error) {
    deps.logger.log('warn', 'chat completion failed', { code: HearthError.from(error).code });
    return openAIErrorResponse(error);
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown): void => controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
      try {
        if (!first.done) send(first.value);
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) send(next.value);
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      } catch (error) {
        const hearthError = HearthError.from(error);
        if (hearthError.code !== 'aborted') deps.logger.log('warn', 'chat stream failed', { code: hearthError.code });
        // Mid-stream there is no status to change: OpenAI-compatible servers send the error as an event.
        send(toOpenAIError(hearthError).body);
      } finally {
        controller.close();
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' } });
}
