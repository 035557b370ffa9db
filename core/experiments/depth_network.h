#pragma once
// A real deep network at initialisation, to hold against the mean-field predictions (mean_field.h,
// docs/ARCHITECTURE.md "Depth"): L fully connected layers of width N with weights W ~ N(0, σ_w²/N) and biases
// b ~ N(0, σ_b²), drawn from the seed in float, the products summed in float and the layers kept in double.
// Two inputs go forward and one gradient comes back, and each layer reports what the theory predicts of it:
// the pre-activations' mean square q_l, the inputs' correlation c_l, and the gradient's norm.

#include "activation.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace gelulab {

inline constexpr int kMaxDepthLayers = 100;
inline constexpr int kMaxDepthWidth = 4096;

struct DepthNetworkSettings {
    double sigmaW2 = 2.0;
    double sigmaB2 = 0.05;
    double q0 = 1.0; // the inputs' variance: h⁰ ~ N(0, q0) in every unit
    double c0 = 0.5; // the two inputs' correlation
    int layers = 50; // L weight layers: pre-activations h¹ … h^L
    int width = 512; // N units in every layer, the inputs' too
    std::uint64_t seed = 1;
};

// Empty when the settings can be simulated, otherwise what is wrong, in one line.
std::string depthNetworkProblem(const DepthNetworkSettings &settings);

// Layer l = 0 … L (0: the inputs), h^l = W^l φ(h^{l−1}) + b^l.
struct DepthNetworkResult {
    std::vector<double> q; // mean over units of h^l², both inputs averaged
    std::vector<double> c; // the two inputs' sample correlation Σ h₁h₂ / √(Σ h₁² Σ h₂²)
    std::vector<double>
        gradNorm; // ‖δ^l‖ / ‖δ^L‖ for the first input, δ^l = φ′(h^l) ⊙ W^{l+1}ᵀ δ^{l+1}, δ^L ~ N(0, 1)
    std::vector<std::vector<float>> preactivations; // h^l of the first input, N values a layer (the heat map)
};

// Throws std::invalid_argument with depthNetworkProblem's message. Returns what was done so far (fewer
// layers, no gradients) when *cancel becomes true, which is checked between layers. Uses streams 20 (inputs)
// and 21 (the top gradient) of the seed (random.h), and for layer l the counter-based normals of
// kernels/normal_kernels.h under the key of stream 100 + l: row i of W^l is that key's stream i, b^l its
// stream 2⁶³. So the same seed draws the same network whatever its depth, and any row can be drawn again on
// its own: the weights are not kept but drawn twice, forward and backward (memory O(L·N)). The rows of a
// layer are shared out over the process's thread pool (thread_pool.h) in blocks fixed by N, so the result is
// the same bits whatever the number of threads.
DepthNetworkResult simulateDepthNetwork(const ActivationInstance &activation,
                                        const DepthNetworkSettings &settings,
                                        const std::atomic<bool> *cancel = nullptr);

} // namespace gelulab
