#pragma once
// How a signal travels through a deep network at initialisation: the mean-field theory of Poole et al. (2016)
// and Schoenholz et al. (2017) for any activation φ (docs/ARCHITECTURE.md, "Depth").
//
// With weights W ~ N(0, σ_w²/N) and biases b ~ N(0, σ_b²), the variance of a layer's pre-activations follows
// the q-map
//     q_l = V(q_{l−1}) = σ_w² E[φ(√q_{l−1} z)²] + σ_b²,          z ~ N(0, 1),
// the mean squared gradient shrinks or grows by χ(q) = σ_w² E[φ′(√q z)²] a layer, and two inputs' correlation
// follows the c-map
//     c_l = C(c_{l−1}) = (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q,   u₁ = √q z₁, u₂ = √q (c z₁ + √(1 − c²) z₂),
// whose slope σ_w² E[φ′(u₁)φ′(u₂)] at its stable fixed point c* sets the depth scale ξ_c = −1/ln C′(c*) over
// which correlations are forgotten (at c* = 1, C′(1) = χ₁ = χ(q*)).

#include "activation.h"
#include "id_table.h"

#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace gelulab {

// What becomes of the variance of inputs of small variance, layer after layer.
enum class DepthFate {
    FixedPoint, // it settles to q* > 0
    Grows,      // the map stays above the identity: q grows without bound
    Vanishes,   // σ_b² = 0, φ(0) = 0 and the map below the identity near 0: q → 0
};
template<>
struct EnumIds<DepthFate> {
    static constexpr std::array rows{IdRow{DepthFate::FixedPoint, "fixed_point"},
                                     IdRow{DepthFate::Grows, "grows"},
                                     IdRow{DepthFate::Vanishes, "vanishes"}};
};

// Which edge of the ordered phase a critical σ_w² is.
enum class DepthBoundary {
    Chi1,           // χ₁ at q* reaches 1: gradients stop vanishing and start exploding (order → chaos)
    FixedPointLost, // q* ceases to exist while χ₁ < 1: the variance runs away first
};
template<>
struct EnumIds<DepthBoundary> {
    static constexpr std::array rows{IdRow{DepthBoundary::Chi1, "chi1"},
                                     IdRow{DepthBoundary::FixedPointLost, "fixed_point_lost"}};
};

// φ and φ′ with the x where either is not smooth: what the expectations need of an activation.
struct MeanFieldFunction {
    std::function<double(double x, int order)> evaluate; // order 0 or 1
    std::vector<double> kinks;
    // The same at many x at once (a registry row's array kernel); when empty, evaluate in a loop.
    std::function<void(std::span<const double> x, std::span<double> out, int order)> evaluateMany{};

    void evaluateAll(std::span<const double> x, std::span<double> out, int order) const;
    static MeanFieldFunction of(const ActivationInstance &activation);
};

// The fixed point of the q-map that inputs of small variance settle to.
struct VarianceFixedPoint {
    DepthFate fate = DepthFate::FixedPoint;
    double q = 0.0; // q* for FixedPoint, 0 for Vanishes, +inf for Grows
};

// Everything the read-outs show at one (σ_w², σ_b²).
struct MeanFieldSummary {
    VarianceFixedPoint fixedPoint;
    VarianceFixedPoint fromQ0; // where inputs of the given q0 end up (fixedPointFrom)
    double chi1 = 0.0;         // χ(q*) (the limit q → 0 when q vanishes); NaN when q grows
    double cStar = 1.0;      // the stable fixed point of the c-map (1 in the ordered phase); NaN when q grows
    double slopeAtCStar = 0; // C′(c*), = χ₁ when c* = 1
    double depthScale = 0;   // ξ_c = −1/ln C′(c*): +inf at C′(c*) = 1; NaN unless q settles to q* > 0
};

class MeanField {
public:
    // Throws std::invalid_argument for σ_w² or σ_b² negative or not finite.
    MeanField(MeanFieldFunction phi, double sigmaW2, double sigmaB2);

    double sigmaW2() const { return m_sigmaW2; }
    double sigmaB2() const { return m_sigmaB2; }

    // V(q) = σ_w² E[φ(√q z)²] + σ_b², for q ≥ 0.
    double qMap(double q) const;
    // χ(q) = σ_w² E[φ′(√q z)²]: the factor by which a layer multiplies the mean squared gradient.
    double chi(double q) const;
    // C(c) at variance q, for c in [−1, 1].
    double cMap(double c, double q) const;
    // C′(c) = σ_w² E[φ′(u₁)φ′(u₂)] at variance q.
    double cMapSlope(double c, double q) const;

