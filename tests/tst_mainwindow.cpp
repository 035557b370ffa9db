// The main window: its views, Help → About, and exporting the plot (including to a path that cannot be
// written, which must report and change nothing).
#include "curvesview.h"
#include "errorview.h"
#include "fresh_run_cache.h"
#include "mainwindow.h"
#include "maskview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <optional>
#include <qcustomplot.h>

using gelulab::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void hasTheCurvesView();
    void aboutNamesProjectLicenceAndPaper();
    void exportWritesPictures();
    void exportToUnwritablePathReports();
    void copyPlotToClipboard();
    void viewsOpenByName();
    void statusBarFollowsTheTab();
    void exportLeavesOutHoverItems();
};

void TestMainWindow::hasTheCurvesView() {
    MainWindow window;
    QCOMPARE(window.windowTitle(), QStringLiteral("Untitled[*] — GELU Lab"));
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Curves"));
    QCOMPARE(window.tabs()->currentWidget(), window.view<gelulab::CurvesView>());
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("Approximation error"));
    // Data export follows the tab: the visible curves first, then the error view's grid.
    QTemporaryDir dir;
    QCOMPARE(window.exportCurrentData(dir.filePath("c.csv")), QString());
    QFile curves(dir.filePath("c.csv"));
    QVERIFY(curves.open(QIODevice::ReadOnly));
    QCOMPARE(curves.readLine().trimmed(), QByteArray("x,gelu:f,gelu:f1"));
    window.tabs()->setCurrentIndex(1);
    QCOMPARE(window.exportCurrentData(dir.filePath("e.csv")), QString());
    QVERIFY(QFileInfo(dir.filePath("e.csv")).size() > 100000);
    QVERIFY(window.exportCurrentData("/nonexistent-dir/e.csv").contains("cannot write"));
    QVERIFY(window.statusBar()->currentMessage().contains("cannot write"));
    // Export picture follows the current tab: three stacked plots.
    QCOMPARE(window.exportCurrentPlot(dir.filePath("e.png"), 600, 600), QString());
    QVERIFY(!QImage(dir.filePath("e.png")).isNull());
}

void TestMainWindow::aboutNamesProjectLicenceAndPaper() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString shown;
    QTimer::singleShot(0, this, [&shown] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box) {
            shown = box->text();
            box->accept();
        }
    });
    window.aboutAction()->trigger();
    QVERIFY(shown.contains("GELU Lab"));
    QVERIFY(shown.contains("GPL-3.0-or-later"));
    QVERIFY(shown.contains("Gaussian Error Linear Units"));
    QVERIFY(shown.contains("Hendrycks"));
}

void TestMainWindow::exportWritesPictures() {
    MainWindow window;
    QTemporaryDir dir;
    const QString png = dir.filePath("curves.png");
    QCOMPARE(window.exportCurrentPlot(png, 640, 400), QString());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(640, 400));
    QVERIFY(window.statusBar()->currentMessage().contains("curves.png"));
    for (const char *name : {"curves.svg", "curves.pdf"}) {
        const QString file = dir.filePath(name);
        QCOMPARE(window.exportCurrentPlot(file, 640, 400), QString());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.size() > 1000);
        const QByteArray head = f.read(64);
        QVERIFY(head.contains(QByteArray(name).endsWith("svg") ? "<?xml" : "%PDF"));
    }
}

void TestMainWindow::exportToUnwritablePathReports() {
    MainWindow window;
    const QString error = window.exportCurrentPlot("/nonexistent-directory/curves.png", 640, 400);
    QVERIFY(error.contains("cannot write"));
    QVERIFY(window.statusBar()->currentMessage().contains("cannot write"));
    QVERIFY(window.exportCurrentPlot("/tmp/curves.bmp", 640, 400).contains("unknown picture format"));
}

