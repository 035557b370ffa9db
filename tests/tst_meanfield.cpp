// Mean-field depth (mean_field.h, gaussian_rule.h) and the network it describes (depth_network.h): the
// Gaussian rule's moments and the kernel of its weights on every SIMD target, the q-map, χ and the c-map
// against closed forms (ReLU's arc-cosine kernel, erf, linear) to 1e-10 and against an independent trapezoid
// rule for smooth activations, fixed points and fates, the summary in the Depth view's two steps, critical σ_w²
// with its boundary, and a simulated network of width 4,096 within its sampling error over seeds.
#include "depth_network.h"
#include "gaussian_rule.h"
#include "mean_field.h"
#include "simd_targets.h"
#include "vector_kernels.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <numbers>

using namespace gelulab;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

MeanFieldFunction erfFunction() {
    return {[](double x, int order) {
                return order == 0 ? std::erf(x) : 2.0 / std::sqrt(kPi) * std::exp(-x * x);
            },
            {}};
}

MeanFieldFunction linearFunction() {
    return {[](double x, int order) { return order == 0 ? x : 1.0; }, {}};
}

MeanFieldFunction reluFunction() {
    return MeanFieldFunction::of(ActivationInstance("relu"));
}

bool close(double actual, double expected, double relative) {
    return std::abs(actual - expected) <= relative * std::max(1.0, std::abs(expected));
}

#define QVERIFY_CLOSE(actual, expected, relative)                                                            \
    QVERIFY2(close((actual), (expected), (relative)), qPrintable(QStringLiteral("%1 = %2, expected %3")      \
                                                                     .arg(#actual)                           \
                                                                     .arg((actual), 0, 'g', 17)              \
                                                                     .arg((expected), 0, 'g', 17)))

// E[g(√q z)] by the trapezoid rule in z with step 1/200 over [−12, 12]: for a smooth g this converges
// geometrically, by a different route from the Gauss–Legendre panels.
template<typename G>
double trapezoid(G &&g, double q) {
    const double h = 1.0 / 200.0;
    double sum = 0.0;
    for (int i = -2400; i <= 2400; ++i) {
        const double z = i * h;
        sum += g(std::sqrt(q) * z) * std::exp(-0.5 * z * z);
    }
    return sum * h / std::sqrt(2.0 * kPi);
}

// The smallest σ_w² where a predicate of (σ_w²) turns false, by bisection: the tests' own critical point.
template<typename Ordered>
double bisectBoundary(Ordered &&ordered, double lo, double hi) {
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i)
        (ordered(0.5 * (lo + hi)) ? lo : hi) = 0.5 * (lo + hi);
    return 0.5 * (lo + hi);
}

// The erf network's fixed point from its closed-form q-map, by bisection on V(q) − q from q = 0 up.
double erfFixedPoint(double w, double b) {
    const auto gap = [&](double q) { return w * (2.0 / kPi) * std::asin(2.0 * q / (1.0 + 2.0 * q)) + b - q; };
    double lo = 0.0, hi = w + b + 1.0; // V ≤ σ_w² + σ_b² for |erf| ≤ 1
    for (int i = 0; i < 200; ++i)
        (gap(0.5 * (lo + hi)) > 0.0 ? lo : hi) = 0.5 * (lo + hi);
    return 0.5 * (lo + hi);
}

} // namespace

class TestMeanField : public QObject {
    Q_OBJECT
private slots:
    void gaussianRuleMoments_data();
    void gaussianRuleMoments();
    void gaussianBellOnEveryTarget_data();
    void gaussianBellOnEveryTarget();
    void reluClosedForms_data();
    void reluClosedForms();
    void erfClosedForms_data();
    void erfClosedForms();
    void smoothActivationsAgainstTrapezoid_data();
    void smoothActivationsAgainstTrapezoid();
    void fixedPointsAndFates_data();
    void fixedPointsAndFates();
    void fixedPointFromQ0_data();
    void fixedPointFromQ0();
    void summaryInTwoSteps_data();
    void summaryInTwoSteps();
    void erfFixedPointAndChaos();
    void criticalSigmaW2ClosedForms();
    void criticalSigmaW2OfGeluFamily();
    void seriesSettle();
    void badArguments();
    void simulatedNetworkFollowsTheTheory();
    void simulatedNetworkIsReproducible();
};

