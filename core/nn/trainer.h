#pragma once
// Training a small MLP on a toy data set, one epoch per step(): what the Playground draws and the command
// line reports. Everything is seeded and single-threaded, so the same settings give bit-identical results.

#include "dataset.h"
#include "epoch_series.h"
#include "id_table.h"
#include "matrix_data.h"
#include "mlp.h"
#include "optimizer.h"
#include "training_examples.h"

#include <atomic>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace gelulab {

enum class LossKind { Squared, CrossEntropy };
template<>
struct EnumIds<LossKind> {
    static constexpr std::array rows{IdRow{LossKind::Squared, "squared"},
                                     IdRow{LossKind::CrossEntropy, "cross-entropy"}};
};
enum class InitKind { Uniform, Glorot, He, UnitNorm };
template<>
struct EnumIds<InitKind> {
    static constexpr std::array rows{IdRow{InitKind::Uniform, "uniform"}, IdRow{InitKind::Glorot, "glorot"},
                                     IdRow{InitKind::He, "he"}, IdRow{InitKind::UnitNorm, "unit-norm"}};
};

struct TrainingSettings {
    std::vector<Feature> features{Feature::X1, Feature::X2};
    std::vector<int> hidden{8, 8};                // 0 to 8 layers of 1 to 128 units
    std::vector<std::string> activations{"gelu"}; // one for every hidden layer, or one per layer; "soi" too
    std::optional<LossKind> loss;                 // default: cross-entropy to classify, squared to regress
    InitKind init = InitKind::Glorot;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 0.01;
    Schedule schedule = Schedule::Constant;
    double l1 = 0.0;
    double l2 = 0.0;
    double dropout = 0.0; // on hidden units while training, in [0, 0.9]
    int batch = 10;
    int epochs = 500; // the run length the schedules refer to
    std::uint64_t seed = 1;
};

struct EpochRecord {
    int epoch = 0;
    double trainLoss = 0.0;
    double testLoss = 0.0;
    std::optional<double> trainAccuracy; // classification only
    std::optional<double> testAccuracy;
};

struct LayerStatistics {
    double weightGradientNorm = 0.0;        // mean over the epoch's batches of ‖dL/dW‖
    double preActivationGradientNorm = 0.0; // mean over the epoch's batches of ‖dL/dZ‖
    double inactiveFraction = 0.0;          // units with |f′(z)| < 1e-3 on every training point
    std::vector<int> inactiveUnits;         // their indices
    std::vector<int> histogram;             // the layer's outputs on the training points
    double histogramFrom = 0.0;
    double histogramTo = 0.0;
};

// Accuracy (classification) and mean loss on the test inputs with noise added.
struct NoisyScore {
    std::optional<double> accuracy;
    double loss = 0.0;
};

// A run that stands wrong without having diverged, judged at its latest epoch: its training loss fell to a
// tenth of where it started (or lower) and is now back above half of the start and a thousand times its
// lowest (a late spike: Adam with a loss near 0) — reported from the epoch it rose there; it is ten times
// above where it started; or its test loss is not a finite number while training goes on. A spike the run
// recovered from is not a warning. The epoch and a sentence for the user; nothing for a healthy run.
struct TrainingWarning {
    int epoch = 0;
    std::string message;
};
// The same, watched epoch by epoch, so that a long run costs nothing per snapshot.
class TrainingWatch {
public:
    explicit TrainingWatch(double initialLoss = 0.0)
        : m_initialLoss(initialLoss)
        , m_lowest(initialLoss) {}
    void observe(const EpochRecord &record);
    // The warning for a run whose latest epoch is `last` (the one observed last), if any.
    std::optional<TrainingWarning> warning(const EpochRecord *last) const;

private:
    double m_initialLoss;
    double m_lowest;
    int m_lowestEpoch = 0;
    double m_lowestBeforeRise = 0.0; // the low the current rise started from
    int m_lowestEpochBeforeRise = 0;
    int m_riseEpoch = 0; // the first epoch of the current stretch above the collapse line, 0 for none
};
std::optional<TrainingWarning> trainingWarning(const std::vector<EpochRecord> &history, double initialLoss);

// A value type: the state after an epoch, as the Playground and the command line report it (the pictures over
// the plane come from a GridProbe, on request).
struct TrainingSnapshot {
    EpochRecord record;
    std::vector<LayerStatistics> layers; // one per hidden layer
    std::optional<int> divergedAt;
    std::string message;
    std::optional<TrainingWarning> warning; // went wrong without diverging (TrainingWatch)
    Mlp<float> network;
};

