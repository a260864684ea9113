#ifndef AETUI_MICROKERNELS_H
#define AETUI_MICROKERNELS_H

#include "ckernels.h"

/// C[m x n] = alpha * (A panel · B panel) + beta * C, for m <= MR, n <= NR.
/// Element (i, k) of the A panel is a[i·aRow + k·aK] (a row-major A read in place: aRow lda,
/// aK 1; a transposed one: aRow 1, aK lda; a transposed one packed: aRow 1, aK MR); row k of the
/// B panel is NR floats at b + k·ldb. With `steps`, the A panel holds only some k-steps (those
/// where a row is nonzero): its step k meets B row steps[k] (see gemm.c, pack_A_nonzero).
/// With `transposeC` the tile's (i, j) goes to c[j·ldc + i].
typedef void (*ae_microkernel)(int kc, const float *a, long aRow, long aK, const float *b, long ldb, const int *steps,
                               float *c, long ldc, float alpha, float beta, int m, int n, int transposeC);

/// The tiles a product runs on: its kernel's (`tiles` = the kernel), or with AE_ZEROS_BY_ROW the
/// kernel's tiles of one row (`tiles` = kernel + AE_ROW_TILES). The functions below take either.
enum { AE_ROW_TILES = 4 };
static inline int ae_tiles_for(int kernel, int zeros) { return zeros == AE_ZEROS_BY_ROW ? kernel + AE_ROW_TILES : kernel; }

ae_microkernel ae_microkernel_for(int tiles);
/// A kernel with the same MR and `width` columns (an edge width: see ae_narrower_tile_width) for
/// edge panels of at most that many columns, or NULL where the tiles have none; it gives the same
/// bits as the full tile.
ae_microkernel ae_edge_microkernel_for(int tiles, int width);
int ae_mr_for(int tiles);
int ae_nr_for(int tiles);
/// The next narrower of `tiles`' widths after `width` (half of it, or else the largest power of
/// two below it), or 0 where there is none: from nr, the widths of the edge tiles.
int ae_narrower_tile_width(int tiles, int width);
/// The width of the narrowest of `tiles` that holds an n-column panel: nr or an edge tile's.
int ae_tile_width_for(int tiles, int n);

/// Writes an accumulated MR x nr tile into C, honouring alpha, beta (beta == 0 never reads C),
/// the valid m x n corner of edge tiles, and a transposed destination.
__attribute__((always_inline)) static inline void ae_store_tile(const float *tile, int nr, float *c, long ldc, float alpha, float beta,
                                 int m, int n, int transposeC) {
    long rowStride = transposeC ? 1 : ldc, colStride = transposeC ? ldc : 1;
    for (int i = 0; i < m; i++) {
        float *row = c + (long)i * rowStride;
        const float *t = tile + i * nr;
        if (beta == 0.0f) {
            for (int j = 0; j < n; j++) row[j * colStride] = alpha * t[j];
        } else {
            for (int j = 0; j < n; j++) row[j * colStride] = alpha * t[j] + beta * row[j * colStride];
        }
    }
}

/// Asks for the lines of the C tile before the k loop, for writing: a weight-gradient GEMM has
/// few k-steps and an output larger than L2, so without this the final stores wait on misses.
__attribute__((always_inline)) static inline void ae_prefetch_tile(const float *c, long ldc, int m, int n, int transposeC) {
    int lines = transposeC ? n : m, width = transposeC ? m : n;
    for (int i = 0; i < lines; i++) {
        for (int j = 0; j < width - 1; j += 16) __builtin_prefetch(c + (long)i * ldc + j, 1, 3);
        __builtin_prefetch(c + (long)i * ldc + width - 1, 1, 3);
    }
}

/// Whether a tile can be stored straight from registers: a row-major destination, all nr
/// columns valid, and C = tile (beta 0) or C += tile (beta 1). These give the same bits as
/// `ae_store_tile` (1·t is t, and 1·t + 1·c is one rounding of t + c, fused or not).
#define AE_DIRECT_STORE(alpha, beta, n, nr, transposeC) \
    (!(transposeC) && (n) == (nr) && (alpha) == 1.0f && ((beta) == 0.0f || (beta) == 1.0f))

/// Row i of an A panel; rows past m repeat the last valid one (their results are discarded), so
/// an in-place A is never read out of bounds.
#define AE_A_ROW(a, aRow, m, i) ((a) + ((m) > (i) ? (i) : (m) - 1) * (aRow))

#endif
