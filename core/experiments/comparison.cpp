#include "comparison.h"

#include <algorithm>
#include <stdexcept>

namespace gelulab {

std::vector<double> noiseAmplitudes() {
    std::vector<double> a;
    for (int i = 0; i <= 12; ++i)
        a.push_back(0.25 * i);
    return a;
}

Comparison::Comparison(std::size_t alternatives, int seeds, std::uint64_t firstSeed, const Factory &factory)
    : m_alternatives(alternatives)
    , m_seeds(seeds)
    , m_firstSeed(firstSeed) {
    if (alternatives == 0) throw std::invalid_argument("nothing to compare: no alternatives");
    if (seeds < 1) throw std::invalid_argument("at least one seed per alternative is needed");
    m_runs.reserve(alternatives * std::size_t(seeds));
    for (std::size_t a = 0; a < alternatives; ++a)
        for (int k = 0; k < seeds; ++k)
            m_runs.push_back(factory(a, firstSeed + std::uint64_t(k)));
}

bool Comparison::advance(int epochs, const std::atomic<bool> *cancel, unsigned threads) {
    std::vector<int> targets;
    for (const Trainer &t : m_runs)
        targets.push_back(t.epoch() + epochs);
    return trainTo(targets, cancel, threads);
}

bool Comparison::advanceTo(int epoch, const std::atomic<bool> *cancel, unsigned threads) {
    return trainTo(std::vector<int>(m_runs.size(), epoch), cancel, threads);
}

bool Comparison::trainTo(const std::vector<int> &targets, const std::atomic<bool> *cancel, unsigned threads) {
    parallelFor(
        m_runs.size(),
        [&](std::size_t i) {
            // A trained epoch moves epoch() by one; a diverged run, or a cancel, ends the run's share.
            while (m_runs[i].epoch() < targets[i]) {
                if (cancel && cancel->load(std::memory_order_relaxed)) return;
                if (!m_runs[i].trainEpoch(cancel)) return;
            }
        },
        threads);
    return !(cancel && cancel->load());
}

int Comparison::epoch() const {
    int e = 0;
    for (const Trainer &t : m_runs)
        e = std::max(e, t.epoch());
    return e;
}

AlternativeSummary Comparison::summary(std::size_t a) const {
    AlternativeSummary s;
    std::size_t longest = 0;
    for (int k = 0; k < m_seeds; ++k)
        longest = std::max(longest, run(a, k).history().size());
    const bool classify = run(a, 0).problem() == Problem::Classification;
    std::vector<double> train, test, accuracy;
    const auto column = [&](std::size_t e, auto field) {
        std::vector<double> v;
        for (int k = 0; k < m_seeds; ++k) {
            const std::vector<EpochRecord> &h = run(a, k).history();
            if (e < h.size()) v.push_back(field(h[e]));
        }
        return quartiles(v);
    };
    for (std::size_t e = 0; e < longest; ++e) {
        s.trainLoss.push_back(column(e, [](const EpochRecord &r) { return r.trainLoss; }));
        s.testLoss.push_back(column(e, [](const EpochRecord &r) { return r.testLoss; }));
        if (classify)
            s.testAccuracy.push_back(column(e, [](const EpochRecord &r) {
                return r.testAccuracy.value_or(std::numeric_limits<double>::quiet_NaN());
            }));
    }
    for (int k = 0; k < m_seeds; ++k) {
        const Trainer &t = run(a, k);
        if (t.diverged())
            ++s.divergedRuns;
        else if (t.warning())
            ++s.warnedRuns;
        if (t.history().empty()) continue;
        const EpochRecord &last = t.history().back();
        train.push_back(last.trainLoss);
        test.push_back(last.testLoss);
        if (last.testAccuracy) accuracy.push_back(*last.testAccuracy);
    }
    s.finalTrainLoss = quartiles(train);
    s.finalTestLoss = quartiles(test);
    s.finalTestAccuracy = quartiles(accuracy);
    return s;
}

std::vector<Quartiles> Comparison::robustness(std::size_t a, const std::vector<double> &amplitudes) const {
    std::vector<Quartiles> result;
    for (double amplitude : amplitudes) {
        std::vector<double> v;
        for (int k = 0; k < m_seeds; ++k) {
            const Trainer &t = run(a, k);
            const NoisyScore score = t.scoreUnderNoise(amplitude, t.settings().seed);
            v.push_back(score.accuracy.value_or(score.loss));
        }
        result.push_back(quartiles(v));
    }
    return result;
}

} // namespace gelulab
