#include "saved_results.h"
#include "session_checks.h"

namespace gelulab::session {

namespace {

std::array<double, 3> triple(const Quartiles &q) {
    return {q.q1, q.median, q.q3};
}

Quartiles quartiles(const std::array<double, 3> &t) {
    return {t[0], t[1], t[2]};
}

} // namespace

std::vector<std::array<double, 3>> toTriples(const std::vector<Quartiles> &curve) {
    std::vector<std::array<double, 3>> out;
    out.reserve(curve.size());
    for (const Quartiles &q : curve)
        out.push_back(triple(q));
    return out;
}

std::vector<Quartiles> toQuartiles(const std::vector<std::array<double, 3>> &curve) {
    std::vector<Quartiles> out;
    out.reserve(curve.size());
    for (const auto &t : curve)
        out.push_back(quartiles(t));
    return out;
}

CompareSummary toCompareSummary(const AlternativeSummary &a) {
    return {toTriples(a.trainLoss),
            toTriples(a.testLoss),
            toTriples(a.testAccuracy),
            triple(a.finalTrainLoss),
            triple(a.finalTestLoss),
            triple(a.finalTestAccuracy),
            a.divergedRuns,
            a.warnedRuns};
}

AlternativeSummary toAlternativeSummary(const CompareSummary &c) {
    AlternativeSummary a;
    a.trainLoss = toQuartiles(c.trainLoss);
    a.testLoss = toQuartiles(c.testLoss);
    a.testAccuracy = toQuartiles(c.testAccuracy);
    a.finalTrainLoss = quartiles(c.finalTrainLoss);
    a.finalTestLoss = quartiles(c.finalTestLoss);
    a.finalTestAccuracy = quartiles(c.finalTestAccuracy);
    a.divergedRuns = c.divergedRuns;
    a.warnedRuns = c.warnedRuns;
    return a;
}

PaperResults toPaperResults(const PaperResult &r) {
    PaperResults saved;
    const PaperSettings &s = r.settings;
    saved.experiment = idOf(s.experiment);
    saved.activations = s.activations;
    saved.seeds = s.seeds;
    saved.epochs = s.epochs;
    saved.dropouts = s.dropouts;
    saved.learningRates = s.learningRates;
    saved.optimizer = idOf(s.optimizer);
    for (const PaperVariant &v : r.variants)
        saved.variants.push_back({v.activation, v.dropout, v.learningRate, v.validationScores,
                                  toCompareSummary(v.summary), toTriples(v.noiseAccuracy),
                                  toTriples(v.noiseLogLoss)});
    saved.amplitudes = r.amplitudes;
    saved.trainImages = r.trainImages;
    saved.validationImages = r.validationImages;
    saved.testImages = r.testImages;
    saved.trainSecondsPerEpoch = r.trainSecondsPerEpoch;
    saved.cancelled = r.cancelled;
    saved.reusedRuns = r.reusedRuns;
    return saved;
}

PaperResult toPaperResult(const PaperResults &saved) {
    PaperResult r;
    r.settings = paperDefaults(*fromId<PaperExperimentKind>(saved.experiment));
    r.settings.activations = saved.activations;
    r.settings.seeds = saved.seeds;
    r.settings.epochs = saved.epochs;
    r.settings.dropouts = saved.dropouts;
    r.settings.learningRates = saved.learningRates;
    r.settings.optimizer = *fromId<OptimizerKind>(saved.optimizer);
    for (const PaperVariantResult &v : saved.variants) {
        PaperVariant variant;
        variant.activation = v.activation;
        variant.dropout = v.dropout;
        variant.learningRate = v.learningRate;
        variant.validationScores = v.validationScores;
        variant.summary = toAlternativeSummary(v.summary);
        variant.noiseAccuracy = toQuartiles(v.noiseAccuracy);
        variant.noiseLogLoss = toQuartiles(v.noiseLogLoss);
        r.variants.push_back(std::move(variant));
    }
    r.amplitudes = saved.amplitudes;
    r.trainImages = saved.trainImages;
    r.validationImages = saved.validationImages;
    r.testImages = saved.testImages;
    r.trainSecondsPerEpoch = saved.trainSecondsPerEpoch;
    r.cancelled = saved.cancelled;
    r.finished = !saved.cancelled;
    r.phase = saved.cancelled ? "cancelled" : "finished";
    r.fraction = 1.0;
    r.reusedRuns = saved.reusedRuns;
    return r;
}

namespace checks {
namespace {

void checkQuartiles(const std::string &path, const std::array<double, 3> &q) {
    for (double v : q)
        if (!std::isnan(v) && !(std::abs(v) <= 1e300)) fail(path, "a quartile is neither a number nor NaN");
}

void checkCurve(const std::string &path, const std::vector<std::array<double, 3>> &curve, std::size_t size) {
    if (curve.size() != size) fail(path, "expected " + std::to_string(size) + " epochs");
    for (std::size_t e = 0; e < curve.size(); ++e)
        checkQuartiles(path + "[" + std::to_string(e) + "]", curve[e]);
}

void checkSummary(const std::string &path, const CompareSummary &summary) {
    const std::size_t epochs = summary.testLoss.size();
    checkCurve(path + "trainLoss", summary.trainLoss, epochs);
    checkCurve(path + "testLoss", summary.testLoss, epochs);
    if (!summary.testAccuracy.empty()) checkCurve(path + "testAccuracy", summary.testAccuracy, epochs);
    checkQuartiles(path + "finalTrainLoss", summary.finalTrainLoss);
    checkQuartiles(path + "finalTestLoss", summary.finalTestLoss);
    checkQuartiles(path + "finalTestAccuracy", summary.finalTestAccuracy);
    checkInteger(path + "divergedRuns", summary.divergedRuns, 0, 1000);
    checkInteger(path + "warnedRuns", summary.warnedRuns, 0, 1000);
}

} // namespace

void checkCompareResults(const std::string &base, const CompareResults &r, const Activations &known) {
    const std::size_t runs = r.activations.size();
    if (runs < 1 || runs > std::size_t(CompareState::kMaxRuns))
        fail(base + "activations", "1 to " + std::to_string(CompareState::kMaxRuns) + " runs");
    for (std::size_t i = 0; i < runs; ++i)
        if (r.activations[i] != "soi")
            known.parameters(base + "activations[" + std::to_string(i) + "]", r.activations[i]);
    checkInteger(base + "epochs", r.epochs, 0, 100'000);
    checkNumber(base + "seconds", r.seconds, 0.0, 1e9);
    if (r.summaries.size() != runs) fail(base + "summaries", "one per run");
    for (std::size_t i = 0; i < runs; ++i) {
        checkSummary(base + "summaries[" + std::to_string(i) + "].", r.summaries[i]);
    }
    if (!r.messages.empty() && r.messages.size() != runs) fail(base + "messages", "one per run");
    for (std::size_t i = 0; i < r.messages.size(); ++i)
        checkText(base + "messages[" + std::to_string(i) + "]", r.messages[i], 1000);
    checkInteger(base + "gridSize", r.gridSize, 0, CompareResults::kMaxGrid);
    if (r.boundaries.size() != runs || r.outputs.size() != runs)
        fail(base + "boundaries", "one boundary and one output kind per run");
    for (std::size_t i = 0; i < runs; ++i) {
        const std::string path = base + "boundaries[" + std::to_string(i) + "]";
        if (r.boundaries[i].size() != std::size_t(r.gridSize) * std::size_t(r.gridSize))
            fail(path, "expected gridSize² values");
        for (double v : r.boundaries[i])
            if (!(std::abs(v) <= 1e30)) fail(path, "not a finite output");
        checkInteger(base + "outputs[" + std::to_string(i) + "]", r.outputs[i], 0, 3);
    }
    if (r.amplitudes.size() > 64) fail(base + "amplitudes", "at most 64 amplitudes");
    for (std::size_t a = 0; a < r.amplitudes.size(); ++a)
        checkNumber(base + "amplitudes[" + std::to_string(a) + "]", r.amplitudes[a], 0.0, 1e3);
    if (!r.robustness.empty() && r.robustness.size() != runs) fail(base + "robustness", "one per run");
    for (std::size_t i = 0; i < r.robustness.size(); ++i)
        checkCurve(base + "robustness[" + std::to_string(i) + "]", r.robustness[i], r.amplitudes.size());
}

void checkPaperResults(const std::string &base, const PaperResults &r, const Activations &known) {
    checkId<PaperExperimentKind>(base + "experiment", r.experiment, "experiment");
    checkId<OptimizerKind>(base + "optimizer", r.optimizer, "optimizer");
    if (r.activations.empty() || r.activations.size() > PaperResults::kMaxVariants)
        fail(base + "activations", "1 to 64 activations");
    for (std::size_t i = 0; i < r.activations.size(); ++i)
        if (r.activations[i] != "soi")
            known.parameters(base + "activations[" + std::to_string(i) + "]", r.activations[i]);
    checkInteger(base + "seeds", r.seeds, 1, 20);
    checkInteger(base + "epochs", r.epochs, 1, 1000);
    for (const bool rates : {false, true}) {
        const std::vector<double> &values = rates ? r.learningRates : r.dropouts;
        const std::string path = base + (rates ? "learningRates" : "dropouts");
        if (values.empty() || values.size() > 16) fail(path, "1 to 16 values");
        for (std::size_t i = 0; i < values.size(); ++i)
            checkNumber(path + "[" + std::to_string(i) + "]", values[i], 0.0, rates ? 10.0 : 0.9);
    }
    if (r.variants.size() > PaperResults::kMaxVariants) fail(base + "variants", "at most 64 variants");
    if (r.amplitudes.size() > 64) fail(base + "amplitudes", "at most 64 amplitudes");
    for (std::size_t a = 0; a < r.amplitudes.size(); ++a)
        checkNumber(base + "amplitudes[" + std::to_string(a) + "]", r.amplitudes[a], 0.0, 1e3);
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
        const PaperVariantResult &v = r.variants[i];
        const std::string path = base + "variants[" + std::to_string(i) + "].";
        if (v.activation != "soi") known.parameters(path + "activation", v.activation);
        checkNumber(path + "dropout", v.dropout, 0.0, 0.9);
        checkNumber(path + "learningRate", v.learningRate, 0.0, 10.0);
        if (v.validationScores.size() > 16) fail(path + "validationScores", "at most 16");
        for (double score : v.validationScores)
            if (!std::isnan(score) && !(std::abs(score) <= 1e300))
                fail(path + "validationScores", "neither a number nor NaN");
        checkSummary(path + "summary.", v.summary);
        // The classifiers' curves are drawn as errors, 1 − accuracy, epoch by epoch.
        if (paperClassifies(*fromId<PaperExperimentKind>(r.experiment)) &&
            v.summary.testAccuracy.size() != v.summary.testLoss.size())
            fail(path + "summary.testAccuracy", "a classifier's accuracy, one per epoch");
        if (v.summary.testLoss.size() > std::size_t(r.epochs))
            fail(path + "summary", "more epochs than the experiment's");
        for (const bool logLoss : {false, true}) {
            const auto &curve = logLoss ? v.noiseLogLoss : v.noiseAccuracy;
            if (!curve.empty())
                checkCurve(path + (logLoss ? "noiseLogLoss" : "noiseAccuracy"), curve, r.amplitudes.size());
        }
    }
    for (const auto &[key, count] :
         {std::pair{"trainImages", r.trainImages}, std::pair{"validationImages", r.validationImages},
          std::pair{"testImages", r.testImages}, std::pair{"reusedRuns", r.reusedRuns}})
        checkInteger(base + key, count, 0, 1'000'000);
    checkNumber(base + "trainSecondsPerEpoch", r.trainSecondsPerEpoch, 0.0, 1e9);
}

} // namespace checks

} // namespace gelulab::session
