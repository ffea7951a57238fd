// Tiled matrix kernels for prompt processing: quantized weights (Q4_0, Q8_0, Q4_K, Q6_K) times a
// batch of quantized activations (Q8_0 or Q8_K), for both module variants.
//
// Why: ggml's CPU mul_mat on wasm computes every (weight row, token) pair with one call of the
// row-by-row vec_dot kernel, which unpacks the weight block, reduces its lanes to one float and
// converts both fp16 scales again for every token. A prompt of n tokens repeats that work n times
// per weight row. Here a tile of 4 weight rows is unpacked once into an L1-resident buffer in the
// form the dot instruction wants, then every token's activations are loaded once per 4 rows, the
// 4 rows' integer sums are reduced together (one transpose instead of 4 horizontal sums) and
// scaled by one vector multiply.
//
// How it is reached: build.sh configures ggml with GGML_LLAMAFILE=ON, so ggml-cpu's mul_mat offers
// every product to llamafile_sgemm first, and links with -Wl,--wrap=llamafile_sgemm, so that call
// lands in __wrap_llamafile_sgemm below. Anything it does not take (one token, other types, F32)
// returns false and ggml's own path runs unchanged; llamafile's tinyBLAS has no wasm code and is
// never called. llama.cpp's source stays untouched.
//
// The same file is compiled twice by clang 19: with -msimd128 for hearth-llama-simd.wasm and with
// -mrelaxed-simd for hearth-llama-relaxed.wasm, where int8 products use
// i16x8.relaxed_dot_i8x16_i7x16_s (one pmaddubsw on x86). Its second operand must be 0..127 or
// engines may disagree, so the relaxed kernels keep weights unsigned (Q4_0's nibbles and the
// K-quants' 4/6-bit values) and take their offsets back from sums of the activations. Every
// block's integer sum is exact, so results differ from ggml's vec_dot kernels only in the order
// floats are added; tiled-gemm-test.c checks that against them on random blocks.

#include <wasm_simd128.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GGML_COMMON_DECL_C
#include "ggml-common.h"
#include "ggml.h"
#include "ggml-cpu-impl.h"
#include "k-quant-scales.h"

#if defined(__wasm_relaxed_simd__)
#define HEARTH_RELAXED 1
#else
#define HEARTH_RELAXED 0
#endif

// ggml-cpu's fp16 -> fp32 table (ggml-cpu.c): one load per scale.
extern float ggml_table_f32_f16[1 << 16];
static inline float f16(ggml_half h) { return ggml_table_f32_f16[h]; }

// Rows per micro-kernel; every column (token) of a tile is computed against these 4 rows.
#define TILE_ROWS 4
// A scheduling chunk: 64 weight rows by 64 tokens, so a thread's chunk reuses its unpacked rows 64
// times, relaxed Q4_0's activation sums serve 64 rows (with 16 they were 7% of a Node profile), and
// two threads share out a 1024 x 256 product in 16 chunks. Attention's F32 products (64-row heads
// against the tokens) keep 16-row chunks so more threads find work.
#define CHUNK_ROWS 64
#define CHUNK_ROWS_F32 16
#define CHUNK_COLS 64

