// Register-blocked micro-kernels. Each keeps an MR x NR tile of C in registers while it walks
// the shared K dimension of two packed panels. The SIMD ones are compiled for their ISA with
// target attributes and chosen at run time, so the default build stays portable.
#include "ckernels.h"
#include "microkernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AE_X86 1
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#define AE_ARM64 1
#endif

// AVX-512 has 32 vector registers: an 8x32 tile (16 accumulators) loads 10 values per 16 FMAs.
// AVX2 has 16: a 6x16 tile (12 accumulators) is the most that fits without spilling.
// NEON has 32 of 4 floats: a 4x16 tile (16 accumulators) leaves room for 4 B and 4 A vectors.
/// Row k of a B panel: the next one, or with `steps` the k-step that steps[k] names.
#define AE_B_ROW(b, ldb, steps, k) ((steps) ? (b) + (long)(steps)[k] * (ldb) : (b) + (long)(k) * (ldb))

/// A kernel's entry point: its tile loop compiled twice, for consecutive B rows (steps NULL) and
/// for the rows `steps` lists, so the full product's loop tests nothing per step. `attributes`:
/// the ISA the body is compiled for, if any.
#define AE_ENTRY(name, attributes, body)                                                                   \
    attributes static void name(int kc, const float *a, long aRow, long aK, const float *b, long ldb,        \
                                const int *steps, float *c, long ldc, float alpha, float beta, int m, int n, \
                                int transposeC) {                                                          \
        if (steps) body(kc, a, aRow, aK, b, ldb, steps, c, ldc, alpha, beta, m, n, transposeC);            \
        else body(kc, a, aRow, aK, b, ldb, 0, c, ldc, alpha, beta, m, n, transposeC);                      \
    }

enum { MR_GENERIC = 6, NR_GENERIC = 16, MR_AVX2 = 6, NR_AVX2 = 16, MR_AVX512 = 8, NR_AVX512 = 32, MR_NEON = 4, NR_NEON = 16 };
// Tiles of one row (AE_ZEROS_BY_ROW): at least eight vectors of accumulators, each its own chain
// of FMAs, enough to cover an FMA's latency at two a cycle. AVX2's takes fourteen, all but one of
// its sixteen registers (B is read by the FMAs themselves): each tile costs a call, a prefetch and
// a store besides its steps, and a 784-column weight gradient takes 7 tiles a row where 64
// columns took 13. The generic one serves NEON too (see below).
enum { NR_ROW_GENERIC = 64, NR_ROW_AVX2 = 112, NR_ROW_AVX512 = 128 };
// A row's few kept steps (about 21 of a batch of 48) take less time than its C lines take to
// arrive: each row asks for the lines of the row this many below, the tile gemm_blocked calls next
// but one (a weight gradient's 392 x 784 product alone, AVX2: 0.77 of full against 0.82-0.90
// asking for its own). Past C's last rows the prefetches are dropped: they never fault.
enum { ROW_PREFETCH_AHEAD = 2 };

__attribute__((always_inline))
static inline void generic_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                                float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *rows[MR_GENERIC];
    for (int i = 0; i < MR_GENERIC; i++) rows[i] = AE_A_ROW(a, aRow, m, i);
    float acc[MR_GENERIC * NR_GENERIC] = {0};
    ae_prefetch_tile(c, ldc, m, n, transposeC);
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        for (int i = 0; i < MR_GENERIC; i++) {
            float ai = rows[i][k * aK];
            for (int j = 0; j < NR_GENERIC; j++) acc[i * NR_GENERIC + j] += ai * bk[j];
        }
    }
    ae_store_tile(acc, NR_GENERIC, c, ldc, alpha, beta, m, n, transposeC);
}

AE_ENTRY(micro_generic, , generic_tile)

/// One row of C (AE_ZEROS_BY_ROW), n <= NR_ROW_GENERIC columns, in the generic tile's arithmetic:
/// each element's sum is the tile's chain less the steps where this row of A is zero, so it has
/// the tile's bits (see gemm.c). Compiled for AArch64, the compiler fuses these multiply-adds as
/// the NEON tile's vfmaq does, so NEON's products by row run here too.
__attribute__((always_inline))
static inline void generic_row(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                               float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    (void)aRow;
    (void)m;
    float acc[NR_ROW_GENERIC] = {0};
    ae_prefetch_tile(c + ROW_PREFETCH_AHEAD * ldc, ldc, 1, n, transposeC);
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        float ak = a[k * aK];
        for (int j = 0; j < n; j++) acc[j] += ak * bk[j];
    }
    ae_store_tile(acc, NR_ROW_GENERIC, c, ldc, alpha, beta, 1, n, transposeC);
}

