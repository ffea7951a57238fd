import { describe, expect, it } from 'vitest';
import { isConsistentState, ResumePoints } from './resume-points.ts';
import type { DownloadState } from './store-index.ts';

/** Lets queued promise callbacks run (a save starts on one). */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const state = (over: Partial<DownloadState> = {}): DownloadState => ({
  validator: '"v1"',
  chunkSize: 100,
  received: [100, 100, 40],
  hashedBytes: 150,
  hashState: 'x',
  ...over,
});

describe('isConsistentState', () => {
  it('accepts a state whose chunks add up and whose hashed prefix is on storage', () => {
    expect(isConsistentState(state(), 250, undefined)).toBe(true);
    expect(isConsistentState(state({ received: [100, 100, 50], hashedBytes: 250 }), 250, undefined)).toBe(true);
  });

  it('refuses chunk sizes and counts that do not fit the file, or the manifest', () => {
    expect(isConsistentState(state({ chunkSize: 0 }), 250, undefined)).toBe(false);
    expect(isConsistentState(state(), 250, 64)).toBe(false);
    expect(isConsistentState(state({ received: [100, 100] }), 250, undefined)).toBe(false);
    expect(isConsistentState(state({ received: [100, 101, 40] }), 250, undefined)).toBe(false);
    expect(isConsistentState(state({ received: [100, 100, 51] }), 250, undefined)).toBe(false);
  });

  it('refuses a hash that reached past the bytes on storage, or has no state', () => {
    expect(isConsistentState(state({ received: [100, 40, 0], hashedBytes: 150 }), 250, undefined)).toBe(false);
    expect(isConsistentState(state({ received: [100, 100, 40], hashedBytes: 241 }), 250, undefined)).toBe(false);
    expect(isConsistentState(state({ hashState: null }), 250, undefined)).toBe(false);
    expect(isConsistentState(state({ hashState: null, hashedBytes: 0 }), 250, undefined)).toBe(true);
  });
});

describe('ResumePoints', () => {
  function points(saveEvery = 10) {
    const saved: DownloadState[] = [];
    const order: string[] = [];
    let release: (() => void) | undefined;
    const io = {
      flush: async () => void order.push('flush'),
      save: async (s: DownloadState) => {
        order.push('save');
        if (release === undefined) await new Promise<void>((resolve) => (release = resolve));
        saved.push(s);
      },
    };
    const p = new ResumePoints(250, 100, null, saveEvery, io, () => null, true);
    return { p, saved, order, release: () => release?.() };
  }

  it('flushes before it records, and a save names only bytes written before it started', async () => {
    const { p, saved, order, release } = points();
    p.stored(0, 10);
    const first = p.save();
    await tick();
    p.stored(0, 30);
    release();
    await first;
    expect(order.slice(0, 2)).toEqual(['flush', 'save']);
    expect(saved[0]?.received).toEqual([10, 0, 0]);
    await p.save();
    expect(saved[1]?.received).toEqual([40, 0, 0]);
  });

  it('asks made while a save runs share one save after it; the writers fall behind at twice saveEvery', async () => {
    const { p, saved, release } = points(10);
    p.stored(0, 10);
    expect(p.isDue(0)).toBe(true);
    const running = p.save();
    await tick();
    p.stored(0, 5);
    const a = p.save();
    p.stored(0, 6);
    const b = p.save();
    expect(a).toBe(b);
    expect(p.isBehind).toBe(true);
    release();
    await Promise.all([running, a]);
    expect(saved.map((s) => s.received[0])).toEqual([10, 21]);
    expect(p.isBehind).toBe(false);
    expect(ResumePoints.unnamedBound(10)).toBe(20);
  });

  it('knows whole chunks, the next chunk to fetch, and contiguous bytes', () => {
    const { p } = points();
    p.stored(0, 100);
    p.stored(2, 20);
    expect(p.isWhole(0)).toBe(true);
    expect(p.chunkLength(2)).toBe(50);
    expect(p.nextChunk(new Set([1]))).toBe(2);
    expect(p.contiguousFrom(0)).toBe(100);
    expect(p.contiguousFrom(205)).toBe(15);
    expect(p.bytesOnStorage()).toBe(120);
    expect(p.state()).toMatchObject({ received: [100, 0, 20], hashedBytes: 0, hashState: null, chunksVerified: [false, false, false] });
  });
});
