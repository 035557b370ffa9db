// gelu-lab-cli train: one small MLP trained on a toy data set.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include "plotexport.h"

#include <QJsonArray>
#include <QTextStream>

#include <algorithm>
#include <functional>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "train",
    "--dataset ID --hidden 8,8 --activation ID [options] [--json] [--csv FILE]",
    "Train a small MLP on a toy data set, one epoch = one pass in mini-batches (the Playground's meaning). "
    "Prints the losses and accuracies every tenth of the run and at the end; --csv writes the history per "
    "epoch.",
};

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
    std::optional<TrainingWarning> warning;
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
    } else {
        result.warning = trainer.warning();
    }
    return result;
}

} // namespace

int trainCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    addTrainingOptions(cmd);
    cmd.addJsonOption();
    cmd.addOptions({{"csv", "FILE", "Write the history (one row per epoch) to FILE."}});
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup setup = parseTrainingOptions(cmd);
    Trainer trainer = makeTrainerFor(setup, cmd);
    const int epochs = setup.settings.epochs;
    ProgressBar bar(streams.err, QStringLiteral("training"));
    const RunResult result = runTraining(trainer, epochs, [&](int e) { bar.update(double(e) / epochs); });
    const EpochRecord last = result.history.empty() ? trainer.snapshot().record : result.history.back();
    if (cmd.isSet(QStringLiteral("csv")))
        writeCsv(cmd.value(QStringLiteral("csv")), historyCsv(result.history), out);
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray history;
        for (const EpochRecord &r : result.history)
            history.append(recordJson(r));
        printJson(
            out, QJsonObject{{QStringLiteral("train_loss"), jsonNumber(last.trainLoss)},
                             {QStringLiteral("test_loss"), jsonNumber(last.testLoss)},
                             {QStringLiteral("train_accuracy"), optionalNumber(last.trainAccuracy)},
                             {QStringLiteral("test_accuracy"), optionalNumber(last.testAccuracy)},
                             {QStringLiteral("epochs"), int(result.history.size())},
                             {QStringLiteral("diverged"), result.divergedAt ? QJsonValue(*result.divergedAt)
                                                                            : QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("message"), QString::fromStdString(result.message)},
                             {QStringLiteral("warning"),
                              result.warning
                                  ? QJsonValue(QJsonObject{{QStringLiteral("epoch"), result.warning->epoch},
                                                           {QStringLiteral("message"),
                                                            QString::fromStdString(result.warning->message)}})
                                  : QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("history"), history}});
        return 0;
    }
    out << QStringLiteral("%1: %2 train / %3 test points; hidden [%4], %5, %6, lr %7, batch %8\n")
               .arg(setup.dataName, QString::number(setup.data.train.size()),
                    QString::number(setup.data.test.size()), joinWidths(setup.settings.hidden),
                    joinIds(setup.settings.activations), toQString(idOf(setup.settings.optimizer)),
                    QString::number(setup.settings.learningRate), QString::number(setup.settings.batch));
    const int every = std::max(1, epochs / 10);
    for (const EpochRecord &r : result.history)
        if (r.epoch % every == 0 || r.epoch == int(result.history.size()))
            out << QStringLiteral("epoch %1  train loss %2  test loss %3  train acc %4  test acc %5\n")
                       .arg(r.epoch, 6)
                       .arg(r.trainLoss, 0, 'g', 6)
                       .arg(r.testLoss, 0, 'g', 6)
                       .arg(percent(r.trainAccuracy), percent(r.testAccuracy));
    if (result.divergedAt) out << QString::fromStdString(result.message) << '\n';
    if (result.warning)
        out << QStringLiteral("warning: ") << QString::fromStdString(result.warning->message) << '\n';
    return 0;
}

} // namespace gelulab::cli
