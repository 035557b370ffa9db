#include "cli.h"
#include "cli_common.h"

#include "activation.h"
#include "approximation.h"
#include "curvesview.h"
#include "custom_formula.h"
#include "errorview.h"
#include "kernel_bench.h"
#include "mask.h"
#include "maskview.h"
#include "plotexport.h"
#include "precision.h"
#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>
#include <qcustomplot.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace gelulab::cli {
namespace {

// ---- list ----
int listCommand(const QStringList &args, QTextStream &out) {
    Command cmd(QStringLiteral("list"), QStringLiteral("[--json]"),
                QStringLiteral("List every activation: id, name, formula, parameters (default and range)."));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
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
        printJson(out, QJsonObject{{QStringLiteral("activations"), rows}});
        return 0;
    }
    for (const Activation &a : activations()) {
        QStringList params;
        for (const ParameterSpec &p : a.parameters)
            params << QStringLiteral("%1=%2 %3%4, %5]")
                          .arg(toQString(p.name), toQString(formatDouble(p.defaultValue)),
                               p.minimumExclusive ? QStringLiteral("(") : QStringLiteral("["),
                               toQString(formatDouble(p.minimum)), toQString(formatDouble(p.maximum)));
        out << QStringLiteral("%1  %2  %3%4\n")
                   .arg(toQString(a.id), -14)
                   .arg(toQString(a.name), -30)
                   .arg(toQString(a.formula))
                   .arg(params.isEmpty() ? QString()
                                         : QStringLiteral("   [") + params.join(QStringLiteral("; ")) +
                                               QStringLiteral("]"));
    }
    return 0;
}

// ---- eval ----
int evalCommand(const QStringList &args, QTextStream &out, QIODevice *in) {
    Command cmd(
        QStringLiteral("eval"),
        QStringLiteral("--function ID [--order 0|1|2] [--type double|float] [--param NAME=VALUE]... [X ...]"),
        QStringLiteral("Evaluate one activation at each x (from the arguments, or whitespace-separated from "
                       "stdin when none are given). One result per line, printed with %.17g."));
    cmd.addOption(QStringLiteral("function"), QStringLiteral("The activation id."), QStringLiteral("ID"));
    cmd.addOrderOption();
    cmd.addOption(
        QStringLiteral("type"),
        QStringLiteral("double (default) or float: float rounds each x to float and uses the float path "
                       "(the vectorised kernel where there is one)."),
        QStringLiteral("TYPE"), QStringLiteral("double"));
    cmd.addParamOption();
    cmd.addFormulaOption();
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    std::vector<ActivationInstance> instances =
        parseFunctions(cmd.functionList(), QStringLiteral("--function"), true);
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
    if (useFloat) {
        const std::vector<float> xf(x.begin(), x.end());
        std::vector<float> yf(x.size());
        instances.front().evaluate(xf, yf, order);
        std::copy(xf.begin(), xf.end(), x.begin());
        std::copy(yf.begin(), yf.end(), y.begin());
    } else {
        // One value at a time through the scalar function: the most accurate path (the array kernels trade up
        // to a few ulp for speed), which is what a reference tool should print.
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] = instances.front()(x[i], order);
    }
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray xs, ys;
        for (std::size_t i = 0; i < x.size(); ++i) {
            xs.append(jsonNumber(x[i]));
            ys.append(jsonNumber(y[i]));
        }
        printJson(out, QJsonObject{{QStringLiteral("function"), toQString(instances.front().id())},
                                   {QStringLiteral("order"), order},
                                   {QStringLiteral("parameters"), parametersJson(instances.front())},
                                   {QStringLiteral("x"), xs},
                                   {QStringLiteral("values"), ys}});
        return 0;
    }
    for (const double v : y)
        out << formatFull(v) << '\n';
    return 0;
}