AE_ENTRY(micro_generic_row, , generic_row)

#ifdef AE_X86
/// Stores `rows` (6 or 8) rows r0.. (8 floats each: tile rows i, columns j0..j0+7) into a
/// transposed C, where tile column j is `rows` contiguous floats at c + j·ldc: an 8x8 transpose in
/// registers (rows past `rows` are ignored), then one store per column for n of them: C = tile
/// (beta 0) or C += tile (beta 1), one rounding each, as the scalar store.
__attribute__((target("avx2"), always_inline))
static inline void ae_store_columns(int rows, __m256 r0, __m256 r1, __m256 r2, __m256 r3, __m256 r4, __m256 r5,
                                    __m256 r6, __m256 r7, float *c, long ldc, int n, float beta) {
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    __m256 columns[8] = {
        _mm256_permute2f128_ps(u0, u4, 0x20), _mm256_permute2f128_ps(u1, u5, 0x20),
        _mm256_permute2f128_ps(u2, u6, 0x20), _mm256_permute2f128_ps(u3, u7, 0x20),
        _mm256_permute2f128_ps(u0, u4, 0x31), _mm256_permute2f128_ps(u1, u5, 0x31),
        _mm256_permute2f128_ps(u2, u6, 0x31), _mm256_permute2f128_ps(u3, u7, 0x31),
    };
    for (int j = 0; j < n && j < 8; j++) {
        float *column = c + (long)j * ldc;
        if (rows == 8) {
            _mm256_storeu_ps(column, beta == 0.0f ? columns[j] : _mm256_add_ps(columns[j], _mm256_loadu_ps(column)));
        } else {
            // Six rows: four floats, then two.
            __m128 low = _mm256_castps256_ps128(columns[j]), high = _mm256_extractf128_ps(columns[j], 1);
            if (beta != 0.0f) {
                low = _mm_add_ps(low, _mm_loadu_ps(column));
                high = _mm_add_ps(high, _mm_castpd_ps(_mm_load_sd((const double *)(column + 4))));
            }
            _mm_storeu_ps(column, low);
            _mm_store_sd((double *)(column + 4), _mm_castps_pd(high));
        }
    }
}

/// Whether a full-height tile goes straight from registers into a transposed C (see AE_DIRECT_STORE).
#define AE_DIRECT_TRANSPOSED_STORE(alpha, beta, m, mr, transposeC) \
    ((transposeC) && (m) == (mr) && (alpha) == 1.0f && ((beta) == 0.0f || (beta) == 1.0f))

/// `ae_store_columns` for 16 tile columns held in eight 512-bit rows: two groups of 8 columns.
__attribute__((target("avx512f"), always_inline))
static inline void ae_store_columns16(__m512 r0, __m512 r1, __m512 r2, __m512 r3, __m512 r4, __m512 r5, __m512 r6,
                                      __m512 r7, float *c, long ldc, int n, float beta) {
#define AE_LOW(v) _mm512_castps512_ps256(v)
#define AE_HIGH(v) _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1))
    ae_store_columns(8, AE_LOW(r0), AE_LOW(r1), AE_LOW(r2), AE_LOW(r3), AE_LOW(r4), AE_LOW(r5), AE_LOW(r6), AE_LOW(r7),
                     c, ldc, n, beta);
    ae_store_columns(8, AE_HIGH(r0), AE_HIGH(r1), AE_HIGH(r2), AE_HIGH(r3), AE_HIGH(r4), AE_HIGH(r5), AE_HIGH(r6),
                     AE_HIGH(r7), c + 8 * ldc, ldc, n - 8, beta);
#undef AE_LOW
#undef AE_HIGH
}
#endif

