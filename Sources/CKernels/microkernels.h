#ifndef AETUI_MICROKERNELS_H
#define AETUI_MICROKERNELS_H

/// C[m x n] = alpha * (A panel · B panel) + beta * C, for m <= MR, n <= NR.
/// Element (i, k) of the A panel is a[i·aRow + k·aK] (packed: aRow 1, aK MR; a row-major
/// matrix read in place: aRow lda, aK 1); row k of the B panel is NR floats at b + k·ldb.
/// With `transposeC` the tile's (i, j) goes to c[j·ldc + i].
typedef void (*ae_microkernel)(int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                               float *c, long ldc, float alpha, float beta, int m, int n, int transposeC);

ae_microkernel ae_microkernel_for(int kernel);
int ae_mr_for(int kernel);
int ae_nr_for(int kernel);

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

/// Row i of an A panel; rows past m repeat the last valid one (their results are discarded), so
/// an in-place A is never read out of bounds.
#define AE_A_ROW(a, aRow, m, i) ((a) + ((m) > (i) ? (i) : (m) - 1) * (aRow))

#endif
