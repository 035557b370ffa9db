// The Curves view driven as a user would: check activations in the list, toggle derivatives, zoom with the
// wheel, move the mouse for the read-out; each time the plotted data are checked against the registry.
#include "activation.h"
#include "activationtree.h"
#include "curvesview.h"
#include "speedbox.h"

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSlider>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <cmath>
#include <qcustomplot.h>
#include <vector>

using gelulab::ActivationInstance;
using gelulab::CurvesView;

namespace {

QTreeWidgetItem *findItem(QTreeWidget *list, const QString &id) {
    for (int g = 0; g < list->topLevelItemCount(); ++g)
        for (int i = 0; i < list->topLevelItem(g)->childCount(); ++i)
            if (list->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString() == id)
                return list->topLevelItem(g)->child(i);
    return nullptr;
}

// Every sample of the graph equals the registry's value at its x, bit for bit, and the samples cover the
// visible range.
void verifyGraph(const CurvesView &view, const QString &id, int order) {
    QCPGraph *graph = view.graph(id, order);
    QVERIFY2(graph, qPrintable(id));
    const ActivationInstance instance(id.toStdString());
    const QCPRange range = view.plot()->xAxis->range();
    QVERIFY(graph->data()->size() >= CurvesView::kSamples);
    QCOMPARE(graph->data()->constBegin()->key, range.lower);
    QCOMPARE((graph->data()->constEnd() - 1)->key, range.upper);
    // Bit for bit what the registry's array path gives at the same x, and within 1e-14 of the scalar
    // function.
    std::vector<double> keys, expected(std::size_t(graph->data()->size()));
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        keys.push_back(it->key);
    instance.evaluate(keys, expected, order);
    int i = 0;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it, ++i) {
        QVERIFY(it->value == expected[std::size_t(i)] ||
                (std::isnan(it->value) && std::isnan(expected[std::size_t(i)])));
        QVERIFY(std::abs(it->value - instance(it->key, order)) <= 1e-14 * (1.0 + std::abs(it->value)));
    }
}

} // namespace

// Clicks a check box on its box (a wide check box is clickable on its box and text only, not at its centre).
void clickCheckBox(QCheckBox *box) {
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
}

class TestCurvesView : public QObject {
    Q_OBJECT
private slots:
    void startsWithGelu();
    void keyboardChecksAnActivation();
    void mouseChecksAnActivation();
    void derivativeToggles();
    void wheelZoomResamples();
    void readoutFollowsTheMouse();
    void searchFiltersTheList();
    void parametersChangeTheCurve();
    void doubleClickResets();
    void notablePointsMarkGelusMinimum();
    void parameterEditorChangesTheCurve();
    void inconsistentParametersAreRefused();
    void animationTurnsGeluIntoRelu();
    void controlsStayPut();
    void clickedRowIsTheEditedOne();
    void stackedLegendNamesEachActivationOnce();
    void thinPensWhileMoving();
    void stackedPlotsShareTheXAxis();
    void invalidFormulaShowsItsErrorAndLeavesThePlot();
    void customFormulaJoinsTheView();
    void readoutSaysWhereADerivativeIsUndefined();
    void notableLabelsDoNotOverlap();
    void stateRoundTrip();
};

void TestCurvesView::startsWithGelu() {
    CurvesView view;
    QCOMPARE(view.checkedActivations(), QStringList{"gelu"});
    QCOMPARE(view.plot()->legend->itemCount(), 2); // f and f′
    verifyGraph(view, "gelu", 0);
    verifyGraph(view, "gelu", 1);
    QVERIFY(!view.graph("gelu", 2));
    // GELU dips below zero: the fitted y range shows its minimum of −0.17.
    QVERIFY(view.plot()->yAxis->range().lower < -0.17);
}

void TestCurvesView::keyboardChecksAnActivation() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTreeWidgetItem *item = findItem(view.activationList(), "gelu_tanh");
    QVERIFY(item);
    QSignalSpy changed(&view, &CurvesView::curvesChanged);
    view.activationList()->setCurrentItem(item);
    QTest::keyClick(view.activationList()->viewport(), Qt::Key_Space);
    QCOMPARE(item->checkState(0), Qt::Checked);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.checkedActivations(), (QStringList{"gelu", "gelu_tanh"}));
    QCOMPARE(view.plot()->legend->itemCount(), 4);
    verifyGraph(view, "gelu_tanh", 0);
    verifyGraph(view, "gelu_tanh", 1);
    QVERIFY(view.graph("gelu_tanh", 0)->name().contains("tanh approximation"));
    QTest::keyClick(view.activationList()->viewport(), Qt::Key_Space);
    QCOMPARE(view.checkedActivations(), QStringList{"gelu"});
    QVERIFY(!view.graph("gelu_tanh", 0));
}

