// The Playground driven as a user would: play, pause, step and reset move the epoch counter as they should,
// the event loop keeps turning while the worker trains, switching the activation mid-run keeps the weights, a
// click adds a point, and the boundary's colours are the network's outputs at the grid cells.
#include "networkdiagram.h"
#include "playgroundpanel.h"
#include "playgroundview.h"
#include "speedbox.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFontMetrics>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <qcustomplot.h>

#include <cmath>

using gelulab::PlaygroundView;

class TestPlaygroundView : public QObject {
    Q_OBJECT
private slots:
    void stepPlayPauseReset();
    void speedYouCanWatchAndKeys();
    void stallIsSaid();
    void aMessageMovesNoControl();
    void epochLabelsNeverCollide_data();
    void epochLabelsNeverCollide();
    void lateSnapshotsWhilePlayingAreDropped();
    void activationSwitchKeepsWeights();
    void clickAddsAPoint();
    void boundaryIsTheNetworksOutput();
    void divergencePausesWithAMessage();
    void blowUpWithoutDivergingIsAWarning();
    void networkShapeFromTheField();
    void diagramShowsUnitsAndWeights();
    void diagramAtTheWidestNetwork();
    void settingsAndExports();
    void csvData();
    void clickEditsAWeight();
    void hoverShowsAUnitLarge();
    void stateRoundTrip();
};

void TestPlaygroundView::stepPlayPauseReset() {
    PlaygroundView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.snapshot().grid.size == PlaygroundView::kGrid); // epoch 0 drawn
    QCOMPARE(view.epoch(), 0);
    QTest::mouseClick(view.stepButton(), Qt::LeftButton);
    QTRY_COMPARE(view.epoch(), 1);
    QVERIFY(view.epochLabel()->text().contains("000001"));
    QTest::mouseClick(view.stepButton(), Qt::LeftButton);
    QTRY_COMPARE(view.epoch(), 2);
    // Play: epochs run on while a GUI timer keeps firing — the timer sees the counter move between its ticks,
    // so the event loop turns while the worker trains.
    QList<int> seen;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&] {
        if (seen.isEmpty() || seen.last() != view.epoch()) seen << view.epoch();
    });
    ticker.start(5);
    QTest::mouseClick(view.playButton(), Qt::LeftButton);
    QCOMPARE(view.playButton()->text(), QStringLiteral("Pause"));
    QTRY_VERIFY(view.epoch() > 200 && seen.size() >= 4);
    for (qsizetype i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i] > seen[i - 1]);
    QTest::mouseClick(view.playButton(), Qt::LeftButton);
    QCOMPARE(view.playButton()->text(), QStringLiteral("Play"));
    QTest::qWait(100);
    const int paused = view.epoch();
    QTest::qWait(150);
    QCOMPARE(view.epoch(), paused);
    QCOMPARE(int(view.snapshot().history.size()), paused);
    QTest::mouseClick(view.resetButton(), Qt::LeftButton);
    QCOMPARE(view.epoch(), 0);
    QTest::qWait(50);
    QCOMPARE(view.epoch(), 0); // and stays there (late snapshots while playing: the next test)
}

