#include "paper.h"

#include "network_limits.h"
#include "run_cache.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace gelulab {
namespace {

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

TrainingSettings runSettings(const PaperSettings &p, const std::string &activation, double dropout, double lr,
                             std::uint64_t seed) {
    TrainingSettings s;
    s.hidden = p.hidden;
    s.activations = {activation};
    s.optimizer = p.optimizer;
    s.init = p.init;
    s.learningRate = lr;
    s.dropout = dropout;
    s.batch = p.batch;
    s.epochs = p.epochs;
    s.seed = seed;
    return s;
}

std::string splitKey(const ImageSplit &split) {
    std::ostringstream s;
    s << std::hex << splitFingerprint(split) << std::dec << " (" << split.trainX.rows() << " pixels; "
      << split.trainX.cols() << " train, " << split.validationX.cols() << " validation, "
      << split.testX.cols() << " test)";
    return s.str();
}

} // namespace

const std::vector<PaperExperimentKind> &paperExperiments() {
    static const std::vector<PaperExperimentKind> all{
        PaperExperimentKind::Classification,    PaperExperimentKind::Robustness,
        PaperExperimentKind::Autoencoder,       PaperExperimentKind::FashionClassification,
        PaperExperimentKind::FashionRobustness, PaperExperimentKind::FashionAutoencoder};
    return all;
}

bool paperClassifies(PaperExperimentKind kind) {
    return kind != PaperExperimentKind::Autoencoder && kind != PaperExperimentKind::FashionAutoencoder;
}

bool paperMeasuresNoise(PaperExperimentKind kind) {
    return kind == PaperExperimentKind::Robustness || kind == PaperExperimentKind::FashionRobustness;
}

bool onFashionMnist(PaperExperimentKind kind) {
    return kind == PaperExperimentKind::FashionClassification ||
           kind == PaperExperimentKind::FashionRobustness || kind == PaperExperimentKind::FashionAutoencoder;
}

PaperSettings paperDefaults(PaperExperimentKind kind) {
    PaperSettings s;
    s.experiment = kind;
    if (onFashionMnist(kind)) {
        s.validation = 5'000; // the paper's
        s.test = 10'000;
    }
    if (!paperClassifies(kind)) {
        s.hidden = onFashionMnist(kind) ? std::vector<int>{1000, 500, 250, 30, 250, 500, 1000}
                                        : std::vector<int>{128, 64, 32, 8, 32, 64, 128};
        s.dropouts = {0.0};
        s.learningRates = {1e-3, 1e-4};
        s.batch = 64; // the paper's autoencoder: batch 64, median of three runs
        s.seeds = 3;
    }
    return s;
}

std::string PaperVariant::key(PaperExperimentKind kind) const {
    if (!paperClassifies(kind)) return activation + "/lr=" + number(learningRate);
    return dropout > 0.0 ? activation + "/dropout=" + number(dropout) : activation;
}

