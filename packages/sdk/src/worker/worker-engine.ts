import { HearthError, type EngineV1, type GenerateRequest, type GenerateResult, type LoadRequest, type ModelInfo, type StreamPart } from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

interface Pending {
  onMessage(message: FromWorker): void;
  onCrash(error: HearthError): void;
}

/**
 * The page's side of an engine hosted in a Worker. Implements Engine v1 itself, so app code does
 * not change whether an engine runs in the page, in a Worker or on a server.
 */
export class WorkerEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashed: HearthError | undefined;

  constructor(
    readonly engineId: string,
    private readonly worker: Worker,
  ) {
    worker.addEventListener('message', (event: MessageEvent) => {
      const message = event.data as FromWorker;
      this.pending.get(message.id)?.onMessage(message);
    });
    // A Worker that dies (script error, out of memory, terminated) fails every call in flight.
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(
        new HearthError({
          code: 'engine_crashed',
          message: `The ${engineId} worker failed: ${event.message || 'unknown error'}`,
          hint: 'Retry; Hearth falls back to another route when one is allowed.',
        }),
      );
    });
    worker.addEventListener('messageerror', () => {
      this.crash(new HearthError({ code: 'engine_crashed', message: `A message from the ${engineId} worker could not be read.` }));
    });
  }

  load(request: LoadRequest): Promise<ModelInfo> {
    const { signal, ...rest } = request;
    return this.call<ModelInfo>({ kind: 'load', id: this.nextId++, request: rest }, 'loaded', signal, (m) => (m.kind === 'loaded' ? m.info : undefined));
  }

  unload(): Promise<void> {
    return this.call<void>({ kind: 'unload', id: this.nextId++ }, 'unloaded', undefined, () => undefined);
  }

  /** Ends the Worker: frees everything it held, at once. */
  terminate(): void {
    this.worker.terminate();
    this.crash(new HearthError({ code: 'aborted', message: `The ${this.engineId} worker was terminated.` }));
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    if (this.crashed) {
      yield { type: 'error', error: this.crashed.toJSON() };
      return;
    }
    const id = this.nextId++;
    const queue: StreamPart[] = [];
    let wake: (() => void) | undefined;
    const push = (part: StreamPart): void => {
      queue.push(part);
      wake?.();
    };
    this.pending.set(id, {
      onMessage: (m) => {
        if (m.kind === 'part') push(m.part);
        else if (m.kind === 'failed') push({ type: 'error', error: m.error });
      },
      onCrash: (error) => push({ type: 'error', error: error.toJSON() }),
    });
    const { signal, ...rest } = request;
    const onAbort = (): void => this.worker.postMessage({ kind: 'abort', id } satisfies ToWorker);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.worker.postMessage({ kind: 'generate', id, request: rest } satisfies ToWorker);
      if (signal?.aborted) onAbort();
      for (;;) {
        const part = queue.shift();
        if (part === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const last = part.type === 'finish' || part.type === 'error';
        if (signal?.aborted) {
          // Text the Worker made before the abort reached it is dropped: the app asked to stop, and
          // on a busy page a dozen deltas can be in flight. The stream ends with the Worker's last
          // part, so the engine is idle again when it does.
          if (!last) continue;
          yield part.type === 'error' ? part : { type: 'error', error: new HearthError({ code: 'aborted', message: 'Generation was aborted.' }).toJSON() };
          return;
        }
        yield part;
        if (last) return;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.pending.delete(id);
      // A consumer that stops reading early must not leave the engine generating.
      if (!signal?.aborted) this.worker.postMessage({ kind: 'abort', id } satisfies ToWorker);
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  private call<T>(message: ToWorker, done: FromWorker['kind'], signal: AbortSignal | undefined, pick: (m: FromWorker) => T | undefined): Promise<T> {
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(message.id);
        reject(new HearthError({ code: 'aborted', message: 'The call was aborted.' }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(message.id, {
        onMessage: (m) => {
          signal?.removeEventListener('abort', onAbort);
          this.pending.delete(message.id);
          if (m.kind === 'failed') reject(HearthError.fromJSON(m.error));
          else if (m.kind === done) resolve(pick(m) as T);
        },
        onCrash: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.worker.postMessage(message);
    });
  }

  private crash(error: HearthError): void {
    this.crashed ??= error;
    for (const pending of [...this.pending.values()]) pending.onCrash(error);
    this.pending.clear();
  }
}
