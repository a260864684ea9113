// Each kernel's full micro-tile alone, its packed A and B panels warm in L1/L2 and its C hot: the
// tile's own rate against the FP32 peak, before any cache miss, split or packing of a real product.
// Arguments: the k lengths to time (default 48 and 256: a weight gradient's and a KC block's).
// Build and run with Benchmarks/tile-rate.sh.
#include "ckernels.h"
#include "microkernels.h"
#include <stdio.h>
#include <stdlib.h>
#include "bench_clock.h"
#include "bench_data.h"
#include "bench_peak.h"

/// The best of 5 rounds of `calls` tile calls, in seconds per call.
static double tile_seconds(ae_microkernel micro, int kc, int mr, int nr, const float *a, const float *b, float *c, long calls) {
    double best = 1e9;
    for (int round = 0; round < 5; round++) {
        double start = now();
        for (long call = 0; call < calls; call++) micro(kc, a, 1, mr, b, nr, 0, c, nr, 1.0f, 0.0f, mr, nr, 0);
        double seconds = (now() - start) / calls;
        if (seconds < best) best = seconds;
    }
    return best;
}

int main(int argc, char **argv) {
    int lengths[16] = {48, 256}, count = argc > 1 ? argc - 1 : 2;
    for (int i = 1; i < argc; i++) {
        if (count > 16 || (lengths[i - 1] = atoi(argv[i])) < 1 || lengths[i - 1] > 4096) {
            fprintf(stderr, "usage: tile_rate [K...] (at most 16 lengths, each 1-4096)\n");
            return 2;
        }
    }
    ae_set_flush_denormals(1);
    for (int kernel = 0; kernel <= AE_KERNEL_NEON; kernel++) {
        if (!ae_kernel_supported(kernel)) continue;
        int mr = ae_mr_for(kernel), nr = ae_nr_for(kernel);
        double peak = peak_gflops(kernel);
        for (int i = 0; i < count; i++) {
            int kc = lengths[i];
            float *a = filled((long)mr * kc), *b = filled((long)kc * nr), *c = filled((long)mr * nr);
            double work = 2.0 * mr * nr * kc, seconds = tile_seconds(ae_microkernel_for(kernel), kc, mr, nr, a, b, c,
                                                                     (long)(1e9 / work) + 1);
            printf("%-16s k %4d: %6.1f GFLOP/s = %5.1f%% of its peak loop (%.1f GFLOP/s)\n", ae_kernel_name(kernel), kc,
                   work / seconds / 1e9, 100 * work / seconds / 1e9 / peak, peak);
            free(a); free(b); free(c);
        }
    }
    return 0;
}
