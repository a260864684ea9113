// The 17 GEMMs of one training step of the standard autoencoder (784-392-98-2-98-392-784), each
// timed alone and warm (best of 5 rounds of repeated calls) on one thread: what the kernels can
// do with the step's own shapes, apart from the optimizer, the element-wise work and cold caches.
// Build and run with Benchmarks/gemm-shapes.sh.
#include "ckernels.h"
#include <stdio.h>
#include <stdlib.h>
#include "bench_clock.h"
#include "bench_data.h"
#include "bench_peak.h"

int main(int argc, char **argv) {
    int batch = argc > 1 ? atoi(argv[1]) : 48;
    int kernel = argc > 2 ? atoi(argv[2]) : ae_kernel_best();
    if (batch < 1 || !ae_kernel_supported(kernel)) {
        fprintf(stderr, "usage: gemm_shapes [BATCH [KERNEL: 0 generic, 1 avx2, 2 avx512, 3 neon]]\n");
        return 2;
    }
    ae_set_flush_denormals(1);
    const int widths[] = {784, 392, 98, 2, 98, 392, 784};
    const char *names[] = {"forward  Y = X W    ", "gradient dW = X^T dZ", "input    dX = dZ W^T"};
    double total = 0, flops = 0;
    printf("kernel %s, batch %d, one thread\n", ae_kernel_name(kernel), batch);
    for (int layer = 0; layer < 6; layer++) {
        int in = widths[layer], out = widths[layer + 1];
        float *x = filled((long)batch * in), *w = filled((long)in * out), *y = filled((long)batch * out);
        float *dw = filled((long)in * out), *dx = filled((long)batch * in);
        for (int product = 0; product < 3; product++) {
            if (product == 2 && layer == 0) continue;  // the input image needs no gradient
            double work = 2.0 * batch * in * out, best = 1e9;
            int calls = (int)(2e9 / work) + 1;
            for (int round = 0; round < 5; round++) {
                double start = now();
                for (int call = 0; call < calls; call++) {
                    if (product == 0) ae_sgemm(kernel, 0, 0, batch, out, in, 1, x, in, w, out, 0, y, out, 0, 0);
                    else if (product == 1) ae_sgemm(kernel, 1, 0, in, out, batch, 1, x, in, y, out, 0, dw, out, 0, 0);
                    else ae_sgemm(kernel, 0, 1, batch, in, out, 1, y, out, w, out, 0, dx, in, 0, 0);
                }
                double seconds = (now() - start) / calls;
                if (seconds < best) best = seconds;
            }
            printf("%4d -> %-4d %s %9.1f us %7.1f GFLOP/s\n", in, out, names[product], best * 1e6, work / best / 1e9);
            total += best;
            flops += work;
        }
        free(x); free(w); free(y); free(dw); free(dx);
    }
    double peak = peak_gflops(kernel);
    printf("step: %.1f us, %.1f GFLOP/s = %.1f%% of the measured peak (%.1f GFLOP/s); 10,000 images: %.3f s\n",
           total * 1e6, flops / total / 1e9, 100 * flops / total / 1e9 / peak, peak, total * 10000.0 / batch);
    return 0;
}
