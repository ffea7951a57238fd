import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineSha256, workerSha256 } from './sha256-stream.ts';

const MiB = 1 << 20;

describe('inlineSha256', () => {
  it('has no checkpoint before a byte, and one that reopens to the same digest', async () => {
    const bytes = new Uint8Array(randomBytes(3 * MiB + 17));
    const expected = createHash('sha256').update(bytes).digest('hex');
    const first = await inlineSha256(null, bytes.length);
    expect(first.checkpoint()).toBeNull();
    await first.update(bytes.slice(0, 2 * MiB));
    const checkpoint = first.checkpoint();
    expect(checkpoint?.bytes).toBe(2 * MiB);
    const second = await inlineSha256(checkpoint, bytes.length);
    await second.update(bytes.slice(2 * MiB));
    expect(second.checkpoint()?.bytes).toBe(bytes.length);
    expect(await second.hex()).toBe(expected);
  });
});

describe('workerSha256 where no Worker can run (Node has no Web Worker)', () => {
  it('below minSize it never starts one', async () => {
    let started = 0;
    const open = workerSha256({ createWorker: () => (started++, new (globalThis as unknown as { Worker: new () => Worker }).Worker()), minSize: MiB });
    const hash = await open(null, MiB - 1);
    expect(started).toBe(0);
    expect(hash.inWorker).toBe(false);
  });

  it('falls back to hashing inline when the Worker cannot be constructed', async () => {
    const open = workerSha256({
      createWorker: () => {
        throw new ReferenceError('Worker is not defined');
      },
      minSize: 0,
    });
    const bytes = new Uint8Array(randomBytes(MiB));
    const hash = await open(null, bytes.length);
    expect(hash.inWorker).toBe(false);
    await hash.update(bytes);
    expect(await hash.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
