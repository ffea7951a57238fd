import { describe, expect, it } from 'vitest';
import { f16ToF32 } from './float16.ts';
import { Q4_0_BLOCK_BYTES, Q8_0_BLOCK_BYTES, dequantizeQ4_0, dequantizeQ8_0, quantizeQ4_0, quantizeQ8_0 } from './ggml-quantize.ts';
import { SeededRandom } from './seeded-random.ts';

function randomValues(n: number, seed: number, halfWidth: number): Float32Array {
  const out = new Float32Array(n);
  new SeededRandom(seed).fillUniform(out, 0, n, halfWidth);
  return out;
}

function blockMaxAbs(values: Float32Array, block: number): number {
  return Math.max(...Array.from(values.subarray(block * 32, block * 32 + 32), Math.abs));
}

describe('Q8_0', () => {
  it('stays within half a step (plus the f16 scale rounding) of the input', () => {
    const values = randomValues(32 * 64, 1, 3);
    const bytes = new Uint8Array((values.length / 32) * Q8_0_BLOCK_BYTES);
    quantizeQ8_0(values, bytes);
    const restored = dequantizeQ8_0(bytes, values.length);
    for (let i = 0; i < values.length; i++) {
      const step = blockMaxAbs(values, Math.floor(i / 32)) / 127;
      expect(Math.abs((restored[i] ?? 0) - (values[i] ?? 0))).toBeLessThanOrEqual(step * 0.5 + Math.abs(values[i] ?? 0) * 1e-3);
    }
  });

  it('lays a block out as f16 scale then 32 int8 values, rounding halves away from zero', () => {
    const values = new Float32Array(32);
    values[0] = 127; // d = 1 exactly
    values[1] = -2.5;
    values[2] = 2.5;
    values[3] = -127;
    const bytes = new Uint8Array(Q8_0_BLOCK_BYTES);
    quantizeQ8_0(values, bytes);
    expect(f16ToF32((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8))).toBe(1);
    expect(Array.from(new Int8Array(bytes.buffer, 2, 4))).toEqual([127, -3, 3, -127]);
  });

  it('encodes an all-zero block as zeros', () => {
    const bytes = new Uint8Array(Q8_0_BLOCK_BYTES).fill(0xff);
    quantizeQ8_0(new Float32Array(32), bytes);
    expect(Array.from(bytes)).toEqual(new Array(Q8_0_BLOCK_BYTES).fill(0));
  });
});

describe('Q4_0', () => {
  it('stays within one step of the input (the asymmetric 16th level costs at most a full step)', () => {
    const values = randomValues(32 * 64, 2, 0.1);
    const bytes = new Uint8Array((values.length / 32) * Q4_0_BLOCK_BYTES);
    quantizeQ4_0(values, bytes);
    const restored = dequantizeQ4_0(bytes, values.length);
    for (let i = 0; i < values.length; i++) {
      const step = blockMaxAbs(values, Math.floor(i / 32)) / 8;
      expect(Math.abs((restored[i] ?? 0) - (values[i] ?? 0))).toBeLessThanOrEqual(step * 1.01);
    }
  });

  it('uses the signed extreme for d and packs element j low, element j + 16 high', () => {
    const values = new Float32Array(32);
    values[0] = -8; // largest magnitude, negative: d = -8 / -8 = 1
    values[16] = 7;
    values[1] = 3;
    values[17] = -1;
    const bytes = new Uint8Array(Q4_0_BLOCK_BYTES);
    quantizeQ4_0(values, bytes);
    expect(f16ToF32((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8))).toBe(1);
    // q = trunc(x / d + 8.5): -8 → 0, 7 → 15, 3 → 11, -1 → 7, 0 → 8.
    expect(bytes[2]).toBe(0 | (15 << 4));
    expect(bytes[3]).toBe(11 | (7 << 4));
    expect(bytes[4]).toBe(8 | (8 << 4));
    expect(Array.from(dequantizeQ4_0(bytes, 32).subarray(0, 2))).toEqual([-8, 3]);
  });

  it('clamps the opposite extreme to level 15', () => {
    const values = new Float32Array(32);
    values[0] = 8; // d = -1: 8 → 0 ... and -8 would map to 16, clamped to 15
    values[1] = -8;
    const bytes = new Uint8Array(Q4_0_BLOCK_BYTES);
    quantizeQ4_0(values, bytes);
    expect((bytes[3] ?? 0) & 0x0f).toBe(15);
    expect(dequantizeQ4_0(bytes, 32)[1]).toBe(-7);
  });

  it('rejects rows that are not whole blocks', () => {
    expect(() => quantizeQ4_0(new Float32Array(31), new Uint8Array(18))).toThrow(RangeError);
  });
});
