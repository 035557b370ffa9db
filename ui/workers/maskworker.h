#pragma once

#include "mask.h"
#include "pace.h"
#include "worker.h"

#include <memory>

namespace gelulab {

// What the mask view draws: a copy of the experiment (tallies, first masks, running-mean traces), which
// generation of settings it belongs to, and how fast the worker is sampling.
struct MaskSnapshot {
    MaskExperiment experiment;
    quint64 generation = 0;
    double samplesPerSecond = 0.0; // over the sampling time of the last chunk
    bool running = false;
};

// Draws the samples of the mask view in its own thread; it alone touches its experiment. Each chunk is at
// most ~25 ms of sampling and ends with a snapshot. While playing, every bin grows by about a sixth per chunk
// (at least one sample), so the first samples can be watched one by one and 10⁶ per x is reached in seconds.
class MaskWorker : public Worker {
    Q_OBJECT
public:
    using Worker::Worker;

    // A new experiment (new settings or a reset): stops, and emits its empty snapshot.
    void reset(const gelulab::MaskExperiment &experiment, quint64 generation);
    // Samples until every x has `target` samples.
    void play(qint64 target);
    void pause();
    // Adds `count` samples at every x at once.
    void step(qint64 count);
    // Play's pace: samples at every x a second (0: as fast as possible, a sixth more each chunk).
    void setSpeed(double samplesPerSecond);

signals:
    void snapshotReady(std::shared_ptr<gelulab::MaskSnapshot> snapshot);

private:
    void runChunk() override;
    void add(std::int64_t count);
    void emitSnapshot();

    MaskExperiment m_experiment;
    qint64 m_target = 0;
    bool m_running = false;
    double m_samplesPerSecond = 0.0;
    Pace m_pace;
};

} // namespace gelulab
