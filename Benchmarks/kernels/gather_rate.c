// The batch load (ae_gather_unit_floats) alone, on one thread: a batch of random images of the
// seed-protocol set (10,000 x 784 bytes) converted to floats, with the set in cache and after a
// 64 MB sweep has pushed it out (as a training step finds it on a busy machine), against the same
// conversion one row at a time without fetching ahead. Build and run with Benchmarks/gather-rate.sh.
#include "elementwise.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_clock.h"

enum { IMAGES = 10000, WIDTH = 784, ROUNDS = 300 };

#if defined(__x86_64__) && defined(__linux__)
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

/// The conversion without fetching ahead, vectorised as the package's kernels are: what the load did before.
CLONES void row_at_a_time(const uint8_t *src, const long *rows, long count, float *dst) {
    for (long r = 0; r < count; r++)
        for (long i = 0; i < WIDTH; i++) dst[r * WIDTH + i] = (float)src[rows[r] * WIDTH + i] * (1.0f / 255.0f);
}

static int ascending(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(void) {
    uint8_t *set = malloc((size_t)IMAGES * WIDTH);
    float *batch = aligned_alloc(64, sizeof(float) * 256 * WIDTH);
    size_t sweepBytes = 64 << 20;
    volatile char *sweep = malloc(sweepBytes);
    if (!set || !batch || !sweep) abort();
    for (long i = 0; i < (long)IMAGES * WIDTH; i++) set[i] = (uint8_t)(i * 31);
    memset((char *)sweep, 1, sweepBytes);
    printf("batch load, one thread, %d rounds: median (best) µs per batch\n", ROUNDS);
    printf("%-6s %-10s %22s %22s %8s\n", "batch", "set", "one row at a time", "fetching ahead", "ratio");
    unsigned seed = 1;
    const int batches[] = {48, 256};
    for (int b = 0; b < 2; b++) {
        for (int cold = 0; cold < 2; cold++) {
            double times[2][ROUNDS];
            long rows[256];
            for (int round = 0; round < ROUNDS; round++) {
                for (int variant = 0; variant < 2; variant++) {
                    for (int r = 0; r < batches[b]; r++) { seed = seed * 1103515245u + 12345u; rows[r] = (seed >> 8) % IMAGES; }
                    if (cold) for (size_t i = 0; i < sweepBytes; i += 64) sweep[i]++;
                    double start = now();
                    if (variant == 0) row_at_a_time(set, rows, batches[b], batch);
                    else ae_gather_unit_floats(set, WIDTH, rows, batches[b], batch);
                    times[variant][round] = (now() - start) * 1e6;
                }
            }
            qsort(times[0], ROUNDS, sizeof(double), ascending);
            qsort(times[1], ROUNDS, sizeof(double), ascending);
            printf("%-6d %-10s %13.2f (%6.2f) %13.2f (%6.2f) %8.2f\n", batches[b], cold ? "swept out" : "in cache",
                   times[0][ROUNDS / 2], times[0][0], times[1][ROUNDS / 2], times[1][0], times[1][ROUNDS / 2] / times[0][ROUNDS / 2]);
        }
    }
    return 0;
}
