// The Depth view driven as a user would: its read-outs are the core's numbers, the boxes, the slider, the
// presets and a drag of the point in the phase diagram move σ_w² and σ_b² and redraw, every plot is filled
// from the snapshot, a hidden tab computes nothing, and its settings survive state() and restoreState().
#include "depthplot.h"
#include "depthview.h"
#include "mean_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace gelulab;

namespace {

MeanFieldSummary expected(const char *id, double sigmaW2, double sigmaB2, double q0 = 1.0) {
    return MeanField(MeanFieldFunction::of(ActivationInstance(id)), sigmaW2, sigmaB2).summary(q0);
}

// A left-button press, or a move with the button held, at a pixel of the plot.
void mouse(QWidget *plot, QEvent::Type type, QPointF at) {
    QMouseEvent event(type, at, plot->mapToGlobal(at), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &event);
}

QPointF pixelOf(const DepthPlot *plot, double sigmaW2, double sigmaB2) {
    return {plot->phaseRect()->axis(QCPAxis::atBottom)->coordToPixel(sigmaW2),
            plot->phaseRect()->axis(QCPAxis::atLeft)->coordToPixel(sigmaB2)};
}

} // namespace

class TestDepthView : public QObject {
    Q_OBJECT
private slots:
    void readoutsAreTheCoresNumbers();
    void everyPlotIsFilled();
    void sigmaBoxSliderAndPresets();
    void dragThePointInThePhaseDiagram();
    void changesInOnePassAllArrive();
    void newNumbersKeepThePlotsWidth();
    void switchingActivationsRedrawsTheLegend();
    void correlationNumbersComeAfterTheNetwork();
    void readoutSaysWhereQ0Goes();
    void hiddenTabComputesNothing();
    void exportAndStateRoundTrip();
};

void TestDepthView::readoutsAreTheCoresNumbers() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    const DepthSnapshot &s = view.snapshot();
    QCOMPARE(s.curves.size(), std::size_t(3)); // GELU with ReLU and tanh
    QCOMPARE(s.curves[0].id, std::string("gelu"));
    const MeanFieldSummary gelu = expected("gelu", 2.0, 0.05);
    QCOMPARE(s.curves[0].summary.fixedPoint.q, gelu.fixedPoint.q);
    QCOMPARE(s.curves[0].summary.chi1, gelu.chi1);
    QVERIFY(s.curves[0].criticalKnown && s.curves[0].critical);
    QCOMPARE(s.curves[0].critical->boundary, DepthBoundary::FixedPointLost);
    // ReLU at σ_w² = 2 with a bias: V(q) = q + σ_b², no fixed point.
    QCOMPARE(s.curves[1].summary.fixedPoint.fate, DepthFate::Grows);
    const QString text = view.readoutLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("q* = %1").arg(gelu.fixedPoint.q, 0, 'g', 6)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("critical σ_w² = 2.41606 (q* is lost first)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("no fixed point: q grows without bound")), qPrintable(text));
    QCOMPARE(view.commandField()->text(),
             QStringLiteral("gelu-lab-cli depth --activation gelu --sigma-w2 2 --sigma-b2 0.05 --layers 50 "
                            "--width 512 --q0 1 --c0 0.5 --seed 1"));
    QCOMPARE(view.commandField()->cursorPosition(), 0); // its start in view: the command and the activation
}

