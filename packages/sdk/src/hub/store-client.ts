import { HearthError } from '@hearth/spec';
import type { StoreEvent, StoreProgress, StoredFileInfo } from '../store/model-store.ts';
import {
  workerFailure,
  type EnsureManifestResult,
  type HelloResult,
  type PortLike,
  type RemoteDownloadSettings,
  type StoreReply,
  type StoreRequest,
} from './store-protocol.ts';
import type { DownloadGate } from '../store/download-gate.ts';

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: HearthError) => void;
  onProgress?: (p: StoreProgress) => void;
  onEvent?: (e: StoreEvent) => void;
};
type RequestBody = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface RemoteEnsureOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StoreProgress) => void;
  onEvent?: (event: StoreEvent) => void;
  pin?: boolean;
  download?: RemoteDownloadSettings;
  /** Pauses and resumes the download in the store's context, connections kept open. */
  gate?: DownloadGate;
}

/** What an app needs from a model store, wherever it runs (this context, a Worker, the hub). */
export interface ModelStoreLike {
  ensureManifest(manifestUrl: string, options?: RemoteEnsureOptions): Promise<Pick<EnsureManifestResult, 'files' | 'manifest'>>;
  list(): Promise<StoredFileInfo[]>;
}

/** A Worker's failure events, where the port is a Worker (a MessagePort has none). */
interface FailingPort {
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

function isWorker(port: PortLike): port is PortLike & FailingPort {
  return typeof (port as { terminate?: unknown }).terminate === 'function';
}

/**
 * A model store in another context (a Worker, or the hub's Worker through its iframe), used as if
 * it were here. Errors are rebuilt as HearthErrors with their code.
 *
 * Over a Worker, a store Worker that fails before its first reply (its script did not load, it
 * threw as it started) or sends a reply that cannot be read fails every call in flight and after
 * with `engine_crashed`, never a call that waits forever. Built with `StoreClient.inWorker`, the
 * next call starts a new Worker instead: a download it resumes loses only what the last saved
 * resume point did not cover. Once running, the store answers every request itself, failures
 * included. Over a MessagePort (the hub) there is no such signal: the hub page starts its
 * Worker and checks it runs before it hands out a port.
 *
 * @example const store = StoreClient.inWorker(() => new Worker(workerUrl, { type: 'module' }))
 */
export class StoreClient implements ModelStoreLike {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private refused: HearthError | undefined;
  private port: PortLike | undefined;

  /** `restart` makes a new Worker when this one fails (see `inWorker`); without it, failure is final. */
  constructor(
    port: PortLike,
    private readonly restart?: () => PortLike,
  ) {
    this.attach(port);
  }

  /** A store in a Worker made by `createWorker`, made again for the next call if it fails. */
  static inWorker(createWorker: () => Worker): StoreClient {
    return new StoreClient(createWorker(), createWorker);
  }

  private attach(port: PortLike): void {
    this.port = port;
    let answered = false;
    port.addEventListener('message', (event: MessageEvent) => {
      answered = true;
      if (this.port === port) this.receive(event.data as StoreReply);
    });
    if (isWorker(port)) {
      // After its first reply the Worker runs serveStore, which answers each request, failures
      // included: a later uncaught error is left to the console, the downloads in flight go on.
      port.addEventListener('error', (event) => {
        if (answered) return;
        event.preventDefault();
        this.fail(port, workerFailure(event));
      });
      port.addEventListener('messageerror', () => this.fail(port, 'a reply from it could not be read'));
    }
    port.start?.();
  }

  /** Every call waiting on `port` fails; the next call restarts the Worker, or fails too. */
  private fail(port: PortLike, why: string): void {
    if (this.port !== port) return;
    const error = new HearthError({
      code: 'engine_crashed',
      message: `The model store's Worker failed: ${why}.`,
      // Without a restart, this client refuses every later call: calling again cannot help.
      retryable: Boolean(this.restart),
      hint: this.restart
        ? 'Call again: a new store Worker starts, and a download resumes from its last saved point.'
        : 'Make a new StoreClient with a new Worker (StoreClient.inWorker does this itself), or reload the page: a download resumes from its last saved point.',
    });
    if (isWorker(port)) port.terminate();
    this.port = undefined;
    if (!this.restart) this.refused = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  hello(): Promise<HelloResult> {
    return this.call({ op: 'hello' }) as Promise<HelloResult>;
  }

  ensureManifest(manifestUrl: string, options: RemoteEnsureOptions = {}): Promise<EnsureManifestResult> {
    const body: RequestBody = {
      op: 'ensureManifest',
      manifestUrl,
      ...(options.pin ? { pin: true } : {}),
      ...(options.download ? { download: options.download } : {}),
    };
    return this.call(body, options) as Promise<EnsureManifestResult>;
  }

  list(): Promise<StoredFileInfo[]> {
    return this.call({ op: 'list' }) as Promise<StoredFileInfo[]>;
  }

  async delete(sha256: string): Promise<void> {
    await this.call({ op: 'delete', sha256 });
  }

  private call(body: RequestBody, options: RemoteEnsureOptions = {}): Promise<unknown> {
    if (this.refused) return Promise.reject(this.refused);
    if (!this.port && this.restart) {
      try {
        this.attach(this.restart());
      } catch (cause) {
        return Promise.reject(
          new HearthError({
            code: 'engine_unavailable',
            message: `The model store's Worker could not start: ${String(cause)}`,
            hint: 'Check that this page may start Workers (its Content-Security-Policy worker-src) and that the Worker script is served.',
            cause,
          }),
        );
      }
    }
    const port = this.port;
    if (!port) return Promise.reject(this.refused ?? new HearthError({ code: 'internal', message: 'The model store has no Worker.' }));
    const signal = options.signal;
    if (signal?.aborted)
      return Promise.reject(new HearthError({ code: 'aborted', message: 'The store call was aborted before it started.', cause: signal.reason }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const abort = (): void => port.postMessage({ id: this.nextId++, op: 'abort', target: id } satisfies StoreRequest);
      const gate = (paused: boolean): void => port.postMessage({ id: this.nextId++, op: 'gate', target: id, paused } satisfies StoreRequest);
      const unsubscribe = options.gate?.subscribe(gate);
      // Settling removes the abort listener: a long-lived signal would otherwise keep every call's port.
      const settle = (): void => {
        signal?.removeEventListener('abort', abort);
        unsubscribe?.();
      };
      const entry: Pending = {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      if (options.onProgress) entry.onProgress = options.onProgress;
      if (options.onEvent) entry.onEvent = options.onEvent;
      this.pending.set(id, entry);
      signal?.addEventListener('abort', abort, { once: true });
      port.postMessage({ ...body, id } as StoreRequest);
      if (options.gate?.paused) gate(true);
    });
  }

  private receive(reply: StoreReply): void {
    if (typeof reply !== 'object' || reply === null) return;
    if (reply.id === -1 && reply.type === 'error') {
      this.refused = HearthError.fromJSON(reply.error);
      for (const entry of this.pending.values()) entry.reject(this.refused);
      this.pending.clear();
      return;
    }
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    switch (reply.type) {
      case 'progress':
        entry.onProgress?.(reply.progress);
        return;
      case 'event':
        entry.onEvent?.(reply.event);
        return;
      case 'result':
        this.pending.delete(reply.id);
        entry.resolve(reply.value);
        return;
      case 'error':
        this.pending.delete(reply.id);
        entry.reject(HearthError.fromJSON(reply.error));
        return;
    }
  }
}
