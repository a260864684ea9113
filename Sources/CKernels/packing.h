#ifndef AETUI_PACKING_H
#define AETUI_PACKING_H

// Copies of GEMM operands into the layouts the micro-kernels walk (packing.c), and the operand a
// split product's pieces share (shared_pack.c); gemm.c decides which it makes.
#include "ckernels.h"
#include <stddef.h>

enum { KC = 256, MC = 120, NC = 1024, NR_MAX = 128 };  // MC: a multiple of every kernel's MR

/// The product gemm_blocked computes for ae_sgemm's C = op(A)·op(B): the same, or for a transposed
/// B and a row-major A, Cᵀ = B·Aᵀ (B, stored N x K, becomes a row-major A read in place; A becomes
/// the second operand, whose zeros are not looked for), with C stored transposed.
typedef struct {
    int transA, transB, M, N, zeros, transposeC;
    const float *A, *B;
    long lda, ldb;
} ae_blocked_product;

static inline ae_blocked_product ae_blocked_product_for(int transA, int transB, int M, int N, const float *A, long lda,
                                                        const float *B, long ldb, int zeros) {
    if (transB && !transA) return (ae_blocked_product){0, 1, N, M, AE_ZEROS_NONE, 1, B, A, ldb, lda};
    return (ae_blocked_product){transA, transB, M, N, zeros, 0, A, B, lda, ldb};
}

void ae_pack_B(int transB, const float *B, long ldb, int k0, int j0, int kc, int nc, int nr, float *dst);
int ae_packs_transposed_A(int kernel, int kc, int nc);
void ae_pack_A_transposed(const float *A, long lda, int k0, int i0, int kc, int mc, int mr, float *dst);
void ae_pack_A_nonzero(int transA, const float *A, long lda, int k0, int i0, int kc, int mc, int mr,
                       int packsDense, float *dst, int *steps, int *kept);
int ae_reads_B_in_place(int transB, int M, const float *B, long ldb);

/// One split product's operand, packed once for all its pieces (see ckernels.h). Described in
/// terms of the blocked call (after ae_sgemm's Cᵀ = B·Aᵀ swap): `rows` of the shared operand (the
/// blocked call's M for A, its N for B) in panels of `width` (mr or nr), each k-block of it at
/// data + pc·padded, its panel of rows [i, i + width) at + i·kc, as gemm_blocked packs one block.
struct ae_shared_pack {
    int operand;                 // SHARED_NONE, SHARED_A or SHARED_B
    int kernel, trans, zeros;    // the operand's transposition; which zeros of A its packing leaves out
    int rows, K, width, padded, panels, groups;
    int otherExtent;             // the blocked call's N when A is shared: packs_transposed_A decides on it
    const float *src;
    long ld;
    float *data;                 // padded·K floats
    int *steps;                  // a sparse A's kept steps: panels·K (block pc's panel p at pc·panels + p·kc)
    int *kept;                   // a sparse A's kept-step counts: panel p of k-block b at b·panels + p
    size_t dataCapacity, stepsCapacity, keptCapacity;
};

enum { SHARED_NONE = 0, SHARED_A = 1, SHARED_B = 2, SHARED_GROUPS = 4 };

int ae_shared_packs_transposed_A(const ae_shared_pack *pack, int kc);

#endif
