#pragma once

#include "mask.h"

#include <QElapsedTimer>
#include <QObject>

namespace gelulab {

// What the mask view draws: a copy of the experiment (tallies, first masks, running-mean traces), which
// generation of settings it belongs to, and how fast the worker is sampling.
struct MaskSnapshot {
    MaskExperiment experiment;
    quint64 generation = 0;
    double samplesPerSecond = 0.0; // over the sampling time of the last chunk
    bool running = false;
};

// Draws the samples of the mask view in its own thread. It alone touches its experiment; commands arrive as
// queued calls and take effect between chunks (each at most ~25 ms of sampling), and each chunk ends with a
// snapshot. While playing, every bin grows by about a sixth per chunk (at least one sample), so the first
// samples can be watched one by one and 10⁶ per x is reached in seconds.
class MaskWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public slots:
    // A new experiment (new settings or a reset): stops, and emits its empty snapshot.
    void reset(const gelulab::MaskExperiment &experiment, quint64 generation);
    // Samples until every x has `target` samples.
    void play(qint64 target);
    void pause();
    // Adds `count` samples at every x at once.
    void step(qint64 count);

signals:
    void snapshotReady(const gelulab::MaskSnapshot &snapshot);

private:
    void chunk();
    void add(std::int64_t count);
    void emitSnapshot();

    MaskExperiment m_experiment;
    quint64 m_generation = 0;
    qint64 m_target = 0;
    bool m_running = false;
    bool m_chunkQueued = false;
    double m_samplesPerSecond = 0.0;
};

} // namespace gelulab

Q_DECLARE_METATYPE(gelulab::MaskSnapshot)
