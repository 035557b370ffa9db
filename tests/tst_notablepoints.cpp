// Extrema and inflection points found from the exact derivatives, against known values: GELU's minimum (it is
// not monotonic and not ≥ 0), its inflections at ±√2, SiLU's minimum at −1 − W(1/e), and rows without any.
#include "notable_points.h"

#include <QTest>

#include <cmath>

using gelulab::ActivationInstance;
using gelulab::NotablePoint;

class TestNotablePoints : public QObject {
    Q_OBJECT
private slots:
    void knownPoints_data();
    void knownPoints();
    void kinksAreNotZeros();
    void badRange();
};

void TestNotablePoints::knownPoints_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("count");
    const int minimum = int(NotablePoint::Kind::Minimum), inflection = int(NotablePoint::Kind::Inflection);
    // 50-digit values: the zero of Φ(x) + xφ(x), and GELU there.
    QTest::newRow("gelu minimum") << "gelu" << 1 << minimum << -0.75179152469356445746
                                  << -0.16997120747990366169 << 3;
    QTest::newRow("gelu inflection") << "gelu" << 0 << inflection << -std::sqrt(2.0)
                                     << -0.11122733598052340154 << 3;
    QTest::newRow("gelu inflection right")
        << "gelu" << 2 << inflection << std::sqrt(2.0) << 1.3029862263925716473 << 3;
    // SiLU: 1 + x + eˣ = 0 at x = −1 − W(1/e), where x·σ(x) = x + 1 = −W(1/e).
    QTest::newRow("silu minimum") << "silu" << 1 << minimum << -1.2784645427610738 << -0.27846454276107380
                                  << 3;
    QTest::newRow("tanh inflection") << "tanh" << 0 << inflection << 0.0 << 0.0 << 1;
    QTest::newRow("hardswish minimum") << "hardswish" << 0 << minimum << -1.5 << -0.375 << 1;
}

void TestNotablePoints::knownPoints() {
    QFETCH(QString, id);
    QFETCH(int, index);
    QFETCH(int, kind);
    QFETCH(double, x);
    QFETCH(double, value);
    QFETCH(int, count);
    const std::vector<NotablePoint> points =
        gelulab::notablePoints(ActivationInstance(id.toStdString()), -6.0, 6.0);
    QCOMPARE(int(points.size()), count);
    const NotablePoint &p = points[std::size_t(index)];
    QCOMPARE(int(p.kind), kind);
    QVERIFY2(std::abs(p.x - x) <= 1e-12, qPrintable(QString::number(p.x, 'g', 17)));
    QVERIFY2(std::abs(p.value - value) <= 1e-13, qPrintable(QString::number(p.value, 'g', 17)));
}

void TestNotablePoints::kinksAreNotZeros() {
    // The derivatives of these jump across their kinks without passing through zero there.
    for (const char *id :
         {"relu", "elu", "softsign", "leaky_relu", "relu6", "hardtanh", "softshrink", "linear"})
        QVERIFY2(gelulab::notablePoints(ActivationInstance(id), -6.0, 6.0).empty(), id);
    // GELU is not monotonic: its only minimum is negative.
    const auto gelu = gelulab::notablePoints(ActivationInstance("gelu"), -10.0, 10.0);
    QVERIFY(gelu[1].value < -0.16);
    // The curve of f′: GELU′ = Φ(x) + x·φ(x) has its extrema where GELU″ = φ(x)·(2 − x²) vanishes, a minimum
    // at −√2 and a maximum above 1 at √2: Φ(√2) + √2·φ(√2) = 1.12894…
    const auto prime = gelulab::notablePoints(ActivationInstance("gelu"), -10.0, 10.0, 1);
    QCOMPARE(prime.size(), std::size_t(2));
    QCOMPARE(prime[0].kind, gelulab::NotablePoint::Kind::Minimum);
    QCOMPARE(prime[1].kind, gelulab::NotablePoint::Kind::Maximum);
    QVERIFY(std::abs(prime[1].x - std::sqrt(2.0)) < 1e-12);
    QVERIFY(std::abs(prime[1].value - (0.5 * std::erfc(-1.0) + std::sqrt(2.0) * std::exp(-1.0) /
                                                                   std::sqrt(2.0 * 3.141592653589793))) <
            1e-14);
    QVERIFY(std::abs(prime[0].value + prime[1].value - 1.0) < 1e-14); // GELU′(−x) = 1 − GELU′(x)
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             gelulab::notablePoints(ActivationInstance("gelu"), -1.0, 1.0, 2));
}

void TestNotablePoints::badRange() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             gelulab::notablePoints(ActivationInstance("gelu"), 1.0, -1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             gelulab::notablePoints(ActivationInstance("gelu"), 0.0, NAN));
}

QTEST_APPLESS_MAIN(TestNotablePoints)
#include "tst_notablepoints.moc"
