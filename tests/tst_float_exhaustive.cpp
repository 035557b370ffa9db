// Every one of the 2³² floats through each float kernel (gelu f and f′, gelu_tanh, gelu_sigmoid, silu,
// sigmoid), against the correctly rounded float of the accurate double value: at most 4 ulp (subnormal
// results: 4 subnormal steps), NaN exactly for NaN, and the worst case reported; on the best SIMD target the
// processor runs and on AVX2 (the target of most laptops) where the processor has both. A benchmark-style
// test: about four minutes a target on two cores, so the sanitizer build leaves it out.
#include "activation.h"
#include "simd_targets.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

namespace {

struct Result {
    double worstUlps = 0.0;
    float worstX = 0.0f;
    std::uint64_t nanMismatches = 0;
    std::uint64_t checked = 0;
};

Result sweep(const char *id, int order, std::uint64_t begin, std::uint64_t end) {
    const gelulab::ActivationInstance gelu(id);
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<float> x(kChunk), y(kChunk);
    Result result;
    for (std::uint64_t start = begin; start < end; start += kChunk) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end - start));
        for (std::size_t i = 0; i < n; ++i) {
            const auto bits = static_cast<std::uint32_t>(start + i);
            std::memcpy(&x[i], &bits, sizeof bits);
        }
        gelu.evaluate(std::span<const float>(x.data(), n), std::span<float>(y.data(), n), order);
        for (std::size_t i = 0; i < n; ++i) {
            const double exact = gelu(static_cast<double>(x[i]), order);
            if (std::isnan(exact) || std::isnan(y[i])) {
                result.nanMismatches += std::isnan(exact) != std::isnan(y[i]);
                continue;
            }
            const float rounded = static_cast<float>(exact);
            const double ulp = std::fabs(rounded) < std::numeric_limits<float>::min()
                                   ? std::ldexp(1.0, -149)
                                   : std::ldexp(1.0, std::ilogb(rounded) - 23);
            const double ulps =
                std::isinf(rounded) ? (y[i] == rounded ? 0.0 : 1e9) : std::fabs(y[i] - exact) / ulp;
            if (ulps > result.worstUlps) {
                result.worstUlps = ulps;
                result.worstX = x[i];
            }
        }
        result.checked += n;
    }
    return result;
}

} // namespace

class TestFloatExhaustive : public QObject {
    Q_OBJECT
private slots:
    void everyFloat_data();
    void everyFloat();
};

void TestFloatExhaustive::everyFloat_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("target");
    const QStringList available = gelulab::testing::simdTargets();
    QStringList targets{available.front()};
    if (available.contains(QStringLiteral("avx2")) && !targets.contains(QStringLiteral("avx2")))
        targets << QStringLiteral("avx2");
    const std::pair<const char *, int> rows[] = {{"gelu", 0},         {"gelu", 1}, {"gelu_tanh", 0},
                                                 {"gelu_sigmoid", 0}, {"silu", 0}, {"sigmoid", 0},
                                                 {"gelu_cauchy", 0}};
    for (const QString &target : targets)
        for (const auto &[id, order] : rows)
            QTest::addRow("%s%s %s", id, order == 1 ? " derivative" : "", qPrintable(target))
                << QString::fromLatin1(id) << order << target;
}

void TestFloatExhaustive::everyFloat() {
    QFETCH(QString, id);
    QFETCH(int, order);
    QFETCH(QString, target);
    GELULAB_USE_SIMD_TARGET(target);
    const std::string name = id.toStdString() + (order == 1 ? " f'" : "");
    const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    const std::uint64_t total = 1ull << 32;
    std::vector<Result> results(threads);
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            results[t] =
                sweep(id.toLatin1().constData(), order, total * t / threads, total * (t + 1) / threads);
        });
    for (std::thread &w : workers)
        w.join();
    Result all;
    for (const Result &r : results) {
        all.checked += r.checked;
        all.nanMismatches += r.nanMismatches;
        if (r.worstUlps > all.worstUlps) {
            all.worstUlps = r.worstUlps;
            all.worstX = r.worstX;
        }
    }
    qInfo("%s float over all %llu floats: worst %.3f ulp at x = %.9g (%s)", name.c_str(),
          static_cast<unsigned long long>(all.checked), all.worstUlps, double(all.worstX),
          qPrintable(target));
    QCOMPARE(all.checked, total);
    QCOMPARE(all.nanMismatches, std::uint64_t(0));
    QVERIFY(all.worstUlps <= 4.0);
}

QTEST_APPLESS_MAIN(TestFloatExhaustive)
#include "tst_float_exhaustive.moc"
