// The Paper view driven as a user would: a short experiment started from the controls fills the curves and
// the table and finishes; Cancel stops a long one promptly while the event loop keeps turning, leaving no
// thread behind; bad fields are named and start nothing; the experiment box sets its defaults; the CSV
// holds every curve; the main window has the tab and exports its plot.
#include "fresh_run_cache.h"
#include "mainwindow.h"
#include "paperview.h"

#include "slowdown.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <memory>
#include <optional>

using namespace gelulab;

namespace {

void shortExperiment(PaperView &view, const QString &activations, int epochs) {
    view.activationsField()->setText(activations);
    view.seedsBox()->setValue(2);
    view.epochsBox()->setValue(epochs);
    view.dropoutField()->setText(QStringLiteral("0"));
    view.ratesField()->setText(QStringLiteral("0.001"));
}

int threadCount() {
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

} // namespace

class TestPaperView : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void shortExperimentFillsTheView();
    void cancelStopsPromptly();
    void restartReplacesARunningExperiment();
    void destroyedWhileRunningReturnsAtOnce();
    void badFieldsNamed();
    void experimentDefaultsAndAutoencoder();
    void mainWindowHasTheTab();
    void beforeAndDuringTheSearchNothingIsMadeUp();
    void stateRoundTrip();
    void fashionMnistFolder();
};