// Sums each of a, b, c, d across its 4 lanes: [sum a, sum b, sum c, sum d]. Two rounds of
// interleave-and-add (punpck + paddd on x86) instead of four horizontal sums.
static inline v128_t hsum4_i32(v128_t a, v128_t b, v128_t c, v128_t d) {
    const v128_t ab = wasm_i32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
    const v128_t cd = wasm_i32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
    return wasm_i32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

// The 4 rows' results for one column: rows r0..r0+valid-1 of column c.
static inline void store_col(float * C, v128_t v, int valid) {
    if (valid == TILE_ROWS) {
        wasm_v128_store(C, v);
    } else {
        float t[4];
        wasm_v128_store(t, v);
        for (int i = 0; i < valid; i++) C[i] = t[i];
    }
}

// Per-thread buffers, grown as needed and kept: one tile's unpacked rows, and (relaxed Q4_0) a
// chunk's activation block sums. aligned_alloc for both: a plain malloc used in one variant only
// would reorder the module's exports, and the two variants could no longer share one JS glue file.
typedef struct {
    void * p;
    size_t size;
} grown_buffer;
static void * buffer_get(grown_buffer * b, size_t size) {
    if (size > b->size) {
        free(b->p);
        b->p = aligned_alloc(16, (size + 15) & ~(size_t)15);
        b->size = b->p ? size : 0;
    }
    return b->p;
}
static _Thread_local grown_buffer scratch;
static void * scratch_get(size_t size) { return buffer_get(&scratch, size); }

// ---------------------------------------------------------------------------------------------
// Q4_0 and Q8_0 weights x Q8_0 activations (blocks of 32, one fp16 scale each).
//
// Unpacked tile, per block: the 4 rows' scales as one f32x4, then the 4 rows' 32 values as int16
// (Q4_0: nibble - 8; Q8_0: as stored), for i32x4.dot_i16x8_s. Relaxed Q4_0 has its own layout below.
// Q8_0 takes the int16 path in both variants: a relaxed dot needs the weights' signs moved onto
// the activations for every (row, token) pair, which costs more than widening once per tile.

typedef struct {
    v128_t d;          // the 4 rows' block scales
    int16_t q[4][32];  // values, row by row
} tile_i16_block;

static void unpack_q8_0_i16(tile_i16_block * t, const block_q8_0 * const rows[4], int64_t nb) {
    for (int64_t l = 0; l < nb; l++) {
        float d[4];
        for (int i = 0; i < 4; i++) {
            const block_q8_0 * b = rows[i] + l;
            d[i] = f16(b->d);
            const v128_t x0 = wasm_v128_load(b->qs);
            const v128_t x1 = wasm_v128_load(b->qs + 16);
            wasm_v128_store(t[l].q[i] + 0, wasm_i16x8_extend_low_i8x16(x0));
            wasm_v128_store(t[l].q[i] + 8, wasm_i16x8_extend_high_i8x16(x0));
            wasm_v128_store(t[l].q[i] + 16, wasm_i16x8_extend_low_i8x16(x1));
            wasm_v128_store(t[l].q[i] + 24, wasm_i16x8_extend_high_i8x16(x1));
        }
        t[l].d = wasm_v128_load(d);
    }
}

static void unpack_q4_0_i16(tile_i16_block * t, const block_q4_0 * const rows[4], int64_t nb) {
    const v128_t m4 = wasm_i8x16_splat(0x0F);
    const v128_t eight = wasm_i8x16_splat(8);
    for (int64_t l = 0; l < nb; l++) {
        float d[4];
        for (int i = 0; i < 4; i++) {
            const block_q4_0 * b = rows[i] + l;
            d[i] = f16(b->d);
            const v128_t q = wasm_v128_load(b->qs);
            // Element j is the low nibble of qs[j], element j + 16 its high nibble.
            const v128_t x0 = wasm_i8x16_sub(wasm_v128_and(q, m4), eight);
            const v128_t x1 = wasm_i8x16_sub(wasm_v128_and(wasm_u16x8_shr(q, 4), m4), eight);
            wasm_v128_store(t[l].q[i] + 0, wasm_i16x8_extend_low_i8x16(x0));
            wasm_v128_store(t[l].q[i] + 8, wasm_i16x8_extend_high_i8x16(x0));
            wasm_v128_store(t[l].q[i] + 16, wasm_i16x8_extend_low_i8x16(x1));
            wasm_v128_store(t[l].q[i] + 24, wasm_i16x8_extend_high_i8x16(x1));
        }
        t[l].d = wasm_v128_load(d);
    }
}

// One token (column) against the 4 unpacked rows, int16 path: sum over blocks of
// d_w * d_y * (x . y), the 4 rows in the 4 lanes.
static v128_t col_i16(const tile_i16_block * t, const block_q8_0 * y, int64_t nb) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int64_t l = 0; l < nb; l++) {
        const v128_t y0 = wasm_v128_load(y[l].qs);
        const v128_t y1 = wasm_v128_load(y[l].qs + 16);
        const v128_t a = wasm_i16x8_extend_low_i8x16(y0);
        const v128_t b = wasm_i16x8_extend_high_i8x16(y0);
        const v128_t c = wasm_i16x8_extend_low_i8x16(y1);
        const v128_t e = wasm_i16x8_extend_high_i8x16(y1);
        v128_t s[4];
        for (int i = 0; i < 4; i++) {
            const int16_t * q = t[l].q[i];
            // Each lane: two products of at most 127 * 127, four lanes added: no overflow.
            s[i] = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_dot_i16x8(a, wasm_v128_load(q)), wasm_i32x4_dot_i16x8(b, wasm_v128_load(q + 8))),
                                  wasm_i32x4_add(wasm_i32x4_dot_i16x8(c, wasm_v128_load(q + 16)), wasm_i32x4_dot_i16x8(e, wasm_v128_load(q + 24))));
        }
        const v128_t sum = hsum4_i32(s[0], s[1], s[2], s[3]);
        const v128_t scale = wasm_f32x4_mul(t[l].d, wasm_f32x4_splat(f16(y[l].d)));
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(sum), scale));
    }
    return acc;
}

#if HEARTH_RELAXED
// Relaxed Q4_0, 8 rows x 2 tokens at a time, rows in lanes.
//
// x . y = q . y - 8 * sum(y), with q the raw nibbles. The tile stores each block of 4 rows as 8
// vectors, vector v holding elements 4v..4v+3 of each of the 4 rows (row i in bytes 4i..4i+3), so
// i16x8.relaxed_dot against y's elements 4v..4v+3 splat to every lane leaves row i's partial sum in
// lanes 2i and 2i+1. The 8 vectors' products add up in int16 (each at most 2 * 15 * 128 = 3840 per
// lane, 8 of them 30720), one i32x4.extadd_pairwise then gives the 4 rows' block sums with no
// horizontal sum, and each token's 8 * sum(y) and scale come from a table made once per chunk.
// Both tokens share every weight load, both row groups every activation load.

typedef struct {
    v128_t d[2];          // the 2 groups' 4 block scales
    uint8_t q[2][8][16];  // [group][v]: elements 4v..4v+3 of the group's 4 rows
} tile_q4_0_x8;

