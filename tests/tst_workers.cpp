// The workers on their own, each in its thread and driven through its commands as a view would: snapshots
// carry the generation they were computed for, the Playground's history arrives in pieces, bad settings are
// reported with their generation, the in-flight throttle holds a worker back, Cancel stops a long job
// promptly with a report of where it stopped, and after abort() nothing more is emitted — not even by a
// start queued behind it. Signals are received in the test's thread (QSignalSpy in Qt 6.4 is not safe
// across threads), through a queued connection as a view receives them.
#include "compareworker.h"
#include "fresh_run_cache.h"
#include "maskworker.h"
#include "paperworker.h"
#include "trainingworker.h"
#include "workerthread.h"

#include "slowdown.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

using namespace gelulab;

namespace {

// What a worker sent, as a view receives it: queued into the test's thread. Unless `hold` is set, each
// snapshot is taken at once (the view has drawn it), so the worker is never held back.
template<typename W, typename Snapshot>
struct Received {
    explicit Received(WorkerThread<W> &thread) {
        QObject::connect(thread.get(), &W::snapshotReady, &context,
                         [this, worker = thread.get()](const std::shared_ptr<Snapshot> &s) {
                             handOffAcquire(worker->toOwner()); // as WorkerThread::accept
                             snapshots.push_back(s);
                             if (!hold) worker->takeSnapshot();
                         });
        QObject::connect(thread.get(), &Worker::failed, &context,
                         [this, worker = thread.get()](const QString &message, quint64 generation) {
                             handOffAcquire(worker->toOwner());
                             failures << message;
                             failedGenerations.push_back(generation);
                         });
    }
    const Snapshot &last() const { return *snapshots.back(); }
    int count() const { return int(snapshots.size()); }

    QObject context;
    std::vector<std::shared_ptr<Snapshot>> snapshots;
    QStringList failures;
    std::vector<quint64> failedGenerations;
    bool hold = false;
};

Dataset circle() {
    DatasetSettings settings;
    settings.id = "circle";
    return makeDataset(settings);
}

TrainingSettings smallNetwork() {
    TrainingSettings settings;
    settings.hidden = {4, 2};
    return settings;
}

PaperSettings longPaperExperiment() {
    PaperSettings s = paperDefaults(PaperExperimentKind::Classification);
    s.activations = {"gelu", "relu"};
    s.seeds = 2;
    s.epochs = 1000; // minutes of work: only cancel or abort end it within the test
    s.dropouts = {0.0};
    s.learningRates = {0.001};
    return s;
}

} // namespace

class TestWorkers : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void trainingConfigureAndStep();
    void trainingPicturesAtAScreensRate();
    void trainingLargeNetworkCoarseWhileRunning();
    void trainingHistoryArrivesInPieces();
    void longTrainingHistoryStaysBounded();
    void thinnedGapReplacesTheHistory();
    void trainingReportsBadSettings();
    void staleGenerationsAreDropped();
    void inFlightThrottleHoldsTheWorkerBack();
    void maskAddsSamples();
    void compareCancelStopsPromptlyAndReports();
    void compareReportsBadSettings();
    void paperCancelStopsPromptlyAndReports();
    void abortEmitsNothingMoreAndQueuedStartsStayStopped();
    void ownerJoinsWithinASecondDuringAnExperiment();
};

