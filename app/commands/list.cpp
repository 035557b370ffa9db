// gelu-lab-cli list: the activations the other commands take, with their parameters.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include <QJsonArray>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "list",
    "[--json]",
    "List every activation: id, name, formula, parameters (default and range).",
};

} // namespace

int listCommand(const QStringList &args, const Streams &streams) {
    Command cmd(kHelp);
    cmd.addJsonOption();
    if (!cmd.parse(args, streams.out)) return 0;
    cmd.expectNoPositionals();
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const Activation &a : activations()) {
            QJsonArray params;
            for (const ParameterSpec &p : a.parameters)
                params.append(QJsonObject{{QStringLiteral("name"), toQString(p.name)},
                                          {QStringLiteral("symbol"), toQString(p.symbol)},
                                          {QStringLiteral("default"), jsonNumber(p.defaultValue)},
                                          {QStringLiteral("min"), jsonNumber(p.minimum)},
                                          {QStringLiteral("max"), jsonNumber(p.maximum)},
                                          {QStringLiteral("min_exclusive"), p.minimumExclusive},
                                          {QStringLiteral("description"), toQString(p.description)}});
            rows.append(QJsonObject{{QStringLiteral("id"), toQString(a.id)},
                                    {QStringLiteral("name"), toQString(a.name)},
                                    {QStringLiteral("formula"), toQString(a.formula)},
                                    {QStringLiteral("group"), toQString(a.group)},
                                    {QStringLiteral("parameters"), params}});
        }
        printJson(streams.out, QJsonObject{{QStringLiteral("activations"), rows}});
        return 0;
    }
    for (const Activation &a : activations()) {
        QStringList params;
        for (const ParameterSpec &p : a.parameters)
            params << QStringLiteral("%1=%2 %3%4, %5]")
                          .arg(toQString(p.name), toQString(formatDouble(p.defaultValue)),
                               p.minimumExclusive ? QStringLiteral("(") : QStringLiteral("["),
                               toQString(formatDouble(p.minimum)), toQString(formatDouble(p.maximum)));
        // Concatenated, not through arg(): a custom formula may contain "%2".
        streams.out << toQString(a.id).leftJustified(14) + QStringLiteral("  ") +
                           toQString(a.name).leftJustified(30) + QStringLiteral("  ") + toQString(a.formula) +
                           (params.isEmpty() ? QString()
                                             : QStringLiteral("   [") + params.join(QStringLiteral("; ")) +
                                                   QStringLiteral("]")) +
                           QLatin1Char('\n');
    }
    return 0;
}

} // namespace gelulab::cli
