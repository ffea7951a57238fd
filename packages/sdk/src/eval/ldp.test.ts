import { describe, expect, it } from 'vitest';
import { bucketOf, categoriesOf, krrProbabilities, randomizedResponse } from './ldp.ts';
import { chargeBudget, memoryBudgetStorage } from './privacy-budget.ts';

/** mulberry32: a small seeded PRNG, so the frequencies below are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('k-ary randomized response', () => {
  it('keeps the true category with p = e^ε/(e^ε+k−1) and spreads the rest evenly (ratio e^ε)', () => {
    const { p, q } = krrProbabilities(4, 1);
    expect(p / q).toBeCloseTo(Math.E, 10);
    expect(p + 3 * q).toBeCloseTo(1, 12);
    const random = seeded(7);
    const seen = [0, 0, 0, 0];
    const n = 200_000;
    for (let i = 0; i < n; i++) seen[randomizedResponse(2, 4, 1, random)]!++;
    expect(seen[2]! / n).toBeCloseTo(p, 2);
    for (const j of [0, 1, 3]) expect(seen[j]! / n).toBeCloseTo(q, 2);
  });
  it('refuses a category out of range and a non-positive ε', () => {
    expect(() => randomizedResponse(4, 4, 1)).toThrow(/category/);
    expect(() => krrProbabilities(2, 0)).toThrow(/epsilon/);
  });
  it('buckets: fixed edges, the last bucket open', () => {
    expect(categoriesOf('eval')).toBe(2);
    expect(categoriesOf('ttft')).toBe(7);
    expect(bucketOf('ttft', 50)).toBe(0);
    expect(bucketOf('ttft', 100)).toBe(1);
    expect(bucketOf('ttft', 99_999)).toBe(6);
    expect(bucketOf('decode', 25)).toBe(4);
  });
});

describe('the daily privacy budget', () => {
  it('charges until the day is spent, then refuses; a new UTC day starts over', () => {
    const storage = memoryBudgetStorage();
    const day1 = Date.UTC(2026, 2, 1, 10);
    expect([1, 2, 3, 4, 5].map(() => chargeBudget(storage, 1, 4, day1))).toEqual([true, true, true, true, false]);
    expect(chargeBudget(storage, 1, 4, day1 + 14 * 3600_000 + 1)).toBe(true);
    expect(storage.get()).toEqual({ day: '2026-03-02', spent: 1 });
  });
});
