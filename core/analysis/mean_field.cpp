#include "mean_field.h"

#include "gaussian_rule.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr double kQMax = 1e15;          // no crossing below this: the variance grows without bound
constexpr double kQTiny = 1e-20;        // where χ is taken for the limit q → 0
constexpr double kNeutral = 1e-12;      // |V(q)/q − 1| below this near 0: the map is the identity there
constexpr double kChi1Closeness = 1e-6; // a lost fixed point with χ₁ this close to 1 is the χ₁ boundary
constexpr double kCrossing = 1e-12;     // V(q) − q below −kCrossing·q: a crossing, not rounding
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// Brent's root finder on [a, b] with f(a), f(b) of opposite signs (or one of them 0).
template<typename F>
double brentRoot(F &&f, double a, double b, double fa, double fb) {
    if (fa == 0.0) return a;
    if (fb == 0.0) return b;
    double c = a, fc = fa, d = b - a, e = d;
    for (int iteration = 0; iteration < 200; ++iteration) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (std::abs(fc) < std::abs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        const double tolerance = 4.0 * std::numeric_limits<double>::epsilon() * std::abs(b) + 1e-300;
        const double middle = 0.5 * (c - b);
        if (std::abs(middle) <= tolerance || fb == 0.0) return b;
        if (std::abs(e) >= tolerance && std::abs(fa) > std::abs(fb)) {
            double p, q;
            const double s = fb / fa;
            if (a == c) {
                p = 2.0 * middle * s;
                q = 1.0 - s;
            } else {
                const double r = fb / fc, t = fa / fc;
                p = s * (2.0 * middle * t * (t - r) - (b - a) * (r - 1.0));
                q = (t - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if (p > 0) q = -q;
            p = std::abs(p);
            if (2.0 * p < std::min(3.0 * middle * q - std::abs(tolerance * q), std::abs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = middle;
                e = d;
            }
        } else {
            d = middle;
            e = d;
        }
        a = b;
        fa = fb;
        b += std::abs(d) > tolerance ? d : (middle > 0 ? tolerance : -tolerance);
        fb = f(b);
    }
    return b;
}

// Golden-section search for a point of [a, b] where f ≤ 0, assuming f has one minimum there. Returns that
// point, or nothing when the minimum is above 0.
template<typename F>
std::optional<double> dipBelowZero(F &&f, double a, double b) {
    const double ratio = 0.5 * (3.0 - std::sqrt(5.0));
    double x1 = a + ratio * (b - a), x2 = b - ratio * (b - a);
    double f1 = f(x1), f2 = f(x2);
    for (int iteration = 0; iteration < 80 && b - a > 1e-13 * b; ++iteration) {
        if (f1 <= 0.0) return x1;
        if (f2 <= 0.0) return x2;
        if (f1 < f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = a + ratio * (b - a);
            f1 = f(x1);
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = b - ratio * (b - a);
            f2 = f(x2);
        }
    }
    if (f1 <= 0.0) return x1;
    if (f2 <= 0.0) return x2;
    return std::nullopt;
}

} // namespace

void MeanFieldFunction::evaluateAll(std::span<const double> x, std::span<double> out, int order) const {
    if (evaluateMany) {
        evaluateMany(x, out, order);
        return;
    }
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = evaluate(x[i], order);
}

MeanFieldFunction MeanFieldFunction::of(const ActivationInstance &activation) {
    return {[activation](double x, int order) { return activation(x, order); }, activation.kinkPoints(),
            [activation](std::span<const double> x, std::span<double> out, int order) {
                activation.evaluate(x, out, order);
            }};
}

namespace {

// φ (order 0) or φ′ (order 1) at every node of a rule at once, into a buffer of the calling thread's.
std::span<const double> valuesAt(const MeanFieldFunction &phi, const GaussianRule &rule, int order,
                                 int slot) {
    thread_local std::vector<double> buffers[2];
    std::vector<double> &values = buffers[slot];
    values.resize(rule.nodes().size());
    phi.evaluateAll(rule.nodes(), values, order);
    return values;
}

double weightedSum(const GaussianRule &rule, std::span<const double> values, bool squared) {
    double sum = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i)
        sum += rule.weights()[i] * (squared ? values[i] * values[i] : values[i]);
    return sum;
}

} // namespace

MeanField::MeanField(MeanFieldFunction phi, double sigmaW2, double sigmaB2)
    : m_phi(std::move(phi))
    , m_sigmaW2(sigmaW2)
    , m_sigmaB2(sigmaB2) {
    if (!std::isfinite(sigmaW2) || sigmaW2 < 0.0)
        throw std::invalid_argument("σ_w² must be a finite number ≥ 0");
    if (!std::isfinite(sigmaB2) || sigmaB2 < 0.0)
        throw std::invalid_argument("σ_b² must be a finite number ≥ 0");
}

double MeanField::qMap(double q) const {
    if (!(q >= 0.0) || !std::isfinite(q)) return q > 0.0 ? kInf : kNaN;
    const GaussianRule rule(0.0, std::sqrt(q), m_phi.kinks);
    return m_sigmaW2 * weightedSum(rule, valuesAt(m_phi, rule, 0, 0), true) + m_sigmaB2;
}

double MeanField::chi(double q) const {
    if (!(q >= 0.0) || !std::isfinite(q)) return kNaN;
    const GaussianRule rule(0.0, std::sqrt(q), m_phi.kinks);
    return m_sigmaW2 * weightedSum(rule, valuesAt(m_phi, rule, 1, 0), true);
}

double MeanField::expectationOfProduct(int order, double c, double q) const {
    c = std::clamp(c, -1.0, 1.0);
    const double sd = std::sqrt(q);
    const double spread = sd * std::sqrt((1.0 - c) * (1.0 + c));
    const GaussianRule outer(0.0, sd, m_phi.kinks);
    const std::span<const double> y1 = valuesAt(m_phi, outer, order, 0);
    double sum = 0.0;
    for (std::size_t i = 0; i < outer.nodes().size(); ++i) {
        if (y1[i] == 0.0) continue;
        const GaussianRule inner(c * outer.nodes()[i], spread, m_phi.kinks);
        sum += outer.weights()[i] * y1[i] * weightedSum(inner, valuesAt(m_phi, inner, order, 1), false);
    }
    return sum;
}

double MeanField::cMap(double c, double q) const {
    return (m_sigmaW2 * expectationOfProduct(0, c, q) + m_sigmaB2) / q;
}

double MeanField::cMapSlope(double c, double q) const {
    return m_sigmaW2 * expectationOfProduct(1, c, q);
}

VarianceFixedPoint MeanField::fixedPoint(double q0) const {
    const auto gap = [&](double q) { return qMap(q) - q; };
    const double atZero = qMap(0.0);
    double start;
    if (atZero > 0.0) {
        start = atZero * 0.5;
        const double g = gap(start);
        if (g <= 0.0) return {DepthFate::FixedPoint, brentRoot(gap, 0.0, start, atZero, g)};
    } else {
        start = 1e-14;
        const double ratio = qMap(start) / start;
        if (ratio < 1.0 - kNeutral) return {DepthFate::Vanishes, 0.0};
        if (ratio <= 1.0 + kNeutral) {
            // The identity near 0: where it stays the identity every q is kept.
            const double g = gap(q0);
            if (std::abs(g) <= kNeutral * q0) return {DepthFate::FixedPoint, q0};
            if (g < 0.0) return {DepthFate::Vanishes, 0.0};
        }
    }
    return crossingAbove(start, gap(start));
}

VarianceFixedPoint MeanField::crossingAbove(double start, double gStart) const {
    const auto gap = [&](double q) { return qMap(q) - q; };
    const double step = 2.0;
    double q1 = start, g1 = gStart;
    double q2 = kNaN, g2 = kNaN; // the sample before q1
    for (double q = start * step; q <= kQMax; q *= step) {
        const double g = gap(q);
        if (!std::isfinite(g)) break;
        // A crossing only where V(q) lies clearly below the identity: a map that approaches it from above
        // (ReLU at σ_w² = 2 with a bias: V(q) − q = σ_b²) loses the gap in the rounding of q itself.
        if (g < -kCrossing * q) return {DepthFate::FixedPoint, brentRoot(gap, q1, q, g1, g)};
        // q1 is the lowest of three samples: V(q) − q may dip below 0 between them.
        if (std::isfinite(g2) && g1 < g2 && g1 < g) {
            const auto clearGap = [&](double x) { return gap(x) + kCrossing * x; };
            if (const std::optional<double> dip = dipBelowZero(clearGap, q2, q)) {
                const double gd = gap(*dip);
                return {DepthFate::FixedPoint, brentRoot(gap, q2, *dip, g2, gd)};
            }
        }
        q2 = q1;
        g2 = g1;
        q1 = q;
        g1 = g;
    }
    return {DepthFate::Grows, kInf};
}

VarianceFixedPoint MeanField::fixedPointFrom(double q0) const {
    if (!(q0 > 0.0) || !std::isfinite(q0)) return fixedPoint(q0);
    const auto gap = [&](double q) { return qMap(q) - q; };
    const double g0 = gap(q0);
    if (std::abs(g0) <= kCrossing * q0) return {DepthFate::FixedPoint, q0};
    if (g0 > 0.0) return crossingAbove(q0, g0); // up, as fixedPoint scans
    // Down: the first point at or above the identity, in halvings, then Brent.
    double hi = q0, ghi = g0;
    for (double q = 0.5 * q0; q >= 1e-300; q *= 0.5) {
        const double g = gap(q);
        if (g >= 0.0) return {DepthFate::FixedPoint, brentRoot(gap, q, hi, g, ghi)};
        if (q < kQTiny && qMap(0.0) == 0.0) break; // the map below the identity down to 0
        hi = q;
        ghi = g;
    }
    return {DepthFate::Vanishes, 0.0};
}

double MeanField::correlationFixedPoint(double q) const {
    if (chi(q) <= 1.0) return 1.0;
    const auto gap = [&](double c) { return cMap(c, q) - c; };
    const double atZero = gap(0.0);
    // C(0) ≥ 0; at 0 (odd φ at σ_b² = 0, up to the rounding of E[φ]² ≈ 1e-35) 0 is the fixed point.
    if (atZero <= 1e-15) return 0.0;
    // Just below 1 the map lies below the identity (its slope there is χ₁ > 1).
    for (double below = 1e-2; below >= 1e-8; below *= 0.1) {
        const double g = gap(1.0 - below);
        if (g < 0.0) return brentRoot(gap, 0.0, 1.0 - below, atZero, g);
    }
    return 1.0; // χ₁ so close to 1 that c* cannot be told from 1
}

double MeanField::chiAt(const VarianceFixedPoint &point) const {
    switch (point.fate) {
    case DepthFate::Grows:
        return kNaN;
    case DepthFate::Vanishes:
        return chi(kQTiny);
    case DepthFate::FixedPoint:
        break;
    }
    return chi(point.q);
}

MeanFieldSummary MeanField::summary(double q0) const {
    MeanFieldSummary s = varianceSummary(q0);
    addCorrelation(s);
    return s;
}

MeanFieldSummary MeanField::varianceSummary(double q0) const {
    MeanFieldSummary s;
    s.fixedPoint = fixedPoint(q0);
    s.fromQ0 = fixedPointFrom(q0);
    s.chi1 = chiAt(s.fixedPoint);
    s.cStar = s.slopeAtCStar = s.depthScale = kNaN;
    return s;
}

void MeanField::addCorrelation(MeanFieldSummary &s) const {
    if (s.fixedPoint.fate != DepthFate::FixedPoint) return;
    const double q = s.fixedPoint.q;
    s.cStar = correlationFixedPoint(q);
    s.slopeAtCStar = s.cStar == 1.0 ? s.chi1 : cMapSlope(s.cStar, q);
    s.depthScale = s.slopeAtCStar >= 1.0 ? kInf : -1.0 / std::log(s.slopeAtCStar);
}

std::vector<double> MeanField::varianceSeries(double q0, int layers) const {
    std::vector<double> q{q0};
    for (int l = 1; l <= layers; ++l) {
        const double next = q.back() > 1e300 ? kInf : qMap(q.back());
        q.push_back(next);
    }
    return q;
}

std::vector<double> MeanField::correlationSeries(double q0, double c0, int layers) const {
    const std::vector<double> q = varianceSeries(q0, layers);
    std::vector<double> c{c0};
    for (int l = 1; l <= layers; ++l) {
        if (!std::isfinite(q[std::size_t(l)]) || !(q[std::size_t(l)] > 0.0)) {
            c.push_back(kNaN);
            continue;
        }
        const double product =
            m_sigmaW2 * expectationOfProduct(0, c.back(), q[std::size_t(l) - 1]) + m_sigmaB2;
        c.push_back(std::clamp(product / q[std::size_t(l)], -1.0, 1.0));
    }
    return c;
}

std::vector<double> MeanField::gradientNormSeries(const std::vector<double> &q) const {
    std::vector<double> norm(q.size(), 1.0);
    if (q.empty()) return norm;
    for (std::size_t l = q.size() - 1; l-- > 0;)
        norm[l] = norm[l + 1] * std::sqrt(chi(q[l]));
    return norm;
}

std::optional<CriticalPoint> criticalSigmaW2(const MeanFieldFunction &phi, double sigmaB2, double maxSigmaW2,
                                             double relativeTolerance) {
    struct State {
        DepthFate fate;
        double chi1;
    };
    const auto stateAt = [&](double sigmaW2) {
        const MeanField field(phi, sigmaW2, sigmaB2);
        const VarianceFixedPoint point = field.fixedPoint();
        return State{point.fate, field.chiAt(point)};
    };
    const auto ordered = [](const State &s) { return s.fate != DepthFate::Grows && s.chi1 < 1.0; };
    double lo = 0.0, hi = 0.0;
    State loState{DepthFate::Vanishes, 0.0}, hiState = loState;
    for (double w = std::ldexp(1.0, -20);; w *= 2.0) {
        w = std::min(w, maxSigmaW2);
        const State s = stateAt(w);
        if (!ordered(s)) {
            hi = w;
            hiState = s;
            break;
        }
        lo = w;
        loState = s;
        if (w >= maxSigmaW2) return std::nullopt;
    }
    for (;;) {
        const double middle = 0.5 * (lo + hi);
        if (middle <= lo || middle >= hi) break; // to the last bit
        if (hi - lo <= relativeTolerance * hi) break;
        const State s = stateAt(middle);
        if (ordered(s)) {
            lo = middle;
            loState = s;
        } else {
            hi = middle;
            hiState = s;
        }
    }
    // Stopped short of the last bit, χ₁ below a χ₁ boundary is that much further from 1.
    const double closeness = std::max(kChi1Closeness, 10.0 * relativeTolerance);
    const bool lost = hiState.fate == DepthFate::Grows && loState.chi1 < 1.0 - closeness;
    return CriticalPoint{0.5 * (lo + hi), lost ? DepthBoundary::FixedPointLost : DepthBoundary::Chi1};
}

} // namespace gelulab
