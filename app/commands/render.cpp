// gelu-lab-cli render: a view of the window drawn to PNG, SVG or PDF without a display.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include "curvesview.h"
#include "errorview.h"
#include "mainwindow.h"
#include "depthview.h"
#include "maskview.h"
#include "playgroundview.h"

#include <algorithm>
#include <array>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "render",
    "--view curves|error|precision|mask --function ID[,ID...] [--order K[,K...]] [--from -4] [--to 4] "
    "[--stacked] [--reference gelu] [--points 16001] [--size 1200x800] --out FILE.png|.svg|.pdf",
    "Draw a view of the window without a display, as PNG, SVG or PDF. curves: the activations' f, f′, f″. "
    "error: one approximation (--function) against --reference over [--from, --to] (default [-8, 8]) with "
    "--points, for one --order. precision: the error view's floating-point mode, the ulp error of "
    "--function (default gelu) in float, bfloat16 and float16 and of the naive erf formulas (default range "
    "[-20, 4]).",
};

const CommandHelp kPlaygroundHelp{
    "render --view playground",
    "[train options] [--size 1600x1000] --out FILE.png|.svg|.pdf",
    "Train as `train` does, then draw the Playground view of the trained state: the decision boundary with "
    "the points, the losses and the gradient flow.",
};

const CommandHelp kSessionHelp{
    "render --session",
    "FILE [--step N] [--view VIEW] [--size 1200x800] --out FILE.png|.svg|.pdf",
    "Draw a view of a saved session (a .gelulab file, a lesson) as the window shows it: the session's tab, "
    "or "
    "--view (curves, error, precision, mask, playground, compare, paper). --step N draws a lesson's step N "
    "(from 1), without starting its run.",
};

// --size and --out: the picture a view is drawn to.
void addPictureOptions(Command &cmd, const QString &sizeDescription, const QString &defaultSize) {
    cmd.addSizeOption(sizeDescription, defaultSize);
    cmd.addOptions({{"out", "FILE", "The file to write; its extension picks the format."}});
}

int renderCurvesView(Command &cmd) {
    if (cmd.isSet(QStringLiteral("reference-param")))
        usageError(QStringLiteral("--reference-param belongs to the error view"));
    std::vector<ActivationInstance> instances =
        cmd.parseFunctions(cmd.functionList(), QStringLiteral("--function"), false);
    applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    std::array<bool, 3> orders{};
    for (const QString &k : cmd.value(QStringLiteral("order")).split(QLatin1Char(',')))
        orders[std::size_t(parseOrder(k))] = true;
    const Range range = parseRange(cmd);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);

    CurvesView view;
    QStringList ids;
    for (const ActivationInstance &instance : instances) {
        ids << toQString(instance.id());
        view.setActivationParameters(ids.back(), instance.parameters());
    }
    for (int k = 0; k < 3; ++k)
        view.setOrderVisible(k, orders[std::size_t(k)]);
    view.setStacked(cmd.isSet(QStringLiteral("stacked")));
    view.setCheckedActivations(ids);
    view.setXRange(range.from, range.to);
    view.fitValueAxis();
    exportPicture(view.plot(), fileName, size);
    return 0;
}

int renderErrorView(Command &cmd, bool precisionMode) {
    ApproximationPair pair = parseApproximationPair(
        cmd, cmd.functionList().isEmpty() && precisionMode ? QStringLiteral("gelu") : cmd.functionList());
    applyPairParameters(cmd, pair);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    if (precisionMode && order != 0) usageError(QStringLiteral("the precision view compares f only"));
    const Range range = precisionMode
                            ? rangeOr(cmd, {ErrorView::kDefaultPrecisionFrom, ErrorView::kDefaultPrecisionTo})
                            : rangeOr(cmd, {ErrorView::kDefaultFrom, ErrorView::kDefaultTo});
    const int points =
        cmd.isSet(QStringLiteral("points")) || !precisionMode
            ? parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 1'000'000)
            : ErrorView::kDefaultPrecisionPoints;
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    ErrorView view;
    view.setApproximation(toQString(pair.approximation.id()));
    view.setReference(toQString(pair.reference.id()));
    const auto copyParameters = [](const ActivationInstance &from, auto &&set) {
        for (std::size_t i = 0; i < from.activation().parameters.size(); ++i)
            set(toQString(from.activation().parameters[i].name), from.parameters()[i]);
    };
    copyParameters(pair.approximation,
                   [&](const QString &name, double v) { view.setApproximationParameter(name, v); });
    copyParameters(pair.reference,
                   [&](const QString &name, double v) { view.setReferenceParameter(name, v); });
    view.setOrder(order);
    if (precisionMode) view.setMode(ErrorView::Mode::FloatingPoint);
    view.setRange(range.from, range.to, points);
    exportPicture(view.plot(), fileName, size);
    return 0;
}

