// Relaxed-SIMD dot products for decoding (one token: ggml's row-by-row vec_dot path): Q4_0 and Q8_0
// weights against Q8_0 activations, and Q4_K against Q8_K (Q4_K_M's main type), for the relaxed
// variant of the module only.
//
// Why a separate file and compiler: ggml's wasm kernels (ggml-cpu/arch/wasm/quants.c) widen
// int8 to int16 and use i32x4.dot_i16x8_s: 7 instructions per 16 bytes. Relaxed SIMD's
// i16x8.relaxed_dot_i8x16_i7x16_s multiplies int8 pairs directly (one pmaddubsw on x86).
// Emscripten 3.1.6's clang 14 has no intrinsic for it, so build.sh compiles this one file with
// Debian's clang 19 and links it with
// `-Wl,--wrap=ggml_vec_dot_q4_0_q8_0,--wrap=ggml_vec_dot_q8_0_q8_0,--wrap=ggml_vec_dot_q4_K_q8_K`:
// ggml's type-trait table then calls these, and nothing in llama.cpp's source changes.
//
// The instruction's second operand must fit in 7 bits (0..127), or engines may disagree on the
// result. All three kernels keep it there, and keep every block's integer sum exact, so results
// differ from ggml's wasm kernels only in the order floats are added.

#if !defined(__wasm_relaxed_simd__)
#error "relaxed-dot.c must be compiled with -mrelaxed-simd"
#endif

#include <wasm_simd128.h>

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define GGML_COMMON_DECL_C
#include "ggml-common.h"
#include "k-quant-scales.h"

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

// ggml's vec_dot signature around a block kernel returning f32x4 partial sums: one row against one
// token, n values. Two accumulators, so consecutive blocks do not wait on each other's float add.
#define HEARTH_VEC_DOT(name, x_type, y_type, block_size, block)                                               \
    void __wrap_##name(int n, float * restrict s, size_t bs, const void * restrict vx, size_t bx, const void * restrict vy, \
                       size_t by, int nrc) {                                                                   \
        (void)bs;                                                                                              \
        (void)bx;                                                                                              \
        (void)by;                                                                                              \
        (void)nrc;                                                                                             \
        assert(nrc == 1);                                                                                      \
        assert(n % (block_size) == 0);                                                                         \
        const int nb = n / (block_size);                                                                       \
        const x_type * restrict x = vx;                                                                        \
        const y_type * restrict y = vy;                                                                        \
        v128_t acc0 = wasm_f32x4_splat(0.0f);                                                                  \
        v128_t acc1 = wasm_f32x4_splat(0.0f);                                                                  \
        int ib = 0;                                                                                            \
        for (; ib + 1 < nb; ib += 2) {                                                                         \
            acc0 = wasm_f32x4_add(acc0, block(&x[ib], &y[ib]));                                                \
            acc1 = wasm_f32x4_add(acc1, block(&x[ib + 1], &y[ib + 1]));                                        \
        }                                                                                                      \
        if (ib < nb) acc0 = wasm_f32x4_add(acc0, block(&x[ib], &y[ib]));                                       \
        *s = hsum_f32x4(wasm_f32x4_add(acc0, acc1));                                                           \
    }

// Q4_0 weights hold nibbles q in 0..15 meaning q - 8. The nibbles are the 7-bit operand as they
// are; the -8 comes back as 8 * sum(y), also a relaxed dot (y against a vector of 8s). Pairs stay
// in int16 (pmaddubsw alone on x86): per lane |y . q| <= 2 * 2 * 128 * 15 and 8 * |sum y| <= 8 * 4 * 128,
// so the int16 lanes cannot overflow. Every block's integer sum equals ggml's kernel's exactly.
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

HEARTH_VEC_DOT(ggml_vec_dot_q4_0_q8_0, block_q4_0, block_q8_0, QK8_0, q4_0_block)

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

HEARTH_VEC_DOT(ggml_vec_dot_q8_0_q8_0, block_q8_0, block_q8_0, QK8_0, q8_0_block)

// Q4_K x Q8_K (decoding with the K-quants of Q4_K_M, the catalog's default variants).
//
// ggml's wasm kernel widens every nibble and activation to int16, takes i32x4.dot_i16x8_s, and sums
// each 32-value sub-block's 4 lanes to a scalar before its scale: about 50 instructions per 64
// values. Here the nibbles (0..15) are the 7-bit operand of i16x8.relaxed_dot_i8x16_i7x16_s, two of
// those add in int16 (each lane at most 2 * 2 * 15 * 128 = 7680), and one i32x4.dot_i16x8_s against
// the sub-block's 6-bit scale widens and scales them at once (per lane at most 2 * 63 * 7680). The
// lanes are summed once per super-block, the mins' term is two more dot_i16x8 against Q8_K's own
// sums of 16 activations, and both scale as floats once.
static inline v128_t q4_K_block(const block_q4_K * x, const block_q8_K * y) {
    // The 8 sub-blocks' 6-bit scales and mins.
    uint8_t sc[8];
    int16_t mn[16];
    for (int j = 0; j < 8; j++) {
        uint8_t m;
        q4_K_scale_min(x->scales, j, &sc[j], &m);
        // bsums[2j] and bsums[2j + 1] are sub-block j's two halves: each meets its min.
        mn[2 * j] = mn[2 * j + 1] = m;
    }
    const v128_t mins = wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(y->bsums), wasm_v128_load(mn)),
                                       wasm_i32x4_dot_i16x8(wasm_v128_load(y->bsums + 8), wasm_v128_load(mn + 8)));
    const v128_t m4 = wasm_i8x16_splat(0x0F);
    v128_t acc = wasm_i32x4_splat(0);
    for (int j = 0; j < 4; j++) {
        // 32 bytes: low nibbles are sub-block 2j (activations 64j..64j+31), high nibbles 2j + 1.
        const v128_t q0 = wasm_v128_load(x->qs + 32 * j);
        const v128_t q1 = wasm_v128_load(x->qs + 32 * j + 16);
        const int8_t * yq = y->qs + 64 * j;
        const v128_t lo = wasm_i16x8_add(wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load(yq), wasm_v128_and(q0, m4)),
                                         wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load(yq + 16), wasm_v128_and(q1, m4)));
        const v128_t hi = wasm_i16x8_add(wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load(yq + 32), wasm_v128_and(wasm_u16x8_shr(q0, 4), m4)),
                                         wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load(yq + 48), wasm_v128_and(wasm_u16x8_shr(q1, 4), m4)));
        acc = wasm_i32x4_add(acc, wasm_i32x4_add(wasm_i32x4_dot_i16x8(lo, wasm_i16x8_splat(sc[2 * j])),
                                                 wasm_i32x4_dot_i16x8(hi, wasm_i16x8_splat(sc[2 * j + 1]))));
    }
    const float d = y->d * fp16_to_fp32(x->d);
    const float dmin = y->d * fp16_to_fp32(x->dmin);
    return wasm_f32x4_sub(wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), wasm_f32x4_splat(d)),
                          wasm_f32x4_mul(wasm_f32x4_convert_i32x4(mins), wasm_f32x4_splat(dmin)));
}

HEARTH_VEC_DOT(ggml_vec_dot_q4_K_q8_K, block_q4_K, block_q8_K, QK_K, q4_K_block)
