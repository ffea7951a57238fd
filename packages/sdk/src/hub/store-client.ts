import { HearthError } from '@hearth/spec';
import type { StoreEvent, StoreProgress, StoredFileInfo } from '../store/model-store.ts';
import type { EnsureManifestResult, HelloResult, PortLike, RemoteDownloadSettings, StoreReply, StoreRequest } from './store-protocol.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: HearthError) => void; onProgress?: (p: StoreProgress) => void; onEvent?: (e: StoreEvent) => void };
type RequestBody = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface RemoteEnsureOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StoreProgress) => void;
  onEvent?: (event: StoreEvent) => void;
  pin?: boolean;
  download?: RemoteDownloadSettings;
}

/** What an app needs from a model store, wherever it runs (this context, a Worker, the hub). */
export interface ModelStoreLike {
  ensureManifest(manifestUrl: string, options?: RemoteEnsureOptions): Promise<Pick<EnsureManifestResult, 'files' | 'manifest'>>;
  list(): Promise<StoredFileInfo[]>;
}

/**
 * A model store in another context (a Worker, or the hub's Worker through its iframe), used as if
 * it were here. Errors are rebuilt as HearthErrors with their code.
 *
 * @example const store = new StoreClient(new Worker(workerUrl, { type: 'module' }))
 */
export class StoreClient implements ModelStoreLike {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private refused: HearthError | undefined;

  constructor(private readonly port: PortLike) {
    port.addEventListener('message', (event: MessageEvent) => this.receive(event.data as StoreReply));
    port.start?.();
  }

  hello(): Promise<HelloResult> {
    return this.call({ op: 'hello' }) as Promise<HelloResult>;
  }

  ensureManifest(manifestUrl: string, options: RemoteEnsureOptions = {}): Promise<EnsureManifestResult> {
    const body: RequestBody = { op: 'ensureManifest', manifestUrl, ...(options.pin ? { pin: true } : {}), ...(options.download ? { download: options.download } : {}) };
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
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject };
      if (options.onProgress) entry.onProgress = options.onProgress;
      if (options.onEvent) entry.onEvent = options.onEvent;
      this.pending.set(id, entry);
      const signal = options.signal;
      if (signal) {
        if (signal.aborted) this.port.postMessage({ id: this.nextId++, op: 'abort', target: id } satisfies StoreRequest);
        else signal.addEventListener('abort', () => this.port.postMessage({ id: this.nextId++, op: 'abort', target: id } satisfies StoreRequest), { once: true });
      }
      this.port.postMessage({ ...body, id } as StoreRequest);
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