void TestMeanField::gaussianRuleMoments_data() {
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("sd");
    QTest::newRow("standard") << 0.0 << 1.0;
    QTest::newRow("tiny") << 0.0 << 1e-10;
    QTest::newRow("wide") << 0.0 << 1e4;
    QTest::newRow("shifted") << 2.5 << 0.3;
    QTest::newRow("shifted wide") << -40.0 << 30.0;
}

void TestMeanField::gaussianRuleMoments() {
    QFETCH(double, mean);
    QFETCH(double, sd);
    const double kinks[] = {0.0};
    const GaussianRule rule(mean, sd, kinks);
    const double s2 = sd * sd;
    QVERIFY_CLOSE(rule.expectation([](double) { return 1.0; }), 1.0, 1e-14);
    QVERIFY_CLOSE(rule.expectation([&](double x) { return (x - mean) * (x - mean); }) / s2, 1.0, 1e-13);
    QVERIFY_CLOSE(rule.expectation([&](double x) { return std::pow(x - mean, 4); }) / (s2 * s2), 3.0, 1e-13);
    // E[exp(t x)] = exp(t m + t² s²/2), with t chosen so the exponent stays moderate.
    const double t = 1.0 / (1.0 + sd + std::abs(mean));
    QVERIFY_CLOSE(rule.expectation([&](double x) { return std::exp(t * x); }),
                  std::exp(t * mean + 0.5 * t * t * s2), 1e-13);
    // E[max(x, 0)] = m Φ(m/s) + s φ(m/s): the kink at 0 is a break of the rule.
    const double u = mean / sd;
    const double expected =
        mean * 0.5 * std::erfc(-u / std::sqrt(2.0)) + sd * std::exp(-0.5 * u * u) / std::sqrt(2.0 * kPi);
    QVERIFY_CLOSE(rule.expectation([](double x) { return std::max(x, 0.0); }) / sd, expected / sd, 1e-13);
}

void TestMeanField::gaussianBellOnEveryTarget_data() {
    gelulab::testing::addSimdTargetRows();
}

// The rules' weights come from the vector kernel: within 2 ulp of e^(−x²/2) (x² rounded as the kernel rounds
// it) from 0 to where it is 0, NaN kept.
void TestMeanField::gaussianBellOnEveryTarget() {
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    std::vector<double> x;
    for (double v = -40.0; v <= 40.0; v += 0.0123)
        x.push_back(v);
    for (double v : {0.0, -0.0, 1e-300, 38.5, 38.6, 1e10, 1e300, kInfinity, -kInfinity})
        x.push_back(v);
    std::vector<double> y(x.size());
    gelulab::kernels::gaussianBell(x.data(), y.data(), x.size());
    gelulab::simd::forceTarget(""); // the rest of the tests on the best target
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double expected = std::exp(-0.5 * (x[i] * x[i]));
        const double ulp = std::nextafter(expected, kInfinity) - expected;
        QVERIFY2(std::abs(y[i] - expected) <= 2.0 * ulp,
                 qPrintable(QStringLiteral("x = %1: %2, expected %3").arg(x[i]).arg(y[i]).arg(expected)));
    }
    double nan = std::nan("");
    gelulab::kernels::gaussianBell(&nan, &nan, 1);
    QVERIFY(std::isnan(nan));
}

void TestMeanField::reluClosedForms_data() {
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("q");
    QTest::newRow("he") << 2.0 << 0.0 << 1.0;
    QTest::newRow("small q") << 1.5 << 0.05 << 1e-8;
    QTest::newRow("large q") << 0.5 << 0.3 << 1e6;
}