void TestDepthView::everyPlotIsFilled() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    view.layersBox()->setValue(20);
    view.widthBox()->setValue(256);
    QVERIFY(view.waitUntilDone());
    const DepthSnapshot &s = view.snapshot();
    const DepthPlot *plot = view.depthPlot();
    QVERIFY(s.network);
    QCOMPARE(s.network->q.size(), std::size_t(21));
    // The heat map: one column per layer, the network's own gradient norms and correlations drawn.
    QCOMPARE(plot->heatMap()->data()->keySize(), 21);
    QCOMPARE(plot->gradientSimulated()->dataCount(), 21);
    QCOMPARE(plot->gradientSimulated()->data()->at(0)->value, s.network->gradNorm[0]);
    QCOMPARE(plot->correlationSimulated()->data()->at(20)->value, s.network->c[20]);
    QCOMPARE(plot->rootQPredicted()->data()->at(20)->value, std::sqrt(s.qPredicted[20]));
    // The phase diagram: every row coloured, every line drawn; ReLU's is σ_w² = 2 at every σ_b².
    QVERIFY(s.phase);
    QCOMPARE(s.phase->rowsDone, DepthPhaseGrid::kRows);
    QVERIFY(std::isnan(s.phase->chi1.back())); // σ_w² near 5, σ_b² near 1: GELU's q grows
    const DepthPhaseLine &relu = *s.curves[1].line;
    QCOMPARE(relu.done, DepthPhaseLine::kPoints);
    for (int k = 0; k < DepthPhaseLine::kPoints; ++k) {
        QVERIFY(std::abs(relu.sigmaW2[std::size_t(k)] - 2.0) < 1e-3);
        QCOMPARE(relu.boundary[std::size_t(k)], DepthBoundary::Chi1);
    }
    // The cobweb starts at (q₀, 0) and climbs to the map.
    QVERIFY(plot->cobweb()->dataCount() > 3);
    QCOMPARE(plot->cobweb()->data()->at(0)->key, 1.0);
    QCOMPARE(plot->cobweb()->data()->at(1)->value, s.curves[0].qSeries[1]);
}

void TestDepthView::sigmaBoxSliderAndPresets() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    view.sigmaW2Box()->setValue(1.0);
    QCOMPARE(view.sigmaW2Slider()->value(), 200);
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().settings.sigmaW2, 1.0);
    QCOMPARE(view.snapshot().curves[0].summary.chi1, expected("gelu", 1.0, 0.05).chi1);
    // The slider moves the box.
    view.sigmaW2Slider()->setValue(700);
    QCOMPARE(view.sigmaW2Box()->value(), 3.5);
    // He: σ_w² = 2 with no bias, where GELU's signal dies (GELU(x) ≈ x/2 near 0: χ₁ → 2/4).
    const QList<QPushButton *> buttons = view.findChildren<QPushButton *>();
    QPushButton *he = *std::find_if(buttons.begin(), buttons.end(),
                                    [](QPushButton *b) { return b->text() == QLatin1String("He"); });
    QTest::mouseClick(he, Qt::LeftButton);
    QCOMPARE(view.sigmaW2Box()->value(), 2.0);
    QCOMPARE(view.sigmaB2Box()->value(), 0.0);
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().curves[0].summary.fixedPoint.fate, DepthFate::Vanishes);
    QVERIFY(std::abs(view.snapshot().curves[0].summary.chi1 - 0.5) < 1e-6);
    QVERIFY(view.readoutLabel()->text().contains(QStringLiteral("q → 0")));
    // The edge of chaos at σ_b² = 0.05: just inside the ordered phase.
    view.sigmaB2Box()->setValue(0.05);
    QTest::mouseClick(view.criticalButton(), Qt::LeftButton);
    const double critical = criticalSigmaW2(MeanFieldFunction::of(ActivationInstance("gelu")), 0.05)->sigmaW2;
    QVERIFY(view.sigmaW2Box()->value() <= critical);
    QVERIFY(view.sigmaW2Box()->value() > critical - 1e-3);
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().curves[0].summary.fixedPoint.fate, DepthFate::FixedPoint);
}

