#pragma once
// The optimizer's element-wise step over a layer's parameters, dispatched at run time to the best SIMD target
// like the other kernels (simd_target.h; docs/ARCHITECTURE.md, "Kernels"): Eigen vectorises only for the
// instructions the compiler may assume, which in a portable build is SSE2. Every step is one IEEE operation
// in the order Eigen's expression takes them (no fused multiply-adds), so the parameters are the same bits on
// every target and as Eigen's.

#include <cstddef>

namespace gelulab::kernels {

// Adam over n parameters p with gradient g and moments m, v: m = β₁·m + (1 − β₁)·g, v = β₂·v + (1 − β₂)·g²,
// p = p − (rate·m)/(√v + epsilon).
struct AdamFactors {
    float beta1, oneMinusBeta1, beta2, oneMinusBeta2, rate, epsilon;
};
void adamStep(float *p, const float *g, float *m, float *v, std::size_t n, const AdamFactors &factors);

} // namespace gelulab::kernels
