// Goto/BLIS-style blocked GEMM around register-blocked micro-kernels.
//
// The micro-kernels read A through two strides (row, k) and B through one (k), so operands that
// are already laid out the way they walk are read in place: A either way round (a row-major A has
// rows lda apart and k contiguous, a transposed one rows contiguous and k-steps lda apart) and a
// row-major B (k rows of nr contiguous columns). Packed are only a transposed B, ragged edge
// panels of B, a row-major B whose rows do not start on cache lines when many row tiles reuse it,
// for AVX2, long k-blocks of a transposed A times many columns, and a sparse A (below). A product whose B is
// transposed (dX = dZ·Wᵀ in backprop, with W the large operand) is computed as Cᵀ = B·Aᵀ instead,
// so that W is read in place and only the small dZ is packed; the micro-kernel then stores its
// tile transposed.
//
// A layer's input often holds exact zeros (most of an MNIST image's pixels, ReLU's and dropout's
// outputs). With `zeros` the blocks of A are packed without the k-steps where every row of a
// micro-panel is zero, and the micro-kernel takes only the B rows of the steps kept. By row, the
// micro-panels are single rows and the tiles one row of C (microkernels.c): a ReLU layer's unit is
// zero for half the samples but seldom for all of six or eight units at once, so a weight
// gradient's tiles keep almost every step where its rows keep half. Each sum
// still runs in k order from zero; a step left out would have added ±0·b, which leaves a nonzero
// sum as it is (a fused multiply-add of ±0 rounds to the sum itself), so for finite B the values
// are those of the full product. Two differences remain: a non-finite B value that meets only
// zeros is not turned into NaN, and a sum that is zero may differ in sign (a chain whose every
// kept product underflowed to -0 stays -0, where an added +0 would have made it +0). Which steps
// a panel skips depends only on its rows of A, so a product split between threads skips the same.
//
// A product split between threads is computed in pieces, ranges of C's columns or rows, each its
// own call, handed over while they run (TileClaims in the engine). Where every piece would pack
// the same operand (all of a sparse or long transposed A for pieces by columns, all of a copied B
// for pieces by rows), the threads pack it once between them beforehand (shared_pack.c), in the
// layout gemm_blocked packs a block in, and every piece reads that copy: a piece's values are
// those of the whole product.
#include "microkernels.h"
#include "packing.h"
#include <stdlib.h>

static _Thread_local float *packB;

static int ensure_buffers(void) {
    if (!packB) packB = aligned_alloc(64, sizeof(float) * KC * (NC + NR_MAX));
    return packB != 0;
}

/// This thread's buffer for a packed A, allocated by the first block that packs one.
static float *pack_A_buffer(void) {
    static _Thread_local float *packA;
    if (!packA && !(packA = aligned_alloc(64, sizeof(float) * KC * MC))) abort();
    return packA;
}

/// This thread's lists of the k-steps each micro-panel of a packed sparse A keeps (room for
/// panels of one row: no kernel's MR bounds it).
static int *pack_steps_buffer(void) {
    static _Thread_local int *steps;
    if (!steps && !(steps = malloc(sizeof(int) * KC * MC))) abort();
    return steps;
}

