// The activation registry: every row against the high-precision reference (tests/data/activations.csv),
// special values, finite-difference checks of both derivatives, parameters and their validation.
#include "activation.h"
#include "simd_targets.h"

#include <QFile>
#include <QHash>
#include <QTest>

#include <cmath>
#include <limits>
#include <random>
#include <set>

using gelulab::Activation;
using gelulab::ActivationInstance;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct ReferencePoint {
    double x;
    QString value[3]; // f, f′, f″ as printed (21 digits); empty at a kink
    double cond[3];
};

// The reference, read once: function id → its rows in file order.
const QHash<QString, QList<ReferencePoint>> &reference() {
    static const QHash<QString, QList<ReferencePoint>> table = [] {
        QHash<QString, QList<ReferencePoint>> rows;
        QFile file(QStringLiteral(GELULAB_TEST_DATA_DIR "/activations.csv"));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            qFatal("cannot open %s", qPrintable(file.fileName()));
        const QString header = QString::fromLatin1(file.readLine()).trimmed();
        if (header != QLatin1String("function,x,f,df,d2f,cond_f,cond_df,cond_d2f"))
            qFatal("unexpected header in %s", qPrintable(file.fileName()));
        while (!file.atEnd()) {
            const QStringList cells = QString::fromLatin1(file.readLine()).trimmed().split(QLatin1Char(','));
            if (cells.size() != 8) continue;
            ReferencePoint p{cells[1].toDouble(), {cells[2], cells[3], cells[4]}, {}};
            for (int k = 0; k < 3; ++k)
                p.cond[k] = cells[5 + k].isEmpty() ? 0.0 : cells[5 + k].toDouble();
            rows[cells[0]].append(p);
        }
        return rows;
    }();
    return table;
}

// The error budget (docs/ARCHITECTURE.md, "numbers"): 16·max(1, cond) ulp, 1e-15 absolute next to a zero of
// the function, 1e-320 absolute below the normal range. Returns an empty string when the value passes.
QString checkAgainstReference(double computed, const QString &exactText, double cond, double ulpBudget) {
    const long double exact = std::strtold(exactText.toLatin1().constData(), nullptr);
    const long double error = std::fabs(static_cast<long double>(computed) - exact);
    if (std::isnan(computed)) return QStringLiteral("NaN");
    if (std::fabs(exact) < std::numeric_limits<double>::min())
        return error <= 1e-320L ? QString() : QStringLiteral("abs error %1 > 1e-320").arg(double(error));
    if (cond > 1e4 && std::fabs(exact) < 1e-2)
        return error <= 1e-15L ? QString() : QStringLiteral("abs error %1 > 1e-15").arg(double(error));
    const long double ulp = std::ldexp(1.0L, std::ilogb(static_cast<double>(exact)) - 52);
    const double ulps = static_cast<double>(error / ulp);
    const double budget = ulpBudget * std::max(1.0, cond);
    return ulps <= budget ? QString()
                          : QStringLiteral("%1 ulp > %2").arg(ulps, 0, 'g', 4).arg(budget, 0, 'g', 4);
}

// The reference's 80 digits cancel in σ(x)σ(−x)(1 − 2σ(x)) for |x| ≤ 1e-150 and print σ″ as 0. The exact
// value there is −x/8 (the next term, x³/96, is below any double's precision), so these cells are replaced.
QString correctedReference(const QString &id, int order, double x, const QString &exact) {
    if (id == QLatin1String("sigmoid") && order == 2 && x != 0.0 && std::abs(x) < 1e-100)
        return QString::number(-x / 8.0, 'g', 21);
    return exact;
}

