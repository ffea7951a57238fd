import { describe, expect, it } from 'vitest';
import { f16ToF32 } from './float16.ts';
import {
  Q4_0_BLOCK_BYTES,
  Q4_K_BLOCK_BYTES,
  Q6_K_BLOCK_BYTES,
  Q8_0_BLOCK_BYTES,
  dequantizeQ4_0,
  dequantizeQ4_K,
  dequantizeQ6_K,
  dequantizeQ8_0,
  quantizeQ4_0,
  quantizeQ4_K,
  quantizeQ6_K,
  quantizeQ8_0,
} from './ggml-quantize.ts';
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

describe('Q4_K', () => {
  it('stays within one step of the input, each sub-block on its own scale and min', () => {
    const values = randomValues(256 * 16, 3, 0.5);
    // Sub-blocks of very different ranges, and one all-negative, in the same super-block.
    for (let i = 0; i < 32; i++) values[i] = (values[i] ?? 0) * 0.01;
    for (let i = 32; i < 64; i++) values[i] = -Math.abs(values[i] ?? 0) - 0.2;
    const bytes = new Uint8Array((values.length / 256) * Q4_K_BLOCK_BYTES);
    quantizeQ4_K(values, bytes);
    const restored = dequantizeQ4_K(bytes, values.length);
    let sq = 0;
    for (let i = 0; i < values.length; i++) {
      const sub = values.subarray(i - (i % 32), i - (i % 32) + 32);
      const range = Math.max(...sub) - Math.min(0, ...sub);
      // One step of the sub-block's 6-bit-rounded scale, plus the 6-bit rounding of its min.
      const superBlock = values.subarray(i - (i % 256), i - (i % 256) + 256);
      const slack = (Math.max(...superBlock) - Math.min(...superBlock)) / 63;
      expect(Math.abs((restored[i] ?? 0) - (values[i] ?? 0))).toBeLessThanOrEqual(range / 15 + slack);
      sq += ((restored[i] ?? 0) - (values[i] ?? 0)) ** 2;
    }
    // RMS error of a 4-bit code on uniform values: about a step / sqrt(12).
    expect(Math.sqrt(sq / values.length)).toBeLessThan((1 / 15) * 0.6);
  });

  it("lays out d, dmin, ggml's packed 6-bit scales and mins, and nibble pairs", () => {
    // Sub-block j holds the constant j + 1 except element 0, which holds 0 (so every min is 0).
    const values = new Float32Array(256);
    for (let i = 0; i < 256; i++) values[i] = i % 32 === 0 ? 0 : Math.floor(i / 32) + 1;
    const bytes = new Uint8Array(Q4_K_BLOCK_BYTES);
    quantizeQ4_K(values, bytes);
    expect(f16ToF32((bytes[2] ?? 0) | ((bytes[3] ?? 0) << 8))).toBe(0); // dmin
    // Scale 63 for the largest sub-block (8 / 15 per step), the others in proportion.
    const d = f16ToF32((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8));
    expect(d).toBeCloseTo(8 / 15 / 63, 4);
    // Sub-block 3's scale 31.5 -> 32 (halves to even) in the low 6 bits of byte 3; sub-block 7's
    // scale 63: its low nibble in byte 11, its top 2 bits in the top of byte 3.
    expect((bytes[4 + 3] ?? 0) & 63).toBe(32);
    expect((bytes[4 + 11] ?? 0) & 0xf).toBe(63 & 0xf);
    expect((bytes[4 + 3] ?? 0) >> 6).toBe(63 >> 4);
    expect(Array.from(dequantizeQ4_K(bytes, 256), (v) => Math.round(v))).toEqual(Array.from(values));
  });
});

describe('Q6_K', () => {
  it('stays within one step of the input (the extreme opposite the signed max clamps to 31), plus the int8 scale rounding', () => {
    const values = randomValues(256 * 16, 4, 2);
    for (let i = 0; i < 16; i++) values[i] = (values[i] ?? 0) * 0.001;
    const bytes = new Uint8Array((values.length / 256) * Q6_K_BLOCK_BYTES);
    quantizeQ6_K(values, bytes);
    const restored = dequantizeQ6_K(bytes, values.length);
    for (let i = 0; i < values.length; i++) {
      const group = values.subarray(i - (i % 16), i - (i % 16) + 16);
      const step = Math.max(...Array.from(group, Math.abs)) / 32;
      const superBlock = values.subarray(i - (i % 256), i - (i % 256) + 256);
      // The group's int8 scale is off by up to half of d = max|x| / 32 / 128, at up to 32 levels.
      const scaleRounding = (Math.max(...Array.from(superBlock, Math.abs)) / 32 / 128 / 2) * 32;
      expect(Math.abs((restored[i] ?? 0) - (values[i] ?? 0))).toBeLessThanOrEqual(step + scaleRounding * 1.01 + 1e-6);
    }
  });

  it("puts each value's low nibble and high bit pair where ggml reads them", () => {
    // Value i of the super-block is (i % 64) - 32 times one common step: every 6-bit level once.
    const values = new Float32Array(256);
    for (let i = 0; i < 256; i++) values[i] = (i % 64) - 32;
    // Make every group's largest magnitude -32, so each maps exactly to level 0.
    for (let g = 0; g < 16; g++) values[16 * g] = -32;
    const bytes = new Uint8Array(Q6_K_BLOCK_BYTES);
    quantizeQ6_K(values, bytes);
    expect(Array.from(dequantizeQ6_K(bytes, 256), (v) => Math.round(v))).toEqual(Array.from(values));
  });

  it('encodes an all-zero super-block as zeros', () => {
    const bytes = new Uint8Array(Q6_K_BLOCK_BYTES).fill(0xff);
    quantizeQ6_K(new Float32Array(256), bytes);
    expect(Array.from(dequantizeQ6_K(bytes, 256)).every((v) => v === 0)).toBe(true);
  });
});