// ---- curve ----
int curveCommand(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("curve"),
        QStringLiteral(
            "--function ID[,ID...] [--from -4] [--to 4] [--points 801] [--order K] [--json | --csv FILE]"),
        QStringLiteral(
            "Sample activations over a uniform grid: a table with x and one column per activation."));
    cmd.addOption(QStringLiteral("function"), QStringLiteral("Comma-separated activation ids."),
                  QStringLiteral("IDS"));
    addRangeOptions(cmd, QStringLiteral("-4"), QStringLiteral("4"), QStringLiteral("801"));
    cmd.addOrderOption();
    cmd.addParamOption();
    cmd.addFormulaOption();
    cmd.addJsonOption();
    cmd.addOption(QStringLiteral("csv"), QStringLiteral("Write the table to FILE as CSV."),
                  QStringLiteral("FILE"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    std::vector<ActivationInstance> instances =
        parseFunctions(cmd.functionList(), QStringLiteral("--function"), false);
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

// --from/--to as given, else the view's defaults: [−8, 8] for approximations, the tail [−20, 4] for
// precision.
Range tailOrDefaultRange(const Command &cmd, bool precision) {
    const double from = cmd.isSet(QStringLiteral("from"))
                            ? parseNumber(cmd.value(QStringLiteral("from")), QStringLiteral("--from"))
                            : (precision ? ErrorView::kDefaultPrecisionFrom : ErrorView::kDefaultFrom);
    const double to = cmd.isSet(QStringLiteral("to"))
                          ? parseNumber(cmd.value(QStringLiteral("to")), QStringLiteral("--to"))
                          : (precision ? ErrorView::kDefaultPrecisionTo : ErrorView::kDefaultTo);
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        usageError(QStringLiteral("the range needs finite --from < --to"));
    return {from, to};
}

// ---- error --precision ----
int precisionError(const Command &cmd, QTextStream &out) {
    const QString caseId = cmd.value(QStringLiteral("precision"));
    const std::optional<PrecisionCase> precision = precisionCaseFromId(caseId.toStdString());
    if (!precision)
        usageError(
            QStringLiteral("--precision must be float, bfloat16, float16, naive-double or naive-float, "
                           "not '%1'")
                .arg(caseId));
    QString functions = cmd.functionList();
    if (isNaive(*precision)) {
        if (!functions.isEmpty() && functions != QLatin1String("gelu"))
            usageError(
                QStringLiteral("--precision %1 evaluates GELU's naive formula; --function must be gelu "
                               "or left out")
                    .arg(caseId));
        if (cmd.value(QStringLiteral("reference")) != QLatin1String("gelu"))
            usageError(QStringLiteral("--precision %1 compares against gelu").arg(caseId));
        functions = QStringLiteral("gelu");
    }
    std::vector<ActivationInstance> approx = parseFunctions(functions, QStringLiteral("--function"), true);
    std::vector<ActivationInstance> reference =
        parseFunctions(cmd.value(QStringLiteral("reference")), QStringLiteral("--reference"), true);
    if (parseOrder(cmd.value(QStringLiteral("order"))) != 0)
        usageError(QStringLiteral("--precision compares f only (--order 0)"));
    applyParameters({&approx.front(), &reference.front()}, cmd.values(QStringLiteral("param")));
    applyParameters({&reference.front()}, cmd.values(QStringLiteral("reference-param")));
    const Range range = tailOrDefaultRange(cmd, true);
    const int n =
        cmd.isSet(QStringLiteral("points"))
            ? parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000)
            : ErrorView::kDefaultPrecisionPoints;
    const std::vector<double> x = uniformGrid(range.from, range.to, n);
    const PrecisionStatistics s =
        precisionStatistics(precisionErrors(*precision, approx.front(), reference.front(), x));
    const NumberFormat &format = formatOf(*precision);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("function"), toQString(approx.front().id())},
                                   {QStringLiteral("reference"), toQString(reference.front().id())},
                                   {QStringLiteral("precision"), caseId},
                                   {QStringLiteral("format"), toQString(format.id)},
                                   {QStringLiteral("from"), range.from},
                                   {QStringLiteral("to"), range.to},
                                   {QStringLiteral("points"), n},
                                   {QStringLiteral("max_ulp_error"), s.maxUlpError},
                                   {QStringLiteral("at"), s.at},
                                   {QStringLiteral("median_ulp_error"), s.medianUlpError},
                                   {QStringLiteral("correctly_rounded"), s.withinHalfUlp},
                                   {QStringLiteral("zero_up_to"),
                                    s.zeroUpTo ? QJsonValue(*s.zeroUpTo) : QJsonValue(QJsonValue::Null)}});
        return 0;
    }
    out << QStringLiteral("%1 against %2, %3 (ulp of %4) over [%5, %6], %7 points\n")
               .arg(isNaive(*precision) ? QStringLiteral("naive GELU") : toQString(approx.front().id()),
                    toQString(reference.front().id()), caseId, toQString(format.name),
                    toQString(formatDouble(range.from)), toQString(formatDouble(range.to)))
               .arg(n);
    out << QString::fromStdString(describe(s));
    return 0;
}

