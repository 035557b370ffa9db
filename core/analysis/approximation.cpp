#include "approximation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace gelulab {

void checkGrid(double from, double to, int n) {
    if (n < 2 || !(from < to) || !std::isfinite(from) || !std::isfinite(to))
        throw std::invalid_argument("the grid needs at least 2 points and a finite range with from < to");
}

double gridPoint(double from, double to, int n, int i) {
    const double last = n - 1;
    // (from·(n−1−i) + to·i)/(n−1) rather than from + i·step: mirror points come out exactly mirrored, and the
    // end points exactly equal the bounds. Where from·(n−1) could overflow (a range near ±1e308), the same
    // with the weights divided first: from·((n−1−i)/(n−1)) + to·(i/(n−1)), as symmetric, never above the
    // larger bound in magnitude.
    if (std::max(std::abs(from), std::abs(to)) < std::numeric_limits<double>::max() / (4.0 * last))
        return (from * (last - i) + to * i) / last;
    return from * ((last - i) / last) + to * (i / last);
}

std::vector<double> uniformGrid(double from, double to, int n) {
    checkGrid(from, to, n);
    std::vector<double> x(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        x[static_cast<std::size_t>(i)] = gridPoint(from, to, n, i);
    return x;
}

ApproximationError approximationError(const ActivationInstance &approximation,
                                      const ActivationInstance &reference, double from, double to, int n,
                                      int order) {
    const std::vector<double> x = uniformGrid(from, to, n);
    std::vector<double> a(x.size()), r(x.size());
    approximation.evaluate(x, a, order);
    reference.evaluate(x, r, order);
    return approximationError(x, a, r);
}

ApproximationError approximationError(std::span<const double> x, std::span<const double> a,
                                      std::span<const double> r) {
    if (a.size() != x.size() || r.size() != x.size())
        throw std::invalid_argument("approximationError: the arrays differ in size");
    ApproximationError result;
    // Σe² kept as scale²·ssq (as BLAS's nrm2 does), so that errors of 1e-320 or 1e300 neither underflow nor
    // overflow when squared.
    double scale = 0.0, ssq = 1.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(r[i])) {
            ++result.nonFinitePoints;
            continue;
        }
        ++result.points;
        const double e = std::abs(a[i] - r[i]);
        if (e > 0.0) {
            if (scale < e) {
                ssq = 1.0 + ssq * (scale / e) * (scale / e);
                scale = e;
            } else {
                ssq += (e / scale) * (e / scale);
            }
        }
        // A tie between x and −x (an error even in x, up to rounding) reports the positive x.
        const bool tie = result.points > 1 && std::abs(e - result.maxAbsError) <= 1e-9 * result.maxAbsError &&
                         x[i] == -result.at && x[i] > 0;
        if (e > result.maxAbsError || tie) {
            result.maxAbsError = std::max(e, result.maxAbsError);
            result.at = x[i];
        }
        if (std::abs(r[i]) > 1e-300) result.maxRelError = std::max(result.maxRelError, e / std::abs(r[i]));
        if (r[i] != 0.0) {
            const double ulp = std::abs(r[i]) >= std::numeric_limits<double>::min()
                                   ? std::ldexp(1.0, std::ilogb(r[i]) - 52)
                                   : std::numeric_limits<double>::denorm_min();
            result.maxUlpError = std::max(result.maxUlpError, e / ulp);
        }
    }
    if (result.points > 0) {
        result.rmsError = scale * std::sqrt(ssq / result.points);
    } else { // nothing to measure: no number is the honest answer, not 0
        const double nan = std::numeric_limits<double>::quiet_NaN();
        result.maxAbsError = result.at = result.rmsError = result.maxRelError = result.maxUlpError = nan;
    }
    return result;
}

std::string describe(const ApproximationError &e) {
    if (e.points == 0)
        return "undefined: the approximation or the reference is not finite at any of the " +
               std::to_string(e.nonFinitePoints) + " points\n";
    char text[384];
    std::snprintf(text, sizeof text,
                  "max |error|     %.6g at x = %.10g\nrms error       %.6g\nmax rel. error  %.6g\nmax ulp "
                  "error   %.6g\n",
                  e.maxAbsError, e.at, e.rmsError, e.maxRelError, e.maxUlpError);
    std::string lines = text;
    if (e.nonFinitePoints > 0)
        lines += "not finite      at " + std::to_string(e.nonFinitePoints) + " of " +
                 std::to_string(e.points + e.nonFinitePoints) + " points (left out of the above)\n";
    return lines;
}

} // namespace gelulab