// One token's block: 8 * sum(y) (exact) and y's scale.
typedef struct {
    int32_t bias;
    float d;
} y_block_sum;

// 4 rows' 32 values (lo: elements 0..15, hi: 16..31 of each row) as 8 vectors, vector v holding
// elements 4v..4v+3 of row i in its bytes 4i..4i+3: a 4 x 4 transpose of 32-bit lanes, twice.
static inline void store_lanes_by_row(uint8_t out[8][16], const v128_t lo[4], const v128_t hi[4]) {
    for (int h = 0; h < 2; h++) {
        const v128_t * x = h ? hi : lo;
        const v128_t a = wasm_i32x4_shuffle(x[0], x[1], 0, 4, 1, 5), b = wasm_i32x4_shuffle(x[2], x[3], 0, 4, 1, 5);
        const v128_t c = wasm_i32x4_shuffle(x[0], x[1], 2, 6, 3, 7), e = wasm_i32x4_shuffle(x[2], x[3], 2, 6, 3, 7);
        wasm_v128_store(out[4 * h + 0], wasm_i32x4_shuffle(a, b, 0, 1, 4, 5));
        wasm_v128_store(out[4 * h + 1], wasm_i32x4_shuffle(a, b, 2, 3, 6, 7));
        wasm_v128_store(out[4 * h + 2], wasm_i32x4_shuffle(c, e, 0, 1, 4, 5));
        wasm_v128_store(out[4 * h + 3], wasm_i32x4_shuffle(c, e, 2, 3, 6, 7));
    }
}

static void unpack_q4_0_x8(tile_q4_0_x8 * t, const block_q4_0 * const rows[8], int64_t nb) {
    const v128_t m4 = wasm_i8x16_splat(0x0F);
    for (int64_t l = 0; l < nb; l++) {
        for (int g = 0; g < 2; g++) {
            float d[4];
            v128_t lo[4], hi[4];
            for (int i = 0; i < 4; i++) {
                const block_q4_0 * b = rows[4 * g + i] + l;
                d[i] = f16(b->d);
                const v128_t q = wasm_v128_load(b->qs);
                // Element j is the low nibble of qs[j], element j + 16 its high nibble.
                lo[i] = wasm_v128_and(q, m4);
                hi[i] = wasm_v128_and(wasm_u16x8_shr(q, 4), m4);
            }
            t[l].d[g] = wasm_v128_load(d);
            store_lanes_by_row(t[l].q[g], lo, hi);
        }
    }
}

// 8 * sum(y) and the scale of every block of one token.
static void y_sums_q8_0(y_block_sum * s, const block_q8_0 * y, int64_t nb) {
    for (int64_t l = 0; l < nb; l++) {
        const v128_t p = wasm_i16x8_add(wasm_i16x8_extadd_pairwise_i8x16(wasm_v128_load(y[l].qs)), wasm_i16x8_extadd_pairwise_i8x16(wasm_v128_load(y[l].qs + 16)));
        const v128_t q = wasm_i32x4_extadd_pairwise_i16x8(p);
        s[l].bias = 8 * (wasm_i32x4_extract_lane(q, 0) + wasm_i32x4_extract_lane(q, 1) + wasm_i32x4_extract_lane(q, 2) + wasm_i32x4_extract_lane(q, 3));
        s[l].d = f16(y[l].d);
    }
}

// Rows r..r+7 (valid of them) of tokens a and b (b == a when only one is left): C's 8 results of
// each token. ya/yb are the tokens' blocks, sa/sb their block sums.
static void q4_0_x8_2(const tile_q4_0_x8 * t, const block_q8_0 * ya, const y_block_sum * sa, const block_q8_0 * yb,
                      const y_block_sum * sb, int64_t nb, v128_t out[4]) {
    v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, b0 = a0, b1 = a0;
    for (int64_t l = 0; l < nb; l++) {
        v128_t pa0 = wasm_i16x8_splat(0), pa1 = pa0, pb0 = pa0, pb1 = pa0;
        const int8_t * qa = ya[l].qs;
        const int8_t * qb = yb[l].qs;
        const uint8_t * w = t[l].q[0][0];
        // Not unrolled: unrolled, clang reassociates the sums per accumulator and loads all 32
        // vectors first, and V8 (16 xmm registers) spills most of them to the stack.
#pragma clang loop unroll(disable)
        for (int v = 0; v < 8; v++) {
            const v128_t w0 = wasm_v128_load(w + 16 * v), w1 = wasm_v128_load(w + 128 + 16 * v);
            const v128_t ua = wasm_v128_load32_splat(qa + 4 * v), ub = wasm_v128_load32_splat(qb + 4 * v);
            pa0 = wasm_i16x8_add(pa0, wasm_i16x8_relaxed_dot_i8x16_i7x16(ua, w0));
            pa1 = wasm_i16x8_add(pa1, wasm_i16x8_relaxed_dot_i8x16_i7x16(ua, w1));
            pb0 = wasm_i16x8_add(pb0, wasm_i16x8_relaxed_dot_i8x16_i7x16(ub, w0));
            pb1 = wasm_i16x8_add(pb1, wasm_i16x8_relaxed_dot_i8x16_i7x16(ub, w1));
        }
        const v128_t biasa = wasm_i32x4_splat(sa[l].bias), biasb = wasm_i32x4_splat(sb[l].bias);
        const v128_t da = wasm_f32x4_splat(sa[l].d), db = wasm_f32x4_splat(sb[l].d);
        const v128_t d0 = t[l].d[0], d1 = t[l].d[1];
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_sub(wasm_i32x4_extadd_pairwise_i16x8(pa0), biasa)), wasm_f32x4_mul(d0, da)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_sub(wasm_i32x4_extadd_pairwise_i16x8(pa1), biasa)), wasm_f32x4_mul(d1, da)));
        b0 = wasm_f32x4_add(b0, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_sub(wasm_i32x4_extadd_pairwise_i16x8(pb0), biasb)), wasm_f32x4_mul(d0, db)));
        b1 = wasm_f32x4_add(b1, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_sub(wasm_i32x4_extadd_pairwise_i16x8(pb1), biasb)), wasm_f32x4_mul(d1, db)));
    }
    out[0] = a0;
    out[1] = a1;
    out[2] = b0;
    out[3] = b1;
}