// While training, a snapshot carries a new picture at most every kPictureIntervalMs (the others keep the last
// one: grid.size 0), the units' maps at their own small grid, and the hovered unit at the boundary's
// resolution.
void TestWorkers::trainingPicturesAtAScreensRate() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    thread.post([](TrainingWorker &w) {
        w.configure(circle(), smallNetwork(), 100, 1);
        w.setHoveredUnit(0, 3);
    });
    QTRY_VERIFY(received.count() >= 2);
    const GridPicture &first = received.last().grid;
    QCOMPARE(first.size, 100);
    QCOMPARE(first.unitSize, TrainingWorker::kUnitGrid);
    QCOMPARE(first.layers[0].cols(), Eigen::Index(TrainingWorker::kUnitGrid * TrainingWorker::kUnitGrid));
    QCOMPARE(first.hoveredLayer, 0);
    QCOMPARE(first.hoveredUnit, 3);
    QCOMPARE(first.hovered.size(), std::size_t(100 * 100));
    const int before = received.count();
    QElapsedTimer timer;
    timer.start();
    thread.post([](TrainingWorker &w) { w.play(); });
    QTest::qWait(600);
    thread.post([](TrainingWorker &w) { w.pause(); });
    const double elapsed = double(timer.elapsed());
    QTRY_VERIFY(!received.last().running);
    int pictures = 0, without = 0;
    for (int i = before; i < received.count() - 1; ++i)
        (received.snapshots[std::size_t(i)]->grid.size > 0 ? pictures : without) += 1;
    QVERIFY2(pictures >= 2, qPrintable(QString::number(pictures)));
    QVERIFY2(pictures <= elapsed / TrainingWorker::kPictureIntervalMs + 2,
             qPrintable(QStringLiteral("%1 pictures in %2 ms").arg(pictures).arg(elapsed)));
    QVERIFY2(without >= 1, "every snapshot carried a picture");
    QCOMPARE(received.last().grid.size, 100); // pausing draws at once
}

// A network whose full picture is costly draws its boundary on the coarse grid while training and on the
// full one once paused.
void TestWorkers::trainingLargeNetworkCoarseWhileRunning() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    TrainingSettings large;
    large.hidden = {128, 128, 128};
    thread.post([large](TrainingWorker &w) {
        w.configure(circle(), large, 100, 1);
        w.play();
    });
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(received.snapshots.begin(), received.snapshots.end(),
                    [](const auto &s) { return s->running && s->grid.size == TrainingWorker::kCoarseGrid; }),
        20'000);
    thread.post([](TrainingWorker &w) { w.pause(); });
    QTRY_VERIFY_WITH_TIMEOUT(!received.last().running, 20'000);
    QCOMPARE(received.last().grid.size, 100);
}

void TestWorkers::trainingConfigureAndStep() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    thread.post([](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, 3); });
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.last().training.record.epoch, 0);
    QCOMPARE(received.last().generation, quint64(3));
    QCOMPARE(received.last().grid.size, 10);
    QVERIFY(!received.last().running);
    thread.post([](TrainingWorker &w) { w.step(5); });
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(received.last().training.record.epoch, 5);
    QCOMPARE(received.last().generation, quint64(3));
    QVERIFY(received.failures.isEmpty());
}

// Each snapshot carries the records since the previous one; a receiver that appends has the full history.
void TestWorkers::trainingHistoryArrivesInPieces() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    thread.post([](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, 1); });
    thread.post([](TrainingWorker &w) { w.step(5); });
    thread.post([](TrainingWorker &w) { w.step(3); });
    QTRY_COMPARE(received.count(), 3);
    const PlaygroundSnapshot &first = *received.snapshots[1], &second = *received.snapshots[2];
    QVERIFY(received.snapshots[0]->replacesHistory);
    QVERIFY(!first.replacesHistory);
    QCOMPARE(first.history.size(), std::size_t(5));
    QCOMPARE(first.gradientNorms.size(), std::size_t(5));
    QVERIFY(!second.replacesHistory);
    QCOMPARE(second.history.size(), std::size_t(3)); // only epochs 6 to 8
    QCOMPARE(second.history.records().front().epoch, 6);
    QCOMPARE(second.gradientNorms.size(), std::size_t(3));
    QCOMPARE(second.gradientNorms.records().front().epoch, 6);
    PlaygroundSnapshot full;
    for (const auto &s : received.snapshots)
        full.take(PlaygroundSnapshot(*s));
    QCOMPARE(full.history.size(), std::size_t(8));
    for (int e = 0; e < 8; ++e) {
        QCOMPARE(full.history.records()[std::size_t(e)].epoch, e + 1);
        QCOMPARE(full.gradientNorms.records()[std::size_t(e)].epoch, e + 1);
        QCOMPARE(full.gradientNorms.records()[std::size_t(e)].norms.size(),
                 std::size_t(3)); // weight layers 2→4, 4→2, 2→1
    }
    // A reset starts the history again: the first snapshot replaces.
    thread.post([](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, 2); });
    QTRY_COMPARE(received.count(), 4);
    QVERIFY(received.last().replacesHistory);
    full.take(PlaygroundSnapshot(received.last()));
    QVERIFY(full.history.empty());
    QVERIFY(full.gradientNorms.empty());
}

