// gelu-lab-cli train, compare, robustness and bench playground: the training engine from the command line.
#include "cli_common.h"

#include "compareview.h"
#include "comparison.h"
#include "networkdiagram.h"
#include "playgroundview.h"
#include "plotexport.h"
#include "trainer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <qcustomplot.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace gelulab::cli {
namespace {

// Trains every run of the comparison `epochs` epochs, updating the progress bar every 25 epochs.
void advanceWithProgress(Comparison &comparison, int epochs, ProgressBar &bar) {
    constexpr int kProgressEpochs = 25;
    for (int e = 0; e < epochs; e += kProgressEpochs) {
        comparison.advance(std::min(kProgressEpochs, epochs - e));
        bar.update(double(std::min(epochs, e + kProgressEpochs)) / epochs);
    }
}

// Options every training command takes.
void addTrainingOptions(Command &cmd, const QString &defaultActivation = QStringLiteral("gelu")) {
    cmd.addOption(
        QStringLiteral("dataset"),
        QStringLiteral("circle, xor, gauss, spiral, moons, checkerboard, blobs, spirals (classification), "
                       "plane, multigauss (regression); default circle."),
        QStringLiteral("ID"), QStringLiteral("circle"));
    cmd.addOption(QStringLiteral("data"),
                  QStringLiteral("Read the data set from a CSV file (x1,x2,label or x1,x2,target)."),
                  QStringLiteral("FILE"));
    cmd.addOption(QStringLiteral("noise"), QStringLiteral("Noise in percent, 0 to 50 (default 0)."),
                  QStringLiteral("P"), QStringLiteral("0"));
    cmd.addOption(QStringLiteral("points"), QStringLiteral("Number of points (default 500)."),
                  QStringLiteral("N"), QStringLiteral("500"));
    cmd.addOption(QStringLiteral("train-ratio"),
                  QStringLiteral("Percent of the points used to train (default 50)."), QStringLiteral("P"),
                  QStringLiteral("50"));
    cmd.addOption(QStringLiteral("classes"), QStringLiteral("blobs and spirals: 3 to 5 classes (default 3)."),
                  QStringLiteral("K"), QStringLiteral("3"));
    cmd.addOption(QStringLiteral("features"),
                  QStringLiteral("Input features: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (default x1,x2)."),
                  QStringLiteral("LIST"), QStringLiteral("x1,x2"));
    cmd.addOption(
        QStringLiteral("hidden"),
        QStringLiteral("Units per hidden layer, comma-separated, up to 8 layers of 1 to 128 (default 8,8; "
                       "none for no hidden layer)."),
        QStringLiteral("LIST"), QStringLiteral("8,8"));
    cmd.addOption(QStringLiteral("activation"),
                  QStringLiteral("Hidden activation: one id for all layers or one per layer; soi is the "
                                 "stochastic gate (default %1).")
                      .arg(defaultActivation),
                  QStringLiteral("ID[,ID...]"), defaultActivation);
    cmd.addFormulaOption();
    cmd.addParamOption();
    cmd.addOption(
        QStringLiteral("loss"),
        QStringLiteral("squared (tanh output, ±1 labels; linear output for regression) or cross-entropy "
                       "(default for classification)."),
        QStringLiteral("LOSS"));
    cmd.addOption(QStringLiteral("init"), QStringLiteral("uniform (±0.5), glorot (default), he, unit-norm."),
                  QStringLiteral("INIT"), QStringLiteral("glorot"));
    cmd.addOption(QStringLiteral("optimizer"), QStringLiteral("sgd, momentum, nesterov, adam (default)."),
                  QStringLiteral("OPT"), QStringLiteral("adam"));
    cmd.addOption(QStringLiteral("lr"), QStringLiteral("Learning rate (default 0.01)."),
                  QStringLiteral("RATE"), QStringLiteral("0.01"));
    cmd.addOption(QStringLiteral("schedule"), QStringLiteral("constant (default), step, cosine."),
                  QStringLiteral("S"), QStringLiteral("constant"));
    cmd.addOption(QStringLiteral("l1"), QStringLiteral("L1 rate (default 0)."), QStringLiteral("R"),
                  QStringLiteral("0"));
    cmd.addOption(QStringLiteral("l2"), QStringLiteral("L2 rate (default 0)."), QStringLiteral("R"),
                  QStringLiteral("0"));
    cmd.addOption(QStringLiteral("dropout"),
                  QStringLiteral("Dropout rate on hidden units, 0 to 0.9 (default 0)."), QStringLiteral("P"),
                  QStringLiteral("0"));
    cmd.addOption(QStringLiteral("batch"), QStringLiteral("Mini-batch size (default 10)."),
                  QStringLiteral("N"), QStringLiteral("10"));
    cmd.addOption(QStringLiteral("epochs"), QStringLiteral("Epochs (default 500)."), QStringLiteral("N"),
                  QStringLiteral("500"));
    cmd.addOption(QStringLiteral("seed"), QStringLiteral("Seed of the data and the weights (default 1)."),
                  QStringLiteral("S"), QStringLiteral("1"));
}

struct TrainingSetup {
    Dataset data;
    TrainingSettings settings;
    QString dataName;
};

std::vector<std::string> activationIds(const QString &list) {
    std::vector<std::string> ids;
    for (const QString &id : list.split(QLatin1Char(','))) {
        const QString trimmed = id.trimmed();
        ids.push_back(formulaAliases.value(trimmed, trimmed).toStdString());
    }
    return ids;
}

TrainingSetup parseTrainingOptions(const Command &cmd) {
    TrainingSetup setup;
    TrainingSettings &s = setup.settings;
    bool ok = false;
    const qulonglong seed = cmd.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) usageError(QStringLiteral("--seed must be a whole number ≥ 0"));
    s.seed = seed;
    const double ratio =
        parseNumber(cmd.value(QStringLiteral("train-ratio")), QStringLiteral("--train-ratio"));
    if (!(ratio >= 1.0 && ratio <= 99.0))
        usageError(QStringLiteral("--train-ratio must be from 1 to 99 (percent)"));
    try {
        if (cmd.isSet(QStringLiteral("data"))) {
            setup.dataName = cmd.value(QStringLiteral("data"));
            try {
                setup.data = loadDatasetCsv(setup.dataName.toStdString(), ratio / 100.0, seed);
            } catch (const std::runtime_error &e) {
                if (dynamic_cast<const std::invalid_argument *>(&e)) throw;
                throw RuntimeError(e.what());
            }
        } else {
            DatasetSettings d;
            d.id = cmd.value(QStringLiteral("dataset")).toStdString();
            d.noise = parseNumber(cmd.value(QStringLiteral("noise")), QStringLiteral("--noise"));
            d.points =
                parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 100'000);
            d.trainRatio = ratio / 100.0;
            d.classes = parseInteger(cmd.value(QStringLiteral("classes")), QStringLiteral("--classes"), 3, 5);
            d.seed = seed;
            setup.data = makeDataset(d);
            setup.dataName = toQString(d.id);
        }
        s.features = parseFeatures(cmd.value(QStringLiteral("features")).toStdString());
    } catch (const std::invalid_argument &e) {
        usageError(QString::fromStdString(e.what()));
    }
    s.hidden.clear();
    const QString hidden = cmd.value(QStringLiteral("hidden")).trimmed();
    if (hidden != QLatin1String("none") && !hidden.isEmpty())
        for (const QString &w : hidden.split(QLatin1Char(',')))
            s.hidden.push_back(parseInteger(w.trimmed(), QStringLiteral("--hidden"), 1, 128));
    if (s.hidden.size() > 8) usageError(QStringLiteral("--hidden takes at most 8 layers"));
    cmd.registerFormulas(); // --formula as custom1, custom2, …
    s.activations = activationIds(cmd.value(QStringLiteral("activation")));
    if (cmd.isSet(QStringLiteral("loss")))
        s.loss = parseChoice<LossKind>(cmd, QStringLiteral("loss"), lossFromId,
                                       QStringLiteral("squared, cross-entropy"));
    s.init = parseChoice<InitKind>(cmd, QStringLiteral("init"), initFromId,
                                   QStringLiteral("uniform, glorot, he, unit-norm"));
    s.optimizer = parseChoice<OptimizerKind>(cmd, QStringLiteral("optimizer"), optimizerFromId,
                                             QStringLiteral("sgd, momentum, nesterov, adam"));
    s.schedule = parseChoice<Schedule>(cmd, QStringLiteral("schedule"), scheduleFromId,
                                       QStringLiteral("constant, step, cosine"));
    s.learningRate = parseNumber(cmd.value(QStringLiteral("lr")), QStringLiteral("--lr"));
    s.l1 = parseNumber(cmd.value(QStringLiteral("l1")), QStringLiteral("--l1"));
    s.l2 = parseNumber(cmd.value(QStringLiteral("l2")), QStringLiteral("--l2"));
    s.dropout = parseNumber(cmd.value(QStringLiteral("dropout")), QStringLiteral("--dropout"));
    s.batch = parseInteger(cmd.value(QStringLiteral("batch")), QStringLiteral("--batch"), 1, 10'000);
    s.epochs = parseInteger(cmd.value(QStringLiteral("epochs")), QStringLiteral("--epochs"), 1, 1'000'000);
    return setup;
}

// A trainer with the activation parameters of --param applied (on every layer's row that has them).
Trainer makeTrainer(const TrainingSetup &setup, const QStringList &params) {
    Trainer trainer(setup.data, setup.settings);
    if (params.isEmpty()) return trainer;
    std::vector<HiddenActivation> acts = trainer.activations();
    std::vector<ActivationInstance *> instances;
    for (HiddenActivation &h : acts)
        if (h.activation) instances.push_back(&*h.activation);
    applyParameters(instances, params);
    trainer.setHiddenActivations(std::move(acts));
    return trainer;
}

// makeTrainer with the command's --param; settings that do not fit the data are a command-line error.
Trainer makeTrainerFor(const TrainingSetup &setup, const Command &cmd) {
    try {
        return makeTrainer(setup, cmd.values(QStringLiteral("param")));
    } catch (const std::invalid_argument &e) {
        usageError(QString::fromStdString(e.what()));
    }
}

QJsonValue optionalNumber(const std::optional<double> &v) {
    return v ? jsonNumber(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject recordJson(const EpochRecord &r) {
    return QJsonObject{{QStringLiteral("epoch"), r.epoch},
                       {QStringLiteral("train_loss"), jsonNumber(r.trainLoss)},
                       {QStringLiteral("test_loss"), jsonNumber(r.testLoss)},
                       {QStringLiteral("train_accuracy"), optionalNumber(r.trainAccuracy)},
                       {QStringLiteral("test_accuracy"), optionalNumber(r.testAccuracy)}};
}

QString percent(const std::optional<double> &v) {
    return v ? QString::number(100.0 * *v, 'f', 1) + QStringLiteral(" %") : QStringLiteral("–");
}

struct RunResult {
    std::vector<EpochRecord> history;
    std::optional<int> divergedAt;
    std::string message;
};

RunResult runTraining(Trainer trainer, int epochs, const std::function<void(int)> &onEpoch = {}) {
    RunResult result;
    for (int e = 0; e < epochs && !trainer.diverged(); ++e) {
        trainer.step();
        if (onEpoch) onEpoch(e + 1);
    }
    result.history = trainer.history();
    if (trainer.diverged()) {
        result.divergedAt = trainer.snapshot().divergedAt;
        result.message = trainer.snapshot().message;
    }
    return result;
}

} // namespace

// ---- train ----
int trainCommand(const QStringList &args, QTextStream &out, QTextStream &err) {
    Command cmd(
        QStringLiteral("train"),
        QStringLiteral("--dataset ID --hidden 8,8 --activation ID [options] [--json] [--csv FILE]"),
        QStringLiteral("Train a small MLP on a toy data set, one epoch = one pass in mini-batches (the "
                       "Playground's meaning). Prints the losses and accuracies every tenth of the run "
                       "and at the end; --csv writes the history per epoch."));
    addTrainingOptions(cmd);
    cmd.addJsonOption();
    cmd.addOption(QStringLiteral("csv"), QStringLiteral("Write the history (one row per epoch) to FILE."),
                  QStringLiteral("FILE"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    Trainer trainer = makeTrainerFor(setup, cmd);
    const int epochs = setup.settings.epochs;
    ProgressBar bar(err, QStringLiteral("training"));
    const RunResult result = runTraining(trainer, epochs, [&](int e) { bar.update(double(e) / epochs); });
    const EpochRecord last = result.history.empty() ? trainer.snapshot().record : result.history.back();
    if (cmd.isSet(QStringLiteral("csv")))
        writeCsv(cmd.value(QStringLiteral("csv")), historyCsv(result.history));
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray history;
        for (const EpochRecord &r : result.history)
            history.append(recordJson(r));
        printJson(out,
                  QJsonObject{{QStringLiteral("train_loss"), jsonNumber(last.trainLoss)},
                              {QStringLiteral("test_loss"), jsonNumber(last.testLoss)},
                              {QStringLiteral("train_accuracy"), optionalNumber(last.trainAccuracy)},
                              {QStringLiteral("test_accuracy"), optionalNumber(last.testAccuracy)},
                              {QStringLiteral("epochs"), int(result.history.size())},
                              {QStringLiteral("diverged"), result.divergedAt ? QJsonValue(*result.divergedAt)
                                                                             : QJsonValue(QJsonValue::Null)},
                              {QStringLiteral("message"), QString::fromStdString(result.message)},
                              {QStringLiteral("history"), history}});
        return 0;
    }
    QStringList activations;
    for (const std::string &id : setup.settings.activations)
        activations << QString::fromStdString(id);
    QStringList widths;
    for (int w : setup.settings.hidden)
        widths << QString::number(w);
    out << QStringLiteral("%1: %2 train / %3 test points; hidden [%4], %5, %6, lr %7, batch %8\n")
               .arg(setup.dataName)
               .arg(setup.data.train.size())
               .arg(setup.data.test.size())
               .arg(widths.join(QLatin1Char(',')), activations.join(QLatin1Char(',')),
                    toQString(optimizerId(setup.settings.optimizer)))
               .arg(setup.settings.learningRate)
               .arg(setup.settings.batch);
    const int every = std::max(1, epochs / 10);
    for (const EpochRecord &r : result.history)
        if (r.epoch % every == 0 || r.epoch == int(result.history.size()))
            out << QStringLiteral("epoch %1  train loss %2  test loss %3  train acc %4  test acc %5\n")
                       .arg(r.epoch, 6)
                       .arg(r.trainLoss, 0, 'g', 6)
                       .arg(r.testLoss, 0, 'g', 6)
                       .arg(percent(r.trainAccuracy), percent(r.testAccuracy));
    if (result.divergedAt) out << QString::fromStdString(result.message) << '\n';
    return 0;
}

// ---- compare ----
int compareCommand(const QStringList &args, QTextStream &out, QTextStream &err) {
    Command cmd(
        QStringLiteral("compare"),
        QStringLiteral("--compare gelu,gelu_tanh,relu,elu [--seeds 5] [train options] [--json] [--csv FILE] "
                       "[--out FILE.png|.svg|.pdf] [--size 1600x1000]"),
        QStringLiteral("The paper's method: every alternative activation trained on the same data from the "
                       "same initial seeds (1 … seeds); median and quartiles of the final losses and "
                       "accuracies, and per epoch. Runs in parallel on the machine's cores."));
    addTrainingOptions(cmd);
    cmd.addOption(QStringLiteral("compare"),
                  QStringLiteral("The alternatives, comma-separated activation ids."), QStringLiteral("IDS"));
    cmd.addOption(QStringLiteral("seeds"), QStringLiteral("Runs per alternative (default 5)."),
                  QStringLiteral("N"), QStringLiteral("5"));
    cmd.addJsonOption();
    cmd.addOption(QStringLiteral("csv"), QStringLiteral("Write the median curves to FILE."),
                  QStringLiteral("FILE"));
    cmd.addOption(QStringLiteral("out"),
                  QStringLiteral("Draw the Compare view (boundaries of the first seed, median curves with "
                                 "quartile bands, robustness) to FILE; its extension picks the format."),
                  QStringLiteral("FILE"));
    cmd.addOption(QStringLiteral("size"), QStringLiteral("Picture size (default 1600x1000)."),
                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    if (!cmd.isSet(QStringLiteral("compare"))) usageError(QStringLiteral("--compare ID,ID,... is required"));
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString pictureName = cmd.isSet(QStringLiteral("out")) ? checkedPictureName(cmd) : QString();
    const TrainingSetup base = parseTrainingOptions(cmd);
    const std::vector<std::string> alternatives = activationIds(cmd.value(QStringLiteral("compare")));
    const int seeds = parseInteger(cmd.value(QStringLiteral("seeds")), QStringLiteral("--seeds"), 1, 100);
    const int epochs = base.settings.epochs;
    // Check every alternative before spending time.
    for (const std::string &id : alternatives) {
        TrainingSetup s = base;
        s.settings.activations = {id};
        try {
            makeTrainer(s, cmd.values(QStringLiteral("param")));
        } catch (const std::invalid_argument &e) {
            usageError(QString::fromStdString(e.what()));
        }
    }
    ProgressBar bar(err, QStringLiteral("training"));
    const QStringList params = cmd.values(QStringLiteral("param"));
    Comparison comparison(alternatives.size(), seeds, base.settings.seed,
                          [&](std::size_t a, std::uint64_t seed) {
                              TrainingSetup s = base;
                              s.settings.activations = {alternatives[a]};
                              s.settings.seed = seed; // the same initial seeds for every alternative
                              Trainer trainer = makeTrainer(s, params);
                              if (!pictureName.isEmpty() && seed == base.settings.seed)
                                  trainer.setGrid(CompareView::kGrid); // the boundary drawn
                              return trainer;
                          });
    advanceWithProgress(comparison, epochs, bar);
    QJsonObject perActivation;
    QString table = QStringLiteral("%1  %2  %3  %4  %5\n")
                        .arg(QStringLiteral("activation"), -14)
                        .arg(QStringLiteral("test loss (median [q1, q3])"), -34)
                        .arg(QStringLiteral("test accuracy (median [q1, q3])"), -36)
                        .arg(QStringLiteral("train loss"), -10)
                        .arg(QStringLiteral("diverged"));
    QByteArray csv = "activation,epoch,train_loss,test_loss,test_accuracy\n";
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
        const AlternativeSummary summary = comparison.summary(a);
        const QString id = QString::fromStdString(alternatives[a]);
        const bool classify = !summary.testAccuracy.empty();
        QJsonArray medianTrain, medianTest, medianAccuracy;
        for (std::size_t e = 0; e < summary.trainLoss.size(); ++e) {
            const double accuracy = classify ? summary.testAccuracy[e].median : std::nan("");
            medianTrain.append(jsonNumber(summary.trainLoss[e].median));
            medianTest.append(jsonNumber(summary.testLoss[e].median));
            medianAccuracy.append(jsonNumber(accuracy));
            csv += id.toUtf8() + ',' + QByteArray::number(e + 1) + ',' +
                   QByteArray::number(summary.trainLoss[e].median, 'g', 9) + ',' +
                   QByteArray::number(summary.testLoss[e].median, 'g', 9) + ',' +
                   (classify ? QByteArray::number(accuracy, 'g', 9) : QByteArray()) + '\n';
        }
        const Quartiles &test = summary.finalTestLoss, &accuracy = summary.finalTestAccuracy;
        perActivation.insert(
            id,
            QJsonObject{
                {QStringLiteral("median_test_loss"), jsonNumber(test.median)},
                {QStringLiteral("test_loss_quartiles"), QJsonArray{jsonNumber(test.q1), jsonNumber(test.q3)}},
                {QStringLiteral("median_test_accuracy"),
                 classify ? jsonNumber(accuracy.median) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("test_accuracy_quartiles"),
                 classify ? QJsonValue(QJsonArray{jsonNumber(accuracy.q1), jsonNumber(accuracy.q3)})
                          : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("median_train_loss"), jsonNumber(summary.finalTrainLoss.median)},
                {QStringLiteral("diverged_runs"), summary.divergedRuns},
                {QStringLiteral("train_loss"), medianTrain},
                {QStringLiteral("test_loss"), medianTest},
                {QStringLiteral("test_accuracy"), medianAccuracy}});
        table += QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(id, -14)
                     .arg(QStringLiteral("%1 [%2, %3]")
                              .arg(test.median, 0, 'g', 4)
                              .arg(test.q1, 0, 'g', 4)
                              .arg(test.q3, 0, 'g', 4),
                          -34)
                     .arg(classify ? QStringLiteral("%1 [%2, %3] %")
                                         .arg(100 * accuracy.median, 0, 'f', 1)
                                         .arg(100 * accuracy.q1, 0, 'f', 1)
                                         .arg(100 * accuracy.q3, 0, 'f', 1)
                                   : QStringLiteral("–"),
                          -36)
                     .arg(summary.finalTrainLoss.median, -10, 'g', 4)
                     .arg(summary.divergedRuns);
    }
    if (cmd.isSet(QStringLiteral("csv"))) writeCsv(cmd.value(QStringLiteral("csv")), csv);
    if (!pictureName.isEmpty()) {
        QStringList widths;
        for (int w : base.settings.hidden)
            widths << QString::number(w);
        CompareView view;
        view.resize(size);
        view.seedsBox()->setValue(seeds);
        view.showResult(base.data, base.settings,
                        QStringLiteral("%1; hidden %2").arg(base.dataName, widths.join(QLatin1Char(','))),
                        alternatives, compareSnapshot(comparison, epochs, true));
        const QString error = exportPlot(view.plot(), pictureName, size.width(), size.height());
        if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("seeds"), seeds},
                                   {QStringLiteral("epochs"), epochs},
                                   {QStringLiteral("dataset"), base.dataName},
                                   {QStringLiteral("activations"), perActivation}});
        return 0;
    }
    out << QStringLiteral("%1, %2 seeds × %3 epochs per activation\n")
               .arg(base.dataName)
               .arg(seeds)
               .arg(epochs)
        << table;
    return 0;
}