// ---- error ----
int errorCommand(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("error"),
        QStringLiteral("--function APPROX [--reference gelu] [--from -8] [--to 8] [--points 16001] [--order "
                       "K] [--json]"),
        QStringLiteral("How far an approximation is from a reference over a uniform grid: max |error| and "
                       "where (the positive x on a tie at ±x), RMS error, max relative error (where "
                       "|reference| > 1e-300) and max error in ulp of the reference."));
    cmd.addOption(QStringLiteral("function"), QStringLiteral("The approximation's activation id."),
                  QStringLiteral("ID"));
    cmd.addOption(QStringLiteral("reference"), QStringLiteral("The reference activation (default gelu)."),
                  QStringLiteral("ID"), QStringLiteral("gelu"));
    addRangeOptions(cmd, QStringLiteral("-8"), QStringLiteral("8"), QStringLiteral("16001"));
    cmd.addOrderOption();
    cmd.addParamOption();
    cmd.addReferenceParamOption();
    cmd.addFormulaOption();
    cmd.addOption(
        QStringLiteral("precision"),
        QStringLiteral("Instead: the error in ulp of a number format of evaluating the function as "
                       "low-precision kernels do (float, bfloat16, float16: input and output rounded, "
                       "computed in float), or of the naive GELU formulas 0.5·x·(1 + erf(x/√2)) "
                       "(naive-double, naive-float), against the accurate reference."),
        QStringLiteral("CASE"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    if (cmd.isSet(QStringLiteral("precision"))) return precisionError(cmd, out);
    std::vector<ActivationInstance> approx =
        parseFunctions(cmd.functionList(), QStringLiteral("--function"), true);
    std::vector<ActivationInstance> reference =
        parseFunctions(cmd.value(QStringLiteral("reference")), QStringLiteral("--reference"), true);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    applyParameters({&approx.front(), &reference.front()}, cmd.values(QStringLiteral("param")));
    applyParameters({&reference.front()}, cmd.values(QStringLiteral("reference-param")));
    const Range range = parseRange(cmd);
    const int n =
        parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000);
    const ApproximationError e =
        approximationError(approx.front(), reference.front(), range.from, range.to, n, order);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("function"), toQString(approx.front().id())},
                                   {QStringLiteral("reference"), toQString(reference.front().id())},
                                   {QStringLiteral("order"), order},
                                   {QStringLiteral("from"), range.from},
                                   {QStringLiteral("to"), range.to},
                                   {QStringLiteral("points"), n},
                                   {QStringLiteral("max_abs_error"), e.maxAbsError},
                                   {QStringLiteral("at"), e.at},
                                   {QStringLiteral("rms_error"), e.rmsError},
                                   {QStringLiteral("max_rel_error"), e.maxRelError},
                                   {QStringLiteral("max_ulp_error"), e.maxUlpError}});
        return 0;
    }
    out << QStringLiteral("%1 against %2, f%3 over [%4, %5], %6 points\n")
               .arg(toQString(approx.front().id()), toQString(reference.front().id()),
                    order == 0 ? QString() : (order == 1 ? QStringLiteral("′") : QStringLiteral("″")),
                    toQString(formatDouble(range.from)), toQString(formatDouble(range.to)))
               .arg(n);
    out << QString::fromStdString(describe(e));
    return 0;
}