// A long run's history stays bounded in the worker and in a receiver, the latest epochs whole, the older ones
// at a power-of-two stride — the same epochs on both sides.
void TestWorkers::longTrainingHistoryStaysBounded() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    TrainingSettings tiny = smallNetwork();
    tiny.hidden = {2};
    constexpr std::size_t kBound = PlaygroundSnapshot::kOlderEpochs + PlaygroundSnapshot::kRecentEpochs;
    const int epochs = int(kBound) + 1500;
    thread.post([&](TrainingWorker &w) { w.configure(circle(), tiny, 0, 1); });
    thread.post([=](TrainingWorker &w) { w.step(epochs); });
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 2, 60000);
    QVERIFY(received.failures.isEmpty());
    PlaygroundSnapshot full;
    for (const auto &s : received.snapshots)
        full.take(PlaygroundSnapshot(*s));
    const std::vector<EpochRecord> &history = full.history.records();
    const std::vector<EpochGradientNorms> &norms = full.gradientNorms.records();
    QVERIFY(history.size() <= kBound);
    QVERIFY(norms.size() <= kBound);
    QCOMPARE(history.back().epoch, epochs);
    QCOMPARE(norms.back().epoch, epochs);
    QCOMPARE(history.front().epoch, 2); // the whole run, thinned to every second epoch
    const std::size_t recent = PlaygroundSnapshot::kRecentEpochs;
    for (std::size_t i = 0; i < recent; ++i)
        QCOMPARE(history[history.size() - 1 - i].epoch, epochs - int(i));
    for (std::size_t i = 0; i + recent < history.size(); ++i)
        QVERIFY(i == 0 || history[i].epoch > history[i - 1].epoch);
    const std::optional<TrainerState> state =
        thread.call([](const TrainingWorker &w) { return w.trainerState(); });
    QVERIFY(state);
    QCOMPARE(state->history.size(), history.size()); // what a session saves
    for (std::size_t i = 0; i < history.size(); ++i)
        QCOMPARE(state->history[i].epoch, history[i].epoch);
}

// Thousands of epochs between two snapshots (the view busy): the trainer has thinned some of the new records
// away before they were sent, so the snapshot replaces the view's history with the trainer's, and both
// keep the same epochs.
void TestWorkers::thinnedGapReplacesTheHistory() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    TrainingSettings tiny = smallNetwork();
    tiny.hidden = {2};
    constexpr int kLong = int(PlaygroundSnapshot::kOlderEpochs + PlaygroundSnapshot::kRecentEpochs) * 2;
    thread.post([&](TrainingWorker &w) { w.configure(circle(), tiny, 0, 1); });
    thread.post([](TrainingWorker &w) { w.step(100); });
    thread.post([](TrainingWorker &w) { w.step(kLong); });
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 3, 60000 * kSlowdown);
    QVERIFY(!received.snapshots[1]->replacesHistory);
    QVERIFY(received.last().replacesHistory);
    PlaygroundSnapshot full;
    for (const auto &s : received.snapshots)
        full.take(PlaygroundSnapshot(*s));
    const std::optional<TrainerState> state =
        thread.call([](const TrainingWorker &w) { return w.trainerState(); });
    QVERIFY(state);
    QCOMPARE(full.history.size(), state->history.size());
    for (std::size_t i = 0; i < state->history.size(); ++i)
        QCOMPARE(full.history.records()[i].epoch, state->history[i].epoch);
    // Thinned at stride s, a history starts at epoch s: the stride is taken up again from there.
    QVERIFY(full.history.stride() >= 2);
    QCOMPARE(std::int64_t(full.history.records().front().epoch), full.history.stride());
    // Training on in steps shorter than the whole part appends again, through a thinning, and both sides
    // keep the same epochs.
    for (int k = 0; k < 4; ++k)
        thread.post([](TrainingWorker &w) { w.step(1500); });
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 7, 60000 * kSlowdown);
    for (std::size_t k = 3; k < 7; ++k) {
        QVERIFY(!received.snapshots[k]->replacesHistory);
        full.take(PlaygroundSnapshot(*received.snapshots[k]));
    }
    const std::optional<TrainerState> after =
        thread.call([](const TrainingWorker &w) { return w.trainerState(); });
    QCOMPARE(full.history.back().epoch, 100 + kLong + 6000);
    QCOMPARE(full.history.size(), after->history.size());
    for (std::size_t i = 0; i < after->history.size(); ++i)
        QCOMPARE(full.history.records()[i].epoch, after->history[i].epoch);
}

