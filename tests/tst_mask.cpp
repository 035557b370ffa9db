// The stochastic mask: the gates' CDFs, the closed forms against the registry, the sample statistics against
// them (fixed seeds, 4-standard-error tolerances), reproducibility, the chunk-independence of the view's
// experiment and the SOI gate.
#include "mask.h"

#include <QTest>

#include <cmath>
#include <cstring>

using namespace gelulab;

namespace {

const GateKind kAllGates[] = {GateKind::Normal, GateKind::Logistic1702, GateKind::Logistic, GateKind::Cauchy};

bool sameBits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class TestMask : public QObject {
    Q_OBJECT
private slots:
    void ids();
    void cdfs_data();
    void cdfs();
    void meanIsTheRegistrysActivation();
    void badParameters();
    void engineIsFullySpecified();
    void sampleMeanAndVariance_data();
    void sampleMeanAndVariance();
    void sameSeedSameNumbers();
    void experimentDoesNotDependOnChunking();
    void experimentTrace();
};

void TestMask::ids() {
    for (GateKind k : kAllGates)
        QCOMPARE(fromId<GateKind>(idOf(k)), std::optional<GateKind>(k));
    QVERIFY(!fromId<GateKind>("gumbel"));
}

// Reference values from mpmath at 30 digits.
void TestMask::cdfs_data() {
    QTest::addColumn<int>("gate");
    QTest::addColumn<double>("mu");
    QTest::addColumn<double>("sigma");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("cdf");
    QTest::newRow("Φ(1)") << int(GateKind::Normal) << 0.0 << 1.0 << 1.0 << 0.84134474606854293;
    QTest::newRow("Φ(-37)") << int(GateKind::Normal) << 0.0 << 1.0 << -37.0 << 5.7255712225245768e-300;
    QTest::newRow("Φ((1 - 0.5)/2)") << int(GateKind::Normal) << 0.5 << 2.0 << 1.0 << 0.59870632568292380;
    QTest::newRow("step above μ") << int(GateKind::Normal) << 0.5 << 0.0 << 0.6 << 1.0;
    QTest::newRow("σ(1.702)") << int(GateKind::Logistic1702) << 0.0 << 1.0 << 1.0 << 0.84579576593282130;
    QTest::newRow("σ(-800)") << int(GateKind::Logistic) << 0.0 << 1.0 << -800.0 << 0.0;
    QTest::newRow("σ(-30)") << int(GateKind::Logistic) << 0.0 << 1.0 << -30.0 << 9.3576229688392990e-14;
    QTest::newRow("cauchy(1)") << int(GateKind::Cauchy) << 0.0 << 1.0 << 1.0 << 0.75;
    QTest::newRow("cauchy(-1e10)") << int(GateKind::Cauchy) << 0.0 << 1.0 << -1e10 << 3.1830988618379067e-11;
}

void TestMask::cdfs() {
    QFETCH(int, gate);
    QFETCH(double, mu);
    QFETCH(double, sigma);
    QFETCH(double, x);
    QFETCH(double, cdf);
    const MaskGate g(GateKind(gate), mu, sigma);
    QVERIFY2(std::abs(g.cdf(x) - cdf) <= 4e-16 * cdf, qPrintable(QString::number(g.cdf(x), 'g', 17)));
    // F(x) + (1 − F(x)) = 1, each part accurate in its own tail.
    QVERIFY(std::abs(g.cdf(x) + g.complementaryCdf(x) - 1.0) <= 4e-16);
    QVERIFY(std::abs(g.complementaryCdf(-x + 2 * mu) - cdf) <= 4e-16 * cdf || sigma == 0.0);
}

void TestMask::meanIsTheRegistrysActivation() {
    const std::pair<GateKind, const char *> rows[] = {{GateKind::Normal, "gelu"},
                                                      {GateKind::Logistic1702, "gelu_sigmoid"},
                                                      {GateKind::Logistic, "silu"},
                                                      {GateKind::Cauchy, "gelu_cauchy"}};
    for (const auto &[kind, id] : rows) {
        const MaskGate gate(kind);
        const ActivationInstance activation(id);
        for (double x = -40.0; x <= 40.0; x += 0.37)
            QVERIFY2(sameBits(gate.mean(x), activation(x)), id);
        // The variance x²F(1 − F), at a point checked by hand for the normal gate: F(1) = Φ(1).
        if (kind == GateKind::Normal)
            QVERIFY(std::abs(gate.variance(1.0) - 0.84134474606854293 * 0.15865525393145707) < 1e-16);
    }
    const MaskGate shifted(GateKind::Normal, 0.5, 2.0);
    ActivationInstance general("gelu_general");
    general.setParameters(std::vector<double>{0.5, 2.0});
    QVERIFY(sameBits(shifted.mean(1.25), general(1.25)));
}

void TestMask::badParameters() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MaskGate(GateKind::Normal, 0.0, -1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MaskGate(GateKind::Normal, 20.0, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MaskGate(GateKind::Cauchy, 0.5, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sampleMask(MaskGate(), std::nan(""), 10, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sampleMask(MaskGate(), 1.0, 0, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MaskExperiment(MaskGate(), 1.0, -1.0, 10, 1));
}

// std::mt19937_64's sequence is fixed by the C++ standard (its 10,000th output from the default seed), and
// our conversion to [0, 1) is ours: these numbers are the same with every standard library.
void TestMask::engineIsFullySpecified() {
    std::mt19937_64 standard;
    standard.discard(9999);
    QCOMPARE(standard(), 9981545732273789042ull);
    std::mt19937_64 e = streamEngine(42, 0);
    QCOMPARE(uniformDouble(e), 0.89772292136964205);
    std::mt19937_64 other = streamEngine(42, 7);
    QCOMPARE(uniformDouble(other), 0.77552082860678873);
}

void TestMask::sampleMeanAndVariance_data() {
    QTest::addColumn<int>("gate");
    QTest::addColumn<double>("mu");
    QTest::addColumn<double>("sigma");
    for (GateKind k : kAllGates)
        QTest::newRow(idOf(k).data()) << int(k) << 0.0 << 1.0;
    QTest::newRow("normal μ=0.5 σ=2") << int(GateKind::Normal) << 0.5 << 2.0;
    QTest::newRow("normal μ=-1 σ=0.7") << int(GateKind::Normal) << -1.0 << 0.7;
}

// At 17 x from −4 to 4, 40,000 samples each (seed 2016): the sample mean within 4 standard errors of x·F(x)
// and the sample variance within 4 standard errors of x²F(1 − F), the variance's standard error from the
// fourth central moment of x·m.
void TestMask::sampleMeanAndVariance() {
    QFETCH(int, gate);
    QFETCH(double, mu);
    QFETCH(double, sigma);
    const MaskGate g(GateKind(gate), mu, sigma);
    constexpr std::int64_t n = 40000;
    int checked = 0;
    for (int i = 0; i <= 16; ++i) {
        const double x = -4.0 + 0.5 * i;
        const MaskSummary s = sampleMask(g, x, n, 2016 + std::uint64_t(i));
        QCOMPARE(s.samples, n);
        QCOMPARE(s.exactMean, g.mean(x));
        const double p = g.cdf(x), q = g.complementaryCdf(x);
        if (p * q * n < 20.0) continue; // too few of the rarer outcome for a normal approximation
        ++checked;
        QVERIFY2(std::abs(s.z) <= 4.0, qPrintable(QStringLiteral("x = %1: z = %2").arg(x).arg(s.z)));
        // Var(s²) = μ₄/n − σ⁴(n − 3)/(n(n − 1)), exactly, with μ₄ = x⁴pq(1 − 3pq) and σ² = x²pq.
        const double pq = p * q, x4 = std::pow(x, 4), nd = double(n);
        const double varianceError =
            std::sqrt(x4 * pq * (1.0 - 3.0 * pq) / nd - x4 * pq * pq * (nd - 3.0) / (nd * (nd - 1.0)));
        QVERIFY2(
            std::abs(s.sampleVariance - s.exactVariance) <= 4.0 * varianceError,
            qPrintable(QStringLiteral("x = %1: %2 vs %3").arg(x).arg(s.sampleVariance).arg(s.exactVariance)));
    }
    QVERIFY(checked >= 6);
}

void TestMask::sameSeedSameNumbers() {
    const MaskGate gate(GateKind::Logistic);
    const MaskSummary a = sampleMask(gate, 0.7, 5000, 7);
    const MaskSummary b = sampleMask(gate, 0.7, 5000, 7);
    const MaskSummary c = sampleMask(gate, 0.7, 5000, 8);
    QVERIFY(sameBits(a.sampleMean, b.sampleMean) && sameBits(a.z, b.z));
    QVERIFY(a.sampleMean != c.sampleMean);
    MaskExperiment e1(gate, -2, 2, 9, 3), e2(gate, -2, 2, 9, 3), e3(gate, -2, 2, 9, 4);
    e1.addSamples(500);
    e2.addSamples(500);
    e3.addSamples(500);
    bool allSame = true, anyDifferent = false;
    for (int b = 0; b < 9; ++b) {
        allSame = allSame && e1.tally(b).ones == e2.tally(b).ones;
        anyDifferent = anyDifferent || e1.tally(b).ones != e3.tally(b).ones;
    }
    QVERIFY(allSame);
    QVERIFY(anyDifferent);
}

void TestMask::experimentDoesNotDependOnChunking() {
    const MaskGate gate(GateKind::Cauchy);
    MaskExperiment whole(gate, -3, 3, 13, 11), parts(gate, -3, 3, 13, 11);
    whole.addSamples(3000);
    parts.addSamples(1);
    parts.addSamples(299);
    parts.addSamples(2700);
    QCOMPARE(parts.samplesPerBin(), std::int64_t(3000));
    for (int b = 0; b < 13; ++b) {
        QCOMPARE(parts.tally(b).ones, whole.tally(b).ones);
        QVERIFY(parts.keptMasks(b) == whole.keptMasks(b));
        QCOMPARE(parts.trace(b).size(), whole.trace(b).size());
    }
}

void TestMask::experimentTrace() {
    MaskExperiment e(MaskGate(), -2, 2, 5, 1);
    e.addSamples(100000);
    QCOMPARE(e.bins(), 5);
    QCOMPARE(e.binX(0), -2.0);
    QCOMPARE(e.binX(4), 2.0);
    QCOMPARE(e.nearestBin(0.9), 3);
    QCOMPARE(e.nearestBin(-100.0), 0);
    for (int b = 0; b < 5; ++b) {
        const auto &trace = e.trace(b);
        QCOMPARE(trace.front().n, std::int64_t(1));
        QCOMPARE(trace[9].n, std::int64_t(10));
        QVERIFY(trace.back().n <= 100000 && trace.back().n > 100000 / 1.11);
        for (std::size_t i = 1; i < trace.size(); ++i)
            QVERIFY(trace[i].n > trace[i - 1].n);
        QVERIFY(trace.size() < 10 + 5 * MaskExperiment::kTracePerDecade); // log-spaced, not every n
        QCOMPARE(int(e.keptMasks(b).size()), MaskExperiment::kKeptMasks);
        // The kept masks are the first ones: their count of ones is the tally after that many samples.
        std::int64_t ones = 0;
        for (std::uint8_t m : e.keptMasks(b))
            ones += m;
        MaskExperiment prefix(MaskGate(), -2, 2, 5, 1);
        prefix.addSamples(MaskExperiment::kKeptMasks);
        QCOMPARE(prefix.tally(b).ones, ones);
    }
}

QTEST_APPLESS_MAIN(TestMask)
#include "tst_mask.moc"
