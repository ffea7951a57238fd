import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * SHA-256 whose internal state can be saved and restored, so a download resumed after a killed
 * process continues the hash where it stopped instead of reading the whole file again. WebCrypto
 * and node:crypto hash only whole inputs or keep their state private; hash-wasm exports it.
 */
export class ResumableSha256 {
  private constructor(private readonly hasher: IHasher) {}

  /** A fresh hash, or one continuing from `saved` (from `save()`). */
  static async create(saved?: string | null): Promise<ResumableSha256> {
    const hasher = await createSHA256();
    hasher.init();
    if (saved) hasher.load(fromBase64(saved));
    return new ResumableSha256(hasher);
  }

  update(bytes: Uint8Array): void {
    this.hasher.update(bytes);
  }

  /** The state as base64, small (about 150 bytes) and JSON-safe. */
  save(): string {
    return toBase64(this.hasher.save());
  }

  hex(): string {
    return this.hasher.digest('hex');
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
