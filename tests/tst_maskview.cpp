// The Stochastic mask view driven as a user would: play, pause, step and reset move the sample count as they
// should, sampling leaves the event loop turning, a click on the top plot picks the x followed below, and the
// drawn means are the sampled ones, within 4 standard errors of x·F(x).
#include "mainwindow.h"
#include "maskview.h"
#include "speedbox.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>

using gelulab::GateKind;
using gelulab::MaskView;

class TestMaskView : public QObject {
    Q_OBJECT
private slots:
    void stepAndReset();
    void playKeepsTheEventLoopTurning();
    void speedYouCanWatch();
    void noSamplesNoBarsAndNoStaleSpeed();
    void clickSelectsAnX();
    void drawnMeansAreTheSampledOnes();
    void gateChangeRestarts();
    void exportsCsvAndIsATab();
    void stateRoundTrip();
};

// At 10 samples a second Play never runs ahead of the clock, and the speed is part of the state.
void TestMaskView::speedYouCanWatch() {
    MaskView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.speedBox()->setSpeed(10.0));
    QCOMPARE(view.state().value("speed").toDouble(), 10.0);
    QElapsedTimer clock;
    clock.start();
    view.play();
    QTRY_VERIFY_WITH_TIMEOUT(view.samplesPerX() >= 3, 10'000);
    const auto samples = view.samplesPerX();
    QVERIFY2(samples <= 2 + qint64(10.0 * double(clock.elapsed()) / 1000.0),
             qPrintable(QStringLiteral("%1 samples in %2 ms").arg(samples).arg(clock.elapsed())));
    view.pause();
    // Space plays and pauses, → adds one sample at every x.
    QTest::qWait(200); // the paused worker's last snapshot shown
    const auto before = view.samplesPerX();
    view.plot()->setFocus();
    QTest::keyClick(view.plot(), Qt::Key_Right);
    QTRY_COMPARE(view.samplesPerX(), before + 1);
    QTest::keyClick(view.plot(), Qt::Key_Space);
    QVERIFY(view.isRunning());
    QTest::keyClick(view.plot(), Qt::Key_Space);
    QVERIFY(!view.isRunning());
    QJsonObject state = view.state();
    state.insert("speed", 0.0);
    view.restoreState(state);
    QCOMPARE(view.speedBox()->speed(), 0.0);
    view.play();
    QTRY_VERIFY(view.samplesPerX() > 1000); // as fast as possible again
    view.pause();
}