static _Thread_local grown_buffer sums;

static void gemm_q4_0_relaxed(int64_t nb, const block_q4_0 * A, int64_t lda, const block_q8_0 * B, int64_t ldb, float * C, int64_t ldc,
                              int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    y_block_sum * s = buffer_get(&sums, sizeof(y_block_sum) * (size_t)(nb * (c1 - c0)));
    tile_q4_0_x8 * t = scratch_get(sizeof(tile_q4_0_x8) * (size_t)nb);
    if (!s || !t) abort();
    for (int64_t c = c0; c < c1; c++) y_sums_q8_0(s + (c - c0) * nb, B + c * ldb, nb);
    for (int64_t r = r0; r < r1; r += 8) {
        const int valid = (int)(r1 - r < 8 ? r1 - r : 8);
        // A short last tile repeats its last row; only the valid lanes are stored.
        const block_q4_0 * x[8];
        for (int i = 0; i < 8; i++) x[i] = A + (r + (i < valid ? i : valid - 1)) * lda;
        unpack_q4_0_x8(t, x, nb);
        const int valid0 = valid < 4 ? valid : 4, valid1 = valid - valid0;
        for (int64_t c = c0; c < c1; c += 2) {
            const int64_t cb = c + 1 < c1 ? c + 1 : c;
            v128_t out[4];
            q4_0_x8_2(t, B + c * ldb, s + (c - c0) * nb, B + cb * ldb, s + (cb - c0) * nb, nb, out);
            store_col(C + c * ldc + r, out[0], valid0);
            if (valid1 > 0) store_col(C + c * ldc + r + 4, out[1], valid1);
            if (cb != c) {
                store_col(C + cb * ldc + r, out[2], valid0);
                if (valid1 > 0) store_col(C + cb * ldc + r + 4, out[3], valid1);
            }
        }
    }
}

// Relaxed Q4_K the same way, 4 rows x 2 tokens: w = d * s_j * q - dmin * m_j per 32-value sub-block
// j, q the nibbles. Each sub-block of 4 rows is 8 vectors as above; its 8 relaxed dots add in int16
// (at most 30720 per lane, as Q4_0's), and one i32x4.dot_i16x8_s against [s_r0, s_r0, s_r1, s_r1,
// ...] adds row i's two lanes and scales them into lane i. The mins' term is one more dot_i16x8 per
// sub-block: Q8_K's sums of 16 activations, 2j and 2j + 1 splat as a pair, against the rows' m_j in
// the same layout. Per lane at most 8 * 63 * 2 * 30720 (no overflow).

typedef struct {
    v128_t D, M;            // the 4 rows' d and dmin
    int16_t sc[8][8];       // sub-block j: each row's 6-bit scale, twice
    int16_t mn[8][8];       // sub-block j: each row's 6-bit min, twice
    uint8_t q[8][8][16];    // sub-block j, vector v: elements 32j + 4v..4v+3 of the 4 rows
} tile_q4_K_x4;

static void unpack_q4_K_x4(tile_q4_K_x4 * t, const block_q4_K * const rows[4], int64_t nb) {
    const v128_t m4 = wasm_i8x16_splat(0x0F);
    for (int64_t l = 0; l < nb; l++) {
        float D[4], M[4];
        for (int i = 0; i < 4; i++) {
            const block_q4_K * x = rows[i] + l;
            D[i] = f16(x->d);
            M[i] = f16(x->dmin);
            for (int j = 0; j < 8; j++) {
                uint8_t sc, mn;
                q4_K_scale_min(x->scales, j, &sc, &mn);
                t[l].sc[j][2 * i] = t[l].sc[j][2 * i + 1] = sc;
                t[l].mn[j][2 * i] = t[l].mn[j][2 * i + 1] = mn;
            }
        }
        t[l].D = wasm_v128_load(D);
        t[l].M = wasm_v128_load(M);
        // Each 32 bytes of qs hold sub-blocks 2h (low nibbles) and 2h + 1 (high nibbles).
        for (int h = 0; h < 4; h++) {
            v128_t lo[2][4], hi[2][4];
            for (int i = 0; i < 4; i++) {
                const uint8_t * qs = rows[i][l].qs + 32 * h;
                const v128_t q0 = wasm_v128_load(qs), q1 = wasm_v128_load(qs + 16);
                lo[0][i] = wasm_v128_and(q0, m4);
                hi[0][i] = wasm_v128_and(q1, m4);
                lo[1][i] = wasm_v128_and(wasm_u16x8_shr(q0, 4), m4);
                hi[1][i] = wasm_v128_and(wasm_u16x8_shr(q1, 4), m4);
            }
            store_lanes_by_row(t[l].q[2 * h], lo[0], hi[0]);
            store_lanes_by_row(t[l].q[2 * h + 1], lo[1], hi[1]);
        }
    }
}

