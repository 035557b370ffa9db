#pragma once

#include "grid_probe.h"
#include "pace.h"
#include "trainer.h"
#include "worker.h"

#include <QElapsedTimer>

#include <memory>
#include <optional>

namespace gelulab {

// One epoch's weight-gradient norms, ‖dL/dW‖ per weight layer: what the gradient-flow plot draws.
struct EpochGradientNorms {
    int epoch = 0;
    std::vector<double> norms;
};

// What the Playground draws after a chunk of training: the trainer's snapshot (losses, statistics), the
// network drawn over the plane (the boundary, every unit's small map and the hovered unit; `grid.size` 0 when
// this snapshot brings no new picture and the previous one stays), the losses and gradient norms of the
// epochs since the previous snapshot, and whether training goes on. The history is appended, not resent: a
// snapshot from the worker carries the records after those it sent before, unless replacesHistory (the first
// one after a reset or a restored network, and any snapshot built in one piece, as the command line's). Both
// series are bounded (EpochSeries): a run of a million epochs keeps the latest kRecentEpochs whole and the
// older ones thinned to at most kOlderEpochs, in the worker and in the view alike.
struct PlaygroundSnapshot {
    static constexpr std::size_t kOlderEpochs = 8192;
    static constexpr std::size_t kRecentEpochs = 2048;

    TrainingSnapshot training;
    GridPicture grid; // size 0 when the worker draws no grid
    EpochSeries<EpochRecord> history{kOlderEpochs, kRecentEpochs};
    EpochSeries<EpochGradientNorms> gradientNorms{kOlderEpochs, kRecentEpochs};
    bool replacesHistory = true;
    quint64 generation = 0;
    bool running = false;
    double epochsPerSecond = 0.0;

    // Takes the next snapshot in: its training state and flags, its picture if it has one, and its records
    // appended to this history (or in its place). The generation stays.
    void take(PlaygroundSnapshot &&next);
};

// Trains the Playground's network in its own thread; only it touches the network. Divergence pauses
// training.
class TrainingWorker : public Worker {
    Q_OBJECT
public:
    using Worker::Worker;

    // While training, a new picture at most this often (the screen shows no more), and training in between;
    // a snapshot without a picture at most every kFrameIntervalMs, when the view has taken the last one.
    static constexpr int kPictureIntervalMs = 66;
    static constexpr int kFrameIntervalMs = 8;
    // The units' small maps: as many cells a side as the diagram draws pixels.
    static constexpr int kUnitGrid = 34;
    // While training a network whose full picture costs more than this many multiply-adds, the boundary is
    // drawn on a coarser grid (kCoarseGrid a side), and on the full one when training stops.
    static constexpr double kCoarseAbove = 5e7;
    static constexpr int kCoarseGrid = 50;

    // A new network on new data (a reset): stops and emits epoch 0. A bad combination emits failed().
    // The pictures cover [−extent, extent]².
    void configure(const Dataset &data, const TrainingSettings &settings, int grid, quint64 generation,
                   double extent = 6.0);
    // The hidden unit (layer from 0; −1: none) whose map the pictures carry at the boundary's resolution.
    void setHoveredUnit(int layer, int unit);
    void play();
    // Plays until this many more epochs are trained, then pauses (a lesson step's run): in chunks, as play.
    void playFor(int epochs);
    void pause();
    void step(int epochs);
    // Play's pace: epochs a second (0: as fast as possible). Slow paces train each epoch when it is due, with
    // a picture every time, and never catch up in a burst after falling behind.
    void setSpeed(double epochsPerSecond);
    // Between epochs, keeping the weights.
    void setActivations(const std::vector<std::string> &ids);
    void setLearningRate(double lr);
    void setRegularization(double l1, double l2);
    void setData(const Dataset &data);
    // layer, to, from as Trainer::setWeight; from < 0 sets the bias of unit `to`.
    void setParameter(int layer, int to, int from, double value);
    // The trained state (nothing before the first configure), and the same put back into the network just
    // configured: training goes on from there (a session opened). The gradient-flow plot starts at the
    // restored epoch.
    std::optional<TrainerState> trainerState() const;
    void restoreTraining(const TrainerState &state);

signals:
    void snapshotReady(std::shared_ptr<gelulab::PlaygroundSnapshot> snapshot);

private:
    void runChunk() override;
    void train(int epochs);
    // Applies a change to the trained network; failures are reported, and a paused view sees the result.
    void change(const std::function<void()> &command);
    // A snapshot with a new picture, or (withPicture false) with the training state only.
    void emitSnapshot(bool withPicture = true);

    std::optional<Trainer> m_trainer;
    std::optional<GridProbe> m_probe;       // the grid the view draws, made once per configuration
    std::optional<GridProbe> m_coarseProbe; // the same, coarser, for large networks while training
    QElapsedTimer m_sincePicture, m_sinceSnapshot;
    int m_hoveredLayer = -1, m_hoveredUnit = -1;
    // The gradient norms of epochs not sent yet (bounded, should the view fall far behind).
    EpochSeries<EpochGradientNorms> m_unsentNorms{PlaygroundSnapshot::kOlderEpochs,
                                                  PlaygroundSnapshot::kRecentEpochs};
    int m_sentEpoch = 0;        // the last epoch whose record was sent
    bool m_sentHistory = false; // since the last reset or restore: the next snapshot appends
    int m_stopAt = -1;          // playFor: the epoch to pause at (−1: play on)
    Pace m_pace;                // Play's epochs a second, when slower than the machine
    void runPacedChunk();
    bool m_running = false;
    double m_epochsPerSecond = 0.0;
};

} // namespace gelulab