// --gate and --param mu=…, sigma=… (the normal gate's only parameters).
MaskGate parseGate(const Command &cmd) {
    const std::optional<GateKind> kind = gateFromId(cmd.value(QStringLiteral("gate")).toStdString());
    if (!kind)
        usageError(QStringLiteral("unknown gate '%1' (normal, logistic1702, logistic, cauchy)")
                       .arg(cmd.value(QStringLiteral("gate"))));
    double mu = 0.0, sigma = 1.0;
    for (const QString &assignment : cmd.values(QStringLiteral("param"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString name = assignment.left(eq);
        if (eq <= 0 || (name != QLatin1String("mu") && name != QLatin1String("sigma")))
            usageError(QStringLiteral("--param takes mu=VALUE or sigma=VALUE, not '%1'").arg(assignment));
        if (*kind != GateKind::Normal)
            usageError(QStringLiteral("the %1 gate has no parameter '%2'")
                           .arg(cmd.value(QStringLiteral("gate")), name));
        (name == QLatin1String("mu") ? mu : sigma) =
            parseNumber(assignment.mid(eq + 1), QStringLiteral("--param ") + name);
    }
    return MaskGate(*kind, mu, sigma);
}

// ---- render ----

int renderErrorView(const Command &cmd, bool precisionMode) {
    std::vector<ActivationInstance> approximation = parseFunctions(
        cmd.functionList().isEmpty() && precisionMode ? QStringLiteral("gelu") : cmd.functionList(),
        QStringLiteral("--function"), true);
    std::vector<ActivationInstance> reference =
        parseFunctions(cmd.value(QStringLiteral("reference")), QStringLiteral("--reference"), true);
    applyParameters({&approximation.front(), &reference.front()}, cmd.values(QStringLiteral("param")));
    applyParameters({&reference.front()}, cmd.values(QStringLiteral("reference-param")));
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    if (precisionMode && order != 0) usageError(QStringLiteral("the precision view compares f only"));
    const Range range = tailOrDefaultRange(cmd, precisionMode);
    const double from = range.from, to = range.to;
    const int points =
        cmd.isSet(QStringLiteral("points")) || !precisionMode
            ? parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 1'000'000)
            : ErrorView::kDefaultPrecisionPoints;
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    ErrorView view;
    view.setApproximation(toQString(approximation.front().id()));
    view.setReference(toQString(reference.front().id()));
    const auto copyParameters = [](const ActivationInstance &from, auto &&set) {
        for (std::size_t i = 0; i < from.activation().parameters.size(); ++i)
            set(toQString(from.activation().parameters[i].name), from.parameters()[i]);
    };
    copyParameters(approximation.front(),
                   [&](const QString &name, double v) { view.setApproximationParameter(name, v); });
    copyParameters(reference.front(),
                   [&](const QString &name, double v) { view.setReferenceParameter(name, v); });
    view.setOrder(order);
    if (precisionMode) view.setMode(ErrorView::Mode::FloatingPoint);
    view.setRange(from, to, points);
    const QString error = exportPlot(view.plot(), fileName, size.width(), size.height());
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    return 0;
}

int renderMaskView(const Command &cmd) {
    if (cmd.isSet(QStringLiteral("function")) || cmd.isSet(QStringLiteral("formula")))
        usageError(QStringLiteral("the mask view takes --gate, not --function"));
    const MaskGate gate = parseGate(cmd);
    const Range range = cmd.isSet(QStringLiteral("from")) || cmd.isSet(QStringLiteral("to"))
                            ? parseRange(cmd)
                            : Range{MaskView::kDefaultFrom, MaskView::kDefaultTo};
    const int samples =
        parseInteger(cmd.value(QStringLiteral("samples")), QStringLiteral("--samples"), 1, 1'000'000);
    bool ok = false;
    const qulonglong seed = cmd.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) usageError(QStringLiteral("--seed must be a whole number ≥ 0"));
    const double x = cmd.isSet(QStringLiteral("x"))
                         ? parseNumber(cmd.value(QStringLiteral("x")), QStringLiteral("--x"))
                         : 1.0;
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);
    MaskView view;
    view.setGate(gate.kind(), gate.mu(), gate.sigma());
    view.setRange(range.from, range.to);
    view.setSeed(seed);
    view.setTarget(samples);
    view.selectX(x);
    if (!view.waitUntilDone(600'000)) throw RuntimeError("sampling did not finish");
    const QString error = exportPlot(view.plot(), fileName, size.width(), size.height());
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    return 0;
}

int renderCommand(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("render"),
        QStringLiteral(
            "--view curves|error|precision|mask --function ID[,ID...] [--order K[,K...]] [--from -4] [--to "
            "4] "
            "[--stacked] [--reference gelu] [--points 16001] [--size 1200x800] --out FILE.png|.svg|.pdf"),
        QStringLiteral(
            "Draw a view of the window without a display, as PNG, SVG or PDF. curves: the "
            "activations' f, f′, f″. error: one approximation (--function) against --reference "
            "over [--from, --to] (default [-8, 8]) with --points, for one --order. precision: the "
            "error view's floating-point mode, the ulp error of --function (default gelu) in "
            "float, bfloat16 and float16 and of the naive erf formulas (default range [-20, 4])."));
    cmd.addOption(QStringLiteral("gate"), QStringLiteral("mask view: the gate (default normal)."),
                  QStringLiteral("GATE"), QStringLiteral("normal"));
    cmd.addOption(QStringLiteral("samples"), QStringLiteral("mask view: samples at every x (default 10000)."),
                  QStringLiteral("N"), QStringLiteral("10000"));
    cmd.addOption(QStringLiteral("seed"), QStringLiteral("mask view: the seed (default 1)."),
                  QStringLiteral("S"), QStringLiteral("1"));
    cmd.addOption(QStringLiteral("x"),
                  QStringLiteral("mask view: the x followed in the lower plots (default 1)."),
                  QStringLiteral("X"));
    cmd.addOption(QStringLiteral("view"),
                  QStringLiteral("The view to draw: curves, error, precision or mask."),
                  QStringLiteral("VIEW"), QStringLiteral("curves"));
    cmd.addOption(QStringLiteral("stacked"),
                  QStringLiteral("curves view: f, f′ and f″ in plots of their own."));
    cmd.addOption(QStringLiteral("reference"), QStringLiteral("error view: the reference (default gelu)."),
                  QStringLiteral("ID"), QStringLiteral("gelu"));
    cmd.addOption(QStringLiteral("points"), QStringLiteral("error view: grid points (default 16001)."),
                  QStringLiteral("N"), QStringLiteral("16001"));
    cmd.addOption(QStringLiteral("function"), QStringLiteral("Comma-separated activation ids."),
                  QStringLiteral("IDS"));
    cmd.addOption(QStringLiteral("order"),
                  QStringLiteral("Which of f (0), f′ (1), f″ (2) to draw, comma-separated (default 0)."),
                  QStringLiteral("K"), QStringLiteral("0"));
    cmd.addParamOption();
    cmd.addReferenceParamOption();
    cmd.addFormulaOption();
    addRangeOptions(cmd, QStringLiteral("-4"), QStringLiteral("4"), QString());
    cmd.addOption(QStringLiteral("size"), QStringLiteral("Picture size in pixels (default 1200x800)."),
                  QStringLiteral("WxH"), QStringLiteral("1200x800"));
    cmd.addOption(QStringLiteral("out"), QStringLiteral("The file to write; its extension picks the format."),
                  QStringLiteral("FILE"));
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QString viewName = cmd.value(QStringLiteral("view"));
    if (viewName != QLatin1String("curves") && viewName != QLatin1String("error") &&
        viewName != QLatin1String("precision") && viewName != QLatin1String("mask"))
        usageError(
            QStringLiteral("unknown view '%1' (available: curves, error, precision, mask)").arg(viewName));
    if (viewName == QLatin1String("mask")) return renderMaskView(cmd);
    if (viewName != QLatin1String("curves"))
        return renderErrorView(cmd, viewName == QLatin1String("precision"));
    if (cmd.isSet(QStringLiteral("reference-param")))
        usageError(QStringLiteral("--reference-param belongs to the error view"));
    std::vector<ActivationInstance> instances =
        parseFunctions(cmd.functionList(), QStringLiteral("--function"), false);
    applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    std::array<bool, 3> orders{};
    for (const QString &k : cmd.value(QStringLiteral("order")).split(QLatin1Char(',')))
        orders[std::size_t(parseOrder(k))] = true;
    const Range range = parseRange(cmd);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const QString fileName = checkedPictureName(cmd);

    CurvesView view;
    QStringList ids;
    for (const ActivationInstance &instance : instances) {
        ids << toQString(instance.id());
        view.setActivationParameters(ids.back(), instance.parameters());
    }
    for (int k = 0; k < 3; ++k)
        view.setOrderVisible(k, orders[std::size_t(k)]);
    view.setStacked(cmd.isSet(QStringLiteral("stacked")));
    view.setCheckedActivations(ids);
    view.setXRange(range.from, range.to);
    view.fitValueAxis();
    const QString error = exportPlot(view.plot(), fileName, size.width(), size.height());
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
    return 0;
}

