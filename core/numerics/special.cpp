#include "special.h"

#include <cmath>
#include <limits>

namespace gelulab::special {
namespace {

// 1/√2 and 1/√(2π) as double-doubles (hi = the nearest double, lo = the rest).
constexpr double kInvSqrt2Hi = 0.7071067811865476;
constexpr double kInvSqrt2Lo = -4.833646656726457e-17;
constexpr double kInvSqrt2PiHi = 0.3989422804014327;
constexpr double kInvSqrt2PiLo = -2.49232720227773e-17;
constexpr double kTwoOverSqrtPi = 1.1283791670955126;

} // namespace

DoubleDouble twoProduct(double a, double b) {
    const double p = a * b;
    return {p, std::fma(a, b, -p)};
}

DoubleDouble twoSum(double a, double b) {
    const double s = a + b;
    const double bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

double millsDenominator(double t) {
    // Backward evaluation of the continued fraction: 16 terms give < 1e-19 relative error for t ≥ 10, and
    // every step adds positive terms, so rounding errors do not grow.
    double d = t;
    for (int k = 16; k >= 1; --k)
        d = t + k / d;
    return d;
}

double millsRatio(double t) {
    return 1.0 / millsDenominator(t);
}

double scaledNormalPdf(double c, DoubleDouble z) {
    if (std::isnan(z.hi) || std::isnan(c)) return std::numeric_limits<double>::quiet_NaN();
    if (std::abs(z.hi) > 80.0) // φ(80) ≈ 1e-1390: zero times any finite c
        return std::isinf(c) ? 0.0 : 0.0 * c;
    // z² exactly as q.hi + q.lo, plus the cross term of z.lo.
    DoubleDouble q = twoProduct(z.hi, z.hi);
    q.lo += 2.0 * z.hi * z.lo;
    // c/√(2π)·exp(−q.lo/2) rounded once: (hi + lo)(1 + ε) = hi + (hi·ε + lo) with ε = −q.lo/2 (|ε| < 2e-12),
    // the small terms summed first.
    const DoubleDouble ck = twoProduct(c, kInvSqrt2PiHi);
    const double cScaled = ck.hi + std::fma(ck.hi, -0.5 * q.lo, ck.lo + c * kInvSqrt2PiLo);
    // exp(−q.hi/2) is a normal double up to |z| = 37.6 (q.hi/2 exact), and the product rounds once. Beyond,
    // it is exp(−q.hi/4)², each factor above 1e-160 up to |z| = 38, so that the result rounds once into its
    // final (possibly small) value instead of passing through a subnormal intermediate; and beyond 38 four
    // factors of exp(−q.hi/8) serve a huge c (a tiny σ in gelu_general).
    if (std::abs(z.hi) <= 37.6) return cScaled * std::exp(-0.5 * q.hi);
    if (std::abs(z.hi) <= 38.0) {
        const double e = std::exp(-0.25 * q.hi);
        return (cScaled * e) * e;
    }
    const double e = std::exp(-0.125 * q.hi);
    if (e == 0.0 || std::isinf(cScaled)) return std::isinf(cScaled) ? std::copysign(0.0, c) : 0.0 * c;
    return (((cScaled * e) * e) * e) * e;
}

double normalPdf(double x) {
    return scaledNormalPdf(1.0, {x, 0.0});
}

double normalCdf(DoubleDouble z) {
    if (std::isnan(z.hi)) return z.hi;
    if (z.hi < kMillsThreshold) return scaledNormalPdf(millsRatio(-z.hi), z);
    if (z.hi > 9.0) // Φ(9) = 1 − 1.1e-19: the correction below cannot matter, and ±inf stay out of it
        return 0.5 * std::erfc(-z.hi * kInvSqrt2Hi);
    // t = −z/√2 as a double-double; erfc(t.hi + t.lo) = erfc(t.hi) − (2/√π)·exp(−t.hi²)·t.lo + O(t.lo²).
    DoubleDouble t = twoProduct(-z.hi, kInvSqrt2Hi);
    t.lo += -z.hi * kInvSqrt2Lo - z.lo * kInvSqrt2Hi;
    // z ≥ −10 here, so t ≤ 7.1 and exp(−t²) stays far from underflow.
    const double slope = kTwoOverSqrtPi * std::exp(-t.hi * t.hi); // −d erfc/dt at t.hi
    return 0.5 * (std::erfc(t.hi) - slope * t.lo);
}

double normalCdf(double x) {
    return normalCdf(DoubleDouble{x, 0.0});
}

} // namespace gelulab::special
