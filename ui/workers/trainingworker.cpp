#include "trainingworker.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace gelulab {

void PlaygroundSnapshot::take(PlaygroundSnapshot &&next) {
    training = std::move(next.training);
    if (next.grid.size > 0) grid = std::move(next.grid);
    running = next.running;
    epochsPerSecond = next.epochsPerSecond;
    if (next.replacesHistory) {
        history.assign(next.history.take());
        gradientNorms.assign(next.gradientNorms.take());
        return;
    }
    for (EpochRecord &r : next.history.take())
        history.append(std::move(r));
    for (EpochGradientNorms &n : next.gradientNorms.take())
        gradientNorms.append(std::move(n));
}

void TrainingWorker::configure(const Dataset &data, const TrainingSettings &settings, int grid,
                               quint64 generation, double extent) {
    m_running = false;
    m_unsentNorms.clear();
    m_sentEpoch = 0;
    m_sentHistory = false;
    m_stopAt = -1;
    m_trainer.reset();
    m_probe.reset();
    m_coarseProbe.reset();
    if (!beginJob(generation)) return;
    if (!guarded([&] {
            m_trainer.emplace(data, settings);
            m_trainer->setHistoryBound(PlaygroundSnapshot::kOlderEpochs, PlaygroundSnapshot::kRecentEpochs);
            if (grid > 0) {
                const int units = std::min(grid, kUnitGrid);
                m_probe.emplace(settings.features, grid, -extent, extent, units);
                if (grid > kCoarseGrid)
                    m_coarseProbe.emplace(settings.features, kCoarseGrid, -extent, extent, units);
            }
        })) {
        m_trainer.reset();
        m_probe.reset();
        m_coarseProbe.reset();
        return;
    }
    emitSnapshot();
}

void TrainingWorker::setHoveredUnit(int layer, int unit) {
    m_hoveredLayer = layer;
    m_hoveredUnit = unit;
    if (m_trainer && !m_running) emitSnapshot();
}

void TrainingWorker::play() {
    if (!m_trainer || m_trainer->diverged()) return;
    m_running = true;
    m_stopAt = -1;
    m_pace.restart();
    scheduleChunk();
}

void TrainingWorker::playFor(int epochs) {
    if (!m_trainer || m_trainer->diverged() || epochs < 1) return;
    m_running = true;
    m_stopAt = m_trainer->epoch() + epochs;
    m_pace.restart();
    scheduleChunk();
}

void TrainingWorker::setSpeed(double epochsPerSecond) {
    m_pace.setRate(epochsPerSecond);
}

void TrainingWorker::pause() {
    m_running = false;
    m_stopAt = -1;
    if (m_trainer) emitSnapshot();
}

void TrainingWorker::step(int epochs) {
    if (!m_trainer) return;
    m_running = false;
    m_stopAt = -1;
    train(epochs);
    emitSnapshot();
}

void TrainingWorker::change(const std::function<void()> &command) {
    if (!m_trainer) return;
    if (guarded(command) && !m_running) emitSnapshot();
}

void TrainingWorker::setActivations(const std::vector<std::string> &ids) {
    change([&] { m_trainer->setActivations(ids); });
}

void TrainingWorker::setLearningRate(double lr) {
    if (m_trainer) m_trainer->setLearningRate(lr);
}

void TrainingWorker::setRegularization(double l1, double l2) {
    if (m_trainer) m_trainer->setRegularization(l1, l2);
}

void TrainingWorker::setData(const Dataset &data) {
    change([&] { m_trainer->setData(data); });
}

void TrainingWorker::setParameter(int layer, int to, int from, double value) {
    change([&] {
        if (from < 0)
            m_trainer->setBias(layer, to, value);
        else
            m_trainer->setWeight(layer, to, from, value);
    });
}

std::optional<TrainerState> TrainingWorker::trainerState() const {
    if (!m_trainer) return std::nullopt;
    return m_trainer->state();
}