#ifdef AE_X86
__attribute__((target("avx2,fma"), always_inline))
static inline void avx2_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                             float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *a0 = AE_A_ROW(a, aRow, m, 0), *a1 = AE_A_ROW(a, aRow, m, 1), *a2 = AE_A_ROW(a, aRow, m, 2),
                *a3 = AE_A_ROW(a, aRow, m, 3), *a4 = AE_A_ROW(a, aRow, m, 4), *a5 = AE_A_ROW(a, aRow, m, 5);
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    ae_prefetch_tile(c, ldc, m, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        __m256 b0 = _mm256_loadu_ps(bk), b1 = _mm256_loadu_ps(bk + 8);
        __m256 ai;
        ai = _mm256_broadcast_ss(a0 + off); c00 = _mm256_fmadd_ps(ai, b0, c00); c01 = _mm256_fmadd_ps(ai, b1, c01);
        ai = _mm256_broadcast_ss(a1 + off); c10 = _mm256_fmadd_ps(ai, b0, c10); c11 = _mm256_fmadd_ps(ai, b1, c11);
        ai = _mm256_broadcast_ss(a2 + off); c20 = _mm256_fmadd_ps(ai, b0, c20); c21 = _mm256_fmadd_ps(ai, b1, c21);
        ai = _mm256_broadcast_ss(a3 + off); c30 = _mm256_fmadd_ps(ai, b0, c30); c31 = _mm256_fmadd_ps(ai, b1, c31);
        ai = _mm256_broadcast_ss(a4 + off); c40 = _mm256_fmadd_ps(ai, b0, c40); c41 = _mm256_fmadd_ps(ai, b1, c41);
        ai = _mm256_broadcast_ss(a5 + off); c50 = _mm256_fmadd_ps(ai, b0, c50); c51 = _mm256_fmadd_ps(ai, b1, c51);
        off += aK;
    }
    if (AE_DIRECT_STORE(alpha, beta, n, NR_AVX2, transposeC)) {
#define AE_STORE_ROW_AVX2(i, lo, hi)                                                                   \
        if (m > i) {                                                                                   \
            float *row = c + (long)i * ldc;                                                            \
            if (beta == 0.0f) { _mm256_storeu_ps(row, lo); _mm256_storeu_ps(row + 8, hi); }          \
            else {                                                                                     \
                _mm256_storeu_ps(row, _mm256_add_ps(lo, _mm256_loadu_ps(row)));                       \
                _mm256_storeu_ps(row + 8, _mm256_add_ps(hi, _mm256_loadu_ps(row + 8)));               \
            }                                                                                          \
        }
        AE_STORE_ROW_AVX2(0, c00, c01) AE_STORE_ROW_AVX2(1, c10, c11) AE_STORE_ROW_AVX2(2, c20, c21)
        AE_STORE_ROW_AVX2(3, c30, c31) AE_STORE_ROW_AVX2(4, c40, c41) AE_STORE_ROW_AVX2(5, c50, c51)
#undef AE_STORE_ROW_AVX2
        return;
    }
    if (AE_DIRECT_TRANSPOSED_STORE(alpha, beta, m, MR_AVX2, transposeC)) {
        __m256 zero = _mm256_setzero_ps();
        ae_store_columns(6, c00, c10, c20, c30, c40, c50, zero, zero, c, ldc, n, beta);
        ae_store_columns(6, c01, c11, c21, c31, c41, c51, zero, zero, c + 8 * ldc, ldc, n - 8, beta);
        return;
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

__attribute__((target("avx512f"), always_inline))
static inline void avx512_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
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
    ae_prefetch_tile(c, ldc, m, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
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
    }
    if (AE_DIRECT_STORE(alpha, beta, n, NR_AVX512, transposeC)) {
#define AE_STORE_ROW_AVX512(i, lo, hi)                                                                 \
        if (m > i) {                                                                                   \
            float *row = c + (long)i * ldc;                                                            \
            if (beta == 0.0f) { _mm512_storeu_ps(row, lo); _mm512_storeu_ps(row + 16, hi); }         \
            else {                                                                                     \
                _mm512_storeu_ps(row, _mm512_add_ps(lo, _mm512_loadu_ps(row)));                       \
                _mm512_storeu_ps(row + 16, _mm512_add_ps(hi, _mm512_loadu_ps(row + 16)));             \
            }                                                                                          \
        }
        AE_STORE_ROW_AVX512(0, c00, c01) AE_STORE_ROW_AVX512(1, c10, c11) AE_STORE_ROW_AVX512(2, c20, c21)
        AE_STORE_ROW_AVX512(3, c30, c31) AE_STORE_ROW_AVX512(4, c40, c41) AE_STORE_ROW_AVX512(5, c50, c51)
        AE_STORE_ROW_AVX512(6, c60, c61) AE_STORE_ROW_AVX512(7, c70, c71)
#undef AE_STORE_ROW_AVX512
        return;
    }
    if (AE_DIRECT_TRANSPOSED_STORE(alpha, beta, m, MR_AVX512, transposeC)) {
        // dX = dZ·Wᵀ is computed as its transpose: each group of 8 tile columns is 8 rows of C.
        ae_store_columns16(c00, c10, c20, c30, c40, c50, c60, c70, c, ldc, n, beta);
        ae_store_columns16(c01, c11, c21, c31, c41, c51, c61, c71, c + 16 * ldc, ldc, n - 16, beta);
        return;
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

/// The left half (8x16) of the AVX-512 tile, for edge panels of at most 16 columns: a batch of 48
/// is 32 + 16 columns of a transposed product, and 392 is 12 x 32 + 8, so the full tile would spend
/// half or more of its multiply-adds there on padding. Each element gets the same FMAs in the same
/// order as in the full tile: the bits do not depend on which tile computed them.
__attribute__((target("avx512f"), always_inline))
static inline void avx512_half_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                                    float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    enum { NR = NR_AVX512 / 2 };
    const float *rows[MR_AVX512];
    __m512 acc[MR_AVX512];
    for (int i = 0; i < MR_AVX512; i++) {
        rows[i] = AE_A_ROW(a, aRow, m, i);
        acc[i] = _mm512_setzero_ps();
    }
    ae_prefetch_tile(c, ldc, m, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        __m512 b0 = _mm512_loadu_ps(AE_B_ROW(b, ldb, steps, k));
        for (int i = 0; i < MR_AVX512; i++) acc[i] = _mm512_fmadd_ps(_mm512_set1_ps(rows[i][off]), b0, acc[i]);
        off += aK;
    }
    if (AE_DIRECT_STORE(alpha, beta, n, NR, transposeC)) {
        for (int i = 0; i < m; i++) {
            float *row = c + (long)i * ldc;
            _mm512_storeu_ps(row, beta == 0.0f ? acc[i] : _mm512_add_ps(acc[i], _mm512_loadu_ps(row)));
        }
        return;
    }
    if (AE_DIRECT_TRANSPOSED_STORE(alpha, beta, m, MR_AVX512, transposeC)) {
        ae_store_columns16(acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], c, ldc, n, beta);
        return;
    }
    float tile[MR_AVX512 * NR];
    for (int i = 0; i < MR_AVX512; i++) _mm512_storeu_ps(tile + i * NR, acc[i]);
    ae_store_tile(tile, NR, c, ldc, alpha, beta, m, n, transposeC);
}

