// Goto/BLIS-style blocked GEMM around register-blocked micro-kernels.
//
// The micro-kernels read A through two strides (row, k) and B through one (k), so operands that
// are already laid out the way they walk are read in place: A either way round (a row-major A has
// rows lda apart and k contiguous, a transposed one rows contiguous and k-steps lda apart) and a
// row-major B (k rows of nr contiguous columns). Only a transposed B and ragged edge panels of B
// are packed. A product whose B is transposed (dX = dZ·Wᵀ in backprop, with W
// the large operand) is computed as Cᵀ = B·Aᵀ instead, so that W is read in place and only the
// small dZ is packed; the micro-kernel then stores its tile transposed.
#include "ckernels.h"
#include "microkernels.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { KC = 256, MC = 120, NC = 1024, NR_MAX = 32 };  // MC: a multiple of every kernel's MR

static _Thread_local float *packB;

static int ensure_buffers(void) {
    if (!packB) packB = aligned_alloc(64, sizeof(float) * KC * (NC + NR_MAX));
    return packB != 0;
}

/// Packs op(B)[k0 .. k0+kc)[j0 .. j0+nc) into nr-column panels, zero-padding the last one.
static void pack_B(int transB, const float *B, long ldb, int k0, int j0, int kc, int nc, int nr, float *dst) {
    for (int jr = 0; jr < nc; jr += nr) {
        float *panel = dst + (long)jr * kc;
        int cols = nc - jr < nr ? nc - jr : nr;
        for (int k = 0; k < kc; k++) {
            float *out = panel + (long)k * nr;
            int c = 0;
            if (transB) {
                // Contiguous writes; the nr source rows stay in L1 while k advances along them.
                const float *src = B + (long)(j0 + jr) * ldb + k0 + k;
                for (; c < cols; c++) out[c] = src[(long)c * ldb];
            } else {
                const float *src = B + (long)(k0 + k) * ldb + j0 + jr;
                for (; c < cols; c++) out[c] = src[c];
            }
            for (; c < nr; c++) out[c] = 0.0f;
        }
    }
}

static void scale_C(int M, int N, float beta, float *C, long ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            C[(long)i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[(long)i * ldc + j];
}

/// The blocked loops. `transposeC`: the tile computed for (i, j) is stored at C[j][i].
static void gemm_blocked(int kernel, ae_microkernel micro, int mr, int nr, int transA, int transB, int M, int N, int K, float alpha,
                         const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc,
                         int transposeC) {
    // A row-major B is read in place when its rows start on cache lines, or when few row tiles reuse
    // each panel. Otherwise it is copied: rows of 392 floats are 1568 bytes apart, so every other
    // panel row straddles two lines, the panel's footprint in L1 doubles, and each of the many row
    // tiles of a 256-row batch reloads it from L2 (AVX2 on Zen 4: 69 against 99 GFLOP/s).
    const int linedB = (uintptr_t)B % 64 == 0 && (ldb * (long)sizeof(float)) % 64 == 0;
    const int directB = !transB && (linedB || M < 128);
    for (int jc = 0; jc < N; jc += NC) {
        int nc = N - jc < NC ? N - jc : NC;
        int fullPanels = directB ? nc / nr * nr : 0;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = K - pc < KC ? K - pc : KC;
            float blockBeta = pc == 0 ? beta : 1.0f;
            if (fullPanels < nc) pack_B(transB, B, ldb, pc, jc + fullPanels, kc, nc - fullPanels, nr, packB);
            for (int ic = 0; ic < M; ic += MC) {
                int mc = M - ic < MC ? M - ic : MC;
                for (int jr = 0; jr < nc; jr += nr) {
                    int n = nc - jr < nr ? nc - jr : nr;
                    const float *panel = jr < fullPanels ? B + (long)pc * ldb + jc + jr
                                                         : packB + (long)(jr - fullPanels) * kc;
                    long panelStride = jr < fullPanels ? ldb : nr;
                    // An edge panel (packed, nr wide) takes the narrowest tile that holds it.
                    ae_microkernel tile = micro;
                    for (int width = nr / 2; n < nr && n <= width; width /= 2) {
                        ae_microkernel narrow = ae_edge_microkernel_for(kernel, width);
                        if (!narrow) break;
                        tile = narrow;
                    }
                    for (int ir = 0; ir < mc; ir += mr) {
                        int m = mc - ir < mr ? mc - ir : mr;
                        // A transposed (stored K x M) is read in place too: its rows are 1 apart, its k-steps lda.
                        const float *a = transA ? A + (long)pc * lda + ic + ir : A + (long)(ic + ir) * lda + pc;
                        long aRow = transA ? 1 : lda, aK = transA ? lda : 1;
                        long row = ic + ir, col = jc + jr;
                        float *c = transposeC ? C + col * ldc + row : C + row * ldc + col;
                        tile(kc, a, aRow, aK, panel, panelStride, c, ldc, alpha, blockBeta, m, n, transposeC);
                    }
                }
            }
        }
    }
}

void ae_sgemm(int kernel, int transA, int transB, int M, int N, int K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) { scale_C(M, N, beta, C, ldc); return; }
    if (!ae_kernel_supported(kernel)) kernel = AE_KERNEL_GENERIC;
    if (!ensure_buffers()) abort();
    ae_microkernel micro = ae_microkernel_for(kernel);
    int mr = ae_mr_for(kernel), nr = ae_nr_for(kernel);
    if (transB && !transA) {
        // Cᵀ = op(B)ᵀ·op(A)ᵀ = B·Aᵀ: B (stored N x K) becomes a row-major A read in place.
        gemm_blocked(kernel, micro, mr, nr, 0, 1, N, M, K, alpha, B, ldb, A, lda, beta, C, ldc, 1);
    } else {
        gemm_blocked(kernel, micro, mr, nr, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, 0);
    }
}
