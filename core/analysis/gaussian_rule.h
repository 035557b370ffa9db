#pragma once
// Expectations over a normal variable, E[g(m + s·z)] with z ~ N(0, 1), as the mean-field theory of depth
// needs them (docs/ARCHITECTURE.md, "Depth"): to 1e-12 or better for the activations of the registry, smooth
// or piecewise, at any variance from 1e-30 to 1e15.
//
// A composite 16-point Gauss–Legendre rule in z over [−10, 10] (the normal's mass beyond is 1.5e-23, and
// |g| growing like a polynomial does not change that). Panels are at most one unit of z wide, split at every
// break of g (where g or a derivative jumps: between breaks g is smooth, so each panel converges at
// Gauss–Legendre's geometric rate) and graded geometrically towards x = 0, where activations bend on a scale
// of about 1 however wide the normal is. A plain Gauss–Hermite rule would need g to be a polynomial of low
// degree over the normal's bulk, which neither a kink nor a bend of width 1/√q inside a wide normal is.

#include <span>
#include <vector>

namespace gelulab {

class GaussianRule {
public:
    // The rule for N(mean, sd²); breaks are the x where g is not smooth (any order, outside the normal's bulk
    // is fine). sd = 0 gives the single node x = mean. sd must be finite and ≥ 0, mean finite.
    GaussianRule(double mean, double sd, std::span<const double> breaks = {});

    std::span<const double> nodes() const { return m_nodes; }
    std::span<const double> weights() const { return m_weights; }

    // Σ wᵢ g(xᵢ) ≈ E[g(mean + sd·z)].
    template<typename G>
    double expectation(G &&g) const {
        double sum = 0.0;
        for (std::size_t i = 0; i < m_nodes.size(); ++i)
            sum += m_weights[i] * g(m_nodes[i]);
        return sum;
    }

private:
    std::vector<double> m_nodes;
    std::vector<double> m_weights;
};

} // namespace gelulab
