import { HearthError } from '@hearth/spec';
import { ResumableSha256 } from './resumable-sha256.ts';

/**
 * SHA-256 fed in order, on this thread or on another. A download hands it each piece once the
 * piece is on storage; the piece then belongs to the hasher (it may be moved to another thread).
 */
export interface Sha256Stream {
  /** Whether the hash runs on a thread of its own. */
  readonly inWorker: boolean;
  /**
   * Adds `bytes` after everything given before. Takes them at once; resolves when the hasher has
   * room for more, so a fast network cannot queue a whole file in memory.
   */
  update(bytes: Uint8Array): Promise<void>;
  /**
   * The newest state the hash has reached, at once: a Worker's lags the bytes given by the few
   * still queued. A resume point records it; the bytes after it are hashed again on resume.
   */
  checkpoint(): Sha256Checkpoint | null;
  /** Lowercase hex digest of every byte given; the stream is finished afterwards. */
  hex(): Promise<string>;
  close(): void;
}

/** A hash's state (base64, for `ResumableSha256.create`) after the file's first `bytes` bytes. */
export interface Sha256Checkpoint {
  bytes: number;
  state: string;
}

/** Opens a hash continuing from `from`, or a fresh one. `size`: the file's bytes. */
export type Sha256StreamFactory = (from: Sha256Checkpoint | null, size: number) => Promise<Sha256Stream>;

/** Hashing on the calling thread, between the download's own work. */
export const inlineSha256: Sha256StreamFactory = async (from) => {
  const hash = await ResumableSha256.create(from?.state);
  let bytes = from?.bytes ?? 0;
  return {
    inWorker: false,
    update: async (piece) => {
      hash.update(piece);
      bytes += piece.byteLength;
    },
    checkpoint: () => (bytes > 0 ? { bytes, state: hash.save() } : null),
    hex: async () => hash.hex(),
    close: () => {},
  };
};

/** What the hashing Worker is told, in order. */
export type Sha256WorkerRequest = { op: 'init'; saved: string | null } | { op: 'update'; bytes: Uint8Array } | { op: 'hex'; id: number };

export type Sha256WorkerReply =
  | { op: 'ready' }
  /** After each update: its length and the state after it, ready for the next resume point. */
  | { op: 'hashed'; bytes: number; state: string }
  | { op: 'hex'; id: number; hex: string }
  | { op: 'failed'; message: string };

