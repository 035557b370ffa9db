// gelu-lab-cli robustness: test accuracy of trained networks under input noise.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"
#include "training.h"

#include <QJsonArray>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "robustness",
    "[--compare ID,ID,...] [train options] [--json]",
    "Train, then measure test accuracy (or test loss for regression) as uniform noise U[−a, a] is added to "
    "both test inputs, a = 0, 0.25, …, 3 (the paper's Figure 3 on toy data). --compare trains one network "
    "per activation, all from the same seed.",
};

} // namespace

int robustnessCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    addTrainingOptions(cmd);
    cmd.addOptions({{"compare", "IDS", "Activations to compare (default: --activation)."}});
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const TrainingSetup base = parseTrainingOptions(cmd);
    std::vector<std::vector<std::string>> alternatives;
    if (cmd.isSet(QStringLiteral("compare")))
        for (const std::string &id : activationIds(cmd, cmd.value(QStringLiteral("compare"))))
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
        makeTrainerFor(s, cmd);
    }
    ProgressBar bar(streams.err, QStringLiteral("training"));
    Comparison comparison(alternatives.size(), 1, base.settings.seed, [&](std::size_t a, std::uint64_t) {
        TrainingSetup s = base;
        s.settings.activations = alternatives[a];
        return makeTrainer(s, params);
    });
    const int epochs = base.settings.epochs;
    advanceWithProgress(comparison, epochs, bar);
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
        messages[a] = comparison.run(a, 0).message();
        for (const Quartiles &q : comparison.robustness(a, amplitudes))
            results[a].push_back(q.median);
    }
    const bool classify = base.data.problem == Problem::Classification;
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonObject values;
        for (std::size_t a = 0; a < alternatives.size(); ++a) {
            QJsonArray column;
            for (double v : results[a])
                column.append(jsonNumber(v));
            values.insert(joinIds(alternatives[a]), column);
        }
        QJsonArray noise;
        for (double a : amplitudes)
            noise.append(a);
        // Whether each network is one to measure: a diverged run keeps its last good weights, a collapsed one
        // ended far from its best.
        QJsonObject runs;
        for (std::size_t a = 0; a < alternatives.size(); ++a) {
            const Trainer &t = comparison.run(a, 0);
            const std::optional<TrainingWarning> warning = t.warning();
            runs.insert(
                joinIds(alternatives[a]),
                QJsonObject{
                    {QStringLiteral("diverged"),
                     t.divergedAt() ? QJsonValue(*t.divergedAt()) : QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("message"), QString::fromStdString(t.message())},
                    {QStringLiteral("warning"), warning ? QJsonValue(QString::fromStdString(warning->message))
                                                        : QJsonValue(QJsonValue::Null)}});
        }
        printJson(out, QJsonObject{{QStringLiteral("noise"), noise},
                                   {QStringLiteral("measure"),
                                    classify ? QStringLiteral("test_accuracy") : QStringLiteral("test_loss")},
                                   {QStringLiteral("values"), values},
                                   {QStringLiteral("runs"), runs}});
        return 0;
    }
    out << QStringLiteral("%1 on %2 with U[-a, a] noise on the test inputs\n")
               .arg(classify ? QStringLiteral("test accuracy") : QStringLiteral("test loss"), base.dataName);
    out << QStringLiteral("%1").arg(QStringLiteral("a"), 6);
    for (const auto &ids : alternatives)
        out << QStringLiteral("  %1").arg(joinIds(ids), 14);
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
    for (std::size_t a = 0; a < alternatives.size(); ++a)
        if (const std::optional<TrainingWarning> w = comparison.run(a, 0).warning())
            out << joinIds(alternatives[a]) << QStringLiteral(": warning: ")
                << QString::fromStdString(w->message) << '\n';
    return 0;
}

} // namespace gelulab::cli
