#include "session_state.h"
#include "session_checks.h"

#include "quote.h"

#include "activation.h"
#include "custom_formula.h"
#include "dataset.h"
#include "depth_network.h"
#include "id_table.h"
#include "mask.h"
#include "network_limits.h"
#include "optimizer.h"
#include "paper.h"
#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

namespace gelulab::session {

using namespace checks;

namespace {

void checkCurves(const CurvesState &c, const Activations &known) {
    const std::string base = "views.curves.";
    checkSpeed(base + "animationSpeed", c.animationSpeed);
    if (c.activations) {
        if (c.activations->size() > std::size_t(kMaxCurves))
            fail(base + "activations", "more than " + std::to_string(kMaxCurves) + " activations");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < c.activations->size(); ++i) {
            const ActivationChoice &a = (*c.activations)[i];
            const std::string path = base + "activations[" + std::to_string(i) + "]";
            if (!seen.insert(a.id).second) fail(path + ".id", quoteText(a.id) + " appears twice");
            if (!a.formula) {
                known.parameters(path + ".id", a.id);
                known.checkValues(path + ".parameters", a.id, a.parameters);
                continue;
            }
            // Registered again from its formula: one value per name in it, each within [−10, 10].
            checkText(path + ".formula", *a.formula, kMaxFormulaLength);
            const auto formula = Activations::parse(path + ".formula", *a.formula);
            if (a.parameters.size() != formula->parameterNames().size())
                fail(path + ".parameters",
                     "the formula takes " + std::to_string(formula->parameterNames().size()) +
                         " parameter values, not " + std::to_string(a.parameters.size()));
            for (std::size_t k = 0; k < a.parameters.size(); ++k)
                checkNumber(path + ".parameters[" + std::to_string(k) + "]", a.parameters[k], -10.0, 10.0);
        }
    }
    checkInteger(base + "samples", c.samples, 2, 100'000);
    checkRange(base, c.from, c.to);
}

void checkError(const ErrorState &e, const Activations &known) {
    const std::string base = "views.error.";
    if (e.mode && *e.mode != "approximation" && *e.mode != "precision")
        fail(base + "mode", "unknown mode " + quoteText(*e.mode) + " (approximation or precision)");
    for (const bool ofReference : {false, true}) {
        const std::string key = ofReference ? "reference" : "approximation";
        const std::optional<std::string> &id = ofReference ? e.reference : e.approximation;
        const std::vector<NamedValue> &values =
            ofReference ? e.referenceParameters : e.approximationParameters;
        if (!id) {
            if (!values.empty()) fail(base + key + "Parameters", "given without " + quoteText(key));
            continue;
        }
        const std::vector<std::string> names = known.parameters(base + key, *id);
        std::vector<double> full;
        if (const Activation *row = isCustomId(*id) ? nullptr : findActivation(*id))
            full = row->defaultParameters();
        else
            full.assign(names.size(), 1.0);
        for (const NamedValue &v : values) {
            const auto at = std::find(names.begin(), names.end(), v.name);
            if (at == names.end())
                fail(base + key + "Parameters." + v.name,
                     quoteText(*id) + " has no parameter " + quoteText(v.name));
            full[std::size_t(at - names.begin())] = v.value;
        }
        known.checkValues(base + key + "Parameters", *id, full);
    }
    checkInteger(base + "order", e.order, 0, 2);
    checkInteger(base + "points", e.points, 2, 1'000'000);
    checkRange(base, e.from, e.to);
}

void checkMask(const MaskState &m) {
    const std::string base = "views.mask.";
    checkId<GateKind>(base + "gate", m.gate, "gate");
    checkSpeed(base + "speed", m.speed);
    checkNumber(base + "mu", m.mu, -10.0, 10.0);
    checkNumber(base + "sigma", m.sigma, 0.0, 10.0);
    if (m.gate) try {
            MaskGate(*fromId<GateKind>(*m.gate), m.mu.value_or(0.0), m.sigma.value_or(1.0));
        } catch (const std::exception &ex) {
            fail(base + "gate", ex.what());
        }
    if (m.seed && *m.seed > 2'000'000'000u) fail(base + "seed", "outside 0 to 2000000000");
    checkInteger(base + "samples", m.samples, 1, 1'000'000);
    checkInteger(base + "bins", m.bins, 2, 10'000);
    checkRange(base, m.from, m.to);
    checkNumber(base + "x", m.x, -kMaxAbsX, kMaxAbsX);
}

void checkPoints(const std::string &path, const PointsState &p) {
    const bool classify = p.problem == "classification";
    if (!classify && p.problem != "regression")
        fail(path + ".problem",
             "unknown problem " + quoteText(p.problem) + " (classification or regression)");
    if (classify) checkInteger(path + ".classes", p.classes, 2, 10);
    if (!classify && p.classes != 0) fail(path + ".classes", "regression has no classes (0)");
    if (p.train.empty()) fail(path + ".train", "at least one training point");
    for (const bool test : {false, true}) {
        const auto &points = test ? p.test : p.train;
        const std::string at = path + (test ? ".test" : ".train");
        if (points.size() > std::size_t(PointsState::kMaxPoints))
            fail(at, "more than " + std::to_string(PointsState::kMaxPoints) + " points");
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto &[x1, x2, target] = points[i];
            const std::string point = at + "[" + std::to_string(i) + "]";
            if (!(std::abs(x1) <= kMaxAbsX) || !(std::abs(x2) <= kMaxAbsX) || !(std::abs(target) <= kMaxAbsX))
                fail(point, "a coordinate or target is not a number within ±1e15");
            if (classify && (target != std::floor(target) || target < 0 || target >= p.classes))
                fail(point, "the class must be a whole number from 0 to " + std::to_string(p.classes - 1));
        }
    }
    if (p.name) checkText(path + ".name", *p.name);
}

void checkPlayground(const PlaygroundState &p, const Activations &known) {
    const std::string base = "views.playground.";
    if (p.dataset) {
        const auto &ids = datasetIds();
        if (std::find(ids.begin(), ids.end(), *p.dataset) == ids.end())
            fail(base + "dataset", "unknown data set " + quoteText(*p.dataset));
    }
    checkNumber(base + "noise", p.noise, 0.0, 50.0);
    checkInteger(base + "trainPercent", p.trainPercent, 10, 90);
    checkInteger(base + "batch", p.batch, 1, 500);
    checkSpeed(base + "speed", p.speed);
    if (p.features) {
        if (p.features->empty()) fail(base + "features", "at least one feature");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < p.features->size(); ++i) {
            const std::string &id = (*p.features)[i];
            const std::string path = base + "features[" + std::to_string(i) + "]";
            if (!fromId<Feature>(id)) fail(path, "unknown feature " + quoteText(id));
            if (!seen.insert(id).second) fail(path, quoteText(id) + " appears twice");
        }
    }
    if (p.hidden)
        if (const std::string problem = hiddenLayersProblem(*p.hidden); !problem.empty())
            fail(base + "hidden", problem);
    if (p.activation && *p.activation != "soi") known.parameters(base + "activation", *p.activation);
    if (p.layerActivations) {
        if (!p.hidden || p.hidden->size() != p.layerActivations->size())
            fail(base + "layerActivations", "one per hidden layer");
        for (std::size_t i = 0; i < p.layerActivations->size(); ++i)
            if ((*p.layerActivations)[i] != "soi")
                known.parameters(base + "layerActivations[" + std::to_string(i) + "]",
                                 (*p.layerActivations)[i]);
    }
    checkChoice(base + "learningRate", p.learningRate, kLearningRates);
    checkId<OptimizerKind>(base + "optimizer", p.optimizer, "optimizer");
    if (p.loss && *p.loss != "default" && *p.loss != idOf(LossKind::Squared))
        fail(base + "loss", "unknown loss " + quoteText(*p.loss) + " (default or squared)");
    checkId<InitKind>(base + "init", p.init, "initialisation");
    checkChoice(base + "dropout", p.dropout, kDropouts);
    checkInteger(base + "regularization", p.regularization, 0, 2);
    checkChoice(base + "regularizationRate", p.regularizationRate, kRegularizationRates);
    if (p.dataSeed && *p.dataSeed > 9'000'000'000'000'000u) fail(base + "dataSeed", "outside 0 to 9e15");
    if (p.points) checkPoints(base + "points", *p.points);
    if (p.network) {
        const std::string path = base + "network";
        if (!p.points || !p.features || !p.hidden || !p.loss)
            fail(path, "a network needs the points, features, hidden layers and loss");
        // The shapes the Playground's settings give: features in, hidden widths, one output (two classes, the
        // squared loss, regression) or one per class.
        const bool perClass = p.points->problem == "classification" && p.points->classes > 2 &&
                              *p.loss != idOf(LossKind::Squared);
        std::vector<std::pair<int, int>> shapes;
        int inputs = int(p.features->size());
        for (int width : *p.hidden) {
            shapes.emplace_back(width, inputs);
            inputs = width;
        }
        shapes.emplace_back(perClass ? p.points->classes : 1, inputs);
        if (const std::string problem = trainerStateProblem(*p.network, shapes); !problem.empty())
            fail(path, problem);
    }
}

// The checks the trainer makes of its settings (trainer.cpp), made here before any of it is trained on.
void checkCompareSetup(const std::string &base, const CompareSetup &c) {
    checkPoints(base + "points", c.points);
    if (c.features.empty()) fail(base + "features", "at least one feature");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < c.features.size(); ++i) {
        const std::string path = base + "features[" + std::to_string(i) + "]";
        if (!fromId<Feature>(c.features[i])) fail(path, "unknown feature " + quoteText(c.features[i]));
        if (!seen.insert(c.features[i]).second) fail(path, quoteText(c.features[i]) + " appears twice");
    }
    if (const std::string problem = hiddenLayersProblem(c.hidden); !problem.empty())
        fail(base + "hidden", problem);
    const bool classify = c.points.problem == "classification";
    if (c.loss == idOf(LossKind::Squared)) {
        if (classify && c.points.classes != 2)
            fail(base + "loss", "the squared loss (tanh output, ±1 labels) needs two classes");
    } else if (c.loss != "default") {
        fail(base + "loss", "unknown loss " + quoteText(c.loss) + " (default or squared)");
    }
    checkId<InitKind>(base + "init", c.init, "initialisation");
    checkId<OptimizerKind>(base + "optimizer", c.optimizer, "optimizer");
    checkId<Schedule>(base + "schedule", c.schedule, "schedule");
    checkNumber(base + "learningRate", c.learningRate, 1e-12, 1e3);
    checkNumber(base + "l1", c.l1, 0.0, 1e3);
    checkNumber(base + "l2", c.l2, 0.0, 1e3);
    checkNumber(base + "dropout", c.dropout, 0.0, 0.9);
    checkInteger(base + "batch", c.batch, 1, 10'000);
    if (c.seed > 9'000'000'000'000'000u) fail(base + "seed", "outside 0 to 9e15");
    checkText(base + "description", c.description, 1000);
}

void checkCompare(const CompareState &c, const Activations &known) {
    const std::string base = "views.compare.";
    if (c.results) checkCompareResults(base + "results.", *c.results, known);
    if (c.setup) checkCompareSetup(base + "setup.", *c.setup);
    if (c.runs) {
        if (c.runs->size() > std::size_t(CompareState::kMaxRuns))
            fail(base + "runs", "at most " + std::to_string(CompareState::kMaxRuns) + " runs");
        for (std::size_t i = 0; i < c.runs->size(); ++i)
            known.parameters(base + "runs[" + std::to_string(i) + "].activation", (*c.runs)[i].activation);
    }
    checkInteger(base + "seeds", c.seeds, 1, 20);
    checkInteger(base + "epochs", c.epochs, 1, 100'000);
}

void checkPaper(const PaperState &p, const Activations &known) {
    const std::string base = "views.paper.";
    if (p.results) checkPaperResults(base + "results.", *p.results, known);
    checkId<PaperExperimentKind>(base + "experiment", p.experiment, "experiment");
    checkId<OptimizerKind>(base + "optimizer", p.optimizer, "optimizer");
    checkInteger(base + "seeds", p.seeds, 1, 20);
    checkInteger(base + "epochs", p.epochs, 1, 1000);
    if (p.dataDir) checkText(base + "dataDir", *p.dataDir);
    PaperSettings settings;
    if (p.experiment) settings.experiment = *fromId<PaperExperimentKind>(*p.experiment);
    if (p.activations) {
        if (p.activations->empty()) fail(base + "activations", "at least one activation");
        for (std::size_t i = 0; i < p.activations->size(); ++i)
            known.parameters(base + "activations[" + std::to_string(i) + "]", (*p.activations)[i]);
        settings.activations = *p.activations;
    }
    for (const bool rates : {false, true}) {
        const auto &values = rates ? p.learningRates : p.dropout;
        if (!values) continue;
        const std::string path = base + (rates ? "learningRates" : "dropout");
        if (values->empty() || values->size() > 16) fail(path, "1 to 16 values");
        for (std::size_t i = 0; i < values->size(); ++i)
            if (!std::isfinite((*values)[i]))
                fail(path + "[" + std::to_string(i) + "]", "not a finite number");
        (rates ? settings.learningRates : settings.dropouts) = *values;
    }
    if (p.seeds) settings.seeds = *p.seeds;
    if (p.epochs) settings.epochs = *p.epochs;
    if (p.optimizer) settings.optimizer = *fromId<OptimizerKind>(*p.optimizer);
    if (const std::string problem = checkPaperSettings(settings); !problem.empty()) fail(base, problem);
}

void checkDepth(const DepthState &d, const Activations &known) {
    const std::string base = "views.depth.";
    const auto checkActivation = [&](const std::string &path, const std::string &id) {
        if (id == "soi")
            fail(path, "the SOI gate is random: the Depth view takes a deterministic activation");
        known.parameters(path, id); // a known row (drawn with its default parameters)
    };
    if (d.activation) checkActivation(base + "activation", *d.activation);
    if (d.compare) {
        if (d.compare->size() > std::size_t(DepthState::kMaxCompared))
            fail(base + "compare", "at most " + std::to_string(DepthState::kMaxCompared) + " activations");
        for (std::size_t i = 0; i < d.compare->size(); ++i)
            checkActivation(base + "compare[" + std::to_string(i) + "].activation",
                            (*d.compare)[i].activation);
    }
    checkNumber(base + "sigmaW2", d.sigmaW2, 0.0, DepthState::kMaxSigmaW2);
    checkNumber(base + "sigmaB2", d.sigmaB2, 0.0, DepthState::kMaxSigmaB2);
    checkNumber(base + "q0", d.q0, DepthState::kMinQ0, DepthState::kMaxQ0);
    checkNumber(base + "c0", d.c0, -1.0, 1.0);
    checkInteger(base + "layers", d.layers, 1, kMaxDepthLayers);
    checkInteger(base + "width", d.width, 1, DepthState::kMaxWidth);
    if (d.seed && *d.seed > 2'000'000'000u) fail(base + "seed", "outside 0 to 2000000000");
}

} // namespace

const std::vector<std::string> &viewIds() {
    static const std::vector<std::string> ids{"curves",  "error", "mask", "playground",
                                              "compare", "paper", "depth"};
    return ids;
}

bool isCustomId(const std::string &id) {
    constexpr std::string_view prefix = "custom";
    return id.size() > prefix.size() && id.size() < 16 && id.compare(0, prefix.size(), prefix) == 0 &&
           std::all_of(id.begin() + std::ptrdiff_t(prefix.size()), id.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

void checkSession(const Session &s, const std::string &prefix, bool nested);

void checkPresentation(const PresentationState &p) {
    if (!p.hidden) return;
    if (p.hidden->size() > PresentationState::kMaxHidden)
        fail("presentation.hidden", "at most " + std::to_string(PresentationState::kMaxHidden) + " controls");
    const auto isIdChar = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    };
    for (std::size_t i = 0; i < p.hidden->size(); ++i) {
        const std::string &id = (*p.hidden)[i];
        if (id.empty() || id.size() > 80 || !std::all_of(id.begin(), id.end(), isIdChar))
            fail("presentation.hidden[" + std::to_string(i) + "]",
                 "a control's id: lower-case letters, digits, '-' and '.', 1 to 80 of them");
    }
}

void checkLesson(const Lesson &l, const std::vector<CustomFormulaEntry> &formulas) {
    const auto isIdChar = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
    if (l.id.empty() || l.id.size() > 64 || !std::all_of(l.id.begin(), l.id.end(), isIdChar))
        fail("lesson.id", "lower-case letters, digits and '-', 1 to 64 of them");
    if (l.title.empty()) fail("lesson.title", "a lesson needs a title");
    checkText("lesson.title", l.title, 200);
    checkText("lesson.summary", l.summary, 1000);
    if (l.steps.empty() || l.steps.size() > std::size_t(Lesson::kMaxSteps))
        fail("lesson.steps", "1 to " + std::to_string(Lesson::kMaxSteps) + " steps");
    checkInteger("lesson.current", l.current, 0, int(l.steps.size()) - 1);
    for (std::size_t i = 0; i < l.steps.size(); ++i) {
        const LessonStep &step = l.steps[i];
        const std::string path = "lesson.steps[" + std::to_string(i) + "].";
        if (step.title.empty()) fail(path + "title", "a step needs a title");
        checkText(path + "title", step.title, 200);
        checkText(path + "text", step.text);
        checkInteger(path + "run", step.run, 1, 100'000);
        // A step may use the lesson's formulas.
        Session show = step.show;
        for (const CustomFormulaEntry &f : formulas)
            if (std::none_of(show.formulas.begin(), show.formulas.end(),
                             [&](const CustomFormulaEntry &g) { return g.id == f.id; }))
                show.formulas.push_back(f);
        checkSession(show, path, true);
    }
}

void checkSession(const Session &s, const std::string &prefix, bool nested) {
    // Paths inside a step start with the step's.
    try {
        if (s.minorVersion < 0) fail("minorVersion", "must not be negative");
        if (s.view) {
            const auto &ids = viewIds();
            if (std::find(ids.begin(), ids.end(), *s.view) == ids.end())
                fail("view", "unknown view " + quoteText(*s.view));
        }
        const Activations known(s);
        if (s.curves) checkCurves(*s.curves, known);
        if (s.error) checkError(*s.error, known);
        if (s.mask) checkMask(*s.mask);
        if (s.playground) checkPlayground(*s.playground, known);
        if (s.compare) checkCompare(*s.compare, known);
        if (s.paper) checkPaper(*s.paper, known);
        if (s.depth) checkDepth(*s.depth, known);
        if (s.presentation) checkPresentation(*s.presentation);
        if (s.lesson) {
            if (nested) fail("lesson", "a step cannot hold a lesson");
            checkLesson(*s.lesson, s.formulas);
        }
    } catch (Invalid &invalid) {
        invalid.problem.path = prefix + invalid.problem.path;
        throw;
    }
}

} // namespace

std::optional<Error> validate(const Session &s) {
    try {
        checkSession(s, "", false);
    } catch (const Invalid &invalid) {
        Error p = invalid.problem;
        if (!p.path.empty() && p.path.back() == '.') p.path.pop_back();
        return p;
    }
    return std::nullopt;
}

Dataset toDataset(const PointsState &points) {
    Dataset data;
    data.problem = points.problem == "regression" ? Problem::Regression : Problem::Classification;
    data.classes = data.problem == Problem::Classification ? points.classes : 0;
    for (const auto &[x1, x2, target] : points.train)
        data.train.push_back({x1, x2, target});
    for (const auto &[x1, x2, target] : points.test)
        data.test.push_back({x1, x2, target});
    return data;
}

PointsState toPoints(const Dataset &data) {
    PointsState points;
    points.problem = data.problem == Problem::Regression ? "regression" : "classification";
    points.classes = data.problem == Problem::Regression ? 0 : data.classes;
    for (const DataPoint &p : data.train)
        points.train.push_back({p.x1, p.x2, p.target});
    for (const DataPoint &p : data.test)
        points.test.push_back({p.x1, p.x2, p.target});
    return points;
}

CompareSetup toCompareSetup(const Dataset &data, const TrainingSettings &settings,
                            const std::string &description) {
    CompareSetup c;
    c.points = toPoints(data);
    for (Feature f : settings.features)
        c.features.emplace_back(idOf(f));
    c.hidden = settings.hidden;
    c.loss = settings.loss ? std::string(idOf(*settings.loss)) : std::string("default");
    c.init = idOf(settings.init);
    c.optimizer = idOf(settings.optimizer);
    c.schedule = idOf(settings.schedule);
    c.learningRate = settings.learningRate;
    c.l1 = settings.l1;
    c.l2 = settings.l2;
    c.dropout = settings.dropout;
    c.batch = settings.batch;
    c.seed = settings.seed;
    // The line names the data set, whose file name may be long: cut to what the checks allow.
    c.description = shownText(description, 300);
    return c;
}

TrainingSettings toTrainingSettings(const CompareSetup &c) {
    TrainingSettings s;
    s.features.clear();
    for (const std::string &id : c.features)
        s.features.push_back(*fromId<Feature>(id));
    s.hidden = c.hidden;
    if (c.loss != "default") s.loss = fromId<LossKind>(c.loss);
    s.init = *fromId<InitKind>(c.init);
    s.optimizer = *fromId<OptimizerKind>(c.optimizer);
    s.schedule = *fromId<Schedule>(c.schedule);
    s.learningRate = c.learningRate;
    s.l1 = c.l1;
    s.l2 = c.l2;
    s.dropout = c.dropout;
    s.batch = c.batch;
    s.seed = c.seed;
    return s;
}

void renameActivations(Session &s, const std::vector<std::pair<std::string, std::string>> &renames) {
    std::map<std::string, std::string> to(renames.begin(), renames.end());
    const auto rename = [&](std::string &id) {
        if (const auto it = to.find(id); it != to.end()) id = it->second;
    };
    const auto renameOptional = [&](std::optional<std::string> &id) {
        if (id) rename(*id);
    };
    for (CustomFormulaEntry &f : s.formulas)
        rename(f.id);
    if (s.curves && s.curves->activations)
        for (ActivationChoice &a : *s.curves->activations)
            rename(a.id);
    if (s.error) {
        renameOptional(s.error->approximation);
        renameOptional(s.error->reference);
    }
    if (s.playground) {
        renameOptional(s.playground->activation);
        if (s.playground->layerActivations)
            for (std::string &id : *s.playground->layerActivations)
                rename(id);
    }
    if (s.compare && s.compare->runs)
        for (CompareRun &r : *s.compare->runs)
            rename(r.activation);
    if (s.depth) {
        renameOptional(s.depth->activation);
        if (s.depth->compare)
            for (CompareRun &r : *s.depth->compare)
                rename(r.activation);
    }
    if (s.paper && s.paper->activations)
        for (std::string &id : *s.paper->activations)
            rename(id);
    if (s.lesson)
        for (LessonStep &step : s.lesson->steps)
            renameActivations(step.show, renames);
}

} // namespace gelulab::session