// Each activation's limits at −∞ and +∞: {f(−∞), f(+∞), f′(−∞), f′(+∞), f″(−∞), f″(+∞)}.
const QHash<QString, std::array<double, 6>> &limits() {
    static const QHash<QString, std::array<double, 6>> table{
        {"gelu", {0, kInf, 0, 1, 0, 0}},
        {"gelu_tanh", {0, kInf, 0, 1, 0, 0}},
        {"gelu_sigmoid", {0, kInf, 0, 1, 0, 0}},
        {"gelu_cauchy", {-1.0 / M_PI, kInf, 0, 1, 0, 0}},
        {"gelu_general", {0, kInf, 0, 1, 0, 0}},
        {"relu", {0, kInf, 0, 1, 0, 0}},
        {"relu6", {0, 6, 0, 0, 0, 0}},
        {"leaky_relu", {-kInf, kInf, 0.01, 1, 0, 0}},
        {"prelu", {-kInf, kInf, 0.25, 1, 0, 0}},
        {"rrelu", {-kInf, kInf, 11.0 / 48.0, 1, 0, 0}},
        {"threshold", {0, kInf, 0, 1, 0, 0}},
        {"elu", {-1, kInf, 0, 1, 0, 0}},
        {"celu", {-1, kInf, 0, 1, 0, 0}},
        {"selu", {-1.0507009873554804934 * 1.6732632423543772848, kInf, 0, 1.0507009873554804934, 0, 0}},
        {"silu", {0, kInf, 0, 1, 0, 0}},
        {"softplus", {0, kInf, 0, 1, 0, 0}},
        {"mish", {0, kInf, 0, 1, 0, 0}},
        {"hardswish", {0, kInf, 0, 1, 0, 0}},
        {"sigmoid", {0, 1, 0, 0, 0, 0}},
        {"tanh", {-1, 1, 0, 0, 0, 0}},
        {"hardsigmoid", {0, 1, 0, 0, 0, 0}},
        {"hardtanh", {-1, 1, 0, 0, 0, 0}},
        {"softsign", {-1, 1, 0, 0, 0, 0}},
        {"logsigmoid", {-kInf, 0, 1, 0, 0, 0}},
        {"softshrink", {-kInf, kInf, 1, 1, 0, 0}},
        {"hardshrink", {-kInf, kInf, 1, 1, 0, 0}},
        {"tanhshrink", {-kInf, kInf, 1, 1, 0, 0}},
        {"linear", {-kInf, kInf, 1, 1, 0, 0}},
    };
    return table;
}

// Parameters moved 30 % of the way from their defaults towards their maxima: a second, non-default set
// for the finite-difference checks.
std::vector<double> shiftedParameters(const Activation &a) {
    std::vector<double> p = a.defaultParameters();
    for (std::size_t i = 0; i < p.size(); ++i)
        if (std::isfinite(a.parameters[i].maximum)) p[i] += 0.3 * (a.parameters[i].maximum - p[i]);
    return p;
}

// Central difference with one Richardson step: error O(h⁴) plus rounding O(ε|g|/h).
double richardson(const Activation &a, const std::vector<double> &p, int order, double x, double h) {
    auto central = [&](double step) {
        return (a.evaluate(x + step, order, p) - a.evaluate(x - step, order, p)) / (2.0 * step);
    };
    return (4.0 * central(0.5 * h) - central(h)) / 3.0;
}

} // namespace

class TestActivation : public QObject {
    Q_OBJECT
private slots:
    void registryIsConsistent();
    void referenceValues_data();
    void referenceValues();
    void specialValues_data();
    void specialValues();
    void finiteDifferences_data();
    void finiteDifferences();
    void arrayMatchesScalar_data();
    void arrayMatchesScalar();
    void geluDense_data();
    void geluDense();
    void parameterValidation_data();
    void parameterValidation();
    void generalGeluReference();
    void generalGeluLimits();
    void softplusThreshold();
};

