#ifndef AETUI_ELEMENTWISE_H
#define AETUI_ELEMENTWISE_H

#include <stdint.h>

/// Activation codes shared with Swift's `Activation` (same order).
typedef enum {
    AE_ACT_RELU = 0,
    AE_ACT_SIGMOID = 1,
    AE_ACT_TANH = 2,
    AE_ACT_LINEAR = 3,
} ae_activation;

/// y[r][j] = act(y[r][j] + bias[j]) for rows x cols values with rows ldy apart, in place (bias add
/// fused with activation).
void ae_bias_activation(float *y, long ldy, const float *bias, int rows, int cols, int activation);

/// g *= act'(y), from the activation's outputs y, for n values.
void ae_activation_backward(const float *y, float *g, long n, int activation);

/// Values per block of `ae_mse_sigmoid`'s partial sums.
#define AE_MSE_BLOCK 4096

/// Fused sigmoid + MSE: g = scale·(y - t)·y·(1 - y) for n values, and sums[b] = Σ(y - t)² over
/// block b of AE_MSE_BLOCK values (float partial sums keep the loop vectorised). The caller adds
/// the blocks in order, in double: the same bits however threads shared the blocks out.
void ae_mse_sigmoid(const float *y, const float *t, float *g, long n, float scale, float *sums);

/// db[j] = Σ_r dz[r][j].
void ae_column_sums(const float *dz, float *db, int rows, int cols);

/// Row r of dst = row rows[r] of src / 255 (pixels to [0, 1]), for `count` rows of `width` bytes.
void ae_gather_unit_floats(const uint8_t *src, long width, const long *rows, long count, float *dst);

/// Asks the CPU to bring rows rows[0..<count] of src (`width` bytes each) into its caches, and
/// returns at once: a later gather of them then finds them near.
void ae_prefetch_rows(const uint8_t *src, long width, const long *rows, long count);

#endif
