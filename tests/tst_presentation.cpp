// In front of a class: the activation palette's legibility (every pair of the first eight colours told apart,
// each against both themes' backgrounds), light and dark themes restyling the plots and coming back exactly,
// presentation mode (F11, Esc) hiding the chosen controls and thickening lines, the choice of controls kept
// in the session and made in its dialog, and the keyboard shortcuts listed.
#include "activationpalette.h"
#include "appearance.h"
#include "curvesview.h"
#include "explainer.h"
#include "mainwindow.h"
#include "playgroundview.h"
#include "presentation.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <qcustomplot.h>

#include <cmath>
#include <numbers>

using gelulab::Appearance;
using gelulab::MainWindow;
using gelulab::Theme;

namespace {

double linear(double c) {
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(QColor c) {
    return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue());
}

// WCAG's contrast ratio (1 to 21).
double contrast(QColor a, QColor b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Lab {
    double l, a, b;
};

Lab lab(QColor c) {
    const double r = linear(c.red()), g = linear(c.green()), b = linear(c.blue());
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

// The CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation).
double deltaE2000(const Lab &p, const Lab &q) {
    const double deg = std::numbers::pi / 180.0;
    const double cBar = (std::hypot(p.a, p.b) + std::hypot(q.a, q.b)) / 2;
    const double g = 0.5 * (1 - std::sqrt(std::pow(cBar, 7) / (std::pow(cBar, 7) + std::pow(25.0, 7))));
    const double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
    const double c1p = std::hypot(a1, p.b), c2p = std::hypot(a2, q.b);
    const auto hue = [&](double b, double a) {
        double h = std::atan2(b, a) / deg;
        return h < 0 ? h + 360 : h;
    };
    const double h1 = hue(p.b, a1), h2 = hue(q.b, a2);
    double dh = h2 - h1;
    if (c1p * c2p == 0)
        dh = 0;
    else if (dh > 180)
        dh -= 360;
    else if (dh < -180)
        dh += 360;
    const double dL = q.l - p.l, dC = c2p - c1p;
    const double dH = 2 * std::sqrt(c1p * c2p) * std::sin(dh / 2 * deg);
    const double lBar = (p.l + q.l) / 2, cBarP = (c1p + c2p) / 2;
    double hBar = h1 + h2;
    if (c1p * c2p != 0)
        hBar = std::abs(h1 - h2) <= 180 ? hBar / 2 : (hBar < 360 ? (hBar + 360) / 2 : (hBar - 360) / 2);
    const double t = 1 - 0.17 * std::cos((hBar - 30) * deg) + 0.24 * std::cos(2 * hBar * deg) +
                     0.32 * std::cos((3 * hBar + 6) * deg) - 0.20 * std::cos((4 * hBar - 63) * deg);
    const double dTheta = 30 * std::exp(-std::pow((hBar - 275) / 25, 2));
    const double rc = 2 * std::sqrt(std::pow(cBarP, 7) / (std::pow(cBarP, 7) + std::pow(25.0, 7)));
    const double sl = 1 + 0.015 * std::pow(lBar - 50, 2) / std::sqrt(20 + std::pow(lBar - 50, 2));
    const double sc = 1 + 0.045 * cBarP, sh = 1 + 0.015 * cBarP * t;
    const double rt = -std::sin(2 * dTheta * deg) * rc;
    return std::sqrt(std::pow(dL / sl, 2) + std::pow(dC / sc, 2) + std::pow(dH / sh, 2) +
                     rt * (dC / sc) * (dH / sh));
}

double deltaE2000(QColor c1, QColor c2) {
    return deltaE2000(lab(c1), lab(c2));
}

QCPGraph *graphOf(QCustomPlot *plot) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->visible() && plot->graph(i)->pen().style() == Qt::SolidLine)
            return plot->graph(i);
    return nullptr;
}

// The colour of the plot's background, drawn.
QColor corner(QCustomPlot *plot) {
    return plot->toPixmap(300, 200).toImage().pixelColor(1, 1);
}

const gelulab::Presentation::Control *findControl(const std::vector<gelulab::Presentation::Control> &all,
                                                  const QString &id) {
    for (const auto &c : all)
        if (c.id == id) return &c;
    return nullptr;
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() {
        Appearance::instance()->setTheme(Theme::Light);
        Appearance::instance()->setPresentation(false);
    }
    void paletteIsTellableApart_data();
    void paletteIsTellableApart();
    void geluAndReluAreNotTwoBlues();
    void darkThemeRestylesPlotsAndComesBack();
    void presentationModeHidesControlsAndThickensLines();
    void visibleControlsAreSavedInTheSession();
    void chooseVisibleControlsDialog();
    void shortcutsAreListed();
    void defaultHiddenNamesRealControls();
    void everyViewExplainsItself();
    void everyViewFitsSmallScreens();
};

void TestPresentation::paletteIsTellableApart_data() {
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestPresentation::paletteIsTellableApart() {
    QFETCH(bool, dark);
    Appearance::instance()->setTheme(dark ? Theme::Dark : Theme::Light);
    const QColor background = Appearance::instance()->plotBackground();
    QCOMPARE(background.lightness() < 128, dark);
    std::vector<QColor> colours;
    for (std::size_t i = 0; i < 8; ++i)
        colours.push_back(
            Appearance::instance()->themed(QColor::fromRgb(gelulab::lightActivationPalette()[i])));
    double worstPair = 1e9, worstContrast = 1e9;
    for (std::size_t i = 0; i < colours.size(); ++i) {
        worstContrast = std::min(worstContrast, contrast(colours[i], background));
        for (std::size_t j = i + 1; j < colours.size(); ++j)
            worstPair = std::min(worstPair, deltaE2000(colours[i], colours[j]));
    }
    qInfo("closest pair: CIEDE2000 %.1f; lowest contrast to the background %.2f:1", worstPair, worstContrast);
    QVERIFY(worstPair >= 15.0);
    QVERIFY(worstContrast >= 3.0);
    // The formula itself, on two of Sharma, Wu and Dalal's published test pairs.
    QVERIFY(std::abs(deltaE2000(Lab{50, 2.6772, -79.7751}, Lab{50, 0, -82.7485}) - 2.0425) < 1e-4);
    QVERIFY(std::abs(deltaE2000(Lab{50, 2.5, 0}, Lab{73, 25, -18}) - 27.1492) < 1e-4);
}

void TestPresentation::geluAndReluAreNotTwoBlues() {
    const QColor gelu = gelulab::activationColor(QStringLiteral("gelu"));
    const QColor relu = gelulab::activationColor(QStringLiteral("relu"));
    QVERIFY2(deltaE2000(gelu, relu) >= 15.0, qPrintable(gelu.name() + " " + relu.name()));
    QVERIFY(std::abs(gelu.hslHue() - relu.hslHue()) > 30 || relu.hslSaturation() < 40);
}

void TestPresentation::darkThemeRestylesPlotsAndComesBack() {
    MainWindow window;
    window.setTheme(Theme::Light);
    QCustomPlot *plot = window.view<gelulab::CurvesView>()->plot();
    plot->replot();
    QCPGraph *gelu = graphOf(plot);
    QVERIFY(gelu);
    const QPen lightPen = gelu->pen();
    QCOMPARE(lightPen.color(), gelulab::activationColor(QStringLiteral("gelu")));
    QCOMPARE(corner(plot), QColor(Qt::white));
    QCOMPARE(plot->xAxis->tickLabelColor(), QColor(Qt::black));

    window.setTheme(Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    plot->replot();
    QVERIFY(corner(plot).lightness() < 60);
    QVERIFY(plot->xAxis->tickLabelColor().lightness() > 200);
    QVERIFY(plot->xAxis->basePen().color().lightness() > 200);
    QCOMPARE(gelu->pen().color(), QColor::fromRgb(gelulab::darkActivationPalette()[0]));
    QVERIFY(plot->legend->brush().color().lightness() < 80);
    // A theme chosen in the View menu checks its entry.
    QAction *darkAction = nullptr;
    for (QAction *a : window.findChildren<QAction *>())
        if (a->data().toString() == QLatin1String("dark")) darkAction = a;
    QVERIFY(darkAction && darkAction->isChecked());

    // A pan or zoom (thin pens while moving) keeps the theme's colours.
    window.view<gelulab::CurvesView>()->beginInteractiveDrawing();
    plot->replot();
    QTRY_VERIFY(!window.view<gelulab::CurvesView>()->isDrawingInteractively());
    plot->replot();
    QCOMPARE(gelu->pen().color(), QColor::fromRgb(gelulab::darkActivationPalette()[0]));

    // Back to light: exactly what the view drew, not a twice-mapped colour.
    window.setTheme(Theme::Light);
    plot->replot();
    QCOMPARE(gelu->pen(), lightPen);
    QCOMPARE(corner(plot), QColor(Qt::white));
    QCOMPARE(plot->xAxis->tickLabelColor(), QColor(Qt::black));
}

void TestPresentation::presentationModeHidesControlsAndThickensLines() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto controls = window.presentation()->controls();
    const auto *optimizer = findControl(controls, QStringLiteral("playground.optimizer"));
    const auto *rate = findControl(controls, QStringLiteral("playground.learning-rate"));
    QVERIFY(optimizer && rate);
    QVERIFY(window.presentation()->hidden().contains(QStringLiteral("playground.optimizer")));
    QVERIFY(!window.presentation()->hidden().contains(QStringLiteral("playground.learning-rate")));
    const auto *play = findControl(controls, QStringLiteral("playground.play"));
    QVERIFY(play); // buttons are controls too
    QCustomPlot *plot = window.view<gelulab::CurvesView>()->plot();
    plot->replot();
    const double width = graphOf(plot)->pen().widthF();
    const double tickPoints = plot->xAxis->tickLabelFont().pointSizeF();
    const double appPoints = QApplication::font().pointSizeF();

    window.tabs()->setCurrentWidget(window.view<gelulab::PlaygroundView>());
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.presentationMode());
    QVERIFY(window.presentationAction()->isChecked());
    QVERIFY(window.windowState() & Qt::WindowFullScreen);
    for (QWidget *w : optimizer->widgets)
        QVERIFY(w->isHidden());
    for (QWidget *w : rate->widgets)
        QVERIFY(!w->isHidden());
    QVERIFY(QApplication::font().pointSizeF() > appPoints * 1.3);
    plot->replot();
    QVERIFY(graphOf(plot)->pen().widthF() >= width * 1.9);
    QVERIFY(plot->xAxis->tickLabelFont().pointSizeF() > tickPoints * 1.3);

    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.presentationMode());
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    for (QWidget *w : optimizer->widgets)
        QVERIFY(!w->isHidden());
    QCOMPARE(QApplication::font().pointSizeF(), appPoints);
    plot->replot();
    QCOMPARE(graphOf(plot)->pen().widthF(), width);
    QCOMPARE(plot->xAxis->tickLabelFont().pointSizeF(), tickPoints);

