// gelu-lab-cli eval: one activation or a derivative at given x.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "custom_formula.h"

#include <QIODevice>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "eval",
    "--function ID [--order 0|1|2] [--type double|float] [--param NAME=VALUE]... [X ...]",
    "Evaluate one activation at each x (from the arguments, or whitespace-separated from stdin when none "
    "are given). One result per line, printed with %.17g.",
};

} // namespace

int evalCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    QIODevice *in = streams.in;
    Command cmd(kHelp);
    cmd.addOptions({{"function", "ID", "The activation id."}});
    cmd.addOrderOption();
    cmd.addOptions({
        {"type", "TYPE",
         "double (default) or float: float rounds each x to float and uses the float path (the vectorised "
         "kernel where there is one).",
         "double"},
    });
    cmd.addParamOption();
    cmd.addFormulaOption();
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    std::vector<ActivationInstance> instances =
        cmd.parseFunctions(cmd.functionList(), QStringLiteral("--function"), true);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    const bool useFloat = cmd.floatType();

    QStringList tokens = cmd.positionalArguments();
    if (tokens.isEmpty() && in) {
        const QString text = QString::fromUtf8(in->readAll());
        tokens = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    }
    std::vector<double> x;
    for (const QString &token : tokens)
        x.push_back(parseNumber(token, QStringLiteral("x")));
    std::vector<double> y(x.size());
    std::vector<bool> discontinuity(x.size()); // a custom formula's derivative that has no value there
    if (useFloat) {
        const std::vector<float> xf(x.begin(), x.end());
        std::vector<float> yf(x.size());
        instances.front().evaluate(xf, yf, order);
        std::copy(xf.begin(), xf.end(), x.begin());
        std::copy(yf.begin(), yf.end(), y.begin());
    } else {
        // One value at a time through the scalar function: the most accurate path (the array kernels trade up
        // to a few ulp for speed), which is what a reference tool should print.
        const ActivationInstance &instance = instances.front();
        const CustomFormula *formula = instance.activation().custom.get();
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (formula && order > 0) {
                const EstimatedValue e = formula->evaluate(x[i], order, instance.parameters().data());
                y[i] = e.value;
                discontinuity[i] = e.discontinuity;
            } else {
                y[i] = instance(x[i], order);
            }
        }
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray xs, ys, jumps;
        for (std::size_t i = 0; i < x.size(); ++i) {
            xs.append(jsonNumber(x[i]));
            ys.append(jsonNumber(y[i]));
            if (discontinuity[i]) jumps.append(jsonNumber(x[i]));
        }
        printJson(out, QJsonObject{{QStringLiteral("function"), toQString(instances.front().id())},
                                   {QStringLiteral("order"), order},
                                   {QStringLiteral("parameters"), parametersJson(instances.front())},
                                   {QStringLiteral("x"), xs},
                                   {QStringLiteral("values"), ys},
                                   {QStringLiteral("undefined_at"), jumps}});
        return 0;
    }
    for (std::size_t i = 0; i < y.size(); ++i)
        out << (discontinuity[i] ? QStringLiteral("undefined (discontinuity)") : formatFull(y[i])) << '\n';
    return 0;
}

} // namespace gelulab::cli
