// A multiply-add throughput loop: enough independent accumulators to cover FMA latency on every
// pipe, so the measured rate is the core's FP32 peak for the given ISA.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static float peak_avx2(long iterations) {
    __m256 acc[12];
    const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i);
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    __m256 sum = acc[0];
    for (int i = 1; i < 12; i++) sum = _mm256_add_ps(sum, acc[i]);
    float out[8];
    _mm256_storeu_ps(out, sum);
    return out[0];
}

__attribute__((target("avx512f")))
static float peak_avx512(long iterations) {
    __m512 acc[12];
    const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps((float)i);
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    __m512 sum = acc[0];
    for (int i = 1; i < 12; i++) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}
#endif

#if defined(__aarch64__)
#include <arm_neon.h>

static float peak_neon(long iterations) {
    float32x4_t acc[12];
    const float32x4_t x = vdupq_n_f32(0.999999f), y = vdupq_n_f32(1e-7f);
    for (int i = 0; i < 12; i++) acc[i] = vdupq_n_f32((float)i);
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < 12; i++) acc[i] = vfmaq_f32(y, acc[i], x);
    float32x4_t sum = acc[0];
    for (int i = 1; i < 12; i++) sum = vaddq_f32(sum, acc[i]);
    return vaddvq_f32(sum);
}
#endif

static float peak_generic(long iterations) {
    float acc[8][8];
    for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) acc[i][j] = (float)(i + j);
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) acc[i][j] = acc[i][j] * 0.999999f + 1e-7f;
    float sum = 0;
    for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) sum += acc[i][j];
    return sum;
}

double ae_peak_flops(int kernel, long iterations, float *sink) {
#if defined(__x86_64__) || defined(__i386__)
    if (kernel == AE_KERNEL_AVX512 && ae_kernel_supported(kernel)) {
        *sink = peak_avx512(iterations);
        return (double)iterations * 12 * 16 * 2;
    }
    if (kernel == AE_KERNEL_AVX2 && ae_kernel_supported(kernel)) {
        *sink = peak_avx2(iterations);
        return (double)iterations * 12 * 8 * 2;
    }
#endif
#if defined(__aarch64__)
    if (kernel == AE_KERNEL_NEON) {
        *sink = peak_neon(iterations);
        return (double)iterations * 12 * 4 * 2;
    }
#endif
    *sink = peak_generic(iterations);
    return (double)iterations * 64 * 2;
}