// ---- robustness ----
int robustnessCommand(const QStringList &args, QTextStream &out, QTextStream &err) {
    Command cmd(
        QStringLiteral("robustness"), QStringLiteral("[--compare ID,ID,...] [train options] [--json]"),
        QStringLiteral("Train, then measure test accuracy (or test loss for regression) as uniform noise "
                       "U[−a, a] is added to both test inputs, a = 0, 0.25, …, 3 (the paper's Figure 3 on "
                       "toy data). --compare trains one network per activation, all from the same seed."));
    addTrainingOptions(cmd);
    cmd.addOption(QStringLiteral("compare"),
                  QStringLiteral("Activations to compare (default: --activation)."), QStringLiteral("IDS"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup base = parseTrainingOptions(cmd);
    std::vector<std::vector<std::string>> alternatives;
    if (cmd.isSet(QStringLiteral("compare")))
        for (const std::string &id : activationIds(cmd.value(QStringLiteral("compare"))))
            alternatives.push_back({id});
    else
        alternatives.push_back(base.settings.activations);
    const std::vector<double> amplitudes = noiseAmplitudes();
    std::vector<std::vector<double>> results(alternatives.size());
    std::vector<std::string> messages(alternatives.size());
    const QStringList params = cmd.values(QStringLiteral("param"));
    for (const auto &ids : alternatives) {
        TrainingSetup s = base;
        s.settings.activations = ids;
        try {
            makeTrainer(s, params);
        } catch (const std::invalid_argument &e) {
            usageError(QString::fromStdString(e.what()));
        }
    }
    ProgressBar bar(err, QStringLiteral("training"));
    Comparison comparison(alternatives.size(), 1, base.settings.seed, [&](std::size_t a, std::uint64_t) {
        TrainingSetup s = base;
        s.settings.activations = alternatives[a];
        return makeTrainer(s, params);
    });
    const int epochs = base.settings.epochs;
    advanceWithProgress(comparison, epochs, bar);
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
        messages[a] = comparison.run(a, 0).snapshot().message;
        for (const Quartiles &q : comparison.robustness(a, amplitudes))
            results[a].push_back(q.median);
    }
    const bool classify = base.data.problem == Problem::Classification;
    const auto name = [](const std::vector<std::string> &ids) {
        QStringList parts;
        for (const std::string &id : ids)
            parts << QString::fromStdString(id);
        return parts.join(QLatin1Char(','));
    };
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonObject values;
        for (std::size_t a = 0; a < alternatives.size(); ++a) {
            QJsonArray column;
            for (double v : results[a])
                column.append(jsonNumber(v));
            values.insert(name(alternatives[a]), column);
        }
        QJsonArray noise;
        for (double a : amplitudes)
            noise.append(a);
        printJson(out, QJsonObject{{QStringLiteral("noise"), noise},
                                   {QStringLiteral("measure"),
                                    classify ? QStringLiteral("test_accuracy") : QStringLiteral("test_loss")},
                                   {QStringLiteral("values"), values}});
        return 0;
    }
    out << QStringLiteral("%1 on %2 with U[-a, a] noise on the test inputs\n")
               .arg(classify ? QStringLiteral("test accuracy") : QStringLiteral("test loss"), base.dataName);
    out << QStringLiteral("%1").arg(QStringLiteral("a"), 6);
    for (const auto &ids : alternatives)
        out << QStringLiteral("  %1").arg(name(ids), 14);
    out << '\n';
    for (std::size_t i = 0; i < amplitudes.size(); ++i) {
        out << QStringLiteral("%1").arg(amplitudes[i], 6, 'f', 2);
        for (std::size_t a = 0; a < alternatives.size(); ++a)
            out << QStringLiteral("  %1").arg(classify ? QString::number(100 * results[a][i], 'f', 1) +
                                                             QStringLiteral(" %")
                                                       : QString::number(results[a][i], 'g', 5),
                                              14);
        out << '\n';
    }
    for (const std::string &m : messages)
        if (!m.empty()) out << QString::fromStdString(m) << '\n';
    return 0;
}