void TestPaperView::shortExperimentFillsTheView() {
    PaperView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    shortExperiment(view, QStringLiteral("gelu,relu"), 6);
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QVERIFY(view.isRunning());
    QVERIFY(view.waitForFinished(120'000));
    QVERIFY(view.snapshot().result.finished);
    QCOMPARE(view.variantCount(), 2);
    QCOMPARE(view.table()->rowCount(), 2);
    QCOMPARE(view.table()->item(0, 0)->text(), QStringLiteral("gelu"));
    QVERIFY(view.table()->item(1, 2)->text().contains("%"));
    QCOMPARE(view.progressBar()->value(), 1000);
    QVERIFY(view.statusLabel()->text().startsWith("Finished: 4 runs of 6 epochs"));
    for (int v = 0; v < 2; ++v) {
        // The test error over six epochs: falling, and what the snapshot says.
        QCOMPARE(view.testGraph(v)->data()->size(), 6);
        QVERIFY(view.testGraph(v)->data()->at(5)->value < view.testGraph(v)->data()->at(0)->value);
        QCOMPARE(view.testGraph(v)->data()->at(5)->value,
                 1.0 - view.snapshot().result.variants[std::size_t(v)].summary.testAccuracy[5].median);
        QCOMPARE(view.noiseGraph(v)->data()->size(), 13);
    }
    QTemporaryDir dir;
    QCOMPARE(view.exportCsv(dir.filePath("paper.csv")), QString());
    QFile file(dir.filePath("paper.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("variant,measure,x,q1,median,q3"));
    QCOMPARE(lines.size(), 1 + 2 * (3 * 6 + 2 * 13)); // train/test loss, test error; noise accuracy, log loss
    QVERIFY(view.exportCsv("/nonexistent-directory/p.csv").contains("cannot write"));
    // Start again: every run comes from the kept runs (the test's own cache), the same curves, no training.
    const double before = view.snapshot().result.variants[0].summary.finalTestLoss.median;
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QVERIFY(view.waitForFinished(120'000));
    QCOMPARE(view.snapshot().result.reusedRuns, 4);
    QVERIFY2(view.statusLabel()->text().contains("(4 of them kept from an earlier start)"),
             qPrintable(view.statusLabel()->text()));
    QCOMPARE(view.snapshot().result.variants[0].summary.finalTestLoss.median, before);
    QVERIFY(QDir(m_runCache->path() + QStringLiteral("/gelu-lab/runs")).exists());

    // Saved with the session (results(), files only) and opened in another window's tab: the same curves
    // and table, drawn without training, under the settings the experiment ran with.
    QJsonObject saved = view.state();
    saved.insert("results", view.results().value("results"));
    saved.insert("epochs", 9); // the fields were changed after the run: the results keep their own
    PaperView reopened;
    reopened.show();
    reopened.restoreState(saved);
    QVERIFY(!reopened.isRunning());
    QCOMPARE(reopened.epochsBox()->value(), 9);
    QCOMPARE(reopened.variantCount(), 2);
    QCOMPARE(reopened.snapshot().result.settings.epochs, 6);
    for (int v = 0; v < 2; ++v) {
        QCOMPARE(reopened.testGraph(v)->data()->size(), 6);
        QCOMPARE(reopened.testGraph(v)->data()->at(5)->value, view.testGraph(v)->data()->at(5)->value);
        QCOMPARE(reopened.noiseGraph(v)->data()->size(), 13);
    }
    for (int column = 0; column < view.table()->columnCount(); ++column)
        QCOMPARE(reopened.table()->item(0, column)->text(), view.table()->item(0, column)->text());
    QCOMPARE(reopened.results(), view.results());
    // Damaged results (a curve of the wrong length) are refused whole.
    QJsonObject damaged = saved;
    QJsonObject results = damaged["results"].toObject();
    QJsonArray variants = results["variants"].toArray();
    QJsonObject variant = variants[0].toObject();
    variant["noiseAccuracy"] = QJsonArray{QJsonArray{0.5, 0.6, 0.7}};
    variants[0] = variant;
    results["variants"] = variants;
    damaged["results"] = results;
    PaperView untouched;
    untouched.restoreState(damaged);
    QCOMPARE(untouched.variantCount(), 0);
}

void TestPaperView::cancelStopsPromptly() {
    PaperView view;
    view.show();
    const int before = threadCount();
    shortExperiment(view, QStringLiteral("gelu,relu,elu"), 1000);
    view.seedsBox()->setValue(5);
    QCOMPARE(view.start(), QString());
    // The event loop turns while the runs train: a timer sees the progress move between its ticks.
    QList<int> seen;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&] {
        if (seen.isEmpty() || seen.last() != view.progressBar()->value()) seen << view.progressBar()->value();
    });
    ticker.start(5);
    QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 3, 60'000);
    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(view.cancelButton(), Qt::LeftButton);
    QVERIFY(view.waitForFinished(10'000));
    QVERIFY2(timer.elapsed() < 5'000 * kSlowdown, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(view.snapshot().result.cancelled);
    QVERIFY(view.statusLabel()->text().startsWith("Cancelled"));
    QCOMPARE(view.startButton()->text(), QStringLiteral("Start"));
    QTRY_COMPARE(threadCount(), before); // the runs' threads joined; the view's worker thread stays
}

void TestPaperView::restartReplacesARunningExperiment() {
    PaperView view;
    shortExperiment(view, QStringLiteral("gelu,relu,elu"), 1000);
    QCOMPARE(view.start(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(view.progressBar()->value() > 0, 60'000);
    shortExperiment(view, QStringLiteral("silu"), 4);
    QCOMPARE(view.start(), QString()); // the long one stops; the new one runs to its end
    QVERIFY(view.waitForFinished(60'000));
    QVERIFY(view.snapshot().result.finished);
    QCOMPARE(view.variantCount(), 1);
    QCOMPARE(view.table()->item(0, 0)->text(), QStringLiteral("silu"));
    QCOMPARE(view.testGraph(0)->data()->size(), 4);
}

// Closing the view (or the application) in the middle of a long experiment, just after a Restart: the
// destructor aborts the running experiment between epochs, the queued one never starts, and the worker's
// thread is joined at once rather than after an experiment.
void TestPaperView::destroyedWhileRunningReturnsAtOnce() {
    const int before = threadCount();
    auto view = std::make_unique<PaperView>();
    shortExperiment(*view, QStringLiteral("gelu,relu,elu"), 1000); // minutes of training
    QCOMPARE(view->start(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(view->progressBar()->value() > 0, 60'000);
    QVERIFY(view->isRunning());
    // Restart queues a second long experiment behind the one being cancelled: it must not start either.
    QCOMPARE(view->start(), QString());
    QElapsedTimer timer;
    timer.start();
    view.reset();
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < 1'000 * kSlowdown, qPrintable(QString::number(elapsed)));
    qInfo("~PaperView took %lld ms during an experiment", elapsed);
    // The worker's thread and the runs' threads are gone (a thread of an earlier test may have ended too).
    QTRY_VERIFY2(threadCount() <= before,
                 qPrintable(QStringLiteral("%1 > %2").arg(threadCount()).arg(before)));
}

void TestPaperView::badFieldsNamed() {
    PaperView view;
    view.activationsField()->setText(QStringLiteral("gelu,nonesuch"));
    QVERIFY(view.start().contains("nonesuch"));
    QVERIFY(!view.isRunning());
    QVERIFY(view.statusLabel()->text().contains("nonesuch"));
    view.activationsField()->setText(QStringLiteral("gelu"));
    view.ratesField()->setText(QStringLiteral("0.001,fast"));
    QVERIFY(view.start().contains("'fast' is not a number"));
    QVERIFY(!view.isRunning());
}

void TestPaperView::experimentDefaultsAndAutoencoder() {
    PaperView view;
    QCOMPARE(view.dropoutField()->text(), QStringLiteral("0,0.5"));
    QCOMPARE(view.ratesField()->text(), QStringLiteral("0.001,0.0001,1e-05"));
    view.experimentBox()->setCurrentIndex(
        view.experimentBox()->findData(QStringLiteral("digits-autoencoder")));
    QCOMPARE(view.ratesField()->text(), QStringLiteral("0.001,0.0001"));
    QCOMPARE(view.dropoutField()->text(), QStringLiteral("0"));
    QVERIFY(!view.dropoutField()->isEnabled());
    QCOMPARE(view.settings().hidden, (std::vector<int>{128, 64, 32, 8, 32, 64, 128}));
    view.activationsField()->setText(QStringLiteral("gelu"));
    view.seedsBox()->setValue(1);
    view.epochsBox()->setValue(3);
    QCOMPARE(view.start(), QString());
    QVERIFY(view.waitForFinished(120'000));
    QCOMPARE(view.variantCount(), 2); // one per learning rate
    QCOMPARE(view.table()->item(1, 0)->text(), QStringLiteral("gelu/lr=0.0001"));
    QCOMPARE(view.testGraph(0)->data()->size(), 3);
    QCOMPARE(view.noiseGraph(0)->data()->size(), 0); // no robustness for the autoencoder
}

// Before Start the first plot names its y axis and shows no empty legend; while the learning rates are being
// tried, no row claims one.
void TestPaperView::beforeAndDuringTheSearchNothingIsMadeUp() {
    PaperView view;
    QVERIFY(!view.errorRect()->axis(QCPAxis::atLeft)->label().isEmpty());
    QCPLegend *legend = nullptr;
    for (int i = 0; i < view.errorRect()->insetLayout()->elementCount(); ++i)
        if (auto *l = qobject_cast<QCPLegend *>(view.errorRect()->insetLayout()->elementAt(i))) legend = l;
    QVERIFY(legend);
    QVERIFY(!legend->visible());

    gelulab::PaperResult result;
    result.settings.learningRates = {1e-3, 1e-4, 1e-5};
    result.phase = "choosing learning rates";
    for (const char *id : {"gelu", "relu"}) {
        gelulab::PaperVariant v;
        v.activation = id;
        v.learningRate = 1e-3;
        result.variants.push_back(v);
    }
    view.showResult(result);
    QCOMPARE(view.table()->rowCount(), 2);
    QCOMPARE(view.table()->item(0, 1)->text(), QStringLiteral("choosing…"));
    QVERIFY(legend->visible());
    for (gelulab::PaperVariant &v : result.variants) {
        v.validationScores = {0.2, 0.1, 0.3};
        v.learningRate = 1e-4;
    }
    result.phase = "training";
    view.showResult(result);
    QCOMPARE(view.table()->item(1, 1)->text(), QStringLiteral("0.0001"));
}

void TestPaperView::mainWindowHasTheTab() {
    MainWindow window;
    QCOMPARE(window.tabs()->tabText(5), QStringLiteral("Paper"));
    window.tabs()->setCurrentWidget(window.view<PaperView>());
    QTemporaryDir dir;
    QCOMPARE(window.exportCurrentPlot(dir.filePath("paper.pdf"), 900, 600), QString());
    QFile pdf(dir.filePath("paper.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
}

void TestPaperView::stateRoundTrip() {
    PaperView view;
    view.experimentBox()->setCurrentIndex(
        view.experimentBox()->findData(QStringLiteral("digits-robustness")));
    view.activationsField()->setText(QStringLiteral("gelu,silu"));
    view.seedsBox()->setValue(4);
    view.epochsBox()->setValue(30);
    view.dropoutField()->setText(QStringLiteral("0,0.25"));
    view.ratesField()->setText(QStringLiteral("0.01,0.001"));
    view.optimizerBox()->setCurrentIndex(view.optimizerBox()->findText(QStringLiteral("Plain SGD")));
    const QJsonObject state = view.state();

    PaperView fresh;
    fresh.restoreState(state);
    QCOMPARE(fresh.experimentBox()->currentData().toString(), QStringLiteral("digits-robustness"));
    QCOMPARE(fresh.activationsField()->text(), QStringLiteral("gelu,silu"));
    QCOMPARE(fresh.seedsBox()->value(), 4);
    QCOMPARE(fresh.epochsBox()->value(), 30);
    QCOMPARE(fresh.dropoutField()->text(), QStringLiteral("0,0.25"));
    QCOMPARE(fresh.ratesField()->text(), QStringLiteral("0.01,0.001"));
    QCOMPARE(fresh.optimizerBox()->currentText(), QStringLiteral("Plain SGD"));
    QCOMPARE(fresh.settings().learningRates, view.settings().learningRates);
    QCOMPARE(fresh.state(), state);
    QCOMPARE(state.value("activations").toArray(), (QJsonArray{"gelu", "silu"}));
    QCOMPARE(state.value("learningRates").toArray(), (QJsonArray{0.01, 0.001}));

    QJsonObject bad = state;
    bad["experiment"] = "figure9";
    bad["activations"] = QJsonArray{"gelu", "nonesuch"};
    bad["learningRates"] = QJsonArray{0.01, "fast"};
    bad["seeds"] = 0;
    bad["optimizer"] = "newton";
    fresh.restoreState(bad);
    QCOMPARE(fresh.state(), state);
}

// A Fashion-MNIST experiment without its data says what is missing, refuses to start and offers the digits;
// with the data it loads in the worker and trains at the paper's size.
void TestPaperView::fashionMnistFolder() {
    PaperView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.dataNotice()->isHidden()); // the digits need nothing
    QVERIFY(!view.dataDirField()->isEnabled());
    QTemporaryDir empty;
    view.dataDirField()->setText(empty.path());
    view.experimentBox()->setCurrentIndex(
        view.experimentBox()->findData(QStringLiteral("fashion-classification")));
    QVERIFY(view.dataDirField()->isEnabled());
    QVERIFY(!view.dataNotice()->isHidden());
    QVERIFY2(view.dataNotice()->text().contains("train-images-idx3-ubyte(.gz) is missing"),
             qPrintable(view.dataNotice()->text()));
    QVERIFY(view.start().contains("is missing"));
    QVERIFY(!view.isRunning());
    QCOMPARE(view.state().value("dataDir").toString(), empty.path());
    QTest::mouseClick(view.useDigitsButton(), Qt::LeftButton);
    QCOMPARE(view.experimentBox()->currentData().toString(), QStringLiteral("digits-classification"));
    QVERIFY(view.dataNotice()->isHidden());

    view.dataDirField()->clear(); // Debian's folder
    view.experimentBox()->setCurrentIndex(
        view.experimentBox()->findData(QStringLiteral("fashion-classification")));
    if (!view.dataNotice()->isHidden())
        QSKIP("Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)");
    view.activationsField()->setText(QStringLiteral("gelu"));
    view.seedsBox()->setValue(1);
    view.epochsBox()->setValue(1);
    view.dropoutField()->setText(QStringLiteral("0"));
    view.ratesField()->setText(QStringLiteral("0.001"));
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QVERIFY(view.isRunning());
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Loading Fashion-MNIST…"));
    QVERIFY(view.waitForFinished(300'000));
    const PaperResult &r = view.snapshot().result;
    QVERIFY(r.finished);
    QCOMPARE(r.trainImages, 55'000);
    QCOMPARE(r.testImages, 10'000);
    QVERIFY(r.variants.front().summary.finalTestAccuracy.median > 0.7);
}

QTEST_MAIN(TestPaperView)
#include "tst_paperview.moc"
