#ifndef AETUI_MICROKERNELS_H
#define AETUI_MICROKERNELS_H


/// Rows of an A panel, shared by every micro-kernel so the blocking is written once.
#define AE_MR 6

/// C[m x n] = alpha * (A panel · B panel) + beta * C, for m <= AE_MR, n <= NR.
/// Element (i, k) of the A panel is a[i·aRow + k·aK] (packed: aRow 1, aK AE_MR; a row-major
/// matrix read in place: aRow lda, aK 1); row k of the B panel is NR floats at b + k·ldb.
/// With `transposeC` the tile's (i, j) goes to c[j·ldc + i].
typedef void (*ae_microkernel)(int kc, const float *a, long aRow, long aK, const float *b, long ldb,
                               float *c, long ldc, float alpha, float beta, int m, int n, int transposeC);

ae_microkernel ae_microkernel_for(int kernel);
int ae_nr_for(int kernel);

/// Writes an accumulated AE_MR x nr tile into C, honouring alpha, beta (beta == 0 never reads C),
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

/// The A-row pointers of a panel; rows past m repeat the last valid one (their results are
/// discarded), so an in-place A is never read out of bounds.
#define AE_A_ROWS(a, aRow, m)                                                     \
    const float *a0 = (a), *a1 = (a) + ((m) > 1 ? 1 : 0) * (aRow),                \
                *a2 = (a) + ((m) > 2 ? 2 : (m) - 1) * (aRow),                      \
                *a3 = (a) + ((m) > 3 ? 3 : (m) - 1) * (aRow),                      \
                *a4 = (a) + ((m) > 4 ? 4 : (m) - 1) * (aRow),                      \
                *a5 = (a) + ((m) > 5 ? 5 : (m) - 1) * (aRow)

#endif
