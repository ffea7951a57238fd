// Relaxed-SIMD dot products for the two quantizations Hearth ships (Q4_0 and Q8_0 weights, both
// against Q8_0 activations), for the relaxed variant of the module only.
//
// Why a separate file and compiler: ggml's wasm kernels (ggml-cpu/arch/wasm/quants.c) widen
// int8 to int16 and use i32x4.dot_i16x8_s: 7 instructions per 16 bytes. Relaxed SIMD's
// i32x4.relaxed_dot_i8x16_i7x16_add_s does the int8 multiply-add in one (pmaddubsw + pmaddwd on
// x86). Emscripten 3.1.6's clang 14 has no intrinsic for it, so build.sh compiles this one file
// with Debian's clang 19 (which has wasm_i32x4_relaxed_dot_i8x16_i7x16_add) and links it with
// `-Wl,--wrap=ggml_vec_dot_q4_0_q8_0,--wrap=ggml_vec_dot_q8_0_q8_0`: ggml's type-trait table then
// calls these, and nothing in llama.cpp's source changes.
//
// The instruction's second operand must fit in 7 bits (0..127), or engines may disagree on the
// result. Both kernels keep it there, and keep every block's integer sum exact, so results differ
// from ggml's wasm kernels only in the order floats are added.

#if !defined(__wasm_relaxed_simd__)
#error "relaxed-dot.c must be compiled with -mrelaxed-simd"
#endif

#include <wasm_simd128.h>

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define GGML_COMMON_DECL_C
#include "ggml-common.h"

// ggml-cpu's fp16 -> fp32 table (ggml-cpu.c), as ggml's own wasm kernels use: one load instead of
// ~15 integer and float operations per scale, twice per block.
extern float ggml_table_f32_f16[1 << 16];

static inline float fp16_to_fp32(ggml_half h) {
    return ggml_table_f32_f16[h];
}

static inline float hsum_f32x4(v128_t v) {
    return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
           wasm_f32x4_extract_lane(v, 3);
}

// Q4_0 weights hold nibbles q in 0..15 meaning q - 8. The nibbles are the 7-bit operand as they
// are; the -8 comes back as 8 * sum(y), also a relaxed dot (y against a vector of 8s). Pairs stay
// in int16 (pmaddubsw alone on x86): |y . q| <= 2 * 2 * 127 * 15 and 8 * |sum y| <= 16 * 127, so the
// int16 lanes cannot overflow. Every block's integer sum equals ggml's kernel's exactly.
static inline v128_t q4_0_block(const block_q4_0 * x, const block_q8_0 * y) {
    const v128_t m4 = wasm_i8x16_splat(0x0F);
    const v128_t eight = wasm_i8x16_splat(8);
    const v128_t q = wasm_v128_load(x->qs);
    const v128_t lo = wasm_v128_and(q, m4);
    // A 16-bit shift then the mask: x86 has no 8-bit shift, and the mask drops what crossed bytes.
    const v128_t hi = wasm_v128_and(wasm_u16x8_shr(q, 4), m4);
    const v128_t y0 = wasm_v128_load(y->qs);
    const v128_t y1 = wasm_v128_load(y->qs + 16);
    const v128_t dot = wasm_i16x8_add(wasm_i16x8_relaxed_dot_i8x16_i7x16(y0, lo), wasm_i16x8_relaxed_dot_i8x16_i7x16(y1, hi));
    const v128_t bias = wasm_i16x8_add(wasm_i16x8_relaxed_dot_i8x16_i7x16(y0, eight), wasm_i16x8_relaxed_dot_i8x16_i7x16(y1, eight));
    const v128_t sum = wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_sub(dot, bias));
    const float scale = fp16_to_fp32(x->d) * fp16_to_fp32(y->d);
    return wasm_f32x4_mul(wasm_f32x4_convert_i32x4(sum), wasm_f32x4_splat(scale));
}

