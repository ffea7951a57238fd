// Shared by tiled-gemm.c and relaxed-dot.c (both include ggml-common.h first).
#pragma once

#include <stdint.h>

// Sub-block j's 6-bit scale and min of a Q4_K super-block: 8 of each packed into 12 bytes, as
// ggml's get_scale_min_k4 unpacks them.
static inline void q4_K_scale_min(const uint8_t scales[12], int j, uint8_t * sc, uint8_t * mn) {
    if (j < 4) {
        *sc = scales[j] & 63;
        *mn = scales[j + 4] & 63;
    } else {
        *sc = (scales[j + 4] & 0xF) | ((scales[j - 4] >> 6) << 4);
        *mn = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
    }
}