void TestDepthView::dragThePointInThePhaseDiagram() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.waitUntilDone());
    DepthPlot *plot = view.depthPlot();
    mouse(plot, QEvent::MouseButtonPress, pixelOf(plot, 1.5, 0.2));
    QVERIFY(std::abs(view.sigmaW2Box()->value() - 1.5) <= 0.03);
    QVERIFY(std::abs(view.sigmaB2Box()->value() - 0.2) <= 0.01);
    QVERIFY(view.waitUntilDone());
    const quint64 before = view.snapshot().generation;
    mouse(plot, QEvent::MouseMove, pixelOf(plot, 3.0, 0.5));
    QVERIFY(std::abs(view.sigmaW2Box()->value() - 3.0) <= 0.03);
    QVERIFY(std::abs(view.sigmaB2Box()->value() - 0.5) <= 0.01);
    QCOMPARE(view.sigmaW2Slider()->value(), int(std::lround(view.sigmaW2Box()->value() * 200.0))); // 0.005 a step
    // A move is one point of the plane: one request, with both values.
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().generation, before + 1);
    QCOMPARE(view.snapshot().settings.sigmaB2, view.sigmaB2Box()->value());
    // Past the diagram's edge the point stays on it.
    mouse(plot, QEvent::MouseMove, pixelOf(plot, 9.0, -3.0));
    QCOMPARE(view.sigmaW2Box()->value(), 5.0);
    QCOMPARE(view.sigmaB2Box()->value(), 0.0);
    QTest::mouseRelease(plot, Qt::LeftButton, {}, pixelOf(plot, 9.0, -3.0).toPoint());
    QVERIFY(view.waitUntilDone());
    QCOMPARE(plot->currentPoint()->data()->at(0)->key, 5.0);
    // A press elsewhere (the q-map) moves nothing.
    const QRect qRect = plot->qMapRect()->rect();
    mouse(plot, QEvent::MouseButtonPress, qRect.center());
    QCOMPARE(view.sigmaW2Box()->value(), 5.0);
}

// The first change of a pass is asked for at once, the rest of the pass (He sets σ_w² and then σ_b²) by the
// request timer: the last snapshot has both, with no waitUntilDone (which would ask for it itself).
void TestDepthView::changesInOnePassAllArrive() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    const QList<QPushButton *> buttons = view.findChildren<QPushButton *>();
    QPushButton *he = *std::find_if(buttons.begin(), buttons.end(),
                                    [](QPushButton *b) { return b->text() == QLatin1String("He"); });
    QTest::mouseClick(he, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view.snapshot().done && view.snapshot().settings.sigmaW2 == 2.0 &&
                                 view.snapshot().settings.sigmaB2 == 0.0,
                             20'000);
    QCOMPARE(view.snapshot().curves[0].summary.fixedPoint.fate, DepthFate::Vanishes);
    // A second change in the same pass, after the first was asked for.
    view.sigmaW2Box()->setValue(1.0);
    view.sigmaB2Box()->setValue(0.3);
    QTRY_VERIFY_WITH_TIMEOUT(view.snapshot().done && view.snapshot().settings.sigmaW2 == 1.0 &&
                                 view.snapshot().settings.sigmaB2 == 0.3,
                             20'000);
    QCOMPARE(view.snapshot().curves[0].summary.chi1, expected("gelu", 1.0, 0.3).chi1);
}

// The read-out's lines change length with every number; the side panel, and the plot beside it, keep their
// width (a new width would also cost the plot a fresh picture buffer each time).
void TestDepthView::newNumbersKeepThePlotsWidth() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    QCoreApplication::processEvents();
    const int width = view.depthPlot()->width();
    QStringList readouts{view.readoutLabel()->text()};
    for (const double sigmaW2 : {0.5, 1.2345, 2.4, 3.98765, 5.0}) {
        view.setSigmas(sigmaW2, 0.1);
        QVERIFY(view.waitUntilDone());
        QCoreApplication::processEvents();
        readouts << view.readoutLabel()->text();
        QCOMPARE(view.depthPlot()->width(), width);
    }
    readouts.removeDuplicates();
    QCOMPARE(readouts.size(), 6);
}

// Switching the activations replaces the q-map's graphs and their legend entries (an entry left behind would
// draw a deleted graph).
void TestDepthView::switchingActivationsRedrawsTheLegend() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    DepthPlot *plot = view.depthPlot();
    QCOMPARE(plot->mapLegend()->itemCount(), 4); // the cobweb and three activations
    for (const auto &[studied, compared] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"silu", {"elu"}}, {"tanh", {}}, {"gelu", {"relu", "tanh"}}}) {
        view.setActivations(studied, compared);
        QVERIFY(view.waitUntilDone());
        plot->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(plot->mapLegend()->itemCount(), int(compared.size()) + 2);
        for (int i = 0; i < plot->mapLegend()->itemCount(); ++i) {
            auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->mapLegend()->item(i));
            QVERIFY(item && plot->hasPlottable(item->plottable()));
        }
        QCOMPARE(plot->qMapGraph(0)->name(), QString::fromStdString(view.snapshot().curves[0].name));
    }
}

