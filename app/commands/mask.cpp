// gelu-lab-cli mask: the stochastic mask sampled at one x.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "mask.h"

#include <QTextStream>

#include <cmath>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "mask",
    "--x X [--gate normal|logistic1702|logistic|cauchy] [--param mu=M] [--param sigma=S] [--samples N] "
    "[--seed S] [--json]",
    "Sample the stochastic mask at one x: m ~ Bernoulli(F(x)), output x·m. Prints the sample mean, its "
    "standard error, the sample variance, the exact mean x·F(x) and variance x²·F(x)·(1 − F(x)), and z = "
    "(sample mean − exact mean) / standard error. The gates: normal Φ((x − μ)/σ) (GELU), logistic1702 "
    "σ(1.702x), logistic σ(x) (SiLU), cauchy 1/2 + arctan(x)/π.",
};

} // namespace

int maskCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    cmd.addOptions({
        {"x", "X", "The input x."},
        {"gate", "GATE", "The gate's CDF", "normal", true},
    });
    cmd.addParamOption();
    cmd.addOptions({
        {"samples", "N", "Number of samples", "100000", true},
        {"seed", "S", "Seed of the random stream", "1", true},
    });
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
                       .arg(shown(cmd.value(QStringLiteral("samples")))));
    const qulonglong seed = cmd.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        usageError(QStringLiteral("--seed must be a whole number ≥ 0, not '%1'")
                       .arg(shown(cmd.value(QStringLiteral("seed")))));
    ProgressBar bar(streams.err, QStringLiteral("sampling"));
    const MaskSummary s = sampleMask(gate, x, samples, seed, &ProgressBar::callback, &bar);
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(out, QJsonObject{{QStringLiteral("x"), x},
                                   {QStringLiteral("gate"), toQString(idOf(gate.kind()))},
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
               .arg(toQString(idOf(gate.kind())), formatFull(x))
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

} // namespace gelulab::cli
