import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.ts';

describe('RateMeter', () => {
  it('reports at most every 100 ms, a final report always', () => {
    const meter = new RateMeter();
    expect(meter.sample(0, 0)).toBe(0);
    expect(meter.sample(50, 500)).toBeUndefined();
    expect(meter.sample(99, 990, true)).toBe(10_000);
    expect(meter.sample(150, 1500)).toBeUndefined();
    expect(meter.sample(200, 2000)).toBe(10_000);
  });

  it('measures over the last window only: a stall long ago no longer lowers the rate', () => {
    const meter = new RateMeter(1_000, 0);
    meter.sample(0, 0);
    meter.sample(5_000, 0);
    // 1 MB in the next second: the window keeps the sample at 5 s, not the one at 0.
    meter.sample(5_500, 500_000);
    expect(meter.sample(6_000, 1_000_000)).toBe(1_000_000);
  });
});