// Rows r..r+3 of tokens a and b (b == a when only one is left).
static void q4_K_x4_2(const tile_q4_K_x4 * t, const block_q8_K * ya, const block_q8_K * yb, int64_t nb, v128_t out[2]) {
    v128_t fa = wasm_f32x4_splat(0.0f), fb = fa;
    for (int64_t l = 0; l < nb; l++) {
        v128_t ia = wasm_i32x4_splat(0), ib = ia, ma = ia, mb = ia;
        for (int j = 0; j < 8; j++) {
            const int8_t * qa = ya[l].qs + 32 * j;
            const int8_t * qb = yb[l].qs + 32 * j;
            const uint8_t * w = t[l].q[j][0];
            v128_t pa = wasm_i16x8_splat(0), pb = pa;
            // Rolled, as Q4_0's: unrolled, clang loads every vector first and V8 spills them.
#pragma clang loop unroll(disable)
            for (int v = 0; v < 8; v++) {
                const v128_t wv = wasm_v128_load(w + 16 * v);
                pa = wasm_i16x8_add(pa, wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load32_splat(qa + 4 * v), wv));
                pb = wasm_i16x8_add(pb, wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load32_splat(qb + 4 * v), wv));
            }
            const v128_t sc = wasm_v128_load(t[l].sc[j]), mn = wasm_v128_load(t[l].mn[j]);
            ia = wasm_i32x4_add(ia, wasm_i32x4_dot_i16x8(pa, sc));
            ib = wasm_i32x4_add(ib, wasm_i32x4_dot_i16x8(pb, sc));
            ma = wasm_i32x4_add(ma, wasm_i32x4_dot_i16x8(wasm_v128_load32_splat(ya[l].bsums + 2 * j), mn));
            mb = wasm_i32x4_add(mb, wasm_i32x4_dot_i16x8(wasm_v128_load32_splat(yb[l].bsums + 2 * j), mn));
        }
        const v128_t D = t[l].D, M = t[l].M;
        fa = wasm_f32x4_add(fa, wasm_f32x4_mul(wasm_f32x4_splat(ya[l].d), wasm_f32x4_sub(wasm_f32x4_mul(D, wasm_f32x4_convert_i32x4(ia)), wasm_f32x4_mul(M, wasm_f32x4_convert_i32x4(ma)))));
        fb = wasm_f32x4_add(fb, wasm_f32x4_mul(wasm_f32x4_splat(yb[l].d), wasm_f32x4_sub(wasm_f32x4_mul(D, wasm_f32x4_convert_i32x4(ib)), wasm_f32x4_mul(M, wasm_f32x4_convert_i32x4(mb)))));
    }
    out[0] = fa;
    out[1] = fb;
}

static void gemm_q4_K_relaxed(int64_t nb, const block_q4_K * A, int64_t lda, const block_q8_K * B, int64_t ldb, float * C, int64_t ldc,
                              int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    tile_q4_K_x4 * t = scratch_get(sizeof(tile_q4_K_x4) * (size_t)nb);
    if (!t) abort();
    for (int64_t r = r0; r < r1; r += TILE_ROWS) {
        const int valid = (int)(r1 - r < TILE_ROWS ? r1 - r : TILE_ROWS);
        const block_q4_K * x[4];
        for (int i = 0; i < 4; i++) x[i] = A + (r + (i < valid ? i : valid - 1)) * lda;
        unpack_q4_K_x4(t, x, nb);
        for (int64_t c = c0; c < c1; c += 2) {
            const int64_t cb = c + 1 < c1 ? c + 1 : c;
            v128_t out[2];
            q4_K_x4_2(t, B + c * ldb, B + cb * ldb, nb, out);
            store_col(C + c * ldc + r, out[0], valid);
            if (cb != c) store_col(C + cb * ldc + r, out[1], valid);
        }
    }
}
#endif

// ---------------------------------------------------------------------------------------------
// Q4_K and Q6_K weights x Q8_K activations (super-blocks of 256).
//
// Both are written as w = D * s_g * q - M * b_g over 16 groups g of 16 values, with q unsigned:
//   Q4_K: q in 0..15, s_g the 6-bit scale of the 32-value sub-block g/2, D = d,
//         b_g its 6-bit min, M = dmin;
//   Q6_K: q in 0..63 (the stored value + 32), s_g = b_g = the int8 scale of group g, M = 32 d.
// So x . y = D * sum_g s_g (q_g . y_g) - M * sum_g b_g bsum_g, where bsum_g is Q8_K's own sum of
// the group's activations. The second term is one 16-long int16 dot per (row, token).
//
// Relaxed: q as uint8 (the 7-bit operand), i16x8.relaxed_dot then i32x4.dot_i16x8_s against the
// group scale (pmaddubsw + pmaddwd, as x86's kernels do). Per int16 lane two products of at most
// 63 * 127 (no overflow); per int32 lane the scale (|s| <= 128) times two of those.
// SIMD: the scale is multiplied into q ahead (s_g * q: |.| <= 128 * 63 = 8064, fits int16) and one
// i32x4.dot_i16x8_s per 8 values does the rest.

