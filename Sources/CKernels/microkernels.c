// Register-blocked micro-kernels. Each keeps an MR x NR tile of C in registers while it walks
// the shared K dimension of two packed panels. The SIMD ones are compiled for their ISA with
// target attributes and chosen at run time, so the default build stays portable.
#include "ckernels.h"
#include "microkernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AE_X86 1
#endif

// AVX-512 has 32 vector registers: an 8x32 tile (16 accumulators) loads 10 values per 16 FMAs.
// AVX2 has 16: a 6x16 tile (12 accumulators) is the most that fits without spilling.
enum { MR_GENERIC = 6, NR_GENERIC = 16, MR_AVX2 = 6, NR_AVX2 = 16, MR_AVX512 = 8, NR_AVX512 = 32 };

static void micro_generic(int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                          float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *rows[MR_GENERIC];
    for (int i = 0; i < MR_GENERIC; i++) rows[i] = AE_A_ROW(a, aRow, m, i);
    float acc[MR_GENERIC * NR_GENERIC] = {0};
    for (int k = 0; k < kc; k++) {
        for (int i = 0; i < MR_GENERIC; i++) {
            float ai = rows[i][k * aK];
            for (int j = 0; j < NR_GENERIC; j++) acc[i * NR_GENERIC + j] += ai * b[k * ldb + j];
        }
    }
    ae_store_tile(acc, NR_GENERIC, c, ldc, alpha, beta, m, n, transposeC);
}

#ifdef AE_X86
__attribute__((target("avx2,fma")))
static void micro_avx2(int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                       float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *a0 = AE_A_ROW(a, aRow, m, 0), *a1 = AE_A_ROW(a, aRow, m, 1), *a2 = AE_A_ROW(a, aRow, m, 2),
                *a3 = AE_A_ROW(a, aRow, m, 3), *a4 = AE_A_ROW(a, aRow, m, 4), *a5 = AE_A_ROW(a, aRow, m, 5);
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    long off = 0;
    for (int k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        __m256 ai;
        ai = _mm256_broadcast_ss(a0 + off); c00 = _mm256_fmadd_ps(ai, b0, c00); c01 = _mm256_fmadd_ps(ai, b1, c01);
        ai = _mm256_broadcast_ss(a1 + off); c10 = _mm256_fmadd_ps(ai, b0, c10); c11 = _mm256_fmadd_ps(ai, b1, c11);
        ai = _mm256_broadcast_ss(a2 + off); c20 = _mm256_fmadd_ps(ai, b0, c20); c21 = _mm256_fmadd_ps(ai, b1, c21);
        ai = _mm256_broadcast_ss(a3 + off); c30 = _mm256_fmadd_ps(ai, b0, c30); c31 = _mm256_fmadd_ps(ai, b1, c31);
        ai = _mm256_broadcast_ss(a4 + off); c40 = _mm256_fmadd_ps(ai, b0, c40); c41 = _mm256_fmadd_ps(ai, b1, c41);
        ai = _mm256_broadcast_ss(a5 + off); c50 = _mm256_fmadd_ps(ai, b0, c50); c51 = _mm256_fmadd_ps(ai, b1, c51);
        off += aK;
        b += ldb;
    }
    float tile[MR_AVX2 * NR_AVX2];
    _mm256_storeu_ps(tile + 0, c00);  _mm256_storeu_ps(tile + 8, c01);
    _mm256_storeu_ps(tile + 16, c10); _mm256_storeu_ps(tile + 24, c11);
    _mm256_storeu_ps(tile + 32, c20); _mm256_storeu_ps(tile + 40, c21);
    _mm256_storeu_ps(tile + 48, c30); _mm256_storeu_ps(tile + 56, c31);
    _mm256_storeu_ps(tile + 64, c40); _mm256_storeu_ps(tile + 72, c41);
    _mm256_storeu_ps(tile + 80, c50); _mm256_storeu_ps(tile + 88, c51);
    ae_store_tile(tile, NR_AVX2, c, ldc, alpha, beta, m, n, transposeC);
}