/// An 8-column tile of `mr` rows (6 for AVX2, 8 for AVX-512) in 256-bit vectors, for edge panels
/// of at most 8 columns (392 = 12 x 32 + 8 = 24 x 16 + 8), where a wider tile would spend half or
/// more of its multiply-adds on padding. Each element gets the same FMAs in the same order as in
/// the wide tiles: the bits do not depend on which tile computed them.
__attribute__((target("avx2,fma"), always_inline))
static inline void eight_column_tile(int mr, int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                                     const int *steps, float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    enum { NR = 8 };
    const float *rows[8];
    __m256 acc[8];
    for (int i = 0; i < 8; i++) {
        rows[i] = AE_A_ROW(a, aRow, m, i < mr ? i : mr - 1);
        acc[i] = _mm256_setzero_ps();
    }
    ae_prefetch_tile(c, ldc, m, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(AE_B_ROW(b, ldb, steps, k));
        for (int i = 0; i < mr; i++) acc[i] = _mm256_fmadd_ps(_mm256_set1_ps(rows[i][off]), b0, acc[i]);
        off += aK;
    }
    if (AE_DIRECT_STORE(alpha, beta, n, NR, transposeC)) {
        for (int i = 0; i < m; i++) {
            float *row = c + (long)i * ldc;
            _mm256_storeu_ps(row, beta == 0.0f ? acc[i] : _mm256_add_ps(acc[i], _mm256_loadu_ps(row)));
        }
        return;
    }
    if (AE_DIRECT_TRANSPOSED_STORE(alpha, beta, m, mr, transposeC)) {
        ae_store_columns(mr, acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], c, ldc, n, beta);
        return;
    }
    float tile[8 * NR];
    for (int i = 0; i < mr; i++) _mm256_storeu_ps(tile + i * NR, acc[i]);
    ae_store_tile(tile, NR, c, ldc, alpha, beta, m, n, transposeC);
}

/// The AVX2 tile's left half (6x8).
__attribute__((target("avx2,fma"), always_inline))
static inline void avx2_half_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                                  float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    eight_column_tile(MR_AVX2, kc, a, aRow, aK, b, ldb, steps, c, ldc, alpha, beta, m, n, transposeC);
}

/// The AVX-512 tile's left quarter (8x8).
__attribute__((target("avx512f,fma"), always_inline))
static inline void avx512_quarter_tile(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                                       float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    eight_column_tile(MR_AVX512, kc, a, aRow, aK, b, ldb, steps, c, ldc, alpha, beta, m, n, transposeC);
}

