import { HearthError } from '@hearth/spec';
import type { Sha256Checkpoint, Sha256Stream } from './sha256-stream.ts';

/**
 * The SHA-256 of a whole file whose pieces reach storage in any order (parallel requests). Two
 * ways: `OrderedHasher` streams them into an incremental hash in file order; `FileImageHash`
 * (file-image-hash.ts) keeps the file in memory and digests it once, natively, at the end.
 */
export interface WholeFileHash {
  /** Where the bytes `[offset, offset + length)` gather before they are written: a view of the file's image, or a new buffer. */
  buffer(offset: number, length: number): Uint8Array;
  /** The bytes at `offset` are on storage now. The hash may keep (or move) them: writers never reuse them. */
  stored(offset: number, bytes: Uint8Array): void;
  /** The bytes `[offset, offset + length)` if this hash holds them in memory (a chunk check then reads nothing back). */
  held(offset: number, length: number): Uint8Array | undefined;
  /** The state a resume point records, or null: a resumed download hashes from the start. */
  checkpoint(): Sha256Checkpoint | null;
  /** Resolves when the hash has taken what it was given, or rejects with its failure. */
  idle(): Promise<void>;
  /** Lowercase hex digest, once every byte is on storage. */
  hex(): Promise<string>;
  close(): void;
}

/** What the ordered hasher reads from the download: storage, and how far its bytes go. */
export interface OrderedHasherSource {
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes on storage from `offset` on, contiguous. */
  contiguousFrom(offset: number): number;
}

export interface OrderedHasherCounts {
  /** Bytes read back from storage to feed the hash. */
  bytesReadBack: number;
  /** Bytes hashed on another thread. */
  bytesHashedInWorker: number;
}

/**
 * Feeds an incremental SHA-256 (`Sha256Stream`) every byte in file order. Pieces that arrive
 * ahead of the hash wait in memory up to `memoryBudget`; beyond it they are read back from
 * storage when the hash reaches them. Hashing runs off the writers' path: `stored` never waits,
 * and `idle` says when the hash has caught up.
 */
export class OrderedHasher implements WholeFileHash {
  private readonly ahead = new Map<number, Uint8Array>();
  private aheadBytes = 0;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly stream: Sha256Stream,
    /** Bytes already hashed (a resumed hash), from the start of the file. */
    private hashedBytes: number,
    private readonly size: number,
    private readonly source: OrderedHasherSource,
    private readonly memoryBudget: number,
    private readonly pieceSize: number,
    private readonly counts: OrderedHasherCounts,
  ) {}

  /** Bytes handed to the hash so far, from the start of the file. */
  get position(): number {
    return this.hashedBytes;
  }

  buffer(_offset: number, length: number): Uint8Array {
    return new Uint8Array(length);
  }

  stored(offset: number, bytes: Uint8Array): void {
    if (offset === this.hashedBytes || (offset > this.hashedBytes && this.aheadBytes + bytes.byteLength <= this.memoryBudget)) {
      this.ahead.set(offset, bytes);
      this.aheadBytes += bytes.byteLength;
    }
    this.catchUp();
  }

  held(): undefined {
    return undefined;
  }

  checkpoint(): Sha256Checkpoint | null {
    return this.stream.checkpoint();
  }

  /** Hashes whatever is on storage and not yet hashed (after a resume: the bytes past the saved state). */
  catchUp(): void {
    this.work = this.work.then(() => this.advance());
  }

  idle(): Promise<void> {
    return this.work;
  }

  async hex(): Promise<string> {
    await this.work;
    await this.advance();
    if (this.hashedBytes !== this.size) throw new HearthError({ code: 'internal', message: `The hash reached ${this.hashedBytes} of ${this.size} bytes.` });
    return this.stream.hex();
  }

  close(): void {
    this.stream.close();
  }

  /** Feeds the hash every byte that is contiguous with what it has seen, from memory or from storage. */
  private async advance(): Promise<void> {
    while (this.hashedBytes < this.size) {
      const inMemory = this.ahead.get(this.hashedBytes);
      if (inMemory) {
        this.ahead.delete(this.hashedBytes);
        this.aheadBytes -= inMemory.byteLength;
        const length = inMemory.byteLength;
        // Counted before the hand-over: a Worker hash takes the buffer, which leaves this view empty.
        const room = this.hash(inMemory);
        this.hashedBytes += length;
        await room;
        continue;
      }
      const available = this.source.contiguousFrom(this.hashedBytes);
      if (available <= 0) return;
      const length = Math.min(available, this.pieceSize);
      const bytes = await this.source.read(this.hashedBytes, length);
      if (bytes.byteLength !== length) throw new HearthError({ code: 'internal', message: `Storage returned ${bytes.byteLength} of ${length} bytes.` });
      const room = this.hash(bytes);
      this.hashedBytes += length;
      this.counts.bytesReadBack += length;
      for (const [offset, piece] of this.ahead) {
        if (offset < this.hashedBytes) {
          this.ahead.delete(offset);
          this.aheadBytes -= piece.byteLength;
        }
      }
      await room;
    }
  }

  private hash(bytes: Uint8Array): Promise<void> {
    if (this.stream.inWorker) this.counts.bytesHashedInWorker += bytes.byteLength;
    return this.stream.update(bytes);
  }
}
