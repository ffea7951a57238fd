// Q8_0 quantization of activations, as native llama.cpp on x86 does it, for both module variants.
//
// Why: ggml's wasm quantize_row_q8_0 (ggml-cpu/arch/wasm/quants.c) truncates x/d toward zero and
// scales by 1/(amax/127), while the AVX2 path that node-llama-cpp runs rounds to nearest and
// scales by 127/amax. Every matrix product against Q4_0 or Q8_0 weights starts here, so the wasm
// kernel's truncation makes each activation up to one step smaller than native's and greedy
// output drifts from node-llama-cpp's. build.sh links this with `-Wl,--wrap=quantize_row_q8_0`.

#include <wasm_simd128.h>

#include <assert.h>
#include <stdint.h>

#define GGML_COMMON_DECL_C
#include "ggml-common.h"
#include "ggml-impl.h"

void __wrap_quantize_row_q8_0(const float * restrict x, void * restrict vy, int64_t k) {
    assert(k % QK8_0 == 0);
    const int64_t nb = k / QK8_0;
    block_q8_0 * restrict y = vy;
    for (int64_t i = 0; i < nb; i++) {
        v128_t v[8];
        v128_t amax = wasm_f32x4_splat(0.0f);
        for (int j = 0; j < 8; j++) {
            v[j] = wasm_v128_load(x + i * QK8_0 + 4 * j);
            amax = wasm_f32x4_max(amax, wasm_f32x4_abs(v[j]));
        }
        const float m0 = wasm_f32x4_extract_lane(amax, 0), m1 = wasm_f32x4_extract_lane(amax, 1);
        const float m2 = wasm_f32x4_extract_lane(amax, 2), m3 = wasm_f32x4_extract_lane(amax, 3);
        const float m01 = m0 > m1 ? m0 : m1, m23 = m2 > m3 ? m2 : m3;
        const float max_scalar = m01 > m23 ? m01 : m23;
        const float d = max_scalar / 127.f;
        y[i].d = GGML_FP32_TO_FP16(d);
        const v128_t id = wasm_f32x4_splat(max_scalar != 0.0f ? 127.f / max_scalar : 0.0f);
        for (int j = 0; j < 8; j += 2) {
            // nearest (ties to even) = _mm256_round_ps(_MM_ROUND_NEAREST); the values are within
            // -127..127, so the saturating narrowings never saturate.
            const v128_t a = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(v[j], id)));
            const v128_t b = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(v[j + 1], id)));
            const v128_t ab = wasm_i16x8_narrow_i32x4(a, b);
            const v128_t bytes = wasm_i8x16_narrow_i16x8(ab, ab);
            wasm_v128_store64_lane(y[i].qs + 4 * j, bytes, 0);
        }
    }
}
