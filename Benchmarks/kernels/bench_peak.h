// The FP32 peak the kernel benchmarks state their rates against.
#ifndef AETUI_BENCH_PEAK_H
#define AETUI_BENCH_PEAK_H
#include "bench_clock.h"
#include "ckernels.h"

/// `kernel`'s multiply-add loop on one thread, best of 5 rounds, in GFLOP/s.
static inline double peak_gflops(int kernel) {
    float sink;
    double peak = 0;
    for (int round = 0; round < 5; round++) {
        double start = now(), done = ae_peak_flops(kernel, 2000000, &sink), rate = done / (now() - start) / 1e9;
        if (rate > peak) peak = rate;
    }
    return peak;
}
#endif
