// The operands the kernel benchmarks multiply.
#ifndef AETUI_BENCH_DATA_H
#define AETUI_BENCH_DATA_H
#include <stdlib.h>

/// n floats on a cache line, in (-0.5, 0.5) and none of them zero (a product that skips the zeros
/// of A finds none to skip).
static inline float *filled(long n) {
    float *p = aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64);
    if (!p) abort();
    for (long i = 0; i < n; i++) p[i] = ((float)(i * 7919 % 1000) - 499.5f) / 1000.0f;
    return p;
}
#endif