    // The smallest positive fixed point of V, the one inputs of small variance settle to (the attracting
    // one), by a scan of V(q) − q over q on a grid of doublings from V(0)/2 (or 1e-14 when V(0) = 0) up to
    // 1e15, each dip of V(q) − q between samples searched for a crossing, and Brent's method in the first
    // bracket. No crossing below 1e15 is Grows; σ_b² = 0, φ(0) = 0 and V(q) < q near 0 is Vanishes. A map
    // that is the identity (linear φ at σ_w² = 1, ReLU at 2, σ_b² = 0) keeps every q: a FixedPoint at q0.
    VarianceFixedPoint fixedPoint(double q0 = 1.0) const;
    // Where inputs of variance q0 end up, which need not be q*: an increasing map carries q0 monotonically to
    // the nearest crossing of the identity in the direction of V(q0) − q0 — up to the first crossing above q0
    // (Grows when there is none below 1e15), down to the last crossing below it (Vanishes when σ_b² = 0 takes
    // q to 0). GELU at σ_w² = 3, σ_b² = 0 sends small inputs to 0 and inputs of variance 1 to infinity.
    VarianceFixedPoint fixedPointFrom(double q0) const;
    // The stable fixed point c* of the c-map at variance q: 1 when χ(q) ≤ 1, otherwise the crossing below 1.
    double correlationFixedPoint(double q) const;
    // χ₁ where the variance ends up: χ(q*), the limit q → 0 when it vanishes, NaN when it grows.
    double chiAt(const VarianceFixedPoint &point) const;
    MeanFieldSummary summary(double q0 = 1.0) const;
    // The summary in two steps, as the Depth view shows it: the variance's numbers first (q*, the fates, χ₁;
    // the correlation's left NaN), then the correlation's (c*, C′(c*), ξ_c), which take two-dimensional
    // expectations and cost up to a hundred times more.
    MeanFieldSummary varianceSummary(double q0 = 1.0) const;
    void addCorrelation(MeanFieldSummary &summary) const;

    // q_0 = q0, q_l = V(q_{l−1}) for l = 1 … layers (stops at +inf if it gets there).
    std::vector<double> varianceSeries(double q0, int layers) const;
    // Two inputs of variance q0 and correlation c0: c_0 = c0, c_l = C(c_{l−1}) at the variance q_{l−1} of the
    // series above, scaled by q_{l−1}/q_l so that it is a correlation again.
    std::vector<double> correlationSeries(double q0, double c0, int layers) const;
    // The gradient's norm at each layer relative to the last, as the theory predicts it along a variance
    // series q_0 … q_L: ‖δ^l‖/‖δ^L‖ = √(χ(q_l) · … · χ(q_{L−1})) (1 at l = L; +inf or 0 once it overflows).
    std::vector<double> gradientNormSeries(const std::vector<double> &q) const;

private:
    double expectationOfProduct(int order, double c, double q) const;
    // The first crossing of the identity above start (where V(q) − q = gStart > 0): a scan of doublings up to
    // 1e15, each dip between samples searched, then Brent; Grows when there is none.
    VarianceFixedPoint crossingAbove(double start, double gStart) const;

    MeanFieldFunction m_phi;
    double m_sigmaW2;
    double m_sigmaB2;
};

struct CriticalPoint {
    double sigmaW2 = 0.0;
    DepthBoundary boundary = DepthBoundary::Chi1;
};
// The smallest σ_w² at the given σ_b² where the ordered phase ends: χ₁ at q* reaches 1 (Chi1) or q* ceases to
// exist (FixedPointLost) — whichever comes first, found by bisection to the last bit of σ_w² in (0,
// maxSigmaW2]. Nothing when the phase is ordered up to maxSigmaW2 (bounded activations with χ₁ < 1
// everywhere, e.g. a constant). Assumes, as for every activation of the registry, one boundary as σ_w² grows.
// A relativeTolerance > 0 stops the bisection once the bracket is that narrow relative to σ_w² (a line to
// draw needs no last bit).
std::optional<CriticalPoint> criticalSigmaW2(const MeanFieldFunction &phi, double sigmaB2,
                                             double maxSigmaW2 = 1e3, double relativeTolerance = 0.0);

// The usual initialisations as points of the (σ_w², σ_b²) plane, for a square layer (fan-in = fan-out = N):
// σ_w² = N·Var(w) does not depend on N, and every one of them starts the biases at 0 (σ_b² = 0).
struct Initialisation {
    std::string_view id;   // "glorot", "lecun", "unit-norm", "he"
    std::string_view name; // as a legend shows it
    std::string_view rule; // the weights' distribution, N the layer's width
    double sigmaW2;
};
inline constexpr std::array kInitialisations{
    Initialisation{"glorot", "Glorot", "U[−√(3/N), √(3/N)]: Var = 2/(fan-in + fan-out) = 1/N", 1.0},
    Initialisation{"lecun", "LeCun", "N(0, 1/N)", 1.0},
    Initialisation{"unit-norm", "unit-norm rows", "rows of norm 1 (the paper's): N·E[w²] = 1", 1.0},
    Initialisation{"he", "He", "N(0, 2/N)", 2.0},
};

} // namespace gelulab
