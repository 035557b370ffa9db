// The simulated deep network (depth_network.h; docs/ARCHITECTURE.md, "Depth"). Its cost is drawing L·N²
// weights twice: they come from the counter-based normals of kernels/normal_kernels.h, row i of layer l being
// the stream (streamKey(seed, 100 + l), i), drawn straight into float rows a few at a time and multiplied by
// the network's SIMD products (matrix_products.h). Each layer's rows are cut into a fixed set of blocks, a
// function of N alone, shared out over the process's thread pool: in the forward pass every row's two dot
// products are its own, and in the backward pass every block sums its rows' share of Wᵀδ in its own vector,
// the blocks' vectors then added in block order. The results are therefore the same bits whatever the number
// of threads (tst_depthnetwork holds them to it). The weights are the same bits on every SIMD target too;
// the activations' kernels and the products' order of summation (by lanes) may differ in their last bits.
#include "depth_network.h"

#include "matrix_products.h"
#include "normal_kernels.h"
#include "random.h"
#include "thread_pool.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <vector>

namespace gelulab {
namespace {

constexpr std::uint64_t kInputStream = 20;
constexpr std::uint64_t kGradientStream = 21;
constexpr std::uint64_t kFirstLayerStream = 100;
// The biases of a layer are the row of its stream after every possible row of weights.
constexpr std::uint64_t kBiasRow = std::uint64_t(1) << 63;

// Rows drawn at a time into a buffer (8 rows of N floats: 32 KB at N = 1,024, in the first-level cache),
// and the most blocks a layer's rows are cut into: enough to keep the threads of the pool evenly busy.
constexpr std::size_t kRowsAtATime = 8;
constexpr std::size_t kMostBlocks = 32;

// A layer's rows in blocks of whole buffers, the same for every layer and every number of threads.
struct Blocks {
    std::size_t rows = 0; // per block (the last may have fewer)
    std::size_t count = 0;
    explicit Blocks(std::size_t n) {
        const std::size_t buffers = (n + kRowsAtATime - 1) / kRowsAtATime;
        rows = (buffers + kMostBlocks - 1) / kMostBlocks * kRowsAtATime;
        count = (n + rows - 1) / rows;
    }
    std::size_t begin(std::size_t block) const { return block * rows; }
    std::size_t end(std::size_t block, std::size_t n) const { return std::min(n, (block + 1) * rows); }
};

// Rows first … first + count − 1 of a layer's weights, drawn into this thread's buffer.
std::span<const float> drawRows(std::uint64_t key, std::size_t first, std::size_t count, std::size_t n,
                                float sd) {
    thread_local std::vector<float> buffer;
    buffer.resize(kRowsAtATime * n);
    for (std::size_t r = 0; r < count; ++r)
        kernels::fillNormals(std::span(buffer).subspan(r * n, n), key, first + r, sd);
    return std::span<const float>(buffer).first(count * n);
}

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

    const Blocks blocks(n);
    const float weightSdFloat = float(weightSd);
    const auto layerKey = [&](std::size_t l) { return streamKey(s.seed, kFirstLayerStream + l); };

    // Forward: h^l_i = W^l_i · φ(h^{l−1}) + b^l_i for both inputs, W^l_i the stream (layer key, i), b^l the
    // stream (layer key, kBiasRow).
    std::vector<double> a(n);
    std::vector<float> inputs(2 * n), bias(n);
    for (int l = 1; l <= s.layers; ++l) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return result;
        activation.evaluate(h1, a);
        std::copy(a.begin(), a.end(), inputs.begin());
        activation.evaluate(h2, a);
        std::copy(a.begin(), a.end(), inputs.begin() + std::ptrdiff_t(n));
        const std::uint64_t key = layerKey(std::size_t(l));
        kernels::fillNormals(bias, key, kBiasRow, float(biasSd));
        ThreadPool::shared().run(blocks.count, [&](std::size_t block) {
            float products[kRowsAtATime * 2];
            for (std::size_t i = blocks.begin(block); i < blocks.end(block, n); i += kRowsAtATime) {
                const std::size_t count = std::min(kRowsAtATime, n - i);
                const std::span<const float> rows = drawRows(key, i, count, n, weightSdFloat);
                kernels::multiplyTransposedB(rows.data(), inputs.data(), products, count, n, 2);
                for (std::size_t r = 0; r < count; ++r) {
                    h1[i + r] = double(products[2 * r]) + double(bias[i + r]);
                    h2[i + r] = double(products[2 * r + 1]) + double(bias[i + r]);
                }
            }
        });
        record();
    }

    // Backward: δ^L ~ N(0, 1); δ^{l−1} = φ′(h^{l−1}) ⊙ W^lᵀ δ^l, W^l's rows drawn again. Block b sums
    // Σ_i δ_i W^l_i over its rows into its own vector; the blocks' vectors are added in order.
    const std::size_t layers = std::size_t(s.layers);
    std::vector<double> norms(layers + 1);
    std::vector<double> delta(n), below(n), slope(n);
    {
        RandomEngine engine = streamEngine(s.seed, kGradientStream);
        fillNormal(delta, engine);
    }
    norms[layers] = std::sqrt(dot(delta, delta));
    std::vector<float> deltaFloat(n), partial(blocks.count * n);
    for (std::size_t l = layers; l >= 1; --l) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return result;
        std::copy(delta.begin(), delta.end(), deltaFloat.begin());
        const std::uint64_t key = layerKey(l);
        ThreadPool::shared().run(blocks.count, [&](std::size_t block) {
            thread_local std::vector<float> share;
            share.resize(n);
            float *sum = partial.data() + block * n;
            for (std::size_t i = blocks.begin(block); i < blocks.end(block, n); i += kRowsAtATime) {
                const std::size_t count = std::min(kRowsAtATime, n - i);
                const std::span<const float> rows = drawRows(key, i, count, n, weightSdFloat);
                if (i == blocks.begin(block)) {
                    kernels::multiply(deltaFloat.data() + i, rows.data(), sum, 1, count, n);
                    continue;
                }
                kernels::multiply(deltaFloat.data() + i, rows.data(), share.data(), 1, count, n);
                for (std::size_t j = 0; j < n; ++j)
                    sum[j] += share[j];
            }
        });
        std::fill(below.begin(), below.end(), 0.0);
        for (std::size_t block = 0; block < blocks.count; ++block)
            for (std::size_t j = 0; j < n; ++j)
                below[j] += double(partial[block * n + j]);
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
