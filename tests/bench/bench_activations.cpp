// Throughput of the registry's array evaluation, in double, for every activation and order, over x drawn
// from N(0, 4²) with a fixed seed (central and tail paths both timed), against a plain copy of the same array
// as the baseline. Run: build/bin/bench_activations --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true
#include "activation.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

namespace {

constexpr std::size_t kElements = 1 << 16;

const std::vector<double> &inputs() {
    static const std::vector<double> x = [] {
        std::mt19937_64 engine(1606'08415);
        std::normal_distribution<double> normal(0.0, 4.0);
        std::vector<double> v(kElements);
        for (double &e : v)
            e = normal(engine);
        return v;
    }();
    return x;
}

void copyBaseline(benchmark::State &state) {
    const std::vector<double> &x = inputs();
    std::vector<double> y(x.size());
    for (auto _ : state) {
        std::copy(x.begin(), x.end(), y.begin());
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * x.size()));
}

void evaluate(benchmark::State &state, const gelulab::Activation *activation, int order) {
    const gelulab::ActivationInstance instance(*activation);
    const std::vector<double> &x = inputs();
    std::vector<double> y(x.size());
    for (auto _ : state) {
        instance.evaluate(x, y, order);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * x.size()));
}

const bool registered = [] {
    benchmark::RegisterBenchmark("copy/double", copyBaseline);
    for (const gelulab::Activation &a : gelulab::activations())
        for (int order = 0; order < 3; ++order)
            benchmark::RegisterBenchmark(
                (std::string(a.id) + "/f" + std::to_string(order) + "/double").c_str(), evaluate, &a, order);
    return true;
}();

} // namespace

BENCHMARK_MAIN();