// q' = σ_w² q/2 + σ_b²; χ = σ_w²/2; E[relu(u₁)relu(u₂)] = q (sin θ + (π − θ) c)/(2π), θ = arccos c;
// E[H(u₁)H(u₂)] = (π − θ)/(2π).
void TestMeanField::reluClosedForms() {
    QFETCH(double, w);
    QFETCH(double, b);
    QFETCH(double, q);
    const MeanField field(reluFunction(), w, b);
    QVERIFY_CLOSE(field.qMap(q), w * q / 2 + b, 1e-12);
    QVERIFY_CLOSE(field.chi(q), w / 2, 1e-12);
    for (double c : {-1.0, -0.9, 0.0, 0.5, 0.99, 1.0}) {
        const double theta = std::acos(c);
        const double product = q * (std::sqrt((1 - c) * (1 + c)) + (kPi - theta) * c) / (2 * kPi);
        QVERIFY_CLOSE(field.cMap(c, q) * q, w * product + b, 1e-12);
        QVERIFY_CLOSE(field.cMapSlope(c, q), w * (kPi - theta) / (2 * kPi), 1e-12);
    }
}

void TestMeanField::erfClosedForms_data() {
    QTest::addColumn<double>("q");
    QTest::newRow("0.01") << 0.01;
    QTest::newRow("1") << 1.0;
    QTest::newRow("30") << 30.0;
    QTest::newRow("1e5") << 1e5;
}

// E[erf(u₁)erf(u₂)] = (2/π) asin(2qc/(1 + 2q)); E[erf′(u₁)erf′(u₂)] = (4/π)/√((1 + 2q)² − (2qc)²).
void TestMeanField::erfClosedForms() {
    QFETCH(double, q);
    const double w = 1.7, b = 0.2;
    const MeanField field(erfFunction(), w, b);
    QVERIFY_CLOSE(field.qMap(q), w * (2 / kPi) * std::asin(2 * q / (1 + 2 * q)) + b, 1e-10);
    QVERIFY_CLOSE(field.chi(q), w * (4 / kPi) / std::sqrt(1 + 4 * q), 1e-10);
    for (double c : {-0.7, 0.0, 0.3, 0.999}) {
        QVERIFY_CLOSE(field.cMap(c, q) * q, w * (2 / kPi) * std::asin(2 * q * c / (1 + 2 * q)) + b, 1e-10);
        QVERIFY_CLOSE(field.cMapSlope(c, q),
                      w * (4 / kPi) / std::sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * c * c), 1e-10);
    }
    const MeanField linear(linearFunction(), w, b);
    QVERIFY_CLOSE(linear.qMap(q), w * q + b, 1e-12);
    QVERIFY_CLOSE(linear.cMap(0.3, q), (w * q * 0.3 + b) / q, 1e-12);
}

void TestMeanField::smoothActivationsAgainstTrapezoid_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("q");
    for (const QString id : {"gelu", "gelu_tanh", "gelu_sigmoid", "silu", "tanh", "softplus"})
        for (double q : {0.05, 1.0, 20.0})
            QTest::newRow(qPrintable(QStringLiteral("%1 q=%2").arg(id).arg(q))) << id << q;
}

void TestMeanField::smoothActivationsAgainstTrapezoid() {
    QFETCH(QString, id);
    QFETCH(double, q);
    const ActivationInstance phi(id.toStdString());
    const MeanField field(MeanFieldFunction::of(phi), 1.3, 0.1);
    QVERIFY_CLOSE(field.qMap(q), 1.3 * trapezoid([&](double x) { return phi(x) * phi(x); }, q) + 0.1, 1e-11);
    QVERIFY_CLOSE(field.chi(q), 1.3 * trapezoid([&](double x) { return phi(x, 1) * phi(x, 1); }, q), 1e-11);
}

