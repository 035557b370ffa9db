#include "maskworker.h"

#include <QElapsedTimer>

#include <algorithm>

namespace gelulab {

void MaskWorker::reset(const MaskExperiment &experiment, quint64 generation) {
    m_experiment = experiment;
    m_running = false;
    if (beginJob(generation)) emitSnapshot();
}

void MaskWorker::play(qint64 target) {
    m_target = target;
    m_pace.restart();
    m_running = m_experiment.samplesPerBin() < m_target;
    if (m_running)
        scheduleChunk();
    else
        emitSnapshot();
}

void MaskWorker::setSpeed(double samplesPerSecond) {
    m_pace.setRate(samplesPerSecond);
}

void MaskWorker::pause() {
    m_running = false;
    emitSnapshot();
}

void MaskWorker::step(qint64 count) {
    m_running = false;
    add(std::max<qint64>(1, count));
    emitSnapshot();
}

void MaskWorker::add(std::int64_t count) {
    QElapsedTimer timer;
    timer.start();
    m_experiment.addSamples(count);
    const double seconds = double(timer.nsecsElapsed()) * 1e-9;
    if (seconds > 0.0) m_samplesPerSecond = double(count) * m_experiment.bins() / seconds;
}

void MaskWorker::runChunk() {
    if (!m_running) return;
    if (m_pace.isActive()) {
        const qint64 due = std::min<qint64>(m_pace.due(), m_target - m_experiment.samplesPerBin());
        if (due > 0) {
            add(due);
            m_pace.done(due);
            m_running = m_experiment.samplesPerBin() < m_target;
            emitSnapshot();
        }
        if (m_running) scheduleChunk(m_pace.msUntilNext());
        return;
    }
    const std::int64_t n = m_experiment.samplesPerBin();
    // A sixth more per chunk, within ~25 ms of sampling at the measured speed, and not past the target.
    const double budget = m_samplesPerSecond > 0.0 ? m_samplesPerSecond * 0.025 / m_experiment.bins() : 1e4;
    const std::int64_t count = std::clamp<std::int64_t>(std::max<std::int64_t>(1, n / 6), 1,
                                                        std::max<std::int64_t>(1, std::int64_t(budget)));
    add(std::min<std::int64_t>(count, m_target - n));
    m_running = m_experiment.samplesPerBin() < m_target;
    emitSnapshot();
    if (m_running) scheduleChunk(30); // about 30 pictures a second
}

void MaskWorker::emitSnapshot() {
    // The experiment is copied: the worker samples on into its own.
    auto s = std::make_shared<MaskSnapshot>(MaskSnapshot{
        m_experiment, generation(),
        m_pace.isActive() ? m_pace.rate() * m_experiment.bins() : m_samplesPerSecond, m_running});
    if (handOver()) emit snapshotReady(std::move(s));
}

} // namespace gelulab
