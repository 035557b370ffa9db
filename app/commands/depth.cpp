// gelu-lab-cli depth: how an activation carries a signal through a deep network at initialisation — the
// mean-field numbers (q*, χ₁, ξ_c, the critical σ_w²) and a real network drawn from the seed, layer by layer.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "depth_network.h"
#include "depthview.h"
#include "mean_field.h"

#include <QJsonArray>
#include <QTextStream>

#include <cmath>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "depth",
    "--activation ID [--param NAME=VALUE] [--sigma-w2 S] [--sigma-b2 B] [--layers L] [--width N] [--q0 Q] "
    "[--c0 C] [--seed K] [--critical] [--json]",
    "Signal propagation at initialisation, weights N(0, σ_w²/N) and biases N(0, σ_b²): the q-map's fixed "
    "point "
    "q* (fate fixed_point, grows or vanishes), χ₁ = σ_w² E[φ′(√q* z)²] (< 1 ordered, > 1 chaotic), the "
    "correlation fixed point c* and depth scale ξ_c, and the critical σ_w² at this σ_b² with its boundary "
    "(chi1: "
    "χ₁ reaches 1; fixed_point_lost: q* ceases to exist first). Then a network of L layers of width N drawn "
    "from the seed, layer by layer against the predictions: q_l, the correlation c_l of two inputs, and the "
    "gradient's norm relative to the last layer. --critical prints only the critical σ_w². --out draws the "
    "Depth view (with --compare's activations beside the first) to a picture.",
};

double parseVariance(const Command &cmd, const QString &name) {
    const double v = parseNumber(cmd.value(name), QStringLiteral("--") + name);
    if (!std::isfinite(v) || v < 0.0 || v > 1e6)
        usageError(
            QStringLiteral("--%1 must be a number from 0 to 1e6, not %2").arg(name, quoted(cmd.value(name))));
    return v;
}

QString shortest(double v) {
    return QString::fromStdString(formatDouble(v));
}

QJsonValue numberOrNull(double v) {
    return std::isnan(v) ? QJsonValue(QJsonValue::Null) : jsonNumber(v);
}

QString boundaryText(DepthBoundary boundary) {
    return boundary == DepthBoundary::Chi1
               ? QStringLiteral("χ₁ reaches 1: order gives way to chaos")
               : QStringLiteral("q* ceases to exist while χ₁ < 1: the variance runs away");
}

} // namespace

