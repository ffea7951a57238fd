import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobBlockReader, type SyncBlobRead } from './blob-block-reader.ts';

/**
 * Node has no FileReaderSync (Workers in browsers only): these tests read the Blob's source bytes
 * synchronously instead, and count the calls. The browser tests load real models through it.
 */
function syncReadForNodeTests(sources: Map<Blob, Uint8Array>): { read: SyncBlobRead; calls: Array<[number, number]> } {
  const calls: Array<[number, number]> = [];
  const read: SyncBlobRead = (blob, start, end) => {
    calls.push([start, end]);
    const bytes = sources.get(blob)!.slice(start, end);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  };
  return { read, calls };
}

describe('BlobBlockReader', () => {
  const bytes = new Uint8Array(randomBytes(300_000));
  const blob = new Blob([bytes]);

  it('returns exactly the bytes asked for: small, across a block end, long, at and past the end', () => {
    const { read } = syncReadForNodeTests(new Map([[blob, bytes]]));
    const reader = new BlobBlockReader(read, 50_000, 64 * 1024);
    for (const [position, length] of [
      [0, 10],
      [65_530, 20],
      [1000, 60_000],
      [10_000, 120_000],
      [299_990, 50],
      [300_000, 8],
      [123_456, 1],
    ] as const) {
      const target = new Uint8Array(length).fill(7);
      const n = reader.readInto(blob, target, position);
      const expected = bytes.subarray(position, Math.min(bytes.length, position + length));
      expect(n, `${position}+${length}`).toBe(expected.length);
      expect(target.subarray(0, n), `${position}+${length}`).toEqual(expected);
    }
  });

  it('serves sequential small reads (GGUF metadata through stdio) from one read per block', () => {
    const { read, calls } = syncReadForNodeTests(new Map([[blob, bytes]]));
    const reader = new BlobBlockReader(read, 50_000, 64 * 1024);
    const target = new Uint8Array(1024);
    for (let position = 0; position < 200 * 1024; position += 1024) reader.readInto(blob, target, position);
    // 200 reads of 1 KiB: 4 blocks of 64 KiB, not 200 calls.
    expect(calls.length).toBe(4);
  });

  it('keeps blocks of different Blobs apart, and forgets its block on clear()', () => {
    const other = new Uint8Array(randomBytes(10_000));
    const otherBlob = new Blob([other]);
    const { read, calls } = syncReadForNodeTests(
      new Map([
        [blob, bytes],
        [otherBlob, other],
      ]),
    );
    const reader = new BlobBlockReader(read, 50_000, 64 * 1024);
    const target = new Uint8Array(100);
    reader.readInto(blob, target, 0);
    reader.readInto(otherBlob, target, 0);
    expect(target).toEqual(other.subarray(0, 100));
    reader.clear();
    reader.readInto(otherBlob, target, 100);
    expect(calls.length).toBe(3);
  });
});
