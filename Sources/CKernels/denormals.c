// Flush-to-zero control for the calling thread (x86 MXCSR, AArch64 FPCR).
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
enum { FLUSH_BITS = 0x8040 };  // FTZ (bit 15) | DAZ (bit 6)

unsigned ae_flush_denormals_enabled(void) { return (_mm_getcsr() & FLUSH_BITS) != 0; }

unsigned ae_set_flush_denormals(unsigned enable) {
    unsigned csr = _mm_getcsr();
    _mm_setcsr(enable ? (csr | FLUSH_BITS) : (csr & ~(unsigned)FLUSH_BITS));
    return (csr & FLUSH_BITS) != 0;
}
#elif defined(__aarch64__)
unsigned ae_flush_denormals_enabled(void) {
    unsigned long fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    return (fpcr >> 24) & 1;  // FZ
}

unsigned ae_set_flush_denormals(unsigned enable) {
    unsigned long fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    unsigned previous = (fpcr >> 24) & 1;  // FZ
    fpcr = enable ? (fpcr | (1UL << 24)) : (fpcr & ~(1UL << 24));
    __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr));
    return previous;
}
#else
unsigned ae_flush_denormals_enabled(void) { return 0; }

unsigned ae_set_flush_denormals(unsigned enable) {
    (void)enable;
    return 0;
}
#endif
