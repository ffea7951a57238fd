import { describe, expect, it } from 'vitest';
import { ratio, summarize } from './bench-context.ts';

describe('bench figures', () => {
  it('summarizes repeats as their median and range', () => {
    expect(summarize([3, 1, 2, 10], 'tok/s', '')).toMatchObject({ value: 2.5, min: 1, max: 10, repeats: 4 });
  });

  it('takes a ratio of medians, its spread from paired repeats', () => {
    const f = ratio([10, 20, 30], [10, 10, 20], '');
    expect(f.value).toBe(2); // 20 / 10
    expect([f.min, f.max, f.repeats]).toEqual([1, 2, 3]); // 10/10, 20/10, 30/20
  });

  it('cycles a shorter denominator (two bandwidth samples for four runs)', () => {
    const f = ratio([4, 8, 4, 8], [2, 4], '');
    expect([f.min, f.max, f.repeats]).toEqual([2, 2, 4]);
    expect(f.value).toBe(2); // 6 / 3
  });

  it('sets a shorter numerator against the repeats it was paired with, so the value lies within its spread', () => {
    // One wllama run beside five native runs: it alternated with the first.
    const f = ratio([3], [24, 30, 30, 30, 30], '');
    expect(f.value).toBe(0.125);
    expect(f.min).toBe(0.125);
    expect(f.max).toBe(0.125);
    expect(f.repeats).toBe(1);
  });
});
