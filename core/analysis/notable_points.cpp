#include "notable_points.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr int kGrid = 4000;

// Bisection on g = f^(order) over [a, b] with g(a)·g(b) < 0, down to 1e-12 or to adjacent doubles.
double refine(const ActivationInstance &f, int order, double a, double b) {
    double ga = f(a, order);
    if (ga == 0.0) return a;
    for (int i = 0; i < 200 && b - a > 1e-13 * std::max(1.0, std::abs(a)); ++i) {
        const double m = 0.5 * (a + b);
        if (m <= a || m >= b) break;
        const double gm = f(m, order);
        if (gm == 0.0) return m;
        if ((gm < 0) == (ga < 0)) {
            a = m;
            ga = gm;
        } else {
            b = m;
        }
    }
    return 0.5 * (a + b);
}

} // namespace

std::vector<NotablePoint> notablePoints(const ActivationInstance &f, double from, double to, int curve) {
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        throw std::invalid_argument("notable points need a finite range with from < to");
    if (curve < 0 || curve > 1) throw std::invalid_argument("notable points of f or f′ only");
    const std::vector<double> kinks = f.kinkPoints();
    auto straddlesKink = [&kinks](double a, double b) {
        return std::any_of(kinks.begin(), kinks.end(), [a, b](double k) { return k >= a && k <= b; });
    };
    std::vector<NotablePoint> points;
    for (int order = curve + 1; order <= 2; ++order) {
        // The last grid point where the derivative was nonzero: a zero that falls exactly on the grid is then
        // bracketed by its neighbours.
        double last = from;
        double lastValue = f(from, order);
        for (int i = 1; i <= kGrid; ++i) {
            const double b = from + (to - from) * i / kGrid;
            const double gb = f(b, order);
            if (gb == 0.0 || !std::isfinite(gb)) continue;
            const bool change = (lastValue < 0 && gb > 0) || (lastValue > 0 && gb < 0);
            if (change && !straddlesKink(last, b)) {
                const double x = refine(f, order, last, b);
                NotablePoint p{NotablePoint::Kind::Inflection, x, f(x, curve)};
                if (order == curve + 1)
                    p.kind = lastValue < 0 ? NotablePoint::Kind::Minimum : NotablePoint::Kind::Maximum;
                points.push_back(p);
            }
            last = b;
            lastValue = gb;
        }
    }
    std::sort(points.begin(), points.end(),
              [](const NotablePoint &p, const NotablePoint &q) { return p.x < q.x; });
    return points;
}

} // namespace gelulab