// Everything training needs to go on exactly where it stopped: with the same data and settings, a trainer
// restored from it trains bit for bit as the one it was taken from would have (on the same SIMD target).
struct TrainerState {
    int epoch = 0;
    double initialLoss = 0.0;
    std::optional<int> divergedAt;
    std::string message;
    std::vector<EpochRecord> history; // in increasing epoch order, thinned as the trainer's (EpochSeries)
    std::vector<Mlp<float>::Matrix> weights; // as Mlp::W
    std::vector<Mlp<float>::Vector> biases;  // as Mlp::b
    OptimizerState optimizer;
    std::string random; // the engine (shuffles, dropout) as its standard text form
};

// Why a state does not fit a network of these layer shapes (rows × cols per weight layer), or an empty
// string: shapes, finite numbers, optimiser arrays, epochs, the engine's text.
std::string trainerStateProblem(const TrainerState &state, const std::vector<std::pair<int, int>> &shapes);

class Trainer {
public:
    static constexpr int kHistogramBins = 24;
    // Training has diverged when the loss or a weight is not finite, or the training loss exceeds this many
    // times max(1, its value before training).
    static constexpr double kDivergenceFactor = 1e4;

    // Throws std::invalid_argument for settings that do not fit the data (unknown activation, too many
    // layers, squared loss for more than two classes, …).
    Trainer(Dataset data, const TrainingSettings &settings);
    // The same on matrix data (settings.features are ignored; the input width is the data's).
    Trainer(MatrixData data, const TrainingSettings &settings);
    // The same on examples shared, read only, by many trainers (prepareExamples): the paper's runs keep one
    // copy of 55,000 images.
    Trainer(std::shared_ptr<const TrainingExamples> examples, const TrainingSettings &settings);

    // One epoch in mini-batches over the shuffled training points, then the statistics. After divergence it
    // changes nothing and returns the last good state with the message.
    TrainingSnapshot step();
    // The same epoch without building a snapshot (a worker trains many epochs per picture); false when
    // training has diverged (now or before), or when *cancel became true: it is checked between mini-batches,
    // and a cancelled epoch is undone (weights, optimiser and random state as before it), so the trainer goes
    // on as if it had not started.
    bool trainEpoch(const std::atomic<bool> *cancel = nullptr);
    // Seconds the last epoch's mini-batches took: the training pass alone, without the evaluation after it.
    double lastTrainingPassSeconds() const { return m_trainingPassSeconds; }
    // The current state without training.
    TrainingSnapshot snapshot(); // not const: it evaluates with the buffers the trainer keeps

    // The state to save, and the same put back (after construction with the same data and settings). restore
    // throws std::invalid_argument, changing nothing, for a state that does not fit this network.
    TrainerState state() const;
    void restore(const TrainerState &state);

    // Switches activations between epochs, keeping the weights (one id for all layers or one per layer).
    void setActivations(const std::vector<std::string> &ids);
    // The same with activations already built (parameters set); one per hidden layer.
    void setHiddenActivations(std::vector<HiddenActivation> activations);
    void setLearningRate(double lr);
    void setRegularization(double l1, double l2);
    // Sets one weight (weight layer l, from unit `from` of the layer below to unit `to`) or bias, between
    // epochs; throws std::invalid_argument for an index out of range or a value that is not finite.
    void setWeight(int layer, int to, int from, double value);
    void setBias(int layer, int unit, double value);
    // Replaces the points (added or removed ones), keeping the weights; the problem and classes must match.
    void setData(Dataset data);
    int epoch() const { return m_epoch; }
    bool diverged() const { return m_divergedAt.has_value(); }
    std::optional<int> divergedAt() const { return m_divergedAt; }
    // Why training stopped, once it has diverged.
    const std::string &message() const { return m_message; }
    // What stands wrong without having diverged (TrainingWatch over the history so far), if anything.
    std::optional<TrainingWarning> warning() const {
        return m_watch.warning(m_history.empty() ? nullptr : &m_history.back());
    }
    const Dataset &data() const { return m_data; }
    const TrainingSettings &settings() const { return m_settings; }
    const Mlp<float> &network() const { return m_net; }
    // Every epoch's record, or (after setHistoryBound) the latest epochs whole and the older ones thinned.
    const std::vector<EpochRecord> &history() const { return m_history.records(); }
    // Keeps the history in bounded memory (EpochSeries): a run trained for days, as the Playground's.
    void setHistoryBound(std::size_t older, std::size_t recent) { m_history.setBound(older, recent); }
    const std::vector<HiddenActivation> &activations() const { return m_activations; }
    // Per weight layer, the mean gradient norms of the last epoch.
    const std::vector<LayerGradientNorms> &lastGradientNorms() const { return m_epochNorms; }
    // Their weight parts, ‖dL/dW‖ per weight layer: what the gradient-flow plot draws.
    std::vector<double> weightGradientNorms() const;

