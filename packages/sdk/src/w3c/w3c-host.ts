import { HearthError, type ChatMessage, type EngineV1, type GenerateRequest, type StreamPart } from '@hearth/spec';
import type { Catalog, CatalogModelInput } from '../catalog/catalog-schema.ts';
import { mergeCatalog, shippedCatalog } from '../catalog/load-catalog.ts';
import { collectStream } from '../engines/shared/collect-stream.ts';
import type { Hearth } from '../hearth/create-hearth.ts';
import type { TaskKind } from '../tasks/run-task.ts';

/** The Hearth tasks the W3C classes run: the writing tasks, and `chat` for LanguageModel. */
export type W3cTask = Extract<TaskKind, 'summarize' | 'write' | 'rewrite' | 'proofread'> | 'chat';

/** What every W3C class of one `installHearth()` shares: its Hearth, and what Hearth knows about the route a task runs on. */
export interface W3cHost {
  readonly hearth: Hearth;
  /**
   * `hearth.engineFor(task)`, one generation at a time across every object of this install: the
   * device engines run one sequence and refuse a second request while one runs, where the drafts
   * let a page call `summarize()` on many inputs at once (their "Repeated usage" example).
   */
  engineFor(task: W3cTask): EngineV1;
  /** Primary language subtags the task's first route's model documents; undefined where Hearth cannot know them. */
  languagesFor(task: W3cTask): Promise<ReadonlySet<string> | undefined>;
  /**
   * The context size the task's first route loads with, in tokens; `+Infinity` where Hearth
   * cannot know it before the engine says (an app's own engine, a remote server): the drafts'
   * value for "no specific limit", replaced by the engine's own figure once it reports one.
   */
  contextWindowFor(task: W3cTask): Promise<number>;
}

export function createW3cHost(hearth: Hearth, catalogEntries: readonly CatalogModelInput[] | undefined): W3cHost {
  let catalog: Catalog | undefined;
  // The same catalog createHearth plans from (the shipped one and the app's entries).
  const getCatalog = (): Catalog =>
    (catalog ??= catalogEntries && catalogEntries.length > 0 ? mergeCatalog(shippedCatalog(), catalogEntries) : shippedCatalog());
  const firstRoute = async (task: W3cTask) => (await hearth.plan(task).catch(() => undefined))?.routes[0];
  const queue = new GenerationQueue();
  const engines = new Map<W3cTask, EngineV1>();
  return {
    hearth,
    engineFor(task) {
      let engine = engines.get(task);
      if (!engine) engines.set(task, (engine = queue.serialize(hearth.engineFor(task))));
      return engine;
    },
    async languagesFor(task) {
      const route = await firstRoute(task);
      const model = route && getCatalog().models.find((m) => m.id === route.modelId);
      return model ? new Set(model.languages) : undefined;
    },
    async contextWindowFor(task) {
      const route = await firstRoute(task);
      return route && route.contextSize > 0 ? route.contextSize : Number.POSITIVE_INFINITY;
    },
  };
}

/** Runs the streams of the engines it serializes one after another, in the order they were asked for. */
class GenerationQueue {
  #tail: Promise<void> = Promise.resolve();

  serialize(engine: EngineV1): EngineV1 {
    const doStream = (request: GenerateRequest): AsyncIterable<StreamPart> => this.#inTurn(engine, request);
    return {
      specificationVersion: 'v1',
      engineId: engine.engineId,
      load: (r) => engine.load(r),
      doStream,
      doGenerate: (r) => collectStream(doStream(r)),
      unload: () => engine.unload(),
    };
  }

  async *#inTurn(engine: EngineV1, request: GenerateRequest): AsyncIterable<StreamPart> {
    let release!: () => void;
    const ready = this.#tail;
    this.#tail = ready.then(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      // A request cancelled while it waits never reaches the engine; an engine stream ends with an error part, never a throw.
      if (!(await untilTurn(ready, request.signal))) {
        yield {
          type: 'error',
          error: HearthError.from(request.signal?.reason ?? new HearthError({ code: 'aborted', message: 'Cancelled.' }), 'aborted').toJSON(),
        };
        return;
      }
      yield* engine.doStream(request);
    } finally {
      // Released once the engine's own stream has ended, so the next request finds it free.
      void ready.then(() => release());
    }
  }
}

/** True once `ready` settles; false if `signal` aborts first. */
function untilTurn(ready: Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => resolve(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    void ready.then(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
  });
}

/** A prompt's size on its engine, and the engine's context size where the engine said it. */
export interface PromptMeasure {
  tokens: number;
  /** Present when the prompt did not fit: the engine's `context_full` error names its context size. */
  contextSize?: number;
}

/**
 * How many tokens `request`'s prompt takes on the engine that would run it, control tokens of
 * the chat template included (as the Prompt API draft asks): the engine's own count, read from
 * the usage of a one-token generation (EngineV1 has no tokenizer call; the prefill this costs is
 * the "round trip to the language model" the drafts warn `measureInputUsage()` makes). A prompt
 * too long for the context is counted too: the engine's `context_full` error carries its size.
 *
 * An engine that reports no prompt tokens (the browser's built-in model) gets an estimate
 * instead: one token per 4 UTF-8 bytes of the messages, the average of byte-level BPE
 * tokenizers on English text. That estimate is used only there.
 */
export async function measurePrompt(engine: EngineV1, request: GenerateRequest, signal: AbortSignal | undefined): Promise<PromptMeasure> {
  const measure: GenerateRequest = { prompt: request.prompt, maxTokens: 1, temperature: 0 };
  if (signal) measure.signal = signal;
  for await (const part of engine.doStream(measure)) {
    if (part.type === 'error') {
      const error = HearthError.fromJSON(part.error);
      const tokens = error.data?.['promptTokens'];
      const contextSize = error.data?.['contextSize'];
      if (error.code === 'context_full' && typeof tokens === 'number') return typeof contextSize === 'number' ? { tokens, contextSize } : { tokens };
      throw error;
    }
    if (part.type === 'finish')
      return {
        tokens:
          part.usage.promptTokens > 0
            ? part.usage.promptTokens
            : estimateTokens(request.prompt.type === 'chat' ? request.prompt.messages : [{ role: 'user', content: request.prompt.text }]),
      };
  }
  throw new HearthError({ code: 'internal', message: `The ${engine.engineId} stream ended without a finish part.` });
}

/** `measurePrompt`'s count alone. */
export async function countPromptTokens(engine: EngineV1, request: GenerateRequest, signal: AbortSignal | undefined): Promise<number> {
  return (await measurePrompt(engine, request, signal)).tokens;
}

/** Tokens for `messages` where no engine counts them: UTF-8 bytes / 4, rounded up. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  const bytes = messages.reduce((n, m) => n + new TextEncoder().encode(m.content).length, 0);
  return Math.ceil(bytes / 4);
}
