#pragma once
// Each session state's keys, listed once (docs/ARCHITECTURE.md, "Sessions"): session_json.cpp's reader and
// writer both walk them, so a key cannot be read under one name and written under another. Private to io/.

#include "session_state.h"

#include <type_traits>

namespace gelulab::session::keys {

// Each state's keys, listed once: the reader and the writer below both walk them. S is the state or a const
// one, V a Reader or a Writer.
template<class V, class S>
void visitChoice(V &v, S &a) {
    v.field("id", a.id);
    v.field("parameters", a.parameters);
    v.field("formula", a.formula);
}
template<class V, class S>
void visitRun(V &v, S &r) {
    v.field("checked", r.checked);
    v.field("activation", r.activation);
}
template<class V, class S>
void visitFormula(V &v, S &f) {
    v.field("id", f.id);
    v.field("formula", f.formula);
}
template<class V, class S>
void visitPoints(V &v, S &p) {
    v.field("problem", p.problem);
    v.field("classes", p.classes);
    v.field("train", p.train);
    v.field("test", p.test);
    v.field("name", p.name);
}
template<class V, class S>
void visitRecord(V &v, S &r) {
    v.field("epoch", r.epoch);
    v.field("trainLoss", r.trainLoss);
    v.field("testLoss", r.testLoss);
    v.field("trainAccuracy", r.trainAccuracy);
    v.field("testAccuracy", r.testAccuracy);
}
template<class V, class S>
void visitOptimizer(V &v, S &o) {
    v.field("steps", o.steps);
    v.field("velocityW", o.velocityW);
    v.field("secondW", o.secondW);
    v.field("velocityB", o.velocityB);
    v.field("secondB", o.secondB);
}
template<class V, class S>
void visitTrainer(V &v, S &t) {
    v.field("epoch", t.epoch);
    v.field("initialLoss", t.initialLoss);
    v.field("divergedAt", t.divergedAt);
    v.field("message", t.message);
    v.field("history", t.history);
    v.field("weights", t.weights);
    v.field("biases", t.biases);
    v.field("optimizer", t.optimizer);
    v.field("random", t.random);
}
template<class V, class S>
void visitCurves(V &v, S &c) {
    v.field("activations", c.activations);
    v.field("orders", c.orders);
    v.field("stacked", c.stacked);
    v.field("notablePoints", c.notablePoints);
    v.field("from", c.from);
    v.field("to", c.to);
    v.field("samples", c.samples);
    v.field("animationSpeed", c.animationSpeed);
}
template<class V, class S>
void visitError(V &v, S &e) {
    v.field("mode", e.mode);
    v.field("approximation", e.approximation);
    v.field("approximationParameters", e.approximationParameters);
    v.field("reference", e.reference);
    v.field("referenceParameters", e.referenceParameters);
    v.field("order", e.order);
    v.field("from", e.from);
    v.field("to", e.to);
    v.field("points", e.points);
}
template<class V, class S>
void visitMask(V &v, S &m) {
    v.field("gate", m.gate);
    v.field("mu", m.mu);
    v.field("sigma", m.sigma);
    v.field("seed", m.seed);
    v.field("samples", m.samples);
    v.field("from", m.from);
    v.field("to", m.to);
    v.field("bins", m.bins);
    v.field("x", m.x);
    v.field("speed", m.speed);
}
template<class V, class S>
void visitPlayground(V &v, S &p) {
    v.field("dataset", p.dataset);
    v.field("noise", p.noise);
    v.field("trainPercent", p.trainPercent);
    v.field("batch", p.batch);
    v.field("showTest", p.showTest);
    v.field("discretize", p.discretize);
    v.field("features", p.features);
    v.field("hidden", p.hidden);
    v.field("layerActivations", p.layerActivations);
    v.field("activation", p.activation);
    v.field("learningRate", p.learningRate);
    v.field("optimizer", p.optimizer);
    v.field("loss", p.loss);
    v.field("init", p.init);
    v.field("dropout", p.dropout);
    v.field("regularization", p.regularization);
    v.field("regularizationRate", p.regularizationRate);
    v.field("speed", p.speed);
    v.field("dataSeed", p.dataSeed);
    v.field("points", p.points);
    v.field("network", p.network);
}
template<class V, class S>
void visitCompareSetup(V &v, S &c) {
    v.field("points", c.points);
    v.field("features", c.features);
    v.field("hidden", c.hidden);
    v.field("loss", c.loss);
    v.field("init", c.init);
    v.field("optimizer", c.optimizer);
    v.field("schedule", c.schedule);
    v.field("learningRate", c.learningRate);
    v.field("l1", c.l1);
    v.field("l2", c.l2);
    v.field("dropout", c.dropout);
    v.field("batch", c.batch);
    v.field("seed", c.seed);
    v.field("description", c.description);
}
template<class V, class S>
void visitCompareSummary(V &v, S &c) {
    v.field("trainLoss", c.trainLoss);
    v.field("testLoss", c.testLoss);
    v.field("testAccuracy", c.testAccuracy);
    v.field("finalTrainLoss", c.finalTrainLoss);
    v.field("finalTestLoss", c.finalTestLoss);
    v.field("finalTestAccuracy", c.finalTestAccuracy);
    v.field("divergedRuns", c.divergedRuns);
    v.field("warnedRuns", c.warnedRuns);
}
template<class V, class S>
void visitCompareResults(V &v, S &c) {
    v.field("activations", c.activations);
    v.field("epochs", c.epochs);
    v.field("cancelled", c.cancelled);
    v.field("seconds", c.seconds);
    v.field("summaries", c.summaries);
    v.field("messages", c.messages);
    v.field("gridSize", c.gridSize);
    v.field("boundaries", c.boundaries);
    v.field("outputs", c.outputs);
    v.field("amplitudes", c.amplitudes);
    v.field("robustness", c.robustness);
}
template<class V, class S>
void visitCompare(V &v, S &c) {
    v.field("runs", c.runs);
    v.field("seeds", c.seeds);
    v.field("epochs", c.epochs);
    v.field("setup", c.setup);
    v.field("results", c.results);
}
template<class V, class S>
void visitDepth(V &v, S &d) {
    v.field("activation", d.activation);
    v.field("compare", d.compare);
    v.field("sigmaW2", d.sigmaW2);
    v.field("sigmaB2", d.sigmaB2);
    v.field("layers", d.layers);
    v.field("width", d.width);
    v.field("q0", d.q0);
    v.field("c0", d.c0);
    v.field("seed", d.seed);
}
template<class V, class S>
void visitPaperVariant(V &v, S &p) {
    v.field("activation", p.activation);
    v.field("dropout", p.dropout);
    v.field("learningRate", p.learningRate);
    v.field("validationScores", p.validationScores);
    v.field("summary", p.summary);
    v.field("noiseAccuracy", p.noiseAccuracy);
    v.field("noiseLogLoss", p.noiseLogLoss);
}
template<class V, class S>
void visitPaperResults(V &v, S &p) {
    v.field("experiment", p.experiment);
    v.field("activations", p.activations);
    v.field("seeds", p.seeds);
    v.field("epochs", p.epochs);
    v.field("dropouts", p.dropouts);
    v.field("learningRates", p.learningRates);
    v.field("optimizer", p.optimizer);
    v.field("variants", p.variants);
    v.field("amplitudes", p.amplitudes);
    v.field("trainImages", p.trainImages);
    v.field("validationImages", p.validationImages);
    v.field("testImages", p.testImages);
    v.field("trainSecondsPerEpoch", p.trainSecondsPerEpoch);
    v.field("cancelled", p.cancelled);
    v.field("reusedRuns", p.reusedRuns);
}
template<class V, class S>
void visitPaper(V &v, S &p) {
    v.field("experiment", p.experiment);
    v.field("activations", p.activations);
    v.field("seeds", p.seeds);
    v.field("epochs", p.epochs);
    v.field("dropout", p.dropout);
    v.field("learningRates", p.learningRates);
    v.field("optimizer", p.optimizer);
    v.field("dataDir", p.dataDir);
    v.field("results", p.results);
}

template<class V, class S>
void visitNested(V &v, S &item) {
    using T = std::remove_const_t<S>;
    if constexpr (std::is_same_v<T, ActivationChoice>)
        visitChoice(v, item);
    else if constexpr (std::is_same_v<T, CompareRun>)
        visitRun(v, item);
    else if constexpr (std::is_same_v<T, PointsState>)
        visitPoints(v, item);
    else if constexpr (std::is_same_v<T, EpochRecord>)
        visitRecord(v, item);
    else if constexpr (std::is_same_v<T, OptimizerState>)
        visitOptimizer(v, item);
    else if constexpr (std::is_same_v<T, TrainerState>)
        visitTrainer(v, item);
    else if constexpr (std::is_same_v<T, CompareSetup>)
        visitCompareSetup(v, item);
    else if constexpr (std::is_same_v<T, CompareSummary>)
        visitCompareSummary(v, item);
    else if constexpr (std::is_same_v<T, CompareResults>)
        visitCompareResults(v, item);
    else if constexpr (std::is_same_v<T, PaperVariantResult>)
        visitPaperVariant(v, item);
    else if constexpr (std::is_same_v<T, PaperResults>)
        visitPaperResults(v, item);
    else
        visitFormula(v, item);
}

// The objects inside a view's object.
template<class T>
constexpr bool isNested = std::is_same_v<T, ActivationChoice> || std::is_same_v<T, CompareRun> ||
                          std::is_same_v<T, CustomFormulaEntry> || std::is_same_v<T, PointsState> ||
                          std::is_same_v<T, EpochRecord> || std::is_same_v<T, OptimizerState> ||
                          std::is_same_v<T, TrainerState> || std::is_same_v<T, CompareSetup> ||
                          std::is_same_v<T, CompareSummary> || std::is_same_v<T, CompareResults> ||
                          std::is_same_v<T, PaperVariantResult> || std::is_same_v<T, PaperResults>;

} // namespace gelulab::session::keys