// The speed control: at 10 epochs a second, Play never runs ahead of the clock (at most one epoch more than
// 10 × the seconds since Play) and does move; back at full speed it trains hundreds. Space plays and pauses,
// → trains one epoch, as the buttons do; the speed is part of the view's state.
void TestPlaygroundView::speedYouCanWatchAndKeys() {
    PlaygroundView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.snapshot().grid.size == PlaygroundView::kGrid);
    QComboBox *speed = view.panel()->speedBox();
    QCOMPARE(speed->currentData().toDouble(), 0.0); // as fast as possible by default
    speed->setCurrentIndex(speed->findData(10.0));
    QCOMPARE(view.state().value("speed").toDouble(), 10.0);
    QElapsedTimer clock;
    clock.start();
    view.plot()->setFocus();
    QTest::keyClick(view.plot(), Qt::Key_Space);
    QVERIFY(view.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(view.epoch() >= 4, 10'000);
    const int epochs = view.epoch();
    QVERIFY2(epochs <= 1 + int(10.0 * double(clock.elapsed()) / 1000.0) + 1,
             qPrintable(QStringLiteral("%1 epochs in %2 ms").arg(epochs).arg(clock.elapsed())));
    QTest::keyClick(view.plot(), Qt::Key_Space);
    QVERIFY(!view.isRunning());
    QTest::qWait(100);
    const int paused = view.epoch();
    QTest::keyClick(view.plot(), Qt::Key_Right);
    QTRY_COMPARE(view.epoch(), paused + 1);
    // As fast as possible again: far more than 10 a second.
    speed->setCurrentIndex(speed->findData(0.0));
    view.play();
    QTRY_VERIFY(view.epoch() > paused + 300);
    view.pause();
    // Restored from a state.
    QJsonObject state = view.state();
    state.insert("speed", 3.0);
    view.restoreState(state);
    QCOMPARE(speed->currentData().toDouble(), 3.0);
}

// Adam at learning rate 10 kills every unit: the weights' gradients are zero from then on and accuracy sits
// at chance. The view says so, as it says when training diverges.
void TestPlaygroundView::stallIsSaid() {
    PlaygroundView view;
    view.setLearningRate(10.0);
    QVERIFY(view.messageLabel()->text().isEmpty());
    view.step(200);
    QTRY_VERIFY(view.epoch() >= 200);
    QVERIFY2(view.messageLabel()->text().contains("stalled"), qPrintable(view.messageLabel()->text()));
    view.reset();
    view.setLearningRate(0.01);
    view.step(30);
    QTRY_VERIFY(view.epoch() >= 30);
    QVERIFY(!view.messageLabel()->text().contains("stalled"));
}

// A message appearing and going ("At most 8 hidden layers") moves no control.
void TestPlaygroundView::aMessageMovesNoControl() {
    PlaygroundView view;
    view.resize(1024, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto y = [&] {
        QApplication::processEvents();
        return view.hiddenField()->mapTo(&view, QPoint()).y();
    };
    const int before = y();
    view.hiddenField()->setText(QStringLiteral("1,1,1,1,1,1,1,1,1"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QVERIFY(view.messageLabel()->text().contains("At most"));
    QCOMPARE(y(), before);
    view.hiddenField()->setText(QStringLiteral("4,2"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QVERIFY(view.messageLabel()->text().isEmpty());
    QCOMPARE(y(), before);
}

void TestPlaygroundView::epochLabelsNeverCollide_data() {
    QTest::addColumn<double>("epochs");
    for (double e : {10.0, 950.0, 1.0e5, 1.25e5, 1.2e6, 3.3e7})
        QTest::addRow("%.0f", e) << e;
}

// However long the training, the epoch axes' labels (losses and gradient flow) stay apart in the smallest
// window: each label's box ends before the next one's starts.
void TestPlaygroundView::epochLabelsNeverCollide() {
    QFETCH(double, epochs);
    PlaygroundView view;
    view.resize(800, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (QCPAxisRect *rect : {view.lossRect(), view.gradientRect()}) {
        QCPAxis *axis = rect->axis(QCPAxis::atBottom);
        axis->setRange(0.0, epochs);
        view.plot()->replot();
        const QFontMetrics metrics(axis->tickLabelFont());
        const QVector<double> ticks = axis->tickVector();
        const QVector<QString> labels = axis->tickVectorLabels();
        QVERIFY(ticks.size() >= 2);
        for (qsizetype i = 1; i < ticks.size(); ++i) {
            const double gap = axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]);
            const double needed =
                (metrics.horizontalAdvance(labels[i]) + metrics.horizontalAdvance(labels[i - 1])) / 2.0 + 4.0;
            QVERIFY2(gap >= needed, qPrintable(QStringLiteral("'%1' and '%2' %3 px apart, need %4")
                                                   .arg(labels[i - 1], labels[i])
                                                   .arg(gap)
                                                   .arg(needed)));
        }
    }
}

// Reset while training plays: snapshots of the old network already on their way (the worker sends up to two
// while the GUI thread is busy) arrive after the reset and must not be shown — every snapshot shown from then
// on is of the new network at epoch 0.
void TestPlaygroundView::lateSnapshotsWhilePlayingAreDropped() {
    PlaygroundView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::mouseClick(view.playButton(), Qt::LeftButton);
    QTRY_VERIFY(view.epoch() > 20);
    // The GUI thread is busy for a while: the worker trains on and queues snapshots of this network.
    QThread::msleep(300);
    QTest::mouseClick(view.resetButton(), Qt::LeftButton); // handled at once, before the queued snapshots
    QCOMPARE(view.epoch(), 0);
    QVERIFY(view.snapshot().history.empty());
    QList<int> shownEpochs;
    QList<std::size_t> shownHistory;
    connect(&view, &PlaygroundView::snapshotShown, this, [&] {
        shownEpochs << view.epoch();
        shownHistory << view.snapshot().history.size();
    });
    QTRY_VERIFY(!shownEpochs.isEmpty()); // the new network's first snapshot
    QTest::qWait(100);
    QCOMPARE(shownEpochs, QList<int>(shownEpochs.size(), 0));
    QCOMPARE(shownHistory, QList<std::size_t>(shownHistory.size(), 0));
    QCOMPARE(view.playButton()->text(), QStringLiteral("Play")); // a reset stops; nothing old restarts it
    QCOMPARE(view.epoch(), 0);
}

void TestPlaygroundView::activationSwitchKeepsWeights() {
    PlaygroundView view;
    view.step(20);
    QVERIFY(view.waitForEpoch(20));
    const gelulab::Mlp<float> before = view.snapshot().training.network;
    view.activationBox()->setCurrentIndex(view.activationBox()->findData(QStringLiteral("relu")));
    QTRY_VERIFY(view.settings().activations.front() == "relu");
    view.step(1);
    QVERIFY(view.waitForEpoch(21));
    // One more epoch from the same weights: they moved a little, not re-initialised.
    const gelulab::Mlp<float> &after = view.snapshot().training.network;
    QCOMPARE(after.W.size(), before.W.size());
    double change = 0.0, size = 0.0;
    for (std::size_t l = 0; l < after.W.size(); ++l) {
        change += double((after.W[l] - before.W[l]).norm());
        size += double(before.W[l].norm());
    }
    QVERIFY2(change < 0.2 * size, qPrintable(QString("%1 of %2").arg(change).arg(size)));
    QCOMPARE(view.epoch(), 21);
}

void TestPlaygroundView::clickAddsAPoint() {
    PlaygroundView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    const std::size_t before = view.data().train.size();
    QCPAxis *x = view.boundaryRect()->axis(QCPAxis::atBottom);
    QCPAxis *y = view.boundaryRect()->axis(QCPAxis::atLeft);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                      QPoint(int(x->coordToPixel(3.0)), int(y->coordToPixel(-2.0))));
    QCOMPARE(view.data().train.size(), before + 1);
    QVERIFY(std::abs(view.data().train.back().x1 - 3.0) < 0.1);
    QVERIFY(std::abs(view.data().train.back().x2 + 2.0) < 0.1);
    QCOMPARE(view.data().train.back().target, 1.0); // the default class: blue
    // Ctrl+click removes it again.
    QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier,
                      QPoint(int(x->coordToPixel(3.0)), int(y->coordToPixel(-2.0))));
    QCOMPARE(view.data().train.size(), before);
    // Training goes on with the new data.
    view.step(2);
    QVERIFY(view.waitForEpoch(2));
}

// At grid cell (row r, column c), the colour map holds 2p − 1 of the network's sigmoid output p there.
void TestPlaygroundView::boundaryIsTheNetworksOutput() {
    PlaygroundView view;
    view.setDataset(QStringLiteral("xor"));
    view.step(30);
    QVERIFY(view.waitForEpoch(30));
    const gelulab::TrainingSnapshot &t = view.snapshot().training;
    for (const auto &[r, c] : {std::pair{5, 7}, std::pair{50, 50}, std::pair{93, 12}, std::pair{20, 80}}) {
        const double x1 = -6.0 + 12.0 * (c + 0.5) / PlaygroundView::kGrid;
        const double x2 = -6.0 + 12.0 * (r + 0.5) / PlaygroundView::kGrid;
        gelulab::ForwardCache<float> cache;
        gelulab::Trainer probe(view.data(), view.settings());
        gelulab::forward(t.network, probe.activations(), probe.featureMatrix({{x1, x2, 0.0}}), cache);
        const double p = cache.a.back()(0, 0);
        QCOMPARE(view.boundary()->data()->cell(c, r),
                 2.0 * double(view.snapshot().grid.output[std::size_t(r) * 100 + std::size_t(c)]) - 1.0);
        QVERIFY(std::abs(view.boundary()->data()->cell(c, r) - (2.0 * p - 1.0)) < 1e-6);
        double key = 0, value = 0;
        view.boundary()->data()->cellToCoord(c, r, &key, &value);
        QVERIFY(std::abs(key - x1) < 1e-12 && std::abs(value - x2) < 1e-12);
    }
    // Where the network says blue (p > 0.5) the map is above the middle of the gradient.
    QVERIFY(view.snapshot().training.record.trainAccuracy.value_or(0) > 0.5);
}

// Adam at 1000 on ELU: the loss ends tens of times above its start, yet below the divergence threshold. The
// view warns, with the figures, instead of saying nothing.
void TestPlaygroundView::blowUpWithoutDivergingIsAWarning() {
    PlaygroundView view;
    QJsonObject state = view.state();
    state.insert("hidden", QJsonArray{8, 8});
    view.restoreState(state);
    view.setActivation(QStringLiteral("elu"));
    view.setLearningRate(1000.0);
    view.step(100);
    QTRY_VERIFY2(view.epoch() >= 100, qPrintable(view.messageLabel()->text()));
    QTRY_VERIFY2(view.messageLabel()->text().startsWith("Warning: the training loss ended at"),
                 qPrintable(view.messageLabel()->text()));
    QVERIFY(view.snapshot().training.warning.has_value());
    view.reset(); // a fresh network has nothing to warn about
    QTRY_VERIFY(!view.messageLabel()->text().startsWith("Warning"));
}

void TestPlaygroundView::divergencePausesWithAMessage() {
    PlaygroundView view;
    view.setDataset(QStringLiteral("plane"));
    view.setLearningRate(1000.0);
    view.play();
    QTRY_VERIFY(view.messageLabel()->text().contains("training diverged at epoch"));
    QTRY_VERIFY(!view.isRunning());
    QCOMPARE(view.playButton()->text(), QStringLiteral("Play"));
    for (const auto &w : view.snapshot().training.network.W)
        QVERIFY(w.allFinite());
}

void TestPlaygroundView::networkShapeFromTheField() {
    PlaygroundView view;
    view.hiddenField()->setText(QStringLiteral("6,5,3"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QCOMPARE(view.settings().hidden, (std::vector<int>{6, 5, 3}));
    QTRY_COMPARE(view.snapshot().training.network.W.size(), std::size_t(4));
    QCOMPARE(view.snapshot().training.layers.size(), std::size_t(3));
    view.hiddenField()->setText(QStringLiteral("6,x"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QVERIFY(view.messageLabel()->text().contains("whole numbers"));
    QCOMPARE(view.settings().hidden, (std::vector<int>{6, 5, 3})); // unchanged
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setHidden(std::vector<int>(9, 2)));
    // An activation per layer.
    view.hiddenField()->setText(QStringLiteral("6:relu, 4:gelu_tanh"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QCOMPARE(view.settings().hidden, (std::vector<int>{6, 4}));
    QCOMPARE(view.settings().activations, (std::vector<std::string>{"relu", "gelu_tanh"}));
    view.step(1);
    QVERIFY(view.waitForEpoch(1));
    QCOMPARE(view.snapshot().training.network.W[1].rows(), 4);
    view.hiddenField()->setText(QStringLiteral("6:nope"));
    QMetaObject::invokeMethod(view.hiddenField(), "editingFinished");
    QVERIFY(view.messageLabel()->text().contains("Unknown activation 'nope'"));
    QCOMPARE(view.settings().activations.front(), std::string("relu")); // unchanged
}

// The diagram has a column per layer, each hidden unit's map is its output over the grid, the links' widths
// grow with |w| and their colours follow the sign, and inactive units are the trainer's.
void TestPlaygroundView::diagramShowsUnitsAndWeights() {
    PlaygroundView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setHidden({5, 3});
    view.step(10);
    QVERIFY(view.waitForEpoch(10));
    gelulab::NetworkDiagram *d = view.diagram();
    QCOMPARE(d->columns(), 4);
    QCOMPARE(d->units(0), 2);
    QCOMPARE(d->units(1), 5);
    QCOMPARE(d->units(2), 3);
    QCOMPARE(d->units(3), 1);
    const gelulab::TrainingSnapshot &t = view.snapshot().training;
    const gelulab::GridPicture &g = view.snapshot().grid;
    const QImage expected =
        gelulab::valueMap(g.layers[1].row(2).data(), g.unitSize, false, gelulab::NetworkDiagram::kNodeSize);
    QCOMPARE(d->thumbnail(2, 2), expected);
    QCOMPARE(d->thumbnail(2, 2).size(), QSize(34, 34));
    // Orientation: the output map's bottom-left pixel is the grid's first cell (x₁ = x₂ = −6), its top-left
    // the cell of row 97 (34 pixels over 100 rows); a clearly positive output is drawn blue, a negative one
    // orange.
    const QImage output = d->thumbnail(3, 0);
    int checked = 0;
    for (const auto &[pixelRow, gridRow] : {std::pair{33, 0}, std::pair{0, 97}}) {
        const double v = 2.0 * double(g.output[std::size_t(gridRow) * 100]) - 1.0;
        const QColor p = output.pixelColor(0, pixelRow);
        if (v > 0.2) QVERIFY(p.blue() > p.red() + 30);
        if (v < -0.2) QVERIFY(p.red() > p.blue() + 30);
        checked += std::abs(v) > 0.2 ? 1 : 0;
    }
    QVERIFY(checked >= 1); // circle's corners are far outside: orange
    // Wider links for larger weights, blue for positive and orange for negative.
    const auto &w = t.network.W[1];
    int bigRow = 0, bigCol = 0, smallRow = 0, smallCol = 0;
    for (Eigen::Index r = 0; r < w.rows(); ++r)
        for (Eigen::Index c = 0; c < w.cols(); ++c) {
            if (std::abs(w(r, c)) > std::abs(w(bigRow, bigCol))) bigRow = int(r), bigCol = int(c);
            if (std::abs(w(r, c)) < std::abs(w(smallRow, smallCol))) smallRow = int(r), smallCol = int(c);
        }
    QVERIFY(d->linkPen(2, bigCol, bigRow).widthF() > d->linkPen(2, smallCol, smallRow).widthF());
    QCOMPARE(d->linkPen(2, bigCol, bigRow).color().blue() > 150, w(bigRow, bigCol) > 0);
    for (int u = 0; u < 5; ++u) {
        const auto &inactive = t.layers[0].inactiveUnits;
        QCOMPARE(d->isInactive(1, u), std::find(inactive.begin(), inactive.end(), u) != inactive.end());
    }
    // Nodes are laid out inside the widget, in columns from left to right.
    QVERIFY(d->rect().contains(d->nodeRect(3, 0)));
    QVERIFY(d->nodeRect(1, 0).left() < d->nodeRect(2, 0).left());
}

void TestPlaygroundView::settingsAndExports() {
    PlaygroundView view;
    // Every data set has a thumbnail.
    for (int i = 0; i < view.datasetBox()->count(); ++i)
        QVERIFY(!view.datasetBox()->itemIcon(i).isNull());
    // Loss, initialisation and dropout start a new network with those settings.
    view.step(3);
    QVERIFY(view.waitForEpoch(3));
    const QList<QComboBox *> boxes = view.findChildren<QComboBox *>();
    QComboBox *lossBox = nullptr;
    for (QComboBox *b : boxes)
        if (b->itemText(1).startsWith("squared (tanh)")) lossBox = b;
    QVERIFY(lossBox);
    lossBox->setCurrentIndex(1);
    QCOMPARE(view.epoch(), 0);
    QVERIFY(view.settings().loss == gelulab::LossKind::Squared);
    QTRY_VERIFY(view.snapshot().training.network.output() == gelulab::OutputKind::Tanh);
    // Weights as JSON: one object per layer, rows of the weight matrix, the biases.
    view.step(2);
    QVERIFY(view.waitForEpoch(2));
    QTemporaryDir dir;
    QCOMPARE(view.exportWeights(dir.filePath("w.json")), QString());
    QFile file(dir.filePath("w.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(o.value("epoch").toInt(), 2);
    const QJsonArray layers = o.value("layers").toArray();
    QCOMPARE(layers.size(), 3); // [4, 2] and the output
    const auto &w = view.snapshot().training.network.W[1];
    const QJsonArray rows = layers[1].toObject().value("weights").toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].toArray().size(), 4);
    QCOMPARE(rows[1].toArray()[3].toDouble(), double(w(1, 3)));
    QCOMPARE(layers[0].toObject().value("activation").toString(), QString("gelu"));
    QVERIFY(view.exportWeights("/nonexistent-dir/w.json").startsWith("cannot write"));
    QTemporaryDir csvDir;
    QCOMPARE(view.exportCsv(csvDir.filePath("h.csv")), QString());
}

void TestPlaygroundView::csvData() {
    PlaygroundView view;
    QTemporaryDir dir;
    QFile bad(dir.filePath("bad.csv"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("x1,x2,label\n1,1,1\n-1,-1,0\n2,oops,1\n");
    bad.close();
    const std::size_t before = view.data().train.size();
    const QString error = view.loadDataCsv(dir.filePath("bad.csv"));
    QVERIFY2(error.contains("line 4: 'oops' is not a finite number"), qPrintable(error));
    QCOMPARE(view.data().train.size(), before); // nothing changed
    QFile good(dir.filePath("good.csv"));
    QVERIFY(good.open(QIODevice::WriteOnly));
    good.write("x1,x2,label\n-2,-2,0\n-2,-1,0\n-1,-2,0\n2,2,2\n2,1,2\n1,2,2\n0,3,1\n1,3,1\n");
    good.close();
    QCOMPARE(view.loadDataCsv(dir.filePath("good.csv")), QString());
    QCOMPARE(view.data().train.size() + view.data().test.size(), std::size_t(8));
    QCOMPARE(view.data().classes, 3);
    // Clicks add any of the file's classes, named by their colours on the plot, as for the built-in sets.
    QCOMPARE(view.clickClassBox()->count(), 3);
    QCOMPARE(view.clickClassBox()->itemText(0), QStringLiteral("green (class 2)"));
    QCOMPARE(view.clickClassBox()->itemData(2).toDouble(), 0.0);
    // A file whose points reach beyond the toy sets' ±6: the frame widens to show them all, and the Data box
    // names the file.
    QFile wide(dir.filePath("wide.csv"));
    QVERIFY(wide.open(QIODevice::WriteOnly));
    wide.write("x1,x2,label\n-9.5,0,0\n-8,1,0\n-7,-1,0\n8,0.5,1\n9,-3,1\n4,12,1\n");
    wide.close();
    QCOMPARE(view.loadDataCsv(dir.filePath("wide.csv")), QString());
    QCOMPARE(view.datasetBox()->currentText(), QString());
    QCOMPARE(view.datasetBox()->placeholderText(), QStringLiteral("wide.csv"));
    QVERIFY(view.waitUntilCurrent());
    QTRY_COMPARE(view.boundaryRect()->axis(QCPAxis::atBottom)->range(), QCPRange(-14.0, 14.0)); // ⌈12 × 1.1⌉
    QCOMPARE(view.boundaryRect()->axis(QCPAxis::atLeft)->range(), QCPRange(-14.0, 14.0));
    view.setDataset("blobs");
    QTRY_COMPARE(view.boundaryRect()->axis(QCPAxis::atBottom)->range(), QCPRange(-6.0, 6.0));
    QCOMPARE(view.clickClassBox()->count(), 3);
    QCOMPARE(view.clickClassBox()->itemText(0), QStringLiteral("green (class 2)"));
    view.setDataset("circle");
    QCOMPARE(view.clickClassBox()->count(), 2);
    QCOMPARE(view.clickClassBox()->currentText(), QStringLiteral("blue (class 1)"));
    QCOMPARE(view.clickClassBox()->currentData().toDouble(), 1.0);
    view.setDataset("plane");
    QCOMPARE(view.clickClassBox()->itemText(0), QStringLiteral("target +1"));
    QVERIFY(view.loadDataCsv(dir.filePath("good.csv")).isEmpty());
    view.step(5);
    QVERIFY(view.waitForEpoch(5));
    QCOMPARE(view.snapshot().training.network.outputs(), 3); // softmax over three classes
}

// A click on a link reads its weight into the editor; a new value there reaches the network.
void TestPlaygroundView::clickEditsAWeight() {
    PlaygroundView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.step(3);
    QVERIFY(view.waitForEpoch(3));
    gelulab::NetworkDiagram *d = view.diagram();
    // The middle of the link from input 1 (x₂) to unit 3 of the first hidden layer.
    const QRect a = d->nodeRect(0, 1), b = d->nodeRect(1, 2);
    const QPoint middle = (QPoint(a.right() + 1, a.center().y()) + QPoint(b.left(), b.center().y())) / 2;
    QCOMPARE(d->hitAt(middle).from, 1);
    QTest::mouseClick(d, Qt::LeftButton, {}, middle);
    QVERIFY(view.parameterEditor()->isEnabled());
    QCOMPARE(view.parameterEditor()->value(),
             std::round(double(view.snapshot().training.network.W[0](2, 1)) * 1e4) / 1e4);
    QVERIFY(view.parameterLabel()->text().contains("Weight from unit 2 below to unit 3 of layer 1"));
    view.parameterEditor()->setValue(1.25);
    QTRY_COMPARE(view.snapshot().training.network.W[0](2, 1), 1.25f);
    // A click on a hidden unit edits its bias.
    QTest::mouseClick(d, Qt::LeftButton, {}, d->nodeRect(2, 1).center());
    QVERIFY(view.parameterLabel()->text().contains("Bias of unit 2 of layer 2"));
    view.parameterEditor()->setValue(-0.5);
    QTRY_COMPARE(view.snapshot().training.network.b[1](1), -0.5f);
    QCOMPARE(view.epoch(), 3); // editing does not train
}

// 128 units a layer: every unit at least kMinNodeSize pixels, none overlapping another or outside the diagram
// (which grows and scrolls), thin links culled, and the links' image painted again only when a drawn link
// changes.
void TestPlaygroundView::diagramAtTheWidestNetwork() {
    PlaygroundView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setHidden({128, 128});
    view.step(2);
    QVERIFY(view.waitForEpoch(2));
    gelulab::NetworkDiagram *d = view.diagram();
    QCOMPARE(d->units(1), 128);
    QTRY_VERIFY(d->height() >= 128 * (gelulab::NetworkDiagram::kMinNodeSize + 2));
    for (int c = 0; c < d->columns(); ++c) {
        QRect previous;
        for (int u = 0; u < d->units(c); ++u) {
            const QRect r = d->nodeRect(c, u);
            QVERIFY(r.width() >= gelulab::NetworkDiagram::kMinNodeSize);
            QVERIFY2(d->rect().contains(r), qPrintable(QStringLiteral("column %1 unit %2").arg(c).arg(u)));
            QVERIFY(!r.intersects(previous));
            previous = r;
        }
    }
    int drawn = 0, thin = 0;
    for (int to = 0; to < 128; ++to)
        for (int from = 0; from < 128; ++from) {
            const bool shown = d->linkDrawn(2, from, to);
            drawn += shown;
            thin += !shown && std::abs(view.snapshot().training.network.W[1](to, from)) < 0.25f;
        }
    QVERIFY(drawn < 128 * 128 / 2);
    QCOMPARE(drawn + thin, 128 * 128); // exactly the thin ones are left out
    // Painting again without a new snapshot reuses the links' image.
    QImage image(d->size(), QImage::Format_ARGB32_Premultiplied);
    d->render(&image);
    const int paints = d->linkPaints();
    d->render(&image);
    QCOMPARE(d->linkPaints(), paints);
}

void TestPlaygroundView::hoverShowsAUnitLarge() {
    PlaygroundView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.step(5);
    QVERIFY(view.waitForEpoch(5));
    gelulab::NetworkDiagram *d = view.diagram();
    QTest::mouseMove(d, d->nodeRect(1, 2).center());
    QTRY_VERIFY(view.boundaryRect()->axis(QCPAxis::atBottom)->label().contains("unit 3 of layer 1"));
    // The worker draws the hovered unit at the boundary's resolution.
    QTRY_VERIFY(view.snapshot().grid.hoveredLayer == 0 && view.snapshot().grid.hoveredUnit == 2);
    const std::vector<float> &map = view.snapshot().grid.hovered;
    QCOMPARE(map.size(), std::size_t(100 * 100));
    float largest = 0.0f;
    for (float v : map)
        largest = std::max(largest, std::abs(v));
    QCOMPARE(view.boundary()->data()->cell(40, 30), double(map[30 * 100 + 40] / largest));
    // Leaving the unit brings the boundary back.
    QTest::mouseMove(d, QPoint(d->width() / 2, 2));
    QTRY_COMPARE(view.boundaryRect()->axis(QCPAxis::atBottom)->label(), QStringLiteral("x₁"));
    QCOMPARE(view.boundary()->data()->cell(40, 30),
             2.0 * double(view.snapshot().grid.output[30 * 100 + 40]) - 1.0);
}

void TestPlaygroundView::stateRoundTrip() {
    PlaygroundView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    gelulab::PlaygroundPanel *p = view.panel();
    p->datasetBox()->setCurrentIndex(p->datasetBox()->findData(QStringLiteral("xor")));
    p->noiseBox()->setValue(12.5);
    p->ratioBox()->setValue(70);
    p->batchBox()->setValue(25);
    p->showTestBox()->click(); // (below the scrolling panel's fold: clicked as the keyboard would)
    p->discretizeBox()->click();
    p->featureBoxes()[2]->setChecked(true); // x₁²
    p->activationBox()->setCurrentIndex(p->activationBox()->findData(QStringLiteral("relu")));
    p->hiddenField()->setText(QStringLiteral("6:elu,3"));
    QMetaObject::invokeMethod(p->hiddenField(), "editingFinished");
    p->learningRateBox()->setCurrentIndex(p->learningRateBox()->findData(0.03));
    p->optimizerBox()->setCurrentIndex(p->optimizerBox()->findText(QStringLiteral("momentum")));
    p->lossBox()->setCurrentIndex(1);
    p->initBox()->setCurrentIndex(p->initBox()->findText(QStringLiteral("he")));
    p->dropoutBox()->setCurrentIndex(p->dropoutBox()->findData(0.2));
    p->regularizationBox()->setCurrentIndex(2);
    p->regularizationRateBox()->setCurrentIndex(p->regularizationRateBox()->findData(0.01));
    QTest::mouseClick(view.playButton(), Qt::LeftButton); // state is the settings, not the run
    p->regenerateButton()->click();                       // a new seed for the points
    const QJsonObject state = view.state();

    PlaygroundView fresh;
    fresh.restoreState(state);
    gelulab::PlaygroundPanel *q = fresh.panel();
    QCOMPARE(q->datasetBox()->currentData().toString(), QStringLiteral("xor"));
    QCOMPARE(q->noiseBox()->value(), 12.5);
    QCOMPARE(q->ratioBox()->value(), 70);
    QCOMPARE(q->batchBox()->value(), 25);
    QVERIFY(!q->showTestBox()->isChecked());
    QVERIFY(q->discretizeBox()->isChecked());
    QCOMPARE(q->features(), p->features());
    QCOMPARE(q->hiddenField()->text(), QStringLiteral("6:elu,3:relu")); // each layer's activation named
    QCOMPARE(state.value("hidden").toArray(), (QJsonArray{6, 3}));
    QCOMPARE(state.value("layerActivations").toArray(), (QJsonArray{"elu", "relu"}));
    QCOMPARE(q->activationBox()->currentData().toString(), QStringLiteral("relu"));
    QCOMPARE(q->optimizerBox()->currentText(), QStringLiteral("momentum"));
    QCOMPARE(q->lossBox()->currentIndex(), 1);
    QCOMPARE(q->initBox()->currentText(), QStringLiteral("he"));
    QCOMPARE(q->regularizationBox()->currentIndex(), 2);
    // What the network trains with, and the very same points.
    QCOMPARE(fresh.settings().hidden, (std::vector<int>{6, 3}));
    QCOMPARE(fresh.settings().activations, (std::vector<std::string>{"elu", "relu"}));
    QCOMPARE(fresh.settings().learningRate, 0.03);
    QCOMPARE(fresh.settings().batch, 25);
    QCOMPARE(fresh.settings().dropout, 0.2);
    QCOMPARE(fresh.settings().l2, 0.01);
    QCOMPARE(fresh.settings().optimizer, view.settings().optimizer);
    QCOMPARE(fresh.data().train.size(), view.data().train.size());
    QCOMPARE(fresh.data().train.front().x1, view.data().train.front().x1);
    QCOMPARE(fresh.state(), state);

    // Values the controls cannot take are left out; the rest still applies.
    QJsonObject bad = state;
    bad["dataset"] = "nonesuch";
    bad["noise"] = 400.0;
    bad["batch"] = 2.5;
    bad["features"] = QJsonArray{"x9"};
    bad["hidden"] = QJsonArray{6, 1000};
    bad["optimizer"] = "fastest";
    bad["learningRate"] = "quick";
    bad["trainPercent"] = 80;
    fresh.restoreState(bad);
    QJsonObject expected = state;
    expected["trainPercent"] = 80;
    QCOMPARE(fresh.state(), expected);
    QCOMPARE(fresh.settings().hidden, (std::vector<int>{6, 3}));
}

QTEST_MAIN(TestPlaygroundView)
#include "tst_playgroundview.moc"