    // A fixed window size (gelu-lab --window-size) wins over full screen.
    window.presentation()->setFixedWindowSize(QSize(960, 540));
    window.setPresentationMode(true);
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    QCOMPARE(window.size(), QSize(960, 540));
    window.setPresentationMode(false);
}

void TestPresentation::visibleControlsAreSavedInTheSession() {
    MainWindow window;
    const QStringList chosen{QStringLiteral("playground.loss"), QStringLiteral("curves.stacked")};
    window.presentation()->setHidden(chosen);
    const auto saved = window.session(false);
    QVERIFY(saved.ok());
    QVERIFY(saved.session->presentation && saved.session->presentation->hidden);
    QCOMPARE(saved.session->presentation->hidden->size(), std::size_t(2));

    MainWindow other;
    QVERIFY(other.presentation()->hidden() != chosen);
    other.applySession(*saved.session);
    QCOMPARE(other.presentation()->hidden(), chosen);
    other.setPresentationMode(true);
    const auto *loss = findControl(other.presentation()->controls(), QStringLiteral("playground.loss"));
    QVERIFY(loss);
    for (QWidget *w : loss->widgets)
        QVERIFY(w->isHidden());
    other.setPresentationMode(false);
}

void TestPresentation::chooseVisibleControlsDialog() {
    MainWindow window;
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("controlsTree"));
        QVERIFY(tree);
        const auto items =
            tree->findItems(QStringLiteral("Learning rate"), Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY(!items.isEmpty());
        for (QTreeWidgetItem *item : items)
            if (item->data(0, Qt::UserRole).toString() == QLatin1String("playground.learning-rate"))
                item->setCheckState(0, Qt::Unchecked);
        seen = true;
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    window.presentation()->chooseControls(&window);
    QVERIFY(seen);
    QVERIFY(window.presentation()->hidden().contains(QStringLiteral("playground.learning-rate")));
    QVERIFY(window.presentation()->hidden().contains(QStringLiteral("playground.optimizer")));
}