// ---- bench ----
int benchStartup(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("bench startup"), QStringLiteral("[--repeats 5] [--json]"),
        QStringLiteral("Milliseconds from starting gelu-lab to its first painted main window (offscreen), "
                       "median over repeats."));
    cmd.addOption(QStringLiteral("repeats"), QStringLiteral("How many starts (default 5)."),
                  QStringLiteral("N"), QStringLiteral("5"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 1000);
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("gelu-lab"));
    if (!QFileInfo(program).isExecutable())
        throw RuntimeError(
            QStringLiteral("cannot find the gelu-lab executable at %1").arg(program).toStdString());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    std::vector<double> samples;
    for (int i = 0; i < repeats; ++i) {
        QProcess process;
        process.setProcessEnvironment(environment);
        QElapsedTimer timer;
        timer.start();
        process.start(program, {QStringLiteral("--quit-after-first-paint")});
        double elapsed = -1.0;
        while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
            if (process.canReadLine() || process.waitForReadyRead(10'000)) {
                while (process.canReadLine()) {
                    if (process.readLine().startsWith("first-paint") && elapsed < 0)
                        elapsed = double(timer.nsecsElapsed()) / 1e6;
                }
            } else if (process.state() == QProcess::NotRunning || timer.elapsed() > 30'000) {
                break;
            }
            if (elapsed >= 0) break;
        }
        process.waitForFinished(10'000);
        if (elapsed < 0)
            throw RuntimeError(QStringLiteral("gelu-lab did not report a painted window: %1")
                                   .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed())
                                   .toStdString());
        samples.push_back(elapsed);
    }
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t mid = sorted.size() / 2;
    const double median = sorted.size() % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray all;
        for (const double s : samples)
            all.append(s);
        printJson(out, QJsonObject{{QStringLiteral("startup_ms"), median},
                                   {QStringLiteral("repeats"), repeats},
                                   {QStringLiteral("samples_ms"), all}});
        return 0;
    }
    out << QStringLiteral("startup to first painted frame: median %1 ms over %2 starts (min %3, max %4)\n")
               .arg(median, 0, 'f', 1)
               .arg(repeats)
               .arg(sorted.front(), 0, 'f', 1)
               .arg(sorted.back(), 0, 'f', 1);
    return 0;
}

