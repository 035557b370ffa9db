#pragma once
// The vector kernels of the registry's smooth rows, float and double from one source (vector_kernels.cpp,
// written on Google Highway) compiled for every SIMD target of the processor family; the best target the
// processor has is chosen at run time (see simd_target.h to name or force it). Each kernel fills y[i] =
// f^(order)(x[i]) for i < n (x and y may be the same array) and returns false for an order it does not cover,
// where the registry's generic path takes over. Accuracy, on every target: gelu f and f′ within 4 ulp (the
// double f′ within 4·max(1, cond) near its zero); gelu_tanh, gelu_sigmoid, silu, sigmoid and gelu_cauchy f
// within 4 ulp; the rest within the registry's 16·max(1, cond) ulp. docs/ARCHITECTURE.md ("Kernels") has the
// methods.

#include <cstddef>

namespace gelulab::kernels {

#define GELULAB_VECTOR_KERNEL(name)                                                                          \
    bool name(const float *x, float *y, std::size_t n, int order, const double *params);                     \
    bool name(const double *x, double *y, std::size_t n, int order, const double *params);

GELULAB_VECTOR_KERNEL(gelu)        // f, f′
GELULAB_VECTOR_KERNEL(geluGeneral) // at μ = 0, σ = 1 (where it is gelu) the gelu kernel; false elsewhere
GELULAB_VECTOR_KERNEL(geluTanh)    // f, f′, f″
GELULAB_VECTOR_KERNEL(geluSigmoid) // f, f′, f″
GELULAB_VECTOR_KERNEL(geluCauchy)  // f, f′, f″
GELULAB_VECTOR_KERNEL(silu)        // f, f′, f″
GELULAB_VECTOR_KERNEL(sigmoid)     // f, f′, f″
GELULAB_VECTOR_KERNEL(elu)         // f, f′
GELULAB_VECTOR_KERNEL(celu)        // f, f′
GELULAB_VECTOR_KERNEL(selu)        // f, f′
GELULAB_VECTOR_KERNEL(hyperbolicTangent) // tanh: f, f′, f″
GELULAB_VECTOR_KERNEL(mish)              // f, f′, f″
GELULAB_VECTOR_KERNEL(tanhshrink)        // f, f′, f″
GELULAB_VECTOR_KERNEL(softplus)          // f, f′, f″ (params: β, threshold)
GELULAB_VECTOR_KERNEL(logsigmoid)        // f, f′, f″
GELULAB_VECTOR_KERNEL(relu)              // f, f′: bit-exact, NaN preserved, relu(−0) = +0
#undef GELULAB_VECTOR_KERNEL

// y[i] = e^(−x[i]²/2) for i < n, within 2 ulp of that of x[i]² rounded (x and y may be the same array): the
// normal density's shape, which the Gaussian rules of analysis/ weigh their nodes by.
void gaussianBell(const double *x, double *y, std::size_t n);

} // namespace gelulab::kernels