void TrainingWorker::restoreTraining(const TrainerState &state) {
    if (!m_trainer) return;
    if (!guarded([&] { m_trainer->restore(state); })) return;
    m_unsentNorms.clear(); // a restored network's earlier norms are not saved: its plot starts here
    m_sentEpoch = 0;
    m_sentHistory = false;
    if (!m_running) emitSnapshot();
}

void TrainingWorker::train(int epochs) {
    for (int e = 0; e < epochs && !isAborted(); ++e) {
        if (!m_trainer->trainEpoch()) {
            m_running = false; // diverged: the snapshot carries the message
            return;
        }
        m_unsentNorms.append({m_trainer->epoch(), m_trainer->weightGradientNorms()});
    }
}

void TrainingWorker::runPacedChunk() {
    const qint64 epochs = m_pace.due();
    for (qint64 e = 0; e < epochs && m_running; ++e) {
        train(1);
        m_pace.done(1);
        if (m_stopAt >= 0 && m_trainer->epoch() >= m_stopAt) m_running = false;
    }
    if (epochs > 0) {
        m_epochsPerSecond = m_pace.rate();
        if (maySend() || !m_running) emitSnapshot(true);
    }
    if (m_running) scheduleChunk(m_pace.msUntilNext());
}

void TrainingWorker::runChunk() {
    if (!m_running || !m_trainer) return;
    if (m_pace.isActive()) {
        runPacedChunk();
        return;
    }
    QElapsedTimer timer;
    timer.start();
    int epochs = 0;
    // About 10 ms of training between commands; a snapshot as soon as the view has taken the last one and
    // kFrameIntervalMs have passed since it (so that a view that draws fast shows more frames).
    do {
        train(1);
        ++epochs;
        if (m_stopAt >= 0 && m_trainer->epoch() >= m_stopAt) m_running = false; // playFor's epochs are done
    } while (m_running && timer.nsecsElapsed() < 10'000'000 &&
             !(m_sinceSnapshot.isValid() && m_sinceSnapshot.elapsed() >= kFrameIntervalMs && maySend()));
    m_epochsPerSecond = double(epochs) / (double(timer.nsecsElapsed()) * 1e-9);
    // A picture when the last one is old enough to be replaced on screen; the training state every time.
    const bool pictureDue = !m_sincePicture.isValid() || m_sincePicture.elapsed() >= kPictureIntervalMs;
    if (maySend() || !m_running) emitSnapshot(pictureDue || !m_running);
    if (m_running) scheduleChunk();
}

void TrainingWorker::emitSnapshot(bool withPicture) {
    m_sinceSnapshot.start();
    auto s = std::make_shared<PlaygroundSnapshot>();
    s->training = m_trainer->snapshot();
    if (m_probe && withPicture) {
        // Large networks draw their boundary coarser while training, and in full as soon as it stops.
        const bool coarse = m_running && m_coarseProbe && m_probe->cost(m_trainer->network()) > kCoarseAbove;
        (coarse ? *m_coarseProbe : *m_probe).draw(*m_trainer, s->grid, m_hoveredLayer, m_hoveredUnit);
        m_sincePicture.start();
    }
    const std::vector<EpochRecord> &history = m_trainer->history();
    // The records since the last snapshot; if the trainer has thinned some of them away already (thousands
    // of epochs since, the view busy), the whole history instead, so that the view keeps what the trainer
    // keeps (both thin the same records at the same moments otherwise).
    std::vector<EpochRecord> fresh = recordsAfter(history, m_sentEpoch); // 0 until something was sent
    const bool gap = m_sentHistory && !fresh.empty() && fresh.back().epoch - m_sentEpoch != int(fresh.size());
    s->replacesHistory = !m_sentHistory || gap;
    s->history.assign(gap ? history : std::move(fresh));
    s->gradientNorms.assign(m_unsentNorms.take());
    s->generation = generation();
    s->running = m_running;
    s->epochsPerSecond = m_epochsPerSecond;
    if (!handOver()) return;
    m_sentEpoch = history.empty() ? 0 : history.back().epoch;
    m_sentHistory = true;
    emit snapshotReady(std::move(s));
}

} // namespace gelulab
