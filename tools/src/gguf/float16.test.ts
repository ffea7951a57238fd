import { describe, expect, it } from 'vitest';
import { f16ToF32, f32ToF16 } from './float16.ts';

describe('f32ToF16', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [-65504, 0xfbff],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
  ])('converts %s exactly', (value, bits) => {
    expect(f32ToF16(value)).toBe(bits);
  });

  it('rounds ties to even', () => {
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): even mantissa 0 wins.
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 is halfway between mantissas 1 and 2: even 2 wins.
    expect(f32ToF16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just above a tie rounds up.
    expect(f32ToF16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // Subnormal ties: 2^-25 is half the smallest subnormal (rounds to 0), 3·2^-25 is 1.5 of it (rounds to 2).
    expect(f32ToF16(2 ** -25)).toBe(0x0000);
    expect(f32ToF16(3 * 2 ** -25)).toBe(0x0002);
    expect(f32ToF16(2 ** -25 + 2 ** -40)).toBe(0x0001);
  });

  it('overflows to infinity from the first value that rounds past 65504', () => {
    expect(f32ToF16(65519)).toBe(0x7bff);
    expect(f32ToF16(65520)).toBe(0x7c00); // tie between 65504 (odd mantissa) and 65536: rounds to even, overflowing
    expect(f32ToF16(1e6)).toBe(0x7c00);
  });

  it('rounds a subnormal up into the smallest normal', () => {
    expect(f32ToF16(2 ** -14 - 2 ** -26)).toBe(0x0400);
  });

  it('keeps NaN a NaN', () => {
    const bits = f32ToF16(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
  });

  it('round-trips every half through f16ToF32', () => {
    const wrong: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue; // NaN payloads
      if (f32ToF16(f16ToF32(bits)) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });
});
