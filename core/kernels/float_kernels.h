#pragma once
// Vectorised float kernels for registry rows (see FloatKernel in activation.h). Each returns false for what
// it does not cover, and the generic path (the double function, rounded to float) takes over.

#include <cstddef>

namespace gelulab::kernels {

// True when this build has the AVX-512 kernels (compiled with -march=native on a machine that has AVX-512F).
bool hasVectorKernels();

// gelu, f and f′ (f″ declines to the scalar path): each within 4 ulp of the correctly rounded float over
// every float (see float_kernels.cpp).
bool geluFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// gelu_general at μ = 0, σ = 1 (where it is gelu): the gelu kernel; false for any other parameters.
bool geluGeneralFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// gelu_tanh: f within 4 ulp of the correctly rounded value of its formula over every float; f′ and f″.
bool geluTanhFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// gelu_sigmoid, silu and sigmoid: f within 4 ulp of the correctly rounded value over every float; f′ and f″.
bool geluSigmoidFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool siluFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool sigmoidFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// elu, celu and selu, f and f′; tanh, f, f′ and f″: through e^z − 1 without cancellation.
bool eluFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool celuFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool seluFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool tanhFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// mish, tanhshrink, softplus and logsigmoid, f, f′ and f″.
bool mishFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool tanhshrinkFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool softplusFloat(const float *x, float *y, std::size_t n, int order, const double *params);
bool logsigmoidFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// gelu_cauchy, f (within 4 ulp), f′ and f″.
bool geluCauchyFloat(const float *x, float *y, std::size_t n, int order, const double *params);
// relu, f and f′: bit-exact, NaN preserved.
bool reluFloat(const float *x, float *y, std::size_t n, int order, const double *params);

} // namespace gelulab::kernels
