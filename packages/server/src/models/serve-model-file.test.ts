import { describe, expect, it } from 'vitest';
import { parseRange } from './serve-model-file.ts';

describe('parseRange', () => {
  it('reads closed, open and suffix ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
  });
  it('rejects ranges that cannot be satisfied', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });
  it('ignores what it does not understand (the whole file is a valid answer)', () => {
    expect(parseRange(null, 100)).toBe('none');
    expect(parseRange('items=0-1', 100)).toBe('none');
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('none');
    expect(parseRange('bytes=-', 100)).toBe('none');
  });
});
