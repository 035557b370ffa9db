// gelu-lab-cli curve: activations sampled over a range.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "approximation.h"

#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>

#include <algorithm>
#include <cmath>

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

    checkGrid(range.from, range.to, n);

    // Streamed in pieces of kChunk points, so that ten million rows never sit in memory whole.
    constexpr int kChunk = 8192;
    std::vector<double> x, y;
    const auto evaluateChunk = [&](int begin, const ActivationInstance *instance) {
        const int count = std::min(kChunk, n - begin);
        x.resize(std::size_t(count));
        for (int i = 0; i < count; ++i)
            x[std::size_t(i)] = gridPoint(range.from, range.to, n, begin + i);
        if (!instance) return;
        y.resize(x.size());
        instance->evaluate(x, y, order);
    };
    const bool json = cmd.isSet(QStringLiteral("json")), csv = cmd.isSet(QStringLiteral("csv"));
    OutputTarget target(csv ? cmd.value(QStringLiteral("csv")) : QStringLiteral("-"), out);
    if (json) {
        // The layout of QJsonDocument's indented form, written as it goes: keys in order, one number a line.
        const auto number = [](double v) {
            return std::isfinite(v) ? QByteArray::number(v, 'g', QLocale::FloatingPointShortest)
                                    : '"' + jsonNumber(v).toString().toUtf8() + '"';
        };
        const auto column = [&](const ActivationInstance *instance) {
            for (int begin = 0; begin < n; begin += kChunk) {
                evaluateChunk(begin, instance);
                QByteArray text;
                const std::vector<double> &values = instance ? y : x;
                for (std::size_t i = 0; i < values.size(); ++i)
                    text += (instance ? "            " : "        ") + number(values[i]) +
                            (begin + int(i) + 1 < n ? ",\n" : "\n");
                target.write(text);
            }
        };
        std::vector<const ActivationInstance *> sorted; // by id, each once, as a JSON object holds them
        QJsonObject params;
        for (const ActivationInstance &instance : instances) {
            if (params.contains(toQString(instance.id()))) continue;
            params.insert(toQString(instance.id()), parametersJson(instance));
            sorted.push_back(&instance);
        }
        std::sort(sorted.begin(), sorted.end(),
                  [](const ActivationInstance *a, const ActivationInstance *b) { return a->id() < b->id(); });
        QByteArray head = "{\n    \"order\": " + QByteArray::number(order) + ",\n    \"parameters\": ";
        head += QJsonDocument(params).toJson(QJsonDocument::Indented).trimmed().replace("\n", "\n    ");
        head += ",\n    \"values\": {\n";
        target.write(head);
        for (std::size_t c = 0; c < sorted.size(); ++c) {
            target.write("        \"" + toQString(sorted[c]->id()).toUtf8() + "\": [\n");
            column(sorted[c]);
            target.write(c + 1 < sorted.size() ? "        ],\n" : "        ]\n");
        }
        target.write("    },\n    \"x\": [\n");
        column(nullptr);
        target.write("    ]\n}\n");
        target.commit();
        return 0;
    }
    const char separator = csv ? ',' : '\t';
    QByteArray header = "x";
    for (const ActivationInstance &instance : instances)
        header += separator + toQString(instance.id()).toUtf8();
    target.write(header + '\n');
    std::vector<std::vector<double>> columns(instances.size());
    for (int begin = 0; begin < n; begin += kChunk) {
        for (std::size_t c = 0; c < instances.size(); ++c) {
            evaluateChunk(begin, &instances[c]);
            columns[c] = y;
        }
        QByteArray text;
        for (std::size_t i = 0; i < x.size(); ++i) {
            text += formatFull(x[i]).toLatin1();
            for (const std::vector<double> &values : columns)
                text += separator + formatFull(values[i]).toLatin1();
            text += '\n';
        }
        target.write(text);
    }
    target.commit();
    return 0;
}

} // namespace gelulab::cli
