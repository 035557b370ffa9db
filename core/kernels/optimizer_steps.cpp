// The optimizer's element-wise step (optimizer_steps.h), compiled by Highway for every SIMD target and
// dispatched at run time (docs/ARCHITECTURE.md, "Kernels").
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "optimizer_steps.cpp"
#include <hwy/foreach_target.h> // must come before highway.h

#include <hwy/highway.h>

#include "optimizer_steps.h"

#include <cmath>
#include <cstddef>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void AdamStepTarget(float *HWY_RESTRICT p, const float *HWY_RESTRICT g, float *HWY_RESTRICT m,
                    float *HWY_RESTRICT v, std::size_t n, const AdamFactors &f) {
    const hn::ScalableTag<float> d;
    const std::size_t lanes = hn::Lanes(d);
    const auto beta1 = hn::Set(d, f.beta1), oneMinusBeta1 = hn::Set(d, f.oneMinusBeta1);
    const auto beta2 = hn::Set(d, f.beta2), oneMinusBeta2 = hn::Set(d, f.oneMinusBeta2);
    const auto rate = hn::Set(d, f.rate), epsilon = hn::Set(d, f.epsilon);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        const auto gi = hn::LoadU(d, g + i);
        const auto mi = hn::Add(hn::Mul(beta1, hn::LoadU(d, m + i)), hn::Mul(oneMinusBeta1, gi));
        const auto vi = hn::Add(hn::Mul(beta2, hn::LoadU(d, v + i)), hn::Mul(oneMinusBeta2, hn::Mul(gi, gi)));
        hn::StoreU(mi, d, m + i);
        hn::StoreU(vi, d, v + i);
        const auto step = hn::Div(hn::Mul(rate, mi), hn::Add(hn::Sqrt(vi), epsilon));
        hn::StoreU(hn::Sub(hn::LoadU(d, p + i), step), d, p + i);
    }
    for (; i < n; ++i) {
        m[i] = f.beta1 * m[i] + f.oneMinusBeta1 * g[i];
        v[i] = f.beta2 * v[i] + f.oneMinusBeta2 * (g[i] * g[i]);
        p[i] = p[i] - (f.rate * m[i]) / (std::sqrt(v[i]) + f.epsilon);
    }
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd_target.h"

namespace gelulab::kernels {

HWY_EXPORT(AdamStepTarget);

void adamStep(float *p, const float *g, float *m, float *v, std::size_t n, const AdamFactors &factors) {
    simd::applyEnvironmentOnce();
    HWY_DYNAMIC_DISPATCH(AdamStepTarget)(p, g, m, v, n, factors);
}

} // namespace gelulab::kernels
#endif // HWY_ONCE
