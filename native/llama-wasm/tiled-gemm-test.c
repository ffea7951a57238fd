// Pins tiled-gemm.c to ggml's own vec_dot kernels: every (row, token) of a tiled product must equal
// ggml_vec_dot_<type>_q8_<0|K> on the same blocks, up to the order floats are added. Random blocks
// (random bytes, random scales), quantized real-valued rows, and the extreme values that would
// overflow an int16 lane in a wrong kernel; odd shapes (rows not a multiple of 4, more tokens than
// one chunk, padded strides) through __wrap_llamafile_sgemm as ggml calls it.
//
// build.sh compiles it against the freshly built ggml libraries with each variant's tiled-gemm
// object and runs both under node before linking the module: a fast wrong kernel stops the build.
//   node tiled-gemm-test.mjs            (SIMD variant)
//   node --experimental-wasm-relaxed-simd tiled-gemm-test.mjs   (relaxed; Node 20 has it behind a flag)

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GGML_COMMON_DECL_C
#include "ggml-common.h"
#include "ggml.h"
#include "ggml-quants.h"
#include "ggml-cpu-impl.h"
#include "ggml-cpu/quants.h"

bool hearth_gemm_supports(int a, int b);
bool __wrap_llamafile_sgemm(const struct ggml_compute_params * params, int64_t m, int64_t n, int64_t k, const void * A, int64_t lda,
                            const void * B, int64_t ldb, void * C, int64_t ldc, int Atype, int Btype, int Ctype);
void ggml_cpu_init(void);
// ggml-cpu/vec.h (C linkage there; the header itself is C++-only).
void ggml_vec_dot_f32(int n, float * s, size_t bs, const float * x, size_t bx, const float * y, size_t by, int nrc);

typedef void (*vec_dot_t)(int, float *, size_t, const void *, size_t, const void *, size_t, int);

#if defined(HEARTH_TEST_RELAXED_DOT)
// relaxed-dot.c's decode kernels, linked here without --wrap, so ggml's own stay callable beside them.
void __wrap_ggml_vec_dot_q4_0_q8_0(int, float *, size_t, const void *, size_t, const void *, size_t, int);
void __wrap_ggml_vec_dot_q8_0_q8_0(int, float *, size_t, const void *, size_t, const void *, size_t, int);
void __wrap_ggml_vec_dot_q4_K_q8_K(int, float *, size_t, const void *, size_t, const void *, size_t, int);
#endif

