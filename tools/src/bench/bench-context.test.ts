import { describe, expect, it } from 'vitest';
import { mergeFigures, ratio, share, summarize } from './bench-context.ts';

describe('bench figures', () => {
  it('summarizes repeats as their median and range', () => {
    expect(summarize([3, 1, 2, 10], 'tok/s', '')).toMatchObject({ value: 2.5, min: 1, max: 10, repeats: 4 });
  });

  it('takes the median of paired ratios, its spread their range', () => {
    const f = ratio([10, 20, 30], [10, 10, 20], '');
    expect(f.value).toBe(1.5); // pairs 1, 2, 1.5
    expect([f.min, f.max, f.repeats]).toEqual([1, 2, 3]);
  });

  it('is the median of the pairs, not a ratio of medians taken from different moments', () => {
    // Pairs 0.5, 0.6, 0.3; the medians 4 and 10 come from different pairs and would give 0.4.
    const f = ratio([4, 6, 3], [8, 10, 10], '');
    expect(f.value).toBe(0.5);
  });

  it('cycles a shorter denominator (two bandwidth samples for four runs)', () => {
    const f = ratio([4, 8, 4, 8], [2, 4], '');
    expect([f.min, f.max, f.repeats]).toEqual([2, 2, 4]);
    expect(f.value).toBe(2);
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

describe('figures over passes', () => {
  it('shares repeats between passes, earlier passes taking the remainder', () => {
    expect([0, 1].map((p) => share(5, p, 2))).toEqual([3, 2]);
    expect([0, 1].map((p) => share(4, p, 2))).toEqual([2, 2]);
    expect(share(5, 0, 1)).toBe(5);
    expect([0, 1, 2].map((p) => share(1, p, 3))).toEqual([1, 0, 0]);
  });

  it('pools the repeats of a median measured in two passes', () => {
    const f = mergeFigures('k', summarize([1, 2, 3], 'tok/s', 'first'), summarize([10, 20], 'tok/s', 'second'));
    expect(f).toMatchObject({ value: 3, min: 1, max: 20, repeats: 5, how: 'second' });
  });

  it('pools a ratio pass by pass: each pass paired within itself, the value the median of all pairs', () => {
    // Pass 1: four runs against two bandwidth samples (cycled); pass 2: two runs against two.
    const merged = mergeFigures('k', ratio([4, 8, 4, 8], [2, 4], ''), ratio([9, 9], [3, 3], ''));
    expect(merged.repeats).toBe(6);
    expect([merged.min, merged.max]).toEqual([2, 3]); // 4/2, 8/4, 4/2, 8/4, 9/3, 9/3
    expect(merged.value).toBe(2); // median of 2, 2, 2, 2, 3, 3
    expect(merged.value).toBeGreaterThanOrEqual(merged.min);
    expect(merged.value).toBeLessThanOrEqual(merged.max);
  });

  it('refuses to pool a figure with no repeats behind it', () => {
    const percentile = { value: 5, unit: 'ms', min: 4, max: 6, repeats: 100, how: '' };
    expect(() => mergeFigures('gateway_ttft_p50_ms', percentile, percentile)).toThrow(/gateway_ttft_p50_ms.*one pass/);
  });
});