// Before the first sample (at start and after Reset) the histogram is empty — not a bar of fraction 1 at 0 —
// and the status line says nothing of a sampling speed.
void TestMaskView::noSamplesNoBarsAndNoStaleSpeed() {
    MaskView view;
    const auto barsTotal = [&] {
        double total = 0.0;
        for (auto it = view.histogramBars()->data()->begin(); it != view.histogramBars()->data()->end(); ++it)
            total += it->value;
        return total;
    };
    QCOMPARE(barsTotal(), 0.0);
    view.setTarget(200'000);
    view.play();
    QTRY_VERIFY(view.statusLabel()->text().contains("sampling at"));
    QTRY_VERIFY(view.samplesPerX() > 100);
    QCOMPARE(barsTotal(), 1.0);
    QTest::mouseClick(view.resetButton(), Qt::LeftButton);
    QTRY_COMPARE(view.samplesPerX(), std::int64_t(0));
    QCOMPARE(barsTotal(), 0.0);
    QVERIFY2(!view.statusLabel()->text().contains("sampling"), qPrintable(view.statusLabel()->text()));
}

void TestMaskView::stepAndReset() {
    MaskView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(view.samplesPerX(), std::int64_t(0));
    QTest::mouseClick(view.stepButton(), Qt::LeftButton);
    QTRY_COMPARE(view.samplesPerX(), std::int64_t(1));
    QTest::mouseClick(view.stepButton(), Qt::LeftButton);
    QTest::mouseClick(view.stepButton(), Qt::LeftButton);
    QTRY_COMPARE(view.samplesPerX(), std::int64_t(3));
    // One sample per x is in the scatter: one point per x per sample.
    QTRY_COMPARE(view.scatterGraph()->dataCount(), 3 * view.experiment().bins());
    QTest::mouseClick(view.resetButton(), Qt::LeftButton);
    QCOMPARE(view.samplesPerX(), std::int64_t(0));
    QTest::qWait(50); // late snapshots of the old run are dropped
    QCOMPARE(view.samplesPerX(), std::int64_t(0));
}

// While the worker samples towards 10⁶ per x, a timer on the GUI thread keeps firing; pause stops the count.
void TestMaskView::playKeepsTheEventLoopTurning() {
    MaskView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setTarget(1'000'000);
    // The timer sees the count move between its ticks: the event loop turns while the worker samples.
    QList<std::int64_t> seen;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&] {
        if (seen.isEmpty() || seen.last() != view.samplesPerX()) seen << view.samplesPerX();
    });
    ticker.start(5);
    QTest::mouseClick(view.playButton(), Qt::LeftButton);
    QCOMPARE(view.playButton()->text(), QStringLiteral("Pause"));
    QTRY_VERIFY(view.samplesPerX() > 1000 && seen.size() >= 4);
    QTest::mouseClick(view.playButton(), Qt::LeftButton); // pause
    QCOMPARE(view.playButton()->text(), QStringLiteral("Play"));
    QTest::qWait(100);
    const std::int64_t paused = view.samplesPerX();
    QTest::qWait(150);
    QCOMPARE(view.samplesPerX(), paused);
    QVERIFY(view.samplesPerSecond() > 0.0); // measured (its speed is for benchmarks, not tests)
}

void TestMaskView::clickSelectsAnX() {
    MaskView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setTarget(500);
    QVERIFY(view.waitUntilDone());
    view.plot()->replot();
    QSignalSpy selected(&view, &MaskView::selectionChanged);
    QCPAxis *xAxis = view.samplesRect()->axis(QCPAxis::atBottom);
    QCPAxis *yAxis = view.samplesRect()->axis(QCPAxis::atLeft);
    const QPoint at(int(xAxis->coordToPixel(-1.52)), int(yAxis->coordToPixel(0.5)));
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(view.selectedX(), -1.6); // the nearest sampled x (spacing 0.2)
    QVERIFY(view.histogramRect()->axis(QCPAxis::atBottom)->label().contains("x = -1.6"));
    QVERIFY(view.readout().startsWith("x = -1.6:"));
    // The histogram's bars are the fractions of m = 0 and m = 1 at that x.
    QCPBars *bars = view.histogramBars();
    const gelulab::MaskTally &t = view.experiment().tally(view.selectedBin());
    QCOMPARE(bars->data()->at(0)->key, -1.6);
    QCOMPARE(bars->data()->at(0)->value, double(t.ones) / double(t.n));
    // A click below, on the histogram, changes nothing.
    const QPoint below = view.histogramRect()->rect().center();
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, below);
    QCOMPARE(selected.count(), 1);
}

void TestMaskView::drawnMeansAreTheSampledOnes() {
    MaskView view;
    view.setSeed(99);
    view.setTarget(4000);
    QVERIFY(view.waitUntilDone());
    QCPGraph *means = view.meansGraph();
    const gelulab::MaskExperiment &e = view.experiment();
    QCOMPARE(means->dataCount(), e.bins());
    int checked = 0;
    for (int b = 0; b < e.bins(); ++b) {
        const gelulab::MaskTally &t = e.tally(b);
        QCOMPARE(t.n, std::int64_t(4000));
        QCOMPARE(means->data()->at(b)->value, t.sampleMean());
        const gelulab::MaskSummary s = gelulab::summarize(e.gate(), t);
        if (s.standardError > 0) {
            QVERIFY2(std::abs(s.z) <= 4.0, qPrintable(QString("x = %1, z = %2").arg(t.x).arg(s.z)));
            ++checked;
        }
    }
    QVERIFY(checked > 30);
}