typedef struct {
    v128_t D, M;             // the 4 rows' D and M
    int16_t b[4][16];        // b_g
#if HEARTH_RELAXED
    uint8_t q[4][256];       // q
    int16_t s[4][16][8];     // s_g, splat to 8 lanes
#else
    int16_t q[4][256];       // s_g * q
#endif
} tile_k_block;

static inline void k_store_row(tile_k_block * t, int i, const uint8_t q[256], const int16_t s[16], const int16_t b[16]) {
    for (int g = 0; g < 16; g++) t->b[i][g] = b[g];
#if HEARTH_RELAXED
    memcpy(t->q[i], q, 256);
    for (int g = 0; g < 16; g++) wasm_v128_store(t->s[i][g], wasm_i16x8_splat(s[g]));
#else
    for (int j = 0; j < 256; j++) t->q[i][j] = (int16_t)(s[j / 16] * q[j]);
#endif
}

static void unpack_q4_K(tile_k_block * t, const block_q4_K * const rows[4], int64_t nb) {
    uint8_t q[256];
    int16_t s[16], b[16];
    for (int64_t l = 0; l < nb; l++) {
        float D[4], M[4];
        for (int i = 0; i < 4; i++) {
            const block_q4_K * x = rows[i] + l;
            D[i] = f16(x->d);
            M[i] = f16(x->dmin);
            // 8 sub-blocks of 32, each with a 6-bit scale and min.
            for (int j = 0; j < 8; j++) {
                uint8_t sc, mn;
                q4_K_scale_min(x->scales, j, &sc, &mn);
                s[2 * j] = s[2 * j + 1] = sc;
                b[2 * j] = b[2 * j + 1] = mn;
            }
            // Each 32 bytes of qs hold two sub-blocks: low nibbles the first, high nibbles the second.
            for (int j = 0; j < 4; j++) {
                for (int e = 0; e < 32; e++) {
                    q[64 * j + e] = x->qs[32 * j + e] & 0xF;
                    q[64 * j + 32 + e] = x->qs[32 * j + e] >> 4;
                }
            }
            k_store_row(&t[l], i, q, s, b);
        }
        t[l].D = wasm_v128_load(D);
        t[l].M = wasm_v128_load(M);
    }
}

static void unpack_q6_K(tile_k_block * t, const block_q6_K * const rows[4], int64_t nb) {
    uint8_t q[256];
    int16_t s[16];
    for (int64_t l = 0; l < nb; l++) {
        float D[4], M[4];
        for (int i = 0; i < 4; i++) {
            const block_q6_K * x = rows[i] + l;
            D[i] = f16(x->d);
            M[i] = 32.0f * D[i];
            for (int g = 0; g < 16; g++) s[g] = x->scales[g];
            // Two halves of 128 values; in each, 64 bytes of ql and 32 of qh (ggml's layout).
            for (int h = 0; h < 2; h++) {
                const uint8_t * ql = x->ql + 64 * h;
                const uint8_t * qh = x->qh + 32 * h;
                uint8_t * o = q + 128 * h;
                for (int e = 0; e < 32; e++) {
                    o[e + 0] = (ql[e] & 0xF) | (((qh[e] >> 0) & 3) << 4);
                    o[e + 32] = (ql[e + 32] & 0xF) | (((qh[e] >> 2) & 3) << 4);
                    o[e + 64] = (ql[e] >> 4) | (((qh[e] >> 4) & 3) << 4);
                    o[e + 96] = (ql[e + 32] >> 4) | (((qh[e] >> 6) & 3) << 4);
                }
            }
            k_store_row(&t[l], i, q, s, s);
        }
        t[l].D = wasm_v128_load(D);
        t[l].M = wasm_v128_load(M);
    }
}

static v128_t col_k(const tile_k_block * t, const block_q8_K * y, int64_t nb) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int64_t l = 0; l < nb; l++) {
        const int8_t * yq = y[l].qs;
        const v128_t bs0 = wasm_v128_load(y[l].bsums);
        const v128_t bs1 = wasm_v128_load(y[l].bsums + 8);
        v128_t s[4], m[4];
        for (int i = 0; i < 4; i++) {
            v128_t a = wasm_i32x4_splat(0);
#if HEARTH_RELAXED
            const uint8_t * q = t[l].q[i];
            for (int g = 0; g < 16; g++) {
                const v128_t p = wasm_i16x8_relaxed_dot_i8x16_i7x16(wasm_v128_load(yq + 16 * g), wasm_v128_load(q + 16 * g));
                a = wasm_i32x4_add(a, wasm_i32x4_dot_i16x8(p, wasm_v128_load(t[l].s[i][g])));
            }
#else
            const int16_t * q = t[l].q[i];
            for (int g = 0; g < 32; g += 2) {
                const v128_t yv = wasm_v128_load(yq + 8 * g);
                a = wasm_i32x4_add(a, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(yv), wasm_v128_load(q + 8 * g)),
                                                     wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(yv), wasm_v128_load(q + 8 * g + 8))));
            }
