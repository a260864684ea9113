// Copies of GEMM operands into the layouts the micro-kernels walk (see gemm.c for when each is made).
#include "packing.h"
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/// Writes the 4x4 block at src (rows ld apart) transposed to dst (rows nr apart).
static inline void transpose4(const float *src, long ld, float *dst, int nr) {
#if defined(__SSE2__)
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + ld), r2 = _mm_loadu_ps(src + 2 * ld), r3 = _mm_loadu_ps(src + 3 * ld);
    __m128 t0 = _mm_unpacklo_ps(r0, r1), t1 = _mm_unpackhi_ps(r0, r1), t2 = _mm_unpacklo_ps(r2, r3), t3 = _mm_unpackhi_ps(r2, r3);
    _mm_storeu_ps(dst, _mm_movelh_ps(t0, t2));
    _mm_storeu_ps(dst + nr, _mm_movehl_ps(t2, t0));
    _mm_storeu_ps(dst + 2 * nr, _mm_movelh_ps(t1, t3));
    _mm_storeu_ps(dst + 3 * nr, _mm_movehl_ps(t3, t1));
#elif defined(__ARM_NEON)
    float32x4x2_t a = vtrnq_f32(vld1q_f32(src), vld1q_f32(src + ld)), b = vtrnq_f32(vld1q_f32(src + 2 * ld), vld1q_f32(src + 3 * ld));
    vst1q_f32(dst, vcombine_f32(vget_low_f32(a.val[0]), vget_low_f32(b.val[0])));
    vst1q_f32(dst + nr, vcombine_f32(vget_low_f32(a.val[1]), vget_low_f32(b.val[1])));
    vst1q_f32(dst + 2 * nr, vcombine_f32(vget_high_f32(a.val[0]), vget_high_f32(b.val[0])));
    vst1q_f32(dst + 3 * nr, vcombine_f32(vget_high_f32(a.val[1]), vget_high_f32(b.val[1])));
#else
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) dst[(long)j * nr + i] = src[(long)i * ld + j];
#endif
}

/// Packs op(B)[k0 .. k0+kc)[j0 .. j0+nc) into nr-column panels, zero-padding the last one.
void ae_pack_B(int transB, const float *B, long ldb, int k0, int j0, int kc, int nc, int nr, float *dst) {
    if (!transB) {
        // Row by row, each row scattered into the panels: B streams in order. Panel by panel, a
        // 392-wide B was read 128 bytes per row at a time, a fifth of a 256x392x784 product's time.
        for (int k = 0; k < kc; k++) {
            const float *row = B + (long)(k0 + k) * ldb + j0;
            for (int jr = 0; jr < nc; jr += nr) {
                float *out = dst + (long)jr * kc + (long)k * nr;
                int cols = nc - jr < nr ? nc - jr : nr, c = 0;
                for (; c < cols; c++) out[c] = row[jr + c];
                for (; c < nr; c++) out[c] = 0.0f;
            }
        }
        return;
    }
    // A transposed B stores the panels' columns as rows: 4x4 blocks go through registers (one
    // element at a time was a tenth of a 392x784 product's time, a fifth of a 98x392's).
    for (int jr = 0; jr < nc; jr += nr) {
        float *panel = dst + (long)jr * kc;
        const float *src = B + (long)(j0 + jr) * ldb + k0;
        int cols = nc - jr < nr ? nc - jr : nr, blockCols = cols / 4 * 4, blockK = kc / 4 * 4;
        for (int c = 0; c < blockCols; c += 4)
            for (int k = 0; k < blockK; k += 4) transpose4(src + (long)c * ldb + k, ldb, panel + (long)k * nr + c, nr);
        // What the blocks leave (the last columns; every column at the last k-steps), then the padding.
        for (int k = 0; k < kc; k++) {
            for (int i = k < blockK ? blockCols : 0; i < cols; i++) panel[(long)k * nr + i] = src[(long)i * ldb + k];
            for (int i = cols; i < nr; i++) panel[(long)k * nr + i] = 0.0f;
        }
    }
}

/// Whether the mc x kc block of a transposed A (stored K x M) is copied into k-major micro-panels
/// before nc columns of B are multiplied by it. Read in place, each k-step of a row tile is a row
/// of A apart, so a tile's kc steps touch kc cache lines for mr floats each: at kc = 256, 16 KB of
/// L1 besides the B panel. AVX2's 6x16 tile does 12 256-bit multiply-adds a k-step, too few to
/// hide those misses; packed, it reads 6 KB in order (the two large weight gradients at batch 256
/// take 0.86-0.95 of the time on a Zen 4). AVX-512's 8x32 tile hides them and loses the copy's
/// time; a short kc fits in L1 as it is. The copy is repaid over nc / nr column panels.
int ae_packs_transposed_A(int kernel, int kc, int nc) {
    return kernel == AE_KERNEL_AVX2 && kc >= 128 && nc >= 128;
}

/// Copies rows [i0, i0 + mc) of op(A) = Aᵀ at k-steps [k0, k0 + kc) into micro-panels of mr rows:
/// row i, step k of panel p at dst[p·mr·kc + k·mr + i]. A ragged last panel holds its m rows only
/// (the micro-kernel reads no row past m).
void ae_pack_A_transposed(const float *A, long lda, int k0, int i0, int kc, int mc, int mr, float *dst) {
    for (int ir = 0; ir < mc; ir += mr) {
        int m = mc - ir < mr ? mc - ir : mr;
        float *panel = dst + (long)ir * kc;
        const float *src = A + (long)k0 * lda + i0 + ir;
        for (int k = 0; k < kc; k++)
            for (int i = 0; i < m; i++) panel[(long)k * mr + i] = src[(long)k * lda + i];
    }
}