__attribute__((target("avx512f")))
static void micro_avx512(int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                         float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *a0 = AE_A_ROW(a, aRow, m, 0), *a1 = AE_A_ROW(a, aRow, m, 1), *a2 = AE_A_ROW(a, aRow, m, 2),
                *a3 = AE_A_ROW(a, aRow, m, 3), *a4 = AE_A_ROW(a, aRow, m, 4), *a5 = AE_A_ROW(a, aRow, m, 5),
                *a6 = AE_A_ROW(a, aRow, m, 6), *a7 = AE_A_ROW(a, aRow, m, 7);
    __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps();
    __m512 c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
    __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps();
    __m512 c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
    __m512 c40 = _mm512_setzero_ps(), c41 = _mm512_setzero_ps();
    __m512 c50 = _mm512_setzero_ps(), c51 = _mm512_setzero_ps();
    __m512 c60 = _mm512_setzero_ps(), c61 = _mm512_setzero_ps();
    __m512 c70 = _mm512_setzero_ps(), c71 = _mm512_setzero_ps();
    long off = 0;
    for (int k = 0; k < kc; k++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        __m512 ai;
        ai = _mm512_set1_ps(a0[off]); c00 = _mm512_fmadd_ps(ai, b0, c00); c01 = _mm512_fmadd_ps(ai, b1, c01);
        ai = _mm512_set1_ps(a1[off]); c10 = _mm512_fmadd_ps(ai, b0, c10); c11 = _mm512_fmadd_ps(ai, b1, c11);
        ai = _mm512_set1_ps(a2[off]); c20 = _mm512_fmadd_ps(ai, b0, c20); c21 = _mm512_fmadd_ps(ai, b1, c21);
        ai = _mm512_set1_ps(a3[off]); c30 = _mm512_fmadd_ps(ai, b0, c30); c31 = _mm512_fmadd_ps(ai, b1, c31);
        ai = _mm512_set1_ps(a4[off]); c40 = _mm512_fmadd_ps(ai, b0, c40); c41 = _mm512_fmadd_ps(ai, b1, c41);
        ai = _mm512_set1_ps(a5[off]); c50 = _mm512_fmadd_ps(ai, b0, c50); c51 = _mm512_fmadd_ps(ai, b1, c51);
        ai = _mm512_set1_ps(a6[off]); c60 = _mm512_fmadd_ps(ai, b0, c60); c61 = _mm512_fmadd_ps(ai, b1, c61);
        ai = _mm512_set1_ps(a7[off]); c70 = _mm512_fmadd_ps(ai, b0, c70); c71 = _mm512_fmadd_ps(ai, b1, c71);
        off += aK;
        b += ldb;
    }
    float tile[MR_AVX512 * NR_AVX512];
    _mm512_storeu_ps(tile + 0, c00);   _mm512_storeu_ps(tile + 16, c01);
    _mm512_storeu_ps(tile + 32, c10);  _mm512_storeu_ps(tile + 48, c11);
    _mm512_storeu_ps(tile + 64, c20);  _mm512_storeu_ps(tile + 80, c21);
    _mm512_storeu_ps(tile + 96, c30);  _mm512_storeu_ps(tile + 112, c31);
    _mm512_storeu_ps(tile + 128, c40); _mm512_storeu_ps(tile + 144, c41);
    _mm512_storeu_ps(tile + 160, c50); _mm512_storeu_ps(tile + 176, c51);
    _mm512_storeu_ps(tile + 192, c60); _mm512_storeu_ps(tile + 208, c61);
    _mm512_storeu_ps(tile + 224, c70); _mm512_storeu_ps(tile + 240, c71);
    ae_store_tile(tile, NR_AVX512, c, ldc, alpha, beta, m, n, transposeC);
}
#endif

int ae_kernel_supported(int kernel) {
    switch (kernel) {
    case AE_KERNEL_GENERIC: return 1;
#ifdef AE_X86
    case AE_KERNEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case AE_KERNEL_AVX512: return __builtin_cpu_supports("avx512f");
#endif
    default: return 0;
    }
}

int ae_kernel_best(void) {
    if (ae_kernel_supported(AE_KERNEL_AVX512)) return AE_KERNEL_AVX512;
    if (ae_kernel_supported(AE_KERNEL_AVX2)) return AE_KERNEL_AVX2;
    return AE_KERNEL_GENERIC;
}

const char *ae_kernel_name(int kernel) {
    switch (kernel) {
    case AE_KERNEL_AVX2: return "avx2-fma 6x16";
    case AE_KERNEL_AVX512: return "avx512 8x32";
    default: return "generic-c 6x16";
    }
}

ae_microkernel ae_microkernel_for(int kernel) {
#ifdef AE_X86
    if (kernel == AE_KERNEL_AVX512) return micro_avx512;
    if (kernel == AE_KERNEL_AVX2) return micro_avx2;
#endif
    return micro_generic;
}

int ae_mr_for(int kernel) {
    if (kernel == AE_KERNEL_AVX512) return MR_AVX512;
    if (kernel == AE_KERNEL_AVX2) return MR_AVX2;
    return MR_GENERIC;
}

int ae_nr_for(int kernel) {
    if (kernel == AE_KERNEL_AVX512) return NR_AVX512;
    if (kernel == AE_KERNEL_AVX2) return NR_AVX2;
    return NR_GENERIC;
}
