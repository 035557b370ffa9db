#pragma once

#include "comparison.h"
#include "grid_probe.h"
#include "worker.h"

#include <memory>
#include <optional>

namespace gelulab {

// What the Compare view draws after a chunk of training: per alternative the median and quartile curves, the
// decision boundary of its first seed's network, and, once the runs are finished, accuracy under input noise.
struct CompareSnapshot {
    quint64 generation = 0;
    int epoch = 0;  // the longest run's
    int epochs = 0; // the target
    bool finished = false;
    bool cancelled = false;
    std::vector<AlternativeSummary> summaries;
    std::vector<std::string> messages; // per alternative: the first divergence message, or empty
    int gridSize = 0;
    double gridFrom = -6.0, gridTo = 6.0;
    std::vector<std::vector<float>> boundaries; // per alternative, as GridPicture::output
    std::vector<OutputKind> outputs;            // per alternative: how to read its boundary
    std::vector<double> amplitudes;             // when finished: U[−a, a] input noise
    std::vector<std::vector<Quartiles>> robustness;
    double secondsElapsed = 0.0;
};

// The snapshot of a comparison as it stands (generation, cancelled and time left at their defaults); with
// robustness at a = 0, 0.25, …, 3 when asked, and each alternative's first network drawn by the probe when
// there is one.
CompareSnapshot compareSnapshot(const Comparison &comparison, int epochs, bool withRobustness,
                                GridProbe *probe);

// Trains a Comparison in its own thread, in chunks of about 50 ms (the runs of a chunk in parallel on the
// machine's cores), each chunk ending with a snapshot. cancel() stops the runs between epochs and the last
// snapshot says where.
class CompareWorker : public Worker {
    Q_OBJECT
public:
    using Worker::Worker;

    // Builds the runs (alternative a: every hidden layer uses alternatives[a]; seeds from settings.seed)
    // and trains them for `epochs` epochs. Bad settings emit failed().
    void start(const Dataset &data, const TrainingSettings &settings,
               const std::vector<std::string> &alternatives, int seeds, int epochs, int grid,
               quint64 generation);

signals:
    void snapshotReady(std::shared_ptr<gelulab::CompareSnapshot> snapshot);

private:
    void runChunk() override;
    void emitSnapshot();

    std::optional<Comparison> m_comparison;
    std::optional<GridProbe> m_probe; // draws each alternative's first network
    int m_epochs = 0;
    int m_chunkEpochs = 1;
    bool m_finished = false;
    bool m_cancelled = false;
    qint64 m_startedAt = 0;
};

} // namespace gelulab