int depthCommand(const QStringList &args, const Streams &streams) {
    QTextStream &out = streams.out;
    Command cmd(kHelp);
    cmd.addOptions({{"activation", "ID", "The activation id."}});
    cmd.addParamOption();
    cmd.addFormulaOption();
    cmd.addOptions({
        {"sigma-w2", "S", "σ_w²: the weights' variance times the layer's width", "2", true},
        {"sigma-b2", "B", "σ_b²: the biases' variance", "0.05", true},
        {"layers", "L", "Layers of the simulated network", "50", true},
        {"width", "N", "Units in each layer", "512", true},
        {"q0", "Q", "The inputs' variance", "1", true},
        {"c0", "C", "The correlation of the two inputs", "0.5", true},
        {"seed", "K", "Seed of the simulated network", "1", true},
        {"critical", "", "Print only the critical σ_w² at --sigma-b2 and which boundary it is."},
        {"compare", "IDS", "--out: up to two more activations drawn beside the first (comma-separated)."},
        {"out", "FILE",
         "Draw the Depth view to FILE (.png, .svg or .pdf): the view's plane, σ_w² ≤ 5 and σ_b² ≤ 1, and "
         "widths up to 1024."},
    });
    cmd.addSizeOption(QStringLiteral("Picture size"), QStringLiteral("1600x1000"));
    cmd.addJsonOption();
    if (!cmd.parse(args, out)) return 0;
    cmd.expectNoPositionals();
    const QStringList formulas = cmd.registerFormulas();
    QString list = cmd.value(QStringLiteral("activation"));
    if (list.isEmpty() && formulas.size() == 1) list = formulas.front();
    std::vector<ActivationInstance> instances =
        cmd.parseFunctions(list, QStringLiteral("--activation"), true);
    applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    const ActivationInstance &activation = instances.front();
    const MeanFieldFunction phi = MeanFieldFunction::of(activation);
    const double sigmaB2 = parseVariance(cmd, QStringLiteral("sigma-b2"));
    const bool json = cmd.isSet(QStringLiteral("json"));
    const QString id = toQString(activation.id());
    const std::optional<CriticalPoint> critical = criticalSigmaW2(phi, sigmaB2);

    QJsonObject object{{QStringLiteral("activation"), id},
                       {QStringLiteral("parameters"), parametersJson(activation)},
                       {QStringLiteral("sigma_b2"), sigmaB2},
                       {QStringLiteral("critical_sigma_w2"),
                        critical ? jsonNumber(critical->sigmaW2) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("boundary"), critical ? QJsonValue(toQString(idOf(critical->boundary)))
                                                             : QJsonValue(QJsonValue::Null)}};
    if (cmd.isSet(QStringLiteral("critical")))
        for (const char *option : {"out", "compare"})
            if (cmd.isSet(QString::fromLatin1(option)))
                usageError(
                    QStringLiteral("--critical prints one number: --%1 draws the whole view, without it")
                        .arg(QString::fromLatin1(option)));
    if (cmd.isSet(QStringLiteral("critical"))) {
        if (json) {
            printJson(out, object);
        } else if (critical) {
            out << QStringLiteral("%1 at σ_b² = %2: critical σ_w² = %3 (%4: %5)\n")
                       .arg(id, shortest(sigmaB2), shortest(critical->sigmaW2),
                            toQString(idOf(critical->boundary)), boundaryText(critical->boundary));
        } else {
            out << QStringLiteral("%1 at σ_b² = %2: ordered for every σ_w² up to 1000 (no critical σ_w²)\n")
                       .arg(id, shortest(sigmaB2));
        }
        return 0;
    }

    DepthNetworkSettings settings;
    settings.sigmaW2 = parseVariance(cmd, QStringLiteral("sigma-w2"));
    settings.sigmaB2 = sigmaB2;
    settings.layers =
        parseInteger(cmd.value(QStringLiteral("layers")), QStringLiteral("--layers"), 1, kMaxDepthLayers);
    settings.width =
        parseInteger(cmd.value(QStringLiteral("width")), QStringLiteral("--width"), 1, kMaxDepthWidth);
    settings.q0 = parseNumber(cmd.value(QStringLiteral("q0")), QStringLiteral("--q0"));
    if (!std::isfinite(settings.q0) || settings.q0 <= 0.0 || settings.q0 > 1e6)
        usageError(QStringLiteral("--q0 must be a number above 0 and up to 1e6, not %1")
                       .arg(quoted(cmd.value(QStringLiteral("q0")))));
    settings.c0 = parseNumber(cmd.value(QStringLiteral("c0")), QStringLiteral("--c0"));
    if (!(settings.c0 >= -1.0 && settings.c0 <= 1.0))
        usageError(QStringLiteral("--c0 must be a number from −1 to 1, not %1")
                       .arg(quoted(cmd.value(QStringLiteral("c0")))));
    settings.seed = cmd.seed();
    const QString pictureName = cmd.isSet(QStringLiteral("out")) ? checkedPictureName(cmd) : QString();
    std::vector<std::string> compared;
    if (cmd.isSet(QStringLiteral("compare"))) {
        if (pictureName.isEmpty())
            usageError(QStringLiteral("--compare draws beside the first activation: it needs --out"));
        for (const ActivationInstance &a :
             cmd.parseFunctions(cmd.value(QStringLiteral("compare")), QStringLiteral("--compare"), false))
            compared.emplace_back(a.id());
    }
    std::optional<DepthView> view;
    if (!pictureName.isEmpty()) {
        // Checked before any work: the view draws what its own boxes can hold.
        for (std::size_t i = 0; i < activation.parameters().size(); ++i)
            if (activation.parameters()[i] != activation.activation().parameters[i].defaultValue)
                usageError(
                    QStringLiteral("--out draws activations with their default parameters: for others, "
                                   "give the activation as a --formula"));
        view.emplace();
        // The view's boxes hold σ_w², σ_b² to 5 decimals and q₀, c₀ to 3: a picture of other values would not
        // be the settings the numbers below are printed for.
        const auto held = [](double v, double scale) { return std::round(v * scale) / scale == v; };
        if (!held(settings.sigmaW2, 1e5) || !held(settings.sigmaB2, 1e5) || !held(settings.q0, 1e3) ||
            !held(settings.c0, 1e3))
            usageError(
                QStringLiteral("--out draws σ_w² and σ_b² to 5 decimals and q0 and c0 to 3: give them so"));
        try {
            view->setActivations(std::string(activation.id()), compared);
            view->setSigmas(settings.sigmaW2, settings.sigmaB2);
            view->setNetwork(settings.layers, settings.width, settings.q0, settings.c0, settings.seed);
        } catch (const std::invalid_argument &e) {
            usageError(QStringLiteral("--out: %1").arg(QString::fromUtf8(e.what())));
        }
    }

    const MeanField field(phi, settings.sigmaW2, sigmaB2);
    const MeanFieldSummary summary = field.summary(settings.q0);
    const std::vector<double> qPredicted = field.varianceSeries(settings.q0, settings.layers);
    const std::vector<double> cPredicted = field.correlationSeries(settings.q0, settings.c0, settings.layers);
    const DepthNetworkResult simulated = simulateDepthNetwork(activation, settings);
    const std::size_t layers = std::size_t(settings.layers);
    const std::vector<double> gradPredicted = field.gradientNormSeries(qPredicted);

    if (view) {
        const QSize size = parseSize(cmd.value(QStringLiteral("size")));
        view->resize(size);
        if (!view->waitUntilDone(600'000))
            throw RuntimeError(view->failure().isEmpty() ? std::string("the Depth view did not finish")
                                                         : view->failure().toStdString());
        exportPicture(view->plot(), pictureName, size);
    }

    const VarianceFixedPoint &fixed = summary.fixedPoint;
    const double qStar = fixed.fate == DepthFate::FixedPoint ? fixed.q : std::nan("");
    if (json) {
        object.insert(QStringLiteral("sigma_w2"), settings.sigmaW2);
        object.insert(QStringLiteral("q0"), settings.q0);
        object.insert(QStringLiteral("c0"), settings.c0);
        object.insert(QStringLiteral("layer_count"), settings.layers);
        object.insert(QStringLiteral("width"), settings.width);
        object.insert(QStringLiteral("seed"), double(settings.seed));
        object.insert(QStringLiteral("fate"), toQString(idOf(fixed.fate)));
        object.insert(QStringLiteral("fate_from_q0"), toQString(idOf(summary.fromQ0.fate)));
        object.insert(QStringLiteral("q_from_q0"), summary.fromQ0.fate == DepthFate::FixedPoint
                                                       ? jsonNumber(summary.fromQ0.q)
                                                       : QJsonValue(QJsonValue::Null));
        object.insert(QStringLiteral("q_star"), numberOrNull(qStar));
        object.insert(QStringLiteral("chi1"), numberOrNull(summary.chi1));
        object.insert(QStringLiteral("c_star"), numberOrNull(summary.cStar));
        object.insert(QStringLiteral("depth_scale"), numberOrNull(summary.depthScale));
        QJsonArray rows;
        for (std::size_t l = 0; l <= layers; ++l)
            rows.append(
                QJsonObject{{QStringLiteral("layer"), int(l)},
                            {QStringLiteral("q_predicted"), jsonNumber(qPredicted[l])},
                            {QStringLiteral("q_simulated"), jsonNumber(simulated.q[l])},
                            {QStringLiteral("c_predicted"), jsonNumber(cPredicted[l])},
                            {QStringLiteral("c_simulated"), jsonNumber(simulated.c[l])},
                            {QStringLiteral("grad_norm_predicted"), jsonNumber(gradPredicted[l])},
                            {QStringLiteral("grad_norm_simulated"), jsonNumber(simulated.gradNorm[l])}});
        object.insert(QStringLiteral("layers"), rows);
        printJson(out, object);
        return 0;
    }
    const auto number = [](double v) { return std::isnan(v) ? QStringLiteral("none") : shortest(v); };
    out << QStringLiteral("%1 at σ_w² = %2, σ_b² = %3\n")
               .arg(id, shortest(settings.sigmaW2), shortest(sigmaB2));
    out << QStringLiteral("fate           %1\n").arg(toQString(idOf(fixed.fate)));
    out << QStringLiteral("q*             %1\n").arg(number(qStar));
    const VarianceFixedPoint &from = summary.fromQ0;
    out << QStringLiteral("from q0        %1\n")
               .arg(from.fate == DepthFate::FixedPoint
                        ? QStringLiteral("settles at q = %1").arg(shortest(from.q))
                    : from.fate == DepthFate::Grows ? QStringLiteral("grows without bound")
                                                    : QStringLiteral("q → 0"));
    out << QStringLiteral("χ₁             %1%2\n")
               .arg(number(summary.chi1),
                    fixed.fate == DepthFate::Vanishes ? QStringLiteral(" (as q → 0)") : QString());
    out << QStringLiteral("c*             %1\n").arg(number(summary.cStar));
    out << QStringLiteral("depth scale ξ_c %1\n").arg(number(summary.depthScale));
    if (critical)
        out << QStringLiteral("critical σ_w²  %1 (%2)\n")
                   .arg(shortest(critical->sigmaW2), toQString(idOf(critical->boundary)));
    else
        out << QStringLiteral("critical σ_w²  none up to 1000\n");
    out << QStringLiteral("\n%1 layers of width %2, seed %3, inputs q0 = %4, c0 = %5\n")
               .arg(settings.layers)
               .arg(settings.width)
               .arg(settings.seed)
               .arg(shortest(settings.q0), shortest(settings.c0));
    out << QStringLiteral(
        "layer  q predicted   q simulated   c predicted   c simulated   ‖δ‖ predicted ‖δ‖ simulated\n");
    for (std::size_t l = 0; l <= layers; ++l)
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                   .arg(l, 5)
                   .arg(qPredicted[l], 12, 'g', 6)
                   .arg(simulated.q[l], 12, 'g', 6)
                   .arg(cPredicted[l], 12, 'g', 6)
                   .arg(simulated.c[l], 12, 'g', 6)
                   .arg(gradPredicted[l], 12, 'g', 6)
                   .arg(simulated.gradNorm[l], 12, 'g', 6);
    return 0;
}

} // namespace gelulab::cli
