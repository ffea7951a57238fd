/** Reads bytes `[start, end)` of a Blob synchronously (`FileReaderSync` in a Worker). */
export type SyncBlobRead = (blob: Blob, start: number, end: number) => ArrayBuffer;

const MiB = 1 << 20;

// Workers only (lib.webworker), which this package's DOM typings leave out.
declare const FileReaderSync: { new (): { readAsArrayBuffer(blob: Blob): ArrayBuffer } };

const fileReaderSyncRead: SyncBlobRead = (blob, start, end) => new FileReaderSync().readAsArrayBuffer(blob.slice(start, end));

/**
 * Synchronous reads of model Blobs for emscripten's WORKERFS, through a read-ahead block.
 *
 * llama.cpp parses a GGUF's metadata through stdio: thousands of reads of about a kilobyte (the
 * tokenizer's strings). WORKERFS answers each with its own FileReaderSync call, and one call on an
 * OPFS-backed Blob costs about a millisecond whatever its size: loading the 244 MB bench model made
 * 2,992 reads, 2,822 of them under 64 KiB, and spent 2.6-3.1 s in them. Reading the same file in
 * 16 MiB slices takes 0.3 s. Reads shorter than `directFrom` are served from one block read ahead
 * (tensors are read in file order, so most follow the last); longer ones go straight to the Blob.
 * Measured loads of that model: 3.3-3.4 s before, 1.2-1.4 s with 16 MiB blocks, 1.15-1.2 s with
 * 64 MiB, 2.1-2.5 s with 1 MiB blocks and every read of 64 KiB or more made directly.
 */
export class BlobBlockReader {
  private block: { blob: Blob; start: number; bytes: Uint8Array } | undefined;

  constructor(
    private readonly read: SyncBlobRead = fileReaderSyncRead,
    /** Reads this long or longer go straight to the Blob. */
    private readonly directFrom = 16 * MiB,
    private readonly blockSize = 16 * MiB,
  ) {
    // A read shorter than directFrom must fit in one block.
    if (directFrom > blockSize) throw new RangeError(`directFrom (${directFrom}) exceeds blockSize (${blockSize})`);
  }

  /** Copies bytes of `blob` from `position` into `target` (as many as fit); returns how many. */
  readInto(blob: Blob, target: Uint8Array, position: number): number {
    const end = Math.min(blob.size, position + target.length);
    if (end <= position) return 0;
    if (end - position >= this.directFrom) {
      target.set(new Uint8Array(this.read(blob, position, end)));
      return end - position;
    }
    const block = this.block;
    if (!block || block.blob !== blob || position < block.start || end > block.start + block.bytes.length) {
      // From the position on: the read fits in the block, and the next sequential reads follow it.
      const blockEnd = Math.min(blob.size, position + this.blockSize);
      this.block = { blob, start: position, bytes: new Uint8Array(this.read(blob, position, blockEnd)) };
    }
    const { start, bytes } = this.block!;
    target.set(bytes.subarray(position - start, end - start));
    return end - position;
  }

  /** Drops the block (and its hold on the Blob): on unmount. */
  clear(): void {
    this.block = undefined;
  }
}
