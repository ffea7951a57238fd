import type { Context } from 'hono';
import { HearthError, type EngineV1, type GenerateRequest, type StreamPart } from '@hearth/spec';
import { newCompletionIdentity, type CompletionIdentity } from '@hearth/sdk/openai';
import type { Admission } from '../access/admission.ts';
import type { Logger } from '../http/logger.ts';
import type { Metrics } from '../http/metrics.ts';
import { openAIErrorResponse, toOpenAIError } from '../http/openai-error.ts';
import { sseEvent } from '../http/sse-padding.ts';

export interface GenerationRouteDeps {
  engineFor(model: string): EngineV1 | undefined;
  logger: Logger;
  admission: Admission;
  metrics: Metrics;
  /** Stream events are padded to multiples of this (0: off). */
  paddingBytes: number;
  requestTimeoutMs: number;
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
    return openAIErrorResponse(
      new HearthError({
        code: 'model_not_found',
        message: `The model '${parsed.model}' does not exist on this gateway.`,
        hint: 'GET /v1/models lists the models it serves.',
        data: { param: 'model' },
      }),
    );
  }
  const failed = (error: unknown): Response => {
    const e = HearthError.from(error);
    if (e.code !== 'aborted') deps.logger.log('warn', `${endpoint.name} failed`, { code: e.code });
    return openAIErrorResponse(e);
  };
  // The client hanging up aborts generation (Hono's node adapter aborts this signal on close).
  const clientGone = c.req.raw.signal;
  let release: () => void;
  try {
    release = await deps.admission.acquire(clientGone);
  } catch (error) {
    return failed(error);
  }
  const timeout = AbortSignal.timeout(deps.requestTimeoutMs);
  parsed.request.signal = AbortSignal.any([clientGone, timeout]);
  const identity = newCompletionIdentity(parsed.model);
  const parts = metered(engine.doStream(parsed.request), parsed.request.signal, timeout, deps.metrics, parsed.model, deps.requestTimeoutMs);

  if (!parsed.stream) {
    try {
      return Response.json(await endpoint.whole(parts, identity));
    } catch (error) {
      return failed(error);
    } finally {
      release();
    }
  }

  const chunks = endpoint.chunks(parts, identity, parsed.includeUsage)[Symbol.asyncIterator]();
  // Read the first chunk before answering, so an error that happens at once gets a real status.
  let first: IteratorResult<Chunk>;
  try {
    first = await chunks.next();
  } catch (error) {
    release();
    return failed(error);
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown): void => controller.enqueue(encoder.encode(sseEvent(JSON.stringify(data), deps.paddingBytes)));
      try {
        if (!first.done) send(first.value);
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) send(next.value);
        controller.enqueue(encoder.encode(sseEvent('[DONE]', deps.paddingBytes)));
      } catch (error) {
        const hearthError = HearthError.from(error);
        if (hearthError.code !== 'aborted') deps.logger.log('warn', `${endpoint.name} stream failed`, { code: hearthError.code });
        // Mid-stream there is no status to change: OpenAI-compatible servers send the error as an event.
        send(toOpenAIError(hearthError).body);
      } finally {
        release();
        try {
          controller.close();
        } catch {
          // Already closed: the client went away.
        }
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' } });
}

/**
 * Counts generated tokens for /metrics, and how many were still generated after the request was
 * cancelled (client gone or timed out): the measure of how fast cancellation really stops work.
 */
async function* metered(
  parts: AsyncIterable<StreamPart>,
  signal: AbortSignal,
  timeout: AbortSignal,
  metrics: Metrics,
  model: string,
  timeoutMs: number,
): AsyncIterable<StreamPart> {
  let tokens = 0;
  let atCancel: number | undefined;
  const onAbort = (): void => {
    atCancel ??= tokens;
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const part of parts) {
      if (part.type === 'text-delta') tokens += part.tokenIds?.length || 1;
      if (part.type === 'error' && part.error.code === 'aborted' && timeout.aborted) {
        yield {
          type: 'error',
          error: new HearthError({
            code: 'timeout',
            message: `Generation took longer than ${timeoutMs} ms.`,
            hint: 'Ask for fewer tokens or raise limits.requestTimeoutMs.',
          }).toJSON(),
        };
        return;
      }
      yield part;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    metrics.count('hearth_generated_tokens_total', { model }, tokens);
    if (atCancel !== undefined) metrics.observe('hearth_tokens_after_cancel', tokens - atCancel, {}, [0, 1, 2, 4, 8, 16, 64]);
  }
}
