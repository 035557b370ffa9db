// Rounding to float, bfloat16 and float16 against the hardware conversions (float, _Float16) and the
// bit-level bfloat16 rounding, over random doubles of every magnitude; and the precision cases on known
// facts.
#include "precision.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

using namespace gelulab;

namespace {

// bfloat16 from float by its bits: round to nearest, ties to even, on the upper 16 bits.
float bfloat16FromFloat(float f) {
    std::uint32_t u = std::bit_cast<std::uint32_t>(f);
    u += 0x7fffu + ((u >> 16) & 1u);
    u &= 0xffff0000u;
    return std::bit_cast<float>(u);
}

// Doubles spread over every exponent a 16-bit or 32-bit format reaches, both signs.
std::vector<double> randomDoubles(int n) {
    std::mt19937_64 engine(20261125);
    std::uniform_real_distribution<double> exponent(-160.0, 130.0), mantissa(1.0, 2.0);
    std::vector<double> v;
    for (int i = 0; i < n; ++i) {
        const double x = std::ldexp(mantissa(engine), int(std::floor(exponent(engine))));
        v.push_back(i % 2 ? -x : x);
    }
    return v;
}

} // namespace

class TestPrecision : public QObject {
    Q_OBJECT
private slots:
    void floatMatchesTheHardware();
    void float16MatchesTheHardware();
    void bfloat16MatchesTheBitRounding();
    void edges_data();
    void edges();
    void ulps();
    void casesOnKnownFacts();
};

void TestPrecision::floatMatchesTheHardware() {
    for (const double x : randomDoubles(200000))
        QCOMPARE(roundToFormat(x, kFloat), double(static_cast<float>(x)));
}

void TestPrecision::float16MatchesTheHardware() {
#if defined(__FLT16_MAX__)
    for (const double x : randomDoubles(200000)) {
        const double expected = double(static_cast<_Float16>(x));
        const double got = roundToFormat(x, kFloat16);
        if (!(got == expected || (std::isinf(got) && std::isinf(expected) && got == expected)))
            QFAIL(qPrintable(QString("%1: %2 vs %3").arg(x, 0, 'g', 17).arg(got).arg(expected)));
    }
#else
    QSKIP("this compiler has no _Float16 to compare with");
#endif
}

void TestPrecision::bfloat16MatchesTheBitRounding() {
    // From float values (what a kernel stores), the double rounding of the product is not involved.
    for (const double x : randomDoubles(200000)) {
        const float f = static_cast<float>(x);
        if (std::isinf(f)) continue;
        QCOMPARE(roundToFormat(f, kBFloat16), double(bfloat16FromFloat(f)));
    }
}

void TestPrecision::edges_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("rounded");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("bf16 tie to even down") << "bfloat16" << 1.0 + std::ldexp(1.0, -8) << 1.0;
    QTest::newRow("bf16 tie to even up")
        << "bfloat16" << 1.0 + 3 * std::ldexp(1.0, -8) << 1.0 + std::ldexp(1.0, -6);
    QTest::newRow("fp16 max") << "float16" << 65504.0 << 65504.0;
    QTest::newRow("fp16 below overflow") << "float16" << 65519.0 << 65504.0;
    QTest::newRow("fp16 overflow") << "float16" << 65520.0 << inf;
    QTest::newRow("fp16 smallest subnormal") << "float16" << std::ldexp(1.0, -24) << std::ldexp(1.0, -24);
    QTest::newRow("fp16 half of it: tie to 0") << "float16" << std::ldexp(1.0, -25) << 0.0;
    QTest::newRow("fp16 three halves") << "float16" << 3 * std::ldexp(1.0, -25) << std::ldexp(1.0, -23);
    QTest::newRow("float subnormal") << "float" << 1e-45 << std::ldexp(1.0, -149);
    QTest::newRow("negative tie to even") << "float16" << -3.0029296875 << -3.00390625;
    QTest::newRow("zero") << "bfloat16" << 0.0 << 0.0;
    QTest::newRow("-inf") << "float" << -inf << -inf;
}

void TestPrecision::edges() {
    QFETCH(QString, format);
    QFETCH(double, x);
    QFETCH(double, rounded);
    const NumberFormat &f = format == "float" ? kFloat : format == "bfloat16" ? kBFloat16 : kFloat16;
    QCOMPARE(roundToFormat(x, f), rounded);
}

void TestPrecision::ulps() {
    QCOMPARE(ulpOf(1.0, kDouble), std::ldexp(1.0, -52));
    QCOMPARE(ulpOf(1.5, kFloat), std::ldexp(1.0, -23));
    QCOMPARE(ulpOf(-3.0, kBFloat16), std::ldexp(1.0, -6));
    QCOMPARE(ulpOf(0.0, kFloat16), std::ldexp(1.0, -24));
    QCOMPARE(ulpOf(1e-6, kFloat16), std::ldexp(1.0, -24)); // subnormal range
    QVERIFY(std::isnan(roundToFormat(std::nan(""), kFloat16)));
}

void TestPrecision::casesOnKnownFacts() {
    const ActivationInstance gelu("gelu");
    std::vector<double> x;
    for (int i = 0; i <= 2000; ++i)
        x.push_back(-12.0 + 0.006 * i);
    // The naive double formula returns exactly 0 from about −8.37 down, where GELU is a normal double.
    const PrecisionStatistics naive =
        precisionStatistics(precisionErrors(PrecisionCase::NaiveDouble, gelu, gelu, x));
    QVERIFY(naive.zeroUpTo && std::abs(*naive.zeroUpTo + 8.37) < 0.01);
    for (const PrecisionPoint &p : precisionErrors(PrecisionCase::NaiveDouble, gelu, gelu, x))
        if (p.input < -8.4)
            QVERIFY(p.value == 0.0 && p.lost && p.ulpError >= std::ldexp(1.0, 52) &&
                    p.ulpError < std::ldexp(1.0, 53));
    // Exact GELU stored in bfloat16 is correctly rounded everywhere: our float path is ≤ 4 float ulps off,
    // and a bfloat16 ulp is 65,536 float ulps.
    const PrecisionStatistics bf16 =
        precisionStatistics(precisionErrors(PrecisionCase::BFloat16, gelu, gelu, x));
    QCOMPARE(bf16.withinHalfUlp, 1.0);
    QVERIFY(!bf16.zeroUpTo);
    // Inputs are rounded to the format before evaluation.
    const std::vector<PrecisionPoint> points =
        precisionErrors(PrecisionCase::Float16, gelu, gelu, std::vector<double>{0.1});
    QCOMPARE(points[0].input, roundToFormat(0.1, kFloat16));
    QCOMPARE(points[0].reference, gelu(roundToFormat(0.1, kFloat16)));
}

QTEST_APPLESS_MAIN(TestPrecision)
#include "tst_precision.moc"