/// The bits of *x with the sign shifted out: zero exactly when *x is ±0 (NaN counts as not zero).
static inline uint32_t magnitude_bits(const float *x) {
    uint32_t bits;
    memcpy(&bits, x, sizeof bits);
    return bits << 1;
}

/// Whether any of the n floats at x is not ±0.
static inline int any_nonzero(const float *x, int n) {
#if defined(__SSE2__)
    if (n >= 4 && n <= 8) {  // two loads cover every kernel's MR
        __m128 both = _mm_or_ps(_mm_loadu_ps(x), _mm_loadu_ps(x + n - 4));  // OR of bits: zero only if all are ±0
        return _mm_movemask_ps(_mm_cmpneq_ps(both, _mm_setzero_ps())) != 0;
    }
#endif
    uint32_t any = 0;
    for (int i = 0; i < n; i++) any |= magnitude_bits(x + i);
    return any != 0;
}

/// pack_A_nonzero for panels of one row (by row) from a transposed A, whose rows lie side by side
/// at each k-step: eight rows are read together, and each one's list takes its nonzero steps. As
/// there, nothing branches on the data: every step is written, and a row's list end moves on only
/// for a kept one. (One row at a time, with its steps lda apart, the pack took a tenth of the
/// 392 x 784 weight gradient at batch 48.)
static void pack_rows_nonzero(const float *A, long lda, int k0, int i0, int kc, int mc, float *dst, int *steps,
                              int *kept) {
    for (int r0 = 0; r0 < mc; r0 += 8) {
        int rows = mc - r0 < 8 ? mc - r0 : 8, count[8] = {0};
        const float *src = A + (long)k0 * lda + i0 + r0;
        float *values = dst + (long)r0 * kc;
        int *list = steps + (long)r0 * kc;
        for (int k = 0; k < kc; k++) {
            const float *step = src + (long)k * lda;
            for (int r = 0; r < rows; r++) {
                list[(long)r * kc + count[r]] = k;
                values[(long)r * kc + count[r]] = step[r];
                count[r] += magnitude_bits(step + r) != 0;
            }
        }
        for (int r = 0; r < rows; r++) kept[r0 + r] = count[r] > kc - kc / 8 ? -1 : count[r];
    }
}

/// Copies rows [i0, i0 + mc) of op(A) at k-steps [k0, k0 + kc) into micro-panels of mr rows, as
/// pack_A_transposed, but keeping only the steps where some row of the panel is not ±0: panel p
/// keeps kept[p] steps, its s-th from k-step steps[p·kc + s]. A ragged panel's rows past m repeat
/// its last row (the micro-kernel discards them). A panel that would keep more than 7/8 of its
/// steps is not worth the list: it is left where it is (kept[p] = -1), or with `packsDense` (AVX2's
/// long transposed A, which is packed anyway) copied whole. Nothing branches on the data: every
/// step is listed, and the list's end moves on only for a kept one.
void ae_pack_A_nonzero(int transA, const float *A, long lda, int k0, int i0, int kc, int mc, int mr,
                           int packsDense, float *dst, int *steps, int *kept) {
    if (transA && mr == 1 && !packsDense) {
        pack_rows_nonzero(A, lda, k0, i0, kc, mc, dst, steps, kept);
        return;
    }
    long rowStride = transA ? 1 : lda, kStride = transA ? lda : 1;
    uint32_t marks[KC];
    for (int ir = 0, p = 0; ir < mc; ir += mr, p++) {
        int m = mc - ir < mr ? mc - ir : mr, s = 0;
        const float *src = transA ? A + (long)k0 * lda + i0 + ir : A + (long)(i0 + ir) * lda + k0;
        int *panelSteps = steps + (long)p * kc;
        if (transA) {
            // A step's rows are adjacent: test them together.
            for (int k = 0; k < kc; k++) marks[k] = any_nonzero(src + (long)k * lda, m);
        } else {
            // A step's rows are lda apart: mark the steps row by row, so that each row streams.
            memset(marks, 0, sizeof(uint32_t) * (size_t)kc);
            for (int i = 0; i < m; i++)
                for (int k = 0; k < kc; k++) marks[k] |= magnitude_bits(src + (long)i * lda + k);
        }
        for (int k = 0; k < kc; k++) {
            panelSteps[s] = k;
            s += marks[k] != 0;
        }
        if (s > kc - kc / 8) {
            if (!packsDense) {
                kept[p] = -1;
                continue;
            }
            for (s = 0; s < kc; s++) panelSteps[s] = s;
        }
        float *panel = dst + (long)ir * kc;
        for (int t = 0; t < s; t++) {
            const float *step = src + (long)panelSteps[t] * kStride;
            for (int i = 0; i < mr; i++) panel[(long)t * mr + i] = step[(long)(i < m ? i : m - 1) * rowStride];
        }
        kept[p] = s;
    }
}

/// A row-major B is read in place when its rows start on cache lines, or when few row tiles reuse
/// each panel. Otherwise it is copied: rows of 392 floats are 1568 bytes apart, so every other
/// panel row straddles two lines, the panel's footprint in L1 doubles, and each of the many row
/// tiles of a 256-row batch reloads it from L2 (AVX2 on Zen 4: 69 against 99 GFLOP/s).
int ae_reads_B_in_place(int transB, int M, const float *B, long ldb) {
    const int linedB = (uintptr_t)B % 64 == 0 && (ldb * (long)sizeof(float)) % 64 == 0;
    return !transB && (linedB || M < 128);
}
