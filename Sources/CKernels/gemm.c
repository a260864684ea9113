// Goto/BLIS-style blocked GEMM: pack op(B) into NR-wide column panels and op(A) into MR-tall row
// panels, then run a register-blocked micro-kernel over the packed panels. Transposes are
// absorbed by the packing, so every micro-kernel sees the same contiguous layout.
#include "ckernels.h"
#include "microkernels.h"
#include <stdlib.h>
#include <string.h>

enum { KC = 256, MC = 120, NC = 1024, NR_MAX = 32 };

static _Thread_local float *packA;
static _Thread_local float *packB;

static int ensure_buffers(void) {
    if (packA && packB) return 1;
    packA = aligned_alloc(64, sizeof(float) * MC * KC);
    packB = aligned_alloc(64, sizeof(float) * KC * (NC + NR_MAX));
    return packA && packB;
}

static void pack_A(int transA, const float *A, long lda, int i0, int k0, int mc, int kc, float *dst) {
    for (int ir = 0; ir < mc; ir += AE_MR) {
        float *panel = dst + (long)ir * kc;
        int rows = mc - ir < AE_MR ? mc - ir : AE_MR;
        if (transA) {
            for (int k = 0; k < kc; k++) {
                const float *src = A + (long)(k0 + k) * lda + i0 + ir;
                int r = 0;
                for (; r < rows; r++) panel[k * AE_MR + r] = src[r];
                for (; r < AE_MR; r++) panel[k * AE_MR + r] = 0.0f;
            }
        } else {
            for (int r = 0; r < AE_MR; r++) {
                if (r < rows) {
                    const float *src = A + (long)(i0 + ir + r) * lda + k0;
                    for (int k = 0; k < kc; k++) panel[k * AE_MR + r] = src[k];
                } else {
                    for (int k = 0; k < kc; k++) panel[k * AE_MR + r] = 0.0f;
                }
            }
        }
    }
}

static void pack_B(int transB, const float *B, long ldb, int k0, int j0, int kc, int nc, int nr, float *dst) {
    for (int jr = 0; jr < nc; jr += nr) {
        float *panel = dst + (long)jr * kc;
        int cols = nc - jr < nr ? nc - jr : nr;
        if (transB) {
            // Contiguous writes; the nr source rows stay in L1 while k advances along them.
            const float *src = B + (long)(j0 + jr) * ldb + k0;
            for (int k = 0; k < kc; k++) {
                float *out = panel + (long)k * nr;
                int c = 0;
                for (; c < cols; c++) out[c] = src[(long)c * ldb + k];
                for (; c < nr; c++) out[c] = 0.0f;
            }
        } else {
            for (int k = 0; k < kc; k++) {
                const float *src = B + (long)(k0 + k) * ldb + j0 + jr;
                int c = 0;
                for (; c < cols; c++) panel[k * nr + c] = src[c];
                for (; c < nr; c++) panel[k * nr + c] = 0.0f;
            }
        }
    }
}

static void scale_C(int M, int N, float beta, float *C, long ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            C[(long)i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[(long)i * ldc + j];
}

void ae_sgemm(int kernel, int transA, int transB, int M, int N, int K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) { scale_C(M, N, beta, C, ldc); return; }
    if (!ae_kernel_supported(kernel)) kernel = AE_KERNEL_GENERIC;
    ae_microkernel micro = ae_microkernel_for(kernel);
    int nr = ae_nr_for(kernel);
    if (!ensure_buffers()) { abort(); }

    // A row-major op(B) is already laid out as the micro-kernel reads it (rows of nr contiguous
    // floats, ldb apart), so full panels are read in place; packing it would cost as much as the
    // multiply when M is a small batch. Only a ragged last panel is packed (zero-padded).
    const int directB = !transB;
    for (int jc = 0; jc < N; jc += NC) {
        int nc = N - jc < NC ? N - jc : NC;
        int fullPanels = nc / nr * nr;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = K - pc < KC ? K - pc : KC;
            float blockBeta = pc == 0 ? beta : 1.0f;
            if (!directB) {
                pack_B(transB, B, ldb, pc, jc, kc, nc, nr, packB);
            } else if (fullPanels < nc) {
                pack_B(transB, B, ldb, pc, jc + fullPanels, kc, nc - fullPanels, nr, packB);
            }
            for (int ic = 0; ic < M; ic += MC) {
                int mc = M - ic < MC ? M - ic : MC;
                pack_A(transA, A, lda, ic, pc, mc, kc, packA);
                for (int jr = 0; jr < nc; jr += nr) {
                    int n = nc - jr < nr ? nc - jr : nr;
                    const float *panel = packB + (long)jr * kc;
                    long panelStride = nr;
                    if (directB && jr < fullPanels) {
                        panel = B + (long)pc * ldb + jc + jr;
                        panelStride = ldb;
                    } else if (directB) {
                        panel = packB;
                    }
                    for (int ir = 0; ir < mc; ir += AE_MR) {
                        int m = mc - ir < AE_MR ? mc - ir : AE_MR;
                        micro(kc, packA + (long)ir * kc, panel, panelStride,
                              C + (long)(ic + ir) * ldc + jc + jr, ldc, alpha, blockBeta, m, n);
                    }
                }
            }
        }
    }
}
