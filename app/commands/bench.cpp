// gelu-lab-cli bench: the benchmarks of the kernels, the Curves and Playground views, the Playground's
// training workload and start-up.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include "curvesview.h"
#include "depthview.h"
#include "grid_probe.h"
#include "kernel_bench.h"
#include "networkdiagram.h"
#include "playgroundview.h"
#include "simd_target.h"
#include "viewparts.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTextStream>
#include <QTimer>
#include <qcustomplot.h>

#include <algorithm>
#include <chrono>

#include <unistd.h>

namespace gelulab::cli {
namespace {

// A rate as the text prints it: whole numbers from 100 up, three significant digits below (a big network on a
// fine grid runs at 0.6 epochs/s, which is not "0").
QString rateText(double perSecond) {
    return perSecond >= 100.0 ? QString::number(perSecond, 'f', 0) : QString::number(perSecond, 'g', 3);
}

const CommandHelp kStartupHelp{
    "bench startup",
    "[--repeats 5] [--json]",
    "Milliseconds from starting gelu-lab to its first painted main window (offscreen), median over repeats.",
};

const CommandHelp kDepthHelp{
    "bench depth",
    "[--activation gelu] [--switch ID] [--from 1.5] [--layers 100] [--width 1024] [--size 1600x1000] "
    "[--repeats 21] "
    "[--json]",
    "Milliseconds from a change of σ_w² in the Depth view (as a drag of its point makes) to the view drawing "
    "it: the maps and read-outs, then the simulated network, then every part but the phase diagram (which "
    "depends only on the activation, and is computed once before timing); medians over repeats, each at a "
    "new "
    "σ_w². With --switch, each change switches the studied activation between --activation and ID instead "
    "(both phase diagrams computed before timing).",
};

const CommandHelp kKernelHelp{
    "bench kernel",
    "--function ID|copy [--type float|double] [--n 1000000] [--threads 1] [--order 0] [--repeats 11] "
    "[--json]",
    "Median throughput of an activation's array kernel into a preallocated output, over x drawn from N(0, "
    "4²) with a fixed seed. --function copy times a plain copy of the same array: the memory-bound baseline.",
};

const CommandHelp kRenderHelp{
    "bench render",
    "[--activations 10] [--points 2000] [--size 1600x1000] [--repeats 30] [--json]",
    "Milliseconds to redraw the Curves view (offscreen): the first N activations of the registry with f, f′ "
    "and f″, each re-sampled at --points over a range that moves by a step each time (as a drag does), "
    "notable points included; median over repeats.",
};

const CommandHelp kPlaygroundHelp{
    "bench playground",
    "[--dataset circle] [--hidden 4,2] [--activation tanh] [--batch 10] [--lr 0.03] [--grid 100] [--repeats "
    "5] [--json]",
    "The Playground's per-frame workload, one thread: one epoch on the training points (squared loss, plain "
    "SGD, as TensorFlow Playground), train and test loss, and the output of the network and of every unit "
    "over a grid. Median epochs per second.",
};

const CommandHelp kRenderPlaygroundHelp{
    "bench render --view playground",
    "[--hidden 8,8,8,8,8,8] [--grid 100] [--size 1600x1000] [--seconds 10 [--until-epoch N] | --frames N] "
    "[train options] "
    "[--json]",
    "The Playground view while training, offscreen. By default live for --seconds: the view's own worker "
    "trains and sends snapshots while the window redraws; reports the frames that showed a new snapshot, the "
    "boundary pictures of at least 50×50 among them, the epochs trained (each per second) and the resident "
    "memory at the start and the end. With --frames N, frame by frame in one thread instead: each frame "
    "trains "
    "one epoch, takes the snapshot and redraws the view; the median frame time.",
};

int benchStartup(const QStringList &args, QTextStream &out) {
    Command cmd(kStartupHelp);
    cmd.addOptions({{"repeats", "N", "How many starts", "5", true}});
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 1000);
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("gelu-lab"));
    if (!QFileInfo(program).isExecutable())
        runtimeError(QStringLiteral("cannot find the gelu-lab executable at %1").arg(program));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    std::vector<double> samples;
    for (int i = 0; i < repeats; ++i) {
        QProcess process;
        process.setProcessEnvironment(environment);
        QElapsedTimer timer;
        timer.start();
        process.start(program, {QStringLiteral("--quit-after-first-paint")});
        double elapsed = -1.0;
        while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
            if (process.canReadLine() || process.waitForReadyRead(10'000)) {
                while (process.canReadLine()) {
                    if (process.readLine().startsWith("first-paint") && elapsed < 0)
                        elapsed = double(timer.nsecsElapsed()) / 1e6;
                }
            } else if (process.state() == QProcess::NotRunning || timer.elapsed() > 30'000) {
                break;
            }
            if (elapsed >= 0) break;
        }
        process.waitForFinished(10'000);
        if (elapsed < 0)
            runtimeError(QStringLiteral("gelu-lab did not report a painted window: %1")
                             .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed()));
        samples.push_back(elapsed);
    }
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t mid = sorted.size() / 2;
    const double median = sorted.size() % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray all;
        for (const double s : samples)
            all.append(s);
        printJson(out, QJsonObject{{QStringLiteral("startup_ms"), median},
                                   {QStringLiteral("repeats"), repeats},
                                   {QStringLiteral("samples_ms"), all}});
        return 0;
    }
    out << QStringLiteral("startup to first painted frame: median %1 ms over %2 starts (min %3, max %4)\n")
               .arg(median, 0, 'f', 1)
               .arg(repeats)
               .arg(sorted.front(), 0, 'f', 1)
               .arg(sorted.back(), 0, 'f', 1);
    return 0;
}