/// One row of C (AE_ZEROS_BY_ROW), `vectors` 256-bit vectors wide: per kept k-step of the row, one
/// broadcast of A and a row of the B panel. Each element's sum is the 6x16 tile's chain of FMAs
/// less the steps where this row of A is zero, so it has the tile's bits (see gemm.c).
__attribute__((target("avx2,fma"), always_inline))
static inline void avx2_row(int vectors, int kc, const float *a, long aK, const float *b, long ldb, const int *steps,
                            float *c, long ldc, float alpha, float beta, int n, int transposeC) {
    __m256 acc[NR_ROW_AVX2 / 8];
    for (int v = 0; v < vectors; v++) acc[v] = _mm256_setzero_ps();
    ae_prefetch_tile(c + ROW_PREFETCH_AHEAD * ldc, ldc, 1, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        __m256 ak = _mm256_broadcast_ss(a + off);
        for (int v = 0; v < vectors; v++) acc[v] = _mm256_fmadd_ps(ak, _mm256_loadu_ps(bk + 8 * v), acc[v]);
        off += aK;
    }
    if (AE_DIRECT_STORE(alpha, beta, n, 8 * vectors, transposeC)) {
        for (int v = 0; v < vectors; v++)
            _mm256_storeu_ps(c + 8 * v, beta == 0.0f ? acc[v] : _mm256_add_ps(acc[v], _mm256_loadu_ps(c + 8 * v)));
        return;
    }
    float row[NR_ROW_AVX2];
    for (int v = 0; v < vectors; v++) _mm256_storeu_ps(row + 8 * v, acc[v]);
    ae_store_tile(row, 8 * vectors, c, ldc, alpha, beta, 1, n, transposeC);
}

/// `avx2_row` in 512-bit vectors: the 8x32 tile's bits.
__attribute__((target("avx512f"), always_inline))
static inline void avx512_row(int vectors, int kc, const float *a, long aK, const float *b, long ldb, const int *steps,
                              float *c, long ldc, float alpha, float beta, int n, int transposeC) {
    __m512 acc[NR_ROW_AVX512 / 16];
    for (int v = 0; v < vectors; v++) acc[v] = _mm512_setzero_ps();
    ae_prefetch_tile(c + ROW_PREFETCH_AHEAD * ldc, ldc, 1, n, transposeC);
    long off = 0;
    for (int k = 0; k < kc; k++) {
        const float *bk = AE_B_ROW(b, ldb, steps, k);
        __m512 ak = _mm512_set1_ps(a[off]);
        for (int v = 0; v < vectors; v++) acc[v] = _mm512_fmadd_ps(ak, _mm512_loadu_ps(bk + 16 * v), acc[v]);
        off += aK;
    }
    if (AE_DIRECT_STORE(alpha, beta, n, 16 * vectors, transposeC)) {
        for (int v = 0; v < vectors; v++)
            _mm512_storeu_ps(c + 16 * v, beta == 0.0f ? acc[v] : _mm512_add_ps(acc[v], _mm512_loadu_ps(c + 16 * v)));
        return;
    }
    float row[NR_ROW_AVX512];
    for (int v = 0; v < vectors; v++) _mm512_storeu_ps(row + 16 * v, acc[v]);
    ae_store_tile(row, 16 * vectors, c, ldc, alpha, beta, 1, n, transposeC);
}

/// The row tiles at each width: the full one and its edge tiles of a half, a quarter, an eighth.
#define AE_ROW_WIDTH(name, attributes, body, vectors)                                                       \
    attributes static inline void name(int kc, const float *a, long aRow, long aK, const float *b, long ldb,  \
                                       const int *steps, float *c, long ldc, float alpha, float beta, int m,  \
                                       int n, int transposeC) {                                             \
        (void)aRow;                                                                                         \
        (void)m;                                                                                            \
        body(vectors, kc, a, aK, b, ldb, steps, c, ldc, alpha, beta, n, transposeC);                        \
    }
