#include "compareworker.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <stdexcept>

namespace gelulab {

void CompareWorker::start(const Dataset &data, const TrainingSettings &settings,
                          const std::vector<std::string> &alternatives, int seeds, int epochs, int grid,
                          quint64 generation) {
    m_comparison.reset();
    m_probe.reset();
    m_epochs = epochs;
    m_chunkEpochs = 1;
    m_finished = false;
    m_cancelled = false;
    m_startedAt = QDateTime::currentMSecsSinceEpoch();
    if (!beginJob(generation)) return;
    if (!guarded([&] {
            m_comparison.emplace(alternatives.size(), seeds, settings.seed,
                                 [&](std::size_t a, std::uint64_t seed) {
                                     TrainingSettings s = settings;
                                     s.activations = {alternatives[a]};
                                     s.seed = seed;
                                     return Trainer(data, s);
                                 });
            if (grid > 0) m_probe.emplace(settings.features, grid); // the boundaries drawn
        })) {
        m_comparison.reset();
        return;
    }
    emitSnapshot();
    scheduleChunk(); // one chain of chunks at a time: a start while a chunk is queued reuses it
}

void CompareWorker::runChunk() {
    if (!m_comparison || m_finished) return;
    QElapsedTimer timer;
    timer.start();
    const int epochs = std::min(m_chunkEpochs, m_epochs - m_comparison->epoch());
    const bool completed = m_comparison->advance(epochs, stopFlag());
    // Aim at about 50 ms per chunk: long enough to keep the cores busy, short enough to cancel at once.
    const double ms = std::max(1e-3, double(timer.nsecsElapsed()) * 1e-6);
    m_chunkEpochs = std::clamp(int(m_chunkEpochs * 50.0 / ms), 1, std::max(1, m_chunkEpochs * 4));
    bool allDiverged = true;
    for (std::size_t a = 0; a < m_comparison->alternatives(); ++a)
        for (int k = 0; k < m_comparison->seeds(); ++k)
            allDiverged = allDiverged && m_comparison->run(a, k).diverged();
    m_cancelled = !completed || isStopping();
    m_finished = m_cancelled || allDiverged || m_comparison->epoch() >= m_epochs;
    if (m_finished || maySend()) emitSnapshot();
    if (!m_finished) scheduleChunk();
}

void CompareWorker::emitSnapshot() {
    auto s = std::make_shared<CompareSnapshot>(
        compareSnapshot(*m_comparison, m_epochs, m_finished && !m_cancelled, m_probe ? &*m_probe : nullptr));
    s->generation = generation();
    s->finished = m_finished;
    s->cancelled = m_cancelled;
    s->secondsElapsed = double(QDateTime::currentMSecsSinceEpoch() - m_startedAt) * 1e-3;
    if (handOver()) emit snapshotReady(std::move(s));
}

CompareSnapshot compareSnapshot(const Comparison &comparison, int epochs, bool withRobustness,
                                GridProbe *probe) {
    CompareSnapshot s;
    s.epoch = comparison.epoch();
    s.epochs = epochs;
    s.finished = comparison.epoch() >= epochs;
    for (std::size_t a = 0; a < comparison.alternatives(); ++a) {
        s.summaries.push_back(comparison.summary(a));
        std::string message;
        for (int k = 0; k < comparison.seeds() && message.empty(); ++k)
            if (comparison.run(a, k).diverged()) message = comparison.run(a, k).message();
        s.messages.push_back(message);
        const Trainer &first = comparison.run(a, 0);
        if (probe) {
            GridPicture picture = probe->draw(first);
            s.gridSize = picture.size;
            s.gridFrom = picture.from;
            s.gridTo = picture.to;
            s.boundaries.push_back(std::move(picture.output));
        } else {
            s.boundaries.emplace_back();
        }
        s.outputs.push_back(first.network().output());
    }
    if (withRobustness) {
        s.amplitudes = noiseAmplitudes();
        for (std::size_t a = 0; a < comparison.alternatives(); ++a)
            s.robustness.push_back(comparison.robustness(a, s.amplitudes));
    }
    return s;
}

} // namespace gelulab