void TestActivation::registryIsConsistent() {
    std::set<std::string_view> ids;
    for (const Activation &a : gelulab::activations()) {
        QVERIFY2(ids.insert(a.id).second, a.id.data());
        QVERIFY(!a.name.empty() && !a.formula.empty() && !a.group.empty());
        QVERIFY(a.function);
        QVERIFY2(a.validate(a.defaultParameters()).empty(), a.id.data());
        for (const char c : a.id)
            QVERIFY2((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_', a.id.data());
        QVERIFY2(limits().contains(QString::fromLatin1(a.id.data(), qsizetype(a.id.size()))),
                 "every row needs its limits in this test");
    }
    for (const QString &id : reference().keys())
        QVERIFY2(gelulab::findActivation(id.toStdString()),
                 qPrintable(id + " is in the reference, not the registry"));
    QVERIFY(gelulab::findActivation("gelu_general"));
    QVERIFY(gelulab::findActivation("threshold"));
    QVERIFY(!gelulab::findActivation("nope"));
    QCOMPARE(gelulab::activationGroups().front(), std::string_view("GELU family"));
}

void TestActivation::referenceValues_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    for (const Activation &a : gelulab::activations()) {
        const QString id = QString::fromLatin1(a.id.data(), qsizetype(a.id.size()));
        if (!reference().contains(id)) continue;
        for (int order = 0; order < 3; ++order)
            QTest::addRow("%s f%d", a.id.data(), order) << id << order;
    }
}

void TestActivation::referenceValues() {
    // Both paths: the scalar function and the array path (the row's vectorised kernel where it has one).
    // Exact gelu is held to 4 ulp (4·max(1, cond) for |x| < 3, next to the zeros of f′ and f″), the rest to
    // 16·max(1, cond).
    QFETCH(QString, id);
    QFETCH(int, order);
    const Activation &a = *gelulab::findActivation(id.toStdString());
    const std::vector<double> p = a.defaultParameters();
    const bool exactGelu = id == QLatin1String("gelu");
    const QList<ReferencePoint> &points = reference().value(id);
    std::vector<double> xs;
    for (const ReferencePoint &r : points)
        xs.push_back(r.x);
    std::vector<double> array(xs.size());
    a.evaluate(xs, array, order, p);
    QStringList failures;
    int checked = 0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const ReferencePoint &r = points[i];
        const QString &exact = r.value[order];
        if (exact.isEmpty()) continue; // a kink: no derivative
        ++checked;
        const double cond = exactGelu && std::abs(r.x) >= 3.0 ? 1.0 : r.cond[order];
        const double scalar = a.evaluate(r.x, order, p);
        for (const auto &[path, computed] :
             {std::pair{"scalar", scalar}, std::pair{"array", array[std::size_t(i)]}}) {
            const QString problem = checkAgainstReference(computed, correctedReference(id, order, r.x, exact),
                                                          cond, exactGelu ? 4.0 : 16.0);
            if (!problem.isEmpty())
                failures << QStringLiteral("%1 path, x = %2: %3 (got %4, exact %5)")
                                .arg(QLatin1String(path))
                                .arg(r.x, 0, 'g', 17)
                                .arg(problem)
                                .arg(computed, 0, 'g', 17)
                                .arg(exact);
        }
    }
    QVERIFY(checked > 100);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1String("\n"))));
}

void TestActivation::specialValues_data() {
    QTest::addColumn<QString>("id");
    for (const Activation &a : gelulab::activations())
        QTest::newRow(a.id.data()) << QString::fromLatin1(a.id.data(), qsizetype(a.id.size()));
}

void TestActivation::specialValues() {
    QFETCH(QString, id);
    const Activation &a = *gelulab::findActivation(id.toStdString());
    const std::vector<double> p = a.defaultParameters();
    const std::array<double, 6> expected = limits().value(id);
    for (int order = 0; order < 3; ++order) {
        // NaN in, NaN out.
        QVERIFY2(std::isnan(a.evaluate(std::nan(""), order, p)),
                 qPrintable(QStringLiteral("order %1").arg(order)));
        // The limits at ±∞ (−0 and +0 compare equal).
        const double atMinus = a.evaluate(-kInf, order, p);
        const double atPlus = a.evaluate(kInf, order, p);
        QVERIFY2(atMinus == expected[std::size_t(2 * order)] ||
                     std::abs(atMinus - expected[std::size_t(2 * order)]) <= 1e-15,
                 qPrintable(QStringLiteral("order %1 at -inf: %2").arg(order).arg(atMinus)));
        QVERIFY2(atPlus == expected[std::size_t(2 * order + 1)],
                 qPrintable(QStringLiteral("order %1 at +inf: %2").arg(order).arg(atPlus)));
        // No overflow to ±∞ or NaN for any finite x.
        for (const double x : {1e308, -1e308, 1e300, -1e300, 1e154, -1e154, 1e20, -1e20, 745.0, -745.0,
                               1e-310, -1e-310, 0.0, -0.0}) {
            const double y = a.evaluate(x, order, p);
            QVERIFY2(std::isfinite(y),
                     qPrintable(QStringLiteral("order %1 at %2: %3").arg(order).arg(x).arg(y)));
        }
    }
    if (id == QLatin1String("gelu")) {
        QCOMPARE(a.evaluate(kInf, 0, p), kInf);
        QCOMPARE(a.evaluate(-kInf, 0, p), 0.0);
        QCOMPARE(a.evaluate(1e308, 0, p), 1e308);
        // The far tail is tiny but not zero: PyTorch's 0.5·x·(1 + erf(x/√2)) is 0 below −8.37.
        QVERIFY(a.evaluate(-30.0, 0, p) < 0.0);
    }
}