void TestMaskView::gateChangeRestarts() {
    MaskView view;
    view.setTarget(50);
    QVERIFY(view.waitUntilDone());
    view.gateBox()->setCurrentIndex(view.gateBox()->findData(int(GateKind::Cauchy)));
    QCOMPARE(view.samplesPerX(), std::int64_t(0));
    QCOMPARE(view.experiment().gate().kind(), GateKind::Cauchy);
    QCPGraph *curve = view.curveGraph();
    const gelulab::ActivationInstance cauchy("gelu_cauchy");
    for (int i = 0; i < curve->dataCount(); i += 50)
        QCOMPARE(curve->data()->at(i)->value, cauchy(curve->data()->at(i)->key));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setGate(GateKind::Normal, 0.0, -2.0));
    QCOMPARE(view.experiment().gate().kind(), GateKind::Cauchy); // unchanged
}

void TestMaskView::exportsCsvAndIsATab() {
    gelulab::MainWindow window;
    QCOMPARE(window.tabs()->tabText(2), QStringLiteral("Stochastic mask"));
    window.tabs()->setCurrentIndex(2);
    window.view<gelulab::MaskView>()->setTarget(20);
    QVERIFY(window.view<gelulab::MaskView>()->waitUntilDone());
    QTemporaryDir dir;
    const QString csv = dir.filePath("mask.csv");
    QCOMPARE(window.exportCurrentData(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("x,exact_mean,sample_mean,standard_error,samples,ones"));
    QCOMPARE(lines.size(), 1 + MaskView::kDefaultBins);
    QVERIFY(lines[1].endsWith(",20," + QByteArray::number(qlonglong(
                                           window.view<gelulab::MaskView>()->experiment().tally(0).ones))));
    QCOMPARE(window.exportCurrentPlot(dir.filePath("mask.svg"), 900, 700), QString());
    QVERIFY(QFileInfo(dir.filePath("mask.svg")).size() > 10000);
}

void TestMaskView::stateRoundTrip() {
    MaskView view;
    view.setGate(GateKind::Normal, 0.5, 2.0);
    view.gateBox()->setCurrentIndex(view.gateBox()->findData(int(GateKind::Normal))); // unchanged
    view.targetBox()->setValue(2500);
    view.setSeed(42);
    view.setRange(-3.0, 2.0, 21);
    view.selectX(1.5);
    const QJsonObject state = view.state();

    MaskView fresh;
    fresh.restoreState(state);
    QCOMPARE(fresh.gateBox()->currentData().toInt(), int(GateKind::Normal));
    QCOMPARE(fresh.experiment().gate().mu(), 0.5);
    QCOMPARE(fresh.experiment().gate().sigma(), 2.0);
    QCOMPARE(fresh.targetBox()->value(), 2500);
    QCOMPARE(fresh.experiment().bins(), 21);
    QCOMPARE(fresh.selectedX(), view.selectedX());
    QCOMPARE(fresh.state(), state);
    // The same seed draws the same samples.
    view.step();
    fresh.step();
    QTRY_VERIFY(view.samplesPerX() == 1 && fresh.samplesPerX() == 1);
    QCOMPARE(fresh.experiment().binX(3), view.experiment().binX(3));

    // Another gate through the widget.
    view.gateBox()->setCurrentIndex(view.gateBox()->findData(int(GateKind::Cauchy)));
    fresh.restoreState(view.state());
    QCOMPARE(fresh.gateBox()->currentData().toInt(), int(GateKind::Cauchy));
    QCOMPARE(fresh.state(), view.state());

    const QJsonObject before = fresh.state();
    fresh.restoreState(QJsonObject{{"gate", "bernoulli"},
                                   {"sigma", -1.0},
                                   {"samples", 0},
                                   {"seed", "one"},
                                   {"from", 4.0},
                                   {"to", -4.0}});
    QCOMPARE(fresh.state(), before);
}

QTEST_MAIN(TestMaskView)
#include "tst_maskview.moc"