static uint32_t rng = 20261207u;
static uint32_t next_u32(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
static float uniform(float lo, float hi) { return lo + (hi - lo) * (float)(next_u32() >> 8) / 16777216.0f; }

enum fill { RANDOM_BYTES, QUANTIZED, EXTREME };

static void fill_bytes(void * p, size_t n) {
    uint8_t * b = p;
    for (size_t i = 0; i < n; i++) b[i] = (uint8_t)next_u32();
}

// Weight rows of `type`, k blocks each, `lda` blocks apart.
static void make_weights(int type, void * A, int64_t rows, int64_t k, int64_t lda, enum fill how) {
    const size_t bsz = ggml_type_size(type);
    const int64_t bl = ggml_blck_size(type);
    float * x = malloc(sizeof(float) * (size_t)(k * bl));
    for (int64_t r = 0; r < rows; r++) {
        uint8_t * row = (uint8_t *)A + (size_t)(r * lda) * bsz;
        if (how == QUANTIZED) {
            // Values of varied magnitude, some outliers: what a real weight row looks like.
            for (int64_t i = 0; i < k * bl; i++) x[i] = uniform(-1, 1) * (next_u32() % 16 == 0 ? 8.0f : 1.0f);
            switch (type) {
                case GGML_TYPE_Q4_0: quantize_row_q4_0_ref(x, (block_q4_0 *)row, k * bl); break;
                case GGML_TYPE_Q8_0: quantize_row_q8_0_ref(x, (block_q8_0 *)row, k * bl); break;
                case GGML_TYPE_Q4_K: quantize_row_q4_K_ref(x, (block_q4_K *)row, k * bl); break;
                case GGML_TYPE_Q6_K: quantize_row_q6_K_ref(x, (block_q6_K *)row, k * bl); break;
                default: abort();
            }
            continue;
        }
        if (how == RANDOM_BYTES) fill_bytes(row, (size_t)k * bsz);
        for (int64_t l = 0; l < k; l++) {
            uint8_t * b = row + (size_t)l * bsz;
            const ggml_fp16_t d = ggml_fp32_to_fp16(how == EXTREME ? 1.0f : uniform(-0.02f, 0.02f));
            const ggml_fp16_t dmin = ggml_fp32_to_fp16(how == EXTREME ? 1.0f : uniform(-0.02f, 0.02f));
            switch (type) {
                case GGML_TYPE_Q4_0:
                    if (how == EXTREME) memset(((block_q4_0 *)b)->qs, l % 2 ? 0xFF : 0x00, QK4_0 / 2);  // all 7 or all -8
                    ((block_q4_0 *)b)->d = d;
                    break;
                case GGML_TYPE_Q8_0:
                    if (how == EXTREME) memset(((block_q8_0 *)b)->qs, l % 2 ? 0x7F : 0x80, QK8_0);  // all 127 or all -128
                    ((block_q8_0 *)b)->d = d;
                    break;
                case GGML_TYPE_Q4_K:
                    if (how == EXTREME) {
                        memset(((block_q4_K *)b)->qs, 0xFF, QK_K / 2);
                        memset(((block_q4_K *)b)->scales, 0xFF, K_SCALE_SIZE);  // every scale and min 63
                    }
                    ((block_q4_K *)b)->d = d;
                    ((block_q4_K *)b)->dmin = dmin;
                    break;
                case GGML_TYPE_Q6_K:
                    if (how == EXTREME) {
                        memset(((block_q6_K *)b)->ql, 0xFF, QK_K / 2);
                        memset(((block_q6_K *)b)->qh, 0xFF, QK_K / 4);  // every value 63 - 32
                        memset(((block_q6_K *)b)->scales, l % 2 ? 0x80 : 0x7F, QK_K / 16);
                    }
                    ((block_q6_K *)b)->d = d;
                    break;
                default: abort();
            }
        }
    }
    free(x);
}

// Activation columns of `type` (Q8_0 or Q8_K), k blocks each, `ldb` blocks apart.
static void make_activations(int type, void * B, int64_t cols, int64_t k, int64_t ldb, enum fill how) {
    const size_t bsz = ggml_type_size(type);
    const int64_t bl = ggml_blck_size(type);
    float * x = malloc(sizeof(float) * (size_t)(k * bl));
    for (int64_t c = 0; c < cols; c++) {
        uint8_t * col = (uint8_t *)B + (size_t)(c * ldb) * bsz;
        if (how == QUANTIZED) {
            for (int64_t i = 0; i < k * bl; i++) x[i] = uniform(-3, 3);
            if (type == GGML_TYPE_Q8_0) quantize_row_q8_0_ref(x, (block_q8_0 *)col, k * bl);
            else quantize_row_q8_K_ref(x, (block_q8_K *)col, k * bl);
            continue;
        }
        if (how == RANDOM_BYTES) fill_bytes(col, (size_t)k * bsz);
        for (int64_t l = 0; l < k; l++) {
            uint8_t * b = col + (size_t)l * bsz;
            if (type == GGML_TYPE_Q8_0) {
                block_q8_0 * y = (block_q8_0 *)b;
                if (how == EXTREME) memset(y->qs, c % 2 ? 0x81 : 0x7F, QK8_0);  // all -127 or all 127
                y->d = ggml_fp32_to_fp16(how == EXTREME ? 1.0f : uniform(-0.05f, 0.05f));
            } else {
                block_q8_K * y = (block_q8_K *)b;
                if (how == EXTREME) memset(y->qs, c % 2 ? 0x80 : 0x7F, QK_K);  // all -128 or all 127
                y->d = how == EXTREME ? 1.0f : uniform(-0.05f, 0.05f);
                for (int g = 0; g < QK_K / 16; g++) {
                    int s = 0;
                    for (int i = 0; i < 16; i++) s += y->qs[16 * g + i];
                    y->bsums[g] = (int16_t)s;
                }
            }
        }
    }
    free(x);
}

static int failures = 0;

/**
 * Compares C (n columns, ldc apart, NAN where never written) with want (n columns of m) and prints
 * one line. A result may differ by 1e-5 of (|want| * rel + floor): only the order of the float
 * additions differs between the kernels; a wrong block, row or element moves it by far more.
 */
static void compare(const char * what, const char * type, const float * C, const float * want, int64_t m, int64_t n, int64_t ldc, int64_t k,
                    int64_t pad, double rel, double floor) {
    double worst = 0;
    int64_t bad = 0;
    for (int64_t c = 0; c < n; c++) {
        for (int64_t r = 0; r < ldc; r++) {
            const float got = C[c * ldc + r];
            if (r >= m) {
                // Padding between columns must stay untouched.
                if (!isnan(got)) bad++;
                continue;
            }
            const float w = want[c * m + r];
            const double err = fabs((double)got - (double)w) / (rel * fabs((double)w) + floor + 1e-30);
            if (!(err <= 1e-5)) {
                if (bad < 5) printf("  %s %s row %lld col %lld: tiled %.9g, vec_dot %.9g\n", what, type, (long long)r, (long long)c, got, w);
                bad++;
            }
            if (err > worst) worst = err;
        }
    }
    printf("%s %s %s %lldx%lldx%lld (pad %lld): worst relative difference %.2e\n", bad ? "FAIL" : "ok  ", what, type, (long long)m, (long long)n,
           (long long)k, (long long)pad, worst);
    if (bad) failures++;
}

static void check(const char * what, int type, int64_t m, int64_t n, int64_t k, int64_t pad, enum fill how) {
    const int vtype = (type == GGML_TYPE_Q4_K || type == GGML_TYPE_Q6_K) ? GGML_TYPE_Q8_K : GGML_TYPE_Q8_0;
    const vec_dot_t dot = type == GGML_TYPE_Q4_0   ? ggml_vec_dot_q4_0_q8_0
                          : type == GGML_TYPE_Q8_0 ? ggml_vec_dot_q8_0_q8_0
                          : type == GGML_TYPE_Q4_K ? ggml_vec_dot_q4_K_q8_K
                                                   : ggml_vec_dot_q6_K_q8_K;
    const int64_t lda = k + pad, ldb = k + pad, ldc = m + 3 * pad;
    void * A = calloc((size_t)(m * lda), ggml_type_size(type));
    void * B = calloc((size_t)(n * ldb), ggml_type_size(vtype));
    float * C = malloc(sizeof(float) * (size_t)(n * ldc));
    for (int64_t i = 0; i < n * ldc; i++) C[i] = NAN;
    make_weights(type, A, m, k, lda, how);
    make_activations(vtype, B, n, k, ldb, how);
    struct ggml_compute_params params = { .ith = 0, .nth = 1, .wsize = 0, .wdata = NULL, .threadpool = NULL, .use_ref = false };
    if (!__wrap_llamafile_sgemm(&params, m, n, k, A, lda, B, ldb, C, ldc, type, vtype, GGML_TYPE_F32)) {
        printf("FAIL %s %s: the tiled kernel declined %lldx%lld\n", what, ggml_type_name(type), (long long)m, (long long)n);
        failures++;
        return;
    }
    const int64_t el = k * ggml_blck_size(type);
    float * want = malloc(sizeof(float) * (size_t)(n * m));
    double rms = 0;
    for (int64_t c = 0; c < n; c++) {
        for (int64_t r = 0; r < m; r++) {
            dot((int)el, &want[c * m + r], 0, (const uint8_t *)A + (size_t)(r * lda) * ggml_type_size(type), 0,
                (const uint8_t *)B + (size_t)(c * ldb) * ggml_type_size(vtype), 0, 1);
            rms += (double)want[c * m + r] * want[c * m + r];
        }
    }
    rms = sqrt(rms / (double)(n * m));
    // Integer block sums are exact in both kernels: a result moves by a few ulps of the terms added.
    compare(what, ggml_type_name(type), C, want, m, n, ldc, el, pad, 1.0, rms);
    free(want);
    free(A);
    free(B);
    free(C);
}

#if defined(HEARTH_TEST_RELAXED_DOT)
// A relaxed decode kernel (one row against one token) against ggml's vec_dot for its type, on every
// (row, token) pair of m rows and n tokens.
static void check_dot(const char * what, int type, vec_dot_t mine, int64_t m, int64_t n, int64_t k, enum fill how) {
    const int vtype = type == GGML_TYPE_Q4_K ? GGML_TYPE_Q8_K : GGML_TYPE_Q8_0;
    const vec_dot_t dot = type == GGML_TYPE_Q4_0 ? ggml_vec_dot_q4_0_q8_0 : type == GGML_TYPE_Q8_0 ? ggml_vec_dot_q8_0_q8_0 : ggml_vec_dot_q4_K_q8_K;
    void * A = calloc((size_t)(m * k), ggml_type_size(type));
    void * B = calloc((size_t)(n * k), ggml_type_size(vtype));
    float * got = malloc(sizeof(float) * (size_t)(n * m));
    float * want = malloc(sizeof(float) * (size_t)(n * m));
    make_weights(type, A, m, k, k, how);
    make_activations(vtype, B, n, k, k, how);
    if (type == GGML_TYPE_Q8_0) {
        // The Q8_0 kernel takes |x| as its 7-bit operand and moves x's sign onto y, so its domain is
        // what ggml's quantizers and quantize-q8-0.c write, -127..127: random bytes' -128 becomes -127.
        for (int64_t b = 0; b < (m + n) * k; b++) {
            block_q8_0 * x = b < m * k ? (block_q8_0 *)A + b : (block_q8_0 *)B + (b - m * k);
            for (int i = 0; i < QK8_0; i++) if (x->qs[i] == -128) x->qs[i] = -127;
        }
    }
    const int64_t el = k * ggml_blck_size(type);
    double rms = 0;
    for (int64_t c = 0; c < n; c++) {
        for (int64_t r = 0; r < m; r++) {
            const void * x = (const uint8_t *)A + (size_t)(r * k) * ggml_type_size(type);
            const void * y = (const uint8_t *)B + (size_t)(c * k) * ggml_type_size(vtype);
            mine((int)el, &got[c * m + r], 0, x, 0, y, 0, 1);
            dot((int)el, &want[c * m + r], 0, x, 0, y, 0, 1);
            rms += (double)want[c * m + r] * want[c * m + r];
        }
    }
    compare(what, ggml_type_name(type), got, want, m, n, m, el, 0, 1.0, sqrt(rms / (double)(n * m)));
    free(A);
    free(B);
    free(got);
    free(want);
}
#endif

// F32 x F32 (attention's products): every (row, token) against ggml_vec_dot_f32.
static void check_f32(const char * what, int64_t m, int64_t n, int64_t k, int64_t pad) {
    const int64_t lda = k + pad, ldb = k + pad, ldc = m + 3 * pad;
    float * A = malloc(sizeof(float) * (size_t)(m * lda));
    float * B = malloc(sizeof(float) * (size_t)(n * ldb));
    float * C = malloc(sizeof(float) * (size_t)(n * ldc));
    for (int64_t i = 0; i < m * lda; i++) A[i] = uniform(-2, 2);
    for (int64_t i = 0; i < n * ldb; i++) B[i] = uniform(-2, 2);
    for (int64_t i = 0; i < n * ldc; i++) C[i] = NAN;
    struct ggml_compute_params params = { .ith = 0, .nth = 1, .wsize = 0, .wdata = NULL, .threadpool = NULL, .use_ref = false };
    if (!__wrap_llamafile_sgemm(&params, m, n, k, A, lda, B, ldb, C, ldc, GGML_TYPE_F32, GGML_TYPE_F32, GGML_TYPE_F32)) {
        printf("FAIL %s f32: the tiled kernel declined %lldx%lld\n", what, (long long)m, (long long)n);
        failures++;
        return;
    }
    float * want = malloc(sizeof(float) * (size_t)(n * m));
    for (int64_t c = 0; c < n; c++)
        for (int64_t r = 0; r < m; r++) ggml_vec_dot_f32((int)k, &want[c * m + r], 0, A + r * lda, 0, B + c * ldb, 0, 1);
    // Sums of k products of magnitude up to 4: the float order moves a result by a few ulps of
    // sqrt(k) * 4; a wrong row, column or element moves it by whole products.
    compare(what, "f32", C, want, m, n, ldc, k, pad, 0.0, 4.0 * sqrt((double)k));
    free(want);
    free(A);
    free(B);
    free(C);
}

int main(void) {
    ggml_cpu_init();  // fills ggml_table_f32_f16, which both kernels read
    const int types[] = { GGML_TYPE_Q4_0, GGML_TYPE_Q8_0, GGML_TYPE_Q4_K, GGML_TYPE_Q6_K };
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        const int type = types[t];
        const int64_t bpr = (type == GGML_TYPE_Q4_K || type == GGML_TYPE_Q6_K) ? 4 : 32;  // 1024 values
        check("random blocks", type, 64, 40, bpr, 0, RANDOM_BYTES);
        check("quantized rows", type, 32, 16, bpr, 0, QUANTIZED);
        check("extremes", type, 8, 8, bpr, 0, EXTREME);
        // 37 rows (a short last tile), 70 tokens (two column chunks), padded strides, one block.
        check("odd shapes", type, 37, 70, bpr / 2 + 1, 3, RANDOM_BYTES);
        check("one block", type, 5, 4, 1, 0, RANDOM_BYTES);
        // 13 rows (an 8-row tile then 5), 67 tokens (the second chunk's 3 an odd count: the last
        // token of a pair computed alone).
        check("odd tokens", type, 13, 67, bpr / 4 + 1, 1, RANDOM_BYTES);
        // 131 rows: a third 64-row chunk (r0 = 128) of 3 rows, so a tile with 3 valid rows; 70
        // rows: a last 8-row tile of 6.
        check("row chunks", type, 131, 67, bpr / 4 + 1, 1, RANDOM_BYTES);
        check("six-row tail", type, 70, 9, bpr / 4 + 1, 0, RANDOM_BYTES);
    }
#if defined(HEARTH_TEST_RELAXED_DOT)
    {
        const int types[] = { GGML_TYPE_Q4_0, GGML_TYPE_Q8_0, GGML_TYPE_Q4_K };
        const vec_dot_t mine[] = { __wrap_ggml_vec_dot_q4_0_q8_0, __wrap_ggml_vec_dot_q8_0_q8_0, __wrap_ggml_vec_dot_q4_K_q8_K };
        for (int t = 0; t < 3; t++) {
            const int64_t bpr = types[t] == GGML_TYPE_Q4_K ? 4 : 32;
            check_dot("decode, random blocks", types[t], mine[t], 16, 8, bpr, RANDOM_BYTES);
            check_dot("decode, quantized rows", types[t], mine[t], 16, 8, bpr, QUANTIZED);
            check_dot("decode, extremes", types[t], mine[t], 8, 8, bpr, EXTREME);
            // An odd block count (3 for Q4_K, 9 for the others): the kernels' one-block tail.
            check_dot("decode, odd block count", types[t], mine[t], 5, 3, types[t] == GGML_TYPE_Q4_K ? 3 : bpr / 4 + 1, RANDOM_BYTES);
        }
    }
#endif
    check_f32("attention KQ shape", 70, 37, 64, 0);       // 70 cached keys, 37 queries, head dimension 64
    check_f32("attention KQV shape", 64, 37, 70, 0);      // V (head dimension rows) against 70 weights
    check_f32("odd shapes", 37, 9, 67, 5);                // short last tile, odd token count, a tail of 3
    // What it must leave to ggml: a single token (decode), and types it has no kernel for.
    struct ggml_compute_params params = { .ith = 0, .nth = 1, .wsize = 0, .wdata = NULL, .threadpool = NULL, .use_ref = false };
    float c[4];
    if (__wrap_llamafile_sgemm(&params, 4, 1, 1, c, 1, c, 1, c, 4, GGML_TYPE_Q4_0, GGML_TYPE_Q8_0, GGML_TYPE_F32) ||
        __wrap_llamafile_sgemm(&params, 4, 1, 1, c, 1, c, 1, c, 4, GGML_TYPE_F32, GGML_TYPE_F32, GGML_TYPE_F32) ||
        __wrap_llamafile_sgemm(&params, 4, 8, 1, c, 1, c, 1, c, 4, GGML_TYPE_F16, GGML_TYPE_F32, GGML_TYPE_F32) ||
        __wrap_llamafile_sgemm(&params, 4, 8, 1, c, 1, c, 1, c, 4, GGML_TYPE_Q4_1, GGML_TYPE_Q8_1, GGML_TYPE_F32) ||
        __wrap_llamafile_sgemm(&params, 4, 8, 1, c, 1, c, 1, c, 4, GGML_TYPE_Q4_0, GGML_TYPE_F32, GGML_TYPE_F32)) {
        printf("FAIL: took a product it has no kernel for\n");
        failures++;
    } else {
        printf("ok   declines one token (Q4_0 and F32), F16, Q4_1 and unquantized activations\n");
    }
    printf(failures ? "tiled-gemm-test: %d FAILED\n" : "tiled-gemm-test: all passed\n", failures);
    return failures ? 1 : 0;
}