int benchKernel(const QStringList &args, QTextStream &out) {
    Command cmd(kKernelHelp);
    cmd.addOptions({
        {"function", "ID", "The activation id, or copy."},
        {"type", "TYPE", "float or double", "float", true},
        {"n", "N", "Elements", "1000000", true},
        {"threads", "T", "Threads, each on a contiguous slice", "1", true},
    });
    cmd.addOrderOption();
    cmd.addOptions({{"repeats", "R", "At least this many timed runs", "11", true}});
    cmd.addParamOption();
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QString id = cmd.value(QStringLiteral("function"));
    std::vector<ActivationInstance> instances;
    if (id != QLatin1String("copy")) {
        instances = cmd.parseFunctions(id, QStringLiteral("--function"), true);
        applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    }
    const bool useFloat = cmd.floatType();
    const QString typeName = useFloat ? QStringLiteral("float") : QStringLiteral("double");
    const int n = parseInteger(cmd.value(QStringLiteral("n")), QStringLiteral("--n"), 1, 1'000'000'000);
    const int threads =
        parseInteger(cmd.value(QStringLiteral("threads")), QStringLiteral("--threads"), 1, 256);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 100000);
    const KernelTiming timing = benchmarkKernel(instances.empty() ? nullptr : &instances.front(),
                                                useFloat ? ElementType::Float : ElementType::Double,
                                                static_cast<std::size_t>(n), threads, order, repeats);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("function"), id},
                                   {QStringLiteral("type"), typeName},
                                   {QStringLiteral("n"), n},
                                   {QStringLiteral("threads"), threads},
                                   {QStringLiteral("order"), order},
                                   {QStringLiteral("gelem_per_s"), timing.gelemPerSecond},
                                   {QStringLiteral("median_ms"), timing.medianSeconds * 1e3},
                                   {QStringLiteral("repeats"), timing.repeats},
                                   {QStringLiteral("target"), QString::fromStdString(simd::activeTarget())}});
        return 0;
    }
    out << QStringLiteral(
               "%1 %2, f%3, n = %4, %5 thread(s): %6 Gelem/s (median of %7 runs, %8 ms; SIMD %9)\n")
               .arg(id, typeName)
               .arg(primes(order))
               .arg(n)
               .arg(threads)
               .arg(timing.gelemPerSecond, 0, 'f', 3)
               .arg(timing.repeats)
               .arg(timing.medianSeconds * 1e3, 0, 'f', 3)
               .arg(QString::fromStdString(simd::activeTarget()));
    return 0;
}