int renderMaskView(const Command &cmd) {
    if (cmd.isSet(QStringLiteral("function")) || cmd.isSet(QStringLiteral("formula")))
        usageError(QStringLiteral("the mask view takes --gate, not --function"));
    const MaskGate gate = parseGate(cmd);
    const Range range = cmd.isSet(QStringLiteral("from")) || cmd.isSet(QStringLiteral("to"))
                            ? parseRange(cmd)
                            : Range{MaskView::kDefaultFrom, MaskView::kDefaultTo};
    const int samples =
        parseInteger(cmd.value(QStringLiteral("samples")), QStringLiteral("--samples"), 1, 1'000'000);
    const quint64 seed = cmd.seed();
    const double x = cmd.isSet(QStringLiteral("x"))
                         ? parseNumber(cmd.value(QStringLiteral("x")), QStringLiteral("--x"))
                         : 1.0;
    if (!(x >= range.from && x <= range.to))
        usageError(
            QStringLiteral("--x must be a number within the range [%1, %2], not '%3'")
                .arg(formatFull(range.from), formatFull(range.to), shown(cmd.value(QStringLiteral("x")))));
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    MaskView view;
    view.setGate(gate.kind(), gate.mu(), gate.sigma());
    view.setRange(range.from, range.to);
    view.setSeed(seed);
    view.setTarget(samples);
    view.selectX(x);
    if (!view.waitUntilDone(600'000)) throw RuntimeError("sampling did not finish");
    exportPicture(view.plot(), fileName, size);
    return 0;
}

// Trains the network of the command line, collecting what the Playground draws.
PlaygroundSnapshot trainForPicture(Trainer &trainer, int epochs, ProgressBar *bar) {
    GridProbe probe(trainer.settings().features, PlaygroundView::kGrid);
    PlaygroundSnapshot s;
    for (int e = 0; e < epochs && trainer.trainEpoch(); ++e) {
        s.gradientNorms.append({trainer.epoch(), trainer.weightGradientNorms()});
        if (bar) bar->update(double(e + 1) / epochs);
    }
    s.training = trainer.snapshot();
    probe.draw(trainer, s.grid);
    s.history.assign(trainer.history());
    return s;
}

// render --view playground has the training options instead of the others.
int renderPlayground(const QStringList &args, const Streams &streams) {
    Command cmd(kPlaygroundHelp);
    addTrainingOptions(cmd);
    cmd.addOptions({{"view", "VIEW", "playground"}});
    addPictureOptions(cmd, QStringLiteral("Picture size"), QStringLiteral("1600x1000"));
    if (!cmd.parse(args, streams.out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    Trainer trainer = makeTrainerFor(setup, cmd);
    ProgressBar bar(streams.err, QStringLiteral("training"));
    const PlaygroundSnapshot snapshot = trainForPicture(trainer, setup.settings.epochs, &bar);
    PlaygroundView view;
    view.resize(size);
    view.showTrainedState(trainer.data(), trainer.settings(), snapshot);
    exportPicture(view.plot(), fileName, size);
    return 0;
}

// render --session FILE: the whole window restored from the file, one view drawn.
int renderSession(const QStringList &args, const Streams &streams) {
    Command cmd(kSessionHelp);
    cmd.addOptions({{"session", "FILE", "The session file to draw."},
                    {"view", "VIEW", "The view to draw (default: the tab the session shows)."},
                    {"step", "N", "A lesson's step to draw (from 1)."}});
    addPictureOptions(cmd, QStringLiteral("Picture size in pixels"), QStringLiteral("1200x800"));
    if (!cmd.parse(args, streams.out)) return 0;
    cmd.expectNoPositionals();
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    MainWindow window;
    if (cmd.isSet(QStringLiteral("view")) && !window.viewNames().contains(cmd.value(QStringLiteral("view"))))
        usageError(QStringLiteral("unknown view '%1' (available: %2)")
                       .arg(shown(cmd.value(QStringLiteral("view"))),
                            window.viewNames().join(QStringLiteral(", "))));
    const QString error = window.openSession(cmd.value(QStringLiteral("session")), false);
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    if (cmd.isSet(QStringLiteral("step"))) {
        if (!window.lesson()) usageError(QStringLiteral("--step: the session has no lesson"));
        const int steps = int(window.lesson()->lesson->steps.size());
        window.showLessonStep(
            parseInteger(cmd.value(QStringLiteral("step")), QStringLiteral("--step"), 1, steps) - 1, false);
    }
    if (cmd.isSet(QStringLiteral("view"))) window.openView(cmd.value(QStringLiteral("view")));
    if (auto *mask = qobject_cast<MaskView *>(window.currentView()))
        if (!mask->waitUntilDone(600'000)) throw RuntimeError("sampling did not finish");
    if (auto *depth = qobject_cast<DepthView *>(window.currentView()))
        if (!depth->waitUntilDone(600'000)) throw RuntimeError("the Depth view did not finish");
    // The Playground's worker sets up the restored points and network in its thread: the picture waits for
    // it.
    if (auto *playground = qobject_cast<PlaygroundView *>(window.currentView()))
        if (!playground->waitUntilCurrent())
            throw RuntimeError("the Playground did not show the session's network");
    exportPicture(window.currentView()->plot(), fileName, size);
    return 0;
}

bool choosesSession(const QStringList &args) {
    return routingIsSet(args, QStringLiteral("session"));
}

} // namespace

int renderCommand(const QStringList &args, const Streams &streams) {
    if (choosesSession(args)) return renderSession(args, streams);
    if (choosesPlayground(args)) return renderPlayground(args, streams);
    Command cmd(kHelp);
    cmd.addOptions({
        {"gate", "GATE", "mask view: the gate", "normal", true},
        {"samples", "N", "mask view: samples at every x", "10000", true},
        {"seed", "S", "mask view: the seed", "1", true},
        {"x", "X", "mask view: the x followed in the lower plots (default 1)."},
        {"view", "VIEW", "The view to draw: curves, error, precision or mask.", "curves"},
        {"stacked", "", "curves view: f, f′ and f″ in plots of their own."},
        {"reference", "ID", "error view: the reference", "gelu", true},
        {"points", "N", "error view: grid points", "16001", true},
        {"function", "IDS", "Comma-separated activation ids."},
        {"order", "K", "Which of f (0), f′ (1), f″ (2) to draw, comma-separated", "0", true},
    });
    cmd.addParamOption();
    cmd.addReferenceParamOption();
    cmd.addFormulaOption();
    addRangeOptions(cmd, QStringLiteral("-4"), QStringLiteral("4"), QString());
    addPictureOptions(cmd, QStringLiteral("Picture size in pixels"), QStringLiteral("1200x800"));
    if (!cmd.parse(args, streams.out)) return 0;
    cmd.expectNoPositionals();
    const QString viewName = cmd.value(QStringLiteral("view"));
    if (viewName != QLatin1String("curves") && viewName != QLatin1String("error") &&
        viewName != QLatin1String("precision") && viewName != QLatin1String("mask"))
        usageError(QStringLiteral("unknown view '%1' (available: curves, error, precision, mask)")
                       .arg(shown(viewName)));
    if (viewName == QLatin1String("mask")) return renderMaskView(cmd);
    if (viewName == QLatin1String("curves")) return renderCurvesView(cmd);
    return renderErrorView(cmd, viewName == QLatin1String("precision"));
}

} // namespace gelulab::cli
