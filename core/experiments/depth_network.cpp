#include "depth_network.h"

#include "random.h"

#include <cmath>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr std::uint64_t kInputStream = 20;
constexpr std::uint64_t kGradientStream = 21;
constexpr std::uint64_t kFirstLayerStream = 100;

double meanSquare(const std::vector<double> &v) {
    double sum = 0.0;
    for (double x : v)
        sum += x * x;
    return sum / double(v.size());
}

double dot(const std::vector<double> &a, const std::vector<double> &b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        sum += a[i] * b[i];
    return sum;
}

double correlation(const std::vector<double> &a, const std::vector<double> &b) {
    const double norms = std::sqrt(dot(a, a) * dot(b, b));
    return norms > 0.0 ? dot(a, b) / norms : std::nan("");
}

} // namespace

std::string depthNetworkProblem(const DepthNetworkSettings &s) {
    if (!std::isfinite(s.sigmaW2) || s.sigmaW2 < 0.0) return "σ_w² must be a finite number ≥ 0";
    if (!std::isfinite(s.sigmaB2) || s.sigmaB2 < 0.0) return "σ_b² must be a finite number ≥ 0";
    if (!std::isfinite(s.q0) || s.q0 <= 0.0) return "the inputs' variance q₀ must be a finite number > 0";
    if (!std::isfinite(s.c0) || s.c0 < -1.0 || s.c0 > 1.0)
        return "the inputs' correlation c₀ must be in [−1, 1]";
    if (s.layers < 1 || s.layers > kMaxDepthLayers)
        return "the number of layers must be from 1 to " + std::to_string(kMaxDepthLayers);
    if (s.width < 1 || s.width > kMaxDepthWidth)
        return "the width must be from 1 to " + std::to_string(kMaxDepthWidth);
    return {};
}

DepthNetworkResult simulateDepthNetwork(const ActivationInstance &activation, const DepthNetworkSettings &s,
                                        const std::atomic<bool> *cancel) {
    if (const std::string problem = depthNetworkProblem(s); !problem.empty())
        throw std::invalid_argument(problem);
    const std::size_t n = std::size_t(s.width);
    const double weightSd = std::sqrt(s.sigmaW2 / double(n)), biasSd = std::sqrt(s.sigmaB2);

    // The two inputs, correlated c0: h₁ = √q0 z₁, h₂ = √q0 (c0 z₁ + √(1 − c0²) z₂).
    std::vector<double> h1(n), h2(n);
    {
        RandomEngine engine = streamEngine(s.seed, kInputStream);
        const double sd = std::sqrt(s.q0), other = std::sqrt((1.0 - s.c0) * (1.0 + s.c0));
        for (std::size_t i = 0; i < n; ++i) {
            const double z1 = normal(engine), z2 = normal(engine);
            h1[i] = sd * z1;
            h2[i] = sd * (s.c0 * z1 + other * z2);
        }
    }
    DepthNetworkResult result;
    std::vector<std::vector<double>> kept; // h^l of the first input, for the gradient
    const auto record = [&] {
        result.q.push_back(0.5 * (meanSquare(h1) + meanSquare(h2)));
        result.c.push_back(correlation(h1, h2));
        result.preactivations.emplace_back(h1.begin(), h1.end());
        kept.push_back(h1);
    };
    record();

    // Forward: row i of W^l and b^l_i drawn in order from layer l's stream; the backward pass draws them
    // again.
    std::vector<double> a1(n), a2(n), row(n);
    for (int l = 1; l <= s.layers; ++l) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return result;
        activation.evaluate(h1, a1);
        activation.evaluate(h2, a2);
        RandomEngine engine = streamEngine(s.seed, kFirstLayerStream + std::uint64_t(l));
        for (std::size_t i = 0; i < n; ++i) {
            fillNormal(row, engine, weightSd);
            h1[i] = dot(row, a1);
            h2[i] = dot(row, a2);
        }
        fillNormal(row, engine, biasSd);
        for (std::size_t i = 0; i < n; ++i) {
            h1[i] += row[i];
            h2[i] += row[i];
        }
        record();
    }

    // Backward: δ^L ~ N(0, 1); δ^{l−1} = φ′(h^{l−1}) ⊙ W^lᵀ δ^l, W^l's rows drawn again in the same order.
    const std::size_t layers = std::size_t(s.layers);
    std::vector<double> norms(layers + 1);
    std::vector<double> delta(n), below(n), slope(n);
    {
        RandomEngine engine = streamEngine(s.seed, kGradientStream);
        fillNormal(delta, engine);
    }
    norms[layers] = std::sqrt(dot(delta, delta));
    for (std::size_t l = layers; l >= 1; --l) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return result;
        RandomEngine engine = streamEngine(s.seed, kFirstLayerStream + l);
        std::fill(below.begin(), below.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            fillNormal(row, engine, weightSd);
            const double d = delta[i];
            for (std::size_t j = 0; j < n; ++j)
                below[j] += row[j] * d;
        }
        activation.evaluate(kept[l - 1], slope, 1);
        for (std::size_t j = 0; j < n; ++j)
            delta[j] = slope[j] * below[j];
        norms[l - 1] = std::sqrt(dot(delta, delta));
    }
    result.gradNorm.resize(layers + 1);
    for (std::size_t l = 0; l <= layers; ++l)
        result.gradNorm[l] = norms[l] / norms[layers];
    return result;
}

} // namespace gelulab