void TestActivation::finiteDifferences_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("shifted");
    for (const Activation &a : gelulab::activations()) {
        const QString id = QString::fromLatin1(a.id.data(), qsizetype(a.id.size()));
        QTest::addRow("%s", a.id.data()) << id << false;
        if (!a.parameters.empty()) QTest::addRow("%s shifted parameters", a.id.data()) << id << true;
    }
}

void TestActivation::finiteDifferences() {
    QFETCH(QString, id);
    QFETCH(bool, shifted);
    const Activation &a = *gelulab::findActivation(id.toStdString());
    const std::vector<double> p = shifted ? shiftedParameters(a) : a.defaultParameters();
    QVERIFY2(a.validate(p).empty(), a.validate(p).c_str());
    const std::vector<double> kinks = a.kinkPoints(p);
    std::mt19937_64 engine(20261125);
    std::uniform_real_distribution<double> uniform(-8.0, 8.0);
    int checked = 0;
    while (checked < 300) {
        const double x = uniform(engine);
        const double h = 1e-3 * std::max(1.0, std::abs(x));
        bool nearKink = false;
        for (const double k : kinks)
            nearKink = nearKink || std::abs(x - k) < 2.0 * h;
        if (nearKink) continue;
        ++checked;
        for (int order = 1; order <= 2; ++order) {
            const double analytic = a.evaluate(x, order, p);
            const double numeric = richardson(a, p, order - 1, x, h);
            const double scale = 1.0 + std::abs(analytic) + std::abs(a.evaluate(x, order - 1, p)) * 1e-3;
            QVERIFY2(std::abs(analytic - numeric) <= 1e-7 * scale,
                     qPrintable(QStringLiteral("f%1 at x = %2: analytic %3, finite difference %4")
                                    .arg(order)
                                    .arg(x, 0, 'g', 17)
                                    .arg(analytic, 0, 'g', 17)
                                    .arg(numeric, 0, 'g', 17)));
        }
    }
}

void TestActivation::arrayMatchesScalar_data() {
    gelulab::testing::addSimdTargetRows();
}