#endif
            s[i] = a;
            m[i] = wasm_i32x4_add(wasm_i32x4_dot_i16x8(bs0, wasm_v128_load(t[l].b[i])), wasm_i32x4_dot_i16x8(bs1, wasm_v128_load(t[l].b[i] + 8)));
        }
        const v128_t sum = wasm_f32x4_convert_i32x4(hsum4_i32(s[0], s[1], s[2], s[3]));
        const v128_t mins = wasm_f32x4_convert_i32x4(hsum4_i32(m[0], m[1], m[2], m[3]));
        const v128_t dy = wasm_f32x4_splat(y[l].d);
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(dy, wasm_f32x4_sub(wasm_f32x4_mul(t[l].D, sum), wasm_f32x4_mul(t[l].M, mins))));
    }
    return acc;
}

// ---------------------------------------------------------------------------------------------
// F32 weights x F32 activations: attention's two products in prompt processing (K against the
// queries, V against the softmax of KQ), with the F32 KV cache llama-wasm uses. ggml's path calls
// ggml_vec_dot_f32 for every (row, token) pair: a short dot (head dimension 64 for KQ) paying its
// call, loop setup and horizontal sum each time. Here 4 rows x 2 tokens share every load (8
// accumulators, 6 loads per 4 values) and one transpose-sum gives the 4 rows of a token.
// Multiply then add, as ggml's wasm vec_dot (no fused multiply-add), so only the order of the
// additions differs from it.

static inline v128_t hsum4_f32(v128_t a, v128_t b, v128_t c, v128_t d) {
    const v128_t ab = wasm_f32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
    const v128_t cd = wasm_f32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
    return wasm_f32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

static void gemm_f32(int64_t k, const float * A, int64_t lda, const float * B, int64_t ldb, float * C, int64_t ldc, int64_t r0, int64_t r1,
                     int64_t c0, int64_t c1) {
    for (int64_t r = r0; r < r1; r += TILE_ROWS) {
        const int valid = (int)(r1 - r < TILE_ROWS ? r1 - r : TILE_ROWS);
        const float * a[4];
        for (int i = 0; i < 4; i++) a[i] = A + (r + (i < valid ? i : valid - 1)) * lda;
        for (int64_t c = c0; c < c1; c += 2) {
            const int two = c + 1 < c1;
            const float * b0 = B + c * ldb;
            const float * b1 = B + (c + two) * ldb;
            v128_t s00 = wasm_f32x4_splat(0.0f), s10 = s00, s20 = s00, s30 = s00;
            v128_t s01 = s00, s11 = s00, s21 = s00, s31 = s00;
            int64_t i = 0;
            for (; i + 4 <= k; i += 4) {
                const v128_t y0 = wasm_v128_load(b0 + i), y1 = wasm_v128_load(b1 + i);
                const v128_t x0 = wasm_v128_load(a[0] + i), x1 = wasm_v128_load(a[1] + i);
                const v128_t x2 = wasm_v128_load(a[2] + i), x3 = wasm_v128_load(a[3] + i);
                s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, y0));
                s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x1, y0));
                s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(x2, y0));
                s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(x3, y0));
                s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, y1));
                s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, y1));
                s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(x2, y1));
                s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(x3, y1));
            }
            v128_t col0 = hsum4_f32(s00, s10, s20, s30);
            v128_t col1 = hsum4_f32(s01, s11, s21, s31);
            for (; i < k; i++) {
                const v128_t x = wasm_f32x4_make(a[0][i], a[1][i], a[2][i], a[3][i]);
                col0 = wasm_f32x4_add(col0, wasm_f32x4_mul(x, wasm_f32x4_splat(b0[i])));
                col1 = wasm_f32x4_add(col1, wasm_f32x4_mul(x, wasm_f32x4_splat(b1[i])));
            }
            store_col(C + c * ldc + r, col0, valid);
            if (two) store_col(C + (c + 1) * ldc + r, col1, valid);
        }
    }
}

// ---------------------------------------------------------------------------------------------

/** Whether hearth_gemm computes weights of type `a` against activations of type `b`. */
bool hearth_gemm_supports(int a, int b) {
    switch (a) {
        case GGML_TYPE_Q4_0:
        case GGML_TYPE_Q8_0:
            return b == GGML_TYPE_Q8_0;
        case GGML_TYPE_Q4_K:
        case GGML_TYPE_Q6_K:
            return b == GGML_TYPE_Q8_K;
        case GGML_TYPE_F32:
            return b == GGML_TYPE_F32;
        default:
            return false;
    }
}

/**
 * C[c * ldc + r] = row r of A . column c of B for r in [r0, r1) and c in [c0, c1). A holds rows of
 * k blocks of `type` (lda blocks apart), B columns of k blocks of its activation type (ldb apart).
 */
