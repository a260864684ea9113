#ifndef AETUI_UPDATE_H
#define AETUI_UPDATE_H

/// Optimizer update rules (Keras semantics), applied element-wise at full vector width.
typedef enum {
    AE_RULE_SGD = 0,
    AE_RULE_MOMENTUM = 1,
    AE_RULE_NESTEROV = 2,
    AE_RULE_RMSPROP = 3,
    AE_RULE_ADAM = 4,
    AE_RULE_ADAGRAD = 5,
} ae_rule_kind;

/// One step's hyperparameters. `rate` is the learning rate, or Adam's bias-corrected step size.
typedef struct {
    int kind;
    float rate;
    float decay;    // momentum, RMSprop's rho, Adam's beta1
    float decay2;   // Adam's beta2
    float epsilon;
} ae_update_rule;

/// w, s1, s2 += update(g) over n contiguous values.
void ae_apply_update(const ae_update_rule *rule, float *w, float *s1, float *s2, const float *g, long n);

#endif
