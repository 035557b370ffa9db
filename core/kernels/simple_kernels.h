#pragma once
// Vectorised array kernels (float and double) for the piecewise rows of the registry: relu6, leaky_relu
// and prelu, rrelu, threshold, hardswish, hardsigmoid, hardtanh, softsign, softshrink, hardshrink, linear.
// Each is a branch-free loop the compiler vectorises, computing in double exactly what the row's scalar
// function computes, so the double results are bit for bit the scalar ones and the float results the scalar
// ones rounded.

#include <cstddef>

namespace gelulab::kernels {

template<typename T>
bool relu6(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool leakyRelu(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool rrelu(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool threshold(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool hardswish(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool hardsigmoid(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool hardtanh(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool softsign(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool softshrink(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool hardshrink(const T *x, T *y, std::size_t n, int order, const double *params);
template<typename T>
bool linear(const T *x, T *y, std::size_t n, int order, const double *params);

} // namespace gelulab::kernels
