#pragma once
// The Taylor series of tanh, shared by the scalar tanhshrink and its kernels: x − tanh(x) near 0 from
// −Σ c[2n+1]·x^(2n+1), n ≥ 1, without the cancellation of the difference.

#include <array>

namespace gelulab {

// Taylor coefficients of tanh: c[k] multiplies x^k. From tanh′ = 1 − tanh²: (k + 1)·c[k+1] = −Σ c[i]·c[k−i].
inline constexpr int kTanhTerms = 64;
constexpr std::array<double, kTanhTerms> tanhTaylor() {
    std::array<double, kTanhTerms> c{};
    c[1] = 1.0;
    for (int k = 1; k + 1 < kTanhTerms; ++k) {
        double sum = 0.0;
        for (int i = 0; i <= k; ++i)
            sum += c[i] * c[k - i];
        c[k + 1] = -sum / (k + 1);
    }
    return c;
}
inline constexpr std::array<double, kTanhTerms> kTanhCoefficients = tanhTaylor();

// Below this |x|, x − tanh(x) is taken from the series (terms shrink by ≥ 0.146 per step there).
inline constexpr double kTanhshrinkSeriesLimit = 0.6;

} // namespace gelulab