void __wrap_ggml_vec_dot_q4_0_q8_0(int n, float * restrict s, size_t bs, const void * restrict vx, size_t bx,
                                   const void * restrict vy, size_t by, int nrc) {
    (void)bs;
    (void)bx;
    (void)by;
    (void)nrc;
    assert(nrc == 1);
    assert(n % QK8_0 == 0);
    const int nb = n / QK8_0;
    const block_q4_0 * restrict x = vx;
    const block_q8_0 * restrict y = vy;
    // Two accumulators: consecutive blocks do not wait on each other's float add.
    v128_t acc0 = wasm_f32x4_splat(0.0f);
    v128_t acc1 = wasm_f32x4_splat(0.0f);
    int ib = 0;
    for (; ib + 1 < nb; ib += 2) {
        acc0 = wasm_f32x4_add(acc0, q4_0_block(&x[ib], &y[ib]));
        acc1 = wasm_f32x4_add(acc1, q4_0_block(&x[ib + 1], &y[ib + 1]));
    }
    if (ib < nb) acc0 = wasm_f32x4_add(acc0, q4_0_block(&x[ib], &y[ib]));
    *s = hsum_f32x4(wasm_f32x4_add(acc0, acc1));
}

// Q8_0 x Q8_0: both sides are signed, so move the weights' signs onto the activations:
// x . y = |x| . (y * sign(x)), with |x| in 0..127 (ggml's quantizers round to -127..127, never -128)
// as the 7-bit operand. y * sign(x) is (y ^ m) - m with m = (x < 0 ? -1 : 0): x86's psignb, in three
// wasm instructions. Each int16 pair is at most 2 * 127 * 127 (no overflow); pairs widen to int32
// before the two halves are added.
static inline v128_t q8_0_block(const block_q8_0 * x, const block_q8_0 * y) {
    const v128_t zero = wasm_i8x16_splat(0);
    const v128_t x0 = wasm_v128_load(x->qs);
    const v128_t x1 = wasm_v128_load(x->qs + 16);
    const v128_t y0 = wasm_v128_load(y->qs);
    const v128_t y1 = wasm_v128_load(y->qs + 16);
    const v128_t m0 = wasm_i8x16_lt(x0, zero);
    const v128_t m1 = wasm_i8x16_lt(x1, zero);
    const v128_t s0 = wasm_i8x16_sub(wasm_v128_xor(y0, m0), m0);
    const v128_t s1 = wasm_i8x16_sub(wasm_v128_xor(y1, m1), m1);
    const v128_t sum = wasm_i32x4_add(wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_relaxed_dot_i8x16_i7x16(s0, wasm_i8x16_abs(x0))),
                                      wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_relaxed_dot_i8x16_i7x16(s1, wasm_i8x16_abs(x1))));
    const float scale = fp16_to_fp32(x->d) * fp16_to_fp32(y->d);
    return wasm_f32x4_mul(wasm_f32x4_convert_i32x4(sum), wasm_f32x4_splat(scale));
}

void __wrap_ggml_vec_dot_q8_0_q8_0(int n, float * restrict s, size_t bs, const void * restrict vx, size_t bx,
                                   const void * restrict vy, size_t by, int nrc) {
    (void)bs;
    (void)bx;
    (void)by;
    (void)nrc;
    assert(nrc == 1);
    assert(n % QK8_0 == 0);
    const int nb = n / QK8_0;
    const block_q8_0 * restrict x = vx;
    const block_q8_0 * restrict y = vy;
    v128_t acc0 = wasm_f32x4_splat(0.0f);
    v128_t acc1 = wasm_f32x4_splat(0.0f);
    int ib = 0;
    for (; ib + 1 < nb; ib += 2) {
        acc0 = wasm_f32x4_add(acc0, q8_0_block(&x[ib], &y[ib]));
        acc1 = wasm_f32x4_add(acc1, q8_0_block(&x[ib + 1], &y[ib + 1]));
    }
    if (ib < nb) acc0 = wasm_f32x4_add(acc0, q8_0_block(&x[ib], &y[ib]));
    *s = hsum_f32x4(wasm_f32x4_add(acc0, acc1));
}
