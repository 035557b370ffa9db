#pragma once

#include "trainer.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace gelulab {

// What the Playground draws after a chunk of training: the trainer's snapshot (losses, statistics, grids),
// the history of losses and of gradient norms, and whether training goes on.
struct PlaygroundSnapshot {
    TrainingSnapshot training;
    std::vector<EpochRecord> history;
    std::vector<std::vector<double>> gradientNorms; // per epoch, per weight layer: ‖dL/dW‖
    quint64 generation = 0;
    bool running = false;
    double epochsPerSecond = 0.0;
};

// Trains in its own thread (DESIGN.md): only it touches the network. Commands arrive as queued calls and
// apply between chunks of about 10 ms of training; each chunk ends with a snapshot tagged with the generation
// of the settings, so the view can drop snapshots that arrive after a reset. Divergence pauses training.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Snapshots sent but not yet drawn: while two are on their way the worker trains on without sending more,
    // so a slow display never piles up a queue.
    std::shared_ptr<std::atomic<int>> inFlight = std::make_shared<std::atomic<int>>(0);

    // A new network on new data (a reset): stops and emits epoch 0. A bad combination emits failed().
    void configure(const Dataset &data, const TrainingSettings &settings, int grid, quint64 generation);
    void play();
    void pause();
    void step(int epochs);
    // Between epochs, keeping the weights.
    void setActivations(const std::vector<std::string> &ids);
    void setLearningRate(double lr);
    void setRegularization(double l1, double l2);
    void setData(const Dataset &data);
    // layer, to, from as Trainer::setWeight; from < 0 sets the bias of unit `to`.
    void setParameter(int layer, int to, int from, double value);

signals:
    void snapshotReady(const gelulab::PlaygroundSnapshot &snapshot);
    void failed(const QString &message, quint64 generation);

private:
    void chunk();
    void train(int epochs);
    void emitSnapshot();

    std::optional<Trainer> m_trainer;
    std::vector<std::vector<double>> m_gradientNorms;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_chunkQueued = false;
    double m_epochsPerSecond = 0.0;
};

} // namespace gelulab

Q_DECLARE_METATYPE(gelulab::PlaygroundSnapshot)
