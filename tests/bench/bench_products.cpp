// The network's matrix products (matrix_products.h) at the shapes the Fashion-MNIST classifier trains with
// (784 → 8 × 128 → 10, mini-batches of 128 examples), in float on one thread, counted in FLOP/s (two per
// multiply-add): the forward product of the first layer (W·X, 128 × 784 by 784 × 128) and of a hidden layer,
// the weight gradient of the first layer (dZ·Xᵀ) and of a hidden layer, and a hidden layer's backward product
// (Wᵀ·dZ). Run: build/bin/bench_products --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "matrix_products.h"

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace {

std::vector<float> randomMatrix(std::size_t rows, std::size_t cols, unsigned seed) {
    std::mt19937 engine(seed);
    std::normal_distribution<float> normal;
    std::vector<float> m(rows * cols);
    for (float &v : m)
        v = normal(engine);
    return m;
}

enum Shape { Plain, TransposedA, TransposedB };

// C (m × n) from A and B as the shape says, k the length of the sums.
void product(benchmark::State &state, Shape shape, std::size_t m, std::size_t k, std::size_t n) {
    const std::vector<float> a = randomMatrix(shape == TransposedA ? k : m, shape == TransposedA ? m : k, 1);
    const std::vector<float> b = randomMatrix(shape == TransposedB ? n : k, shape == TransposedB ? k : n, 2);
    std::vector<float> c(m * n);
    for (auto _ : state) {
        switch (shape) {
        case Plain:
            gelulab::kernels::multiply(a.data(), b.data(), c.data(), m, k, n);
            break;
        case TransposedA:
            gelulab::kernels::multiplyTransposedA(a.data(), b.data(), c.data(), m, k, n);
            break;
        case TransposedB:
            gelulab::kernels::multiplyTransposedB(a.data(), b.data(), c.data(), m, k, n);
            break;
        }
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    state.counters["FLOP/s"] =
        benchmark::Counter(2.0 * double(m * k * n), benchmark::Counter::kIsIterationInvariantRate);
}

} // namespace

BENCHMARK_CAPTURE(product, firstForward, Plain, 128, 784, 128);
BENCHMARK_CAPTURE(product, hiddenForward, Plain, 128, 128, 128);
BENCHMARK_CAPTURE(product, firstWeightGradient, TransposedB, 128, 128, 784);
BENCHMARK_CAPTURE(product, hiddenWeightGradient, TransposedB, 128, 128, 128);
BENCHMARK_CAPTURE(product, hiddenBackward, TransposedA, 128, 128, 128);

BENCHMARK_MAIN();