std::string checkPaperSettings(const PaperSettings &p) {
    if (p.activations.empty()) return "name at least one activation";
    if (p.seeds < 1 || p.seeds > 100) return "seeds must be from 1 to 100";
    if (p.epochs < 1 || p.epochs > 10'000) return "epochs must be from 1 to 10000";
    if (p.dropouts.empty() || p.learningRates.empty())
        return "name at least one dropout rate and learning rate";
    if (!paperClassifies(p.experiment) &&
        std::any_of(p.dropouts.begin(), p.dropouts.end(), [](double d) { return d != 0.0; }))
        return "the autoencoder trains without dropout";
    if (p.hidden.empty()) return "at least one hidden layer";
    if (const std::string problem = hiddenLayersProblem(p.hidden, kMaxExperimentUnits); !problem.empty())
        return problem;
    // Everything else the trainer checks: build one of each variant on a scrap of data (of any width).
    MatrixData scrap;
    scrap.problem = paperClassifies(p.experiment) ? Problem::Classification : Problem::Regression;
    scrap.classes = 10;
    scrap.trainX = FloatMatrix::Zero(2, 2);
    scrap.testX = scrap.trainX;
    scrap.trainLabels = scrap.testLabels = {0, 1};
    scrap.trainTargets = scrap.testTargets = scrap.trainX;
    try {
        for (const std::string &a : p.activations)
            for (double d : p.dropouts)
                for (double lr : p.learningRates)
                    Trainer(scrap, runSettings(p, a, d, lr, p.seed));
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return {};
}

PaperResult runPaperExperiment(const ImageSplit &split, const PaperSettings &p,
                               const std::function<void(const PaperResult &)> &progress,
                               const std::atomic<bool> *cancel, const RunCache *cache) {
    if (const std::string problem = checkPaperSettings(p); !problem.empty())
        throw std::invalid_argument(problem);
    const bool classify = paperClassifies(p.experiment);
    PaperResult result;
    result.settings = p;
    result.trainImages = int(split.trainX.cols());
    result.validationImages = int(split.validationX.cols());
    result.testImages = int(split.testX.cols());
    result.amplitudes = noiseAmplitudes();
    // One copy of each part, read by every run (the paper's data: 172 MB of training images).
    const auto part = [&](bool onValidation) {
        return prepareExamples(classify ? splitClassification(split, 10, onValidation)
                                        : splitAutoencoder(split, onValidation));
    };

    // The variants: activation × dropout (rate to choose), or activation × rate (the autoencoder).
    for (const std::string &a : p.activations)
        if (classify) {
            for (double d : p.dropouts)
                result.variants.push_back({a, d, p.learningRates.front(), {}, {}, {}, {}});
        } else {
            for (double lr : p.learningRates)
                result.variants.push_back({a, 0.0, lr, {}, {}, {}, {}});
        }
    const bool tune = classify && p.learningRates.size() > 1;
    const double totalEpochs = double(p.epochs) * double(result.variants.size()) *
                               (double(p.seeds) + (tune ? double(p.learningRates.size()) : 0.0));
    double doneEpochs = 0.0;
    std::vector<double> passSeconds; // every run's every epoch: the training pass alone
    const auto stopped = [&] { return cancel && cancel->load(); };
    const auto report = [&](const std::string &phase) {
        result.phase = phase;
        result.fraction = std::min(1.0, doneEpochs / totalEpochs);
        if (!passSeconds.empty()) result.trainSecondsPerEpoch = quartiles(passSeconds).median;
        if (progress) progress(result);
    };
    // Every run of a group up to `epoch`, the time of each training pass kept.
    const auto advance = [&](Comparison &group, int epoch) {
        std::vector<const Trainer *> trained;
        std::vector<int> before;
        for (std::size_t a = 0; a < group.alternatives(); ++a)
            for (int k = 0; k < group.seeds(); ++k) {
                trained.push_back(&group.run(a, k));
                before.push_back(trained.back()->epoch());
            }
        group.advanceTo(epoch, cancel, p.threads);
        for (std::size_t i = 0; i < trained.size(); ++i)
            if (trained[i]->epoch() > before[i]) passSeconds.push_back(trained[i]->lastTrainingPassSeconds());
    };

    // Kept runs: a run's key names the data (every pixel), the part it is scored on and all its settings.
    const bool keep = cache && cache->enabled();
    const std::string dataKey = keep ? runKeyPrefix() + "; data " + splitKey(split) : std::string();
    struct Kept {
        std::string key;
        int epoch = 0; // where the kept run stood, 0 for none
    };
    // A run built by a group's factory, from its kept state when there is one.
    const auto build = [&](std::vector<Kept> &kept, const std::shared_ptr<const TrainingExamples> &data,
                           bool onValidation, const TrainingSettings &settings) {
        Trainer t(data, settings);
        Kept k;
        if (keep) {
            k.key =
                dataKey + (onValidation ? "; part validation; " : "; part test; ") + trainingKey(settings);
            if (const std::optional<TrainerState> s = cache->load(k.key, p.epochs)) {
                try {
                    t.restore(*s);
                    k.epoch = s->epoch;
                    ++result.reusedRuns;
                } catch (const std::invalid_argument &) {
                    // a kept state that does not fit: trained afresh, and replaced
                }
            }
        }
        kept.push_back(std::move(k));
        return t;
    };
    // Keeps every run of a group that trained further than it was kept.
    const auto store = [&](const Comparison &group, const std::vector<Kept> &kept) {
        if (!keep) return;
        for (std::size_t i = 0; i < kept.size(); ++i) {
            const Trainer &t = group.run(i / std::size_t(group.seeds()), int(i % std::size_t(group.seeds())));
            if (t.epoch() <= kept[i].epoch) continue;
            if (const std::string problem = cache->save(kept[i].key, t.state());
                !problem.empty() && result.cacheProblem.empty())
                result.cacheProblem = problem;
        }
    };

    // 1. Learning rates: each variant at each rate, first seed, scored on the validation part.
    if (tune) {
        const std::size_t rates = p.learningRates.size();
        const std::shared_ptr<const TrainingExamples> validationData = part(true);
        std::vector<Kept> kept;
        Comparison tuning(result.variants.size() * rates, 1, p.seed, [&](std::size_t i, std::uint64_t seed) {
            const PaperVariant &v = result.variants[i / rates];
            return build(kept, validationData, true,
                         runSettings(p, v.activation, v.dropout, p.learningRates[i % rates], seed));
        });
        for (int e = 0; e < p.epochs && !stopped(); ++e) {
            advance(tuning, e + 1);
            doneEpochs += double(tuning.alternatives());
            report("choosing learning rates");
        }
        store(tuning, kept);
        if (stopped()) {
            result.cancelled = true;
            report("cancelled");
            return result;
        }
        for (std::size_t v = 0; v < result.variants.size(); ++v) {
            PaperVariant &variant = result.variants[v];
            double best = INFINITY;
            for (std::size_t r = 0; r < rates; ++r) {
                const Trainer &t = tuning.run(v * rates + r, 0);
                // A diverged run scores its last good epoch; a run with no epoch scores 100 % error.
                const double error =
                    t.history().empty() ? 1.0 : 1.0 - t.history().back().testAccuracy.value_or(0.0);
                variant.validationScores.push_back(error);
                if (error < best) { // ties keep the larger (earlier) rate
                    best = error;
                    variant.learningRate = p.learningRates[r];
                }
            }
        }
    }

    // 2. Every variant over the seeds, tested on the test part.
    const std::shared_ptr<const TrainingExamples> testData = part(false);
    std::vector<Kept> kept;
    Comparison runs(result.variants.size(), p.seeds, p.seed, [&](std::size_t i, std::uint64_t seed) {
        const PaperVariant &v = result.variants[i];
        return build(kept, testData, false, runSettings(p, v.activation, v.dropout, v.learningRate, seed));
    });
    const auto summarise = [&] {
        for (std::size_t v = 0; v < result.variants.size(); ++v)
            result.variants[v].summary = runs.summary(v);
    };
    for (int e = 0; e < p.epochs && !stopped(); ++e) {
        advance(runs, e + 1);
        doneEpochs += double(result.variants.size()) * p.seeds;
        summarise();
        report("training");
    }
    summarise();
    store(runs, kept);
    if (stopped()) {
        result.cancelled = true;
        report("cancelled");
        return result;
    }

    // 3. The trained classifiers under input noise: accuracy and log loss, over the seeds.
    if (classify) {
        parallelFor(
            result.variants.size(),
            [&](std::size_t v) {
                for (double a : result.amplitudes) {
                    std::vector<double> accuracy, loss;
                    for (int k = 0; k < p.seeds; ++k) {
                        const Trainer &t = runs.run(v, k);
                        const NoisyScore s = t.scoreUnderNoise(a, t.settings().seed);
                        accuracy.push_back(s.accuracy.value_or(NAN));
                        loss.push_back(s.loss);
                    }
                    result.variants[v].noiseAccuracy.push_back(quartiles(accuracy));
                    result.variants[v].noiseLogLoss.push_back(quartiles(loss));
                }
            },
            p.threads);
    }
    result.finished = true;
    doneEpochs = totalEpochs;
    report("finished");
    return result;
}

} // namespace gelulab
