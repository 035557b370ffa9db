#pragma once
// Vectorised double kernels for registry rows (see DoubleKernel in activation.h). Each returns false for what
// it does not cover, and the scalar double function takes over.

#include <cstddef>

namespace gelulab::kernels {

// gelu, f and f′: within 4 ulp of the exact value wherever the result is a normal double (see
// double_kernels.cpp).
bool geluDouble(const double *x, double *y, std::size_t n, int order, const double *params);
// gelu_tanh, gelu_sigmoid, silu and sigmoid, f, f′ and f″: x·σ(g) with g carried as a double pair.
bool geluTanhDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool geluSigmoidDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool siluDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool sigmoidDouble(const double *x, double *y, std::size_t n, int order, const double *params);
// elu, celu and selu, f and f′; tanh, f, f′ and f″: through e^z − 1 without cancellation.
bool eluDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool celuDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool seluDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool tanhDouble(const double *x, double *y, std::size_t n, int order, const double *params);
// mish, tanhshrink, softplus and logsigmoid, f, f′ and f″.
bool mishDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool tanhshrinkDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool softplusDouble(const double *x, double *y, std::size_t n, int order, const double *params);
bool logsigmoidDouble(const double *x, double *y, std::size_t n, int order, const double *params);
// gelu_cauchy, f, f′ and f″ (atan carried as a double pair).
bool geluCauchyDouble(const double *x, double *y, std::size_t n, int order, const double *params);
// gelu_general at μ = 0, σ = 1 (where it is gelu): the same kernel; false for any other parameters.
bool geluGeneralDouble(const double *x, double *y, std::size_t n, int order, const double *params);

} // namespace gelulab::kernels