int benchRender(const QStringList &args, QTextStream &out) {
    Command cmd(kRenderHelp);
    cmd.addOptions({
        {"view", "VIEW", "curves (default) or playground.", "curves"},
        {"activations", "N", "How many activations", "10", true},
        {"points", "N", "Samples per curve", "2000", true},
    });
    cmd.addSizeOption(QStringLiteral("Window size"), QStringLiteral("1600x1000"));
    cmd.addOptions({{"repeats", "N", "Timed redraws", "30", true}});
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const int count = parseInteger(cmd.value(QStringLiteral("activations")), QStringLiteral("--activations"),
                                   1, int(activations().size()));
    const int points =
        parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 100'000);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 10'000);
    CurvesView view;
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids << toQString(activations()[std::size_t(i)].get().id);
    view.setCheckedActivations(ids);
    for (int k = 0; k < 3; ++k)
        view.setOrderVisible(k, true);
    view.setSampleCount(points);
    view.resize(size);
    view.show();
    QCoreApplication::processEvents();
    std::vector<double> samples;
    for (int i = 0; i < repeats + 1; ++i) {
        QElapsedTimer timer;
        timer.start();
        const double shift = 0.01 * (i % 2 == 0 ? 1 : -1);
        view.beginInteractiveDrawing();            // as a drag does
        view.setXRange(-4.0 + shift, 4.0 + shift); // re-samples every curve
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        if (i > 0) samples.push_back(double(timer.nsecsElapsed()) / 1e6); // the first one warms up
    }
    std::sort(samples.begin(), samples.end());
    const double median = samples[samples.size() / 2];
    // Settled: the wide pens, once the view has stopped.
    QEventLoop settle; // let the view's settle timer restore the wide pens
    QTimer::singleShot(400, &settle, &QEventLoop::quit);
    settle.exec();
    std::vector<double> settled;
    for (int i = 0; i < std::min(repeats, 10); ++i) {
        QElapsedTimer timer;
        timer.start();
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        settled.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(settled.begin(), settled.end());
    const double settledMedian = settled[settled.size() / 2];
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("redraw_ms"), median},
                                   {QStringLiteral("settled_redraw_ms"), settledMedian},
                                   {QStringLiteral("activations"), count},
                                   {QStringLiteral("points"), points},
                                   {QStringLiteral("curves"), 3 * count},
                                   {QStringLiteral("width"), size.width()},
                                   {QStringLiteral("height"), size.height()},
                                   {QStringLiteral("repeats"), repeats}});
        return 0;
    }
    out << QStringLiteral(
               "redraw of %1 curves × %2 points at %3x%4 while moving: median %5 ms over %6 (min %7, max "
               "%8); settled (wide pens): %9 ms\n")
               .arg(3 * count)
               .arg(points)
               .arg(size.width())
               .arg(size.height())
               .arg(median, 0, 'f', 2)
               .arg(repeats)
               .arg(samples.front(), 0, 'f', 2)
               .arg(samples.back(), 0, 'f', 2)
               .arg(settledMedian, 0, 'f', 2);
    return 0;
}