void TestMeanField::fixedPointsAndFates_data() {
    QTest::addColumn<QString>("function");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("b");
    QTest::addColumn<QString>("fate");
    QTest::addColumn<double>("qStar"); // NaN: not checked
    QTest::newRow("relu ordered") << "relu" << 1.5 << 0.05 << "fixed_point" << 0.05 / (1 - 0.75);
    QTest::newRow("relu near 2") << "relu" << 1.9999 << 0.05 << "fixed_point" << 0.1 / (2 - 1.9999);
    QTest::newRow("relu past 2") << "relu" << 2.1 << 0.05 << "grows" << qInf();
    // V(q) = q + σ_b²: no crossing, however far the rounding of q + 0.05 hides the gap.
    QTest::newRow("relu at 2 with a bias") << "relu" << 2.0 << 0.05 << "grows" << qInf();
    QTest::newRow("relu vanishes") << "relu" << 1.9 << 0.0 << "vanishes" << 0.0;
    QTest::newRow("relu identity") << "relu" << 2.0 << 0.0 << "fixed_point" << 1.0;
    QTest::newRow("linear ordered") << "linear" << 0.5 << 0.2 << "fixed_point" << 0.4;
    QTest::newRow("linear grows") << "linear" << 1.01 << 0.2 << "grows" << qInf();
    QTest::newRow("linear vanishes") << "linear" << 0.99 << 0.0 << "vanishes" << 0.0;
    QTest::newRow("linear identity") << "linear" << 1.0 << 0.0 << "fixed_point" << 1.0;
    QTest::newRow("erf vanishes") << "erf" << 0.7 << 0.0 << "vanishes" << 0.0; // π/4 ≈ 0.785
    QTest::newRow("erf chaotic") << "erf" << 3.0 << 0.0 << "fixed_point" << erfFixedPoint(3.0, 0.0);
    QTest::newRow("erf biased") << "erf" << 2.0 << 0.3 << "fixed_point" << erfFixedPoint(2.0, 0.3);
    QTest::newRow("gelu lost") << "gelu" << 2.5 << 0.05 << "grows" << qInf();
    QTest::newRow("gelu vanishes") << "gelu" << 3.9 << 0.0 << "vanishes" << 0.0;
    QTest::newRow("gelu grows") << "gelu" << 4.1 << 0.0 << "grows" << qInf();
    QTest::newRow("tanh bounded") << "tanh" << 30.0 << 0.05 << "fixed_point" << qQNaN();
}

void TestMeanField::fixedPointsAndFates() {
    QFETCH(QString, function);
    QFETCH(double, w);
    QFETCH(double, b);
    QFETCH(QString, fate);
    QFETCH(double, qStar);
    const MeanFieldFunction phi = function == "erf" ? erfFunction()
                                  : function == "linear"
                                      ? linearFunction()
                                      : MeanFieldFunction::of(ActivationInstance(function.toStdString()));
    const MeanField field(phi, w, b);
    const VarianceFixedPoint point = field.fixedPoint();
    QCOMPARE(QString::fromLatin1(idOf(point.fate).data()), fate);
    if (std::isinf(qStar))
        QVERIFY(std::isinf(point.q));
    else if (!std::isnan(qStar))
        QVERIFY_CLOSE(point.q, qStar, 1e-10);
    if (point.fate == DepthFate::FixedPoint) QVERIFY_CLOSE(field.qMap(point.q), point.q, 1e-13);
}

// Where inputs of variance q0 end up: the q-map's own series, run long enough, agrees; q* attracts only the
// inputs below the next (unstable) crossing.
void TestMeanField::fixedPointFromQ0_data() {
    QTest::addColumn<QString>("function");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("q0");
    QTest::addColumn<QString>("fate");
    QTest::addColumn<double>("q"); // NaN: found by the series
    QTest::newRow("relu ordered from above") << "relu" << 1.5 << 0.05 << 3.0 << "fixed_point" << 0.2;
    QTest::newRow("relu ordered from below") << "relu" << 1.5 << 0.05 << 0.01 << "fixed_point" << 0.2;
    QTest::newRow("gelu at 3 without bias, small") << "gelu" << 3.0 << 0.0 << 0.1 << "vanishes" << 0.0;
    QTest::newRow("gelu at 3 without bias, large") << "gelu" << 3.0 << 0.0 << 1.0 << "grows" << qInf();
    QTest::newRow("gelu past its basin") << "gelu" << 2.41 << 0.05 << 1.0 << "grows" << qInf();
    QTest::newRow("gelu inside its basin") << "gelu" << 2.41 << 0.05 << 0.3 << "fixed_point" << qQNaN();
    QTest::newRow("tanh from far above") << "tanh" << 1.5 << 0.05 << 50.0 << "fixed_point" << qQNaN();
    QTest::newRow("linear identity") << "linear" << 1.0 << 0.0 << 2.5 << "fixed_point" << 2.5;
}

