#ifndef AETUI_CLONES_H
#define AETUI_CLONES_H

#include "update.h"

/// The copies of the element-wise kernels built for different CPUs (`target_clones`), callable
/// one by one so that tests can check each against libm. Clone 0 is the baseline copy.
int ae_clone_count(void);
const char *ae_clone_name(int clone);
int ae_clone_supported(int clone);
void ae_bias_activation_clone(int clone, float *y, const float *bias, int rows, int cols, int activation);
void ae_apply_update_clone(int clone, const ae_update_rule *rule, float *w, float *s1, float *s2, const float *g, long n);

#endif