void TestActivation::arrayMatchesScalar() {
    // The array path equals the scalar function bit for bit, except where a row has a vectorised double
    // kernel: there both are within 4 ulp of the exact value (checked against the reference above), so they
    // agree to 8 ulp, over a dense sample of the whole range, tails included; on every SIMD target.
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    std::vector<double> x;
    for (double v = -40.0; v <= 40.0; v += 0.37)
        x.push_back(v);
    std::mt19937_64 engine(7);
    std::uniform_real_distribution<double> uniform(-39.0, 39.0);
    for (int i = 0; i < 200000; ++i)
        x.push_back(uniform(engine));
    for (const double v : {0.0, -0.0, 1e-300, -1e-300, 1e-310, -38.6, -38.55, -37.5, 1e308, -1e308, kInf,
                           -kInf, std::numeric_limits<double>::quiet_NaN()})
        x.push_back(v);
    // Around the borders of the gelu kernel's pieces in t = 1/(1 + |x|/2) (t = k/16, k/4 where |x| = 2(16/k −
    // 1)), a few ulps either side, where a piece chosen from |x| and t computed by division may disagree.
    for (int k = 1; k < 16; ++k) {
        const double border = 2.0 * (16.0 / k - 1.0);
        for (const double sign : {1.0, -1.0}) {
            double v = sign * border;
            for (int step = 0; step < 4; ++step)
                v = std::nextafter(v, 0.0);
            for (int step = 0; step < 8; ++step, v = std::nextafter(v, sign * kInf))
                x.push_back(v);
        }
    }
    std::vector<double> y(x.size());
    for (const Activation &a : gelulab::activations()) {
        const ActivationInstance instance(a);
        for (int order = 0; order < 3; ++order) {
            instance.evaluate(x, y, order);
            for (std::size_t i = 0; i < x.size(); ++i) {
                const double scalar = instance(x[i], order);
                bool ok = y[i] == scalar || (std::isnan(y[i]) && std::isnan(scalar));
                if (!ok && a.doubleKernel && std::isfinite(scalar)) {
                    // Exact gelu: both within 4 ulp. The others: both within 16·max(1, cond) (the kernels
                    // carry g as a double pair and are usually the closer of the two).
                    const bool exactGelu = a.id == "gelu" || a.id == "gelu_general";
                    const double h = 1e-6 * std::max(1.0, std::abs(x[i]));
                    const double next = order < 2
                                            ? instance(x[i], order + 1)
                                            : (instance(x[i] + h, 2) - instance(x[i] - h, 2)) / (2.0 * h);
                    const double cond = scalar != 0.0 ? std::abs(x[i] * next / scalar) : 0.0;
                    const double condition = std::max(1.0, std::isfinite(cond) ? cond : 1.0);
                    const double ulps =
                        exactGelu ? 8.0 * (std::abs(x[i]) < 3.0 ? condition : 1.0) : 32.0 * condition;
                    const bool normal = std::abs(scalar) >= std::numeric_limits<double>::min();
                    ok = std::abs(y[i] - scalar) <=
                         (normal ? ulps * std::ldexp(1.0, std::ilogb(scalar) - 52) : 2e-320);
                }
                if (!ok) // the message is built only for a failure: this loop runs millions of times
                    QFAIL(qPrintable(QStringLiteral("%1 f%2 at x = %3: array %4, scalar %5")
                                         .arg(a.id.data())
                                         .arg(order)
                                         .arg(x[i], 0, 'g', 17)
                                         .arg(y[i], 0, 'g', 17)
                                         .arg(scalar, 0, 'g', 17)));
            }
        }
    }
    std::vector<double> tooShort(3);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ActivationInstance("gelu").evaluate(x, tooShort));
}

namespace {

// gelu(x) = x·erfc(−x/√2)/2 in long double, the argument carried as a pair (1/√2's own rounding included) so
// that its rounding does not reach the tail, where erfc's relative sensitivity is 2z²: within about 1e-20
// relative of 40-digit values at sample points over [−39, 10], far below the 4 ulp checked against it.
long double geluLongDouble(double x) {
    const long double inverseSqrt2 = 0.70710678118654752440084436210484903928L;
    const long double inverseSqrt2Lo = std::fma(-inverseSqrt2, inverseSqrt2, 0.5L) / (2 * inverseSqrt2);
    const long double z = -static_cast<long double>(x) * inverseSqrt2;
    const long double dz = -std::fma(static_cast<long double>(x), inverseSqrt2, z) - x * inverseSqrt2Lo;
    const long double twoOverSqrtPi = 1.12837916709551257389615890312154517L;
    return x * (std::erfc(z) - twoOverSqrtPi * std::exp(-z * z) * dz) / 2;
}

} // namespace

void TestActivation::geluDense_data() {
    gelulab::testing::addSimdTargetRows();
}