AE_ROW_WIDTH(avx2_row112, __attribute__((target("avx2,fma"), always_inline)), avx2_row, 14)
AE_ROW_WIDTH(avx2_row56, __attribute__((target("avx2,fma"), always_inline)), avx2_row, 7)
AE_ROW_WIDTH(avx2_row32, __attribute__((target("avx2,fma"), always_inline)), avx2_row, 4)
AE_ROW_WIDTH(avx2_row16, __attribute__((target("avx2,fma"), always_inline)), avx2_row, 2)
AE_ROW_WIDTH(avx2_row8, __attribute__((target("avx2,fma"), always_inline)), avx2_row, 1)
AE_ROW_WIDTH(avx512_row128, __attribute__((target("avx512f"), always_inline)), avx512_row, 8)
AE_ROW_WIDTH(avx512_row64, __attribute__((target("avx512f"), always_inline)), avx512_row, 4)
AE_ROW_WIDTH(avx512_row32, __attribute__((target("avx512f"), always_inline)), avx512_row, 2)
AE_ROW_WIDTH(avx512_row16, __attribute__((target("avx512f"), always_inline)), avx512_row, 1)
#undef AE_ROW_WIDTH

AE_ENTRY(micro_avx2_row112, __attribute__((target("avx2,fma"))), avx2_row112)
AE_ENTRY(micro_avx2_row56, __attribute__((target("avx2,fma"))), avx2_row56)
AE_ENTRY(micro_avx2_row32, __attribute__((target("avx2,fma"))), avx2_row32)
AE_ENTRY(micro_avx2_row16, __attribute__((target("avx2,fma"))), avx2_row16)
AE_ENTRY(micro_avx2_row8, __attribute__((target("avx2,fma"))), avx2_row8)
AE_ENTRY(micro_avx512_row128, __attribute__((target("avx512f"))), avx512_row128)
AE_ENTRY(micro_avx512_row64, __attribute__((target("avx512f"))), avx512_row64)
AE_ENTRY(micro_avx512_row32, __attribute__((target("avx512f"))), avx512_row32)
AE_ENTRY(micro_avx512_row16, __attribute__((target("avx512f"))), avx512_row16)
AE_ENTRY(micro_avx2, __attribute__((target("avx2,fma"))), avx2_tile)
AE_ENTRY(micro_avx2_half, __attribute__((target("avx2,fma"))), avx2_half_tile)
AE_ENTRY(micro_avx512, __attribute__((target("avx512f"))), avx512_tile)
AE_ENTRY(micro_avx512_half, __attribute__((target("avx512f"))), avx512_half_tile)
AE_ENTRY(micro_avx512_quarter, __attribute__((target("avx512f,fma"))), avx512_quarter_tile)
#endif

#ifdef AE_ARM64
static void micro_neon(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                       float *c, long ldc, float alpha, float beta, int m, int n, int transposeC) {
    const float *a0 = AE_A_ROW(a, aRow, m, 0), *a1 = AE_A_ROW(a, aRow, m, 1), *a2 = AE_A_ROW(a, aRow, m, 2),
                *a3 = AE_A_ROW(a, aRow, m, 3);
    float32x4_t c00 = vdupq_n_f32(0), c01 = vdupq_n_f32(0), c02 = vdupq_n_f32(0), c03 = vdupq_n_f32(0);
    float32x4_t c10 = vdupq_n_f32(0), c11 = vdupq_n_f32(0), c12 = vdupq_n_f32(0), c13 = vdupq_n_f32(0);
    float32x4_t c20 = vdupq_n_f32(0), c21 = vdupq_n_f32(0), c22 = vdupq_n_f32(0), c23 = vdupq_n_f32(0);
    float32x4_t c30 = vdupq_n_f32(0), c31 = vdupq_n_f32(0), c32 = vdupq_n_f32(0), c33 = vdupq_n_f32(0);
    ae_prefetch_tile(c, ldc, m, n, transposeC);
// One k-step: row i's value is lane li of vector vi (lanes must be constants).
#define AE_NEON_STEP(v0, l0, v1, l1, v2, l2, v3, l3)                                                            \
    {                                                                                                           \
        float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8), b3 = vld1q_f32(b + 12);   \
        c00 = vfmaq_laneq_f32(c00, b0, v0, l0); c01 = vfmaq_laneq_f32(c01, b1, v0, l0);                        \
        c02 = vfmaq_laneq_f32(c02, b2, v0, l0); c03 = vfmaq_laneq_f32(c03, b3, v0, l0);                        \
        c10 = vfmaq_laneq_f32(c10, b0, v1, l1); c11 = vfmaq_laneq_f32(c11, b1, v1, l1);                        \
        c12 = vfmaq_laneq_f32(c12, b2, v1, l1); c13 = vfmaq_laneq_f32(c13, b3, v1, l1);                        \
        c20 = vfmaq_laneq_f32(c20, b0, v2, l2); c21 = vfmaq_laneq_f32(c21, b1, v2, l2);                        \
        c22 = vfmaq_laneq_f32(c22, b2, v2, l2); c23 = vfmaq_laneq_f32(c23, b3, v2, l2);                        \
        c30 = vfmaq_laneq_f32(c30, b0, v3, l3); c31 = vfmaq_laneq_f32(c31, b1, v3, l3);                        \
        c32 = vfmaq_laneq_f32(c32, b2, v3, l3); c33 = vfmaq_laneq_f32(c33, b3, v3, l3);                        \
        b += ldb;                                                                                               \
    }
    int k = 0;
    if (steps) {
        // Only the k-steps listed, from a packed A.
        for (const float *panel = b; k < kc; k++) {
            b = panel + (long)steps[k] * ldb;
            float32x4_t column = {a0[k * aK], a1[k * aK], a2[k * aK], a3[k * aK]};
            AE_NEON_STEP(column, 0, column, 1, column, 2, column, 3)
        }
    } else if (aK == 1) {
        // A read in place: one load brings four k-steps of a row.
        for (; k + 4 <= kc; k += 4) {
            float32x4_t r0 = vld1q_f32(a0 + k), r1 = vld1q_f32(a1 + k), r2 = vld1q_f32(a2 + k), r3 = vld1q_f32(a3 + k);
            AE_NEON_STEP(r0, 0, r1, 0, r2, 0, r3, 0)
            AE_NEON_STEP(r0, 1, r1, 1, r2, 1, r3, 1)
            AE_NEON_STEP(r0, 2, r1, 2, r2, 2, r3, 2)
            AE_NEON_STEP(r0, 3, r1, 3, r2, 3, r3, 3)
        }
    } else if (aRow == 1 && m == MR_NEON) {
        // A transposed, read in place: the four rows of one k-step are adjacent.
        for (; k < kc; k++) {
            float32x4_t column = vld1q_f32(a + (long)k * aK);
            AE_NEON_STEP(column, 0, column, 1, column, 2, column, 3)
        }
    }
    for (; k < kc; k++) {
        float32x4_t column = {a0[k * aK], a1[k * aK], a2[k * aK], a3[k * aK]};
        AE_NEON_STEP(column, 0, column, 1, column, 2, column, 3)
    }
