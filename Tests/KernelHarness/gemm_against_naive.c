// Checks every GEMM kernel this CPU supports against a double-precision triple loop, over odd
// shapes past each cache block, every transpose, and the alpha/beta cases the store treats apart.
// Built without SwiftPM so that it also runs for another architecture under an emulator
// (.ci/arm64-kernels: aarch64 cross compiler + qemu-user, for the NEON micro-kernel).
#include "ckernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x9E3779B97F4A7C15ull;

static float next_value(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return (float)((state >> 40) & 0xFFFF) / 32768.0f - 1.0f;
}

static float *random_matrix(long count) {
    float *m = malloc(sizeof(float) * (size_t)(count > 0 ? count : 1));
    for (long i = 0; i < count; i++) m[i] = next_value();
    return m;
}

/// Largest error of one kernel's product against the oracle, relative to the sum of |terms|.
static double check(int kernel, int transA, int transB, int M, int N, int K, float alpha, float beta) {
    long lda = transA ? M : K, ldb = transB ? K : N, ldc = N;
    float *A = random_matrix((long)M * K), *B = random_matrix((long)K * N), *C = random_matrix((long)M * N);
    double *expected = malloc(sizeof(double) * (size_t)M * N), *scale = malloc(sizeof(double) * (size_t)M * N);
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double sum = 0, magnitude = 0;
            for (int p = 0; p < K; p++) {
                double x = transA ? A[(long)p * lda + i] : A[(long)i * lda + p];
                double y = transB ? B[(long)j * ldb + p] : B[(long)p * ldb + j];
                sum += x * y;
                magnitude += fabs(x * y);
            }
            double old = beta == 0 ? 0 : (double)beta * C[(long)i * ldc + j];
            expected[(long)i * N + j] = alpha * sum + old;
            scale[(long)i * N + j] = fabs(alpha) * magnitude + fabs(old) + 1e-30;
        }
    ae_sgemm(kernel, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, 0, 0);
    double worst = 0;
    for (long e = 0; e < (long)M * N; e++) {
        double error = fabs(C[e] - expected[e]) / scale[e];
        if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
    }
    free(A); free(B); free(C); free(expected); free(scale);
    return worst;
}

/// Whether a product skipping `zeros` (by tile or by row) gives the bits of the full product, for
/// an A whose zeros (+0 and -0) lie in runs along k, in whole k-steps of a tile and at random, with
/// a NaN among them; its first 20 rows have none (tiles multiplied in full).
static int sparse_matches_full(int kernel, int zeros, int transA, int M, int N, int K, float alpha, float beta) {
    long lda = transA ? M : K, ldb = N, ldc = N, count = (long)M * K;
    float *A = random_matrix(count), *B = random_matrix((long)K * N), *C = random_matrix((long)M * N);
    float *full = malloc(sizeof(float) * (size_t)M * N);
    for (int i = 0; i < M; i++)
        for (int p = 0; p < K; p++) {
            float *a = transA ? &A[(long)p * lda + i] : &A[(long)i * lda + p];
            if (i >= 20 && ((p / 7) % 3 != 0 || (i * 31 + p * 17) % 5 < 3)) *a = (i + p) % 2 ? 0.0f : -0.0f;
        }
    A[count / 2] = NAN;  // kept, as any value that is not ±0
    memcpy(full, C, sizeof(float) * (size_t)M * N);
    ae_sgemm(kernel, transA, 0, M, N, K, alpha, A, lda, B, ldb, beta, full, ldc, 0, 0);
    ae_sgemm(kernel, transA, 0, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, zeros, 0);
    int same = memcmp(full, C, sizeof(float) * (size_t)M * N) == 0;
    free(A); free(B); free(C); free(full);
    return same;
}

/// Whether a product computed in pieces of C's columns (`byColumns`) or rows, reading the operand
/// they share from one ae_shared_pack, gives the bits of the product computed at once; -1 when
/// the plan shares nothing (nothing to check). Units are packed last to first, pieces cut off the
/// tile grid, as threads may.
static int pieces_match_whole(int kernel, int transA, int transB, int M, int N, int K, float alpha, float beta,
                              int zeros, int byColumns) {
    long lda = transA ? M : K, ldb = transB ? K : N, ldc = N;
    float *A = random_matrix((long)M * K), *B = random_matrix((long)K * N), *C = random_matrix((long)M * N);
    float *whole = malloc(sizeof(float) * (size_t)M * N);
    if (zeros)  // zeros in whole k-steps of a tile and at random
        for (int i = 0; i < M; i++)
            for (int p = 0; p < K; p++)
                if ((p / 5) % 3 != 0 || (i * 31 + p * 17) % 5 < 3) A[transA ? (long)p * lda + i : (long)i * lda + p] = 0.0f;
    memcpy(whole, C, sizeof(float) * (size_t)M * N);
    ae_sgemm(kernel, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, whole, ldc, zeros, 0);
    ae_shared_pack *pack = ae_shared_pack_new();
    int units = ae_shared_pack_plan(pack, kernel, transA, transB, M, N, K, A, lda, B, ldb, zeros, byColumns);
    int same = -1;
    if (units > 0) {
        for (int u = units - 1; u >= 0; u--) ae_shared_pack_unit(pack, u);
        int length = byColumns ? N : M, cuts[] = {0, length / 3, length / 3 + 5, length};
        for (int c = 0; c < 3; c++) {
            int lo = cuts[c], n = cuts[c + 1] - lo;
            if (byColumns)
                ae_sgemm(kernel, transA, transB, M, n, K, alpha, A, lda, transB ? B + (long)lo * ldb : B + lo, ldb, beta,
                         C + lo, ldc, zeros, pack);
            else
                ae_sgemm(kernel, transA, transB, n, N, K, alpha, transA ? A + lo : A + (long)lo * lda, lda, B, ldb, beta,
                         C + (long)lo * ldc, ldc, zeros, pack);
        }
        same = memcmp(whole, C, sizeof(float) * (size_t)M * N) == 0;
    }
    ae_shared_pack_free(pack);
    free(A); free(B); free(C); free(whole);
    return same;
}

