// One shared scratch pair: reinterpreting through typed arrays is the only bit-exact way to get at
// an f32's bits in JavaScript, and allocating per call would dominate the quantizers' cost.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/**
 * IEEE 754 binary16 bits of `value` (first rounded to f32, as ggml's inputs are), rounding to
 * nearest with ties to even, producing subnormals and ±Infinity like F16C's `vcvtps2ph` and
 * ggml's `ggml_compute_fp32_to_fp16`. NaN stays NaN (quiet).
 *
 * @example f32ToF16(1) === 0x3c00; f32ToF16(65520) === 0x7c00 (ties to even overflows to Infinity)
 */
export function f32ToF16(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half: the value in units of 2^-24 is the full 24-bit significand shifted right.
    const shift = 14 - halfExponent;
    if (shift > 24) return sign; // below half the smallest subnormal: rounds to (signed) zero
    const significand = mantissa | 0x800000;
    let half = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    if (remainder > midpoint || (remainder === midpoint && (half & 1) === 1)) half += 1;
    // A carry into bit 10 lands exactly on the smallest normal's encoding, which is correct.
    return sign | half;
  }

  let half = sign | (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa increments the exponent, and from 0x7bff reaches Infinity: both correct.
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return half;
}

/** The number an IEEE 754 binary16 bit pattern stands for (exact: every half is an f64). */
export function f16ToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