#undef AE_NEON_STEP
    if (AE_DIRECT_STORE(alpha, beta, n, NR_NEON, transposeC)) {
#define AE_STORE_ROW_NEON(i, x0, x1, x2, x3)                                                          \
        if (m > i) {                                                                                  \
            float *row = c + (long)i * ldc;                                                           \
            if (beta == 0.0f) {                                                                       \
                vst1q_f32(row, x0); vst1q_f32(row + 4, x1); vst1q_f32(row + 8, x2); vst1q_f32(row + 12, x3); \
            } else {                                                                                  \
                vst1q_f32(row, vaddq_f32(x0, vld1q_f32(row)));                                        \
                vst1q_f32(row + 4, vaddq_f32(x1, vld1q_f32(row + 4)));                                \
                vst1q_f32(row + 8, vaddq_f32(x2, vld1q_f32(row + 8)));                                \
                vst1q_f32(row + 12, vaddq_f32(x3, vld1q_f32(row + 12)));                              \
            }                                                                                         \
        }
        AE_STORE_ROW_NEON(0, c00, c01, c02, c03) AE_STORE_ROW_NEON(1, c10, c11, c12, c13)
        AE_STORE_ROW_NEON(2, c20, c21, c22, c23) AE_STORE_ROW_NEON(3, c30, c31, c32, c33)
#undef AE_STORE_ROW_NEON
        return;
    }
    float tile[MR_NEON * NR_NEON];
    vst1q_f32(tile + 0, c00);  vst1q_f32(tile + 4, c01);  vst1q_f32(tile + 8, c02);  vst1q_f32(tile + 12, c03);
    vst1q_f32(tile + 16, c10); vst1q_f32(tile + 20, c11); vst1q_f32(tile + 24, c12); vst1q_f32(tile + 28, c13);
    vst1q_f32(tile + 32, c20); vst1q_f32(tile + 36, c21); vst1q_f32(tile + 40, c22); vst1q_f32(tile + 44, c23);
    vst1q_f32(tile + 48, c30); vst1q_f32(tile + 52, c31); vst1q_f32(tile + 56, c32); vst1q_f32(tile + 60, c33);
    ae_store_tile(tile, NR_NEON, c, ldc, alpha, beta, m, n, transposeC);
}
#endif

