// Compare mode driven as a user would: Start creates one boundary and one set of curves per checked run and
// fills the table; each run's boundary is the network that run trained (rebuilt here from the same seed);
// Cancel stops promptly while the event loop keeps turning; a run list with one activation twice is refused;
// the CSV export holds every curve; the Playground's "Compare activations…" hands its setup over.
#include "compareview.h"
#include "mainwindow.h"
#include "playgroundview.h"

#include "slowdown.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace gelulab;

class TestCompareView : public QObject {
    Q_OBJECT
private slots:
    void startCreatesTheRuns();
    void boundariesAreTheRunsNetworks();
    void cancelStopsPromptly();
    void restartReplacesARunningComparison();
    void duplicateActivationsRefused();
    void exportHoldsEveryCurve();
    void playgroundHandsOverItsSetup();
    void previewsShowTheSetupBeforeStart();
    void stateRoundTrip();
    void finishedResultsReopen();
};

namespace {

void choose(CompareView &view, const std::vector<QString> &ids, int seeds, int epochs) {
    for (int i = 0; i < CompareView::kMaxRuns; ++i) {
        const bool used = std::size_t(i) < ids.size();
        if (view.runCheck(i)->isEnabled()) view.runCheck(i)->setChecked(used);
        if (used) view.runBox(i)->setCurrentIndex(view.runBox(i)->findData(ids[std::size_t(i)]));
    }
    view.seedsBox()->setValue(seeds);
    view.epochsBox()->setValue(epochs);
}

} // namespace

void TestCompareView::startCreatesTheRuns() {
    CompareView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DatasetSettings d;
    d.id = "circle";
    TrainingSettings settings;
    settings.hidden = {8, 8};
    view.setSetup(makeDataset(d), settings, "circle");
    choose(view, {"gelu", "gelu_sigmoid", "relu"}, 3, 25);
    QCOMPARE(view.alternatives(), (std::vector<std::string>{"gelu", "gelu_sigmoid", "relu"}));
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QVERIFY(view.isRunning());
    QVERIFY(view.waitForFinished());
    QCOMPARE(view.runCount(), 3);
    QCOMPARE(view.table()->rowCount(), 3);
    QCOMPARE(view.table()->item(1, 0)->text(), QStringLiteral("GELU (sigmoid approximation)"));
    QVERIFY(view.table()->item(0, 1)->text().contains("%"));
    QCOMPARE(view.progressBar()->value(), 1000);
    QVERIFY(view.statusLabel()->text().startsWith("Finished: 3 runs × 3 seeds, 25 epochs"));
    QVERIFY(!view.cancelButton()->isEnabled());
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(view.testLossGraph(r)->data()->size(), 25);
        QCOMPARE(view.robustnessGraph(r)->data()->size(), 13); // a = 0, 0.25, …, 3
        // The first epoch's test-loss median is above the last one's: the runs learned.
        QVERIFY(view.testLossGraph(r)->data()->at(0)->value > view.testLossGraph(r)->data()->at(24)->value);
        // Accuracy under noise falls from a = 0 to a = 3.
        QVERIFY(view.robustnessGraph(r)->data()->at(0)->value >
                view.robustnessGraph(r)->data()->at(12)->value);
    }
    // Fewer runs: the view rebuilds with two boundaries.
    choose(view, {"gelu", "elu"}, 1, 5);
    QCOMPARE(view.start(), QString());
    QVERIFY(view.waitForFinished());
    QCOMPARE(view.runCount(), 2);
    QCOMPARE(view.table()->rowCount(), 2);
    QCOMPARE(view.testLossGraph(1)->data()->size(), 5);
}

void TestCompareView::boundariesAreTheRunsNetworks() {
    CompareView view;
    DatasetSettings d;
    d.id = "xor";
    d.points = 200;
    TrainingSettings settings;
    settings.hidden = {6, 4};
    settings.seed = 11;
    const Dataset data = makeDataset(d);
    view.setSetup(data, settings, "xor");
    choose(view, {"gelu", "gelu_tanh"}, 2, 15);
    QCOMPARE(view.start(), QString());
    QVERIFY(view.waitForFinished());
    for (int run = 0; run < 2; ++run) {
        // The same network, trained here from the run's first seed.
        TrainingSettings s = settings;
        s.activations = {run == 0 ? "gelu" : "gelu_tanh"};
        Trainer trainer(data, s);
        for (int e = 0; e < 15; ++e)
            QVERIFY(trainer.trainEpoch());
        const GridPicture t = GridProbe(s.features, CompareView::kGrid).draw(trainer);
        QCPColorMapData *cells = view.boundary(run)->data();
        QCOMPARE(cells->keySize(), CompareView::kGrid);
        double largestDifference = 0.0, spread = 0.0;
        for (int r = 0; r < CompareView::kGrid; r += 7)
            for (int c = 0; c < CompareView::kGrid; c += 5) {
                const double expected = 2.0 * t.output[std::size_t(r * CompareView::kGrid + c)] - 1.0;
                largestDifference = std::max(largestDifference, std::abs(cells->cell(c, r) - expected));
                spread = std::max(spread, std::abs(expected));
            }
        QCOMPARE(largestDifference, 0.0);
        QVERIFY(spread > 0.5); // a boundary, not a flat map
    }
}

