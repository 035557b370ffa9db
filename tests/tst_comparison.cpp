// Comparing activations: quantiles, the same initial weights for every alternative, results independent of
// the thread count, summaries that agree with the individual runs, cancelling, divergence counted, and
// robustness at zero noise equal to the plain test accuracy.
#include "comparison.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace gelulab;

namespace {

Dataset spiral() {
    DatasetSettings d;
    d.id = "spiral";
    d.points = 300;
    return makeDataset(d);
}

Comparison::Factory factoryFor(const Dataset &data, std::vector<std::string> ids, TrainingSettings s = {}) {
    return [data, ids, s](std::size_t a, std::uint64_t seed) {
        TrainingSettings settings = s;
        settings.activations = {ids[a]};
        settings.seed = seed;
        return Trainer(data, settings);
    };
}

bool sameWeights(const Mlp<float> &a, const Mlp<float> &b) {
    if (a.W.size() != b.W.size()) return false;
    for (std::size_t l = 0; l < a.W.size(); ++l)
        if (a.W[l] != b.W[l] || a.b[l] != b.b[l]) return false;
    return true;
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void quantiles_data();
    void quantiles();
    void sameInitialWeightsForEveryAlternative();
    void threadCountDoesNotChangeResults();
    void summaryAgreesWithRuns();
    void cancelStopsBetweenEpochs();
    void divergedRunsCounted();
    void robustnessAtZeroNoiseIsTestAccuracy();
    void failuresPropagate();
    void threadPoolRunsEveryJobOnce();
    void threadPoolKeepsItsThreads();
    void threadPoolServesConcurrentCallers();
};

void TestComparison::quantiles_data() {
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");
    const double nan = std::nan("");
    QTest::newRow("median of odd count") << QList<double>{5, 1, 3} << 0.5 << 3.0;
    QTest::newRow("median of even count") << QList<double>{4, 1, 3, 2} << 0.5 << 2.5;
    QTest::newRow("first quartile interpolates") << QList<double>{1, 2, 3, 4, 5} << 0.25 << 2.0;
    QTest::newRow("third quartile of four") << QList<double>{1, 2, 3, 4} << 0.75 << 3.25;
    QTest::newRow("minimum") << QList<double>{7, -2, 4} << 0.0 << -2.0;
    QTest::newRow("maximum") << QList<double>{7, -2, 4} << 1.0 << 7.0;
    QTest::newRow("one value") << QList<double>{0.125} << 0.75 << 0.125;
    QTest::newRow("non-finite values skipped") << QList<double>{nan, 1, INFINITY, 3} << 0.5 << 2.0;
    QTest::newRow("nothing finite") << QList<double>{nan, -INFINITY} << 0.5 << nan;
    QTest::newRow("empty") << QList<double>{} << 0.5 << nan;
}

void TestComparison::quantiles() {
    QFETCH(QList<double>, values);
    QFETCH(double, q);
    QFETCH(double, expected);
    const double got = quantile(std::vector<double>(values.begin(), values.end()), q);
    if (std::isnan(expected))
        QVERIFY(std::isnan(got));
    else
        QCOMPARE(got, expected);
}

void TestComparison::sameInitialWeightsForEveryAlternative() {
    const Comparison c(3, 2, 7, factoryFor(spiral(), {"gelu", "relu", "gelu_tanh"}));
    QCOMPARE(c.run(0, 0).settings().seed, std::uint64_t(7));
    QCOMPARE(c.run(2, 1).settings().seed, std::uint64_t(8));
    for (std::size_t a = 1; a < 3; ++a)
        for (int k = 0; k < 2; ++k)
            QVERIFY(sameWeights(c.run(0, k).network(), c.run(a, k).network()));
    QVERIFY(!sameWeights(c.run(0, 0).network(), c.run(0, 1).network()));
    QCOMPARE(c.run(1, 0).activations()[0].id(), std::string("relu"));
}

void TestComparison::threadCountDoesNotChangeResults() {
    const Dataset data = spiral();
    Comparison one(2, 3, 1, factoryFor(data, {"gelu", "elu"}));
    Comparison two(2, 3, 1, factoryFor(data, {"gelu", "elu"}));
    QVERIFY(one.advance(15, nullptr, 1));
    QVERIFY(two.advance(10, nullptr, 2));
    QVERIFY(two.advance(5, nullptr, 2)); // in two pieces: the same as one piece
    QCOMPARE(one.epoch(), 15);
    QCOMPARE(two.epoch(), 15);
    for (std::size_t a = 0; a < 2; ++a)
        for (int k = 0; k < 3; ++k) {
            QVERIFY(sameWeights(one.run(a, k).network(), two.run(a, k).network()));
            QCOMPARE(one.run(a, k).history().back().testLoss, two.run(a, k).history().back().testLoss);
        }
    // Different activations from the same start end in different places.
    QVERIFY(!sameWeights(one.run(0, 0).network(), one.run(1, 0).network()));
}

void TestComparison::summaryAgreesWithRuns() {
    Comparison c(2, 3, 1, factoryFor(spiral(), {"gelu", "relu"}));
    QVERIFY(c.advance(20));
    for (std::size_t a = 0; a < 2; ++a) {
        const AlternativeSummary s = c.summary(a);
        QCOMPARE(s.trainLoss.size(), std::size_t(20));
        QCOMPARE(s.testLoss.size(), std::size_t(20));
        QCOMPARE(s.testAccuracy.size(), std::size_t(20));
        QCOMPARE(s.divergedRuns, 0);
        for (std::size_t e : {std::size_t(0), std::size_t(9), std::size_t(19)}) {
            std::vector<double> losses;
            for (int k = 0; k < 3; ++k)
                losses.push_back(c.run(a, k).history()[e].testLoss);
            std::sort(losses.begin(), losses.end());
            QCOMPARE(s.testLoss[e].median, losses[1]); // three runs: the middle one
            QCOMPARE(s.testLoss[e].q1, 0.5 * (losses[0] + losses[1]));
            QCOMPARE(s.testLoss[e].q3, 0.5 * (losses[1] + losses[2]));
        }
        QCOMPARE(s.finalTestLoss.median, s.testLoss.back().median);
        QCOMPARE(s.finalTestAccuracy.median, s.testAccuracy.back().median);
        QVERIFY(s.finalTestAccuracy.q1 <= s.finalTestAccuracy.median);
        QVERIFY(s.finalTestAccuracy.median <= s.finalTestAccuracy.q3);
    }
}

void TestComparison::cancelStopsBetweenEpochs() {
    Comparison c(2, 2, 1, factoryFor(spiral(), {"gelu", "relu"}));
    std::atomic<bool> cancel{true};
    QVERIFY(!c.advance(1000, &cancel));
    QCOMPARE(c.epoch(), 0);
    cancel = false;
    QVERIFY(c.advance(3, &cancel));
    QCOMPARE(c.epoch(), 3);
}

void TestComparison::divergedRunsCounted() {
    DatasetSettings d;
    d.id = "plane";
    TrainingSettings s;
    s.optimizer = OptimizerKind::Sgd;
    s.learningRate = 1000;
    Comparison c(1, 3, 1, factoryFor(makeDataset(d), {"gelu"}, s));
    QVERIFY(c.advance(20));
    const AlternativeSummary summary = c.summary(0);
    QCOMPARE(summary.divergedRuns, 3);
    QVERIFY(summary.testAccuracy.empty()); // regression
    // Every run diverged in its first epoch: no epoch to summarise, and no final value to invent.
    QCOMPARE(summary.testLoss.size(), std::size_t(0));
    QVERIFY(std::isnan(summary.finalTestLoss.median));
    QCOMPARE(c.epoch(), 0);
}

void TestComparison::robustnessAtZeroNoiseIsTestAccuracy() {
    Comparison c(1, 3, 1, factoryFor(spiral(), {"gelu"}));
    QVERIFY(c.advance(30));
    const std::vector<Quartiles> r = c.robustness(0, {0.0, 1.0, 3.0});
    QCOMPARE(r.size(), std::size_t(3));
    QCOMPARE(r[0].median, c.summary(0).finalTestAccuracy.median);
    QVERIFY(r[2].median < r[0].median); // noise of the size of the data hurts
}

void TestComparison::failuresPropagate() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             Comparison(2, 1, 1, factoryFor(spiral(), {"gelu", "no_such_activation"})));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Comparison(0, 1, 1, factoryFor(spiral(), {})));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Comparison(1, 0, 1, factoryFor(spiral(), {"gelu"})));
    std::atomic<int> calls{0};
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelFor(8, [&](std::size_t i) {
                                 ++calls;
                                 if (i == 3) throw std::runtime_error("job 3 failed");
                             }));
    QCOMPARE(calls.load(), 8); // the other jobs still ran
}