void TestPresentation::everyViewFitsSmallScreens() {
    // 960 × 540 logical pixels is 1920 × 1080 at 200 % (a projector); the window must not ask for more, in
    // presentation mode (larger type) or not.
    // Each view is drawn at both sizes, in both themes, in presentation mode or not.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const Theme theme : {Theme::Light, Theme::Dark})
        for (const bool presenting : {false, true}) {
            window.setTheme(theme);
            window.setPresentationMode(presenting);
            for (const QSize size : {QSize(960, 540), QSize(1024, 768)}) {
                window.setWindowState(Qt::WindowNoState);
                window.resize(size);
                for (gelulab::View *v : window.views()) {
                    window.tabs()->setCurrentWidget(v);
                    QApplication::processEvents();
                    const QSize needed = window.minimumSizeHint();
                    QVERIFY2(needed.width() <= 960 && needed.height() <= 540,
                             qPrintable(QStringLiteral("%1%2 needs %3 × %4")
                                            .arg(v->id(), presenting ? QStringLiteral(" (presentation)") : QString())
                                            .arg(needed.width())
                                            .arg(needed.height())));
                    QCOMPARE(window.size(), size);
                    const QImage picture = window.grab().toImage();
                    QCOMPARE(picture.size(), size);
                    // The plot shows the theme's background.
                    const QImage plot = v->plot()->grab().toImage();
                    QCOMPARE(plot.pixelColor(2, 2).lightness() < 128, theme == Theme::Dark);
                }
            }
        }
    window.setPresentationMode(false);
    window.setTheme(Theme::Light);
}