int benchPlayground(const QStringList &args, QTextStream &out) {
    Command cmd(kPlaygroundHelp);
    addTrainingOptions(cmd, QStringLiteral("tanh"));
    cmd.addOptions({
        {"grid", "N", "Grid points per side", "100", true},
        {"repeats", "N", "Timed repeats", "5", true},
    });
    cmd.addJsonOption();
    // The Playground's settings, unless given.
    QStringList withDefaults = args;
    const auto defaultTo = [&](const QString &option, const QString &value) {
        if (!args.contains(QStringLiteral("--") + option))
            withDefaults << QStringLiteral("--") + option << value;
    };
    defaultTo(QStringLiteral("hidden"), QStringLiteral("4,2"));
    defaultTo(QStringLiteral("lr"), QStringLiteral("0.03"));
    defaultTo(QStringLiteral("optimizer"), QStringLiteral("sgd"));
    defaultTo(QStringLiteral("loss"), QStringLiteral("squared"));
    defaultTo(QStringLiteral("init"), QStringLiteral("uniform"));
    if (!cmd.parse(withDefaults, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    const int grid = parseInteger(cmd.value(QStringLiteral("grid")), QStringLiteral("--grid"), 2, 400);
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 1000);
    Trainer trainer = makeTrainerFor(setup, cmd);
    GridProbe probe(setup.settings.features, grid);
    GridPicture picture;
    const auto frame = [&] {
        trainer.step();
        probe.draw(trainer, picture);
    };
    for (int i = 0; i < 10; ++i)
        frame(); // warm-up
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        int epochs = 0;
        double seconds = 0.0;
        do {
            frame();
            ++epochs;
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } while (seconds < 0.2 && epochs < 100'000);
        rates.push_back(epochs / seconds);
    }
    // A diverged trainer does nothing per epoch: timing it would report a rate for no work.
    if (trainer.diverged())
        runtimeError(QString::fromStdString(trainer.message()) +
                     QStringLiteral("; a benchmark of a run that diverged measures nothing"));
    const double median = quantile(rates, 0.5);
    const QString activations = joinIds(setup.settings.activations);
    const QString widths = joinWidths(setup.settings.hidden);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("epochs_per_s"), median},
                                   {QStringLiteral("dataset"), setup.dataName},
                                   {QStringLiteral("hidden"), widths},
                                   {QStringLiteral("activation"), activations},
                                   {QStringLiteral("grid"), grid},
                                   {QStringLiteral("train_points"), int(setup.data.train.size())}});
        return 0;
    }
    out << QStringLiteral("playground workload (%1, hidden [%2], %3, %4 train points, grid %5×%5): median %6 "
                          "epochs/s over %7 repeats\n")
               .arg(setup.dataName, widths, activations, QString::number(setup.data.train.size()),
                    QString::number(grid), rateText(median), QString::number(repeats));
    return 0;
}

// Resident memory of this process in MiB (Linux; 0 where /proc is missing).
double residentMegabytes() {
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly)) return 0.0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0) : 0.0;
}

