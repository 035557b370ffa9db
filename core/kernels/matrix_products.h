#pragma once
// The network's matrix products on row-major float and double matrices, dispatched at run time to the best
// SIMD target like the activation kernels (simd_target.h): Eigen vectorises only for the instructions the
// compiler may assume, which in a portable build is SSE2 without fma. Sizes are the Playground's and the
// paper's: a few to a few hundred rows, columns one per example. C is overwritten; it must not overlap A or
// B.

#include <cstddef>

namespace gelulab::kernels {

#define GELULAB_MATRIX_PRODUCTS(T)                                                                           \
    /* C = A·B (+ bias[i] on every column of row i when bias is given): A is m×k, B k×n, C m×n. */       \
    void multiply(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n,                 \
                  const T *bias = nullptr);                                                                  \
    /* C = Aᵀ·B: A is k×m (so Aᵀ is m×k), B k×n, C m×n. */                                          \
    void multiplyTransposedA(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n);     \
    /* C = A·Bᵀ: A is m×k, B n×k, C m×n. */                                                            \
    void multiplyTransposedB(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n);
GELULAB_MATRIX_PRODUCTS(float)
GELULAB_MATRIX_PRODUCTS(double)
#undef GELULAB_MATRIX_PRODUCTS

// T = Bᵀ: B is rows×cols, T cols×rows (row-major, not overlapping), in tiles that keep both in the cache.
void transpose(const float *b, std::size_t rows, std::size_t cols, float *t);
void transpose(const double *b, std::size_t rows, std::size_t cols, double *t);

} // namespace gelulab::kernels
