import {
  HearthError,
  type EngineV1,
  type GenerateRequest,
  type GenerateResult,
  type LoadRequest,
  type ModelInfo,
  type RouteInfo,
  type SerializedHearthError,
  type StreamPart,
} from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';

export interface Route {
  /** Shown to people: "device (wllama)", "self-hosted gateway". */
  label: string;
  engine: EngineV1;
  /** Where this route runs: sent as a `route` part before its first text, so the app can say so. */
  info?: RouteInfo;
}

export interface FallbackOptions {
  /** A route silent this long between two parts is treated as failed (a hung GPU, a killed Worker). */
  stallMs?: number;
  /**
   * How long a route may take to send its first part: longer, since its engine may first load a
   * model from storage (seconds for a large one on a busy device).
   */
  startMs?: number;
}

const defaults = { stallMs: 30_000, startMs: 120_000 } satisfies FallbackOptions;

/** Failures the next route may well not have: the device, not the request, is the problem. */
// (A device that cannot store or verify its model, quota_exceeded, integrity_mismatch, fails in a
// way the gateway does not.)
const HAND_OVER: ReadonlySet<string> = new Set([
  'engine_crashed',
  'out_of_memory',
  'engine_unavailable',
  'model_not_loaded',
  'network',
  'timeout',
  'upstream',
  'internal',
  'quota_exceeded',
  'integrity_mismatch',
]);

/**
 * Runs a request on the first route and, if that route fails mid-stream, continues it on the
 * next one from where it stopped: the text already streamed is kept and given to the next route
 * as the start of its answer, so the stream the app reads never breaks. A `route-switch` part
 * says when and why. Bad input and cancellation are not handed over: they would fail anywhere.
 */
export class FallbackEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'fallback';

  constructor(
    private readonly routes: readonly Route[],
    private readonly options: FallbackOptions = {},
  ) {
    if (routes.length === 0) throw new HearthError({ code: 'invalid_request', message: 'A fallback engine needs at least one route.' });
  }

  /** Routes are loaded by whoever planned them (the device route may need consent first). */
  async load(_request: LoadRequest): Promise<ModelInfo> {
    return { architecture: 'fallback', contextSize: 0, vocabSize: 0 };
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    let emitted = '';
    let tokens = 0;
    let calling = false;
    for (let i = 0; i < this.routes.length; i++) {
      const route = this.routes[i]!;
      const next = this.routes[i + 1];
      const attempt = continuation(request, emitted, tokens);
      let failure: SerializedHearthError | undefined;
      if (route.info) yield { type: 'route', route: route.info };
      const stallMs = this.options.stallMs ?? defaults.stallMs;
      for await (const part of withStallGuard(route.engine, attempt, stallMs, Math.max(stallMs, this.options.startMs ?? defaults.startMs))) {
        if (part.type === 'text-delta') {
          emitted += part.text;
          tokens += part.tokenIds?.length || 1;
          yield part;
        } else if (part.type === 'tool-call-delta') {
          calling = true;
          yield part;
        } else if (
          part.type === 'error' &&
          next &&
          HAND_OVER.has(part.error.code) &&
          !request.signal?.aborted &&
          !((request.responseFormat || request.tools) && (emitted !== '' || calling))
        ) {
          // (A half-written JSON value or tool call is not handed over: the next route's grammar
          // starts at the top of the value, so it could not continue it. Before the first byte it can.)
          failure = part.error;
          break;
        } else if (part.type === 'route') {
          // An engine that routes on its own (a nested fallback) knows better where it runs.
          yield part;
        } else if (part.type === 'finish') {
          // The usage counts the whole answer, not just the last route's share.
          yield { ...part, usage: { ...part.usage, completionTokens: tokens } };
          return;
        } else {
          yield part;
          if (part.type === 'error') return;
        }
      }
      if (!failure || !next) return;
      yield { type: 'route-switch', from: route.label, to: next.label, reason: failure, charactersSoFar: emitted.length };
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    await Promise.all(this.routes.map((r) => r.engine.unload().catch(() => {})));
  }
}

/** The same request, continued after `emitted`: the next route writes the rest of the answer. */
export function continuation(request: GenerateRequest, emitted: string, tokens: number): GenerateRequest {
  if (emitted === '') return request;
  const next: GenerateRequest = { ...request };
  if (request.maxTokens !== undefined) next.maxTokens = Math.max(1, request.maxTokens - tokens);
  next.prompt =
    request.prompt.type === 'text'
      ? { type: 'text', text: request.prompt.text + emitted }
      : // An open assistant turn at the end: engines continue it rather than start a new one.
        { type: 'chat', messages: [...request.prompt.messages, { role: 'assistant', content: emitted }] };
  return next;
}

/**
 * Ends a route's stream with an `engine_crashed` error when it goes quiet for `stallMs`, and
 * aborts the route's work so it does not keep running in the background.
 */
async function* withStallGuard(engine: EngineV1, request: GenerateRequest, stallMs: number, startMs: number): AsyncIterable<StreamPart> {
  const controller = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
  const iterator = engine.doStream({ ...request, signal })[Symbol.asyncIterator]();
  try {
    for (let first = true; ; first = false) {
      const limit = first ? startMs : stallMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), limit)));
      const result = await Promise.race([iterator.next(), stalled]);
      clearTimeout(timer);
      if (result === 'stalled') {
        controller.abort();
        yield {
          type: 'error',
          error: new HearthError({ code: 'engine_crashed', message: `${engine.engineId} sent nothing for ${limit} ms.`, data: { stalledMs: limit } }).toJSON(),
        };
        return;
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    controller.abort();
    void iterator.return?.();
  }
}
