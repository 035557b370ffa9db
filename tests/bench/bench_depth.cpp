// The simulated deep network at initialisation (depth_network.h): one whole simulation — two inputs forward,
// one gradient back, every weight drawn twice — at L = 100, N = 1,024 (10⁸ multiply-adds a pass; the goal is
// under 100 ms on two cores) and at the settings' default 50 × 512, in wall-clock time with the shared thread
// pool; and what it draws with, on one thread: the counter-based normals (normal_kernels.h) in rows of 1,024
// floats, against the engine and polar method of random.h (fillNormal, doubles) as the baseline. Run:
// build/bin/bench_depth --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "activation.h"
#include "depth_network.h"
#include "mean_field.h"
#include "normal_kernels.h"
#include "random.h"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

constexpr std::size_t kRow = 1024;

void counterNormals(benchmark::State &state) {
    std::vector<float> row(kRow);
    std::uint64_t counter = 0;
    for (auto _ : state) {
        gelulab::kernels::fillNormals(row, 0x5EED, counter++, 0.04f);
        benchmark::DoNotOptimize(row.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRow));
}

void polarNormals(benchmark::State &state) {
    std::vector<double> row(kRow);
    gelulab::RandomEngine engine = gelulab::streamEngine(1, 100);
    for (auto _ : state) {
        gelulab::fillNormal(row, engine, 0.04);
        benchmark::DoNotOptimize(row.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRow));
}

void simulate(benchmark::State &state) {
    const gelulab::ActivationInstance gelu("gelu");
    gelulab::DepthNetworkSettings s;
    s.layers = int(state.range(0));
    s.width = int(state.range(1));
    for (auto _ : state) {
        const gelulab::DepthNetworkResult r = gelulab::simulateDepthNetwork(gelu, s);
        benchmark::DoNotOptimize(r.gradNorm.data());
    }
    // Items are weights drawn: L·N² forward and again backward.
    state.SetItemsProcessed(state.iterations() * 2 * state.range(0) * state.range(1) * state.range(1));
}

// The read-outs of one activation as the Depth tab computes them at each change (MeanField::summary: q*, its
// fate, χ₁, c*, ξ_c, where q₀ ends up) at σ_b² = 0.05 and σ_w² = range(1)/100: ordered, near the edge,
// chaotic.
void meanFieldSummary(benchmark::State &state) {
    static const char *const ids[] = {"gelu", "relu", "tanh"};
    const char *id = ids[state.range(0)];
    state.SetLabel(id);
    const gelulab::MeanField field(gelulab::MeanFieldFunction::of(gelulab::ActivationInstance(id)),
                                   double(state.range(1)) / 100.0, 0.05);
    for (auto _ : state) {
        const gelulab::MeanFieldSummary summary = field.summary(1.0);
        benchmark::DoNotOptimize(summary.chi1);
    }
}

} // namespace

BENCHMARK(counterNormals);
BENCHMARK(polarNormals);
BENCHMARK(simulate)->Args({100, 1024})->Args({50, 512})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(meanFieldSummary)->ArgsProduct({{0, 1, 2}, {150, 200, 300, 450}})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
