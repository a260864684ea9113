// The optimizer's update kernel (ae_apply_update) alone, warm, on one thread, for each rule over
// arrays that fit L1, L2 and L3 and for the standard autoencoder's whole parameter set: whether an
// update is bound by its arithmetic (the same nanoseconds per element at every size) or by the
// memory its arrays stream from. Build and run with Benchmarks/update-rate.sh.
#include "update.h"
#include <stdio.h>
#include <stdlib.h>
#include "bench_clock.h"

static void fill(float *p, long n, float scale) {
    for (long i = 0; i < n; i++) p[i] = scale * (float)(i * 7919 % 1000 + 1) / 1000.0f;
}

int main(void) {
    // The standard AE (784-392-98-2-98-392-784): 691,880 weights and 1,766 biases.
    const long model = 693646;
    const long sizes[] = {2048, 24576, 307328, model};
    const char *where[] = {"L1", "L2", "784x392 layer", "whole model"};
    const struct { ae_update_rule rule; const char *name; int arrays; } rules[] = {
        {{AE_RULE_SGD, 1e-3f, 0, 0, 0}, "sgd", 2},
        {{AE_RULE_MOMENTUM, 1e-3f, 0.9f, 0, 0}, "momentum", 3},
        {{AE_RULE_RMSPROP, 1e-3f, 0.9f, 0, 1e-7f}, "rmsprop", 3},
        {{AE_RULE_ADAM, 1e-3f, 0.9f, 0.999f, 1e-7f}, "adam", 4},
        {{AE_RULE_ADAGRAD, 1e-3f, 0, 0, 1e-7f}, "adagrad", 3},
    };
    printf("ae_apply_update, one thread, warm, best of 5 rounds: ns per element (GB/s of arrays read and written)\n");
    printf("%-9s", "rule");
    for (int s = 0; s < 4; s++) printf(" %24s", where[s]);
    printf("   whole model per step\n");
    for (unsigned r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        printf("%-9s", rules[r].name);
        double perStep = 0;
        for (int s = 0; s < 4; s++) {
            long n = sizes[s];
            // The four arrays in one block, each a cache line further along than a multiple of 4 KB
            // from the last: same-offset loads and stores would otherwise alias in the L1 at 4 KB.
            long stride = (n + 15) / 16 * 16 + 16;
            float *block = aligned_alloc(64, 4 * stride * sizeof(float));
            if (!block) abort();
            float *w = block, *s1 = block + stride, *s2 = block + 2 * stride, *g = block + 3 * stride;
            // Small gradients and positive averages keep the weights finite over many calls.
            fill(w, n, 1);
            fill(s1, n, 1e-3f);
            fill(s2, n, 1e-3f);
            fill(g, n, 1e-4f);
            int calls = (int)(2e8 / n) + 1;
            double best = 1e9;
            for (int round = 0; round < 5; round++) {
                double start = now();
                for (int call = 0; call < calls; call++) ae_apply_update(&rules[r].rule, w, s1, s2, g, n);
                double seconds = (now() - start) / calls;
                if (seconds < best) best = seconds;
            }
            // Each array but the gradient is read and written back.
            double bytes = (double)n * sizeof(float) * (2 * rules[r].arrays - 1);
            printf("   %6.3f ns (%5.1f GB/s)", best * 1e9 / n, bytes / best / 1e9);
            if (n == model) perStep = best;
            free(block);
        }
        printf("   %8.1f us\n", perStep * 1e6);
    }
    return 0;
}
