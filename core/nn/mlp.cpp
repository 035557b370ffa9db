#include "mlp.h"

#include "matrix_products.h"
#include "network_limits.h"

#include <cmath>
#include <span>
#include <stdexcept>

namespace gelulab {
namespace {

template<typename T>
using MatrixOf = typename Mlp<T>::Matrix;

// out = f^(order)(in) elementwise through the registry's array path (the vectorised kernels for float).
template<typename T>
void activate(const ActivationInstance &a, const MatrixOf<T> &in, MatrixOf<T> &out, int order) {
    out.resize(in.rows(), in.cols());
    a.evaluate(std::span<const T>(in.data(), std::size_t(in.size())),
               std::span<T>(out.data(), std::size_t(out.size())), order);
}

// The output layer's tanh and sigmoid through the registry's vectorised kernels.
const ActivationInstance &outputTanh() {
    static const ActivationInstance instance("tanh");
    return instance;
}
const ActivationInstance &outputSigmoid() {
    static const ActivationInstance instance("sigmoid");
    return instance;
}

template<typename T>
T softplus(T z) {
    return std::max(z, T(0)) + std::log1p(std::exp(-std::abs(z)));
}

} // namespace

std::string HiddenActivation::id() const {
    return activation ? std::string(activation->id()) : std::string("soi");
}

template<typename T>
Mlp<T>::Mlp(int inputs, const std::vector<int> &hidden, int outputs, OutputKind output)
    : m_inputs(inputs)
    , m_output(output) {
    if (inputs < 1 || outputs < 1) throw std::invalid_argument("a network needs inputs and outputs");
    int previous = inputs;
    for (int width : hidden) {
        if (const std::string problem = hiddenLayersProblem({width}, kMaxExperimentUnits); !problem.empty())
            throw std::invalid_argument(problem);
        W.push_back(Matrix::Zero(width, previous));
        b.push_back(Vector::Zero(width));
        previous = width;
    }
    W.push_back(Matrix::Zero(outputs, previous));
    b.push_back(Vector::Zero(outputs));
}

template<typename T>
std::vector<int> Mlp<T>::hiddenWidths() const {
    std::vector<int> widths;
    for (std::size_t l = 0; l + 1 < W.size(); ++l)
        widths.push_back(int(W[l].rows()));
    return widths;
}

template<typename T>
void forward(const Mlp<T> &net, const std::vector<HiddenActivation> &activations, const MatrixOf<T> &x,
             ForwardCache<T> &cache, Mode mode, double dropout, std::mt19937_64 *rng) {
    const std::size_t layers = net.W.size();
    if (activations.size() != layers - 1)
        throw std::invalid_argument("one activation per hidden layer is needed");
    if (x.rows() != net.inputs()) throw std::invalid_argument("the input has the wrong number of features");
    const bool training = mode == Mode::Training;
    if (training && rng == nullptr && (dropout > 0.0))
        throw std::invalid_argument("dropout needs a random engine");
    cache.z.resize(layers);
    cache.a.resize(layers + 1);
    cache.gate.assign(layers - 1, MatrixOf<T>());
    cache.soiDrawn.assign(layers - 1, 0);
    cache.a[0] = x;
    for (std::size_t l = 0; l < layers; ++l) {
        // z = W·a + b, on the best SIMD target at run time (kernels/matrix_products.h), not Eigen's.
        cache.z[l].resize(net.W[l].rows(), cache.a[l].cols());
        kernels::multiply(net.W[l].data(), cache.a[l].data(), cache.z[l].data(), std::size_t(net.W[l].rows()),
                          std::size_t(net.W[l].cols()), std::size_t(cache.a[l].cols()), net.b[l].data());
        MatrixOf<T> &out = cache.a[l + 1];
        const MatrixOf<T> &z = cache.z[l];
        if (l + 1 < layers) {
            const HiddenActivation &h = activations[l];
            if (h.soi && training && rng) {
                // A fresh mask per unit and example: m ~ Bernoulli(F(z)).
                MatrixOf<T> &m = cache.gate[l];
                m.resize(z.rows(), z.cols());
                for (Eigen::Index i = 0; i < z.size(); ++i)
                    m.data()[i] = uniformDouble(*rng) < h.soi->cdf(double(z.data()[i])) ? T(1) : T(0);
                out = z.cwiseProduct(m);
                cache.soiDrawn[l] = 1;
            } else {
                activate<T>(h.inference(), z, out, 0);
            }
            if (training && dropout > 0.0) {
                const T scale = T(1.0 / (1.0 - dropout));
                MatrixOf<T> keep(z.rows(), z.cols());
                for (Eigen::Index i = 0; i < keep.size(); ++i)
                    keep.data()[i] = uniformDouble(*rng) >= dropout ? scale : T(0);
                out = out.cwiseProduct(keep);
                cache.gate[l] = cache.gate[l].size() ? MatrixOf<T>(cache.gate[l].cwiseProduct(keep)) : keep;
            }
            continue;
        }
        switch (net.output()) {
        case OutputKind::Tanh:
            activate<T>(outputTanh(), z, out, 0);
            break;
        case OutputKind::Linear:
            out = z;
            break;
        case OutputKind::Sigmoid:
            activate<T>(outputSigmoid(), z, out, 0);
            break;
        case OutputKind::Softmax:
            out.resize(z.rows(), z.cols());
            for (Eigen::Index c = 0; c < z.cols(); ++c) {
                const T top = z.col(c).maxCoeff();
                out.col(c) = (z.col(c).array() - top).exp().matrix();
                out.col(c) /= out.col(c).sum();
            }
            break;
        }
    }
}

template<typename T>
double meanLoss(const Mlp<T> &net, const ForwardCache<T> &cache, const MatrixOf<T> &targets) {
    const MatrixOf<T> &y = cache.a.back();
    const MatrixOf<T> &z = cache.z.back();
    const double n = double(y.cols());
    double sum = 0.0;
    switch (net.output()) {
    case OutputKind::Tanh:
    case OutputKind::Linear:
        for (Eigen::Index i = 0; i < y.size(); ++i) {
            const double e = double(y.data()[i]) - double(targets.data()[i]);
            sum += 0.5 * e * e;
        }
        break;
    case OutputKind::Sigmoid:
        // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = softplus(z) − t·z, from the logit: no log of 0.
        for (Eigen::Index i = 0; i < z.size(); ++i)
            sum += double(softplus(z.data()[i])) - double(targets.data()[i]) * double(z.data()[i]);
        break;
    case OutputKind::Softmax:
        for (Eigen::Index c = 0; c < z.cols(); ++c) {
            const double top = double(z.col(c).maxCoeff());
            double total = 0.0;
            for (Eigen::Index r = 0; r < z.rows(); ++r)
                total += std::exp(double(z(r, c)) - top);
            const double logSum = top + std::log(total);
            for (Eigen::Index r = 0; r < z.rows(); ++r)
                sum += double(targets(r, c)) * (logSum - double(z(r, c)));
        }
        break;
    }
    return sum / n;
}

template<typename T>
double regularization(const Mlp<T> &net, double l1, double l2) {
    double total = 0.0;
    for (const MatrixOf<T> &w : net.W) {
        if (l2 != 0.0) total += 0.5 * l2 * double(w.squaredNorm());
        if (l1 != 0.0) total += l1 * double(w.cwiseAbs().sum());
    }
    return total;
}

template<typename T>
void backward(const Mlp<T> &net, const std::vector<HiddenActivation> &activations,
              const ForwardCache<T> &cache, const MatrixOf<T> &targets, double l1, double l2,
              std::vector<MatrixOf<T>> &dW, std::vector<typename Mlp<T>::Vector> &db,
              std::vector<LayerGradientNorms> *norms) {
    const std::size_t layers = net.W.size();
    dW.resize(layers);
    db.resize(layers);
    if (norms) norms->assign(layers, {});
    const MatrixOf<T> &y = cache.a.back();
    const T scale = T(1.0 / double(y.cols()));
    MatrixOf<T> dz = (y - targets) * scale; // sigmoid/softmax with cross-entropy, and linear
    if (net.output() == OutputKind::Tanh) dz = dz.cwiseProduct((T(1) - y.array().square()).matrix());
    MatrixOf<T> derivative;
    for (std::size_t l = layers; l-- > 0;) {
        dW[l].resize(dz.rows(), cache.a[l].rows());
        kernels::multiplyTransposedB(dz.data(), cache.a[l].data(), dW[l].data(), std::size_t(dz.rows()),
                                     std::size_t(dz.cols()), std::size_t(cache.a[l].rows()));
        if (l2 != 0.0) dW[l] += T(l2) * net.W[l];
        if (l1 != 0.0) dW[l] += T(l1) * net.W[l].array().sign().matrix();
        db[l] = dz.rowwise().sum();
        if (norms) (*norms)[l] = {double(dW[l].norm()), double(dz.norm())};
        if (l == 0) break;
        MatrixOf<T> da(net.W[l].cols(), dz.cols());
        kernels::multiplyTransposedA(net.W[l].data(), dz.data(), da.data(), std::size_t(net.W[l].cols()),
                                     std::size_t(net.W[l].rows()), std::size_t(dz.cols()));
        const std::size_t h = l - 1; // the hidden layer below
        if (cache.soiDrawn[h]) {
            dz = da.cwiseProduct(cache.gate[h]); // d(m·z)/dz = m (dropout folded into the gate)
        } else {
            activate<T>(activations[h].inference(), cache.z[h], derivative, 1);
            dz = da.cwiseProduct(derivative);
            if (cache.gate[h].size()) dz = dz.cwiseProduct(cache.gate[h]);
        }
    }
}

template class Mlp<float>;
template class Mlp<double>;
template void forward(const Mlp<float> &, const std::vector<HiddenActivation> &, const MatrixOf<float> &,
                      ForwardCache<float> &, Mode, double, std::mt19937_64 *);
template void forward(const Mlp<double> &, const std::vector<HiddenActivation> &, const MatrixOf<double> &,
                      ForwardCache<double> &, Mode, double, std::mt19937_64 *);
template double meanLoss(const Mlp<float> &, const ForwardCache<float> &, const MatrixOf<float> &);
template double meanLoss(const Mlp<double> &, const ForwardCache<double> &, const MatrixOf<double> &);
template double regularization(const Mlp<float> &, double, double);
template double regularization(const Mlp<double> &, double, double);
template void backward(const Mlp<float> &, const std::vector<HiddenActivation> &, const ForwardCache<float> &,
                       const MatrixOf<float> &, double, double, std::vector<MatrixOf<float>> &,
                       std::vector<Mlp<float>::Vector> &, std::vector<LayerGradientNorms> *);
template void backward(const Mlp<double> &, const std::vector<HiddenActivation> &,
                       const ForwardCache<double> &, const MatrixOf<double> &, double, double,
                       std::vector<MatrixOf<double>> &, std::vector<Mlp<double>::Vector> &,
                       std::vector<LayerGradientNorms> *);

} // namespace gelulab