// Every job exactly once, on any pool size; the first exception reaches the caller after every other job ran,
// and the pool still works afterwards.
void TestComparison::threadPoolRunsEveryJobOnce() {
    for (unsigned workers : {0u, 1u, 3u}) {
        ThreadPool pool(workers);
        std::vector<std::atomic<int>> runs(1000);
        pool.run(runs.size(), [&](std::size_t i) { ++runs[i]; });
        for (const std::atomic<int> &r : runs)
            QCOMPARE(r.load(), 1);
        std::atomic<int> done{0};
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, pool.run(100, [&](std::size_t i) {
            ++done;
            if (i == 7) throw std::runtime_error("job 7");
        }));
        QCOMPARE(done.load(), 100);
        pool.run(0, [](std::size_t) { QFAIL("no job to run"); });
        pool.run(3, [&](std::size_t) { ++done; });
        QCOMPARE(done.load(), 103);
    }
}

// The same threads serve batch after batch: a pool of three workers and its caller are at most four threads,
// however many batches run (threads per batch would make a new one each time).
void TestComparison::threadPoolKeepsItsThreads() {
    static std::atomic<int> created{0};
    std::mutex mutex;
    std::set<int> seen;
    ThreadPool pool(3);
    for (int batch = 0; batch < 50; ++batch)
        pool.run(16, [&](std::size_t) {
            thread_local const int serial = ++created;
            const std::lock_guard lock(mutex);
            seen.insert(serial);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        });
    QVERIFY2(seen.size() <= 4, qPrintable(QString::number(seen.size())));
    QVERIFY(seen.size() >= 2); // the workers took part
    QCOMPARE(pool.workers(), 3u);
}

// Two threads running batches on one pool at once both get every job done.
void TestComparison::threadPoolServesConcurrentCallers() {
    ThreadPool pool(2);
    std::vector<std::atomic<long>> sums(2);
    std::vector<std::thread> callers;
    for (std::size_t c = 0; c < 2; ++c)
        callers.emplace_back([&, c] {
            for (int batch = 0; batch < 100; ++batch)
                pool.run(64, [&](std::size_t i) { sums[c] += long(i); });
        });
    for (std::thread &t : callers)
        t.join();
    QCOMPARE(sums[0].load(), 100L * (63 * 64 / 2));
    QCOMPARE(sums[1].load(), 100L * (63 * 64 / 2));
}

QTEST_APPLESS_MAIN(TestComparison)
#include "tst_comparison.moc"
