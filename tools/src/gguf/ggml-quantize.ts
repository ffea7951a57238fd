import { f16ToF32, f32ToF16 } from './float16.ts';

/** Elements per block for Q8_0 and Q4_0 (ggml's QK8_0 and QK4_0). */
export const QUANT_BLOCK_ELEMENTS = 32;
/** ggml's sizeof(block_q8_0): an f16 scale and 32 int8 values. */
export const Q8_0_BLOCK_BYTES = 34;
/** ggml's sizeof(block_q4_0): an f16 scale and 32 packed 4-bit values. */
export const Q4_0_BLOCK_BYTES = 18;

// Every step below is rounded to f32 with Math.fround because ggml computes in f32: a product or
// sum of two f32 values is exact in f64, so rounding it once gives the same bits as the C code.

/**
 * ggml's `quantize_row_q8_0_ref`: per block of 32, d = amax / 127 (stored as f16) and
 * q = roundf(x / d) as int8. Writes `src.length / 32 * 34` bytes into `dst` at `dstOffset`.
 */
export function quantizeQ8_0(src: Float32Array, dst: Uint8Array, dstOffset = 0): void {
  checkLength(src.length);
  let out = dstOffset;
  for (let block = 0; block < src.length; block += QUANT_BLOCK_ELEMENTS) {
    let amax = 0;
    for (let j = 0; j < QUANT_BLOCK_ELEMENTS; j++) {
      const v = Math.abs(src[block + j] ?? 0);
      if (v > amax) amax = v;
    }
    const d = Math.fround(amax / 127);
    const id = d === 0 ? 0 : Math.fround(1 / d);
    const bits = f32ToF16(d);
    dst[out] = bits & 0xff;
    dst[out + 1] = bits >>> 8;
    for (let j = 0; j < QUANT_BLOCK_ELEMENTS; j++) {
      const x = Math.fround((src[block + j] ?? 0) * id);
      // C's roundf rounds halves away from zero; Math.round would round -2.5 to -2.
      const q = x < 0 ? -Math.round(-x) : Math.round(x);
      dst[out + 2 + j] = q & 0xff;
    }
    out += Q8_0_BLOCK_BYTES;
  }
}

/**
 * ggml's `quantize_row_q4_0_ref`: per block of 32, d = max / -8 where max is the signed value of
 * largest magnitude, q = min(15, trunc(x / d + 8.5)); byte j holds element j in its low nibble and
 * element j + 16 in its high nibble.
 */
export function quantizeQ4_0(src: Float32Array, dst: Uint8Array, dstOffset = 0): void {
  checkLength(src.length);
  const half = QUANT_BLOCK_ELEMENTS / 2;
  let out = dstOffset;
  for (let block = 0; block < src.length; block += QUANT_BLOCK_ELEMENTS) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QUANT_BLOCK_ELEMENTS; j++) {
      const v = src[block + j] ?? 0;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d === 0 ? 0 : Math.fround(1 / d);
    const bits = f32ToF16(d);
    dst[out] = bits & 0xff;
    dst[out + 1] = bits >>> 8;
    for (let j = 0; j < half; j++) {
      const x0 = Math.fround((src[block + j] ?? 0) * id);
      const x1 = Math.fround((src[block + half + j] ?? 0) * id);
      const q0 = Math.min(15, Math.trunc(Math.fround(x0 + 8.5)));
      const q1 = Math.min(15, Math.trunc(Math.fround(x1 + 8.5)));
      dst[out + 2 + j] = q0 | (q1 << 4);
    }
    out += Q4_0_BLOCK_BYTES;
  }
}

/** ggml's `dequantize_row_q8_0`: the values a Q8_0 row stands for. */
export function dequantizeQ8_0(src: Uint8Array, elements: number, srcOffset = 0): Float32Array {
  checkLength(elements);
  const out = new Float32Array(elements);
  let at = srcOffset;
  for (let block = 0; block < elements; block += QUANT_BLOCK_ELEMENTS) {
    const d = f16ToF32((src[at] ?? 0) | ((src[at + 1] ?? 0) << 8));
    for (let j = 0; j < QUANT_BLOCK_ELEMENTS; j++) {
      const byte = src[at + 2 + j] ?? 0;
      out[block + j] = (byte > 127 ? byte - 256 : byte) * d;
    }
    at += Q8_0_BLOCK_BYTES;
  }
  return out;
}

/** ggml's `dequantize_row_q4_0`: the values a Q4_0 row stands for. */
export function dequantizeQ4_0(src: Uint8Array, elements: number, srcOffset = 0): Float32Array {
  checkLength(elements);
  const half = QUANT_BLOCK_ELEMENTS / 2;
  const out = new Float32Array(elements);
  let at = srcOffset;
  for (let block = 0; block < elements; block += QUANT_BLOCK_ELEMENTS) {
    const d = f16ToF32((src[at] ?? 0) | ((src[at + 1] ?? 0) << 8));
    for (let j = 0; j < half; j++) {
      const byte = src[at + 2 + j] ?? 0;
      out[block + j] = ((byte & 0x0f) - 8) * d;
      out[block + half + j] = ((byte >>> 4) - 8) * d;
    }
    at += Q4_0_BLOCK_BYTES;
  }
  return out;
}

function checkLength(elements: number): void {
  if (elements % QUANT_BLOCK_ELEMENTS !== 0) {
    throw new RangeError(`Quantized rows hold whole blocks of ${QUANT_BLOCK_ELEMENTS} values; got ${elements}.`);
  }
}