int benchKernel(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("bench kernel"),
        QStringLiteral("--function ID|copy [--type float|double] [--n 1000000] [--threads 1] [--order 0] "
                       "[--repeats 11] [--json]"),
        QStringLiteral(
            "Median throughput of an activation's array kernel into a preallocated output, over x "
            "drawn from N(0, 4²) with a fixed seed. --function copy times a plain copy of the same "
            "array: the memory-bound baseline."));
    cmd.addOption(QStringLiteral("function"), QStringLiteral("The activation id, or copy."),
                  QStringLiteral("ID"));
    cmd.addOption(QStringLiteral("type"), QStringLiteral("float or double (default float)."),
                  QStringLiteral("TYPE"), QStringLiteral("float"));
    cmd.addOption(QStringLiteral("n"), QStringLiteral("Elements (default 1000000)."), QStringLiteral("N"),
                  QStringLiteral("1000000"));
    cmd.addOption(QStringLiteral("threads"),
                  QStringLiteral("Threads, each on a contiguous slice (default 1)."), QStringLiteral("T"),
                  QStringLiteral("1"));
    cmd.addOrderOption();
    cmd.addOption(QStringLiteral("repeats"), QStringLiteral("At least this many timed runs (default 11)."),
                  QStringLiteral("R"), QStringLiteral("11"));
    cmd.addParamOption();
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QString id = cmd.value(QStringLiteral("function"));
    std::vector<ActivationInstance> instances;
    if (id != QLatin1String("copy")) {
        instances = parseFunctions(id, QStringLiteral("--function"), true);
        applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    }
    const bool useFloat = cmd.floatType();
    const QString typeName = useFloat ? QStringLiteral("float") : QStringLiteral("double");
    const int n = parseInteger(cmd.value(QStringLiteral("n")), QStringLiteral("--n"), 1, 1'000'000'000);
    const int threads =
        parseInteger(cmd.value(QStringLiteral("threads")), QStringLiteral("--threads"), 1, 256);
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 100000);
    const KernelTiming timing = benchmarkKernel(instances.empty() ? nullptr : &instances.front(),
                                                useFloat ? ElementType::Float : ElementType::Double,
                                                static_cast<std::size_t>(n), threads, order, repeats);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("function"), id},
                                   {QStringLiteral("type"), typeName},
                                   {QStringLiteral("n"), n},
                                   {QStringLiteral("threads"), threads},
                                   {QStringLiteral("order"), order},
                                   {QStringLiteral("gelem_per_s"), timing.gelemPerSecond},
                                   {QStringLiteral("median_ms"), timing.medianSeconds * 1e3},
                                   {QStringLiteral("repeats"), timing.repeats}});
        return 0;
    }
    out << QStringLiteral("%1 %2, f%3, n = %4, %5 thread(s): %6 Gelem/s (median of %7 runs, %8 ms)\n")
               .arg(id, typeName)
               .arg(order == 0 ? QString() : (order == 1 ? QStringLiteral("′") : QStringLiteral("″")))
               .arg(n)
               .arg(threads)
               .arg(timing.gelemPerSecond, 0, 'f', 3)
               .arg(timing.repeats)
               .arg(timing.medianSeconds * 1e3, 0, 'f', 3);
    return 0;
}

int benchRender(const QStringList &args, QTextStream &out) {
    Command cmd(
        QStringLiteral("bench render"),
        QStringLiteral("[--activations 10] [--points 2000] [--size 1600x1000] [--repeats 30] [--json]"),
        QStringLiteral(
            "Milliseconds to redraw the Curves view (offscreen): the first N activations of the "
            "registry with f, f′ and f″, each re-sampled at --points over a range that moves "
            "by a step each time (as a drag does), notable points included; median over repeats."));
    cmd.addOption(QStringLiteral("view"), QStringLiteral("curves (default) or playground."),
                  QStringLiteral("VIEW"), QStringLiteral("curves"));
    cmd.addOption(QStringLiteral("activations"), QStringLiteral("How many activations (default 10)."),
                  QStringLiteral("N"), QStringLiteral("10"));
    cmd.addOption(QStringLiteral("points"), QStringLiteral("Samples per curve (default 2000)."),
                  QStringLiteral("N"), QStringLiteral("2000"));
    cmd.addOption(QStringLiteral("size"), QStringLiteral("Window size (default 1600x1000)."),
                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    cmd.addOption(QStringLiteral("repeats"), QStringLiteral("Timed redraws (default 30)."),
                  QStringLiteral("N"), QStringLiteral("30"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const int count = parseInteger(cmd.value(QStringLiteral("activations")), QStringLiteral("--activations"),
                                   1, int(activations().size()));
    const int points =
        parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 100'000);
    const QSize size = parseSize(cmd.value(QStringLiteral("size")));
    const int repeats =
        parseInteger(cmd.value(QStringLiteral("repeats")), QStringLiteral("--repeats"), 1, 10'000);
    CurvesView view;
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids << toQString(activations()[std::size_t(i)].get().id);
    view.setCheckedActivations(ids);
    for (int k = 0; k < 3; ++k)
        view.setOrderVisible(k, true);
    view.setSampleCount(points);
    view.resize(size);
    view.show();
    QCoreApplication::processEvents();
    std::vector<double> samples;
    for (int i = 0; i < repeats + 1; ++i) {
        QElapsedTimer timer;
        timer.start();
        const double shift = 0.01 * (i % 2 == 0 ? 1 : -1);
        view.beginInteractiveDrawing();            // as a drag does
        view.setXRange(-4.0 + shift, 4.0 + shift); // re-samples every curve
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        if (i > 0) samples.push_back(double(timer.nsecsElapsed()) / 1e6); // the first one warms up
    }
    std::sort(samples.begin(), samples.end());
    const double median = samples[samples.size() / 2];
    // Settled: the wide pens, once the view has stopped.
    QEventLoop settle; // let the view's settle timer restore the wide pens
    QTimer::singleShot(400, &settle, &QEventLoop::quit);
    settle.exec();
    std::vector<double> settled;
    for (int i = 0; i < std::min(repeats, 10); ++i) {
        QElapsedTimer timer;
        timer.start();
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        settled.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(settled.begin(), settled.end());
    const double settledMedian = settled[settled.size() / 2];
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("redraw_ms"), median},
                                   {QStringLiteral("settled_redraw_ms"), settledMedian},
                                   {QStringLiteral("activations"), count},
                                   {QStringLiteral("points"), points},
                                   {QStringLiteral("curves"), 3 * count},
                                   {QStringLiteral("width"), size.width()},
                                   {QStringLiteral("height"), size.height()},
                                   {QStringLiteral("repeats"), repeats}});
        return 0;
    }
    out << QStringLiteral(
               "redraw of %1 curves × %2 points at %3x%4 while moving: median %5 ms over %6 (min %7, max "
               "%8); settled (wide pens): %9 ms\n")
               .arg(3 * count)
               .arg(points)
               .arg(size.width())
               .arg(size.height())
               .arg(median, 0, 'f', 2)
               .arg(repeats)
               .arg(samples.front(), 0, 'f', 2)
               .arg(samples.back(), 0, 'f', 2)
               .arg(settledMedian, 0, 'f', 2);
    return 0;
}

int benchCommand(const QStringList &args, QTextStream &out) {
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        out << "Usage: gelu-lab-cli bench BENCHMARK [options]\n\nBenchmarks:\n"
               "  kernel    throughput of an activation's array kernel (Gelem/s)\n"
               "  render    milliseconds to redraw the Curves view\n"
               "  playground  epochs per second of the Playground's per-frame workload\n"
               "  startup   milliseconds from start to the first painted window\n";
        if (args.isEmpty())
            usageError(QStringLiteral("bench needs a benchmark name (kernel, render, startup, playground)"));
        return 0;
    }
    if (args.first() == QLatin1String("kernel")) return benchKernel(args.mid(1), out);
    if (args.first() == QLatin1String("startup")) return benchStartup(args.mid(1), out);
    if (args.first() == QLatin1String("render"))
        return choosesPlayground(args.mid(1)) ? benchRenderPlayground(args.mid(1), out)
                                              : benchRender(args.mid(1), out);
    if (args.first() == QLatin1String("playground")) return benchPlayground(args.mid(1), out);
    usageError(QStringLiteral("unknown benchmark '%1' (available: kernel, render, startup, playground)")
                   .arg(args.first()));
}