void TestCurvesView::mouseChecksAnActivation() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTreeWidget *list = view.activationList();
    QTreeWidgetItem *item = findItem(list, "relu");
    list->scrollToItem(item);
    // Click the check indicator where the style draws it.
    QStyleOptionViewItem option;
    option.initFrom(list);
    option.rect = list->visualItemRect(item);
    option.features |= QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration;
    option.decorationSize = list->iconSize().isValid() ? list->iconSize() : QSize(16, 16);
    const QRect indicator =
        list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, list);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, indicator.center());
    QCOMPARE(item->checkState(0), Qt::Checked);
    verifyGraph(view, "relu", 0);
    // ReLU's kink at 0 is sampled on both sides.
    QCPGraph *graph = view.graph("relu", 0);
    QVERIFY(graph->data()->findBegin(0.0, false)->key <= 0.0);
    bool hasZero = false;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        hasZero = hasZero || it->key == 0.0;
    QVERIFY(hasZero);
}

void TestCurvesView::derivativeToggles() {
    CurvesView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::mouseClick(view.orderCheckBox(2), Qt::LeftButton);
    QVERIFY(view.isOrderVisible(2));
    verifyGraph(view, "gelu", 2);
    QTest::mouseClick(view.orderCheckBox(0), Qt::LeftButton);
    QVERIFY(!view.graph("gelu", 0));
    QCOMPARE(view.plot()->legend->itemCount(), 2);
}

void TestCurvesView::wheelZoomResamples() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QCPRange before = view.plot()->xAxis->range();
    const QPoint centre = view.plot()->axisRect()->rect().center();
    QWheelEvent wheel(centre, view.plot()->mapToGlobal(centre), QPoint(), QPoint(0, 960), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.plot(), &wheel);
    const QCPRange after = view.plot()->xAxis->range();
    QVERIFY2(after.size() < 0.5 * before.size(), qPrintable(QString::number(after.size())));
    // The curve was re-sampled over the new range: as many samples as before, inside it.
    verifyGraph(view, "gelu", 0);
}

void TestCurvesView::readoutFollowsTheMouse() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy readout(&view, &CurvesView::readoutChanged);
    const QRect rect = view.plot()->axisRect()->rect();
    const QPoint p(rect.left() + rect.width() / 3, rect.center().y());
    QTest::mouseMove(view.plot(), p);
    QTRY_VERIFY(readout.count() > 0);
    const double x = view.plot()->xAxis->pixelToCoord(p.x());
    const ActivationInstance gelu("gelu");
    QVERIFY2(view.readout().contains(QString::number(gelu(x), 'g', 10)), qPrintable(view.readout()));
    QVERIFY(view.readout().contains(QString::number(gelu(x, 1), 'g', 10)));
}

void TestCurvesView::searchFiltersTheList() {
    CurvesView view;
    QTest::keyClicks(view.searchField(), "shrink");
    QVERIFY(findItem(view.activationList(), "gelu")->isHidden());
    QVERIFY(!findItem(view.activationList(), "softshrink")->isHidden());
    QVERIFY(!findItem(view.activationList(), "tanhshrink")->isHidden());
    view.searchField()->clear();
    QVERIFY(!findItem(view.activationList(), "gelu")->isHidden());
}

void TestCurvesView::parametersChangeTheCurve() {
    CurvesView view;
    view.setCheckedActivations({"gelu_general"});
    const std::vector<double> params{1.0, 0.5};
    view.setActivationParameters("gelu_general", params);
    ActivationInstance expected("gelu_general");
    expected.setParameters(params);
    QCPGraph *graph = view.graph("gelu_general", 0);
    for (int i = 0; i < graph->data()->size(); i += 101)
        QCOMPARE(graph->data()->at(i)->value, expected(graph->data()->at(i)->key));
    const std::vector<double> bad{0.0, -1.0};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setActivationParameters("gelu_general", bad));
    QCOMPARE(view.activation("gelu_general").parameter("sigma"), 0.5);
}

