// Element-wise kernels of the training step. Each is written once in plain C that the compiler
// vectorises; on x86-64 Linux `target_clones` builds AVX-512, AVX2 and baseline copies and the
// loader picks the best for the CPU, so a portable build still runs at full vector width.
#include "elementwise.h"
#include "update.h"
#include <math.h>

#if defined(__x86_64__) && defined(__linux__)
#define AE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define AE_CLONES
#endif

// exp(x) by range reduction to 2^n · exp(r), |r| <= ln2/2, and a degree-6 polynomial: pure
// arithmetic, so it vectorises (libm's expf does not). Relative error about 2e-7 on [-87, 88].
static inline float fast_exp(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    float n = __builtin_roundf(x * 1.44269504088896341f);
    float r = x - n * 0.693145751953125f - n * 1.428606765330187045e-06f;
    float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.16666667f + r * (0.041666668f + r * (0.0083333338f + r * 0.0013888889f)))));
    union { float f; int32_t i; } scale = { .i = ((int32_t)n + 127) << 23 };
    return p * scale.f;
}

// An empty asm that claims to change four floats: it stops the compiler packing independent scalar
// chains into one vector (which, for chains in different blocks of memory, takes gathers).
#if defined(__x86_64__) || defined(__i386__)
#define AE_KEEP_IN_REGISTERS(a, b, c, d) __asm__("" : "+x"(a), "+x"(b), "+x"(c), "+x"(d))
#elif defined(__aarch64__)
#define AE_KEEP_IN_REGISTERS(a, b, c, d) __asm__("" : "+w"(a), "+w"(b), "+w"(c), "+w"(d))
#else
#define AE_KEEP_IN_REGISTERS(a, b, c, d) ((void)0)
#endif

static inline float sigmoid(float x) { return 1.0f / (1.0f + fast_exp(-x)); }

static inline float tanh_fast(float x) {
    // tanh(x) = 1 - 2 / (exp(2x) + 1): saturates cleanly to ±1 for large |x|.
    return 1.0f - 2.0f / (fast_exp(2.0f * x) + 1.0f);
}

AE_CLONES
void ae_bias_activation(float *y, long ldy, const float *bias, int rows, int cols, int activation) {
    for (int r = 0; r < rows; r++) {
        float *row = y + (long)r * ldy;
        switch (activation) {
        case AE_ACT_RELU:
            for (int j = 0; j < cols; j++) { float v = row[j] + bias[j]; row[j] = v > 0.0f ? v : 0.0f; }
            break;
        case AE_ACT_SIGMOID:
            for (int j = 0; j < cols; j++) row[j] = sigmoid(row[j] + bias[j]);
            break;
        case AE_ACT_TANH:
            for (int j = 0; j < cols; j++) row[j] = tanh_fast(row[j] + bias[j]);
            break;
        default:
            for (int j = 0; j < cols; j++) row[j] += bias[j];
            break;
        }
    }
}

AE_CLONES
void ae_activation_backward(const float *y, float *g, long n, int activation) {
    switch (activation) {
    case AE_ACT_RELU:
        for (long i = 0; i < n; i++) g[i] = y[i] > 0.0f ? g[i] : 0.0f;
        break;
    case AE_ACT_SIGMOID:
        for (long i = 0; i < n; i++) g[i] *= y[i] * (1.0f - y[i]);
        break;
    case AE_ACT_TANH:
        for (long i = 0; i < n; i++) g[i] *= 1.0f - y[i] * y[i];
        break;
    default:
        break;
    }
}

AE_CLONES
void ae_mse_sigmoid(const float *y, const float *t, float *g, long n, float scale, float *sums) {
    for (long i = 0; i < n; i++) {
        float d = y[i] - t[i];
        g[i] = scale * d * y[i] * (1.0f - y[i]);
    }
    // Each block's sum is one sequential chain of multiply-adds (its bits depend on that order), so
    // a chain runs at the adder's latency, not its rate: four blocks advance side by side instead.
    long blocks = (n + AE_MSE_BLOCK - 1) / AE_MSE_BLOCK, full = n / AE_MSE_BLOCK;
    long b = 0;
    for (; b + 4 <= full; b += 4) {
        const float *y0 = y + b * AE_MSE_BLOCK, *t0 = t + b * AE_MSE_BLOCK;
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (long i = 0; i < AE_MSE_BLOCK; i++) {
            float d0 = y0[i] - t0[i], d1 = y0[AE_MSE_BLOCK + i] - t0[AE_MSE_BLOCK + i];
            float d2 = y0[2 * AE_MSE_BLOCK + i] - t0[2 * AE_MSE_BLOCK + i], d3 = y0[3 * AE_MSE_BLOCK + i] - t0[3 * AE_MSE_BLOCK + i];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            AE_KEEP_IN_REGISTERS(s0, s1, s2, s3);
        }
        sums[b] = s0;
        sums[b + 1] = s1;
        sums[b + 2] = s2;
        sums[b + 3] = s3;
    }
    for (; b < blocks; b++) {
        long start = b * AE_MSE_BLOCK, end = start + AE_MSE_BLOCK < n ? start + AE_MSE_BLOCK : n;
        float sum = 0.0f;
        for (long i = start; i < end; i++) {
            float d = y[i] - t[i];
            sum += d * d;
        }
        sums[b] = sum;
    }
}

