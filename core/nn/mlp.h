#pragma once
// A small multilayer perceptron on Eigen matrices, one example per column. Hidden layers take their
// activation from the registry (any row, custom formulas included) or are the SOI gate of core/mask; the
// output layer and the loss are the Playground's (tanh with squared error on ±1 labels), cross-entropy
// (sigmoid, or softmax for several classes) or squared error with a linear output for regression. Templated
// on the scalar: float to train, double for the gradient checks.

#include "activation.h"
#include "mask.h"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace gelulab {

enum class OutputKind { Tanh, Sigmoid, Softmax, Linear };

// A hidden layer's nonlinearity: a registry row with its parameters, or the SOI gate (m·z with a fresh
// m ~ Bernoulli(F(z)) while training, x·F(x) otherwise).
struct HiddenActivation {
    std::optional<ActivationInstance> activation;
    std::optional<MaskGate> soi;

    static HiddenActivation fromRegistry(const ActivationInstance &a) { return {a, std::nullopt}; }
    static HiddenActivation soiGate(const MaskGate &gate = MaskGate()) { return {std::nullopt, gate}; }
    // The function used at inference (the SOI gate's expectation for soi).
    const ActivationInstance &inference() const { return activation ? *activation : soi->activation(); }
    std::string id() const;
};

template<typename T>
class Mlp {
public:
    // Row-major: each unit's values over the examples are contiguous (fast small products, unit maps).
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

    Mlp() = default;
    // Weights start at zero; see initialise().
    Mlp(int inputs, const std::vector<int> &hidden, int outputs, OutputKind output);

    int inputs() const { return m_inputs; }
    int outputs() const { return int(b.back().size()); }
    int hiddenLayers() const { return int(W.size()) - 1; }
    OutputKind output() const { return m_output; }
    // Widths of the hidden layers.
    std::vector<int> hiddenWidths() const;

    template<typename U>
    Mlp<U> cast() const;

    std::vector<Matrix> W; // W[l]: units of layer l × units of layer l − 1
    std::vector<Vector> b;

private:
    int m_inputs = 0;
    OutputKind m_output = OutputKind::Tanh;
};

enum class Mode { Training, Inference };

// What a forward pass keeps for the backward pass.
template<typename T>
struct ForwardCache {
    std::vector<typename Mlp<T>::Matrix> z;    // pre-activations, per weight layer
    std::vector<typename Mlp<T>::Matrix> a;    // a[0] the input, a[l + 1] the output of weight layer l
    std::vector<typename Mlp<T>::Matrix> gate; // per hidden layer: dropout scale × SOI mask (empty: none)
    std::vector<char> soiDrawn;                // per hidden layer: the gate holds SOI masks (dz = gate·da)
};

// Forward pass over the columns of x. In training mode, SOI layers draw fresh masks and dropout (rate in
// [0, 1)) drops hidden units, both from rng.
template<typename T>
void forward(const Mlp<T> &net, const std::vector<HiddenActivation> &activations,
             const typename Mlp<T>::Matrix &x, ForwardCache<T> &cache, Mode mode = Mode::Inference,
             double dropout = 0.0, std::mt19937_64 *rng = nullptr);

// The mean loss of the cached output against targets (one column per example: ±1 for tanh, 0/1 for sigmoid,
// one-hot for softmax, the value for linear).
template<typename T>
double meanLoss(const Mlp<T> &net, const ForwardCache<T> &cache, const typename Mlp<T>::Matrix &targets);

struct LayerGradientNorms {
    double weights = 0.0;        // Frobenius norm of dL/dW
    double preActivations = 0.0; // Frobenius norm of dL/dZ over the batch
};

// 0.5·l2·ΣW² + l1·Σ|W| over the weights (not the biases).
template<typename T>
double regularization(const Mlp<T> &net, double l1, double l2);

// Gradients of meanLoss (plus 0.5·l2·ΣW² + l1·Σ|W|) with respect to W and b.
template<typename T>
void backward(const Mlp<T> &net, const std::vector<HiddenActivation> &activations,
              const ForwardCache<T> &cache, const typename Mlp<T>::Matrix &targets, double l1, double l2,
              std::vector<typename Mlp<T>::Matrix> &dW, std::vector<typename Mlp<T>::Vector> &db,
              std::vector<LayerGradientNorms> *norms = nullptr);

// ---- implementation of the template member ----
template<typename T>
template<typename U>
Mlp<U> Mlp<T>::cast() const {
    Mlp<U> other(m_inputs, hiddenWidths(), outputs(), m_output);
    for (std::size_t l = 0; l < W.size(); ++l) {
        other.W[l] = W[l].template cast<U>();
        other.b[l] = b[l].template cast<U>();
    }
    return other;
}

} // namespace gelulab