void TestCurvesView::doubleClickResets() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setXRange(10.0, 12.0);
    QTest::mouseDClick(view.plot(), Qt::LeftButton, {}, view.plot()->axisRect()->rect().center());
    QCOMPARE(view.plot()->xAxis->range().lower, CurvesView::kDefaultFrom);
    QCOMPARE(view.plot()->xAxis->range().upper, CurvesView::kDefaultTo);
}

void TestCurvesView::notablePointsMarkGelusMinimum() {
    CurvesView view;
    view.resize(1024, 768);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // On by default: GELU's minimum (it is not monotonic and not ≥ 0) and its inflections at ±√2.
    QVERIFY(view.notablePointsBox()->isChecked());
    const QStringList labels = view.notablePointLabels();
    QCOMPARE(labels.size(), 3);
    QVERIFY2(labels.contains("min -0.16997 at x = -0.75179"), qPrintable(labels.join(" | ")));
    QVERIFY(labels.contains("inflection 1.303 at x = 1.4142"));
    // SiLU adds its own three; ReLU none (its kink is no zero of f′).
    view.setCheckedActivations({"gelu", "silu", "relu"});
    QCOMPARE(view.notablePointLabels().size(), 6);
    // With f hidden and f′ shown, f′'s extrema are marked (its maximum is above 1), in stacked mode too.
    view.setCheckedActivations({"gelu"});
    view.setOrderVisible(0, false);
    view.setOrderVisible(1, true);
    QVERIFY2(view.notablePointLabels().contains("f′ max 1.1289 at x = 1.4142"),
             qPrintable(view.notablePointLabels().join(" | ")));
    view.setOrderVisible(0, true);
    view.setCheckedActivations({"gelu", "silu", "relu"});
    // Zooming to [0, 4] keeps only what is visible.
    view.setXRange(0.0, 4.0);
    QCOMPARE(view.notablePointLabels().size(), 2);
    // The toggle removes them.
    clickCheckBox(view.notablePointsBox());
    QVERIFY(view.notablePointLabels().isEmpty());
    QCOMPARE(view.plot()->graphCount(), view.plot()->legend->itemCount());
}

void TestCurvesView::parameterEditorChangesTheCurve() {
    CurvesView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCheckedActivations({"elu"});
    // Clicking the row in the list shows its parameters.
    QTreeWidgetItem *item = findItem(view.activationList(), "elu");
    view.activationList()->scrollToItem(item);
    QTest::mouseClick(view.activationList()->viewport(), Qt::LeftButton, {},
                      view.activationList()->visualItemRect(item).center());
    QCOMPARE(view.editedActivation(), QStringLiteral("elu"));
    QDoubleSpinBox *alpha = view.parameterSpinBox("alpha");
    QVERIFY(alpha);
    alpha->setValue(2.5);
    QCOMPARE(view.activation("elu").parameter("alpha"), 2.5);
    ActivationInstance expected("elu");
    expected.setParameter("alpha", 2.5);
    QCPGraph *graph = view.graph("elu", 0);
    for (int i = 0; i < graph->data()->size(); i += 97)
        QCOMPARE(graph->data()->at(i)->value, expected(graph->data()->at(i)->key));
    // The slider moves with the spin box, and the other way round.
    QSlider *slider = view.parameterSlider("alpha");
    QCOMPARE(slider->value(), 250);
    slider->setValue(500);
    QCOMPARE(alpha->value(), 5.0);
    QCOMPARE(view.activation("elu").parameter("alpha"), 5.0);
}

void TestCurvesView::inconsistentParametersAreRefused() {
    CurvesView view;
    view.setCheckedActivations({"rrelu"});
    view.setEditedActivation("rrelu");
    view.parameterSpinBox("lower")->setValue(
        0.9); // above upper (1/3): refused, the curve keeps its parameters
    QVERIFY(view.parameterMessage().contains("lower must not exceed upper"));
    QCOMPARE(view.activation("rrelu").parameter("lower"), 0.125);
    view.parameterSpinBox("lower")->setValue(0.2);
    QVERIFY(view.parameterMessage().isEmpty());
    QCOMPARE(view.activation("rrelu").parameter("lower"), 0.2);
}