void TestPresentation::shortcutsAreListed() {
    MainWindow window;
    const QString html = window.shortcutsHtml();
    for (const char *text : {"F11", "Ctrl+S", "Ctrl+O", "Ctrl+Z", "Space", "Presentation mode", "Esc"})
        QVERIFY2(html.contains(QLatin1String(text)), text);
}

// "What am I looking at?": on every view, collapsed at first, two to five sentences with formulas when
// opened.
void TestPresentation::everyViewExplainsItself() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (gelulab::View *v : window.views()) {
        window.tabs()->setCurrentWidget(v);
        auto *panel = v->findChild<gelulab::ExplainerPanel *>();
        QVERIFY2(panel, qPrintable(v->id()));
        QVERIFY(!panel->isExpanded());
        QVERIFY(!panel->textLabel()->isVisible());
        QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
        QVERIFY(panel->isExpanded());
        QVERIFY(panel->textLabel()->isVisible());
        const QString text = QTextDocumentFragment::fromHtml(panel->textLabel()->text()).toPlainText();
        const auto sentences = text.count(QRegularExpression(QStringLiteral("[.:;]( |\\n|$)")));
        QVERIFY2(sentences >= 2 && text.size() > 200, qPrintable(v->id() + ": " + text));
        QVERIFY2(text.contains(QLatin1Char('=')) || text.contains(QChar(0x03A6)), qPrintable(v->id()));
        QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
        QVERIFY(!panel->textLabel()->isVisible());
    }
    // Opened, it does not push the window past a small screen.
    for (gelulab::View *v : window.views())
        v->findChild<gelulab::ExplainerPanel *>()->setExpanded(true);
    QApplication::processEvents();
    QVERIFY(window.minimumSizeHint().width() <= 960);
}

// Every control hidden by default exists (a renamed label would silently show it again), and ids do not
// change with a button's text (Play/Pause).
void TestPresentation::defaultHiddenNamesRealControls() {
    MainWindow window;
    QStringList ids;
    for (const auto &c : window.presentation()->controls())
        ids << c.id;
    for (const QString &id : gelulab::Presentation::advancedControls())
        QVERIFY2(
            ids.contains(id),
            qPrintable(
                id + " is none of: " +
                ids.filter(id.section(QLatin1Char('.'), 0, 0) + QLatin1Char('.')).join(QLatin1Char(' '))));
    QCOMPARE(ids.count(QStringLiteral("playground.play")), 1);
    QCOMPARE(ids.count(QStringLiteral("mask.play")), 1);
    QCOMPARE(ids.count(QStringLiteral("compare.start")), 1);
    QCOMPARE(ids.removeDuplicates(), 0);
}

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