// Live: the view's own worker trains while the window redraws, for `seconds` or until `untilEpochs` epochs
// more (0: no such limit), whichever comes first.
int benchLivePlayground(const TrainingSetup &setup, const QSize &size, double seconds, int untilEpochs,
                        bool json, QTextStream &out) {
    PlaygroundView view;
    view.resize(size);
    view.show();
    view.start(setup.data, setup.settings);
    if (!view.waitForEpoch(0, 60'000)) runtimeError(QStringLiteral("the Playground's worker did not start"));
    const double memoryAtStart = residentMegabytes();
    int frames = 0, boundaries = 0;
    std::uint64_t lastPicture = view.snapshot().grid.serial;
    const int epochAtStart = view.epoch();
    QEventLoop loop;
    const QMetaObject::Connection counting = QObject::connect(&view, &PlaygroundView::snapshotShown, [&] {
        ++frames;
        const GridPicture &g = view.snapshot().grid;
        if (g.serial != lastPicture && g.size >= 50) ++boundaries;
        lastPicture = g.serial;
        if (untilEpochs > 0 && view.epoch() - epochAtStart >= untilEpochs) loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    view.play();
    QTimer::singleShot(int(seconds * 1000.0), &loop, &QEventLoop::quit);
    loop.exec();
    const double elapsed = double(timer.nsecsElapsed()) * 1e-9;
    QObject::disconnect(counting);
    const int epochs = view.epoch() - epochAtStart;
    view.pause();
    const double memoryAtEnd = residentMegabytes();
    const QString widths = joinWidths(setup.settings.hidden);
    const QString activations = joinIds(setup.settings.activations);
    if (json) {
        printJson(out, QJsonObject{{QStringLiteral("frames_per_s"), frames / elapsed},
                                   {QStringLiteral("boundary_updates_per_s"), boundaries / elapsed},
                                   {QStringLiteral("epochs_per_s"), epochs / elapsed},
                                   {QStringLiteral("rss_start_mib"), memoryAtStart},
                                   {QStringLiteral("rss_end_mib"), memoryAtEnd},
                                   {QStringLiteral("seconds"), elapsed},
                                   {QStringLiteral("epochs"), epochs},
                                   {QStringLiteral("hidden"), widths},
                                   {QStringLiteral("activation"), activations},
                                   {QStringLiteral("width"), size.width()},
                                   {QStringLiteral("height"), size.height()}});
        return 0;
    }
    out << QStringLiteral(
               "playground view %1×%2, hidden [%3], %4, live for %5 s: %6 frames/s with a new "
               "snapshot, %7 boundary pictures/s (≥ 50×50), %8 epochs/s; resident memory %9 MiB at "
               "the start, %10 MiB at the end\n")
               .arg(size.width())
               .arg(size.height())
               .arg(widths, activations)
               .arg(elapsed, 0, 'f', 1)
               .arg(frames / elapsed, 0, 'f', 1)
               .arg(boundaries / elapsed, 0, 'f', 1)
               .arg(epochs / elapsed, 0, 'f', 1)
               .arg(memoryAtStart, 0, 'f', 0)
               .arg(memoryAtEnd, 0, 'f', 0);
    return 0;
}

int benchRenderPlayground(const QStringList &args, QTextStream &out) {
    Command cmd(kRenderPlaygroundHelp);
    addTrainingOptions(cmd);
    cmd.addOptions({
        {"view", "VIEW", "playground"},
        {"grid", "N", "Boundary points per side", "100", true},
    });
    cmd.addSizeOption(QStringLiteral("Window size"), QStringLiteral("1600x1000"));
    cmd.addOptions({{"seconds", "S", "Live: how long the view trains, at most (up to 86400)", "10", true},
                    {"until-epoch", "N", "Live: stop once the view has trained N epochs more (a soak run)."},
                    {"frames", "N", "Frame by frame instead: how many timed frames."}});
    cmd.addJsonOption();
    QStringList withDefaults = args;
    if (!args.contains(QStringLiteral("--hidden")))
        withDefaults << QStringLiteral("--hidden") << QStringLiteral("8,8,8,8,8,8");
    if (!cmd.parse(withDefaults, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    const int grid = parseInteger(cmd.value(QStringLiteral("grid")), QStringLiteral("--grid"), 2, 400);
    if (grid != PlaygroundView::kGrid)
        usageError(
            QStringLiteral("the view draws a %1×%1 boundary; --grid must be %1").arg(PlaygroundView::kGrid));
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    if (!cmd.isSet(QStringLiteral("frames"))) {
        const double seconds = parseNumber(cmd.value(QStringLiteral("seconds")), QStringLiteral("--seconds"));
        if (!(seconds >= 0.1 && seconds <= 86400.0))
            usageError(QStringLiteral("--seconds must be 0.1 to 86400"));
        const int untilEpochs = cmd.isSet(QStringLiteral("until-epoch"))
                                    ? parseInteger(cmd.value(QStringLiteral("until-epoch")),
                                                   QStringLiteral("--until-epoch"), 1, 1'000'000'000)
                                    : 0;
        return benchLivePlayground(setup, size, seconds, untilEpochs, cmd.isSet(QStringLiteral("json")), out);
    }
    const int frames =
        parseInteger(cmd.value(QStringLiteral("frames")), QStringLiteral("--frames"), 1, 100'000);
    Trainer trainer = makeTrainerFor(setup, cmd);
    GridProbe probe(setup.settings.features, grid);
    PlaygroundView view;
    view.resize(size);
    view.show();
    QCoreApplication::processEvents();
    PlaygroundSnapshot snapshot;
    QImage diagramImage(view.diagram()->size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> milliseconds;
    for (int f = 0; f < frames + 3; ++f) {
        QElapsedTimer timer;
        timer.start();
        trainer.trainEpoch();
        snapshot.gradientNorms.append({trainer.epoch(), trainer.weightGradientNorms()});
        snapshot.training = trainer.snapshot();
        probe.draw(trainer, snapshot.grid);
        if (!trainer.history().empty()) snapshot.history.append(trainer.history().back()); // as the view
        view.showTrainedState(trainer.data(), trainer.settings(), snapshot);
        // What changes in a frame: the plots (rendered and shown) and the network diagram (painted into an
        // image of its size; the offscreen platform's window flushes would otherwise dominate the time).
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        view.diagram()->render(&diagramImage);
        if (f >= 3) milliseconds.push_back(double(timer.nsecsElapsed()) / 1e6); // the first frames warm up
    }
    const double median = quantile(milliseconds, 0.5);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("frames_per_s"), 1000.0 / median},
                                   {QStringLiteral("frame_ms"), median},
                                   {QStringLiteral("frames"), frames},
                                   {QStringLiteral("width"), size.width()},
                                   {QStringLiteral("height"), size.height()}});
        return 0;
    }
    out << QStringLiteral(
               "playground view %1×%2 while training: median %3 ms per frame, %4 frames/s over %5 frames\n")
               .arg(size.width())
               .arg(size.height())
               .arg(median, 0, 'f', 2)
               .arg(rateText(1000.0 / median))
               .arg(frames);
    return 0;
}

int benchDepth(const QStringList &args, QTextStream &out) {
    Command cmd(kDepthHelp);
    cmd.addOptions({
        {"activation", "ID", "The activation studied (ReLU and tanh are drawn beside it, as the tab opens)",
         "gelu", true},
        {"switch", "ID", "Switch the studied activation between --activation and ID at each change", "",
         true},
        {"from", "S", "σ_w² before the first change; each change adds 0.01 (--switch: σ_w² throughout)",
         "1.5", true},
        {"layers", "L", "Layers of the simulated network", "100", true},
        {"width", "N", "Units in every layer", "1024", true},
    });
    cmd.addSizeOption(QStringLiteral("Window size"), QStringLiteral("1600x1000"));
    cmd.addOptions({{"repeats", "N", "Timed changes", "21", true}});
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QString id = cmd.value(QStringLiteral("activation"));
    const int layers =
        parseInteger(cmd.value(QStringLiteral("layers")), QStringLiteral("--layers"), 1, kMaxDepthLayers);
    const int width =
        parseInteger(cmd.value(QStringLiteral("width")), QStringLiteral("--width"), 1, kDepthViewMaxWidth);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 10'000);
    const std::string other = cmd.value(QStringLiteral("switch")).toStdString();
    const bool switching = cmd.isSet(QStringLiteral("switch"));
    if (switching && other == id.toStdString())
        usageError(QStringLiteral("--switch must name another activation than --activation"));
    const double from = parseNumber(cmd.value(QStringLiteral("from")), QStringLiteral("--from"));
    if (!(from >= 0.0 && (switching ? from : from + 0.01 * repeats) <= kDepthMaxSigmaW2))
        usageError(QStringLiteral("--from plus 0.01 a change must stay within σ_w² from 0 to %1")
                       .arg(kDepthMaxSigmaW2));
    DepthView view;
    const auto study = [&view](const std::string &studied) {
        try {
            view.setActivations(studied, {"relu", "tanh"});
        } catch (const std::invalid_argument &e) {
            usageError(QString::fromUtf8(e.what()));
        }
    };
    try {
        view.setNetwork(layers, width, 1.0, 0.5, 1);
        view.setSigmas(from, 0.05);
    } catch (const std::invalid_argument &e) {
        usageError(QString::fromUtf8(e.what()));
    }
    view.resize(size);
    view.show();
    for (const std::string &studied :
         switching ? std::vector{other, id.toStdString()} : std::vector{id.toStdString()}) {
        study(studied);
        if (!view.waitUntilDone(600'000)) throw RuntimeError("the Depth view did not finish");
    }
    std::vector<double> maps, network, parts, simulation;
    for (int i = 0; i < repeats; ++i) {
        const std::string studied = switching ? (i % 2 == 0 ? other : id.toStdString()) : id.toStdString();
        QElapsedTimer timer;
        timer.start();
        if (switching)
            study(studied);
        else
            view.sigmaW2Box()->setValue(from + 0.01 * (i + 1)); // a drag's steps
        const double sigmaW2 = view.sigmaW2Box()->value();      // as the box rounds it
        const auto shown = [&](auto part) {
            return [&view, sigmaW2, studied, part] {
                const DepthSnapshot &s = view.snapshot();
                return s.settings.sigmaW2 == sigmaW2 && !s.curves.empty() && s.curves.front().id == studied &&
                       part(s);
            };
        };
        const auto drawnAt = [&](const std::function<bool()> &done, std::vector<double> &into) {
            if (!runEventsUntil(&view, &DepthView::snapshotShown, done, 600'000))
                throw RuntimeError("the Depth view did not finish");
            view.plot()->replot(QCustomPlot::rpImmediateRefresh);
            into.push_back(double(timer.nsecsElapsed()) / 1e6);
        };
        drawnAt(shown([](const DepthSnapshot &s) { return !s.curves.empty(); }), maps);
        drawnAt(shown([](const DepthSnapshot &s) { return s.network.has_value(); }), network);
        simulation.push_back(view.snapshot().networkSeconds * 1e3);
        drawnAt(shown([](const DepthSnapshot &s) { return s.done; }), parts);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const QString target = QString::fromStdString(simd::activeTarget());
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("layers"), layers},
                                   {QStringLiteral("width"), width},
                                   {QStringLiteral("repeats"), repeats},
                                   {QStringLiteral("target"), target},
                                   {QStringLiteral("maps_ms"), median(maps)},
                                   {QStringLiteral("network_ms"), median(network)},
                                   {QStringLiteral("simulation_ms"), median(simulation)},
                                   {QStringLiteral("complete_ms"), median(parts)}});
        return 0;
    }
    out << QStringLiteral(
               "depth view, %1 layers of %2 (%3): a change of %9 drawn in %4 ms (maps and read-outs), "
               "%5 ms (the network, simulated in %6 ms of them), %7 ms (every part); medians of %8\n")
               .arg(layers)
               .arg(width)
               .arg(target)
               .arg(median(maps), 0, 'f', 1)
               .arg(median(network), 0, 'f', 1)
               .arg(median(simulation), 0, 'f', 1)
               .arg(median(parts), 0, 'f', 1)
               .arg(repeats)
               .arg(switching ? QStringLiteral("the studied activation") : QStringLiteral("σ_w²"));
    return 0;
}

} // namespace

bool benchNeedsWidgets(const QStringList &args) {
    return args.value(0) == QLatin1String("render") || args.value(0) == QLatin1String("depth");
}

int benchCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("--h")) {
        out << "Usage: gelu-lab-cli bench BENCHMARK [options]\n\nBenchmarks:\n"
               "  kernel    throughput of an activation's array kernel (Gelem/s)\n"
               "  render    milliseconds to redraw the Curves view\n"
               "  playground  epochs per second of the Playground's per-frame workload\n"
               "  depth     milliseconds from a change of σ_w² to the Depth view drawing it\n"
               "  startup   milliseconds from start to the first painted window\n";
        if (args.isEmpty())
            usageError(
                QStringLiteral("bench needs a benchmark name (kernel, render, startup, playground, depth)"));
        return 0;
    }
    if (args.first() == QLatin1String("kernel")) return benchKernel(args.mid(1), out);
    if (args.first() == QLatin1String("startup")) return benchStartup(args.mid(1), out);
    if (args.first() == QLatin1String("render"))
        return choosesPlayground(args.mid(1)) ? benchRenderPlayground(args.mid(1), out)
                                              : benchRender(args.mid(1), out);
    if (args.first() == QLatin1String("playground")) return benchPlayground(args.mid(1), out);
    if (args.first() == QLatin1String("depth")) return benchDepth(args.mid(1), out);
    usageError(
        QStringLiteral("unknown benchmark '%1' (available: kernel, render, startup, playground, depth)")
            .arg(shown(args.first())));
}

} // namespace gelulab::cli
