// Φ and φ against values computed in 50-digit arithmetic, across the range where the double-double
// argument, the erfc correction and the Mills-ratio tail each take over.
#include "special.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace gelulab::special;

namespace {
double ulpError(double computed, long double exact) {
    const long double ulp = std::ldexp(1.0L, std::ilogb(static_cast<double>(exact)) - 52);
    return static_cast<double>(std::fabs(static_cast<long double>(computed) - exact) / ulp);
}
} // namespace

class TestSpecial : public QObject {
    Q_OBJECT
private slots:
    void cdf_data();
    void cdf();
    void pdf_data();
    void pdf();
    void specialValues();
    void doubleDoubleArgument();
};

void TestSpecial::cdf_data() {
    QTest::addColumn<double>("x");
    QTest::addColumn<QString>("exact");
    QTest::newRow("-38.5") << -38.5 << "1.40818246317051746177e-324";
    QTest::newRow("-37.5") << -37.5 << "4.60535300958195484383e-308";
    QTest::newRow("-20") << -20.0 << "2.75362411860623369508e-89";
    QTest::newRow("-10.5") << -10.5 << "4.31900631780923034655e-26";
    QTest::newRow("-10") << -10.0 << "7.61985302416052606597e-24";
    QTest::newRow("-9.99") << -9.99 << "8.4290872004430722759e-24";
    QTest::newRow("-5") << -5.0 << "2.86651571879193911674e-7";
    QTest::newRow("-1") << -1.0 << "0.158655253931457051415";
    QTest::newRow("-0.5") << -0.5 << "0.308537538725986896362";
    QTest::newRow("0") << 0.0 << "0.5";
    QTest::newRow("1e-300") << 1e-300 << "0.5";
    QTest::newRow("0.5") << 0.5 << "0.691462461274013103638";
    QTest::newRow("3") << 3.0 << "0.998650101968369905473";
    QTest::newRow("8.5") << 8.5 << "0.99999999999999999052";
    QTest::newRow("40") << 40.0 << "1.0";
}

void TestSpecial::cdf() {
    QFETCH(double, x);
    QFETCH(QString, exact);
    const long double reference = std::strtold(exact.toLatin1().constData(), nullptr);
    const double value = normalCdf(x);
    if (std::fabs(reference) < std::numeric_limits<double>::min()) {
        QVERIFY2(std::fabs(value - static_cast<double>(reference)) <= 1e-320,
                 qPrintable(QString::number(value)));
        return;
    }
    const double ulps = ulpError(value, reference);
    QVERIFY2(ulps <= 2.0,
             qPrintable(QStringLiteral("Φ(%1) = %2 is %3 ulp off").arg(x).arg(value, 0, 'g', 17).arg(ulps)));
}

void TestSpecial::pdf_data() {
    QTest::addColumn<double>("x");
    QTest::addColumn<QString>("exact");
    QTest::newRow("-37.5") << -37.5 << "1.72823373228410522075e-306";
    QTest::newRow("-20") << -20.0 << "5.52094836215976318958e-88";
    QTest::newRow("-9.99") << -9.99 << "8.50342144679893887429e-23";
    QTest::newRow("-1") << -1.0 << "0.241970724519143349798";
    QTest::newRow("0") << 0.0 << "0.39894228040143267794";
    QTest::newRow("3") << 3.0 << "0.0044318484119380071756";
    QTest::newRow("9.5") << 9.5 << "1.00779353943000098878e-20";
}

void TestSpecial::pdf() {
    QFETCH(double, x);
    QFETCH(QString, exact);
    const long double reference = std::strtold(exact.toLatin1().constData(), nullptr);
    const double ulps = ulpError(normalPdf(x), reference);
    QVERIFY2(ulps <= 2.0, qPrintable(QStringLiteral("φ(%1) is %2 ulp off").arg(x).arg(ulps)));
}

void TestSpecial::specialValues() {
    const double inf = std::numeric_limits<double>::infinity();
    QVERIFY(std::isnan(normalCdf(std::nan(""))));
    QVERIFY(std::isnan(normalPdf(std::nan(""))));
    QCOMPARE(normalCdf(inf), 1.0);
    QCOMPARE(normalCdf(-inf), 0.0);
    QCOMPARE(normalPdf(inf), 0.0);
    QCOMPARE(normalPdf(-inf), 0.0);
    QCOMPARE(normalCdf(1e308), 1.0);
    QCOMPARE(normalCdf(-1e308), 0.0);
    QCOMPARE(normalPdf(-1e308), 0.0);
    // A huge scale must not turn an underflowing density into inf·0.
    QCOMPARE(scaledNormalPdf(1e300, {-100.0, 0.0}), 0.0);
    QVERIFY(scaledNormalPdf(1e300, {-38.0, 0.0}) > 0.0);
}

void TestSpecial::doubleDoubleArgument() {
    // Φ(z.hi + z.lo) must see z.lo: at z = −30 one ulp of z moves Φ by ~900 ulp.
    const double z = -30.0;
    const double step = std::nextafter(z, 0.0) - z;
    const double plain = normalCdf(DoubleDouble{z, 0.0});
    const double shifted = normalCdf(DoubleDouble{z, step});
    const double next = normalCdf(std::nextafter(z, 0.0));
    QCOMPARE(shifted, next);
    QVERIFY(shifted > plain);
    const DoubleDouble p = twoProduct(1.0 + 0x1p-30, 1.0 + 0x1p-30);
    QCOMPARE(p.hi, 1.0 + 0x1p-29);
    QCOMPARE(p.lo, 0x1p-60);
    const DoubleDouble s = twoSum(1.0, 0x1p-60);
    QCOMPARE(s.hi, 1.0);
    QCOMPARE(s.lo, 0x1p-60);
}

QTEST_APPLESS_MAIN(TestSpecial)
#include "tst_special.moc"