void TestActivation::geluDense() {
    // The double gelu, array path on each target and the scalar function, within 4 ulp (4 units of the last
    // place for subnormal results, which both round once) at 10⁶ random points: x ~ 4·N(0, 1) as the
    // benchmark draws it, the whole tail to −39, and every scale from 2⁻⁴⁰ to 1 around 0, where the relative
    // error of the kernels peaks; and the signs of the zeros and the infinities.
    QFETCH(QString, target);
    if (std::numeric_limits<long double>::digits < 64)
        QSKIP("long double is no wider than double here: no reference for a dense check");
    GELULAB_USE_SIMD_TARGET(target);
    std::mt19937_64 engine(2024);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> x(1000000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double u = unit(engine);
        switch (i % 5) {
        case 0:
            x[i] = 4.0 * normal(engine);
            break;
        case 1:
            x[i] = -39.0 * u;
            break;
        case 2:
            x[i] = 8.0 * u - 4.0;
            break;
        case 3:
            x[i] = 10.0 * u;
            break;
        default:
            x[i] = std::ldexp(u - 0.5, -int((i / 5) % 41));
            break;
        }
    }
    const ActivationInstance gelu("gelu");
    std::vector<double> y(x.size());
    gelu.evaluate(x, y, 0);
    double worst[2] = {0.0, 0.0}, where[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < x.size(); ++i) {
        const long double exact = geluLongDouble(x[i]);
        const double values[2] = {y[i], gelu(x[i], 0)};
        for (int path = 0; path < 2; ++path) {
            const long double error = std::fabs(values[path] - exact);
            double ulps = 0.0;
            if (std::fabs(exact) < std::numeric_limits<double>::min())
                ulps = error <= 4.0L * std::numeric_limits<double>::denorm_min() ? 0.0 : 1e9; // subnormal
            else
                ulps = static_cast<double>(error /
                                           std::ldexp(1.0L, std::ilogb(static_cast<double>(exact)) - 52));
            if (ulps > worst[path]) {
                worst[path] = ulps;
                where[path] = x[i];
            }
        }
    }
    qInfo("%s: array path %.3f ulp at x = %.17g, scalar %.3f ulp at x = %.17g", qPrintable(target), worst[0],
          where[0], worst[1], where[1]);
    QVERIFY2(
        worst[0] <= 4.0,
        qPrintable(QStringLiteral("array path: %1 ulp at x = %2").arg(worst[0]).arg(where[0], 0, 'g', 17)));
    QVERIFY2(worst[1] <= 4.0,
             qPrintable(QStringLiteral("scalar: %1 ulp at x = %2").arg(worst[1]).arg(where[1], 0, 'g', 17)));
    // ±0 keep their sign, the far tail is −0, +∞ stays, NaN passes.
    const std::vector<double> specials{
        -0.0, -38.7, -39.0, -50.0, -1e308, -kInf, 0.0, kInf, std::numeric_limits<double>::quiet_NaN()};
    std::vector<double> out(specials.size());
    gelu.evaluate(specials, out, 0);
    for (std::size_t i = 0; i < specials.size(); ++i) {
        for (const double value : {out[i], gelu(specials[i], 0)}) {
            const QByteArray where = QByteArray::number(specials[i], 'g', 17);
            if (i < 6) // the first six: −0
                QVERIFY2(value == 0.0 && std::signbit(value), where.constData());
            else if (std::isnan(specials[i]))
                QVERIFY2(std::isnan(value), where.constData());
            else
                QVERIFY2(value == specials[i] && std::signbit(value) == std::signbit(specials[i]),
                         where.constData());
        }
    }
}

void TestActivation::parameterValidation_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("elu alpha 2") << "elu"
                                 << "alpha" << 2.0 << true;
    QTest::newRow("elu alpha -1") << "elu"
                                  << "alpha" << -1.0 << false;
    QTest::newRow("elu alpha nan") << "elu"
                                   << "alpha" << std::nan("") << false;
    QTest::newRow("celu alpha 0 (exclusive)") << "celu"
                                              << "alpha" << 0.0 << false;
    QTest::newRow("celu alpha 1e-3") << "celu"
                                     << "alpha" << 1e-3 << true;
    QTest::newRow("softplus beta 0") << "softplus"
                                     << "beta" << 0.0 << false;
    QTest::newRow("softplus threshold 20") << "softplus"
                                           << "threshold" << 20.0 << true;
    QTest::newRow("gelu_general sigma 0") << "gelu_general"
                                          << "sigma" << 0.0 << true;
    QTest::newRow("gelu_general sigma -1") << "gelu_general"
                                           << "sigma" << -1.0 << false;
    QTest::newRow("gelu_general mu 11") << "gelu_general"
                                        << "mu" << 11.0 << false;
    QTest::newRow("rrelu lower above upper") << "rrelu"
                                             << "lower" << 0.5 << false;
    QTest::newRow("hardtanh min above max") << "hardtanh"
                                            << "min_val" << 2.0 << false;
    QTest::newRow("threshold value") << "threshold"
                                     << "value" << -2.0 << true;
    QTest::newRow("unknown parameter") << "gelu"
                                       << "alpha" << 1.0 << false;
}