/** The Worker-side half: a ResumableSha256 answering Sha256WorkerRequests. */
export function serveSha256(scope: { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: Sha256WorkerReply): void }): void {
  let hash: ResumableSha256 | undefined;
  let queue = Promise.resolve();
  scope.onmessage = (event) => {
    const request = event.data as Sha256WorkerRequest;
    // hash-wasm instantiates asynchronously: later requests wait for init, in order.
    queue = queue.then(async () => {
      try {
        if (request.op === 'init') {
          hash = await ResumableSha256.create(request.saved);
          scope.postMessage({ op: 'ready' });
          return;
        }
        if (!hash) throw new Error(`'${request.op}' without a hash (never started, or failed before)`);
        if (request.op === 'update') {
          hash.update(request.bytes);
          scope.postMessage({ op: 'hashed', bytes: request.bytes.byteLength, state: hash.save() });
        } else {
          scope.postMessage({ op: 'hex', id: request.id, hex: hash.hex() });
        }
      } catch (error) {
        // A hash that missed a piece must never report another state: every later request fails.
        hash = undefined;
        scope.postMessage({ op: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    });
  };
}

export interface WorkerSha256Options {
  /** Starts the hashing Worker (one per file). */
  createWorker: () => Worker;
  /** Bytes given but not yet hashed before `update` makes the download wait. */
  maxQueued?: number;
  /** Files smaller than this hash inline: a Worker costs tens of milliseconds to start. */
  minSize?: number;
  /** Milliseconds to wait for the Worker's first answer before hashing inline instead. */
  startTimeoutMs?: number;
}

const MiB = 1 << 20;

/**
 * Hashing in a Worker of its own: the download's thread keeps reading and writing while the hash
 * runs on another core. The hash was the download's bottleneck: hash-wasm does about 115 MB/s
 * here, and hashing, reading and writing on one thread stored 40-70 MB/s. Falls back to inline
 * hashing where the Worker cannot start (no nested Workers, a CSP without worker-src).
 */
export function workerSha256(options: WorkerSha256Options): Sha256StreamFactory {
  const { createWorker, maxQueued = 8 * MiB, minSize = 32 * MiB, startTimeoutMs = 10_000 } = options;
  return async (from, size) => {
    if (size < minSize) return inlineSha256(from, size);
    let worker: Worker;
    try {
      worker = createWorker();
    } catch {
      return inlineSha256(from, size);
    }
    const stream = new WorkerSha256(worker, maxQueued, from);
    try {
      await stream.start(startTimeoutMs);
      return stream;
    } catch {
      stream.close();
      return inlineSha256(from, size);
    }
  };
}

class WorkerSha256 implements Sha256Stream {
  readonly inWorker = true;
  private queued = 0;
  private nextId = 0;
  private failure: HearthError | undefined;
  private starting: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private readonly roomWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly answers = new Map<number, { resolve: (value: string) => void; reject: (e: unknown) => void }>();

  private reached: Sha256Checkpoint | null;

  constructor(
    private readonly worker: Worker,
    private readonly maxQueued: number,
    private readonly from: Sha256Checkpoint | null,
  ) {
    this.reached = from;
    worker.onmessage = (event: MessageEvent) => this.receive(event.data as Sha256WorkerReply);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(event.message || 'the Worker stopped');
    };
  }

  /** Resolves once the Worker has loaded its hash (from `saved`); rejects if it fails or stays silent. */
  async start(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.starting = { resolve, reject };
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
        this.worker.postMessage({ op: 'init', saved: this.from?.state ?? null } satisfies Sha256WorkerRequest);
      });
    } finally {
      clearTimeout(timer);
      this.starting = undefined;
    }
  }

  update(bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    // Move the bytes when they fill their buffer; a view into a larger one is copied out.
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
    this.queued += owned.byteLength;
    this.worker.postMessage({ op: 'update', bytes: owned } satisfies Sha256WorkerRequest, [owned.buffer]);
    if (this.queued <= this.maxQueued) return Promise.resolve();
    return new Promise((resolve, reject) => this.roomWaiters.push({ resolve, reject }));
  }

  checkpoint(): Sha256Checkpoint | null {
    return this.reached;
  }

  hex(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, { resolve, reject });
      this.worker.postMessage({ op: 'hex', id } satisfies Sha256WorkerRequest);
    });
  }

  close(): void {
    this.worker.terminate();
    this.fail('the hash was closed');
  }

  private receive(reply: Sha256WorkerReply): void {
    if (reply.op === 'ready') {
      this.starting?.resolve();
    } else if (reply.op === 'hashed') {
      // After a failure the state may have skipped a piece: it is never a checkpoint.
      if (this.failure) return;
      this.queued -= reply.bytes;
      this.reached = { bytes: (this.reached?.bytes ?? 0) + reply.bytes, state: reply.state };
      while (this.queued <= this.maxQueued && this.roomWaiters.length > 0) this.roomWaiters.shift()?.resolve();
    } else if (reply.op === 'failed') {
      this.fail(reply.message);
    } else {
      const answer = this.answers.get(reply.id);
      this.answers.delete(reply.id);
      answer?.resolve(reply.hex);
    }
  }

  private fail(reason: string): void {
    if (this.failure) return;
    this.failure = new HearthError({
      code: 'internal',
      message: `Hashing the download in its Worker failed: ${reason}.`,
      hint: 'Run the download again: it resumes from its last saved point.',
    });
    this.starting?.reject(this.failure);
    for (const waiter of this.roomWaiters.splice(0)) waiter.reject(this.failure);
    for (const answer of this.answers.values()) answer.reject(this.failure);
    this.answers.clear();
  }
}