void TestMeanField::fixedPointFromQ0() {
    QFETCH(QString, function);
    QFETCH(double, w);
    QFETCH(double, b);
    QFETCH(double, q0);
    QFETCH(QString, fate);
    QFETCH(double, q);
    const MeanFieldFunction phi = function == "linear"
                                      ? linearFunction()
                                      : MeanFieldFunction::of(ActivationInstance(function.toStdString()));
    const MeanField field(phi, w, b);
    const VarianceFixedPoint point = field.fixedPointFrom(q0);
    QCOMPARE(QString::fromLatin1(idOf(point.fate).data()), fate);
    if (std::isinf(q)) QVERIFY(std::isinf(point.q));
    if (std::isfinite(q)) QVERIFY_CLOSE(point.q, q, 1e-10);
    if (point.fate == DepthFate::FixedPoint) {
        QVERIFY_CLOSE(field.qMap(point.q), point.q, 1e-12);
        // The series from q0 heads there.
        const double last = field.varianceSeries(q0, 400).back();
        QVERIFY2(std::abs(last - point.q) <= 1e-6 * point.q, qPrintable(QString::number(last)));
    }
    QCOMPARE(field.summary(q0).fromQ0.fate, point.fate);
}

// erf is odd: at σ_b² = 0 above σ_w² = π/4 the network is chaotic with c* = 0; with a bias c* > 0. Both
// against the closed forms, with the depth scale −1/ln C′(c*).
void TestMeanField::summaryInTwoSteps_data() {
    QTest::addColumn<QString>("function");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("b");
    QTest::newRow("gelu ordered") << "gelu" << 1.5 << 0.05;
    QTest::newRow("tanh chaotic") << "tanh" << 3.0 << 0.05;
    QTest::newRow("relu grows") << "relu" << 2.0 << 0.05;
    QTest::newRow("gelu vanishes") << "gelu" << 2.0 << 0.0;
}

// The Depth view's two steps give the summary's numbers bit for bit, the first with the correlation's NaN.
void TestMeanField::summaryInTwoSteps() {
    QFETCH(QString, function);
    QFETCH(double, w);
    QFETCH(double, b);
    const MeanField field(MeanFieldFunction::of(ActivationInstance(function.toStdString())), w, b);
    const MeanFieldSummary whole = field.summary(1.0);
    MeanFieldSummary steps = field.varianceSummary(1.0);
    QCOMPARE(steps.fixedPoint.fate, whole.fixedPoint.fate);
    QCOMPARE(steps.fixedPoint.q, whole.fixedPoint.q);
    QCOMPARE(steps.fromQ0.fate, whole.fromQ0.fate);
    QCOMPARE(steps.chi1, whole.chi1);
    QVERIFY(std::isnan(steps.cStar) && std::isnan(steps.depthScale));
    field.addCorrelation(steps);
    const auto same = [](double a, double e) { return a == e || (std::isnan(a) && std::isnan(e)); };
    QVERIFY(same(steps.cStar, whole.cStar));
    QVERIFY(same(steps.slopeAtCStar, whole.slopeAtCStar));
    QVERIFY(same(steps.depthScale, whole.depthScale));
    if (whole.fixedPoint.fate == DepthFate::FixedPoint) QVERIFY(std::isfinite(steps.cStar));
}

void TestMeanField::erfFixedPointAndChaos() {
    {
        const MeanField field(erfFunction(), 3.0, 0.0);
        const MeanFieldSummary s = field.summary();
        const double q = erfFixedPoint(3.0, 0.0);
        QVERIFY_CLOSE(s.chi1, 3.0 * (4 / kPi) / std::sqrt(1 + 4 * q), 1e-10);
        QVERIFY(s.chi1 > 1.0);
        QCOMPARE(s.cStar, 0.0);
        const double slope = 3.0 * (4 / kPi) / (1 + 2 * q);
        QVERIFY_CLOSE(s.slopeAtCStar, slope, 1e-10);
        QVERIFY_CLOSE(s.depthScale, -1.0 / std::log(slope), 1e-9);
    }
    {
        const double w = 4.0, b = 0.5;
        const MeanField field(erfFunction(), w, b);
        const MeanFieldSummary s = field.summary();
        const double q = erfFixedPoint(w, b);
        QVERIFY(s.chi1 > 1.0);
        // c* from the closed-form c-map, by bisection on C(c) − c over [0, 1): positive below c*.
        const auto gap = [&](double c) {
            return (w * (2 / kPi) * std::asin(2 * q * c / (1 + 2 * q)) + b) / q - c;
        };
        double lo = 0.0, hi = 0.999999;
        for (int i = 0; i < 200; ++i)
            (gap(0.5 * (lo + hi)) > 0.0 ? lo : hi) = 0.5 * (lo + hi);
        const double cStar = 0.5 * (lo + hi);
        QVERIFY(cStar > 0.0 && cStar < 1.0);
        QVERIFY_CLOSE(s.cStar, cStar, 1e-10);
        const double slope = w * (4 / kPi) / std::sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * cStar * cStar);
        QVERIFY_CLOSE(s.depthScale, -1.0 / std::log(slope), 1e-8);
    }
    {
        // Ordered: c* = 1 and ξ_c = −1/ln χ₁.
        const MeanField field(erfFunction(), 0.5, 0.1);
        const MeanFieldSummary s = field.summary();
        QCOMPARE(s.cStar, 1.0);
        QVERIFY(s.chi1 < 1.0);
        QVERIFY_CLOSE(s.depthScale, -1.0 / std::log(s.chi1), 1e-13);
    }
}

