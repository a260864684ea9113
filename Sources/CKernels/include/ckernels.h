#ifndef AETUI_CKERNELS_H
#define AETUI_CKERNELS_H

#include "elementwise.h"
#include "update.h"
#include "clones.h"

/// Micro-kernel families. `ae_kernel_best` picks the fastest one the CPU supports at run time,
/// so a portable build never falls onto the slow path on a machine that has AVX2 or AVX-512.
typedef enum {
    AE_KERNEL_GENERIC = 0,
    AE_KERNEL_AVX2 = 1,
    AE_KERNEL_AVX512 = 2,
    AE_KERNEL_NEON = 3,
} ae_kernel;

int ae_kernel_best(void);
int ae_kernel_supported(int kernel);
const char *ae_kernel_name(int kernel);

/// Row-major single-precision GEMM: C = alpha * op(A) * op(B) + beta * C, with op(A) M x K and
/// op(B) K x N. A transposed A is stored K x M (lda >= M); a transposed B is stored N x K.
/// beta == 0 never reads C. Packing buffers are allocated once per thread and reused.
/// `sparseA`: op(A) holds many exact zeros (a layer's input); the k-steps where a micro-tile's
/// rows of A are all ±0 are skipped. With finite B the values are those of the full product, but
/// for the sign of a zero sum (see gemm.c). The caller decides: it pays only over many columns.
void ae_sgemm(int kernel, int transA, int transB, int M, int N, int K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc, int sparseA);

/// Whether this product can be handed out in small pieces (ranges of C's rows, or of its columns
/// with `byColumns`), each its own ae_sgemm call: when no piece would copy an operand that every
/// other piece copies too, and a small piece would not read in place what the whole would copy.
int ae_sgemm_splits_finely(int kernel, int transA, int transB, int M, int N, int K, const float *B, long ldb,
                           int sparseA, int byColumns);

/// How `kernel` tiles C: `*mr` rows by `*nr` columns per micro-tile; an edge panel takes the
/// narrowest of the tiles nr, nr / 2, ... down to `*narrowest` columns wide that holds it (fewer
/// multiply-adds on padding). The engine splits products between threads on these bounds so each
/// part costs the same.
void ae_tile_shape(int kernel, int *mr, int *nr, int *narrowest);

/// Sets (or clears) flush-to-zero and denormals-are-zero for the calling thread and returns the
/// previous setting. Training drives some values (optimizer averages of dead units' gradients)
/// into the denormal range, where every operation takes a microcode assist costing ~100 cycles;
/// TensorFlow and most BLAS-based trainers run with these flags on for the same reason.
unsigned ae_set_flush_denormals(unsigned enable);

/// Whether the calling thread flushes denormals (the setting ae_set_flush_denormals makes).
unsigned ae_flush_denormals_enabled(void);

/// A spin-wait hint to the CPU (x86 `pause`), so spinning threads yield pipeline resources.
static inline void ae_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Runs a multiply-add loop at the ISA's peak rate; returns the floating-point operations done.
/// The result lands in *sink so the loop cannot be optimised away.
double ae_peak_flops(int kernel, long iterations, float *sink);

#endif
