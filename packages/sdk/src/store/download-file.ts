import { HearthError } from '@hearth/spec';
import { abortableSleep, backoffDelay } from '../http/http-retry.ts';
import type { DownloadGate } from './download-gate.ts';
import { FileImageHash, nativeSha256Hex } from './file-image-hash.ts';
import { OrderedHasher, type WholeFileHash } from './ordered-hasher.ts';
import { classifyRangeResponse } from './range-response.ts';
import { RateMeter } from './rate-meter.ts';
import { isConsistentState, ResumePoints } from './resume-points.ts';
import { inlineSha256, type Sha256StreamFactory } from './sha256-stream.ts';
import type { PartialFile } from './store-backend.ts';
import type { DownloadState } from './store-index.ts';

const MiB = 1 << 20;

/** One file to fetch and the hash and size its manifest promises. */
export interface DownloadTarget {
  url: string;
  /** Lowercase hex SHA-256 from the manifest. */
  sha256: string;
  size: number;
  /** File name, for progress and listings. */
  name: string;
  /**
   * Nobody published the file's SHA-256 (a plain GGUF URL): `sha256` is then only a key, the
   * download computes the real hash and hands it to `onHashed` instead of checking it.
   */
  hashUnknown?: boolean;
  /** The SHA-256 of each `size`-byte slice (a version 2 manifest): each chunk is checked once it is on storage. */
  chunks?: { size: number; sha256: readonly string[] };
}

/** SHA-256 of one chunk, lowercase hex. The default, `nativeChunkSha256`, is the platform's `crypto.subtle.digest`. */
export type ChunkSha256 = (bytes: Uint8Array) => Promise<string>;