// ---- bench playground ----
int benchPlayground(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("bench playground"),
        QStringLiteral("[--dataset circle] [--hidden 4,2] [--activation tanh] [--batch 10] [--lr 0.03] "
                       "[--grid 100] [--repeats 5] [--json]"),
        QStringLiteral("The Playground's per-frame workload, one thread: one epoch on the training points "
                       "(squared loss, plain SGD, as TensorFlow Playground), train and test loss, and the "
                       "output of the network and of every unit over a grid. Median epochs per second."));
    addTrainingOptions(cmd, QStringLiteral("tanh"));
    cmd.addOption(QStringLiteral("grid"), QStringLiteral("Grid points per side (default 100)."),
                  QStringLiteral("N"), QStringLiteral("100"));
    cmd.addOption(QStringLiteral("repeats"), QStringLiteral("Timed repeats (default 5)."),
                  QStringLiteral("N"), QStringLiteral("5"));
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
    trainer.setGrid(grid);
    for (int i = 0; i < 10; ++i)
        trainer.step(); // warm-up
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        int epochs = 0;
        double seconds = 0.0;
        do {
            trainer.step();
            ++epochs;
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } while (seconds < 0.2 && epochs < 100'000);
        rates.push_back(epochs / seconds);
    }
    const double median = quantile(rates, 0.5);
    QStringList activations;
    for (const std::string &id : setup.settings.activations)
        activations << QString::fromStdString(id);
    QStringList widths;
    for (int w : setup.settings.hidden)
        widths << QString::number(w);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("epochs_per_s"), median},
                                   {QStringLiteral("dataset"), setup.dataName},
                                   {QStringLiteral("hidden"), widths.join(QLatin1Char(','))},
                                   {QStringLiteral("activation"), activations.join(QLatin1Char(','))},
                                   {QStringLiteral("grid"), grid},
                                   {QStringLiteral("train_points"), int(setup.data.train.size())}});
        return 0;
    }
    out << QStringLiteral("playground workload (%1, hidden [%2], %3, %4 train points, grid %5×%5): median %6 "
                          "epochs/s over %7 repeats\n")
               .arg(setup.dataName, widths.join(QLatin1Char(',')), activations.join(QLatin1Char(',')))
               .arg(setup.data.train.size())
               .arg(grid)
               .arg(median, 0, 'f', 0)
               .arg(repeats);
    return 0;
}

} // namespace gelulab::cli