// Choosing an activation with parameters (or none) moves nothing under the mouse: the list keeps its height
// and the formula field its place.
void TestCurvesView::controlsStayPut() {
    CurvesView view;
    view.resize(1024, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto where = [&] {
        QApplication::processEvents();
        return std::pair{view.activationList()->height(), view.formulaField()->mapTo(&view, QPoint()).y()};
    };
    const auto before = where();
    for (const char *id : {"gelu_general", "hardtanh", "elu", "gelu", "gelu_general"}) {
        view.setEditedActivation(id);
        QCOMPARE(where(), before);
    }
}

// After a custom formula is added and the list scrolled, a click on a row selects that row — the one still
// under the mouse — and the parameters shown are its own.
void TestCurvesView::clickedRowIsTheEditedOne() {
    CurvesView view;
    view.resize(1024, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.addFormula("x*Phi(a*x)").isEmpty());
    QTreeWidget *list = view.activationList();
    for (const char *id : {"gelu_general", "gelu_cauchy", "elu", "hardtanh", "gelu_general"}) {
        list->scrollToBottom();
        QApplication::processEvents();
        QTreeWidgetItem *item = findItem(list, id);
        list->scrollToItem(item);
        QApplication::processEvents();
        const QPoint at = list->visualItemRect(item).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
        QApplication::processEvents();
        QCOMPARE(list->currentItem(), item);
        QCOMPARE(list->itemAt(at), item); // still under the mouse: nothing moved
        QCOMPARE(view.editedActivation(), QString::fromLatin1(id));
    }
}

void TestCurvesView::animationTurnsGeluIntoRelu() {
    CurvesView view;
    view.setEditedActivation("gelu_general");
    QVERIFY(view.animateButton()->isVisible() || !view.isVisible());
    QTest::mouseClick(view.animateButton(), Qt::LeftButton);
    QVERIFY(view.isAnimating());
    QVERIFY(view.checkedActivations().contains("gelu_general"));
    QTRY_VERIFY_WITH_TIMEOUT(!view.isAnimating(), 10000);
    QCOMPARE(view.activation("gelu_general").parameter("sigma"), 0.0);
    const ActivationInstance relu("relu");
    QCPGraph *graph = view.graph("gelu_general", 0);
    for (int i = 0; i < graph->data()->size(); i += 53)
        QCOMPARE(graph->data()->at(i)->value, relu(graph->data()->at(i)->key));

    // Slowed to 10 steps of 0.02 a second: never ahead of the clock, and the speed is part of the state.
    QCOMPARE(view.animationSpeedBox()->speed(), 30.0);
    view.animationSpeedBox()->setSpeed(10.0);
    QCOMPARE(view.state().value("animationSpeed").toDouble(), 10.0);
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(view.animateButton(), Qt::LeftButton);
    QTest::qWait(600);
    const double steps = (1.0 - view.activation("gelu_general").parameter("sigma")) / 0.02;
    QVERIFY2(steps >= 1.0 && steps <= 1.5 + 10.0 * double(clock.elapsed()) / 1000.0,
             qPrintable(QStringLiteral("%1 steps in %2 ms").arg(steps).arg(clock.elapsed())));
    QTest::mouseClick(view.animateButton(), Qt::LeftButton);
    QVERIFY(!view.isAnimating());
    QJsonObject state = view.state();
    state.insert("animationSpeed", 100.0);
    view.restoreState(state);
    QCOMPARE(view.animationSpeedBox()->speed(), 100.0);
}

void TestCurvesView::thinPensWhileMoving() {
    CurvesView view;
    QCOMPARE(view.graph("gelu", 0)->pen().widthF(), 2.2);
    view.beginInteractiveDrawing(); // what a drag or the wheel does
    QVERIFY(view.isDrawingInteractively());
    QCOMPARE(view.graph("gelu", 0)->pen().widthF(), 1.0);
    QCOMPARE(view.graph("gelu", 1)->pen().style(), Qt::DashLine); // still told apart by the dash
    QTRY_VERIFY(!view.isDrawingInteractively());
    QCOMPARE(view.graph("gelu", 0)->pen().widthF(), 2.2);
    QCOMPARE(view.graph("gelu", 1)->pen().widthF(), 1.8);
}

// Stacked with several activations: the legend names each activation once (the plots name the orders), so it
// covers no more than the top plot's corner.
void TestCurvesView::stackedLegendNamesEachActivationOnce() {
    CurvesView view;
    view.resize(1024, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCheckedActivations({"gelu", "gelu_tanh", "relu", "elu", "silu"});
    for (int k = 0; k < 3; ++k)
        view.setOrderVisible(k, true);
    view.setStacked(true);
    view.plot()->replot();
    QCOMPARE(view.plot()->legend->itemCount(), 5);
    auto *first = qobject_cast<QCPPlottableLegendItem *>(view.plot()->legend->item(0));
    QVERIFY(first);
    QCOMPARE(first->plottable()->name(), QStringLiteral("GELU"));
    const QRect top = view.plot()->axisRect(0)->rect();
    QVERIFY(view.plot()->legend->outerRect().bottom() <= top.bottom() + 2);
    // The read-out of 15 curves is whole: inside the widget, not cut by the short plot it starts in.
    view.showReadoutAt(1.0);
    view.plot()->replot();
    QCPItemText *readout = view.plot()->readoutLabel();
    QVERIFY(readout->visible());
    const QRectF box(readout->topLeft->pixelPosition(), readout->bottomRight->pixelPosition());
    QVERIFY2(QRectF(view.plot()->rect()).contains(box),
             qPrintable(
                 QStringLiteral("%1,%2 %3×%4").arg(box.x()).arg(box.y()).arg(box.width()).arg(box.height())));
    QVERIFY(!readout->clipToAxisRect() || QRectF(readout->clipAxisRect()->rect()).contains(box));
    view.setStacked(false);
    QCOMPARE(view.plot()->legend->itemCount(), 15);
}

void TestCurvesView::stackedPlotsShareTheXAxis() {
    CurvesView view;
    view.resize(1000, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::mouseClick(view.orderCheckBox(2), Qt::LeftButton); // f, f′ and f″
    QCOMPARE(view.plot()->axisRectCount(), 1);
    QTest::mouseClick(view.stackedBox(), Qt::LeftButton);
    QVERIFY(view.isStacked());
    QCOMPARE(view.plot()->axisRectCount(), 3);
    // Each order in its own plot, values still the registry's.
    for (int order = 0; order < 3; ++order) {
        QCOMPARE(view.graph("gelu", order)->keyAxis()->axisRect(), view.plot()->axisRect(order));
        verifyGraph(view, "gelu", order);
    }
    // A zoom in the lowest plot moves them all, and re-samples.
    view.plot()->axisRect(2)->axis(QCPAxis::atBottom)->setRange(-1.0, 2.0);
    QCOMPARE(view.plot()->xAxis->range().lower, -1.0);
    QCOMPARE(view.plot()->axisRect(1)->axis(QCPAxis::atBottom)->range().upper, 2.0);
    verifyGraph(view, "gelu", 2);
    // f″ of GELU peaks at φ(0)·2 ≈ 0.798: its plot's y axis fits it, not f's.
    QVERIFY(view.plot()->axisRect(2)->axis(QCPAxis::atLeft)->range().upper < 1.5);
    // Hiding f′ leaves two plots; unstacking one.
    QTest::mouseClick(view.orderCheckBox(1), Qt::LeftButton);
    QCOMPARE(view.plot()->axisRectCount(), 2);
    QCOMPARE(view.graph("gelu", 2)->keyAxis()->axisRect(), view.plot()->axisRect(1));
    QTest::mouseClick(view.stackedBox(), Qt::LeftButton);
    QCOMPARE(view.plot()->axisRectCount(), 1);
    verifyGraph(view, "gelu", 2);
}

void TestCurvesView::invalidFormulaShowsItsErrorAndLeavesThePlot() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QStringList before = view.checkedActivations();
    const int graphs = view.plot()->graphCount();
    const double sample = view.graph("gelu", 0)->data()->at(100)->value;
    const int customRows = int(gelulab::customActivations().size());
    QTest::keyClicks(view.formulaField(), "x*Psi(x)");
    QVERIFY(view.formulaMessage().contains("unknown function \"Psi\" at position 3"));
    QVERIFY(!view.addFormulaButton()->isEnabled());
    QTest::keyClick(view.formulaField(), Qt::Key_Return);
    QCOMPARE(view.checkedActivations(), before);
    QCOMPARE(view.plot()->graphCount(), graphs);
    QCOMPARE(view.graph("gelu", 0)->data()->at(100)->value, sample);
    QCOMPARE(int(gelulab::customActivations().size()), customRows);
    QCOMPARE(view.formulaField()->cursorPosition(), 2); // at the unknown name
    // Fixing it clears the message.
    view.formulaField()->clear();
    QTest::keyClicks(view.formulaField(), "x*(1+");
    QVERIFY(view.formulaMessage().contains("position 6"));
    view.formulaField()->clear();
    QTest::keyClicks(view.formulaField(), "x*Phi(x)");
    QVERIFY(view.formulaMessage().isEmpty());
    QVERIFY(view.addFormulaButton()->isEnabled());
}

// A numerical derivative at a jump has no value: the read-out says so, instead of a large number with a
// small "±"; where f itself is NaN there is no "± 0" either.
void TestCurvesView::readoutSaysWhereADerivativeIsUndefined() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setOrderVisible(1, true);
    for (const char *formula : {"sign(x)", "sqrt(-1-x*x)"}) {
        view.formulaField()->clear();
        QTest::keyClicks(view.formulaField(), formula);
        QTest::mouseClick(view.addFormulaButton(), Qt::LeftButton);
    }
    const QStringList checked = view.checkedActivations();
    QCOMPARE(checked.size(), 3);
    view.showReadoutAt(0.0);
    const QString readout = view.readout();
    QVERIFY2(readout.contains(checked[1] + " f′: undefined (discontinuity)"), qPrintable(readout));
    QVERIFY2(readout.contains(checked[2] + " f′: nan") && !readout.contains("± 0\n") &&
                 !readout.endsWith("± 0"),
             qPrintable(readout));
    view.showReadoutAt(1.0); // away from the jump: a number with its error
    QVERIFY2(view.readout().contains(checked[1] + " f′: 0 ±"), qPrintable(view.readout()));
}

void TestCurvesView::customFormulaJoinsTheView() {
    CurvesView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setOrderVisible(1, true);
    QTest::keyClicks(view.formulaField(), "x*Phi(s*x)");
    QTest::mouseClick(view.addFormulaButton(), Qt::LeftButton);
    const QStringList checked = view.checkedActivations();
    QCOMPARE(checked.size(), 2);
    const QString id = checked.last();
    QVERIFY(id.startsWith("custom"));
    QVERIFY(findItem(view.activationList(), id));
    QCOMPARE(view.editedActivation(), id);
    // s = 1: the curve is GELU's, and its numerical f′ is GELU's within the shown error estimate.
    const ActivationInstance gelu("gelu");
    QCPGraph *f = view.graph(id, 0);
    QCPGraph *f1 = view.graph(id, 1);
    QVERIFY(f && f1);
    for (int i = 0; i < f->dataCount(); i += 97) {
        const double x = f->data()->at(i)->key;
        QVERIFY(std::abs(f->data()->at(i)->value - gelu(x)) <= 1e-15 * (1.0 + std::abs(x)));
        QVERIFY(std::abs(f1->data()->at(i)->value - gelu(x, 1)) <= 2.0 * view.estimatedError(id, 1));
    }
    QVERIFY(view.estimatedError(id, 1) > 0.0 && view.estimatedError(id, 1) < 1e-9);
    // The parameter s appears in the editor; s = 2 gives x·Φ(2x).
    QDoubleSpinBox *spin = view.parameterSpinBox("s");
    QVERIFY(spin);
    QCOMPARE(spin->value(), 1.0);
    spin->setValue(2.0);
    const ActivationInstance general("gelu");
    for (int i = 0; i < f->dataCount(); i += 101) {
        const double x = view.graph(id, 0)->data()->at(i)->key;
        QVERIFY(std::abs(view.graph(id, 0)->data()->at(i)->value - 0.5 * gelu(2.0 * x)) <=
                1e-15 * (1.0 + std::abs(x)));
    }
    // The read-out shows the numerical derivative with its error.
    view.showReadoutAt(0.5);
    QVERIFY(view.readout().contains(id + " f′: "));
    QVERIFY(view.readout().contains(" ± "));
    // A second view (another tab) lists it too.
    CurvesView other;
    QVERIFY(findItem(other.activationList(), id));
}

// Many notable points near each other (four GELU-like curves): every label that is drawn is clear of the
// others and of the legend.
void TestCurvesView::notableLabelsDoNotOverlap() {
    CurvesView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCheckedActivations({"gelu", "gelu_tanh", "gelu_sigmoid", "silu", "mish"});
    view.setXRange(-4.0, 2.5); // the labels of the maxima near the read-out's corner
    view.showReadoutAt(-1.0);  // the read-out box in the lower right corner
    view.plot()->replot();
    QCPItemText *readout = view.plot()->readoutLabel();
    const QRectF readoutBox(readout->topLeft->pixelPosition(), readout->bottomRight->pixelPosition());
    std::vector<QRectF> boxes;
    int shown = 0;
    for (int i = 0; i < view.plot()->itemCount(); ++i) {
        auto *text = qobject_cast<QCPItemText *>(view.plot()->item(i));
        if (!text || !text->visible() || !view.notablePointLabels().contains(text->text())) continue;
        ++shown;
        const QPointF c = text->position->pixelPosition();
        const QFontMetricsF m(text->font());
        const QRectF box(c.x() - m.horizontalAdvance(text->text()) / 2.0, c.y() - m.height() / 2.0,
                         m.horizontalAdvance(text->text()), m.height());
        QVERIFY(!box.intersects(view.plot()->legend->outerRect()));
        QVERIFY2(!box.intersects(readoutBox), qPrintable(text->text()));
        for (const QRectF &other : boxes)
            QVERIFY2(!box.intersects(other), qPrintable(text->text()));
        boxes.push_back(box);
    }
    QVERIFY2(shown >= 6, qPrintable(QString::number(shown)));
}

// The settings made in the widgets come back in a fresh view from state(); values that do not fit are
// ignored.
void TestCurvesView::stateRoundTrip() {
    CurvesView view;
    view.resize(1024, 768);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    findItem(view.activationList(), "gelu_general")->setCheckState(0, Qt::Checked);
    findItem(view.activationList(), "relu")->setCheckState(0, Qt::Checked);
    view.activationList()->setCurrentItem(findItem(view.activationList(), "gelu_general"));
    view.parameterSpinBox("sigma")->setValue(0.5);
    QTest::mouseClick(view.orderCheckBox(2), Qt::LeftButton);
    QTest::mouseClick(view.orderCheckBox(1), Qt::LeftButton);
    QTest::mouseClick(view.stackedBox(), Qt::LeftButton);
    clickCheckBox(view.notablePointsBox());
    view.setXRange(-2.5, 3.0);
    const QJsonObject state = view.state();
    QCOMPARE(state.value("activations").toArray().size(), 3);

    CurvesView fresh;
    fresh.restoreState(state);
    QCOMPARE(fresh.checkedActivations(), view.checkedActivations());
    QCOMPARE(fresh.activation("gelu_general").parameter("sigma"), 0.5);
    for (int k = 0; k < 3; ++k)
        QCOMPARE(fresh.orderCheckBox(k)->isChecked(), view.orderCheckBox(k)->isChecked());
    QVERIFY(!fresh.orderCheckBox(1)->isChecked() && fresh.orderCheckBox(2)->isChecked());
    QVERIFY(fresh.isStacked());
    QVERIFY(!fresh.notablePointsBox()->isChecked());
    QCOMPARE(fresh.plot()->xAxis->range().lower, -2.5);
    QCOMPARE(fresh.plot()->xAxis->range().upper, 3.0);
    QCOMPARE(fresh.state(), state);

    // A bad file changes nothing it cannot validate.
    fresh.restoreState(QJsonObject{{"activations", QJsonArray{QJsonObject{{"id", "nonesuch"}}}},
                                   {"orders", "f"},
                                   {"stacked", 3},
                                   {"from", 5.0},
                                   {"to", -5.0},
                                   {"samples", -4}});
    QCOMPARE(fresh.checkedActivations(), QStringList{}); // an unknown id only: nothing is checked
    fresh.restoreState(state);
    fresh.restoreState(
        QJsonObject{{"orders", "f"}, {"stacked", 3}, {"from", 5.0}, {"to", -5.0}, {"samples", -4}});
    QCOMPARE(fresh.state(), state);
    QJsonObject badParameters = state;
    badParameters["activations"] =
        QJsonArray{QJsonObject{{"id", "gelu_general"}, {"parameters", QJsonArray{0.0, -3.0}}}};
    fresh.restoreState(badParameters);
    QCOMPARE(fresh.activation("gelu_general").parameter("sigma"), 0.5); // σ < 0 refused
}

QTEST_MAIN(TestCurvesView)
#include "tst_curvesview.moc"
