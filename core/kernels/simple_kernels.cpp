#include "simple_kernels.h"

#include <cmath>

namespace gelulab::kernels {
namespace {

// y[i] = f(x[i]) with f computed in double. Every f below is written so that NaN falls through to the branch
// that returns x (the scalar functions return NaN for NaN), with no call the compiler cannot vectorise.
template<typename F>
void map(const double *x, double *y, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i)
        y[i] = f(x[i]);
}

// Floats go through a small double buffer, so that each of the three loops vectorises on its own (a loop that
// widens, computes and narrows at once often does not).
template<typename F>
void map(const float *x, float *y, std::size_t n, F f) {
    constexpr std::size_t kBlock = 256;
    double buffer[kBlock];
    for (std::size_t start = 0; start < n; start += kBlock) {
        const std::size_t m = n - start < kBlock ? n - start : kBlock;
        for (std::size_t i = 0; i < m; ++i)
            buffer[i] = static_cast<double>(x[start + i]);
        map(buffer, buffer, m, f);
        for (std::size_t i = 0; i < m; ++i)
            y[start + i] = static_cast<float>(buffer[i]);
    }
}

// NaN stays NaN, everything else becomes c: the f″ of a piecewise-linear function.
inline double constantOrNaN(double x, double c) {
    return x == x ? c : x;
}

template<typename T, typename F0, typename F1, typename F2>
bool orders(const T *x, T *y, std::size_t n, int order, F0 f0, F1 f1, F2 f2) {
    if (order == 0)
        map(x, y, n, f0);
    else if (order == 1)
        map(x, y, n, f1);
    else
        map(x, y, n, f2);
    return true;
}

} // namespace

template<typename T>
bool relu6(const T *x, T *y, std::size_t n, int order, const double *) {
    return orders(
        x, y, n, order, [](double v) { return v <= 0 ? 0.0 : (v >= 6.0 ? 6.0 : v); },
        [](double v) { return v <= 0 || v >= 6.0 ? 0.0 : (v == v ? 1.0 : v); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool leakyRelu(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double slope = p[0];
    return orders(
        x, y, n, order, [slope](double v) { return v > 0 ? v : slope * v; },
        [slope](double v) { return v > 0 ? 1.0 : (v <= 0 ? slope : v); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool rrelu(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double slope = 0.5 * (p[0] + p[1]);
    return leakyRelu(x, y, n, order, &slope);
}

template<typename T>
bool threshold(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double t = p[0], value = p[1];
    return orders(
        x, y, n, order, [t, value](double v) { return v > t ? v : (v <= t ? value : v); },
        [t](double v) { return v > t ? 1.0 : (v <= t ? 0.0 : v); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool hardswish(const T *x, T *y, std::size_t n, int order, const double *) {
    return orders(
        x, y, n, order, [](double v) { return v <= -3.0 ? 0.0 : (v >= 3.0 ? v : v * (v + 3.0) / 6.0); },
        [](double v) { return v <= -3.0 ? 0.0 : (v >= 3.0 ? 1.0 : (2.0 * v + 3.0) / 6.0); },
        [](double v) { return v <= -3.0 || v >= 3.0 ? 0.0 : constantOrNaN(v, 1.0 / 3.0); });
}

template<typename T>
bool hardsigmoid(const T *x, T *y, std::size_t n, int order, const double *) {
    return orders(
        x, y, n, order, [](double v) { return v <= -3.0 ? 0.0 : (v >= 3.0 ? 1.0 : (v + 3.0) / 6.0); },
        [](double v) { return v <= -3.0 || v >= 3.0 ? 0.0 : constantOrNaN(v, 1.0 / 6.0); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool hardtanh(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double lo = p[0], hi = p[1];
    return orders(
        x, y, n, order, [lo, hi](double v) { return v <= lo ? lo : (v >= hi ? hi : v); },
        [lo, hi](double v) { return v <= lo || v >= hi ? 0.0 : constantOrNaN(v, 1.0); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool softsign(const T *x, T *y, std::size_t n, int order, const double *) {
    return orders(
        x, y, n, order,
        [](double v) {
            const double d = 1.0 + std::fabs(v);
            return std::fabs(v) == INFINITY ? std::copysign(1.0, v) : v / d;
        },
        [](double v) {
            const double d = 1.0 + std::fabs(v);
            return 1.0 / d / d;
        },
        [](double v) {
            const double d = 1.0 + std::fabs(v);
            return -2.0 * std::copysign(1.0, v) / d / d / d;
        });
}

template<typename T>
bool softshrink(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double lambda = p[0];
    return orders(
        x, y, n, order,
        [lambda](double v) {
            return v > lambda ? v - lambda : (v < -lambda ? v + lambda : constantOrNaN(v, 0.0));
        },
        [lambda](double v) { return v > lambda || v < -lambda ? 1.0 : constantOrNaN(v, 0.0); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool hardshrink(const T *x, T *y, std::size_t n, int order, const double *p) {
    const double lambda = p[0];
    return orders(
        x, y, n, order, [lambda](double v) { return std::fabs(v) > lambda ? v : constantOrNaN(v, 0.0); },
        [lambda](double v) { return std::fabs(v) > lambda ? 1.0 : constantOrNaN(v, 0.0); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

template<typename T>
bool linear(const T *x, T *y, std::size_t n, int order, const double *) {
    return orders(
        x, y, n, order, [](double v) { return v; }, [](double v) { return constantOrNaN(v, 1.0); },
        [](double v) { return constantOrNaN(v, 0.0); });
}

#define GELULAB_INSTANTIATE(name)                                                                            \
    template bool name<float>(const float *, float *, std::size_t, int, const double *);                     \
    template bool name<double>(const double *, double *, std::size_t, int, const double *);
GELULAB_INSTANTIATE(relu6)
GELULAB_INSTANTIATE(leakyRelu)
GELULAB_INSTANTIATE(rrelu)
GELULAB_INSTANTIATE(threshold)
GELULAB_INSTANTIATE(hardswish)
GELULAB_INSTANTIATE(hardsigmoid)
GELULAB_INSTANTIATE(hardtanh)
GELULAB_INSTANTIATE(softsign)
GELULAB_INSTANTIATE(softshrink)
GELULAB_INSTANTIATE(hardshrink)
GELULAB_INSTANTIATE(linear)
#undef GELULAB_INSTANTIATE

} // namespace gelulab::kernels