// The maps' read-outs come first with c* and ξ_c still computing (two-dimensional expectations, up to a
// hundred times the rest), so that the network is not kept waiting; they are there once everything is.
void TestDepthView::correlationNumbersComeAfterTheNetwork() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(view.waitUntilDone());
    QStringList beforeNetwork;
    connect(&view, &DepthView::snapshotShown, &view, [&] {
        if (!view.snapshot().network) beforeNetwork << view.readoutLabel()->text();
    });
    view.sigmaW2Box()->setValue(3.0); // chaotic for tanh: c* < 1
    QVERIFY(view.waitUntilDone());
    QVERIFY(!beforeNetwork.isEmpty());
    QVERIFY2(beforeNetwork.front().contains(QStringLiteral("c*, ξ_c: computing…")),
             qPrintable(beforeNetwork.front()));
    const QString done = view.readoutLabel()->text();
    QVERIFY2(!done.contains(QStringLiteral("computing")), qPrintable(done));
    const MeanFieldSummary tanh = expected("tanh", 3.0, 0.05);
    QVERIFY(tanh.cStar < 1.0);
    QCOMPARE(view.snapshot().curves[2].summary.cStar, tanh.cStar);
    QCOMPARE(view.snapshot().curves[2].summary.depthScale, tanh.depthScale);
}

// GELU at σ_w² = 3 without a bias: small inputs fade, but the network's inputs of variance 1 run away, and
// the read-out says both; inside q*'s reach it says nothing more.
void TestDepthView::readoutSaysWhereQ0Goes() {
    DepthView view;
    view.setActivations("gelu", {});
    view.setSigmas(3.0, 0.0);
    QVERIFY(view.waitUntilDone());
    QVERIFY2(view.readout().contains(QStringLiteral("q → 0 (the signal dies)")), qPrintable(view.readout()));
    QVERIFY2(view.readout().contains(QStringLiteral("but from q₀ = 1 q grows without bound")),
             qPrintable(view.readout()));
    view.setNetwork(50, 512, 0.1, 0.5, 1);
    QVERIFY(view.waitUntilDone());
    QVERIFY2(!view.readout().contains(QStringLiteral("but from q₀")), qPrintable(view.readout()));
}

void TestDepthView::hiddenTabComputesNothing() {
    DepthView view; // never shown
    QTest::qWait(300);
    QVERIFY(view.snapshot().curves.empty());
    // Asked for a picture, it computes.
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().curves.size(), std::size_t(3));
}

void TestDepthView::exportAndStateRoundTrip() {
    DepthView view;
    view.resize(1280, 800);
    view.show();
    view.setActivations("silu", {"gelu_tanh"});
    view.setSigmas(1.75, 0.125);
    view.setNetwork(12, 64, 2.0, -0.5, 7);
    QVERIFY(view.waitUntilDone());
    QCOMPARE(view.snapshot().curves.size(), std::size_t(2));
    QVERIFY(!view.compareCheck(1)->isChecked());
    QTemporaryDir dir;
    const QString csv = dir.filePath("depth.csv");
    QCOMPARE(view.exportCsv(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 14); // the header and layers 0 … 12
    QVERIFY(rows[0].startsWith("layer,q_predicted,q_simulated"));
    QCOMPARE(rows[1].split(',')[1].toDouble(), 2.0);

    const QJsonObject state = view.state();
    DepthView other;
    other.restoreState(state);
    QCOMPARE(other.state(), state);
    QCOMPARE(other.activationIds(), (std::vector<std::string>{"silu", "gelu_tanh"}));
    QCOMPARE(other.settings().seed, std::uint64_t(7));
    // Values outside the view's ranges change nothing.
    QJsonObject bad = state;
    bad["sigmaW2"] = 7.0;
    bad["width"] = 5000;
    bad["activation"] = "soi";
    other.restoreState(bad);
    QCOMPARE(other.state(), state);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, other.setSigmas(-1.0, 0.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, other.setActivations("soi", {}));
}

QTEST_MAIN(TestDepthView)
#include "tst_depthview.moc"
