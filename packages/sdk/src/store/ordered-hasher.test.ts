import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileImageHash } from './file-image-hash.ts';
import { OrderedHasher } from './ordered-hasher.ts';
import { inlineSha256 } from './sha256-stream.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A file's bytes "on storage", written piece by piece in the order given. */
function storage(file: Uint8Array, piece: number) {
  const stored = new Uint8Array(file.length);
  const have = new Array<boolean>(Math.ceil(file.length / piece)).fill(false);
  return {
    write(offset: number) {
      stored.set(file.subarray(offset, offset + piece), offset);
      have[offset / piece] = true;
    },
    read: async (offset: number, length: number) => stored.slice(offset, offset + length),
    contiguousFrom(offset: number) {
      let end = offset;
      while (end < file.length && have[Math.floor(end / piece)]) end = Math.min(file.length, (Math.floor(end / piece) + 1) * piece);
      return end - offset;
    },
  };
}

describe('OrderedHasher', () => {
  it('hashes pieces stored in any order as the file, holding early ones in memory within the budget', async () => {
    const file = randomBytes(10 * 1000 + 7);
    const piece = 1000;
    const disk = storage(file, piece);
    const counts = { bytesReadBack: 0, bytesHashedInWorker: 0 };
    const hasher = new OrderedHasher(await inlineSha256(null, file.length), 0, file.length, disk, 4 * piece, piece, counts);
    for (const i of [3, 1, 0, 2, 5, 4, 6, 8, 7, 10, 9]) {
      disk.write(i * piece);
      const bytes = hasher.buffer(i * piece, Math.min(piece, file.length - i * piece));
      bytes.set(file.subarray(i * piece, i * piece + bytes.length));
      hasher.stored(i * piece, bytes);
      // As in a download, where each write is awaited: the hash catches up between pieces.
      await hasher.idle();
    }
    expect(await hasher.hex()).toBe(sha256(file));
    expect(counts.bytesReadBack).toBe(0);
  });

  it('reads back from storage what arrived ahead beyond the budget, and continues a saved state', async () => {
    const file = randomBytes(8 * 1000);
    const piece = 1000;
    const disk = storage(file, piece);
    const counts = { bytesReadBack: 0, bytesHashedInWorker: 0 };
    const hasher = new OrderedHasher(await inlineSha256(null, file.length), 0, file.length, disk, 0, piece, counts);
    for (const i of [7, 6, 5, 4, 3, 2, 1, 0]) {
      disk.write(i * piece);
      hasher.stored(i * piece, file.slice(i * piece, (i + 1) * piece));
    }
    expect(await hasher.hex()).toBe(sha256(file));
    expect(counts.bytesReadBack).toBe(7 * piece);

    // A hash resumed from a checkpoint after 3 pieces hashes only what follows, read from storage.
    const early = storage(file, piece);
    const first = new OrderedHasher(await inlineSha256(null, file.length), 0, file.length, early, 0, piece, counts);
    for (const i of [0, 1, 2]) {
      early.write(i * piece);
      first.stored(i * piece, file.slice(i * piece, (i + 1) * piece));
    }
    await first.idle();
    const saved = first.checkpoint();
    expect(saved?.bytes).toBe(3 * piece);
    const resumed = new OrderedHasher(await inlineSha256(saved, file.length), saved!.bytes, file.length, disk, 0, piece, counts);
    resumed.catchUp();
    expect(await resumed.hex()).toBe(sha256(file));
  });
});

describe('FileImageHash', () => {
  it('is the file: pieces gathered in its views, bytes of an earlier run filled in, one native digest', async () => {
    const file = randomBytes(5000);
    const image = FileImageHash.tryCreate(file.length)!;
    image.fill(0, file.subarray(0, 1234));
    const view = image.buffer(1234, 3000);
    view.set(file.subarray(1234, 4234));
    image.stored(1234, view);
    // Bytes gathered elsewhere are copied in.
    image.stored(4234, file.slice(4234));
    expect(image.held(100, 50)).toEqual(new Uint8Array(file.subarray(100, 150)));
    expect(image.checkpoint()).toBeNull();
    expect(await image.hex()).toBe(sha256(file));
  });

  it('says so where the memory for the file cannot be had', () => {
    expect(FileImageHash.tryCreate(2 ** 53)).toBeUndefined();
  });
});
