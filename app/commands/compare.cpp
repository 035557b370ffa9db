// gelu-lab-cli compare: several activations trained from the same seeds, the paper's method.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include "compareview.h"
#include "compareworker.h"

#include <QJsonArray>
#include <QSpinBox>
#include <QTextStream>

#include <cmath>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "compare",
    "--compare gelu,gelu_tanh,relu,elu [--seeds 5] [train options] [--json] [--csv FILE] [--out "
    "FILE.png|.svg|.pdf] [--size 1600x1000]",
    "The paper's method: every alternative activation trained on the same data from the same initial seeds "
    "(1 … seeds); median and quartiles of the final losses and accuracies, and per epoch. Runs in parallel "
    "on the machine's cores.",
};

} // namespace

int compareCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    addTrainingOptions(cmd);
    cmd.addOptions({
        {"compare", "IDS", "The alternatives, comma-separated activation ids."},
        {"seeds", "N", "Runs per alternative", "5", true},
    });
    cmd.addJsonOption();
    cmd.addOptions({
        {"csv", "FILE", "Write the median curves to FILE."},
        {"out", "FILE",
         "Draw the Compare view (boundaries of the first seed, median curves with quartile bands, "
         "robustness) to FILE; its extension picks the format."},
    });
    cmd.addSizeOption(QStringLiteral("Picture size"), QStringLiteral("1600x1000"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    if (!cmd.isSet(QStringLiteral("compare"))) usageError(QStringLiteral("--compare ID,ID,... is required"));
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString pictureName = cmd.isSet(QStringLiteral("out")) ? checkedPictureName(cmd) : QString();
    const TrainingSetup base = parseTrainingOptions(cmd);
    const std::vector<std::string> alternatives = activationIds(cmd, cmd.value(QStringLiteral("compare")));
    const int seeds = parseInteger(cmd.value(QStringLiteral("seeds")), QStringLiteral("--seeds"), 1, 100);
    const int epochs = base.settings.epochs;
    // Check every alternative before spending time.
    for (const std::string &id : alternatives) {
        TrainingSetup s = base;
        s.settings.activations = {id};
        makeTrainerFor(s, cmd);
    }
    ProgressBar bar(streams.err, QStringLiteral("training"));
    const QStringList params = cmd.values(QStringLiteral("param"));
    Comparison comparison(alternatives.size(), seeds, base.settings.seed,
                          [&](std::size_t a, std::uint64_t seed) {
                              TrainingSetup s = base;
                              s.settings.activations = {alternatives[a]};
                              s.settings.seed = seed; // the same initial seeds for every alternative
                              return makeTrainer(s, params);
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
                {QStringLiteral("collapsed_runs"), summary.warnedRuns},
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
    if (cmd.isSet(QStringLiteral("csv"))) writeCsv(cmd.value(QStringLiteral("csv")), csv, out);
    if (!pictureName.isEmpty()) {
        GridProbe probe(base.settings.features, CompareView::kGrid); // the boundaries drawn
        CompareView view;
        view.resize(size);
        view.seedsBox()->setValue(seeds);
        view.showResult(base.data, base.settings,
                        QStringLiteral("%1; hidden %2").arg(base.dataName, joinWidths(base.settings.hidden)),
                        alternatives, compareSnapshot(comparison, epochs, true, &probe));
        exportPicture(view.plot(), pictureName, size);
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("seeds"), seeds},
                                   {QStringLiteral("epochs"), epochs},
                                   {QStringLiteral("dataset"), base.dataName},
                                   {QStringLiteral("activations"), perActivation}});
        return 0;
    }
    out << QStringLiteral("%1, %2 seeds × %3 epochs per activation\n")
               .arg(base.dataName, QString::number(seeds), QString::number(epochs))
        << table;
    for (std::size_t a = 0; a < alternatives.size(); ++a)
        if (const QString health = runHealth(comparison.summary(a), seeds); !health.isEmpty())
            out << QString::fromStdString(alternatives[a]) << QStringLiteral(": ") << health << '\n';
    return 0;
}

} // namespace gelulab::cli
