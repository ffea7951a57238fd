import {
  HearthError,
  type EngineV1,
  type GenerateRequest,
  type GenerateResult,
  type LoadRequest,
  type ModelInfo,
  type RouteInfo,
  type StreamPart,
} from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';

/** How long a stopped request waits for its engine to confirm before the engine is taken for dead. */
const ABORT_GRACE_MS = 2000;

export interface RouteSlotOptions {
  info: RouteInfo;
  /** Makes a new engine (a new Worker) and says how to load it. */
  create: () => EngineV1;
  loadRequest: (signal?: AbortSignal) => Promise<LoadRequest>;
  idleMs: number;
  /** One generation at a time (an in-browser engine has one context): later requests wait their turn. */
  exclusive?: boolean;
  onLoading?: () => void;
  onReady?: (loadMs: number) => void;
  onStopped?: (why: 'idle' | 'crashed' | 'revoked' | 'destroyed') => void;
}

/**
 * One route's engine, made once and reused: loaded on first use (a device model into its Worker,
 * a gateway checked to serve the model), a device Worker ended after `idleMs` unused and started
 * again on demand, and replaced after it crashed (a Worker the browser killed answers nothing, so
 * a stream that ended without a finish part retires it). Implements EngineV1, so the fallback
 * walks it like any engine.
 */
export class RouteSlot implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId: string;
  private engine: EngineV1 | undefined;
  private loading: Promise<EngineV1> | undefined;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Streams stopped but not yet confirmed by the engine: until they are, it may be dead. */
  private readonly unconfirmed = new Set<Promise<void>>();
  /** Settles when the generation before the newest one is done (exclusive slots). */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly options: RouteSlotOptions) {
    this.engineId = options.info.engine;
  }

  get info(): RouteInfo {
    return this.options.info;
  }

  get loaded(): boolean {
    return this.engine !== undefined;
  }

  /** Loads the engine now (prepare()); later requests reuse it. */
  async ready(signal?: AbortSignal): Promise<EngineV1> {
    // A request stopped a moment ago: wait until its engine answered (or was taken for dead).
    while (this.unconfirmed.size > 0) await Promise.race(this.unconfirmed);
    if (this.engine) return this.engine;
    this.loading ??= this.start(signal).finally(() => (this.loading = undefined));
    return this.loading;
  }

  async load(_request: LoadRequest): Promise<ModelInfo> {
    await this.ready(_request.signal);
    return { architecture: 'hearth-route', contextSize: 0, vocabSize: 0 };
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    let done!: () => void;
    const before = this.turn;
    // The next request waits for this one and for everything before it (this one may stop waiting early).
    if (this.options.exclusive) this.turn = Promise.all([before, new Promise<void>((resolve) => (done = resolve))]).then(() => {});
    try {
      if (this.options.exclusive && !(await waitUnlessAborted(before, request.signal))) {
        yield { type: 'error', error: new HearthError({ code: 'aborted', message: 'The request was stopped while it waited for the engine.' }).toJSON() };
        return;
      }
      yield* this.streamOnEngine(request);
    } finally {
      done?.();
    }
  }

  private async *streamOnEngine(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.busy++;
    clearTimeout(this.idleTimer);
    let finished = false;
    let selfAborted = false;
    // A Worker answers an abort at once; one the browser killed never does. Ending it then frees
    // the stream (its pending read fails) and the next request starts a new Worker.
    let grace: ReturnType<typeof setTimeout> | undefined;
    let confirm: (() => void) | undefined;
    let confirmation: Promise<void> | undefined;
    const onAbort = (): void => {
      confirmation = new Promise<void>((resolve) => (confirm = resolve));
      this.unconfirmed.add(confirmation);
      grace = setTimeout(() => {
        this.retire('crashed');
        confirm?.();
      }, ABORT_GRACE_MS);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let engine: EngineV1;
      try {
        engine = await this.ready(request.signal);
      } catch (error) {
        yield { type: 'error', error: HearthError.from(error).toJSON() };
        finished = true;
        return;
      }
      for await (const part of engine.doStream(request)) {
        if (part.type === 'finish') finished = true;
        if (part.type === 'error') {
          finished = part.error.code !== 'engine_crashed';
          selfAborted = part.error.code === 'aborted';
        }
        yield part;
      }
    } finally {
      clearTimeout(grace);
      confirm?.();
      if (confirmation) this.unconfirmed.delete(confirmation);
      request.signal?.removeEventListener('abort', onAbort);
      this.busy--;
      // No finish and no error of its own: the Worker went silent (killed) and the fallback gave up on it.
      if (!finished && !selfAborted) this.retire('crashed');
      else this.armIdle();
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    this.retire('destroyed');
  }

  /** Ends the engine's Worker now; the next request starts a new one. */
  retire(why: 'idle' | 'crashed' | 'revoked' | 'destroyed'): void {
    clearTimeout(this.idleTimer);
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    const terminate = (engine as { terminate?: () => void }).terminate;
    if (typeof terminate === 'function') terminate.call(engine);
    else void engine.unload().catch(() => {});
    this.options.onStopped?.(why);
  }

  private async start(signal: AbortSignal | undefined): Promise<EngineV1> {
    this.options.onLoading?.();
    const started = performance.now();
    const engine = this.options.create();
    try {
      await engine.load(await this.options.loadRequest(signal));
    } catch (error) {
      // Nothing half-loaded stays behind: the Worker goes with the failed load.
      const terminate = (engine as { terminate?: () => void }).terminate;
      if (typeof terminate === 'function') terminate.call(engine);
      throw error;
    }
    this.engine = engine;
    this.options.onReady?.(performance.now() - started);
    this.armIdle();
    return engine;
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.busy > 0 || !this.engine) return;
    this.idleTimer = setTimeout(() => this.retire('idle'), this.options.idleMs);
  }
}

/** Waits for `turn`; false when `signal` aborts first. */
function waitUnlessAborted(turn: Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return turn.then(() => true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    });
  });
}