    // Accuracy and loss on the test examples with U[−a, a] noise added to every raw input (x1 and x2 before
    // the features, for 2-D points), seeded.
    NoisyScore scoreUnderNoise(double amplitude, std::uint64_t seed) const;
    bool hasPoints() const { return !m_matrixInput; }
    Problem problem() const { return m_problem; }

    // Evaluation goes through at most this many examples at a time, so that its buffers stay small whatever
    // the data's size (the paper's 55,000 images); the digits and the Playground's points fit in one.
    static constexpr Eigen::Index kEvaluationChunk = 2048;

    // Features and targets of points as the network sees them (one column per point).
    Mlp<float>::Matrix featureMatrix(const std::vector<DataPoint> &points) const;
    Mlp<float>::Matrix targetMatrix(const std::vector<DataPoint> &points) const;

private:
    void setUp(Problem problem, int classes, int inputs, int regressionOutputs);
    void initialise();
    // The features and targets of the training and test points, as the network sees them.
    void buildDataMatrices();
    EpochRecord evaluate(int epoch);
    struct Score {
        double loss = 0.0;
        std::optional<double> accuracy;
    };
    // Where score() reads from: examples as columns (inputs × examples, targets outputs × examples) or as
    // rows (examples × inputs, targets examples × outputs).
    struct Examples {
        const Mlp<float>::Matrix &x, &targets;
        const std::vector<int> &labels;
        bool asRows = false;
        Eigen::Index count() const { return asRows ? x.rows() : x.cols(); }
    };
    // Loss and accuracy of the network on the examples, kEvaluationChunk at a time through cache (the chunk's
    // inputs and targets in chunkX and chunkT).
    Score score(const Examples &examples, ForwardCache<float> &cache, Mlp<float>::Matrix &chunkX,
                Mlp<float>::Matrix &chunkT) const;
    // How many columns of the output name their label.
    std::size_t correct(const Mlp<float>::Matrix &output, const int *labels) const;
    Examples trainExamples() const;
    Examples testExamples() const;
    Mlp<float>::Matrix labelTargets(const std::vector<int> &labels) const;
    void fillStatistics(TrainingSnapshot &s) const;

    Dataset m_data;
    TrainingSettings m_settings;
    Mlp<float> m_net;
    std::vector<HiddenActivation> m_activations;
    Optimizer m_optimizer;
    std::mt19937_64 m_engine;
    // Inputs, labels and regression targets: the given examples (shared, read only) or the points' features.
    std::shared_ptr<const TrainingExamples> m_examples;
    // Classification targets, from the labels and the output: training examples as rows, test ones as
    // columns.
    Mlp<float>::Matrix m_trainTargetRows, m_testT;
    bool m_matrixInput = false;
    Problem m_problem = Problem::Classification;
    int m_classes = 0;
    int m_epoch = 0;
    double m_initialLoss = 0.0;
    std::optional<int> m_divergedAt;
    std::string m_message;
    EpochSeries<EpochRecord> m_history;
    TrainingWatch m_watch; // over every epoch trained here (after a restore: over the saved, thinned records)
    std::vector<LayerGradientNorms> m_epochNorms;
    // Reused from epoch to epoch: allocated afresh each time, the large ones cost page faults (a fifth of a
    // digits run). A trainer is used by one thread at a time.
    ForwardCache<float> m_trainEvalCache, m_testEvalCache;
    ForwardCache<float> m_batchCache;
    std::vector<Mlp<float>::Matrix> m_dW;
    std::vector<Mlp<float>::Vector> m_db;
    Mlp<float>::Matrix m_batchX, m_batchT;
    Mlp<float>::Matrix m_batchRows, m_batchTargetRows; // the batch's examples as rows, before transposing
    Mlp<float>::Matrix m_chunkX, m_chunkT;
    Mlp<float> m_lastGood;
    double m_trainingPassSeconds = 0.0;
};

// The hidden activations named by ids: one id for all layers or one per layer; "soi" is the SOI gate.
std::vector<HiddenActivation> hiddenActivations(const std::vector<std::string> &ids, std::size_t layers);

} // namespace gelulab