void TestCompareView::cancelStopsPromptly() {
    CompareView view;
    view.show();
    choose(view, {"gelu", "relu"}, 4, 100'000);
    QCOMPARE(view.start(), QString());
    // The event loop turns while the runs train: a timer sees the epoch counter move between its ticks.
    QList<int> seen;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&] {
        if (seen.isEmpty() || seen.last() != view.snapshot().epoch) seen << view.snapshot().epoch;
    });
    ticker.start(5);
    QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 3, 20'000);
    QVERIFY(view.cancelButton()->isEnabled());
    QTest::mouseClick(view.cancelButton(), Qt::LeftButton);
    QVERIFY(view.waitForFinished(5'000));
    QVERIFY(view.snapshot().cancelled);
    QVERIFY(view.snapshot().epoch < 100'000);
    QVERIFY(view.statusLabel()->text().startsWith("Cancelled at epoch"));
    QVERIFY(view.snapshot().robustness.empty()); // not measured on unfinished runs
    QCOMPARE(view.startButton()->text(), QStringLiteral("Start"));
}

void TestCompareView::restartReplacesARunningComparison() {
    CompareView view;
    choose(view, {"gelu", "relu", "elu"}, 3, 100'000);
    QCOMPARE(view.start(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(view.snapshot().epoch > 0, 20'000);
    QElapsedTimer timer;
    timer.start();
    choose(view, {"gelu_tanh", "silu"}, 2, 7);
    QCOMPARE(view.start(), QString()); // Restart: the long one stops, the new one runs to its end
    QVERIFY(view.waitForFinished(20'000));
    QVERIFY2(timer.elapsed() < 10'000 * kSlowdown, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!view.snapshot().cancelled);
    QCOMPARE(view.snapshot().epoch, 7);
    QCOMPARE(view.runCount(), 2);
    QCOMPARE(view.snapshot().summaries.size(), std::size_t(2));
    QCOMPARE(view.testLossGraph(0)->data()->size(), 7);
}

void TestCompareView::duplicateActivationsRefused() {
    CompareView view;
    choose(view, {"gelu", "gelu"}, 1, 5);
    QVERIFY(view.start().contains("different activation"));
    QVERIFY(!view.isRunning());
    QVERIFY(view.statusLabel()->text().contains("different activation"));
}

void TestCompareView::exportHoldsEveryCurve() {
    CompareView view;
    choose(view, {"gelu", "silu", "mish"}, 2, 10);
    QCOMPARE(view.start(), QString());
    QVERIFY(view.waitForFinished());
    QTemporaryDir dir;
    QCOMPARE(view.exportCsv(dir.filePath("c.csv")), QString());
    QFile file(dir.filePath("c.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("activation,measure,x,q1,median,q3"));
    // Per activation: train loss, test loss and test accuracy per epoch, and 13 noise levels.
    QCOMPARE(lines.size(), 1 + 3 * (3 * 10 + 13));
    QVERIFY(lines.contains(lines[1]));
    QVERIFY(lines[1].startsWith("gelu,train_loss,1,"));
    QVERIFY(view.exportCsv("/nonexistent-directory/c.csv").contains("cannot write"));
}

void TestCompareView::playgroundHandsOverItsSetup() {
    MainWindow window;
    PlaygroundView *playground = window.view<PlaygroundView>();
    playground->setDataset("xor");
    playground->setHidden({5, 3});
    playground->setActivation("silu");
    QTest::mouseClick(playground->compareButton(), Qt::LeftButton);
    CompareView *compare = window.view<CompareView>();
    QCOMPARE(window.tabs()->currentWidget(), compare);
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Compare"));
    QVERIFY(compare->setupLabel()->text().startsWith("xor,"));
    QVERIFY(compare->setupLabel()->text().contains("hidden 5,3"));
    QCOMPARE(compare->settings().hidden, (std::vector<int>{5, 3}));
    QCOMPARE(compare->data().train.size(), playground->data().train.size());
    QCOMPARE(compare->alternatives().front(), std::string("silu"));
    // The picture and the data export follow the tab.
    QTemporaryDir dir;
    QCOMPARE(window.exportCurrentPlot(dir.filePath("compare.png"), 900, 600), QString());
    QVERIFY(!QImage(dir.filePath("compare.png")).isNull());
    // The Playground through the same menu actions: its picture and its history.
    window.tabs()->setCurrentWidget(playground);
    playground->step(3);
    QVERIFY(playground->waitForEpoch(3));
    QCOMPARE(window.exportCurrentPlot(dir.filePath("playground.svg"), 900, 600), QString());
    QFile svg(dir.filePath("playground.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
    QCOMPARE(window.exportCurrentData(dir.filePath("history.csv")), QString());
    QFile history(dir.filePath("history.csv"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QCOMPARE(history.readAll().trimmed().split('\n').size(), 1 + 3);
}

void TestCompareView::stateRoundTrip() {
    CompareView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::mouseClick(view.runCheck(3), Qt::LeftButton, {}, QPoint(5, 5)); // the fourth run joins
    view.runBox(1)->setCurrentIndex(view.runBox(1)->findData(QStringLiteral("silu")));
    view.runBox(3)->setCurrentIndex(view.runBox(3)->findData(QStringLiteral("mish")));
    view.seedsBox()->setValue(3);
    view.epochsBox()->setValue(120);
    QCOMPARE(view.alternatives(), (std::vector<std::string>{"gelu", "silu", "relu", "mish"}));
    const QJsonObject state = view.state();

    CompareView fresh;
    fresh.restoreState(state);
    QCOMPARE(fresh.alternatives(), view.alternatives());
    QVERIFY(fresh.runCheck(3)->isChecked());
    QCOMPARE(fresh.seedsBox()->value(), 3);
    QCOMPARE(fresh.epochsBox()->value(), 120);
    QCOMPARE(fresh.state(), state);

    QJsonObject bad = state;
    bad["seeds"] = 500;
    bad["epochs"] = "many";
    bad["runs"] = QJsonArray{QJsonObject{{"checked", false}, {"activation", "nonesuch"}}};
    fresh.restoreState(bad);
    QCOMPARE(fresh.state(), state); // the first two runs cannot be unchecked, nonesuch is no choice
}

// Before the first Start, each run's preview shows the points the setup line names (the Playground's circle,
// not the spiral the view starts with), and again after the Playground's setup changes.
void TestCompareView::previewsShowTheSetupBeforeStart() {
    MainWindow window;
    auto *compare = window.view<CompareView>();
    auto *playground = window.view<gelulab::PlaygroundView>();
    QVERIFY(compare->findChild<QLabel *>() != nullptr);
    const auto shown = [&](int run) {
        std::vector<std::pair<double, double>> points;
        for (QCPGraph *g : compare->previewPoints(run))
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                points.emplace_back(it->key, it->value);
        std::sort(points.begin(), points.end());
        return points;
    };
    const auto expected = [&] {
        std::vector<std::pair<double, double>> points;
        for (const gelulab::DataPoint &p : playground->data().train)
            points.emplace_back(p.x1, p.x2);
        std::sort(points.begin(), points.end());
        return points;
    };
    QCOMPARE(shown(0), expected());
    QCOMPARE(shown(2), expected());
    playground->setDataset("xor");
    emit compare->setupRequested(); // "From the Playground"
    QCOMPARE(shown(1), expected());
}

// A finished comparison saved with the session (results()) is drawn again on opening, without training: the
// same curves, boundaries, robustness and table; an unfinished one writes nothing, and damaged results change
// nothing.
void TestCompareView::finishedResultsReopen() {
    CompareView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DatasetSettings d;
    d.id = "xor";
    TrainingSettings settings;
    settings.hidden = {4};
    view.setSetup(makeDataset(d), settings, "xor, hidden 4");
    QVERIFY(view.results().isEmpty()); // nothing finished yet
    choose(view, {"gelu", "relu"}, 2, 12);
    QCOMPARE(view.start(), QString());
    QVERIFY(view.waitForFinished());
    QJsonObject saved = view.state();
    const QJsonObject results = view.results();
    QVERIFY(results.contains("results"));
    saved.insert("results", results.value("results"));

    CompareView reopened;
    reopened.show();
    reopened.restoreState(saved);
    QVERIFY(!reopened.isRunning());
    QCOMPARE(reopened.runCount(), 2);
    QCOMPARE(reopened.snapshot().summaries.size(), std::size_t(2));
    QVERIFY(reopened.snapshot().finished);
    for (int run = 0; run < 2; ++run) {
        QCOMPARE(reopened.testLossGraph(run)->dataCount(), view.testLossGraph(run)->dataCount());
        QCOMPARE(reopened.testLossGraph(run)->data()->at(11)->value,
                 view.testLossGraph(run)->data()->at(11)->value);
        QCOMPARE(reopened.robustnessGraph(run)->dataCount(), view.robustnessGraph(run)->dataCount());
        QCOMPARE(reopened.snapshot().boundaries[std::size_t(run)],
                 view.snapshot().boundaries[std::size_t(run)]);
    }
    for (int column = 0; column < view.table()->columnCount(); ++column)
        QCOMPARE(reopened.table()->item(1, column)->text(), view.table()->item(1, column)->text());
    QCOMPARE(reopened.results(), results);

    // A boundary of the wrong size: the results are refused whole.
    QJsonObject damaged = saved;
    QJsonObject r = damaged["results"].toObject();
    QJsonArray boundaries = r["boundaries"].toArray();
    boundaries[0] = QJsonArray{1.0, 2.0};
    r["boundaries"] = boundaries;
    damaged["results"] = r;
    CompareView untouched;
    untouched.restoreState(damaged);
    QVERIFY(untouched.snapshot().summaries.empty());
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
