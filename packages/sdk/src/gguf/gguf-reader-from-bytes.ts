import type { GgufByteReader } from './read-gguf-header.ts';

/** A GgufByteReader over bytes already in memory. @example readGgufHeader(ggufReaderFromBytes(bytes)) */
export function ggufReaderFromBytes(bytes: Uint8Array): GgufByteReader {
  return (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length));
}
