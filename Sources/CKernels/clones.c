// Direct calls to each `target_clones` copy of the kernels that hold the vectorised exp, tanh and
// rsqrt, so the tests check every copy a loader could pick on some CPU, not only this CPU's.
// The copies' symbol names are the ones clang gives them (NAME.arch_x86-64-v4.0, ...).
#include "clones.h"
#include "elementwise.h"
#include "update.h"

#if defined(__x86_64__) && defined(__linux__)
#define AE_CLONE(name, suffix) __asm__(#name "." suffix)
extern void bias_activation_v4(float *, long, const float *, int, int, int) AE_CLONE(ae_bias_activation, "arch_x86-64-v4.0");
extern void bias_activation_v3(float *, long, const float *, int, int, int) AE_CLONE(ae_bias_activation, "arch_x86-64-v3.1");
extern void bias_activation_v1(float *, long, const float *, int, int, int) AE_CLONE(ae_bias_activation, "default.2");
extern void apply_update_v4(const ae_update_rule *, float *, float *, float *, const float *, long) AE_CLONE(ae_apply_update, "arch_x86-64-v4.0");
extern void apply_update_v3(const ae_update_rule *, float *, float *, float *, const float *, long) AE_CLONE(ae_apply_update, "arch_x86-64-v3.1");
extern void apply_update_v1(const ae_update_rule *, float *, float *, float *, const float *, long) AE_CLONE(ae_apply_update, "default.2");

int ae_clone_count(void) { return 3; }

const char *ae_clone_name(int clone) {
    static const char *names[] = {"baseline", "x86-64-v3", "x86-64-v4"};
    return clone >= 0 && clone < 3 ? names[clone] : "?";
}

int ae_clone_supported(int clone) {
    __builtin_cpu_init();
    switch (clone) {
    case 0: return 1;
    case 1: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2");
    case 2: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    default: return 0;
    }
}

void ae_bias_activation_clone(int clone, float *y, const float *bias, int rows, int cols, int activation) {
    switch (clone) {
    case 2: bias_activation_v4(y, cols, bias, rows, cols, activation); break;
    case 1: bias_activation_v3(y, cols, bias, rows, cols, activation); break;
    default: bias_activation_v1(y, cols, bias, rows, cols, activation); break;
    }
}

void ae_apply_update_clone(int clone, const ae_update_rule *rule, float *w, float *s1, float *s2, const float *g, long n) {
    switch (clone) {
    case 2: apply_update_v4(rule, w, s1, s2, g, n); break;
    case 1: apply_update_v3(rule, w, s1, s2, g, n); break;
    default: apply_update_v1(rule, w, s1, s2, g, n); break;
    }
}
#else
// One build of each kernel: the "clone" is the kernel itself.
int ae_clone_count(void) { return 1; }
const char *ae_clone_name(int clone) { (void)clone; return "portable"; }
int ae_clone_supported(int clone) { return clone == 0; }
void ae_bias_activation_clone(int clone, float *y, const float *bias, int rows, int cols, int activation) {
    (void)clone;
    ae_bias_activation(y, cols, bias, rows, cols, activation);
}
void ae_apply_update_clone(int clone, const ae_update_rule *rule, float *w, float *s1, float *s2, const float *g, long n) {
    (void)clone;
    ae_apply_update(rule, w, s1, s2, g, n);
}
#endif
