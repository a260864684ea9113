// The update rules as inline loops, compiled into each caller at its own vector width.
#ifndef AETUI_UPDATE_RULES_H
#define AETUI_UPDATE_RULES_H

#include "update.h"
#include <math.h>
#include <stdint.h>

// 1/sqrt(x) for x > 0 by the bit-level first guess and three Newton steps: FMAs only, so it
// vectorises at full width where sqrt + divide run at a fraction of it. Relative error about
// 1e-7, like the exact expression in float.
__attribute__((always_inline)) static inline float ae_fast_rsqrt(float x) {
    union { float f; int32_t i; } guess = { .f = x };
    guess.i = 0x5F375A86 - (guess.i >> 1);
    float y = guess.f, half = 0.5f * x;
    y = y * (1.5f - half * y * y);
    y = y * (1.5f - half * y * y);
    y = y * (1.5f - half * y * y);
    return y;
}

/// g is scaled by `scale` first (the GEMM's alpha); the rule switch sits outside the loops.
__attribute__((always_inline)) static inline void ae_update_run(const ae_update_rule *rule, float *restrict w, float *restrict s1,
                                 float *restrict s2, const float *restrict g, long n, float scale) {
    const float lr = rule->rate, d = rule->decay, d2 = rule->decay2, eps = rule->epsilon;
    switch (rule->kind) {
    case AE_RULE_SGD:
        for (long i = 0; i < n; i++) w[i] -= lr * (scale * g[i]);
        break;
    case AE_RULE_MOMENTUM:
        for (long i = 0; i < n; i++) {
            s1[i] = d * s1[i] - lr * (scale * g[i]);
            w[i] += s1[i];
        }
        break;
    case AE_RULE_NESTEROV:
        for (long i = 0; i < n; i++) {
            float gi = scale * g[i];
            s1[i] = d * s1[i] - lr * gi;
            w[i] += d * s1[i] - lr * gi;
        }
        break;
    case AE_RULE_RMSPROP:
        for (long i = 0; i < n; i++) {
            float gi = scale * g[i];
            s1[i] = d * s1[i] + (1.0f - d) * gi * gi;
            w[i] -= lr * gi * ae_fast_rsqrt(s1[i] + eps);
        }
        break;
    case AE_RULE_ADAM:
        for (long i = 0; i < n; i++) {
            float gi = scale * g[i];
            s1[i] += (gi - s1[i]) * (1.0f - d);
            s2[i] += (gi * gi - s2[i]) * (1.0f - d2);
            w[i] -= lr * s1[i] / (sqrtf(s2[i]) + eps);
        }
        break;
    case AE_RULE_ADAGRAD:
        for (long i = 0; i < n; i++) {
            float gi = scale * g[i];
            s1[i] += gi * gi;
            w[i] -= lr * gi * ae_fast_rsqrt(s1[i] + eps);
        }
        break;
    }
}

#endif