void TestWorkers::trainingReportsBadSettings() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    TrainingSettings bad = smallNetwork();
    bad.activations = {"nonesuch"};
    thread.post([bad](TrainingWorker &w) { w.configure(circle(), bad, 10, 7); });
    QTRY_COMPARE(received.failures.size(), 1);
    QVERIFY2(received.failures.front().contains("nonesuch"), qPrintable(received.failures.front()));
    QCOMPARE(received.failedGenerations.front(), quint64(7));
    // Without a network, commands do nothing (and send nothing).
    thread.post([](TrainingWorker &w) { w.step(3); });
    QTest::qWait(100);
    QCOMPARE(received.count(), 0);
}

// The owner's generation decides: a snapshot computed for an earlier one is dropped, and either way it is no
// longer in flight.
void TestWorkers::staleGenerationsAreDropped() {
    WorkerThread<TrainingWorker> thread;
    std::vector<quint64> drawn;
    QObject context;
    connect(thread.get(), &TrainingWorker::snapshotReady, &context,
            [&](const std::shared_ptr<PlaygroundSnapshot> &s) {
                if (thread.accept(s->generation)) drawn.push_back(s->generation);
            });
    const quint64 old = thread.nextGeneration();
    thread.post([old](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, old); });
    thread.post([](TrainingWorker &w) { w.step(20); });
    const quint64 current = thread.nextGeneration(); // a reset before those arrive
    thread.post([current](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, current); });
    QTRY_COMPARE(drawn.size(), std::size_t(1));
    QTest::qWait(50);
    QCOMPARE(drawn, std::vector<quint64>{current});
    QTRY_COMPARE(thread->inFlight(), 0);
}

void TestWorkers::inFlightThrottleHoldsTheWorkerBack() {
    WorkerThread<TrainingWorker> thread;
    Received<TrainingWorker, PlaygroundSnapshot> received(thread);
    received.hold = true; // nothing is drawn
    thread.post([](TrainingWorker &w) { w.configure(circle(), smallNetwork(), 10, 1); });
    thread.post([](TrainingWorker &w) { w.play(); });
    QTRY_COMPARE(received.count(), 2);
    QTest::qWait(200); // many chunks of training, but no more pictures
    QCOMPARE(received.count(), 2);
    QCOMPARE(thread->inFlight(), 2);
    const int heldAt = received.last().training.record.epoch;
    thread->takeSnapshot(); // one drawn: the next chunk sends again
    QTRY_COMPARE(received.count(), 3);
    QVERIFY(received.last().training.record.epoch > heldAt);
    thread.post([](TrainingWorker &w) { w.pause(); });
    QTRY_VERIFY(!received.last().running); // stopping always reports, in flight or not
}

void TestWorkers::maskAddsSamples() {
    WorkerThread<MaskWorker> thread;
    Received<MaskWorker, MaskSnapshot> received(thread);
    const MaskExperiment experiment(MaskGate(), -4.0, 4.0, 41, 1);
    thread.post([experiment](MaskWorker &w) { w.reset(experiment, 4); });
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.last().experiment.samplesPerBin(), std::int64_t(0));
    QCOMPARE(received.last().generation, quint64(4));
    thread.post([](MaskWorker &w) { w.step(3); });
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(received.last().experiment.samplesPerBin(), std::int64_t(3));
    thread.post([](MaskWorker &w) { w.play(5000); });
    QTRY_VERIFY(received.last().experiment.samplesPerBin() == 5000 && !received.last().running);
    QVERIFY(received.count() > 3); // in chunks, a snapshot after each
}