void hearth_gemm(int type, int64_t k, const void * A, int64_t lda, const void * B, int64_t ldb, float * C, int64_t ldc,
                 int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    if (type == GGML_TYPE_F32) {
        gemm_f32(k, A, lda, B, ldb, C, ldc, r0, r1, c0, c1);
        return;
    }
#if HEARTH_RELAXED
    if (type == GGML_TYPE_Q4_0) {
        gemm_q4_0_relaxed(k, A, lda, B, ldb, C, ldc, r0, r1, c0, c1);
        return;
    }
    if (type == GGML_TYPE_Q4_K) {
        gemm_q4_K_relaxed(k, A, lda, B, ldb, C, ldc, r0, r1, c0, c1);
        return;
    }
#endif
    for (int64_t r = r0; r < r1; r += TILE_ROWS) {
        const int valid = (int)(r1 - r < TILE_ROWS ? r1 - r : TILE_ROWS);
        // A short last tile repeats its last row; only the valid lanes are stored.
        int64_t rows[4];
        for (int i = 0; i < 4; i++) rows[i] = r + (i < valid ? i : valid - 1);
        switch (type) {
            case GGML_TYPE_Q8_0:
            case GGML_TYPE_Q4_0: {
                const block_q8_0 * y = B;
                tile_i16_block * t = scratch_get(sizeof(tile_i16_block) * (size_t)k);
                if (!t) abort();
                if (type == GGML_TYPE_Q4_0) {
                    const block_q4_0 * x[4];
                    for (int i = 0; i < 4; i++) x[i] = (const block_q4_0 *)A + rows[i] * lda;
                    unpack_q4_0_i16(t, x, k);
                } else {
                    const block_q8_0 * x[4];
                    for (int i = 0; i < 4; i++) x[i] = (const block_q8_0 *)A + rows[i] * lda;
                    unpack_q8_0_i16(t, x, k);
                }
                for (int64_t c = c0; c < c1; c++) store_col(C + c * ldc + r, col_i16(t, y + c * ldb, k), valid);
                break;
            }
            case GGML_TYPE_Q4_K:
            case GGML_TYPE_Q6_K: {
                const block_q8_K * y = B;
                tile_k_block * t = scratch_get(sizeof(tile_k_block) * (size_t)k);
                if (!t) abort();
                if (type == GGML_TYPE_Q4_K) {
                    const block_q4_K * x[4];
                    for (int i = 0; i < 4; i++) x[i] = (const block_q4_K *)A + rows[i] * lda;
                    unpack_q4_K(t, x, k);
                } else {
                    const block_q6_K * x[4];
                    for (int i = 0; i < 4; i++) x[i] = (const block_q6_K *)A + rows[i] * lda;
                    unpack_q6_K(t, x, k);
                }
                for (int64_t c = c0; c < c1; c++) store_col(C + c * ldc + r, col_k(t, y + c * ldb, k), valid);
                break;
            }
            default:
                abort();
        }
    }
}

// Fewer tokens than this keep ggml's vec_dot path: decoding (one token) is a matrix-vector
// product, where unpacking a tile for one column would only add work.
#define MIN_COLS 4

// 0 leaves every product to ggml's vec_dot path, for A/B measurements in one build
// (prefill-profile.cpp's --no-tiled). Read at each product, set only between graphs.
int hearth_gemm_enabled = 1;

bool __wrap_llamafile_sgemm(const struct ggml_compute_params * params, int64_t m, int64_t n, int64_t k, const void * A, int64_t lda,
                            const void * B, int64_t ldb, void * C, int64_t ldc, int Atype, int Btype, int Ctype) {
    if (!hearth_gemm_enabled || Ctype != GGML_TYPE_F32 || n < MIN_COLS || !hearth_gemm_supports(Atype, Btype)) return false;
    const int64_t chunk_rows = Atype == GGML_TYPE_F32 ? CHUNK_ROWS_F32 : CHUNK_ROWS;
    const int64_t row_chunks = (m + chunk_rows - 1) / chunk_rows;
    const int64_t col_chunks = (n + CHUNK_COLS - 1) / CHUNK_COLS;
    const int64_t chunks = row_chunks * col_chunks;
    const int nth = params->nth;
    // Chunks are handed out as ggml's own mul_mat does: each thread starts at its index, then takes
    // the next free one. The counter is reset here and fenced by barriers, as tinyBLAS does, since
    // ggml may call this several times within one mul_mat.
    if (nth > 1) {
        if (params->ith == 0) ggml_threadpool_chunk_set(params->threadpool, nth);
        ggml_barrier(params->threadpool);
    }
    int64_t job = params->ith;
    while (job < chunks) {
        const int64_t rc = job % row_chunks;
        const int64_t cc = job / row_chunks;
        const int64_t r0 = rc * chunk_rows, c0 = cc * CHUNK_COLS;
        hearth_gemm(Atype, k, A, lda, B, ldb, C, ldc, r0, r0 + chunk_rows < m ? r0 + chunk_rows : m, c0, c0 + CHUNK_COLS < n ? c0 + CHUNK_COLS : n);
        job = nth > 1 ? ggml_threadpool_chunk_add(params->threadpool, 1) : job + 1;
    }
    if (nth > 1) ggml_barrier(params->threadpool);
    return true;
}
