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

function checkLength(elements: number, block = QUANT_BLOCK_ELEMENTS): void {
  if (elements % block !== 0) {
    throw new RangeError(`Quantized rows hold whole blocks of ${block} values; got ${elements}.`);
  }
}

/** Elements per K-quant super-block (ggml's QK_K). */
export const K_QUANT_BLOCK_ELEMENTS = 256;
/** ggml's sizeof(block_q4_K): f16 d and dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles. */
export const Q4_K_BLOCK_BYTES = 144;
/** ggml's sizeof(block_q6_K): 128 bytes of low nibbles, 64 of high bit pairs, 16 int8 scales, f16 d. */
export const Q6_K_BLOCK_BYTES = 210;

// C's nearest_int (ggml-quants.c) rounds halves to even; Math.round would round them up.
function nearestInt(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function writeF16(dst: Uint8Array, at: number, value: number): number {
  const bits = f32ToF16(value);
  dst[at] = bits & 0xff;
  dst[at + 1] = bits >>> 8;
  return f16ToF32(bits);
}

/**
 * Q4_K: per super-block of 256, 8 sub-blocks of 32 with x ≈ d·sc·q − dmin·m, q in 0..15 and sc, m
 * 6-bit. The layout is ggml's (`block_q4_K`, read back by `dequantize_row_q4_K`). Each sub-block's
 * scale and min come from its range directly (min clamped to ≤ 0, as ggml does), without the
 * iterative search of ggml's `make_qkx2_quants`: a valid, slightly coarser encoding of the same
 * format, which is what a fixture model needs.
 */
export function quantizeQ4_K(src: Float32Array, dst: Uint8Array, dstOffset = 0): void {
  checkLength(src.length, K_QUANT_BLOCK_ELEMENTS);
  const scales = new Float32Array(8);
  const mins = new Float32Array(8);
  const ls = new Uint8Array(8);
  const lm = new Uint8Array(8);
  const q = new Uint8Array(K_QUANT_BLOCK_ELEMENTS);
  let out = dstOffset;
  for (let base = 0; base < src.length; base += K_QUANT_BLOCK_ELEMENTS) {
    let maxScale = 0;
    let maxMin = 0;
    for (let j = 0; j < 8; j++) {
      let lo = 0;
      let hi = -Infinity;
      for (let i = 0; i < 32; i++) {
        const v = src[base + 32 * j + i] ?? 0;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      scales[j] = Math.fround((Math.max(hi, lo) - lo) / 15);
      mins[j] = -lo;
      maxScale = Math.max(maxScale, scales[j] ?? 0);
      maxMin = Math.max(maxMin, mins[j] ?? 0);
    }
    const invScale = maxScale > 0 ? 63 / maxScale : 0;
    const invMin = maxMin > 0 ? 63 / maxMin : 0;
    for (let j = 0; j < 8; j++) {
      ls[j] = Math.min(63, nearestInt(invScale * (scales[j] ?? 0)));
      lm[j] = Math.min(63, nearestInt(invMin * (mins[j] ?? 0)));
    }
    const d = writeF16(dst, out, maxScale / 63);
    const dmin = writeF16(dst, out + 2, maxMin / 63);
    // 12 bytes: sub-blocks 0-3 in the low 6 bits of bytes 0-3 (scale) and 4-7 (min); sub-blocks
    // 4-7 as nibbles in bytes 8-11 with their top 2 bits in the top of bytes 0-7.
    const sc = out + 4;
    dst.fill(0, sc, sc + 12);
    for (let j = 0; j < 8; j++) {
      const s = ls[j] ?? 0;
      const m = lm[j] ?? 0;
      if (j < 4) {
        dst[sc + j] = s;
        dst[sc + j + 4] = m;
      } else {
        dst[sc + j + 4] = (s & 0xf) | ((m & 0xf) << 4);
        dst[sc + j - 4] = (dst[sc + j - 4] ?? 0) | ((s >> 4) << 6);
        dst[sc + j] = (dst[sc + j] ?? 0) | ((m >> 4) << 6);
      }
    }
    for (let j = 0; j < 8; j++) {
      const step = Math.fround(d * (ls[j] ?? 0));
      const offset = Math.fround(dmin * (lm[j] ?? 0));
      for (let i = 0; i < 32; i++) {
        const v = src[base + 32 * j + i] ?? 0;
        q[32 * j + i] = step === 0 ? 0 : Math.max(0, Math.min(15, nearestInt(Math.fround((v + offset) / step))));
      }
    }
    // Each 32 bytes hold two sub-blocks: the first in the low nibbles, the second in the high.
    const qs = out + 16;
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 32; i++) dst[qs + 32 * j + i] = (q[64 * j + i] ?? 0) | ((q[64 * j + 32 + i] ?? 0) << 4);
    }
    out += Q4_K_BLOCK_BYTES;
  }
}

/** ggml's `dequantize_row_q4_K`: the values a Q4_K row stands for. */
export function dequantizeQ4_K(src: Uint8Array, elements: number, srcOffset = 0): Float32Array {
  checkLength(elements, K_QUANT_BLOCK_ELEMENTS);
  const out = new Float32Array(elements);
  let at = srcOffset;
  for (let base = 0; base < elements; base += K_QUANT_BLOCK_ELEMENTS) {
    const d = f16ToF32((src[at] ?? 0) | ((src[at + 1] ?? 0) << 8));
    const dmin = f16ToF32((src[at + 2] ?? 0) | ((src[at + 3] ?? 0) << 8));
    const sc = (k: number) => src[at + 4 + k] ?? 0;
    for (let j = 0; j < 8; j++) {
      // ggml's get_scale_min_k4.
      const s = j < 4 ? sc(j) & 63 : (sc(j + 4) & 0xf) | ((sc(j - 4) >> 6) << 4);
      const m = j < 4 ? sc(j + 4) & 63 : (sc(j + 4) >> 4) | ((sc(j) >> 6) << 4);
      const step = Math.fround(d * s);
      const offset = Math.fround(dmin * m);
      for (let i = 0; i < 32; i++) {
        const byte = src[at + 16 + 32 * (j >> 1) + i] ?? 0;
        const nibble = j % 2 === 0 ? byte & 0xf : byte >> 4;
        out[base + 32 * j + i] = Math.fround(step * nibble) - offset;
      }
    }
    at += Q4_K_BLOCK_BYTES;
  }
  return out;
}

