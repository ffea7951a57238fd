import type { GgufByteReader } from './read-gguf-header.ts';

/**
 * A GgufByteReader over a Blob or File (a file input, an OPFS file, Node's `fs.openAsBlob`):
 * only the slices the header needs are read.
 *
 * @example readGgufHeader(ggufReaderFromBlob(await opfsFileHandle.getFile()))
 */
export function ggufReaderFromBlob(blob: Blob): GgufByteReader {
  return async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}