int ae_kernel_supported(int kernel) {
    switch (kernel) {
    case AE_KERNEL_GENERIC: return 1;
#ifdef AE_X86
    case AE_KERNEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case AE_KERNEL_AVX512: return __builtin_cpu_supports("avx512f");
#endif
#ifdef AE_ARM64
    case AE_KERNEL_NEON: return 1;  // Advanced SIMD is part of every AArch64 core.
#endif
    default: return 0;
    }
}

int ae_kernel_best(void) {
    if (ae_kernel_supported(AE_KERNEL_AVX512)) return AE_KERNEL_AVX512;
    if (ae_kernel_supported(AE_KERNEL_AVX2)) return AE_KERNEL_AVX2;
    if (ae_kernel_supported(AE_KERNEL_NEON)) return AE_KERNEL_NEON;
    return AE_KERNEL_GENERIC;
}

const char *ae_kernel_name(int kernel) {
    switch (kernel) {
    case AE_KERNEL_AVX2: return "avx2-fma 6x16";
    case AE_KERNEL_AVX512: return "avx512 8x32";
    case AE_KERNEL_NEON: return "neon 4x16";
    default: return "generic-c 6x16";
    }
}

ae_microkernel ae_microkernel_for(int tiles) {
#ifdef AE_X86
    if (tiles == AE_KERNEL_AVX512) return micro_avx512;
    if (tiles == AE_KERNEL_AVX2) return micro_avx2;
    if (tiles == AE_KERNEL_AVX512 + AE_ROW_TILES) return micro_avx512_row128;
    if (tiles == AE_KERNEL_AVX2 + AE_ROW_TILES) return micro_avx2_row112;
#endif
#ifdef AE_ARM64
    if (tiles == AE_KERNEL_NEON) return micro_neon;
#endif
    return tiles >= AE_ROW_TILES ? micro_generic_row : micro_generic;
}

ae_microkernel ae_edge_microkernel_for(int tiles, int width) {
#ifdef AE_X86
    if (tiles == AE_KERNEL_AVX512 && width == NR_AVX512 / 2) return micro_avx512_half;
    if (tiles == AE_KERNEL_AVX512 && width == NR_AVX512 / 4) return micro_avx512_quarter;
    if (tiles == AE_KERNEL_AVX2 && width == NR_AVX2 / 2) return micro_avx2_half;
    if (tiles == AE_KERNEL_AVX512 + AE_ROW_TILES) {
        if (width == 64) return micro_avx512_row64;
        if (width == 32) return micro_avx512_row32;
        if (width == 16) return micro_avx512_row16;
    }
    if (tiles == AE_KERNEL_AVX2 + AE_ROW_TILES) {
        if (width == 56) return micro_avx2_row56;
        if (width == 32) return micro_avx2_row32;
        if (width == 16) return micro_avx2_row16;
        if (width == 8) return micro_avx2_row8;
    }
#endif
    (void)tiles;
    (void)width;
    return 0;
}

int ae_mr_for(int tiles) {
    if (tiles >= AE_ROW_TILES) return 1;
    if (tiles == AE_KERNEL_AVX512) return MR_AVX512;
    if (tiles == AE_KERNEL_AVX2) return MR_AVX2;
    if (tiles == AE_KERNEL_NEON) return MR_NEON;
    return MR_GENERIC;
}

int ae_nr_for(int tiles) {
    if (tiles == AE_KERNEL_AVX512) return NR_AVX512;
    if (tiles == AE_KERNEL_AVX2) return NR_AVX2;
    if (tiles == AE_KERNEL_NEON) return NR_NEON;
    if (tiles == AE_KERNEL_AVX512 + AE_ROW_TILES) return NR_ROW_AVX512;
    if (tiles == AE_KERNEL_AVX2 + AE_ROW_TILES) return NR_ROW_AVX2;
    if (tiles >= AE_ROW_TILES) return NR_ROW_GENERIC;
    return NR_GENERIC;
}

int ae_narrower_tile_width(int tiles, int width) {
    if (width % 2 == 0 && ae_edge_microkernel_for(tiles, width / 2)) return width / 2;
    int power = 1;  // else the largest power of two below: AVX2's row tiles go 112, 56, 32, 16, 8
    while (power * 2 < width) power *= 2;
    return power < width && ae_edge_microkernel_for(tiles, power) ? power : 0;
}

int ae_tile_width_for(int tiles, int n) {
    int width = ae_nr_for(tiles);
    for (int next = ae_narrower_tile_width(tiles, width); next && n <= next; next = ae_narrower_tile_width(tiles, next))
        width = next;
    return width;
}
