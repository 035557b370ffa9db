// EpochSeries: a long run's records in bounded memory, the latest whole, the older ones at a power-of-two
// stride, never losing a multiple of the stride, at O(1) moves per record.
#include "epoch_series.h"

#include <QtTest>

#include <cstdint>
#include <set>
#include <vector>

using namespace gelulab;

namespace {

struct Record {
    int epoch = 0;
};

// Counts the moves and copies the series makes of it.
struct Counted {
    static inline std::int64_t moves = 0;
    int epoch = 0;
    Counted(int e)
        : epoch(e) {}
    Counted(const Counted &o)
        : epoch(o.epoch) {
        ++moves;
    }
    Counted(Counted &&o) noexcept
        : epoch(o.epoch) {
        ++moves;
    }
    Counted &operator=(const Counted &o) {
        epoch = o.epoch;
        ++moves;
        return *this;
    }
    Counted &operator=(Counted &&o) noexcept {
        epoch = o.epoch;
        ++moves;
        return *this;
    }
};

} // namespace

class TestEpochSeries : public QObject {
    Q_OBJECT
private slots:
    void unboundedKeepsEverything() {
        EpochSeries<Record> series;
        for (int e = 1; e <= 100'000; ++e)
            series.append({e});
        QCOMPARE(series.size(), std::size_t(100'000));
        QCOMPARE(series.stride(), std::int64_t(1));
    }

    void boundedKeepsTheLatestWholeAndTheOlderAtAStride_data() {
        QTest::addColumn<int>("older");
        QTest::addColumn<int>("recent");
        QTest::addColumn<int>("epochs");
        QTest::newRow("within the bound") << 100 << 20 << 120;
        QTest::newRow("one past the bound") << 100 << 20 << 121;
        QTest::newRow("no recent part") << 64 << 0 << 10'000;
        QTest::newRow("odd bound") << 37 << 5 << 1'001;
        QTest::newRow("playground, a million") << 8192 << 2048 << 1'000'000;
    }
    void boundedKeepsTheLatestWholeAndTheOlderAtAStride() {
        QFETCH(int, older);
        QFETCH(int, recent);
        QFETCH(int, epochs);
        EpochSeries<Record> series{std::size_t(older), std::size_t(recent)};
        for (int e = 1; e <= epochs; ++e) {
            series.append({e});
            QVERIFY(series.size() <= std::size_t(older + recent));
        }
        const std::vector<Record> &r = series.records();
        QCOMPARE(r.back().epoch, epochs);
        // The latest `recent` epochs (or all of them, within the bound) are whole.
        const int whole = epochs <= older + recent ? epochs : recent;
        for (int i = 0; i < whole; ++i)
            QCOMPARE(r[r.size() - 1 - std::size_t(i)].epoch, epochs - i);
        // Increasing; the stride a power of two; every multiple of it before the recent part is kept.
        const std::int64_t stride = series.stride();
        QCOMPARE(stride & (stride - 1), std::int64_t(0));
        std::set<int> kept;
        for (std::size_t i = 0; i < r.size(); ++i) {
            QVERIFY(i == 0 || r[i].epoch > r[i - 1].epoch);
            kept.insert(r[i].epoch);
        }
        for (std::int64_t e = stride; e <= epochs - whole; e += stride)
            QVERIFY2(kept.count(int(e)), qPrintable(QStringLiteral("epoch %1 lost").arg(e)));
        // Thinned no more than needed: the older part holds at least a quarter of its bound.
        if (epochs > older + recent) QVERIFY(r.size() - std::size_t(recent) >= std::size_t(older / 4));
    }

    // Thinning leaves at most half the older bound, so a record costs a few moves on average, not one per
    // kept record.
    void appendingCostsConstantMovesPerRecord() {
        Counted::moves = 0;
        // The Playground's bound: 1.45 moves a record over a million epochs (the vector's growth included);
        // thinning only as far as the bound would make it 3.9, and rising with the run's length.
        EpochSeries<Counted> series(8192, 2048);
        constexpr int kEpochs = 1'000'000;
        for (int e = 1; e <= kEpochs; ++e)
            series.append(Counted(e));
        const double perRecord = double(Counted::moves) / kEpochs;
        QVERIFY2(perRecord < 2.5, qPrintable(QString::number(perRecord)));
    }

    // A restored history (a session's) is thinned to the bound; a hostile one whose epochs never thin (all
    // zero) ends, keeping the recent part.
    void assignThinsToTheBound() {
        EpochSeries<Record> series(50, 10);
        std::vector<Record> many;
        for (int e = 1; e <= 5000; ++e)
            many.push_back({e});
        series.assign(many);
        QVERIFY(series.size() <= 60);
        QCOMPARE(series.back().epoch, 5000);
        std::vector<Record> zeros(100'000, Record{0});
        series.assign(zeros);
        QVERIFY(series.size() <= 60);
        series.append({1});
        QCOMPARE(series.back().epoch, 1);
    }

    // A saved series, reopened, goes on as the uninterrupted one: the stride is taken up again from the first
    // record, so both keep the same epochs from then on.
    void reopenedSeriesThinsAsTheUninterruptedOne_data() {
        QTest::addColumn<int>("savedAt");
        QTest::newRow("before any thinning") << 100;
        QTest::newRow("just after the first") << 121;
        QTest::newRow("at stride 8 or more") << 1000;
        QTest::newRow("at a large stride") << 4099;
    }
    void reopenedSeriesThinsAsTheUninterruptedOne() {
        QFETCH(int, savedAt);
        EpochSeries<Record> live{100, 20}, reopened{100, 20};
        for (int e = 1; e <= savedAt; ++e)
            live.append({e});
        reopened.assign(live.records());
        QCOMPARE(reopened.stride(), live.stride());
        for (int e = savedAt + 1; e <= 20'000; ++e) {
            live.append({e});
            reopened.append({e});
        }
        QCOMPARE(reopened.size(), live.size());
        for (std::size_t i = 0; i < live.size(); ++i)
            QCOMPARE(reopened.records()[i].epoch, live.records()[i].epoch);
    }

    void afterGivesTheUnseenRecords() {
        EpochSeries<Record> series;
        for (int e : {2, 4, 6, 7, 8})
            series.append({e});
        QCOMPARE(recordsAfter(series.records(), 0).size(), std::size_t(5));
        QCOMPARE(recordsAfter(series.records(), 4).size(), std::size_t(3));
        QCOMPARE(recordsAfter(series.records(), 5).front().epoch, 6);
        QVERIFY(recordsAfter(series.records(), 8).empty());
        const std::vector<Record> taken = series.take();
        QCOMPARE(taken.size(), std::size_t(5));
        QVERIFY(series.empty());
    }
};

QTEST_APPLESS_MAIN(TestEpochSeries)
#include "tst_epochseries.moc"
