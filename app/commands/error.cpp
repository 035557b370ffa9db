// gelu-lab-cli error: how far an approximation is from a reference, or the rounding error of a number format.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "approximation.h"
#include "errorview.h"
#include "precision.h"

#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "error",
    "--function APPROX [--reference gelu] [--from -8] [--to 8] [--points 16001] [--order K] [--json]",
    "How far an approximation is from a reference over a uniform grid: max |error| and where (the positive "
    "x on a tie at ±x), RMS error, max relative error (where |reference| > 1e-300) and max error in ulp of "
    "the reference.",
};

// The measure's fields and what both measures share: which function against which reference, over which
// grid.
QJsonObject errorJson(const ApproximationPair &pair, const Range &range, int points, QJsonObject fields) {
    fields.insert(QStringLiteral("function"), toQString(pair.approximation.id()));
    fields.insert(QStringLiteral("reference"), toQString(pair.reference.id()));
    fields.insert(QStringLiteral("from"), range.from);
    fields.insert(QStringLiteral("to"), range.to);
    fields.insert(QStringLiteral("points"), points);
    return fields;
}

// error --precision: the rounding error of evaluating in a number format.
int precisionError(Command &cmd, QTextStream &out) {
    const QString caseId = cmd.value(QStringLiteral("precision"));
    const std::optional<PrecisionCase> precision = fromId<PrecisionCase>(caseId.toStdString());
    if (!precision)
        usageError(
            QStringLiteral("--precision must be float, bfloat16, float16, naive-double or naive-float, "
                           "not '%1'")
                .arg(shown(caseId)));
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
    ApproximationPair pair = parseApproximationPair(cmd, functions);
    if (parseOrder(cmd.value(QStringLiteral("order"))) != 0)
        usageError(QStringLiteral("--precision compares f only (--order 0)"));
    applyPairParameters(cmd, pair);
    const Range range = rangeOr(cmd, {ErrorView::kDefaultPrecisionFrom, ErrorView::kDefaultPrecisionTo});
    const int n =
        cmd.isSet(QStringLiteral("points"))
            ? parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000)
            : ErrorView::kDefaultPrecisionPoints;
    const std::vector<double> x = uniformGrid(range.from, range.to, n);
    const PrecisionStatistics s =
        precisionStatistics(precisionErrors(*precision, pair.approximation, pair.reference, x));
    const NumberFormat &format = formatOf(*precision);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out,
                  errorJson(pair, range, n,
                            QJsonObject{{QStringLiteral("precision"), caseId},
                                        {QStringLiteral("format"), toQString(format.id)},
                                        {QStringLiteral("max_ulp_error"), jsonNumber(s.maxUlpError)},
                                        {QStringLiteral("at"), jsonNumber(s.at)},
                                        {QStringLiteral("median_ulp_error"), jsonNumber(s.medianUlpError)},
                                        {QStringLiteral("correctly_rounded"), jsonNumber(s.withinHalfUlp)},
                                        {QStringLiteral("zero_up_to"),
                                         s.zeroUpTo ? QJsonValue(*s.zeroUpTo) : QJsonValue(QJsonValue::Null)},
                                        {QStringLiteral("finite_points"), s.points},
                                        {QStringLiteral("overflowed_inputs"), s.overflowedInputs},
                                        {QStringLiteral("non_finite_points"), s.nonFinitePoints}}));
        return 0;
    }
    out << QStringLiteral("%1 against %2, %3 (ulp of %4) over [%5, %6], %7 points\n")
               .arg(isNaive(*precision) ? QStringLiteral("naive GELU") : toQString(pair.approximation.id()),
                    toQString(pair.reference.id()), caseId, toQString(format.name),
                    toQString(formatDouble(range.from)), toQString(formatDouble(range.to)))
               .arg(n);
    out << QString::fromStdString(describe(s));
    return 0;
}

} // namespace

int errorCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    cmd.addOptions({
        {"function", "ID", "The approximation's activation id."},
        {"reference", "ID", "The reference activation", "gelu", true},
    });
    addRangeOptions(cmd, QStringLiteral("-8"), QStringLiteral("8"), QStringLiteral("16001"));
    cmd.addOrderOption();
    cmd.addParamOption();
    cmd.addReferenceParamOption();
    cmd.addFormulaOption();
    cmd.addOptions({
        {"precision", "CASE",
         "Instead: the error in ulp of a number format of evaluating the function as low-precision kernels "
         "do (float, bfloat16, float16: input and output rounded, computed in float), or of the naive GELU "
         "formulas 0.5·x·(1 + erf(x/√2)) (naive-double, naive-float), against the accurate reference."},
    });
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    if (cmd.isSet(QStringLiteral("precision"))) return precisionError(cmd, out);
    ApproximationPair pair = parseApproximationPair(cmd, cmd.functionList());
    const int order = parseOrder(cmd.value(QStringLiteral("order")));
    applyPairParameters(cmd, pair);
    const Range range = parseRange(cmd);
    const int n =
        parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000);
    const ApproximationError e =
        approximationError(pair.approximation, pair.reference, range.from, range.to, n, order);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, errorJson(pair, range, n,
                                 QJsonObject{{QStringLiteral("order"), order},
                                             {QStringLiteral("max_abs_error"), jsonNumber(e.maxAbsError)},
                                             {QStringLiteral("at"), jsonNumber(e.at)},
                                             {QStringLiteral("rms_error"), jsonNumber(e.rmsError)},
                                             {QStringLiteral("max_rel_error"), jsonNumber(e.maxRelError)},
                                             {QStringLiteral("max_ulp_error"), jsonNumber(e.maxUlpError)},
                                             {QStringLiteral("finite_points"), e.points},
                                             {QStringLiteral("non_finite_points"), e.nonFinitePoints}}));
        return 0;
    }
    out << QStringLiteral("%1 against %2, f%3 over [%4, %5], %6 points\n")
               .arg(toQString(pair.approximation.id()), toQString(pair.reference.id()), primes(order),
                    toQString(formatDouble(range.from)), toQString(formatDouble(range.to)))
               .arg(n);
    out << QString::fromStdString(describe(e));
    return 0;
}

} // namespace gelulab::cli