// ---- mask ----
int maskCommand(const QStringList &args, QTextStream &out, QTextStream &err) {
    Command cmd(
        QStringLiteral("mask"),
        QStringLiteral("--x X [--gate normal|logistic1702|logistic|cauchy] [--param mu=M] "
                       "[--param sigma=S] [--samples N] [--seed S] [--json]"),
        QStringLiteral("Sample the stochastic mask at one x: m ~ Bernoulli(F(x)), output x·m. Prints "
                       "the sample mean, its standard error, the sample variance, the exact mean "
                       "x·F(x) and variance x²·F(x)·(1 − F(x)), and z = (sample mean − exact mean) / "
                       "standard error. The gates: normal Φ((x − μ)/σ) (GELU), logistic1702 σ(1.702x), "
                       "logistic σ(x) (SiLU), cauchy 1/2 + arctan(x)/π."));
    cmd.addOption(QStringLiteral("x"), QStringLiteral("The input x."), QStringLiteral("X"));
    cmd.addOption(QStringLiteral("gate"), QStringLiteral("The gate's CDF (default normal)."),
                  QStringLiteral("GATE"), QStringLiteral("normal"));
    cmd.addParamOption();
    cmd.addOption(QStringLiteral("samples"), QStringLiteral("Number of samples (default 100000)."),
                  QStringLiteral("N"), QStringLiteral("100000"));
    cmd.addOption(QStringLiteral("seed"), QStringLiteral("Seed of the random stream (default 1)."),
                  QStringLiteral("S"), QStringLiteral("1"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    if (!cmd.isSet(QStringLiteral("x"))) usageError(QStringLiteral("--x is required"));
    const double x = parseNumber(cmd.value(QStringLiteral("x")), QStringLiteral("--x"));
    if (!std::isfinite(x)) usageError(QStringLiteral("--x must be finite"));
    const MaskGate gate = parseGate(cmd); // throws std::invalid_argument (exit 2) for bad μ, σ
    const double mu = gate.mu(), sigma = gate.sigma();
    bool ok = false;
    const qlonglong samples = cmd.value(QStringLiteral("samples")).toLongLong(&ok);
    if (!ok || samples < 1 || samples > 100'000'000'000LL)
        usageError(QStringLiteral("--samples must be a whole number from 1 to 1e11, not '%1'")
                       .arg(cmd.value(QStringLiteral("samples"))));
    const qulonglong seed = cmd.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        usageError(QStringLiteral("--seed must be a whole number ≥ 0, not '%1'")
                       .arg(cmd.value(QStringLiteral("seed"))));
    ProgressBar bar(err, QStringLiteral("sampling"));
    const MaskSummary s = sampleMask(gate, x, samples, seed, &ProgressBar::callback, &bar);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("x"), x},
                                   {QStringLiteral("gate"), toQString(gateId(gate.kind()))},
                                   {QStringLiteral("mu"), mu},
                                   {QStringLiteral("sigma"), sigma},
                                   {QStringLiteral("samples"), double(samples)},
                                   {QStringLiteral("seed"), double(seed)},
                                   {QStringLiteral("sample_mean"), jsonNumber(s.sampleMean)},
                                   {QStringLiteral("standard_error"), jsonNumber(s.standardError)},
                                   {QStringLiteral("sample_variance"), jsonNumber(s.sampleVariance)},
                                   {QStringLiteral("exact_mean"), jsonNumber(s.exactMean)},
                                   {QStringLiteral("exact_variance"), jsonNumber(s.exactVariance)},
                                   {QStringLiteral("z"), jsonNumber(s.z)}});
        return 0;
    }
    out << QStringLiteral("%1 gate at x = %2, %3 samples (seed %4)\n")
               .arg(toQString(gateId(gate.kind())), formatFull(x))
               .arg(samples)
               .arg(seed);
    out << QStringLiteral("sample mean      %1\n").arg(formatFull(s.sampleMean));
    out << QStringLiteral("standard error   %1\n").arg(formatFull(s.standardError));
    out << QStringLiteral("sample variance  %1\n").arg(formatFull(s.sampleVariance));
    out << QStringLiteral("exact mean       %1\n").arg(formatFull(s.exactMean));
    out << QStringLiteral("exact variance   %1\n").arg(formatFull(s.exactVariance));
    out << QStringLiteral("z                %1\n").arg(s.z, 0, 'f', 3);
    return 0;
}