static void scale_C(int M, int N, float beta, float *C, long ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            C[(long)i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[(long)i * ldc + j];
}

/// The blocked loops. `transposeC`: the tile computed for (i, j) is stored at C[j][i]. With
/// `shared`, the operand it holds is read from it instead of being packed here.
static void gemm_blocked(int kernel, int transA, int transB, int M, int N, int K, float alpha,
                         const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc,
                         int transposeC, int zeros, const ae_shared_pack *shared) {
    int tiles = ae_tiles_for(kernel, zeros);
    ae_microkernel micro = ae_microkernel_for(tiles);
    int mr = ae_mr_for(tiles), nr = ae_nr_for(tiles);
    const ae_shared_pack *sharedA = shared && shared->operand == SHARED_A ? shared : 0;
    const ae_shared_pack *sharedB = shared && shared->operand == SHARED_B ? shared : 0;
    const int skipsZeros = zeros != AE_ZEROS_NONE;
    const int directB = !sharedB && ae_reads_B_in_place(transB, M, B, ldb);
    int *localSteps = skipsZeros && !sharedA ? pack_steps_buffer() : 0, localKept[MC];
    for (int jc = 0; jc < N; jc += NC) {
        int nc = N - jc < NC ? N - jc : NC;
        int fullPanels = directB ? nc / nr * nr : 0;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = K - pc < KC ? K - pc : KC;
            float blockBeta = pc == 0 ? beta : 1.0f;
            if (fullPanels < nc && !sharedB) ae_pack_B(transB, B, ldb, pc, jc + fullPanels, kc, nc - fullPanels, nr, packB);
            const float *bBlock = sharedB ? sharedB->data + (long)pc * sharedB->padded + (long)jc * kc : packB;
            const int packsT = sharedA ? ae_shared_packs_transposed_A(sharedA, kc) : transA && ae_packs_transposed_A(kernel, kc, nc);
            const int packsA = skipsZeros || packsT;
            for (int ic = 0; ic < M; ic += MC) {
                int mc = M - ic < MC ? M - ic : MC;
                const float *packedA = 0;
                const int *steps = localSteps, *kept = localKept;
                if (sharedA) {
                    packedA = packsA ? sharedA->data + (long)pc * sharedA->padded + (long)ic * kc : 0;
                    steps = skipsZeros ? sharedA->steps + (long)pc * sharedA->panels + (long)ic / mr * kc : 0;
                    kept = skipsZeros ? sharedA->kept + (long)pc / KC * sharedA->panels + ic / mr : 0;
                } else if (packsA) {
                    float *buffer = pack_A_buffer();
                    if (skipsZeros) ae_pack_A_nonzero(transA, A, lda, pc, ic, kc, mc, mr, packsT, buffer, localSteps, localKept);
                    else ae_pack_A_transposed(A, lda, pc, ic, kc, mc, mr, buffer);
                    packedA = buffer;
                }
                for (int jr = 0; jr < nc; jr += nr) {
                    int n = nc - jr < nr ? nc - jr : nr;
                    const float *panel = jr < fullPanels ? B + (long)pc * ldb + jc + jr
                                                         : bBlock + (long)(jr - fullPanels) * kc;
                    long panelStride = jr < fullPanels ? ldb : nr;
                    // An edge panel (packed, nr wide) takes the narrowest tile that holds it.
                    int width = ae_tile_width_for(tiles, n);
                    ae_microkernel tile = width == nr ? micro : ae_edge_microkernel_for(tiles, width);
                    // p counts the micro-panels: ir / mr would divide once per tile.
                    for (int ir = 0, p = 0; ir < mc; ir += mr, p++) {
                        int m = mc - ir < mr ? mc - ir : mr;
                        // A transposed (stored K x M) is read in place too, unless packed: its rows are 1
                        // apart, its k-steps lda (mr once packed). A sparse panel may have been left in place.
                        int packed = packedA && !(skipsZeros && kept[p] < 0);
                        const float *a = packed   ? packedA + (long)ir * kc
                                         : transA ? A + (long)pc * lda + ic + ir
                                                  : A + (long)(ic + ir) * lda + pc;
                        long aRow = packed || transA ? 1 : lda, aK = packed ? mr : transA ? lda : 1;
                        long row = ic + ir, col = jc + jr;
                        float *c = transposeC ? C + col * ldc + row : C + row * ldc + col;
                        // A panel that keeps every step takes the full product's loop.
                        int keptSteps = skipsZeros && kept[p] >= 0 ? kept[p] : kc;
                        const int *tileSteps = keptSteps < kc ? steps + (long)p * kc : 0;
                        tile(keptSteps, a, aRow, aK, panel, panelStride, tileSteps, c, ldc, alpha, blockBeta, m, n,
                             transposeC);
                    }
                }
            }
        }
    }
}

void ae_sgemm(int kernel, int transA, int transB, int M, int N, int K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc, int zeros,
              const ae_shared_pack *shared) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) { scale_C(M, N, beta, C, ldc); return; }
    if (!ae_kernel_supported(kernel)) kernel = AE_KERNEL_GENERIC;
    if (!ensure_buffers()) abort();
    ae_blocked_product p = ae_blocked_product_for(transA, transB, M, N, A, lda, B, ldb, zeros);
    // A piece must be of the product the pack was planned for: the whole of the shared operand.
    if (shared && shared->operand != SHARED_NONE &&
        (shared->kernel != kernel || shared->K != K || shared->zeros != p.zeros ||
         shared->rows != (shared->operand == SHARED_A ? p.M : p.N)))
        abort();
    gemm_blocked(kernel, p.transA, p.transB, p.M, p.N, K, alpha, p.A, p.lda, p.B, p.ldb, beta, C, ldc, p.transposeC,
                 p.zeros, shared);
}

int ae_tile_widths(int kernel, int transA, int transB, int zeros, int alongRows, int *widths, int capacity) {
    if (!ae_kernel_supported(kernel)) kernel = AE_KERNEL_GENERIC;  // as ae_sgemm falls back
    ae_blocked_product p = ae_blocked_product_for(transA, transB, 1, 1, 0, 0, 0, 0, zeros);
    int tiles = ae_tiles_for(kernel, p.zeros), count = 0;
    // A tile's rows are C's columns when the blocked call computes Cᵀ; its rows have no edge tiles.
    if (alongRows != p.transposeC) {
        if (capacity > 0) widths[count++] = ae_mr_for(tiles);
        return count;
    }
    for (int width = ae_nr_for(tiles); width && count < capacity; width = ae_narrower_tile_width(tiles, width))
        widths[count++] = width;
    return count;
}