void TestMainWindow::copyPlotToClipboard() {
    MainWindow window;
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QGuiApplication::clipboard()->clear();
    window.copyPlotAction()->trigger();
    const QImage image = QGuiApplication::clipboard()->image();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.view<gelulab::CurvesView>()->plot()->size() *
                               window.view<gelulab::CurvesView>()->plot()->devicePixelRatioF());
}

// `gelu-lab --view NAME`: each view by its id, the error view's floating-point mode as "precision"; an
// unknown name changes nothing. Tabs, picture and data export follow the view shown.
// The crosshair and the read-out box follow the mouse, not the figure: an exported picture (at the size
// asked) and the copied plot are the same with or without them, and they are back on screen afterwards.
void TestMainWindow::exportLeavesOutHoverItems() {
    MainWindow window;
    auto *curves = window.view<gelulab::CurvesView>();
    QTemporaryDir dir;
    QCOMPARE(window.exportCurrentPlot(dir.filePath("plain.png"), 640, 400), QString());
    curves->showReadoutAt(1.0);
    int hover = 0;
    for (int i = 0; i < curves->plot()->itemCount(); ++i)
        hover +=
            curves->plot()->item(i)->visible() && curves->plot()->item(i)->property("gelulab.hover").toBool();
    QCOMPARE(hover, 2); // crosshair and read-out shown
    QCOMPARE(window.exportCurrentPlot(dir.filePath("hover.png"), 640, 400), QString());
    const QImage plain(dir.filePath("plain.png")), withHover(dir.filePath("hover.png"));
    QCOMPARE(withHover.size(), QSize(640, 400));
    QVERIFY(plain == withHover);
    int after = 0;
    for (int i = 0; i < curves->plot()->itemCount(); ++i)
        after +=
            curves->plot()->item(i)->visible() && curves->plot()->item(i)->property("gelulab.hover").toBool();
    QCOMPARE(after, 2);
}

// A read-out (or any message) shown for one tab goes when another tab opens.
void TestMainWindow::statusBarFollowsTheTab() {
    MainWindow window;
    emit window.view<gelulab::CurvesView>()->readoutChanged(QStringLiteral("x = 1\nGELU 0.8413"));
    QVERIFY(window.statusBar()->currentMessage().contains("GELU 0.8413"));
    window.tabs()->setCurrentWidget(window.view<gelulab::MaskView>());
    QVERIFY(!window.statusBar()->currentMessage().contains("GELU"));
    window.statusBar()->showMessage(QStringLiteral("Training on points.csv"));
    window.tabs()->setCurrentIndex(0);
    QVERIFY(!window.statusBar()->currentMessage().contains("Training on"));
}

void TestMainWindow::viewsOpenByName() {
    MainWindow window;
    QCOMPARE(window.viewNames(), (QStringList{"curves", "error", "precision", "mask", "playground", "compare",
                                              "paper", "depth"}));
    for (int i = 0; i < window.tabs()->count(); ++i)
        QCOMPARE(window.tabs()->tabText(i), window.views()[std::size_t(i)]->title());
    QVERIFY(window.openView("precision"));
    QCOMPARE(window.currentView(), static_cast<gelulab::View *>(window.view<gelulab::ErrorView>()));
    QCOMPARE(window.view<gelulab::ErrorView>()->mode(), gelulab::ErrorView::Mode::FloatingPoint);
    QCOMPARE(window.currentView()->plot(), window.view<gelulab::ErrorView>()->precisionPlot());
    QVERIFY(window.openView("mask"));
    QCOMPARE(window.tabs()->currentWidget(), window.view<gelulab::MaskView>());
    QVERIFY(!window.openView("nonesuch"));
    QCOMPARE(window.tabs()->currentWidget(), window.view<gelulab::MaskView>());
    QTemporaryDir dir;
    QCOMPARE(window.exportCurrentData(dir.filePath(window.currentView()->dataFileName())), QString());
    QFile mask(dir.filePath("mask.csv"));
    QVERIFY(mask.open(QIODevice::ReadOnly));
    QVERIFY(mask.readLine().startsWith("x,"));
    QVERIFY(window.openView("paper"));
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Paper"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
