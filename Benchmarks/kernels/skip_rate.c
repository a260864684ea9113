// The zeros a product skips (ae_sgemm's `zeros`), timed: a layer's forward product (Y = X·W) and
// weight gradient (dW = Xᵀ·dZ) in full, skipping by tile and skipping by row, over three inputs X:
// a batch of real MNIST images (the first layer, 784 -> 392), ReLU outputs (the decoder's output
// layer, 392 -> 784: each unit zero for a random 55% of the samples, as measured in training) and
// an A without zeros (the packing's cost when there is nothing to skip). The three ways alternate
// in one process, warm, one thread, best of 8 rounds. Build and run with Benchmarks/skip-rate.sh.
#include "ckernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>
#include "bench_clock.h"
#include "bench_data.h"

enum { PIXELS = 784, HIDDEN = 392, IMAGES = 10000 };

/// `batch` images spread over the first 10,000 of the training file, as floats in [0, 1].
static float *images(const char *path, int batch) {
    gzFile file = gzopen(path, "rb");
    unsigned char *bytes = malloc((size_t)IMAGES * PIXELS), header[16];
    if (!file || !bytes || gzread(file, header, 16) != 16 || gzread(file, bytes, IMAGES * PIXELS) != IMAGES * PIXELS) {
        fprintf(stderr, "skip_rate: cannot read %s\n", path);
        exit(2);
    }
    gzclose(file);
    float *x = aligned_alloc(64, sizeof(float) * (size_t)batch * PIXELS);
    for (int i = 0; i < batch; i++)
        for (int p = 0; p < PIXELS; p++) x[(long)i * PIXELS + p] = bytes[(long)(i * 37 % IMAGES) * PIXELS + p] / 255.0f;
    free(bytes);
    return x;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "sample-data/mnist/train-images-idx3-ubyte.gz";
    int batch = argc > 2 ? atoi(argv[2]) : 256;
    int kernel = argc > 3 ? atoi(argv[3]) : ae_kernel_best();
    if (batch < 1 || !ae_kernel_supported(kernel)) {
        fprintf(stderr, "usage: skip_rate [IMAGES.gz [BATCH [KERNEL: 0 generic, 1 avx2, 2 avx512, 3 neon]]]\n");
        return 2;
    }
    ae_set_flush_denormals(1);
    float *real = images(path, batch), *dense = filled((long)batch * PIXELS), *relu = filled((long)batch * HIDDEN);
    for (long i = 0; i < (long)batch * HIDDEN; i++)
        if ((unsigned)(i * 2654435761u) % 100 < 55) relu[i] = 0.0f;
    // out takes Y and dW of either layer (784 x 392 elements at most, or batch x 784).
    float *w = filled((long)PIXELS * HIDDEN), *dz = filled((long)batch * PIXELS);
    float *out = filled((long)(batch > HIDDEN ? batch : HIDDEN) * PIXELS);
    printf("kernel %s, batch %d, one thread; µs per call, best of 8 rounds\n", ae_kernel_name(kernel), batch);
    printf("A            product           full   by tile    by row   tile/full   row/full\n");
    static const char *names[] = {"images", "ReLU outputs", "no zeros"};
    for (int source = 0; source < 3; source++) {
        const float *x = source == 0 ? real : source == 1 ? relu : dense;
        // The layer: 784 -> 392 for images and the dense A, 392 -> 784 for ReLU outputs.
        int inputs = source == 1 ? HIDDEN : PIXELS, outputs = source == 1 ? PIXELS : HIDDEN;
        int calls = (int)(1e9 / (2.0 * batch * PIXELS * HIDDEN)) + 1;
        for (int product = 0; product < 2; product++) {
            double best[3] = {1e9, 1e9, 1e9};
            for (int round = 0; round < 8; round++)
                for (int zeros = AE_ZEROS_NONE; zeros <= AE_ZEROS_BY_ROW; zeros++) {
                    double start = now();
                    for (int call = 0; call < calls; call++) {
                        if (product == 0)
                            ae_sgemm(kernel, 0, 0, batch, outputs, inputs, 1, x, inputs, w, outputs, 0, out, outputs, zeros, 0);
                        else
                            ae_sgemm(kernel, 1, 0, inputs, outputs, batch, 1, x, inputs, dz, outputs, 0, out, outputs, zeros, 0);
                    }
                    double seconds = (now() - start) / calls;
                    if (seconds < best[zeros]) best[zeros] = seconds;
                }
            printf("%-12s %-14s %8.1f %9.1f %9.1f %11.3f %10.3f\n", names[source], product ? "dW = X^T dZ" : "Y = X W",
                   best[0] * 1e6, best[1] * 1e6, best[2] * 1e6, best[1] / best[0], best[2] / best[0]);
        }
    }
    return 0;
}
