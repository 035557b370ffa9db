#include "training.h"

#include "cli_options.h"
#include "cli_output.h"

#include "network_limits.h"

#include <algorithm>

namespace gelulab::cli {

void addTrainingOptions(Command &cmd, const QString &defaultActivation) {
    cmd.addOptions({
        {"dataset", "ID",
         "circle, xor, gauss, spiral, moons, checkerboard, blobs, spirals (classification), plane, "
         "multigauss (regression); default circle.",
         "circle"},
        {"data", "FILE", "Read the data set from a CSV file (x1,x2,label or x1,x2,target)."},
        {"noise", "P", "Noise in percent, 0 to 50", "0", true},
        {"points", "N", "Number of points", "500", true},
        {"train-ratio", "P", "Percent of the points used to train", "50", true},
        {"classes", "K", "blobs and spirals: 3 to 5 classes", "3", true},
        {"features", "LIST", "Input features: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2", "x1,x2", true},
        {"hidden", "LIST",
         "Units per hidden layer, comma-separated, up to 8 layers of 1 to 128 (default 8,8; none for no "
         "hidden layer).",
         "8,8"},
    });
    cmd.addOption(QStringLiteral("activation"),
                  QStringLiteral("Hidden activation: one id for all layers or one per layer; soi is the "
                                 "stochastic gate (default %1).")
                      .arg(defaultActivation),
                  QStringLiteral("ID[,ID...]"), defaultActivation);
    cmd.addFormulaOption();
    cmd.addParamOption();
    cmd.addOptions({
        {"loss", "LOSS",
         "squared (tanh output, ±1 labels; linear output for regression) or cross-entropy (default for "
         "classification)."},
        {"init", "INIT", "uniform (±0.5), glorot (default), he, unit-norm.", "glorot"},
        {"optimizer", "OPT", "sgd, momentum, nesterov, adam (default).", "adam"},
        {"lr", "RATE", "Learning rate", "0.01", true},
        {"schedule", "S", "constant (default), step, cosine.", "constant"},
        {"l1", "R", "L1 rate", "0", true},
        {"l2", "R", "L2 rate", "0", true},
        {"dropout", "P", "Dropout rate on hidden units, 0 to 0.9", "0", true},
        {"batch", "N", "Mini-batch size", "10", true},
        {"epochs", "N", "Epochs", "500", true},
        {"seed", "S", "Seed of the data and the weights", "1", true},
    });
}

std::vector<std::string> activationIds(const Command &cmd, const QString &list) {
    std::vector<std::string> ids;
    for (const QString &id : list.split(QLatin1Char(',')))
        ids.push_back(cmd.activationId(id).toStdString());
    return ids;
}

TrainingSetup parseTrainingOptions(Command &cmd) {
    TrainingSetup setup;
    TrainingSettings &s = setup.settings;
    const quint64 seed = cmd.seed();
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
            s.hidden.push_back(parseInteger(w.trimmed(), QStringLiteral("--hidden"), 1, kMaxHiddenUnits));
    if (s.hidden.size() > std::size_t(kMaxHiddenLayers))
        usageError(QStringLiteral("--hidden takes at most %1 layers").arg(kMaxHiddenLayers));
    cmd.registerFormulas(); // --formula as custom1, custom2, …
    s.activations = activationIds(cmd, cmd.value(QStringLiteral("activation")));
    if (cmd.isSet(QStringLiteral("loss"))) s.loss = parseChoice<LossKind>(cmd, QStringLiteral("loss"));
    s.init = parseChoice<InitKind>(cmd, QStringLiteral("init"));
    s.optimizer = parseChoice<OptimizerKind>(cmd, QStringLiteral("optimizer"));
    s.schedule = parseChoice<Schedule>(cmd, QStringLiteral("schedule"));
    s.learningRate = parseNumber(cmd.value(QStringLiteral("lr")), QStringLiteral("--lr"));
    s.l1 = parseNumber(cmd.value(QStringLiteral("l1")), QStringLiteral("--l1"));
    s.l2 = parseNumber(cmd.value(QStringLiteral("l2")), QStringLiteral("--l2"));
    s.dropout = parseNumber(cmd.value(QStringLiteral("dropout")), QStringLiteral("--dropout"));
    s.batch = parseInteger(cmd.value(QStringLiteral("batch")), QStringLiteral("--batch"), 1, 10'000);
    s.epochs = parseInteger(cmd.value(QStringLiteral("epochs")), QStringLiteral("--epochs"), 1, 1'000'000);
    return setup;
}

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

Trainer makeTrainerFor(const TrainingSetup &setup, const Command &cmd) {
    try {
        return makeTrainer(setup, cmd.values(QStringLiteral("param")));
    } catch (const std::invalid_argument &e) {
        usageError(QString::fromStdString(e.what()));
    }
}

void advanceWithProgress(Comparison &comparison, int epochs, ProgressBar &bar) {
    constexpr int kProgressEpochs = 25;
    for (int e = 0; e < epochs; e += kProgressEpochs) {
        comparison.advance(std::min(kProgressEpochs, epochs - e));
        bar.update(double(std::min(epochs, e + kProgressEpochs)) / epochs);
    }
}

QString runHealth(const AlternativeSummary &summary, int runs) {
    QStringList parts;
    if (summary.divergedRuns > 0)
        parts << QStringLiteral("%1 of %2 runs diverged (their curves stop there)")
                     .arg(QString::number(summary.divergedRuns), QString::number(runs));
    if (summary.warnedRuns > 0)
        parts << QStringLiteral("%1 of %2 runs collapsed or blew up without diverging")
                     .arg(QString::number(summary.warnedRuns), QString::number(runs));
    return parts.isEmpty() ? QString()
                           : parts.join(QStringLiteral("; ")) + QStringLiteral(": lower the learning rate");
}

} // namespace gelulab::cli