AE_CLONES
void ae_column_sums(const float *dz, float *db, int rows, int cols) {
    for (int j = 0; j < cols; j++) db[j] = 0.0f;
    for (int r = 0; r < rows; r++) {
        const float *row = dz + (long)r * cols;
        for (int j = 0; j < cols; j++) db[j] += row[j];
    }
}

static inline void prefetch_bytes(const uint8_t *p, long n) {
    for (long i = 0; i < n; i += 64) __builtin_prefetch(p + i);
    __builtin_prefetch(p + n - 1);
}

AE_CLONES
void ae_gather_unit_floats(const uint8_t *src, long width, const long *rows, long count, float *dst) {
    // A batch's images lie anywhere in the set: fetching the rows a few ahead overlaps their
    // misses, where converting one row at a time waited for each in turn.
    enum { AHEAD = 4 };
    for (long r = 0; r < count && r < AHEAD; r++) prefetch_bytes(src + rows[r] * width, width);
    for (long r = 0; r < count; r++) {
        if (r + AHEAD < count) prefetch_bytes(src + rows[r + AHEAD] * width, width);
        const uint8_t *row = src + rows[r] * width;
        float *out = dst + r * width;
        for (long i = 0; i < width; i++) out[i] = (float)row[i] * (1.0f / 255.0f);
    }
}

void ae_prefetch_rows(const uint8_t *src, long width, const long *rows, long count) {
    for (long r = 0; r < count; r++) prefetch_bytes(src + rows[r] * width, width);
}

// 1/sqrt(x) for x > 0 by the bit-level first guess and three Newton steps: FMAs only, so it
// vectorises at full width where sqrt + divide run at a fraction of it. Relative error about
// 1e-7, like the exact expression in float.
static inline float fast_rsqrt(float x) {
    union { float f; int32_t i; } guess = { .f = x };
    guess.i = 0x5F375A86 - (guess.i >> 1);
    float y = guess.f, half = 0.5f * x;
    y = y * (1.5f - half * y * y);
    y = y * (1.5f - half * y * y);
    y = y * (1.5f - half * y * y);
    return y;
}

// The rule switch sits outside the loops so each loop vectorises.
AE_CLONES
void ae_apply_update(const ae_update_rule *rule, float *restrict w, float *restrict s1, float *restrict s2,
                     const float *restrict g, long n) {
    const float lr = rule->rate, d = rule->decay, d2 = rule->decay2, eps = rule->epsilon;
    switch (rule->kind) {
    case AE_RULE_SGD:
        for (long i = 0; i < n; i++) w[i] -= lr * g[i];
        break;
    case AE_RULE_MOMENTUM:
        for (long i = 0; i < n; i++) {
            s1[i] = d * s1[i] - lr * g[i];
            w[i] += s1[i];
        }
        break;
    case AE_RULE_NESTEROV:
        for (long i = 0; i < n; i++) {
            float gi = g[i];
            s1[i] = d * s1[i] - lr * gi;
            w[i] += d * s1[i] - lr * gi;
        }
        break;
    case AE_RULE_RMSPROP:
        for (long i = 0; i < n; i++) {
            float gi = g[i];
            s1[i] = d * s1[i] + (1.0f - d) * gi * gi;
            w[i] -= lr * gi * fast_rsqrt(s1[i] + eps);
        }
        break;
    case AE_RULE_ADAM:
        for (long i = 0; i < n; i++) {
            float gi = g[i];
            s1[i] += (gi - s1[i]) * (1.0f - d);
            s2[i] += (gi * gi - s2[i]) * (1.0f - d2);
            w[i] -= lr * s1[i] / (sqrtf(s2[i]) + eps);
        }
        break;
    case AE_RULE_ADAGRAD:
        for (long i = 0; i < n; i++) {
            float gi = g[i];
            s1[i] += gi * gi;
            w[i] -= lr * gi * fast_rsqrt(s1[i] + eps);
        }
        break;
    }
}
