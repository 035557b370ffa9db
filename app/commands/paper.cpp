// gelu-lab-cli paper: the GELU paper's experiments on Fashion-MNIST or the UCI digits (core/paper.h).
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include "bandplot.h"
#include "fashion_mnist.h"
#include "network_limits.h"
#include "paper.h"
#include "paperview.h"
#include "run_cache.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "paper",
    "--experiment fashion-classification|fashion-robustness|fashion-autoencoder|digits-classification|"
    "digits-robustness|digits-autoencoder [--compare gelu,relu,elu] [--seeds 5] [--epochs 50] "
    "[--data-dir DIR] [--json] [--csv FILE] [--out FIGURE.png|svg|pdf]",
    "The GELU paper's experiments. fashion-*: on Fashion-MNIST at the paper's size (Debian's "
    "dataset-fashion-mnist, or --data-dir): 55,000 train, 5,000 validation (stratified from --seed), 10,000 "
    "test images of 28×28 pixels. digits-*: the quick version on the built-in UCI handwritten digits (1,797 "
    "images of 8×8 pixels): 1,200 train, 297 validation, 300 test. Classification: an 8 × 128 MLP, Adam, "
    "batch 128, with and without dropout 0.5, the learning rate chosen on the validation images, median and "
    "quartiles over the seeds (the paper's Figure 2). Robustness: those classifiers with U[−a, a] noise on "
    "the pixels (scaled to [0, 1]), a = 0 … 3 (Figure 3). Autoencoder: 784-1000-500-250-30-250-500-1000-784 "
    "(the digits: 64-128-64-32-8-32-64-128-64), squared error, batch 64, 3 seeds, learning rates 1e-3 and "
    "1e-4 (Figure 4). Runs go in parallel on the cores; --json reports train_seconds_per_epoch, the median "
    "training pass alone.",
};

std::vector<double> parseNumberList(const QString &text, const QString &option) {
    std::vector<double> values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        values.push_back(parseNumber(part.trimmed(), option));
    if (values.empty()) usageError(QStringLiteral("%1 needs at least one number").arg(option));
    return values;
}

QJsonArray quartilePair(const Quartiles &q, double scale = 1.0) {
    return QJsonArray{jsonNumber(scale * q.q1), jsonNumber(scale * q.q3)};
}

// Under the table, a line for every variant whose runs diverged or collapsed: noise accuracies of a run that
// blew up are not a measure of the activation.
void printRunHealth(QTextStream &out, const PaperResult &result, PaperExperimentKind kind) {
    for (const PaperVariant &v : result.variants)
        if (const QString health = runHealth(v.summary, result.settings.seeds); !health.isEmpty())
            out << QString::fromStdString(v.key(kind)) << QStringLiteral(": ") << health << '\n';
}

} // namespace

int paperCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    cmd.addOptions({
        {"experiment", "ID",
         "fashion-classification, fashion-robustness, fashion-autoencoder, digits-classification, "
         "digits-robustness or digits-autoencoder."},
        {"compare", "IDS", "Activations", "gelu,relu,elu", true},
        {"seeds", "N", "Runs per variant (default 5; the autoencoder 3)."},
        {"epochs", "N", "Epochs per run", "50", true},
        {"dropout", "RATES", "Dropout rates to try, comma-separated (default 0,0.5; the autoencoder 0)."},
        {"lr", "RATES",
         "Learning rates: the candidates to choose from on the validation images (default 1e-3,1e-4,1e-5), "
         "or the autoencoder's (default 1e-3,1e-4)."},
        {"hidden", "W,W,...",
         "Hidden layer widths (default 8 × 128; the autoencoder 128,64,32,8,32,64,128)."},
        {"batch", "N", "Batch size (default 128; the autoencoder 64)."},
        {"optimizer", "ID", "adam (default), momentum, nesterov or sgd.", "adam"},
        {"seed", "N", "The split's seed and the first run's", "1", true},
        {"threads", "N", "Threads (default: one per core).", "0"},
        {"digits", "FILE",
         "Read the digits from FILE (64 pixels 0–16 and the label per line) instead of the built-in copy."},
        {"data-dir", "DIR",
         "Fashion-MNIST's four IDX files (gzip'd or not) from DIR instead of Debian's "
         "/usr/share/datasets/fashion-mnist."},
        {"no-cache", "",
         "Train every run afresh and keep none (by default finished runs are kept in "
         "~/.cache/gelu-lab/runs and reused by a rerun with the same settings, or trained on for more "
         "epochs)."},
    });
    cmd.addJsonOption();
    cmd.addOptions({
        {"csv", "FILE", "Write the median and quartile curves to FILE."},
        {"out", "FILE", "Draw the figure to FILE (.png, .svg or .pdf)."},
    });
    cmd.addSizeOption(QStringLiteral("Picture size"), QStringLiteral("1600x1000"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QString experiments =
        QStringLiteral("fashion-classification, fashion-robustness, "
                       "fashion-autoencoder, digits-classification, digits-robustness, "
                       "digits-autoencoder");
    if (!cmd.isSet(QStringLiteral("experiment")))
        usageError(QStringLiteral("--experiment is required (%1)").arg(experiments));
    const auto kind = fromId<PaperExperimentKind>(cmd.value(QStringLiteral("experiment")).toStdString());
    if (!kind)
        usageError(QStringLiteral("unknown experiment '%1' (%2)")
                       .arg(shown(cmd.value(QStringLiteral("experiment"))), experiments));
    const bool fashion = onFashionMnist(*kind);
    if (fashion && cmd.isSet(QStringLiteral("digits")))
        usageError(
            QStringLiteral("--digits is for the digits-* experiments; --data-dir names Fashion-MNIST's "
                           "folder"));
    if (!fashion && cmd.isSet(QStringLiteral("data-dir")))
        usageError(
            QStringLiteral("--data-dir is for the fashion-* experiments; --digits names a digits file"));
    PaperSettings settings = paperDefaults(*kind);
    settings.activations.clear();
    for (const QString &id : cmd.value(QStringLiteral("compare")).split(QLatin1Char(',')))
        settings.activations.push_back(id.trimmed().toStdString());
    if (cmd.isSet(QStringLiteral("seeds")))
        settings.seeds = parseInteger(cmd.value(QStringLiteral("seeds")), QStringLiteral("--seeds"), 1, 100);
    settings.epochs =
        parseInteger(cmd.value(QStringLiteral("epochs")), QStringLiteral("--epochs"), 1, 10'000);
    if (cmd.isSet(QStringLiteral("batch")))
        settings.batch =
            parseInteger(cmd.value(QStringLiteral("batch")), QStringLiteral("--batch"), 1, 10'000);
    settings.threads =
        unsigned(parseInteger(cmd.value(QStringLiteral("threads")), QStringLiteral("--threads"), 0, 256));
    settings.seed = cmd.seed();
    settings.optimizer = parseChoice<OptimizerKind>(cmd, QStringLiteral("optimizer"));
    if (cmd.isSet(QStringLiteral("dropout")))
        settings.dropouts =
            parseNumberList(cmd.value(QStringLiteral("dropout")), QStringLiteral("--dropout"));
    if (cmd.isSet(QStringLiteral("lr")))
        settings.learningRates = parseNumberList(cmd.value(QStringLiteral("lr")), QStringLiteral("--lr"));
    if (cmd.isSet(QStringLiteral("hidden"))) {
        settings.hidden.clear();
        for (const QString &w : cmd.value(QStringLiteral("hidden")).split(QLatin1Char(',')))
            settings.hidden.push_back(
                parseInteger(w.trimmed(), QStringLiteral("--hidden"), 1, kMaxExperimentUnits));
    }
    if (const std::string problem = checkPaperSettings(settings); !problem.empty())
        usageError(QString::fromStdString(problem));
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString pictureName = cmd.isSet(QStringLiteral("out")) ? checkedPictureName(cmd) : QString();

    ImageSplit split;
    try {
        if (fashion) {
            const QString dir = cmd.isSet(QStringLiteral("data-dir")) ? cmd.value(QStringLiteral("data-dir"))
                                                                      : QString::fromUtf8(kFashionMnistDir);
            split =
                splitFashionMnist(loadFashionMnist(dir.toStdString()), settings.validation, settings.seed);
        } else {
            const Digits digits = cmd.isSet(QStringLiteral("digits"))
                                      ? loadDigits(cmd.value(QStringLiteral("digits")))
                                      : builtInDigits();
            split = splitDigits(digits, settings.validation, settings.test, settings.seed);
        }
    } catch (const std::exception &e) {
        throw RuntimeError(e.what());
    }
    ProgressBar bar(streams.err, QString::fromUtf8(idOf(*kind).data()));
    QElapsedTimer timer;
    timer.start();
    const RunCache cache(cmd.isSet(QStringLiteral("no-cache")) ? std::filesystem::path()
                                                               : defaultRunCacheFolder());
    const PaperResult result = runPaperExperiment(
        split, settings, [&](const PaperResult &r) { bar.update(r.fraction); }, nullptr, &cache);
    const double seconds = double(timer.nsecsElapsed()) * 1e-9;
    bar.update(1.0);
    if (!result.cacheProblem.empty())
        streams.err << QStringLiteral("warning: the runs were not kept: %1\n")
                           .arg(QString::fromStdString(result.cacheProblem));

    const bool classify = paperClassifies(*kind);
    if (cmd.isSet(QStringLiteral("csv"))) {
        QByteArray text = "variant,epoch,train_loss_median,test_loss_q1,test_loss_median,test_loss_q3,"
                          "test_error_q1,test_error_median,test_error_q3\n";
        for (const PaperVariant &v : result.variants) {
            const AlternativeSummary &s = v.summary;
            for (std::size_t e = 0; e < s.testLoss.size(); ++e) {
                const Quartiles error = classify ? errorQuartiles(s.testAccuracy[e]) : Quartiles{};
                text += QByteArray::fromStdString(v.key(*kind)) + ',' + QByteArray::number(e + 1);
                for (double x :
                     {s.trainLoss[e].median, s.testLoss[e].q1, s.testLoss[e].median, s.testLoss[e].q3})
                    text += ',' + QByteArray::number(x, 'g', 9);
                for (double x : {error.q1, error.median, error.q3})
                    text += ',' + (classify ? QByteArray::number(x, 'g', 9) : QByteArray());
                text += '\n';
            }
        }
        writeCsv(cmd.value(QStringLiteral("csv")), text, out);
    }
    if (!pictureName.isEmpty()) {
        PaperView view;
        view.resize(size);
        view.showResult(result);
        exportPicture(view.plot(), pictureName, size);
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonObject variants;
        for (const PaperVariant &v : result.variants) {
            const AlternativeSummary &s = v.summary;
            QJsonArray train, test, error, scores;
            for (std::size_t e = 0; e < s.testLoss.size(); ++e) {
                train.append(jsonNumber(s.trainLoss[e].median));
                test.append(jsonNumber(s.testLoss[e].median));
                if (classify) error.append(jsonNumber(1.0 - s.testAccuracy[e].median));
            }
            for (double x : v.validationScores)
                scores.append(jsonNumber(x));
            QJsonObject o{{QStringLiteral("activation"), QString::fromStdString(v.activation)},
                          {QStringLiteral("dropout"), v.dropout},
                          {QStringLiteral("learning_rate"), v.learningRate},
                          {QStringLiteral("median_test_loss"), jsonNumber(s.finalTestLoss.median)},
                          {QStringLiteral("test_loss_quartiles"), quartilePair(s.finalTestLoss)},
                          {QStringLiteral("diverged_runs"), s.divergedRuns},
                          {QStringLiteral("collapsed_runs"), s.warnedRuns},
                          {QStringLiteral("train_loss"), train},
                          {QStringLiteral("test_loss"), test}};
            if (classify) {
                const Quartiles e = errorQuartiles(s.finalTestAccuracy);
                o.insert(QStringLiteral("median_test_error"), jsonNumber(e.median));
                o.insert(QStringLiteral("quartiles"), quartilePair(e));
                o.insert(QStringLiteral("test_error"), error);
                o.insert(QStringLiteral("validation_errors"), scores);
                QJsonArray accuracy, accuracyQuartiles, logLoss;
                for (std::size_t a = 0; a < v.noiseAccuracy.size(); ++a) {
                    accuracy.append(jsonNumber(v.noiseAccuracy[a].median));
                    accuracyQuartiles.append(quartilePair(v.noiseAccuracy[a]));
                    logLoss.append(jsonNumber(v.noiseLogLoss[a].median));
                }
                o.insert(QStringLiteral("noise_test_accuracy"), accuracy);
                o.insert(QStringLiteral("noise_test_accuracy_quartiles"), accuracyQuartiles);
                o.insert(QStringLiteral("noise_log_loss"), logLoss);
            } else {
                o.insert(QStringLiteral("median_test_error"), QJsonValue(QJsonValue::Null));
                o.insert(QStringLiteral("quartiles"), quartilePair(s.finalTestLoss));
            }
            variants.insert(QString::fromStdString(v.key(*kind)), o);
        }
        QJsonArray noise;
        for (double a : result.amplitudes)
            noise.append(a);
        printJson(out,
                  QJsonObject{{QStringLiteral("experiment"), QString::fromUtf8(idOf(*kind).data())},
                              {QStringLiteral("seeds"), settings.seeds},
                              {QStringLiteral("epochs"), settings.epochs},
                              {QStringLiteral("train_images"), result.trainImages},
                              {QStringLiteral("validation_images"), result.validationImages},
                              {QStringLiteral("test_images"), result.testImages},
                              {QStringLiteral("seconds"), seconds},
                              {QStringLiteral("train_seconds_per_epoch"),
                               result.trainSecondsPerEpoch > 0.0 ? QJsonValue(result.trainSecondsPerEpoch)
                                                                 : QJsonValue(QJsonValue::Null)},
                              {QStringLiteral("reused_runs"), result.reusedRuns},
                              {QStringLiteral("threads"),
                               int(settings.threads ? settings.threads : ThreadPool::shared().workers() + 1)},
                              {QStringLiteral("noise"), noise},
                              {QStringLiteral("activations"), variants}});
        return 0;
    }
    out << QStringLiteral(
               "%1: %2 train / %3 validation / %4 test images; hidden %5, %6, batch %7, %8 epochs, "
               "seeds: %9; %10 s (training pass: %11 s per epoch, median)\n")
               .arg(QString::fromUtf8(idOf(*kind).data()))
               .arg(result.trainImages)
               .arg(result.validationImages)
               .arg(result.testImages)
               .arg(joinWidths(settings.hidden), toQString(idOf(settings.optimizer)))
               .arg(settings.batch)
               .arg(settings.epochs)
               .arg(settings.seeds)
               .arg(seconds, 0, 'f', 1)
               .arg(result.trainSecondsPerEpoch, 0, 'g', 3);
    if (result.reusedRuns > 0)
        out << QStringLiteral("%1 of the runs taken from %2 (kept from an earlier run; --no-cache trains "
                              "them afresh)\n")
                   .arg(result.reusedRuns)
                   .arg(QString::fromStdString(cache.folder().string()));
    if (paperMeasuresNoise(*kind)) {
        out << QStringLiteral("test accuracy (median over seeds) with U[-a, a] noise on the pixels\n");
        out << QStringLiteral("%1").arg(QStringLiteral("a"), 6);
        for (const PaperVariant &v : result.variants)
            out << QStringLiteral("  %1").arg(QString::fromStdString(v.key(*kind)), 18);
        out << '\n';
        for (std::size_t a = 0; a < result.amplitudes.size(); ++a) {
            out << QStringLiteral("%1").arg(result.amplitudes[a], 6, 'f', 2);
            for (const PaperVariant &v : result.variants)
                out << QStringLiteral("  %1").arg(QStringLiteral("%1 % (%2)")
                                                      .arg(100 * v.noiseAccuracy[a].median, 0, 'f', 1)
                                                      .arg(v.noiseLogLoss[a].median, 0, 'f', 2),
                                                  18);
            out << '\n';
        }
        out << QStringLiteral("(in brackets: the log loss)\n");
        printRunHealth(out, result, *kind);
        return 0;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5\n")
               .arg(QStringLiteral("variant"), -20)
               .arg(QStringLiteral("lr"), -8)
               .arg(classify ? QStringLiteral("test error (median [q1, q3])")
                             : QStringLiteral("test loss (median [q1, q3])"),
                    -30)
               .arg(QStringLiteral("train loss"), -10)
               .arg(classify ? QStringLiteral("validation error per lr") : QStringLiteral("diverged"));
    for (const PaperVariant &v : result.variants) {
        const AlternativeSummary &s = v.summary;
        QStringList scores;
        for (double x : v.validationScores)
            scores << QString::number(100 * x, 'f', 1);
        out << QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QString::fromStdString(v.key(*kind)), -20)
                   .arg(v.learningRate, -8, 'g', 3)
                   .arg(classify ? quartileText(errorQuartiles(s.finalTestAccuracy), true)
                                 : quartileText(s.finalTestLoss, false),
                        -30)
                   .arg(s.finalTrainLoss.median, -10, 'g', 4)
                   .arg(classify
                            ? (scores.isEmpty() ? QStringLiteral("–")
                                                : scores.join(QStringLiteral(" / ")) + QStringLiteral(" %"))
                            : QString::number(s.divergedRuns));
    }
    printRunHealth(out, result, *kind);
    return 0;
}

} // namespace gelulab::cli