void TestWorkers::compareCancelStopsPromptlyAndReports() {
    WorkerThread<CompareWorker> thread;
    Received<CompareWorker, CompareSnapshot> received(thread);
    const std::vector<std::string> ids{"gelu", "relu"};
    thread.post([ids](CompareWorker &w) { w.start(circle(), smallNetwork(), ids, 3, 100'000, 20, 1); });
    QTRY_VERIFY(received.count() >= 2 && received.last().epoch > 0);
    QElapsedTimer timer;
    timer.start();
    thread->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(received.last().finished, 5'000);
    QVERIFY2(timer.elapsed() < 2'000 * kSlowdown, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(received.last().cancelled);
    QVERIFY(received.last().epoch < 100'000);
    QCOMPARE(received.last().summaries.size(), std::size_t(2));
    // A new start clears the cancel and runs to its end.
    thread.post([ids](CompareWorker &w) { w.start(circle(), smallNetwork(), ids, 2, 3, 20, 2); });
    QTRY_VERIFY(received.last().generation == 2 && received.last().finished);
    QVERIFY(!received.last().cancelled);
    QCOMPARE(received.last().epoch, 3);
}

void TestWorkers::compareReportsBadSettings() {
    WorkerThread<CompareWorker> thread;
    Received<CompareWorker, CompareSnapshot> received(thread);
    const std::vector<std::string> ids{"gelu", "nonesuch"};
    thread.post([ids](CompareWorker &w) { w.start(circle(), smallNetwork(), ids, 2, 10, 20, 9); });
    QTRY_COMPARE(received.failures.size(), 1);
    QVERIFY(received.failures.front().contains("nonesuch"));
    QCOMPARE(received.failedGenerations.front(), quint64(9));
    QCOMPARE(received.count(), 0);
}

void TestWorkers::paperCancelStopsPromptlyAndReports() {
    WorkerThread<PaperWorker> thread;
    Received<PaperWorker, PaperSnapshot> received(thread);
    const PaperSettings s = longPaperExperiment();
    const DigitsSplit split = splitDigits(builtInDigits(), s.validation, s.test, s.seed);
    thread.post([split, s](PaperWorker &w) { w.start(split, s, 5); });
    QTRY_VERIFY_WITH_TIMEOUT(received.count() >= 2, 60'000);
    QElapsedTimer timer;
    timer.start();
    thread->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(received.last().result.cancelled, 5'000);
    QVERIFY2(timer.elapsed() < 2'000 * kSlowdown, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(received.last().generation, quint64(5));
    QVERIFY(!received.last().result.finished);
}

void TestWorkers::abortEmitsNothingMoreAndQueuedStartsStayStopped() {
    WorkerThread<CompareWorker> thread;
    Received<CompareWorker, CompareSnapshot> received(thread);
    const std::vector<std::string> ids{"gelu", "relu"};
    thread.post([ids](CompareWorker &w) { w.start(circle(), smallNetwork(), ids, 3, 100'000, 20, 1); });
    QTRY_VERIFY(received.count() >= 2);
    thread->abort();
    // A start queued behind the abort (as a Restart would queue one) must not undo it.
    thread.post([ids](CompareWorker &w) { w.start(circle(), smallNetwork(), ids, 2, 5, 20, 2); });
    QTest::qWait(300); // the chunk under way returns; whatever it had sent arrives
    const int count = received.count();
    QTest::qWait(300);
    QCOMPARE(received.count(), count);
    QVERIFY(!received.last().finished); // no final report either
    QVERIFY(received.last().generation == 1);
    QVERIFY(received.failures.isEmpty());
    QVERIFY(thread->isAborted());
}

// A paper experiment is one long call into the core; the owner's destructor aborts it between epochs and
// joins the thread at once rather than after the experiment.
void TestWorkers::ownerJoinsWithinASecondDuringAnExperiment() {
    auto thread = std::make_unique<WorkerThread<PaperWorker>>();
    Received<PaperWorker, PaperSnapshot> received(*thread);
    const PaperSettings s = longPaperExperiment();
    const DigitsSplit split = splitDigits(builtInDigits(), s.validation, s.test, s.seed);
    thread->post([split, s](PaperWorker &w) { w.start(split, s, 1); });
    QTRY_VERIFY_WITH_TIMEOUT(received.count() >= 2, 60'000);
    QThread *worker = thread->thread();
    QVERIFY(worker->isRunning());
    QElapsedTimer timer;
    timer.start();
    thread.reset();
    QVERIFY2(timer.elapsed() < 1'000 * kSlowdown, qPrintable(QString::number(timer.elapsed())));
}

QTEST_MAIN(TestWorkers)
#include "tst_workers.moc"