/** `crypto.subtle.digest` (native code, off the calling thread in browsers and in Node): chunks verify in parallel with the download. */
export const nativeChunkSha256: ChunkSha256 = nativeSha256Hex;

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** Bytes per chunk: the unit of resume (and, with a manifest's chunk hashes, of verification); the most an interrupted download fetches twice. */
  chunkSize?: number;
  /**
   * Bytes one Range request asks for at most. By default the largest size that keeps every
   * request in flight, plus the bytes on storage that no resume point names yet, within one
   * chunk: whatever dies with a connection or a process, at most one chunk is fetched again.
   */
  requestSize?: number;
  /** Range requests in flight at once. */
  parallel?: number;
  /** Bytes gathered before each write to storage. */
  pieceSize?: number;
  /**
   * Progress is saved (flushed, then recorded) each time this many new bytes are written. Saves
   * run beside the writes; writers wait only when twice this many bytes are named by none.
   */
  saveEvery?: number;
  /** Attempts per chunk without any progress before the download fails with a `network` error. */
  maxAttempts?: number;
  /** First retry delay; it doubles (with jitter) up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Bytes that arrived ahead of the hash kept in memory; beyond it they are read back from storage. */
  memoryBudget?: number;
  /** A request that sends no byte for this long (headers or body) is dropped and retried. */
  stallTimeoutMs?: number;
  /** Where the streamed SHA-256 runs: on this thread (`inlineSha256`, the default here), or in a Worker of its own (`workerSha256`, the browser store's default). */
  hasher?: Sha256StreamFactory;
  /**
   * Files up to this many bytes are held in memory while they download and their whole-file
   * SHA-256 is taken once, natively (`crypto.subtle.digest`), at the end: no byte goes through the
   * streamed hash, and none is read back. Larger files (and any whose memory cannot be had)
   * stream through `hasher`. 0 (the default here): always stream; the browser store sets 512 MiB.
   */
  nativeHashUpTo?: number;
  /** Hashes one chunk against a version 2 manifest's chunk hash. */
  chunkSha256?: ChunkSha256;
  /** Holds the download (connections open, nothing read) while paused; see DownloadGate. */
  gate?: DownloadGate;
  signal?: AbortSignal;
  onProgress?: (progress: FileProgress) => void;
  onEvent?: (event: DownloadEvent) => void;
  /** The SHA-256 computed over every byte, once the download is whole (before it resolves). */
  onHashed?: (sha256: string) => void;
  /** Milliseconds, for rates and ETAs. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Defaults, next to their options. 16 MiB chunks: a loopback socket can hold several MiB in flight. */
export const DOWNLOAD_DEFAULTS = {
  chunkSize: 16 * MiB,
  parallel: 3,
  pieceSize: 1 * MiB,
  saveEvery: 2 * MiB,
  maxAttempts: 8,
  retryDelayMs: 250,
  maxRetryDelayMs: 8_000,
  memoryBudget: 64 * MiB,
  stallTimeoutMs: 30_000,
  nativeHashUpTo: 0,
} satisfies Required<
  Pick<
    DownloadOptions,
    | 'chunkSize'
    | 'parallel'
    | 'pieceSize'
    | 'saveEvery'
    | 'maxAttempts'
    | 'retryDelayMs'
    | 'maxRetryDelayMs'
    | 'memoryBudget'
    | 'stallTimeoutMs'
    | 'nativeHashUpTo'
  >
>;

export interface FileProgress {
  name: string;
  sha256: string;
  /** Bytes on storage (written and, at the end, verified). */
  bytesDone: number;
  bytesTotal: number;
  /** Bytes received from the network in this run. */
  bytesFetched: number;
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
}

export type DownloadEvent =
  | { type: 'resumed'; name: string; bytesOnStorage: number }
  | { type: 'retry'; name: string; chunk: number; attempt: number; delayMs: number; error: string }
  | { type: 'restarted'; name: string; reason: 'changed-on-server' | 'unreadable-state' };

export interface DownloadStats {
  /** Body bytes received from the network in this run (whatever happened to them). */
  bytesFetched: number;
  /** Bytes that were already on storage from an earlier run. */
  bytesResumed: number;
  /** Bytes read back from storage to feed the hash (only what arrived out of order beyond the memory budget, or before a restart). */
  bytesReadBack: number;
  /** Bytes hashed on another thread (a Worker of the store's); the rest were hashed between reads and writes. */
  bytesHashedInWorker: number;
  /** Bytes whose whole-file SHA-256 was one native digest of the file held in memory (`nativeHashUpTo`), not the streamed hash. */
  bytesHashedNatively: number;
  /** Chunks checked against the manifest's chunk hashes in this run (0 without them). */
  chunksVerified: number;
  retries: number;
  restarts: number;
}

/** Stats of a download that has not fetched, read or hashed anything yet. */
export function emptyDownloadStats(): DownloadStats {
  return { bytesFetched: 0, bytesResumed: 0, bytesReadBack: 0, bytesHashedInWorker: 0, bytesHashedNatively: 0, chunksVerified: 0, retries: 0, restarts: 0 };
}

/** What the downloader needs from the store: the partial bytes and a place to save progress. */
export interface DownloadIo {
  partial: PartialFile;
  saved: DownloadState | undefined;
  save(state: DownloadState): Promise<void>;
  /** Drops the partial bytes (the server's file changed) and opens an empty partial file. */
  reset(): Promise<PartialFile>;
}

class ChangedOnServer extends Error {
  constructor(readonly validator: string | null) {
    super('The file changed on the server.');
  }
}

/** The stall timer of one request: re-armed by each byte, paused while the download itself is busy. */
interface Watchdog {
  arm(): void;
  pause(): void;
}

const MAX_RESTARTS = 2;

/**
 * What an interruption can cost: the bytes of every request in flight that have not arrived (in
 * socket buffers, or never sent), plus, after a killed process, the bytes on storage that the last
 * resume point does not name (`ResumePoints.unnamedBound`, plus one piece per connection written
 * meanwhile). Requests are sized so the sum stays within one chunk: the largest multiple of
 * `pieceSize` that fits, at least one piece.
 *
 * @example defaultRequestSize(DOWNLOAD_DEFAULTS) // 3 MiB: 16 MiB chunks, 3 connections, 1 MiB pieces, saves every 2 MiB
 */
export function defaultRequestSize(o: Pick<typeof DOWNLOAD_DEFAULTS, 'chunkSize' | 'pieceSize' | 'saveEvery' | 'parallel'>): number {
  const lanes = Math.max(1, o.parallel);
  const fit = Math.floor((o.chunkSize - ResumePoints.unnamedBound(o.saveEvery) - lanes * o.pieceSize) / lanes / o.pieceSize) * o.pieceSize;
  return Math.min(o.chunkSize, Math.max(o.pieceSize, fit));
}

/**
 * Fetches `target` into `io.partial` with parallel HTTP Range requests, hashing while the bytes
 * stream and saving a resume point as it goes. Resolves when every byte is on storage and the
 * SHA-256 matched; throws `integrity_mismatch` otherwise, so the caller never commits a bad file.
 *
 * @example const stats = await downloadFile({ url, sha256, size, name }, io, { parallel: 3 })
 */
export async function downloadFile(target: DownloadTarget, io: DownloadIo, options: DownloadOptions = {}): Promise<DownloadStats> {
  const download = new FileDownload(target, io, options);
  return download.run();
}

/**
 * One download as a pipeline of named parts: requests answered by `classifyRangeResponse`, bytes
 * written where the whole-file hash wants them (`WholeFileHash`: streamed in order, or one native
 * digest of the file held in memory), chunks checked natively as each becomes whole, progress in
 * `ResumePoints`, speed from a `RateMeter`. This class only schedules them.
 */
class FileDownload {
  private readonly o: typeof DOWNLOAD_DEFAULTS;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private partial: PartialFile;
  private chunkSize: number;
  private requestSize = 0;
  private points!: ResumePoints;
  private hasher: WholeFileHash | undefined;
  /** Bytes of earlier runs to copy into a file image before the rest arrives (image hash only). */
  private toFill: Array<[number, number]> = [];
  /** Settles once the hash has what was on storage when this run started. */
  private caughtUp: Promise<void> = Promise.resolve();
  /** The first failure of work off the data path (a resume point, the hash): the download stops at its next piece. */
  private broken: { error: unknown } | undefined;
  private readonly inFlight = new Set<number>();
  private readonly stats: DownloadStats = emptyDownloadStats();
  private readonly verifying = new Set<Promise<void>>();
  private readonly chunkHashes: readonly string[] | undefined;
  private readonly chunkSha256: ChunkSha256;
  private readonly meter = new RateMeter();

  constructor(
    private readonly target: DownloadTarget,
    private readonly io: DownloadIo,
    private readonly options: DownloadOptions,
  ) {
    this.o = { ...DOWNLOAD_DEFAULTS };
    for (const key of Object.keys(DOWNLOAD_DEFAULTS) as Array<keyof typeof DOWNLOAD_DEFAULTS>) {
      const value = options[key];
      if (value !== undefined) this.o[key] = value;
    }
    if (this.o.chunkSize % this.o.pieceSize !== 0) this.o.pieceSize = this.o.chunkSize;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? abortableSleep;
    this.partial = io.partial;
    this.chunkSize = this.o.chunkSize;
    const chunks = target.chunks;
    if (
      chunks &&
      !target.hashUnknown &&
      Number.isSafeInteger(chunks.size) &&
      chunks.size > 0 &&
      chunks.sha256.length === Math.ceil(target.size / chunks.size)
    ) {
      // The manifest's chunks are the download's: each verifies alone, once whole on storage.
      this.chunkSize = chunks.size;
      this.chunkHashes = chunks.sha256.map((h) => h.toLowerCase());
    }
    this.chunkSha256 = options.chunkSha256 ?? nativeChunkSha256;
    this.setRequestSize();
  }

  private setRequestSize(): void {
    this.requestSize = this.options.requestSize ?? defaultRequestSize({ ...this.o, chunkSize: this.chunkSize });
  }

  async run(): Promise<DownloadStats> {
    try {
      return await this.download();
    } finally {
      this.hasher?.close();
    }
  }

  private async download(): Promise<DownloadStats> {
    await this.restore(this.io.saved);
    for (;;) {
      try {
        await this.fetchAll();
        break;
      } catch (error) {
        if (!(error instanceof ChangedOnServer)) throw error;
        if (this.stats.restarts >= MAX_RESTARTS) {
          throw new HearthError({
            code: 'network',
            message: `${this.target.url} kept changing while it downloaded.`,
            hint: 'Try again once the server has finished updating the file.',
            retryable: true,
          });
        }
        this.stats.restarts++;
        this.options.onEvent?.({ type: 'restarted', name: this.target.name, reason: 'changed-on-server' });
        // Never splice two versions: every byte saved under the old validator goes.
        this.partial = await this.io.reset();
        await this.startFresh(error.validator);
        await this.points.save();
      }
    }
    await this.settleVerifying();
    const actual = await this.wholeFileHash().hex();
    if (this.hasher instanceof FileImageHash) this.stats.bytesHashedNatively += this.target.size;
    this.emitProgress(true);
    this.options.onHashed?.(actual);
    if (!this.target.hashUnknown && actual !== this.target.sha256.toLowerCase()) {
      throw new HearthError({
        code: 'integrity_mismatch',
        message: `${this.target.name} downloaded with SHA-256 ${actual}; its manifest says ${this.target.sha256}.`,
        hint: 'The file on the server differs from its manifest or is corrupt; it was discarded and not loaded.',
        data: { url: this.target.url, expected: this.target.sha256, actual },
      });
    }
    return this.stats;
  }

  private async startFresh(validator: string | null): Promise<void> {
    this.points = this.newPoints(validator);
    this.toFill = [];
    await this.openHasher(null);
  }

  private async restore(saved: DownloadState | undefined): Promise<void> {
    if (saved && isConsistentState(saved, this.target.size, this.chunkHashes ? this.chunkSize : undefined)) {
      this.chunkSize = saved.chunkSize;
      this.setRequestSize();
      this.points = this.newPoints(saved.validator, saved);
      await this.openHasher(saved.hashState === null ? null : { bytes: saved.hashedBytes, state: saved.hashState });
      this.stats.bytesResumed = this.points.bytesOnStorage();
      if (this.stats.bytesResumed > 0) this.options.onEvent?.({ type: 'resumed', name: this.target.name, bytesOnStorage: this.stats.bytesResumed });
      return;
    }
    if (saved) {
      this.options.onEvent?.({ type: 'restarted', name: this.target.name, reason: 'unreadable-state' });
      this.partial = await this.io.reset();
    }
    await this.startFresh(null);
  }

  private newPoints(validator: string | null, from?: DownloadState): ResumePoints {
    const io = { flush: () => this.partial.flush(), save: (state: DownloadState) => this.io.save(state) };
    return new ResumePoints(
      this.target.size,
      this.chunkSize,
      validator,
      this.o.saveEvery,
      io,
      () => this.hasher?.checkpoint() ?? null,
      this.chunkHashes !== undefined,
      from,
    );
  }

  /**
   * The whole-file hash: one native digest of the file held in memory where it fits in
   * `nativeHashUpTo` (the bytes of an earlier run are read back into it first), else the streamed
   * hash, continuing from `from` where a resume point saved its state.
   */
  private async openHasher(from: { bytes: number; state: string } | null): Promise<void> {
    this.hasher?.close();
    this.hasher = undefined;
    const image = this.target.size <= this.o.nativeHashUpTo ? FileImageHash.tryCreate(this.target.size) : undefined;
    if (image) {
      this.hasher = image;
      this.toFill = this.points.received.flatMap((r, c): Array<[number, number]> => (r > 0 ? [[c * this.chunkSize, r]] : []));
      return;
    }
    const stream = await (this.options.hasher ?? inlineSha256)(from, this.target.size);
    const source = {
      read: (offset: number, length: number) => this.partial.read(offset, length),
      contiguousFrom: (offset: number) => this.points.contiguousFrom(offset),
    };
    this.hasher = new OrderedHasher(stream, from?.bytes ?? 0, this.target.size, source, this.o.memoryBudget, this.o.pieceSize, this.stats);
  }

  private wholeFileHash(): WholeFileHash {
    if (!this.hasher) throw new HearthError({ code: 'internal', message: `The download of ${this.target.name} has no hash open.` });
    return this.hasher;
  }

  /** Hands the hash what is on storage past its state (the bytes of an earlier run); never awaited by writers. */
  private async catchUpHash(): Promise<void> {
    const hasher = this.wholeFileHash();
    if (hasher instanceof FileImageHash) {
      for (const [offset, length] of this.toFill.splice(0)) {
        const bytes = await this.partial.read(offset, length);
        if (bytes.byteLength !== length)
          throw new HearthError({ code: 'internal', message: `Storage returned ${bytes.byteLength} of ${length} bytes of ${this.target.name}.` });
        hasher.fill(offset, bytes);
        this.stats.bytesReadBack += length;
      }
    } else if (hasher instanceof OrderedHasher) {
      hasher.catchUp();
      await hasher.idle();
    }
  }

  private async fetchAll(): Promise<void> {
    const internal = new AbortController();
    const outer = this.options.signal;
    const onAbort = (): void => internal.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    // Anything on storage past the saved hash state is hashed (or read into the image) once, now.
    const caughtUp = this.catchUpHash();
    this.caughtUp = caughtUp;
    caughtUp.catch((error: unknown) => this.breakOff(error, 'hashing'));
    // Chunks whole on storage but not yet checked when the last run stopped: the ones in flight.
    // With a file image they are checked once its earlier bytes are in.
    void caughtUp.then(
      () => {
        for (let c = 0; c < this.points.chunkCount; c++) if (this.points.isWhole(c)) this.verifyChunk(c);
      },
      () => {},
    );
    let failure: unknown;
    const worker = async (): Promise<void> => {
      for (let c = this.points.nextChunk(this.inFlight); c !== undefined && failure === undefined; c = this.points.nextChunk(this.inFlight)) {
        this.inFlight.add(c);
        // No new request while paused (the chunk is claimed, so no other worker takes it meanwhile).
        await this.options.gate?.wait(internal.signal).catch(() => {});
        try {
          await this.runChunk(c, internal.signal);
        } catch (error) {
          failure ??= error;
          internal.abort(error);
        } finally {
          this.inFlight.delete(c);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, this.o.parallel) }, worker));
    } finally {
      outer?.removeEventListener('abort', onAbort);
      // Whatever happened, what is on storage is saved, so the next run starts from there.
      await caughtUp.catch(() => {});
      await this.hasher?.idle().catch(() => {});
      // Chunk checks under way land first: the resume point records which chunks passed.
      await Promise.allSettled([...this.verifying]);
      // Resume points still being written name bytes of this partial file: they land (or fail) first.
      await this.points.settled().catch(() => {});
      if (failure instanceof ChangedOnServer) {
        // Those bytes are about to go with the old version; so does any failure to record them.
        this.points.forget();
        this.broken = undefined;
      } else if (this.broken) {
        // Progress cannot be saved (or hashed) now: the last resume point that made it stands.
        failure ??= this.broken.error;
      } else {
        await this.points.save();
      }
    }
    if (failure !== undefined) {
      if (failure instanceof ChangedOnServer || HearthError.isInstance(failure)) throw failure;
      if (outer?.aborted || isAbort(failure))
        throw new HearthError({
          code: 'aborted',
          message: `Downloading ${this.target.name} was stopped; it resumes from ${this.points.bytesOnStorage()} bytes.`,
          cause: failure,
        });
      throw HearthError.from(failure, 'network');
    }
  }

  private async runChunk(c: number, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    for (;;) {
      const before = this.points.received[c] ?? 0;
      if (before >= this.points.chunkLength(c)) return;
      try {
        // One request may cover only part of the chunk (requestSize): the next one follows it.
        await this.fetchRange(c, signal);
        attempt = 0;
      } catch (error) {
        if (signal.aborted || error instanceof ChangedOnServer || (HearthError.isInstance(error) && !error.isRetryable)) throw error;
        // A connection that delivered bytes before it broke earns a fresh set of attempts.
        attempt = (this.points.received[c] ?? 0) > before ? 1 : attempt + 1;
        if (attempt >= this.o.maxAttempts) {
          throw new HearthError({
            code: 'network',
            message: `Downloading ${this.target.name} failed ${attempt} times in a row.`,
            hint: 'Check the connection; running the download again resumes where it stopped.',
            cause: error,
          });
        }
        const delayMs = backoffDelay(attempt, { baseMs: this.o.retryDelayMs, maxMs: this.o.maxRetryDelayMs });
        this.stats.retries++;
        this.options.onEvent?.({
          type: 'retry',
          name: this.target.name,
          chunk: c,
          attempt,
          delayMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await this.sleep(delayMs, signal);
      }
    }
  }

  /**
   * One Range request, watched: a connection that stays open but sends nothing (a dead peer
   * behind a NAT, a stuck proxy) would otherwise hold the download, and its lock, forever. After
   * `stallTimeoutMs` without a byte the request is dropped and retried like a broken one.
   */
  private async fetchRange(c: number, signal: AbortSignal): Promise<void> {
    const request = new AbortController();
    const stop = (): void => request.abort(signal.reason);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch: Watchdog = {
      arm: () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          request.abort(
            new HearthError({
              code: 'network',
              message: `${this.target.url} sent nothing for ${this.o.stallTimeoutMs / 1000} s.`,
              hint: 'The download retries the request.',
              retryable: true,
            }),
          );
        }, this.o.stallTimeoutMs);
      },
      pause: () => clearTimeout(timer),
    };
    watch.arm();
    try {
      await this.requestRange(c, request.signal, watch);
    } finally {
      watch.pause();
      signal.removeEventListener('abort', stop);
    }
  }

  private async requestRange(c: number, signal: AbortSignal, watch: Watchdog): Promise<void> {
    const chunkStart = c * this.chunkSize;
    const start = chunkStart + (this.points.received[c] ?? 0);
    const end = Math.min(chunkStart + this.points.chunkLength(c), start + this.requestSize);
    const validator = this.points.validator;
    const headers: Record<string, string> = { Range: `bytes=${start}-${end - 1}` };
    if (validator !== null) headers['If-Range'] = validator;
    let response: Response;
    try {
      // no-store: the HTTP cache must not answer (or keep) 16 MiB slices of a model.
      response = await this.fetchImpl(this.target.url, { headers, signal, cache: 'no-store' });
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new HearthError({ code: 'network', message: `Could not reach ${this.target.url}.`, cause });
    }
    const verdict = classifyRangeResponse(
      // Against the validator now: another request may have adopted the first one meanwhile.
      {
        url: this.target.url,
        start,
        end,
        size: this.target.size,
        validator: this.points.validator,
        sha256: this.target.hashUnknown ? undefined : this.target.sha256.toLowerCase(),
      },
      { status: response.status, etag: response.headers.get('ETag'), contentRange: response.headers.get('Content-Range') },
    );
    if (verdict.kind !== 'body') {
      await response.body?.cancel().catch(() => {});
      if (verdict.kind === 'changed') throw new ChangedOnServer(verdict.etag);
      throw verdict.error;
    }
    // The first response's strong ETag guards every later request (If-Range).
    this.points.validator = verdict.validator;
    if (!response.body) throw new HearthError({ code: 'network', message: `${this.target.url} sent no body.` });
    await this.readBody(c, response.body, end, signal, watch);
  }

  private async readBody(c: number, body: ReadableStream<Uint8Array>, end: number, signal: AbortSignal, watch: Watchdog): Promise<void> {
    const reader = body.getReader();
    // Node's fetch can leave a pending read() unsettled when its signal aborts; cancel settles it.
    const onAbort = (): void => void reader.cancel(signal.reason).catch(() => {});
    signal.addEventListener('abort', onAbort, { once: true });
    const chunkStart = c * this.chunkSize;
    const hasher = this.wholeFileHash();
    const nextPiece = (): Uint8Array => {
      const offset = chunkStart + (this.points.received[c] ?? 0);
      return hasher.buffer(offset, Math.max(0, Math.min(this.o.pieceSize, end - offset)));
    };
    let piece = nextPiece();
    let filled = 0;
    const flushPiece = async (): Promise<void> => {
      if (filled === 0) return;
      const offset = chunkStart + (this.points.received[c] ?? 0);
      const bytes = filled === piece.length ? piece : piece.subarray(0, filled);
      filled = 0;
      await this.writePiece(c, offset, bytes);
      piece = nextPiece();
    };
    try {
      for (;;) {
        if (this.options.gate?.paused) {
          // Paused: nothing read, so the server stops sending; the stall watchdog is not the peer's.
          watch.pause();
          await this.options.gate.wait(signal);
          watch.arm();
        }
        const { done, value } = await reader.read();
        if (signal.aborted) throw signal.reason;
        if (done) break;
        watch.arm();
        this.stats.bytesFetched += value.byteLength;
        let at = 0;
        while (at < value.byteLength) {
          if (piece.length === 0) throw new HearthError({ code: 'network', message: `${this.target.url} sent more bytes than asked.` });
          const n = Math.min(piece.length - filled, value.byteLength - at);
          piece.set(value.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === piece.length) {
            // The download's own waits (storage, a resume point) are not the peer going silent.
            watch.pause();
            await flushPiece();
            watch.arm();
          }
        }
        this.emitProgress(false);
      }
    } catch (error) {
      // Keep what arrived before the cut: it came under the same validator, so the retry starts after it.
      await flushPiece().catch(() => {});
      signal.removeEventListener('abort', onAbort);
      reader.releaseLock();
      throw isAbort(error) || HearthError.isInstance(error)
        ? error
        : new HearthError({ code: 'network', message: `The connection to ${this.target.url} broke.`, cause: error });
    }
    signal.removeEventListener('abort', onAbort);
    await flushPiece();
    if (chunkStart + (this.points.received[c] ?? 0) < end) {
      throw new HearthError({ code: 'network', message: `${this.target.url} ended the response early.` });
    }
  }

  private async writePiece(c: number, offset: number, bytes: Uint8Array): Promise<void> {
    if (this.broken) throw this.broken.error;
    try {
      await this.partial.write(offset, bytes);
    } catch (error) {
      throw this.storageError(error, `writing ${this.target.name} at ${offset} of ${this.target.size} bytes`, { offset }) ?? error;
    }
    const points = this.points;
    points.stored(c, bytes.byteLength);
    const hasher = this.wholeFileHash();
    hasher.stored(offset, bytes);
    hasher.idle().catch((error: unknown) => this.breakOff(error, 'hashing'));
    if (points.isWhole(c)) this.verifyChunk(c);
    if (!points.isDue(c)) return;
    // Saved beside the writes; a writer waits only when too many bytes are named by no resume
    // point, which would break the one-chunk bound on what a killed process fetches again.
    const saved = points.save();
    saved.catch((error: unknown) => this.breakOff(error, 'saving the progress of'));
    if (!points.isBehind) return;
    try {
      await saved;
    } catch (error) {
      throw this.breakOff(error, 'saving the progress of');
    }
  }

  /**
   * Checks chunk `c` (whole on storage) against the manifest's hash, off the data path: from the
   * file image when there is one, else read back, and hashed natively while the next chunks
   * download. A mismatch stops the download with `integrity_mismatch` naming the chunk; the store
   * then discards the partial file.
   */
  private verifyChunk(c: number): void {
    const expected = this.chunkHashes?.[c];
    if (expected === undefined || this.points.verified[c]) return;
    const points = this.points;
    const check = (async () => {
      const length = points.chunkLength(c);
      const start = c * this.chunkSize;
      // An image holds a resumed chunk's earlier bytes only once they are read back into it.
      await this.caughtUp;
      const bytes = this.hasher?.held(start, length) ?? (await this.partial.read(start, length));
      const actual = bytes.byteLength === length ? await this.chunkSha256(bytes) : `(${bytes.byteLength} of ${length} bytes)`;
      if (actual !== expected) {
        throw new HearthError({
          code: 'integrity_mismatch',
          message: `Chunk ${c} of ${this.target.name} (bytes ${start}-${start + length - 1}) has SHA-256 ${actual}; its manifest says ${expected}.`,
          hint: 'The file on the server differs from its manifest or was corrupted on the way; it was discarded and not loaded.',
          data: { url: this.target.url, chunk: c, expected, actual, reason: 'chunk' },
          retryable: false,
        });
      }
      points.verified[c] = true;
      this.stats.chunksVerified++;
    })();
    this.verifying.add(check);
    check.then(
      () => this.verifying.delete(check),
      (error: unknown) => {
        this.verifying.delete(check);
        this.breakOff(error, 'verifying');
      },
    );
  }

  /** Waits for every chunk check under way; throws the first failure. */
  private async settleVerifying(): Promise<void> {
    while (this.verifying.size > 0) await Promise.allSettled([...this.verifying]);
    if (this.broken) throw this.broken.error;
    if (this.chunkHashes && this.points.verified.some((v) => !v)) {
      throw new HearthError({ code: 'internal', message: `${this.target.name} finished with chunks never checked against the manifest.` });
    }
  }

  /**
   * Records the first failure of work off the data path, as an error that is never retried: a
   * request cannot fix a failed save or hash, and every chunk worker stops at its next piece.
   * Returns the recorded error (the first one, if something broke before).
   */
  private breakOff(error: unknown, doing: string): unknown {
    if (this.broken) return this.broken.error;
    const typed =
      this.storageError(error, `${doing} ${this.target.name}`) ??
      (HearthError.isInstance(error) && !error.isRetryable
        ? error
        : new HearthError({
            code: 'internal',
            message: `${doing} ${this.target.name} failed: ${error instanceof Error ? error.message : String(error)}`,
            hint: 'Run the download again: it resumes from its last saved point.',
            cause: error,
            retryable: false,
          }));
    this.broken = { error: typed };
    return typed;
  }

  /** The platform's own storage limit (quota lowered, disk full) as a typed error, never retried; undefined for anything else. */
  private storageError(error: unknown, doing: string, data: Record<string, number> = {}): HearthError | undefined {
    const name = error instanceof Error || error instanceof DOMException ? error.name : '';
    const code = (error as { code?: unknown } | null)?.code;
    if (name !== 'QuotaExceededError' && code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
    return new HearthError({
      code: 'quota_exceeded',
      message: `Storage ran out while ${doing}.`,
      hint: 'Free space (delete stored models or other site data); the download resumes from here afterwards.',
      data: { ...data, size: this.target.size },
      cause: error,
    });
  }

  private emitProgress(final: boolean): void {
    if (!this.options.onProgress) return;
    const rate = this.meter.sample(this.clock(), this.stats.bytesFetched, final);
    if (rate === undefined) return;
    const bytesDone = this.points.bytesOnStorage();
    this.options.onProgress({
      name: this.target.name,
      sha256: this.target.sha256,
      bytesDone,
      bytesTotal: this.target.size,
      bytesFetched: this.stats.bytesFetched,
      rate,
      etaSeconds: rate > 0 ? (this.target.size - bytesDone) / rate : undefined,
    });
  }
}

function isAbort(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && error.name === 'AbortError';
}
