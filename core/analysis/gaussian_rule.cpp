#include "gaussian_rule.h"

#include "vector_kernels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr int kPoints = 16;   // Gauss–Legendre points per panel
constexpr double kReach = 10; // the rule covers z in [−kReach, kReach]

struct Legendre {
    std::array<double, kPoints> nodes{}; // on [−1, 1]
    std::array<double, kPoints> weights{};
};

// The nodes are the roots of P₁₆, found by Newton's method from Chebyshev-like guesses; the weights
// 2/((1 − x²)P′(x)²). Both to the last bit or two in double.
Legendre makeLegendre() {
    Legendre rule;
    for (int i = 0; i < kPoints; ++i) {
        double x = std::cos(std::numbers::pi * (i + 0.75) / (kPoints + 0.5));
        double derivative = 0.0;
        for (int iteration = 0; iteration < 100; ++iteration) {
            double p0 = 1.0, p1 = x;
            for (int k = 2; k <= kPoints; ++k) {
                const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            derivative = kPoints * (x * p1 - p0) / (x * x - 1.0);
            const double step = p1 / derivative;
            x -= step;
            if (std::abs(step) <= 1e-16) break;
        }
        rule.nodes[std::size_t(i)] = x;
        rule.weights[std::size_t(i)] = 2.0 / ((1.0 - x * x) * derivative * derivative);
    }
    return rule;
}

const Legendre &legendre() {
    static const Legendre rule = makeLegendre();
    return rule;
}

} // namespace

GaussianRule::GaussianRule(double mean, double sd, std::span<const double> breaks) {
    if (!std::isfinite(mean) || !std::isfinite(sd) || sd < 0.0)
        throw std::invalid_argument(
            "a normal's mean must be finite and its standard deviation finite and ≥ 0");
    if (sd == 0.0 || kReach * sd < std::abs(mean) * 1e-16) {
        m_nodes.push_back(mean);
        m_weights.push_back(1.0);
        return;
    }
    // Breaks in z: every unit, the breaks of g, and x = 0, ±2^k from 1/8 up to the edge of the rule.
    std::vector<double> cuts;
    for (int k = -int(kReach); k <= int(kReach); ++k)
        cuts.push_back(k);
    const auto addX = [&](double x) {
        const double z = (x - mean) / sd;
        if (z > -kReach && z < kReach) cuts.push_back(z);
    };
    for (double x : breaks)
        if (std::isfinite(x)) addX(x);
    addX(0.0);
    const double edge = std::abs(mean) + kReach * sd;
    for (double x = 0.125; x < 2.0 * edge; x *= 2.0) {
        addX(x);
        addX(-x);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    // Every node's z first, then the density at all of them in SIMD lanes (the exponentials were most of the
    // cost of a rule, and the Depth view builds thousands of rules at each change).
    const Legendre &rule = legendre();
    const double norm = 1.0 / std::sqrt(2.0 * std::numbers::pi);
    const std::size_t count = (cuts.size() - 1) * kPoints;
    m_nodes.resize(count);
    m_weights.resize(count);
    for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
        const double a = cuts[p], b = cuts[p + 1];
        const double half = 0.5 * (b - a), middle = 0.5 * (a + b);
        for (std::size_t i = 0; i < std::size_t(kPoints); ++i)
            m_weights[p * kPoints + i] = middle + half * rule.nodes[i]; // z, for now
    }
    for (std::size_t k = 0; k < count; ++k)
        m_nodes[k] = mean + sd * m_weights[k];
    kernels::gaussianBell(m_weights.data(), m_weights.data(), count);
    for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
        const double scale = 0.5 * (cuts[p + 1] - cuts[p]) * norm;
        for (std::size_t i = 0; i < std::size_t(kPoints); ++i)
            m_weights[p * kPoints + i] *= scale * rule.weights[i];
    }
}

} // namespace gelulab
