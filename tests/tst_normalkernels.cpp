// The counter-based normals (normal_kernels.h): Philox4x32-10 against Random123's known answers; the vector
// kernel against the scalar reference bit for bit on every SIMD target; a stream drawn whole or in pieces;
// and, for fixed keys, the statistics of 10⁶ normals against N(0, 1) — moments, a Kolmogorov–Smirnov
// distance and a χ² over bins of Φ, the Box–Muller pairs' angle and radius, and correlations between
// neighbours, rows (counters) and keys. Each statistical tolerance is five standard errors of a perfect
// generator (χ²: its mean plus five standard deviations), so a correct generator fails none of them by
// chance (p < 10⁻⁶ each); the keys are fixed, so the verdict is the same on every run.
#include "normal_kernels.h"
#include "simd_targets.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

using namespace gelulab;
using kernels::fillNormals;
using kernels::normalAt;

namespace {

constexpr std::size_t kRowLength = 1000, kRows = 1000; // 10⁶ normals, counters 0 … 999
constexpr std::uint64_t kKey = 0x243F6A8885A308D3u;

// Φ(x) to a few ulp of 1 − Φ where it matters here (|x| ≤ 6).
double normalCdf(double x) {
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

// kRows rows of kRowLength normals of key, counters first … first + kRows − 1, one after another.
std::vector<float> draw(std::uint64_t key, std::uint64_t firstCounter = 0) {
    std::vector<float> z(kRowLength * kRows);
    for (std::size_t row = 0; row < kRows; ++row)
        fillNormals(std::span(z).subspan(row * kRowLength, kRowLength), key, firstCounter + row);
    return z;
}

// f(start) for the start of every whole group of 64 in draw()'s rows; f(first, second) for the indices of
// every Box–Muller pair in them: normals 64g + i and 64g + 16 + i (words 0 and 1 of block 16g + i), 64g + 32
// + i and 64g + 48 + i (words 2 and 3).
template<typename F>
void forEachGroup(const std::vector<float> &z, F &&f) {
    for (std::size_t start = 0; start + kRowLength <= z.size(); start += kRowLength)
        for (std::size_t group = start; group + 64 <= start + kRowLength; group += 64)
            f(group);
}
template<typename F>
void forEachPair(const std::vector<float> &z, F &&f) {
    forEachGroup(z, [&](std::size_t group) {
        for (std::size_t i = 0; i < 16; ++i) {
            f(group + i, group + 16 + i);
            f(group + 32 + i, group + 48 + i);
        }
    });
}

// The sample correlation of x[i] and y[i].
double correlation(const std::vector<double> &x, const std::vector<double> &y) {
    const double n = double(x.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

// Pearson's χ² of counts against expected counts, and its bound: the mean (bins − 1) plus five standard
// deviations √(2·(bins − 1)).
struct ChiSquare {
    double value = 0.0, bound = 0.0;
};
ChiSquare chiSquare(const std::vector<double> &counts, const std::vector<double> &expected) {
    ChiSquare c;
    for (std::size_t i = 0; i < counts.size(); ++i)
        c.value += (counts[i] - expected[i]) * (counts[i] - expected[i]) / expected[i];
    const double freedom = double(counts.size() - 1);
    c.bound = freedom + 5.0 * std::sqrt(2.0 * freedom);
    return c;
}

#define QVERIFY_WITHIN(value, target, tolerance)                                                             \
    QVERIFY2(std::abs((value) - (target)) <= (tolerance),                                                    \
             qPrintable(QStringLiteral("%1 = %2, expected %3 ± %4")                                          \
                            .arg(#value)                                                                     \
                            .arg((value), 0, 'g', 10)                                                        \
                            .arg((target), 0, 'g', 10)                                                       \
                            .arg((tolerance), 0, 'g', 3)))

} // namespace

class TestNormalKernels : public QObject {
    Q_OBJECT
private slots:
    void philoxKnownAnswers_data();
    void philoxKnownAnswers();
    void vectorEqualsScalarReference_data();
    void vectorEqualsScalarReference();
    void transformIsAccurate();
    void piecesEqualWhole_data();
    void piecesEqualWhole();
    void moments_data();
    void moments();
    void distributionIsNormal_data();
    void distributionIsNormal();
    void pairsAreIsotropic_data();
    void pairsAreIsotropic();
    void streamsAreUncorrelated_data();
    void streamsAreUncorrelated();
};

void TestNormalKernels::philoxKnownAnswers_data() {
    QTest::addColumn<QList<quint32>>("counter");
    QTest::addColumn<QList<quint32>>("key");
    QTest::addColumn<QList<quint32>>("expected");
    // Random123's kat_vectors for philox4x32_10.
    QTest::newRow("zeros") << QList<quint32>{0, 0, 0, 0} << QList<quint32>{0, 0}
                           << QList<quint32>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
    QTest::newRow("ones") << QList<quint32>{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}
                          << QList<quint32>{0xffffffff, 0xffffffff}
                          << QList<quint32>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
    QTest::newRow("pi") << QList<quint32>{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}
                        << QList<quint32>{0xa4093822, 0x299f31d0}
                        << QList<quint32>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
}

void TestNormalKernels::philoxKnownAnswers() {
    QFETCH(QList<quint32>, counter);
    QFETCH(QList<quint32>, key);
    QFETCH(QList<quint32>, expected);
    const std::array<std::uint32_t, 4> words =
        kernels::philox4x32({counter[0], counter[1], counter[2], counter[3]}, {key[0], key[1]});
    QCOMPARE(QList<quint32>(words.begin(), words.end()), expected);
}

void TestNormalKernels::vectorEqualsScalarReference_data() {
    gelulab::testing::addSimdTargetRows();
}

void TestNormalKernels::vectorEqualsScalarReference() {
    // No fused multiply-adds anywhere: every target gives normalAt's floats exactly, for keys and counters
    // using all their bits, starts inside and across groups of 64, and block numbers above 2³².
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    struct Case {
        std::uint64_t key, counter, first;
        std::size_t n;
        float sd;
    };
    for (const Case &c : {Case{0, 0, 0, 4096, 1.0f}, Case{kKey, 7, 0, 1000, 0.044f},
                          Case{~std::uint64_t(0), ~std::uint64_t(0), 13, 333, 3.0f},
                          Case{0x9E3779B97F4A7C15u, 1u << 31, (std::uint64_t(1) << 38) - 70, 200, 1.0f},
                          Case{1, 2, 64, 1, 2.5f}}) {
        std::vector<float> out(c.n);
        fillNormals(out, c.key, c.counter, c.sd, c.first);
        for (std::size_t i = 0; i < c.n; ++i) {
            const float expected = normalAt(c.key, c.counter, c.first + i, c.sd);
            if (out[i] != expected || std::signbit(out[i]) != std::signbit(expected))
                QFAIL(qPrintable(QStringLiteral("key %1, counter %2, normal %3: %4, the reference %5")
                                     .arg(c.key)
                                     .arg(c.counter)
                                     .arg(c.first + i)
                                     .arg(double(out[i]), 0, 'g', 9)
                                     .arg(double(expected), 0, 'g', 9)));
        }
    }
}

void TestNormalKernels::transformIsAccurate() {
    // Normal p of a stream against Box–Muller of its words in double (normal_kernels.h): u = (⌊x / 2⁸⌋ + 1)·
    // 2⁻²⁴, θ = q·π/2 − π/4 + (t + ½)·(π/2)·2⁻²⁴. The float steps (ln within 2 ulp, the angle rounded to
    // float and the short polynomials) keep every normal within 2⁻²¹·r of it, r = √(−2 ln u) the pair's
    // radius.
    double worst = 0.0;
    for (std::uint64_t counter = 0; counter < 100; ++counter)
        for (std::uint64_t p = 0; p < 1024; ++p) {
            const std::uint64_t block = p / 64 * 16 + p % 16, word = p / 16 % 4;
            const std::array<std::uint32_t, 4> words = kernels::philox4x32(
                {std::uint32_t(block), std::uint32_t(block >> 32), std::uint32_t(counter), 0},
                {std::uint32_t(kKey), std::uint32_t(kKey >> 32)});
            const std::uint32_t x = words[word & 2], y = words[(word & 2) + 1];
            const double u = (double(x >> 8) + 1.0) * 0x1.0p-24;
            const double theta = double(y >> 30) * std::numbers::pi / 2 - std::numbers::pi / 4 +
                                 (double((y >> 6) & 0xFFFFFF) + 0.5) * (std::numbers::pi / 2) * 0x1.0p-24;
            const double r = std::sqrt(-2.0 * std::log(u));
            const double exact = r * ((word & 1) == 0 ? std::cos(theta) : std::sin(theta));
            const double z = normalAt(kKey, counter, p);
            worst = std::max(worst, std::abs(z - exact) / std::max(r, 1e-30));
        }
    QVERIFY2(worst <= 0x1.0p-21, qPrintable(QStringLiteral("worst error %1·r").arg(worst)));
}

void TestNormalKernels::piecesEqualWhole_data() {
    QTest::addColumn<QList<int>>("cuts");
    QTest::newRow("one at a time at the start") << QList<int>{1, 2, 3, 4, 5};
    QTest::newRow("across groups") << QList<int>{63, 65, 127, 129, 500};
    QTest::newRow("whole groups") << QList<int>{64, 128, 640};
    QTest::newRow("ragged") << QList<int>{17, 18, 100, 101, 102, 700, 999};
}

void TestNormalKernels::piecesEqualWhole() {
    // Normal p of a stream is the same whether drawn in one call or in pieces starting anywhere.
    QFETCH(QList<int>, cuts);
    const std::size_t n = 1000;
    std::vector<float> whole(n), pieces(n);
    fillNormals(whole, kKey, 3);
    std::size_t from = 0;
    for (const std::size_t cut : cuts) {
        fillNormals(std::span(pieces).subspan(from, cut - from), kKey, 3, 1.0f, from);
        from = cut;
    }
    fillNormals(std::span(pieces).subspan(from), kKey, 3, 1.0f, from);
    QCOMPARE(pieces, whole);
}

void TestNormalKernels::moments_data() {
    QTest::addColumn<quint64>("key");
    QTest::newRow("key 0") << quint64(0);
    QTest::newRow("key 1") << quint64(1);
    QTest::newRow("key π") << quint64(kKey);
}

void TestNormalKernels::moments() {
    // Mean, variance, skewness and excess kurtosis of 10⁶ normals, within five standard errors of 0, 1, 0
    // and 0: √(1/n), √(2/n), √(6/n) and √(24/n).
    QFETCH(quint64, key);
    const std::vector<float> z = draw(key);
    const double n = double(z.size());
    double m1 = 0.0;
    for (float v : z)
        m1 += double(v) / n;
    double m2 = 0.0, m3 = 0.0, m4 = 0.0;
    for (float v : z) {
        const double d = double(v) - m1;
        m2 += d * d / n;
        m3 += d * d * d / n;
        m4 += d * d * d * d / n;
    }
    QVERIFY_WITHIN(m1, 0.0, 5.0 * std::sqrt(1.0 / n));
    QVERIFY_WITHIN(m2, 1.0, 5.0 * std::sqrt(2.0 / n));
    QVERIFY_WITHIN(m3 / std::pow(m2, 1.5), 0.0, 5.0 * std::sqrt(6.0 / n));
    QVERIFY_WITHIN(m4 / (m2 * m2) - 3.0, 0.0, 5.0 * std::sqrt(24.0 / n));
}

void TestNormalKernels::distributionIsNormal_data() {
    moments_data();
}

void TestNormalKernels::distributionIsNormal() {
    // The Kolmogorov–Smirnov distance to Φ below 2.2/√n (p ≈ 10⁻⁴ for a perfect generator; its s.d. is
    // about 0.27/√n, so this is five of them above its mean), and a χ² over 50 bins of equal probability
    // plus 8 in each tail out to |z| = 5.5; the largest |z| is at most √(48 ln 2) = 5.77 (normal_kernels.h)
    // and, in 10⁶ draws, beyond 4.5 (P = 6.8·10⁻⁶ each).
    QFETCH(quint64, key);
    std::vector<float> z = draw(key);
    std::sort(z.begin(), z.end());
    const double n = double(z.size());
    double distance = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double cdf = normalCdf(double(z[i]));
        distance = std::max({distance, std::abs(double(i + 1) / n - cdf), std::abs(cdf - double(i) / n)});
    }
    QVERIFY2(distance < 2.2 / std::sqrt(n), qPrintable(QStringLiteral("KS distance %1").arg(distance)));

    std::vector<double> edges;
    for (int i = 0; i <= 8; ++i)
        edges.push_back(-5.5 + 0.25 * i); // −5.5 … −3.5
    for (int i = 1; i < 50; ++i) {        // quantiles of Φ between Φ(−3.5) and Φ(3.5)
        const double p = normalCdf(-3.5) + (1.0 - 2.0 * normalCdf(-3.5)) * i / 50.0;
        double lo = -3.5, hi = 3.5;
        for (int k = 0; k < 60; ++k)
            (normalCdf(0.5 * (lo + hi)) < p ? lo : hi) = 0.5 * (lo + hi);
        edges.push_back(0.5 * (lo + hi));
    }
    for (int i = 0; i <= 8; ++i)
        edges.push_back(3.5 + 0.25 * i);
    std::vector<double> counts(edges.size() + 1), expected(edges.size() + 1);
    for (float v : z)
        ++counts[std::size_t(std::upper_bound(edges.begin(), edges.end(), double(v)) - edges.begin())];
    for (std::size_t b = 0; b < expected.size(); ++b) {
        const double lo = b == 0 ? 0.0 : normalCdf(edges[b - 1]);
        const double hi = b == edges.size() ? 1.0 : normalCdf(edges[b]);
        expected[b] = n * (hi - lo);
    }
    // The two outermost bins (|z| > 5.5, 19 expected in all) join their neighbours.
    counts[1] += counts[0];
    expected[1] += expected[0];
    counts[counts.size() - 2] += counts.back();
    expected[expected.size() - 2] += expected.back();
    counts = std::vector<double>(counts.begin() + 1, counts.end() - 1);
    expected = std::vector<double>(expected.begin() + 1, expected.end() - 1);
    const ChiSquare c = chiSquare(counts, expected);
    QVERIFY2(
        c.value < c.bound,
        qPrintable(
            QStringLiteral("χ² %1 over %2 bins, bound %3").arg(c.value).arg(counts.size()).arg(c.bound)));
    QVERIFY(-z.front() <= std::sqrt(48.0 * std::numbers::ln2) &&
            z.back() <= std::sqrt(48.0 * std::numbers::ln2));
    QVERIFY(-z.front() > 4.5 && z.back() > 4.5);
}

void TestNormalKernels::pairsAreIsotropic_data() {
    moments_data();
}

void TestNormalKernels::pairsAreIsotropic() {
    // A Box–Muller pair (normals p and p + 16 of a group of 64, normal_kernels.h) is an isotropic 2-D
    // normal: its angle uniform (χ² over 64 sectors, which also checks the quadrant turns), and its radius
    // independent of it with exp(−r²/2) uniform (χ² over 64 bins).
    QFETCH(quint64, key);
    const std::vector<float> z = draw(key);
    std::vector<double> sectors(64), radii(64);
    double pairs = 0.0;
    forEachPair(z, [&](std::size_t first, std::size_t second) {
        const double x = z[first], y = z[second];
        const double turn = std::atan2(y, x) / (2.0 * std::numbers::pi) + 0.5;
        ++sectors[std::min<std::size_t>(63, std::size_t(turn * 64.0))];
        const double u = std::exp(-0.5 * (x * x + y * y));
        ++radii[std::min<std::size_t>(63, std::size_t(u * 64.0))];
        ++pairs;
    });
    const std::vector<double> expected(64, pairs / 64.0);
    for (const auto &[counts, what] : {std::pair{&sectors, "angle"}, std::pair{&radii, "exp(−r²/2)"}}) {
        const ChiSquare c = chiSquare(*counts, expected);
        QVERIFY2(c.value < c.bound,
                 qPrintable(QStringLiteral("%1: χ² %2, bound %3").arg(what).arg(c.value).arg(c.bound)));
    }
}

void TestNormalKernels::streamsAreUncorrelated_data() {
    QTest::addColumn<QString>("pairing");
    for (const char *pairing : {"neighbours", "a pair's halves", "a pair's halves, squared",
                                "a block's two pairs", "next row", "counter + 2³²", "next key", "key + 2³²"})
        QTest::newRow(pairing) << QString::fromLatin1(pairing);
}

void TestNormalKernels::streamsAreUncorrelated() {
    // The correlation of 10⁶ pairs within 5/√n of 0: normals side by side in a row (the same word of
    // neighbouring blocks); a Box–Muller pair's two halves, and their squares (the radius is shared, and an
    // isotropic pair's squares are independent); a block's two pairs (its words 0 and 2); the same normal of
    // the next row, of a counter 2³² on (its high word), of the next key, and of a key 2³² on.
    QFETCH(QString, pairing);
    const std::vector<float> base = draw(kKey);
    std::vector<double> x, y;
    x.reserve(base.size());
    y.reserve(base.size());
    const auto add = [&](double a, double b) {
        x.push_back(a);
        y.push_back(b);
    };
    const auto pairWith = [&](const std::vector<float> &other) {
        for (std::size_t i = 0; i < base.size(); ++i)
            add(base[i], other[i]);
    };
    if (pairing == "neighbours") {
        for (std::size_t i = 0; i + 1 < base.size(); ++i)
            add(base[i], base[i + 1]);
    } else if (pairing == "a pair's halves") {
        forEachPair(base, [&](std::size_t a, std::size_t b) { add(base[a], base[b]); });
    } else if (pairing == "a pair's halves, squared") {
        forEachPair(base, [&](std::size_t a, std::size_t b) {
            add(double(base[a]) * base[a], double(base[b]) * base[b]);
        });
    } else if (pairing == "a block's two pairs") {
        forEachGroup(base, [&](std::size_t group) {
            for (std::size_t i = 0; i < 32; ++i)
                add(base[group + i], base[group + 32 + i]);
        });
    } else if (pairing == "next row") {
        pairWith(draw(kKey, 1));
    } else if (pairing == "counter + 2³²") {
        pairWith(draw(kKey, std::uint64_t(1) << 32));
    } else if (pairing == "next key") {
        pairWith(draw(kKey + 1));
    } else {
        pairWith(draw(kKey + (std::uint64_t(1) << 32)));
    }
    QVERIFY_WITHIN(correlation(x, y), 0.0, 5.0 / std::sqrt(double(x.size())));
}

QTEST_APPLESS_MAIN(TestNormalKernels)
#include "tst_normalkernels.moc"
