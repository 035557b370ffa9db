// gelu-lab-cli curve: activations sampled over a range.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "approximation.h"

#include <QJsonArray>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "curve",
    "--function ID[,ID...] [--from -4] [--to 4] [--points 801] [--order K] [--json | --csv FILE]",
    "Sample activations over a uniform grid: a table with x and one column per activation.",
};

} // namespace

int curveCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    cmd.addOptions({{"function", "IDS", "Comma-separated activation ids."}});
    addRangeOptions(cmd, QStringLiteral("-4"), QStringLiteral("4"), QStringLiteral("801"));
    cmd.addOrderOption();
    cmd.addParamOption();
    cmd.addFormulaOption();
    cmd.addJsonOption();
    cmd.addOptions({{"csv", "FILE", "Write the table to FILE as CSV."}});
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    std::vector<ActivationInstance> instances =
        cmd.parseFunctions(cmd.functionList(), QStringLiteral("--function"), false);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    const Range range = parseRange(cmd);
    const int n =
        parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000);
    if (cmd.isSet(QStringLiteral("json")) && cmd.isSet(QStringLiteral("csv")))
        usageError(QStringLiteral("choose one of --json and --csv"));

    const std::vector<double> x = uniformGrid(range.from, range.to, n);
    std::vector<std::vector<double>> columns;
    for (const ActivationInstance &instance : instances) {
        columns.emplace_back(x.size());
        instance.evaluate(x, columns.back(), order);
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray xs;
        for (const double v : x)
            xs.append(jsonNumber(v));
        QJsonObject values, params;
        for (std::size_t c = 0; c < instances.size(); ++c) {
            QJsonArray ys;
            for (const double v : columns[c])
                ys.append(jsonNumber(v));
            values.insert(toQString(instances[c].id()), ys);
            params.insert(toQString(instances[c].id()), parametersJson(instances[c]));
        }
        printJson(out, QJsonObject{{QStringLiteral("order"), order},
                                   {QStringLiteral("parameters"), params},
                                   {QStringLiteral("x"), xs},
                                   {QStringLiteral("values"), values}});
        return 0;
    }
    const bool csv = cmd.isSet(QStringLiteral("csv"));
    QString table;
    QTextStream stream(&table);
    const QChar separator = csv ? QLatin1Char(',') : QLatin1Char('\t');
    stream << "x";
    for (const ActivationInstance &instance : instances)
        stream << separator << toQString(instance.id());
    stream << '\n';
    for (std::size_t i = 0; i < x.size(); ++i) {
        stream << formatFull(x[i]);
        for (const std::vector<double> &column : columns)
            stream << separator << formatFull(column[i]);
        stream << '\n';
    }
    stream.flush();
    if (!csv) {
        out << table;
        return 0;
    }
    const QString fileName = cmd.value(QStringLiteral("csv"));
    writeCsv(fileName, table.toUtf8());
    return 0;
}

} // namespace gelulab::cli