QString generalHelp() {
    return QStringLiteral(
               "Usage: gelu-lab-cli COMMAND [options]\n"
               "%1\n\n"
               "Commands:\n"
               "  list     every activation: id, name, formula, parameters\n"
               "  eval     one activation (or a derivative) at given x\n"
               "  curve    activations sampled over a range, as a table, JSON or CSV\n"
               "  error    how far an approximation is from a reference (abs, RMS, relative, ulp)\n"
               "  mask     sample the stochastic mask x·m, m ~ Bernoulli(F(x)), against x·F(x)\n"
               "  train    train a small MLP on a toy data set\n"
               "  compare  several activations trained from the same seeds: medians and quartiles\n"
               "  robustness  test accuracy of trained networks under input noise\n"
               "  paper       the GELU paper's experiments on the UCI handwritten digits\n"
               "  render   draw a view to PNG, SVG or PDF without a display\n"
               "  bench    benchmarks: bench kernel, bench render, bench startup\n\n"
               "`gelu-lab-cli COMMAND --help` describes each command. Exit status: 0 on success, 2 for a "
               "wrong\n"
               "command line, 1 for a failure while running.\n")
        .arg(toQString(kTagline));
}

} // namespace

void setProgressEnabled(bool enabled) {
    progressEnabled = enabled;
}

bool needsWidgets(const QStringList &arguments) {
    return arguments.size() > 1 &&
           (arguments[1] == QLatin1String("render") ||
            (arguments[1] == QLatin1String("bench") && arguments.value(2) == QLatin1String("render")) ||
            arguments.contains(QStringLiteral("--out"))); // --out always draws a picture
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QIODevice *in) {
    const QString command = arguments.value(1);
    const QStringList rest = arguments.mid(2);
    try {
        if (command.isEmpty()) usageError(QStringLiteral("no command given (try --help)"));
        if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
            command == QLatin1String("help")) {
            out << generalHelp();
            return 0;
        }
        if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
            out << QStringLiteral("gelu-lab-cli %1 (%2)\nLicence: %3\nPaper: %4\n")
                       .arg(toQString(kVersion), toQString(kProductName), toQString(kLicence),
                            toQString(kPaper));
            return 0;
        }
        if (command == QLatin1String("list")) return listCommand(rest, out);
        if (command == QLatin1String("eval")) return evalCommand(rest, out, in);
        if (command == QLatin1String("curve")) return curveCommand(rest, out);
        if (command == QLatin1String("error")) return errorCommand(rest, out);
        if (command == QLatin1String("render"))
            return choosesPlayground(rest) ? renderPlayground(rest, out, err) : renderCommand(rest, out);
        if (command == QLatin1String("mask")) return maskCommand(rest, out, err);
        if (command == QLatin1String("train")) return trainCommand(rest, out, err);
        if (command == QLatin1String("compare")) return compareCommand(rest, out, err);
        if (command == QLatin1String("robustness")) return robustnessCommand(rest, out, err);
        if (command == QLatin1String("paper")) return paperCommand(rest, out, err);
        if (command == QLatin1String("bench")) return benchCommand(rest, out);
        usageError(QStringLiteral("unknown command '%1' (try --help)").arg(command));
    } catch (const UsageError &e) {
        out.flush();
        err << "gelu-lab-cli: " << QString::fromStdString(e.what()) << '\n';
        return kUsageError;
    } catch (const RuntimeError &e) {
        out.flush();
        err << "gelu-lab-cli: " << QString::fromStdString(e.what()) << '\n';
        return kRuntimeError;
    } catch (const std::invalid_argument &e) {
        out.flush();
        err << "gelu-lab-cli: " << QString::fromStdString(e.what()) << '\n';
        return kUsageError;
    }
}

} // namespace gelulab::cli
