#pragma once
// The GELU paper's experiments (Hendrycks & Gimpel 2016, section 3), on Fashion-MNIST at the paper's size
// (60,000 images of 28×28 pixels) or, quickly, on the UCI digits (the protocol scaled to 1,797 images of 8×8
// pixels). Classification: an 8 × 128 MLP trained with Adam, batch 128, each activation with and without
// dropout, the learning rate chosen on the validation part, then median and quartiles over seeds on the test
// part (Figure 2). Robustness: those classifiers under U[−a, a] input noise (Figure 3). Autoencoder: the
// paper's 784-1000-500-250-30-250-500-1000-784 (the digits: a scaled 64-…-64) at two learning rates (Figure
// 4).

#include "comparison.h"
#include "id_table.h"
#include "image_split.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gelulab {

class RunCache;

// Each experiment on its data: the digits' (the quick version) and Fashion-MNIST's (the paper's size).
enum class PaperExperimentKind {
    Classification,
    Robustness,
    Autoencoder,
    FashionClassification,
    FashionRobustness,
    FashionAutoencoder
};
template<>
struct EnumIds<PaperExperimentKind> {
    static constexpr std::array rows{
        IdRow{PaperExperimentKind::Classification, "digits-classification"},
        IdRow{PaperExperimentKind::Robustness, "digits-robustness"},
        IdRow{PaperExperimentKind::Autoencoder, "digits-autoencoder"},
        IdRow{PaperExperimentKind::FashionClassification, "fashion-classification"},
        IdRow{PaperExperimentKind::FashionRobustness, "fashion-robustness"},
        IdRow{PaperExperimentKind::FashionAutoencoder, "fashion-autoencoder"}};
};
const std::vector<PaperExperimentKind> &paperExperiments();
// Classifies (Figures 2 and 3), rather than reconstructs (Figure 4).
bool paperClassifies(PaperExperimentKind kind);
// Measures the trained classifiers under input noise (Figure 3).
bool paperMeasuresNoise(PaperExperimentKind kind);
// Runs on Fashion-MNIST (fashion_mnist.h), not on the digits.
bool onFashionMnist(PaperExperimentKind kind);

struct PaperSettings {
    PaperExperimentKind experiment = PaperExperimentKind::Classification;
    std::vector<std::string> activations{"gelu", "relu", "elu"};
    int seeds = 5;
    int epochs = 50;
    int batch = 128;
    std::vector<int> hidden = std::vector<int>(8, 128);
    // Classification and robustness: each activation with each dropout rate.
    std::vector<double> dropouts{0.0, 0.5};
    // Classification and robustness: the candidates, one chosen per variant on the validation part (with the
    // first seed); the autoencoder trains every activation at every rate.
    std::vector<double> learningRates{1e-3, 1e-4, 1e-5};
    OptimizerKind optimizer = OptimizerKind::Adam;
    InitKind init = InitKind::UnitNorm; // the paper's: rows of unit norm
    int validation = 297;               // images held out to choose the learning rate (Fashion-MNIST: 5,000)
    int test = 300; // digits held out to test, the rest (1,200) train (Fashion-MNIST: its 10,000 test images)
    std::uint64_t seed = 1; // the split's seed and the first run's
    unsigned threads = 0;   // 0: one per core
};

// The experiment's own defaults (the autoencoder: 1000-500-250-30-250-500-1000 on Fashion-MNIST as the
// paper's, 128-64-32-8-32-64-128 on the digits; no dropout, rates 1e-3 and 1e-4, batch 64, three seeds, as
// the paper's).
PaperSettings paperDefaults(PaperExperimentKind kind);

// One line of the result: an activation with a dropout rate and a learning rate, over the seeds.
struct PaperVariant {
    std::string activation;
    double dropout = 0.0;
    double learningRate = 0.0;
    // Learning-rate choice: the validation error (classification) or loss (autoencoder) per candidate.
    std::vector<double> validationScores;
    AlternativeSummary summary; // on the test part, per epoch and final
    // Robustness (classification experiments, once trained): per noise amplitude, over the seeds.
    std::vector<Quartiles> noiseAccuracy, noiseLogLoss;
    // "gelu", "gelu/dropout=0.5", "gelu/lr=0.001": the name in tables and JSON.
    std::string key(PaperExperimentKind kind) const;
};

struct PaperResult {
    PaperSettings settings;
    std::vector<PaperVariant> variants;
    std::vector<double> amplitudes; // 0, 0.25, …, 3
    int trainImages = 0, validationImages = 0, testImages = 0;
    std::string phase; // "choosing learning rates", "training", "measuring noise", "finished", "cancelled"
    double fraction = 0.0; // of all epochs to train
    // The median over every run's epochs so far of the training pass alone (mini-batches: no evaluation, no
    // noise, no loading), in seconds; 0 before the first epoch. The figure to hold against other frameworks.
    double trainSecondsPerEpoch = 0.0;
    bool finished = false;
    bool cancelled = false;
    // Runs taken from the cache of kept runs (finished, or to be trained on from where they stopped), and
    // why runs could not be kept, if they could not (the experiment's result is whole either way).
    int reusedRuns = 0;
    std::string cacheProblem;
};

// Checks the settings (std::invalid_argument naming the problem) and runs them. Runs train in parallel on
// settings.threads threads; each is deterministic from its seed, so the result does not depend on the
// thread count. progress, when given, is called from the calling thread after every epoch of every phase
// with the result so far (variants in the final order, their curves filling in). *cancel stops the runs
// between mini-batches; the result then says cancelled and holds the epochs finished. The split is the
// digits' or Fashion-MNIST's, as settings.experiment says (10 classes either way). With a cache, every run
// kept there under the same key (run_cache.h) is taken instead of trained, or trained on from the epoch it
// reached, and every run trained further here is kept when its phase ends (finished or cancelled).
PaperResult runPaperExperiment(const ImageSplit &split, const PaperSettings &settings,
                               const std::function<void(const PaperResult &)> &progress = {},
                               const std::atomic<bool> *cancel = nullptr, const RunCache *cache = nullptr);

// The settings' problems, or an empty string.
std::string checkPaperSettings(const PaperSettings &settings);

} // namespace gelulab
