import type { WholeFileHash } from './ordered-hasher.ts';

/**
 * The whole file held in memory while it downloads, its SHA-256 taken once at the end by the
 * platform's `crypto.subtle.digest` (native code, SHA extensions where the CPU has them), instead
 * of streaming every byte through hash-wasm. The network's bytes are copied once, into the image;
 * writes to storage and chunk checks take views of it.
 *
 * Costs the file's size in memory (and the digest copies its input): the download uses it only
 * for files up to `nativeHashUpTo`, and falls back to the streamed hash where the memory cannot
 * be had. Its checkpoint is null: a resumed download reads the bytes of earlier runs back into the
 * image (`fill`) and digests them with the rest.
 */
export class FileImageHash implements WholeFileHash {
  private constructor(private readonly image: Uint8Array<ArrayBuffer>) {}

  /** An image of `size` bytes, or undefined where that much memory cannot be had. */
  static tryCreate(size: number): FileImageHash | undefined {
    try {
      return new FileImageHash(new Uint8Array(size));
    } catch {
      return undefined;
    }
  }

  /** Copies bytes already on storage (from an earlier run) into the image. */
  fill(offset: number, bytes: Uint8Array): void {
    this.image.set(bytes, offset);
  }

  buffer(offset: number, length: number): Uint8Array {
    return this.image.subarray(offset, offset + length);
  }

  stored(offset: number, bytes: Uint8Array): void {
    // Pieces gathered elsewhere (never, from FileDownload) still land in the image.
    if (bytes.buffer !== this.image.buffer) this.image.set(bytes, offset);
  }

  held(offset: number, length: number): Uint8Array {
    return this.image.subarray(offset, offset + length);
  }

  checkpoint(): null {
    return null;
  }

  idle(): Promise<void> {
    return Promise.resolve();
  }

  hex(): Promise<string> {
    return nativeSha256Hex(this.image);
  }

  close(): void {}
}

/** `crypto.subtle.digest` SHA-256 as lowercase hex: native code, off the calling thread in browsers and in Node. */
export async function nativeSha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}