/**
 * Q6_K: per super-block of 256, 16 groups of 16 with x ≈ d·sc·q, q in −32..31 and sc int8, as
 * ggml's `quantize_row_q6_K_ref` lays it out (its per-group scale search left out, as for Q4_K):
 * each group's value of largest magnitude maps to −32.
 */
export function quantizeQ6_K(src: Float32Array, dst: Uint8Array, dstOffset = 0): void {
  checkLength(src.length, K_QUANT_BLOCK_ELEMENTS);
  const scales = new Float32Array(16);
  const L = new Uint8Array(K_QUANT_BLOCK_ELEMENTS);
  let out = dstOffset;
  for (let base = 0; base < src.length; base += K_QUANT_BLOCK_ELEMENTS) {
    let maxScale = 0;
    let maxAbsScale = 0;
    for (let g = 0; g < 16; g++) {
      let max = 0;
      let amax = 0;
      for (let i = 0; i < 16; i++) {
        const v = src[base + 16 * g + i] ?? 0;
        if (Math.abs(v) > amax) {
          amax = Math.abs(v);
          max = v;
        }
      }
      const scale = Math.fround(max / -32);
      scales[g] = scale;
      if (Math.abs(scale) > maxAbsScale) {
        maxAbsScale = Math.abs(scale);
        maxScale = scale;
      }
    }
    const sc = out + 192;
    if (maxAbsScale === 0) {
      dst.fill(0, out, out + Q6_K_BLOCK_BYTES);
      // q = 32 everywhere stands for 0; with d = 0 any q does.
      out += Q6_K_BLOCK_BYTES;
      continue;
    }
    const iscale = -128 / maxScale;
    const d = writeF16(dst, out + 208, 1 / iscale);
    for (let g = 0; g < 16; g++) {
      const s = Math.min(127, nearestInt(iscale * (scales[g] ?? 0)));
      dst[sc + g] = s & 0xff;
      const step = Math.fround(d * s);
      for (let i = 0; i < 16; i++) {
        const v = src[base + 16 * g + i] ?? 0;
        const level = step === 0 ? 0 : Math.max(-32, Math.min(31, nearestInt(Math.fround(v / step))));
        L[16 * g + i] = level + 32;
      }
    }
    // Two halves of 128: ql holds values l and l+64 (low nibbles) in byte l, l+32 and l+96 in
    // byte l+32; qh holds the top 2 bits of l, l+32, l+64, l+96 in byte l.
    for (let h = 0; h < 2; h++) {
      const ql = out + 64 * h;
      const qh = out + 128 + 32 * h;
      const v = (i: number) => L[128 * h + i] ?? 0;
      for (let l = 0; l < 32; l++) {
        dst[ql + l] = (v(l) & 0xf) | ((v(l + 64) & 0xf) << 4);
        dst[ql + l + 32] = (v(l + 32) & 0xf) | ((v(l + 96) & 0xf) << 4);
        dst[qh + l] = (v(l) >> 4) | ((v(l + 32) >> 4) << 2) | ((v(l + 64) >> 4) << 4) | ((v(l + 96) >> 4) << 6);
      }
    }
    out += Q6_K_BLOCK_BYTES;
  }
}

/** ggml's `dequantize_row_q6_K`: the values a Q6_K row stands for. */
export function dequantizeQ6_K(src: Uint8Array, elements: number, srcOffset = 0): Float32Array {
  checkLength(elements, K_QUANT_BLOCK_ELEMENTS);
  const out = new Float32Array(elements);
  let at = srcOffset;
  for (let base = 0; base < elements; base += K_QUANT_BLOCK_ELEMENTS) {
    const d = f16ToF32((src[at + 208] ?? 0) | ((src[at + 209] ?? 0) << 8));
    const scale = (g: number) => {
      const b = src[at + 192 + g] ?? 0;
      return b > 127 ? b - 256 : b;
    };
    for (let h = 0; h < 2; h++) {
      const ql = (i: number) => src[at + 64 * h + i] ?? 0;
      const qh = (i: number) => src[at + 128 + 32 * h + i] ?? 0;
      for (let l = 0; l < 32; l++) {
        const q1 = ((ql(l) & 0xf) | ((qh(l) & 3) << 4)) - 32;
        const q2 = ((ql(l + 32) & 0xf) | (((qh(l) >> 2) & 3) << 4)) - 32;
        const q3 = ((ql(l) >> 4) | (((qh(l) >> 4) & 3) << 4)) - 32;
        const q4 = ((ql(l + 32) >> 4) | (((qh(l) >> 6) & 3) << 4)) - 32;
        const o = base + 128 * h + l;
        const g = 8 * h + (l >> 4);
        out[o] = Math.fround(d * scale(g)) * q1;
        out[o + 32] = Math.fround(d * scale(g + 2)) * q2;
        out[o + 64] = Math.fround(d * scale(g + 4)) * q3;
        out[o + 96] = Math.fround(d * scale(g + 6)) * q4;
      }
    }
    at += Q6_K_BLOCK_BYTES;
  }
  return out;
}
