#pragma once
// Comparing activations the paper's way: the same data and the same initial seeds for every alternative,
// several seeds each, summarised by medians and quartiles. Runs train in parallel on the machine's cores;
// each run is deterministic on its own, so the results do not depend on the number of threads.

#include "statistics.h"
#include "thread_pool.h"
#include "trainer.h"

#include <atomic>
#include <functional>
#include <vector>

namespace gelulab {

// The input-noise amplitudes a of the robustness measures (the paper's Figure 3): 0, 0.25, …, 3.
std::vector<double> noiseAmplitudes();

// One alternative's runs summarised. Per-epoch entries (index e is epoch e + 1) cover the runs that
// reached that epoch; the final ones take each run at its last epoch.
struct AlternativeSummary {
    std::vector<Quartiles> trainLoss, testLoss, testAccuracy; // testAccuracy empty for regression
    Quartiles finalTrainLoss, finalTestLoss, finalTestAccuracy;
    int divergedRuns = 0;
    int warnedRuns = 0; // runs that went wrong without diverging (Trainer::warning)
};

class Comparison {
public:
    // Builds run (alternative, seed); throws what the trainer throws.
    using Factory = std::function<Trainer(std::size_t alternative, std::uint64_t seed)>;

    // `seeds` runs per alternative with seeds firstSeed, firstSeed + 1, …: run k of every alternative
    // starts from the same seed, so from the same initial weights and batch order.
    Comparison(std::size_t alternatives, int seeds, std::uint64_t firstSeed, const Factory &factory);

    // Trains every run that has not diverged for `epochs` more epochs, in parallel on `threads` threads
    // (0: one per core). Stops early, returning false, when *cancel becomes true (checked between
    // mini-batches; an epoch cancelled half-way is undone); the runs then stand at different epochs.
    bool advance(int epochs, const std::atomic<bool> *cancel = nullptr, unsigned threads = 0);
    // The same, up to `epoch` for every run: runs already there (restored from kept runs) train nothing.
    bool advanceTo(int epoch, const std::atomic<bool> *cancel = nullptr, unsigned threads = 0);

    std::size_t alternatives() const { return m_alternatives; }
    int seeds() const { return m_seeds; }
    std::uint64_t firstSeed() const { return m_firstSeed; }
    // Trainer of alternative a with seed firstSeed + k.
    Trainer &run(std::size_t a, int k) { return m_runs[a * std::size_t(m_seeds) + std::size_t(k)]; }
    const Trainer &run(std::size_t a, int k) const {
        return m_runs[a * std::size_t(m_seeds) + std::size_t(k)];
    }
    // The longest history among the runs.
    int epoch() const;

    AlternativeSummary summary(std::size_t a) const;
    // Per amplitude, over alternative a's runs: accuracy (classification) or mean loss (regression) on the
    // test points with U[−amplitude, amplitude] noise on the inputs (the paper's Figure 3).
    std::vector<Quartiles> robustness(std::size_t a, const std::vector<double> &amplitudes) const;

private:
    // Trains run i until it stands at targets[i] (or diverges, or *cancel), in parallel.
    bool trainTo(const std::vector<int> &targets, const std::atomic<bool> *cancel, unsigned threads);

    std::size_t m_alternatives = 0;
    int m_seeds = 0;
    std::uint64_t m_firstSeed = 1;
    std::vector<Trainer> m_runs;
};

} // namespace gelulab