void TestMeanField::criticalSigmaW2ClosedForms() {
    for (double b : {0.0, 0.05, 1.0}) {
        const std::optional<CriticalPoint> relu = criticalSigmaW2(reluFunction(), b);
        QVERIFY(relu);
        QVERIFY_CLOSE(relu->sigmaW2, 2.0, 1e-10);
        QCOMPARE(relu->boundary, DepthBoundary::Chi1);
    }
    const std::optional<CriticalPoint> linear = criticalSigmaW2(linearFunction(), 0.05);
    QVERIFY(linear);
    QVERIFY_CLOSE(linear->sigmaW2, 1.0, 1e-10);
    QCOMPARE(linear->boundary, DepthBoundary::Chi1);
    // erf at σ_b² = 0: χ at q → 0 is σ_w² · 4/π. χ₁ touches 1 there only to second order in σ_w² − π/4, so
    // the boundary is known to about 1e-7.
    const std::optional<CriticalPoint> erf0 = criticalSigmaW2(erfFunction(), 0.0);
    QVERIFY(erf0);
    QVERIFY_CLOSE(erf0->sigmaW2, kPi / 4, 1e-7);
    QCOMPARE(erf0->boundary, DepthBoundary::Chi1);
    // erf at σ_b² = 0.05: where χ₁ at the closed-form fixed point reaches 1.
    const double b = 0.05;
    const double expected = bisectBoundary(
        [&](double w) { return w * (4 / kPi) / std::sqrt(1 + 4 * erfFixedPoint(w, b)) < 1.0; }, 0.1, 10.0);
    const std::optional<CriticalPoint> erf = criticalSigmaW2(erfFunction(), b);
    QVERIFY(erf);
    QVERIFY_CLOSE(erf->sigmaW2, expected, 1e-10);
    QCOMPARE(erf->boundary, DepthBoundary::Chi1);
    // A constant never leaves the ordered phase.
    QVERIFY(!criticalSigmaW2({[](double, int order) { return order == 0 ? 0.5 : 0.0; }, {}}, 0.05));
    // The drawing precision: within the tolerance asked, and the same kind of boundary.
    for (double b : {0.0, 0.3, 1.0}) {
        const std::optional<CriticalPoint> relu = criticalSigmaW2(reluFunction(), b, 1e3, 1e-4);
        QVERIFY(relu);
        QVERIFY(std::abs(relu->sigmaW2 - 2.0) <= 2e-4);
        QCOMPARE(relu->boundary, DepthBoundary::Chi1);
    }
    const MeanFieldFunction gelu = MeanFieldFunction::of(ActivationInstance("gelu"));
    const std::optional<CriticalPoint> exact = criticalSigmaW2(gelu, 0.05);
    const std::optional<CriticalPoint> drawn = criticalSigmaW2(gelu, 0.05, 1e3, 1e-4);
    QVERIFY(exact && drawn);
    QVERIFY(std::abs(drawn->sigmaW2 - exact->sigmaW2) <= 1e-4 * exact->sigmaW2);
    QCOMPARE(drawn->boundary, DepthBoundary::FixedPointLost);
}

