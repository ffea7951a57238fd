import type { Context } from 'hono';
import { HearthError, type EngineV1, type GenerateRequest, type StreamPart } from '@hearth/spec';
import { newCompletionIdentity, type CompletionIdentity } from '@hearth/sdk';
import { openAIErrorResponse, toOpenAIError } from '../http/openai-error.ts';
import type { Logger } from '../http/logger.ts';

export interface GenerationRouteDeps {
  engineFor(model: string): EngineV1 | undefined;
  logger: Logger;
}

/** What differs between `/v1/chat/completions` and `/v1/completions`: parsing and wire shapes. */
export interface GenerationEndpoint<Chunk, Whole> {
  name: string;
  parse(body: unknown): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest };
  chunks(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity, includeUsage: boolean): AsyncIterable<Chunk>;
  whole(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity): Promise<Whole>;
}

/** One OpenAI generation endpoint, streaming (SSE) and not. Nothing of the body outlives the request. */
export async function handleGeneration<Chunk, Whole>(c: Context, endpoint: GenerationEndpoint<Chunk, Whole>, deps: GenerationRouteDeps): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return openAIErrorResponse(new HearthError({ code: 'invalid_request', message: 'The request body is not valid JSON.', data: { param: null } }));
  }
  let parsed: ReturnType<typeof endpoint.parse>;
  try {
    parsed = endpoint.parse(body);
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
  const failed = (error: unknown): Response => {
    deps.logger.log('warn', `${endpoint.name} failed`, { code: HearthError.from(error).code });
    return openAIErrorResponse(error);
  };

  if (!parsed.stream) {
    try {
      return Response.json(await endpoint.whole(parts, identity));
    } catch (error) {
      return failed(error);
    }
  }

  const chunks = endpoint.chunks(parts, identity, parsed.includeUsage)[Symbol.asyncIterator]();
  // Read the first chunk before answering, so an error that happens at once gets a real status.
  let first: IteratorResult<Chunk>;
  try {
    first = await chunks.next();
  } catch (error) {
    return failed(error);
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
        if (hearthError.code !== 'aborted') deps.logger.log('warn', `${endpoint.name} stream failed`, { code: hearthError.code });
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