int main(void) {
    // (M, N, K): tiny, ragged edges, K past KC = 256, M past MC = 120, N past NC = 1024, and the
    // training shapes in small (a weight gradient over a batch of 48, a batch-48 forward layer).
    static const int shapes[][3] = {{1, 1, 1}, {7, 13, 5}, {5, 17, 257}, {97, 33, 300}, {130, 1100, 3},
                                    {250, 70, 48}, {48, 40, 520}, {3, 50, 9}};
    static const float scalars[][2] = {{1, 0}, {1, 1}, {0.5f, -2}};
    int failures = 0, checked = 0;
    for (int kernel = 0; kernel <= AE_KERNEL_NEON; kernel++) {
        if (!ae_kernel_supported(kernel)) continue;
        double worst = 0;
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (int t = 0; t < 4; t++)
                for (size_t a = 0; a < sizeof scalars / sizeof scalars[0]; a++) {
                    const int *shape = shapes[s];
                    double error = check(kernel, t & 1, t >> 1, shape[0], shape[1], shape[2], scalars[a][0], scalars[a][1]);
                    checked++;
                    if (error > worst) worst = error;
                    if (!(error < 1e-5)) {
                        failures++;
                        printf("FAIL %s: transA %d transB %d M %d N %d K %d alpha %g beta %g: relative error %g\n",
                               ae_kernel_name(kernel), t & 1, t >> 1, shape[0], shape[1], shape[2],
                               scalars[a][0], scalars[a][1], error);
                    }
                }
        printf("%-16s worst relative error %.2e\n", ae_kernel_name(kernel), worst);
        // Skipping A's zeros, by tile and by row: wide enough to skip (128+ columns), ragged rows, k
        // past KC, both layouts; by row, edge panels of 8, 16, 32, 56 and 64 columns too.
        static const int sparseShapes[][3] = {{45, 392, 784}, {131, 130, 300}, {7, 200, 5}, {784, 392, 48},
                                              {100, 784, 48}, {50, 160, 40}, {60, 190, 30}, {30, 120, 40},
                                              {30, 128, 40}, {30, 144, 40}};
        for (int zeros = AE_ZEROS_BY_TILE; zeros <= AE_ZEROS_BY_ROW; zeros++)
            for (size_t s = 0; s < sizeof sparseShapes / sizeof sparseShapes[0]; s++)
                for (int transA = 0; transA < 2; transA++)
                    for (size_t a = 0; a < sizeof scalars / sizeof scalars[0]; a++) {
                        const int *shape = sparseShapes[s];
                        checked++;
                        if (!sparse_matches_full(kernel, zeros, transA, shape[0], shape[1], shape[2], scalars[a][0],
                                                 scalars[a][1])) {
                            failures++;
                            printf("FAIL %s: skipping A's zeros (%s) changed the bits: transA %d M %d N %d K %d alpha %g "
                                   "beta %g\n", ae_kernel_name(kernel), zeros == AE_ZEROS_BY_ROW ? "by row" : "by tile",
                                   transA, shape[0], shape[1], shape[2], scalars[a][0], scalars[a][1]);
                        }
                    }
        // Pieces reading a shared pack: a sparse A by columns (k past KC, ragged rows), dZ of a
        // product computed as Cᵀ = B·Aᵀ, a B copied for pieces by rows (past NC, past KC), a long
        // transposed A (packed by AVX2), a weight gradient skipping by row (its A by columns, its
        // copied B by rows). Each: M, N, K, 1 for a transposed A or 2 for B, zeros, by columns.
        static const int pieceCases[][6] = {{48, 392, 784, 0, 1, 1}, {45, 300, 520, 1, 1, 1}, {130, 300, 300, 0, 1, 1}, {48, 392, 300, 2, 0, 1},
                                            {300, 1100, 40, 0, 0, 0}, {200, 150, 600, 1, 0, 0}, {392, 200, 256, 1, 0, 1},
                                            {392, 784, 48, 1, 2, 1}, {392, 200, 48, 1, 2, 0}};
        int shared = 0;
        for (size_t s = 0; s < sizeof pieceCases / sizeof pieceCases[0]; s++)
            for (size_t a = 0; a < sizeof scalars / sizeof scalars[0]; a++) {
                const int *c = pieceCases[s];
                int transA = c[3] == 1, transB = c[3] == 2;
                int same = pieces_match_whole(kernel, transA, transB, c[0], c[1], c[2], scalars[a][0], scalars[a][1], c[4], c[5]);
                if (same < 0) continue;
                checked++, shared++;
                if (!same) {
                    failures++;
                    printf("FAIL %s: pieces reading a shared pack changed the bits: transA %d transB %d M %d N %d K %d "
                           "alpha %g beta %g zeros %d byColumns %d\n", ae_kernel_name(kernel), transA, transB, c[0], c[1],
                           c[2], scalars[a][0], scalars[a][1], c[4], c[5]);
                }
            }
        if (shared < 24) {
            failures++;
            printf("FAIL %s: only %d of the piece cases shared a pack\n", ae_kernel_name(kernel), shared);
        }
    }
    printf("best kernel on this CPU: %s; %d products checked, %d failed\n", ae_kernel_name(ae_kernel_best()), checked, failures);
    return failures == 0 ? 0 : 1;
}
