import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

// Node only (exported from `@hearth/sdk/node`). Streamed: model files do not fit comfortably in memory.
const READ_BYTES = 4 << 20;

/**
 * The lowercase hex SHA-256 of a file.
 *
 * @example const sha256 = await sha256File('/models/qwen.gguf')
 */
export async function sha256File(path: string): Promise<string> {
  return (await sha256FileAndChunks(path)).sha256;
}

/**
 * The whole file's SHA-256 and, with `chunkSize`, each `chunkSize` slice's (a manifest's chunk
 * hashes), in one read.
 *
 * @example const { sha256, chunks } = await sha256FileAndChunks(path, 16 << 20)
 */
export async function sha256FileAndChunks(path: string, chunkSize?: number): Promise<{ sha256: string; chunks: string[] }> {
  const whole = createHash('sha256');
  const chunks: string[] = [];
  let chunk = createHash('sha256');
  let inChunk = 0;
  for await (const data of createReadStream(path, { highWaterMark: READ_BYTES })) {
    const buffer = data as Buffer;
    whole.update(buffer);
    if (chunkSize === undefined) continue;
    for (let at = 0; at < buffer.length;) {
      const n = Math.min(chunkSize - inChunk, buffer.length - at);
      chunk.update(buffer.subarray(at, at + n));
      inChunk += n;
      at += n;
      if (inChunk === chunkSize) {
        chunks.push(chunk.digest('hex'));
        chunk = createHash('sha256');
        inChunk = 0;
      }
    }
  }
  if (inChunk > 0) chunks.push(chunk.digest('hex'));
  return { sha256: whole.digest('hex'), chunks };
}