// The issue that asked for this view: for GELU and SiLU at σ_b² = 0.05 the fixed point is lost before χ₁
// reaches 1 (GELU near σ_w² ≈ 2.4 with χ₁ ≈ 0.9); tanh and ELU cross χ₁ = 1.
void TestMeanField::criticalSigmaW2OfGeluFamily() {
    struct Row {
        const char *id;
        DepthBoundary boundary;
        double low, high;
    };
    for (const Row &row :
         {Row{"gelu", DepthBoundary::FixedPointLost, 2.35, 2.45},
          Row{"gelu_tanh", DepthBoundary::FixedPointLost, 2.35, 2.45},
          Row{"gelu_sigmoid", DepthBoundary::FixedPointLost, 2.35, 2.45},
          Row{"silu", DepthBoundary::FixedPointLost, 2.7, 3.0}, Row{"tanh", DepthBoundary::Chi1, 1.7, 1.8},
          Row{"elu", DepthBoundary::Chi1, 1.5, 1.6}}) {
        const MeanFieldFunction phi = MeanFieldFunction::of(ActivationInstance(row.id));
        const std::optional<CriticalPoint> critical = criticalSigmaW2(phi, 0.05);
        QVERIFY2(critical, row.id);
        QVERIFY2(critical->sigmaW2 > row.low && critical->sigmaW2 < row.high, row.id);
        QVERIFY2(critical->boundary == row.boundary, row.id);
        // Just inside: a fixed point with χ₁ < 1; just outside: none (lost) or χ₁ ≥ 1.
        const MeanFieldSummary inside = MeanField(phi, critical->sigmaW2 * (1 - 1e-9), 0.05).summary();
        QCOMPARE(inside.fixedPoint.fate, DepthFate::FixedPoint);
        QVERIFY(inside.chi1 < 1.0);
        const MeanFieldSummary outside = MeanField(phi, critical->sigmaW2 * (1 + 1e-9), 0.05).summary();
        if (row.boundary == DepthBoundary::FixedPointLost) {
            QCOMPARE(outside.fixedPoint.fate, DepthFate::Grows);
            QVERIFY2(inside.chi1 > 0.85 && inside.chi1 < 0.95, row.id);
        } else {
            QCOMPARE(outside.fixedPoint.fate, DepthFate::FixedPoint);
            QVERIFY(outside.chi1 >= 1.0);
        }
    }
}

void TestMeanField::seriesSettle() {
    const MeanField relu(reluFunction(), 1.0, 0.1);
    const std::vector<double> q = relu.varianceSeries(3.0, 60);
    QCOMPARE(q.size(), std::size_t(61));
    QCOMPARE(q[0], 3.0);
    QVERIFY_CLOSE(q[1], 1.0 * 3.0 / 2 + 0.1, 1e-12);
    QVERIFY_CLOSE(q.back(), 0.2, 1e-12); // σ_b²/(1 − σ_w²/2)
    const std::vector<double> c = relu.correlationSeries(3.0, 0.2, 60);
    QCOMPARE(c.size(), std::size_t(61));
    QCOMPARE(c[0], 0.2);
    for (std::size_t l = 1; l < c.size(); ++l)
        QVERIFY(c[l] >= c[l - 1]); // ordered: correlations climb to c* = 1
    QVERIFY(c.back() > 0.999);
    const MeanField growing(reluFunction(), 4.0, 0.1);
    const std::vector<double> g = growing.varianceSeries(1.0, 100);
    QVERIFY(std::isinf(g.back()) || g.back() > 1e29);
}