namespace gelulab::cli {
namespace {

// Trains the network of the command line, collecting what the Playground draws.
PlaygroundSnapshot trainForPicture(Trainer &trainer, int epochs, ProgressBar *bar) {
    PlaygroundSnapshot s;
    for (int e = 0; e < epochs && trainer.trainEpoch(); ++e) {
        s.gradientNorms.push_back(trainer.weightGradientNorms());
        if (bar) bar->update(double(e + 1) / epochs);
    }
    s.training = trainer.snapshot();
    s.history = trainer.history();
    return s;
}

} // namespace

int renderPlayground(const QStringList &args, QTextStream &out, QTextStream &err) {
    Command cmd(
        QStringLiteral("render --view playground"),
        QStringLiteral("[train options] [--size 1600x1000] --out FILE.png|.svg|.pdf"),
        QStringLiteral("Train as `train` does, then draw the Playground view of the trained state: the "
                       "decision boundary with the points, the losses and the gradient flow."));
    addTrainingOptions(cmd);
    cmd.addOption(QStringLiteral("view"), QStringLiteral("playground"), QStringLiteral("VIEW"));
    cmd.addOption(QStringLiteral("size"), QStringLiteral("Picture size (default 1600x1000)."),
                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    cmd.addOption(QStringLiteral("out"), QStringLiteral("The file to write; its extension picks the format."),
                  QStringLiteral("FILE"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    Trainer trainer = makeTrainerFor(setup, cmd);
    trainer.setGrid(PlaygroundView::kGrid);
    ProgressBar bar(err, QStringLiteral("training"));
    const PlaygroundSnapshot snapshot = trainForPicture(trainer, setup.settings.epochs, &bar);
    PlaygroundView view;
    view.resize(size);
    view.showTrainedState(trainer.data(), trainer.settings(), snapshot);
    const QString error = exportPlot(view.plot(), fileName, size.width(), size.height());
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    return 0;
}

int benchRenderPlayground(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("bench render --view playground"),
        QStringLiteral(
            "[--hidden 8,8,8,8,8,8] [--grid 100] [--size 1600x1000] [--frames 100] [train options] "
            "[--json]"),
        QStringLiteral("Frames per second of the Playground while training, offscreen: each frame trains one "
                       "epoch, takes the snapshot (losses, statistics, the boundary and every unit over the "
                       "grid) and redraws the whole view at the given size. Median over the frames."));
    addTrainingOptions(cmd);
    cmd.addOption(QStringLiteral("view"), QStringLiteral("playground"), QStringLiteral("VIEW"));
    cmd.addOption(QStringLiteral("grid"), QStringLiteral("Boundary points per side (default 100)."),
                  QStringLiteral("N"), QStringLiteral("100"));
    cmd.addOption(QStringLiteral("size"), QStringLiteral("Window size (default 1600x1000)."),
                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    cmd.addOption(QStringLiteral("frames"), QStringLiteral("Timed frames (default 100)."),
                  QStringLiteral("N"), QStringLiteral("100"));
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
    const int frames =
        parseInteger(cmd.value(QStringLiteral("frames")), QStringLiteral("--frames"), 1, 100'000);
    Trainer trainer = makeTrainerFor(setup, cmd);
    trainer.setGrid(grid);
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
        snapshot.gradientNorms.push_back(trainer.weightGradientNorms());
        snapshot.training = trainer.snapshot();
        snapshot.history = trainer.history();
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
               .arg(1000.0 / median, 0, 'f', 0)
               .arg(frames);
    return 0;
}

} // namespace gelulab::cli
