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

/// Which zeros of A a product skips (ae_sgemm's `zeros`).
typedef enum {
    /// None: every term is multiplied, as a BLAS does.
    AE_ZEROS_NONE = 0,
    /// The k-steps where all of a micro-tile's rows of A are ±0 (a forward product's samples).
    AE_ZEROS_BY_TILE = 1,
    /// Each row of C its own: tiles of one row, each taking only the k-steps where its row of A is
    /// not ±0. For a short k (a weight gradient's batch), whose B panel stays in L1: there a ReLU
    /// layer's units are zero for half the samples, but rarely for all of a tile's six or eight.
    AE_ZEROS_BY_ROW = 2,
} ae_zeros;

/// One operand of a product split between threads, packed once for all of the product's pieces
/// (see ae_shared_pack_plan). Owned by one split call site; reused from call to call.
typedef struct ae_shared_pack ae_shared_pack;

/// Row-major single-precision GEMM: C = alpha * op(A) * op(B) + beta * C, with op(A) M x K and
/// op(B) K x N. A transposed A is stored K x M (lda >= M); a transposed B is stored N x K.
/// beta == 0 never reads C. Packing buffers are allocated once per thread and reused.
/// `zeros` (an ae_zeros): op(A) holds many exact zeros (a layer's input), and the k-steps where a
/// micro-tile's rows of A are all ±0 are skipped, or with AE_ZEROS_BY_ROW each row of C skips the
/// steps where its own row of A is ±0. With finite B the values are those of the full product, but
/// for the sign of a zero sum (see gemm.c). The caller decides: it pays only over many columns.
/// `shared` (or NULL): this call is a piece (a range of C's columns or rows) of the product that
/// `shared` was planned and packed for, and reads that operand from it.
void ae_sgemm(int kernel, int transA, int transB, int M, int N, int K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc, int zeros,
              const ae_shared_pack *shared);

ae_shared_pack *ae_shared_pack_new(void);
void ae_shared_pack_free(ae_shared_pack *pack);

/// A product to be computed in pieces of C's columns (`byColumns`) or rows, each its own ae_sgemm
/// call, on any thread: every piece would copy the same operand when it is packed (all of a sparse
/// or long transposed A for pieces by columns, all of a B that is not read in place for pieces by
/// rows). Plans `pack` to hold that operand once and returns how many units its packing is cut
/// into, or 0 when the pieces copy nothing in common (then they take no pack). Each unit is packed
/// once by ae_shared_pack_unit, on any thread, before any piece runs; the pieces then give the bits
/// of the whole product computed at once.
int ae_shared_pack_plan(ae_shared_pack *pack, int kernel, int transA, int transB, int M, int N, int K,
                        const float *A, long lda, const float *B, long ldb, int zeros, int byColumns);
void ae_shared_pack_unit(ae_shared_pack *pack, int unit);

/// How `kernel` tiles ae_sgemm's C along its rows (`alongRows`) or columns for these transpositions
/// and `zeros` (a Cᵀ = B·Aᵀ product's tile rows are C's columns): writes the widths of its tiles
/// there, widest first, up to `capacity`, and returns how many. The first is the full tile's; an
/// edge takes the narrowest that holds it (fewer multiply-adds on padding). The engine splits
/// products between threads on these bounds so each part costs the same.
int ae_tile_widths(int kernel, int transA, int transB, int zeros, int alongRows, int *widths, int capacity);

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