void TestMeanField::badArguments() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MeanField(reluFunction(), -1.0, 0.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MeanField(reluFunction(), 1.0, qQNaN()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MeanField(reluFunction(), qInf(), 0.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GaussianRule(0.0, -1.0));
    const ActivationInstance gelu("gelu");
    DepthNetworkSettings s;
    for (auto change :
         {+[](DepthNetworkSettings &t) { t.width = 0; }, +[](DepthNetworkSettings &t) { t.width = 5000; },
          +[](DepthNetworkSettings &t) { t.layers = 101; }, +[](DepthNetworkSettings &t) { t.q0 = 0; },
          +[](DepthNetworkSettings &t) { t.c0 = 1.5; },
          +[](DepthNetworkSettings &t) { t.sigmaW2 = qQNaN(); }}) {
        DepthNetworkSettings bad = s;
        change(bad);
        QVERIFY(!depthNetworkProblem(bad).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, simulateDepthNetwork(gelu, bad));
    }
}

// Width 4,096, three layers, three seeds: per layer, the mean over seeds of q_sim/q_pred, c_sim − c_pred and
// ln of the gradient norms' ratio lie within 4 standard errors (the spread over seeds) of the prediction —
// plus a floor for the 1/N finite-width corrections the theory leaves out.
void TestMeanField::simulatedNetworkFollowsTheTheory() {
    const ActivationInstance gelu("gelu");
    DepthNetworkSettings s;
    s.sigmaW2 = 1.8;
    s.sigmaB2 = 0.05;
    s.layers = 3;
    s.width = 4096;
    const MeanField field(MeanFieldFunction::of(gelu), s.sigmaW2, s.sigmaB2);
    const std::vector<double> q = field.varianceSeries(s.q0, s.layers);
    const std::vector<double> c = field.correlationSeries(s.q0, s.c0, s.layers);
    const int seeds = 3;
    std::vector<std::vector<double>> qRatio(std::size_t(s.layers) + 1), cGap(qRatio.size()),
        gradLog(qRatio.size());
    for (int seed = 1; seed <= seeds; ++seed) {
        s.seed = std::uint64_t(seed);
        const DepthNetworkResult r = simulateDepthNetwork(gelu, s);
        QCOMPARE(r.q.size(), q.size());
        QCOMPARE(r.preactivations.size(), q.size());
        QCOMPARE(r.preactivations.back().size(), std::size_t(s.width));
        double predicted = 1.0;
        for (std::size_t l = q.size(); l-- > 0;) {
            qRatio[l].push_back(r.q[l] / q[l]);
            cGap[l].push_back(r.c[l] - c[l]);
            if (l + 1 < q.size()) predicted *= std::sqrt(field.chi(q[l]));
            gradLog[l].push_back(std::log(r.gradNorm[l] / predicted));
        }
    }
    const auto check = [&](const std::vector<double> &v, double target, double floor, const char *what,
                           std::size_t l) {
        double mean = 0.0, square = 0.0;
        for (double x : v)
            mean += x / double(v.size());
        for (double x : v)
            square += (x - mean) * (x - mean);
        const double standardError = std::sqrt(square / double(v.size() - 1) / double(v.size()));
        QVERIFY2(std::abs(mean - target) <= 4 * standardError + floor,
                 qPrintable(QStringLiteral("%1 at layer %2: mean %3, target %4, s.e. %5")
                                .arg(what)
                                .arg(l)
                                .arg(mean)
                                .arg(target)
                                .arg(standardError)));
    };
    for (std::size_t l = 0; l < q.size(); ++l) {
        check(qRatio[l], 1.0, 0.01, "q_sim/q_pred", l);
        check(cGap[l], 0.0, 0.01, "c_sim − c_pred", l);
        check(gradLog[l], 0.0, 0.01, "ln(grad_sim/grad_pred)", l);
    }
}

void TestMeanField::simulatedNetworkIsReproducible() {
    const ActivationInstance tanh("tanh");
    DepthNetworkSettings s;
    s.layers = 6;
    s.width = 64;
    s.seed = 9;
    const DepthNetworkResult a = simulateDepthNetwork(tanh, s), b = simulateDepthNetwork(tanh, s);
    QCOMPARE(a.q, b.q);
    QCOMPARE(a.gradNorm, b.gradNorm);
    // A deeper network starts with the same layers: layer l's weights come from their own stream.
    s.layers = 8;
    const DepthNetworkResult deeper = simulateDepthNetwork(tanh, s);
    for (std::size_t l = 0; l <= 6; ++l)
        QCOMPARE(deeper.q[l], a.q[l]);
    s.seed = 10;
    QVERIFY(simulateDepthNetwork(tanh, s).q[3] != a.q[3]);
    // Cancelled before the first layer: only the inputs.
    std::atomic<bool> cancel{true};
    QCOMPARE(simulateDepthNetwork(tanh, s, &cancel).q.size(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestMeanField)
#include "tst_meanfield.moc"
