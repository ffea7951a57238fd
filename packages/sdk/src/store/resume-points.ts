import type { Sha256Checkpoint } from './sha256-stream.ts';
import type { DownloadState } from './store-index.ts';

/** Where resume points go: the partial file (made durable first) and the store's index. */
export interface ResumePointsIo {
  /** Makes the bytes written so far durable. */
  flush(): Promise<void>;
  save(state: DownloadState): Promise<void>;
}

/**
 * What is on storage, chunk by chunk, and the resume points that record it. A resume point is
 * written after a flush, so it never names bytes that are not on storage; saves run one at a
 * time, off the writers' path, and a writer waits for one only when the bytes no resume point
 * names reach `2 × saveEvery` (see `unnamedBound`).
 */
export class ResumePoints {
  /** Bytes written (and, once saved, flushed) from the start of each chunk. */
  readonly received: number[];
  /** Per chunk, with chunk hashes: its bytes on storage matched the manifest's hash. */
  readonly verified: boolean[];
  private unsaved = 0;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    readonly size: number,
    readonly chunkSize: number,
    /** The server's strong ETag the bytes came under; the first response's, once it answers. */
    public validator: string | null,
    private readonly saveEvery: number,
    private readonly io: ResumePointsIo,
    /** The whole-file hash's state to record beside the bytes (null: hash from the start on resume). */
    private readonly checkpoint: () => Sha256Checkpoint | null,
    private readonly withChunkHashes: boolean,
    from?: DownloadState,
  ) {
    this.received = from ? [...from.received] : Array.from({ length: Math.ceil(size / chunkSize) }, () => 0);
    this.verified = this.received.map((_, c) => from?.chunksVerified?.[c] === true);
  }

  /** At most this many bytes are on storage but named by no resume point, plus one piece per writer. */
  static unnamedBound(saveEvery: number): number {
    return 2 * saveEvery;
  }

  get chunkCount(): number {
    return this.received.length;
  }

  chunkLength(c: number): number {
    return Math.min(this.chunkSize, this.size - c * this.chunkSize);
  }

  isWhole(c: number): boolean {
    return this.received[c] === this.chunkLength(c);
  }

  bytesOnStorage(): number {
    return this.received.reduce((a, b) => a + b, 0);
  }

  /** Bytes on storage from `offset` on, up to the end of what its chunk holds. */
  contiguousFrom(offset: number): number {
    const c = Math.floor(offset / this.chunkSize);
    return c * this.chunkSize + (this.received[c] ?? 0) - offset;
  }

  /** The first chunk not whole and not in `busy`. */
  nextChunk(busy: ReadonlySet<number>): number | undefined {
    for (let c = 0; c < this.received.length; c++) if (!busy.has(c) && !this.isWhole(c)) return c;
    return undefined;
  }

  /** `bytes` more of chunk `c` are written. */
  stored(c: number, bytes: number): void {
    this.received[c] = (this.received[c] ?? 0) + bytes;
    this.unsaved += bytes;
  }

  /** A save is due: `saveEvery` bytes since the last one, or chunk `c` just became whole. */
  isDue(c: number): boolean {
    return this.unsaved >= this.saveEvery || this.isWhole(c);
  }

  /** The writers must wait for the save under way before writing more. */
  get isBehind(): boolean {
    return this.unsaved >= ResumePoints.unnamedBound(this.saveEvery);
  }

  /**
   * Asks for a resume point after every byte written so far; resolves once one is saved. Calls
   * made while a save runs share the one queued after it.
   */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.write();
      });
    this.queued = next;
    this.running = next;
    return next;
  }

  /** Waits for the saves asked for so far; rejects with the failure of the last one. */
  settled(): Promise<void> {
    return this.running;
  }

  /** Forgets saves under way (their bytes are about to be dropped with the old version of the file). */
  forget(): void {
    this.running = Promise.resolve();
    this.queued = undefined;
  }

  /** The state a resume point records now. */
  state(): DownloadState {
    const reached = this.checkpoint();
    return {
      validator: this.validator,
      chunkSize: this.chunkSize,
      received: [...this.received],
      hashedBytes: reached?.bytes ?? 0,
      hashState: reached?.state ?? null,
      ...(this.withChunkHashes ? { chunksVerified: [...this.verified] } : {}),
    };
  }

  /** Flush first, then record. */
  private async write(): Promise<void> {
    // The newest state the hash has reached, which may lag the bytes handed to it: those few are
    // on storage (only stored pieces are hashed) and are hashed again on resume.
    const state = this.state();
    const unsaved = this.unsaved;
    await this.io.flush();
    await this.io.save(state);
    this.unsaved = Math.max(0, this.unsaved - unsaved);
  }
}

/**
 * Whether a saved resume point can be trusted for a file of `size` bytes: sizes that add up, a
 * hashed prefix inside the bytes on storage, and (with a manifest's chunk hashes) its chunk size.
 */
export function isConsistentState(s: DownloadState, size: number, requiredChunkSize: number | undefined): boolean {
  if (!(Number.isSafeInteger(s.chunkSize) && s.chunkSize > 0)) return false;
  if (requiredChunkSize !== undefined && s.chunkSize !== requiredChunkSize) return false;
  const count = Math.ceil(size / s.chunkSize);
  if (!Array.isArray(s.received) || s.received.length !== count) return false;
  for (let c = 0; c < count; c++) {
    const r = s.received[c] ?? -1;
    if (!(r >= 0 && r <= Math.min(s.chunkSize, size - c * s.chunkSize))) return false;
  }
  if (s.hashedBytes < 0 || s.hashedBytes > size || (s.hashedBytes > 0 && s.hashState === null)) return false;
  // The hashed prefix must lie inside bytes that are on storage.
  const c = Math.floor(s.hashedBytes / s.chunkSize);
  for (let i = 0; i < c; i++) if (s.received[i] !== Math.min(s.chunkSize, size - i * s.chunkSize)) return false;
  return c >= count || c * s.chunkSize + (s.received[c] ?? 0) >= s.hashedBytes;
}