void TestActivation::parameterValidation() {
    QFETCH(QString, id);
    QFETCH(QString, name);
    QFETCH(double, value);
    QFETCH(bool, accepted);
    ActivationInstance instance(id.toStdString());
    const std::vector<double> before(instance.parameters().begin(), instance.parameters().end());
    bool threw = false;
    try {
        instance.setParameter(name.toStdString(), value);
    } catch (const std::invalid_argument &e) {
        threw = true;
        QVERIFY(std::string(e.what()).find(id.toStdString()) != std::string::npos);
    }
    QCOMPARE(!threw, accepted);
    if (threw) // a rejected value leaves the instance as it was
        QVERIFY(std::equal(before.begin(), before.end(), instance.parameters().begin()));
    else
        QCOMPARE(instance.parameter(name.toStdString()), value);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ActivationInstance("no_such_activation"));
}

void TestActivation::generalGeluReference() {
    // x·Φ((x − μ)/σ) at three μ and three σ, z = (x − μ)/σ from −38 to 9.5, against 50-digit values
    // (tests/data/gelu_general.csv, from scripts/make_gelu_general_reference.py): the standard of exact gelu,
    // 4 ulp, and 4·max(1, cond) for |z| < 3 where f′ and f″ have their zeros.
    QFile file(QStringLiteral(GELULAB_TEST_DATA_DIR "/gelu_general.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QCOMPARE(QString::fromLatin1(file.readLine()).trimmed(),
             QStringLiteral("mu,sigma,x,f,df,d2f,cond_f,cond_df,cond_d2f"));
    ActivationInstance general("gelu_general");
    QStringList failures;
    int checked = 0;
    while (!file.atEnd()) {
        const QStringList cells = QString::fromLatin1(file.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() != 9) continue;
        const double mu = cells[0].toDouble(), sigma = cells[1].toDouble(), x = cells[2].toDouble();
        general.setParameters(std::vector<double>{mu, sigma});
        const double z = (x - mu) / sigma;
        for (int order = 0; order < 3; ++order) {
            const double cond = std::abs(z) >= 3.0 ? 1.0 : cells[6 + order].toDouble();
            const double computed = general(x, order);
            const QString problem = checkAgainstReference(computed, cells[3 + order], cond, 4.0);
            ++checked;
            if (!problem.isEmpty())
                failures << QStringLiteral("mu %1 sigma %2 x %3 f%4: %5")
                                .arg(mu)
                                .arg(sigma)
                                .arg(x, 0, 'g', 17)
                                .arg(order)
                                .arg(problem);
        }
    }
    QVERIFY(checked > 600);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1String("\n"))));
}

void TestActivation::generalGeluLimits() {
    ActivationInstance general("gelu_general");
    const ActivationInstance gelu("gelu");
    const ActivationInstance relu("relu");
    // Defaults: identical to gelu, bit for bit.
    for (double x = -39.0; x <= 10.0; x += 0.173)
        for (int order = 0; order < 3; ++order)
            QCOMPARE(general(x, order), gelu(x, order));
    // σ = 0 is exactly ReLU; small σ is ReLU up to a vanishing gate error away from 0.
    general.setParameter("sigma", 0.0);
    for (double x : {-3.0, -0.5, 0.25, 2.0})
        QCOMPARE(general(x), relu(x));
    general.setParameter("sigma", 1e-3);
    for (double x : {-3.0, -0.5, 0.25, 2.0}) {
        QCOMPARE(general(x), relu(x));
        QCOMPARE(general(x, 1), relu(x, 1));
    }
    // μ shifts the gate: x·Φ((x − μ)/σ) at x = μ is μ/2.
    general.setParameters(std::vector<double>{1.5, 0.7});
    QCOMPARE(general(1.5), 0.75);
}

void TestActivation::softplusThreshold() {
    ActivationInstance softplus("softplus");
    QVERIFY(softplus(30.0) > 30.0); // off by default: log(1 + e^30) = 30 + 9.4e-14
    softplus.setParameter("threshold", 20.0);
    QCOMPARE(softplus(30.0), 30.0);
    QCOMPARE(softplus(30.0, 1), 1.0);
    softplus.setParameter("beta", 2.0);
    QCOMPARE(softplus(5.0), std::log1p(std::exp(10.0)) / 2.0);
}

QTEST_APPLESS_MAIN(TestActivation)
#include "tst_activation.moc"
