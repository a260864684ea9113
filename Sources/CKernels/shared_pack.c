// The operand a split product's pieces share, packed once between the threads (see ckernels.h).
#include "packing.h"
#include "microkernels.h"
#include <stdlib.h>

ae_shared_pack *ae_shared_pack_new(void) {
    ae_shared_pack *pack = calloc(1, sizeof *pack);
    if (!pack) abort();
    return pack;
}

void ae_shared_pack_free(ae_shared_pack *pack) {
    if (!pack) return;
    free(pack->data);
    free(pack->steps);
    free(pack->kept);
    free(pack);
}

/// `buffer` grown to hold `count` elements of `size` bytes (its old contents are not kept).
static void *reserve(void *buffer, size_t *capacity, size_t count, size_t size) {
    if (count <= *capacity) return buffer;
    free(buffer);
    if (!(buffer = aligned_alloc(64, (count * size + 63) / 64 * 64))) abort();
    *capacity = count;
    return buffer;
}

/// Whether k-block `kc` of a transposed A: decided on the blocked call's N
/// (the whole product's, for every piece), so that pieces and the shared pack agree.
int ae_shared_packs_transposed_A(const ae_shared_pack *pack, int kc) {
    return pack->trans && ae_packs_transposed_A(pack->kernel, kc, pack->otherExtent < NC ? pack->otherExtent : NC);
}

int ae_shared_pack_plan(ae_shared_pack *pack, int kernel, int transA, int transB, int M, int N, int K,
                        const float *A, long lda, const float *B, long ldb, int zeros, int byColumns) {
    pack->operand = SHARED_NONE;
    if (M <= 0 || N <= 0 || K <= 0) return 0;
    if (!ae_kernel_supported(kernel)) kernel = AE_KERNEL_GENERIC;
    ae_blocked_product p = ae_blocked_product_for(transA, transB, M, N, A, lda, B, ldb, zeros);
    int tiles = ae_tiles_for(kernel, p.zeros);
    // C's columns are the blocked product's rows when it computes Cᵀ.
    if (p.transposeC) byColumns = !byColumns;
    pack->kernel = kernel;
    pack->K = K;
    pack->zeros = p.zeros;
    if (byColumns) {
        // Every piece reads all of A: shared where gemm_blocked packs it.
        pack->trans = p.transA;
        pack->otherExtent = p.N;
        if (p.zeros == AE_ZEROS_NONE && !ae_shared_packs_transposed_A(pack, K < KC ? K : KC)) return 0;
        pack->operand = SHARED_A;
        pack->rows = p.M;
        pack->width = ae_mr_for(tiles);
        pack->src = p.A;
        pack->ld = p.lda;
    } else {
        // Every piece reads all of B: shared where gemm_blocked copies it.
        if (ae_reads_B_in_place(p.transB, p.M, p.B, p.ldb)) return 0;
        pack->operand = SHARED_B;
        pack->trans = p.transB;
        pack->rows = p.N;
        pack->width = ae_nr_for(tiles);
        pack->src = p.B;
        pack->ld = p.ldb;
    }
    pack->panels = (pack->rows + pack->width - 1) / pack->width;
    pack->padded = pack->panels * pack->width;
    pack->groups = pack->panels < SHARED_GROUPS ? pack->panels : SHARED_GROUPS;
    int blocks = (K + KC - 1) / KC;
    pack->data = reserve(pack->data, &pack->dataCapacity, (size_t)pack->padded * K, sizeof(float));
    if (pack->operand == SHARED_A && pack->zeros != AE_ZEROS_NONE) {
        pack->steps = reserve(pack->steps, &pack->stepsCapacity, (size_t)pack->panels * K, sizeof(int));
        pack->kept = reserve(pack->kept, &pack->keptCapacity, (size_t)pack->panels * blocks, sizeof(int));
    }
    return blocks * pack->groups;
}

void ae_shared_pack_unit(ae_shared_pack *pack, int unit) {
    int block = unit / pack->groups, group = unit % pack->groups;
    int pc = block * KC, kc = pack->K - pc < KC ? pack->K - pc : KC;
    int first = group * pack->panels / pack->groups, end = (group + 1) * pack->panels / pack->groups;
    int w = pack->width, i0 = first * w, i1 = end * w < pack->rows ? end * w : pack->rows;
    float *dst = pack->data + (long)pc * pack->padded + (long)i0 * kc;
    if (pack->operand == SHARED_B) {
        ae_pack_B(pack->trans, pack->src, pack->ld, pc, i0, kc, i1 - i0, w, dst);
    } else if (pack->zeros != AE_ZEROS_NONE) {
        // The unit's panels in one call: by row, the pack reads eight rows' steps at once.
        ae_pack_A_nonzero(pack->trans, pack->src, pack->ld, pc, i0, kc, i1 - i0, w, ae_shared_packs_transposed_A(pack, kc), dst,
                          pack->steps + (long)pc * pack->panels + (long)first * kc, pack->kept + (long)block * pack->panels + first);
    } else if (ae_shared_packs_transposed_A(pack, kc)) {
        ae_pack_A_transposed(pack->src, pack->ld, pc, i0, kc, i1 - i0, w, dst);
    }
}
