#ifndef AETUI_MICROKERNELS_H
#define AETUI_MICROKERNELS_H

/// Rows of a packed A panel, shared by every micro-kernel so packing is written once.
#define AE_MR 6

/// C[m x n] = alpha * (A panel · B panel) + beta * C, for m <= AE_MR, n <= NR. The A panel is
/// packed (AE_MR floats per k); the B panel holds NR floats per k, `ldb` floats apart.
typedef void (*ae_microkernel)(int kc, const float *a, const float *b, long ldb, float *c, long ldc,
                               float alpha, float beta, int m, int n);

ae_microkernel ae_microkernel_for(int kernel);
int ae_nr_for(int kernel);

/// Writes an accumulated MR x nr tile into C, honouring alpha, beta (beta == 0 never reads C)
/// and the valid m x n corner of edge tiles.
static inline void ae_store_tile(const float *tile, int nr, float *c, long ldc,
                                 float alpha, float beta, int m, int n) {
    for (int i = 0; i < m; i++) {
        float *row = c + (long)i * ldc;
        const float *t = tile + i * nr;
        if (beta == 0.0f) {
            for (int j = 0; j < n; j++) row[j] = alpha * t[j];
        } else {
            for (int j = 0; j < n; j++) row[j] = alpha * t[j] + beta * row[j];
        }
    }
}

#endif
