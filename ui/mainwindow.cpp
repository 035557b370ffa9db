#include "mainwindow.h"

#include "compareview.h"
#include "curvesview.h"
#include "errorview.h"
#include "maskview.h"
#include "paperview.h"
#include "playgroundview.h"
#include "plotexport.h"
#include "version.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <qcustomplot.h>

namespace gelulab {
namespace {
QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
    setWindowTitle(toQString(kProductName));
    resize(1280, 800);

    m_tabs = new QTabWidget;
    m_curves = new CurvesView;
    m_tabs->addTab(m_curves, tr("Curves"));
    m_error = new ErrorView;
    m_tabs->addTab(m_error, tr("Approximation error"));
    m_mask = new MaskView;
    m_tabs->addTab(m_mask, tr("Stochastic mask"));
    m_playground = new PlaygroundView;
    m_tabs->addTab(m_playground, tr("Playground"));
    m_compare = new CompareView;
    m_tabs->addTab(m_compare, tr("Compare"));
    m_paper = new PaperView;
    m_tabs->addTab(m_paper, tr("Paper"));
    takePlaygroundSetup();
    connect(m_compare, &CompareView::setupRequested, this, &MainWindow::takePlaygroundSetup);
    connect(m_playground, &PlaygroundView::compareRequested, this, [this] {
        takePlaygroundSetup();
        // The Playground's activation in the first run, unless another run already has it.
        const std::string id = m_playground->settings().activations.front();
        std::vector<std::string> ids = m_compare->alternatives();
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.front() = id;
            m_compare->setAlternatives(ids);
        }
        m_tabs->setCurrentWidget(m_compare);
    });
    setCentralWidget(m_tabs);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_exportAction = file->addAction(tr("&Export plot…"), this, &MainWindow::exportWithDialog);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportDataAction = file->addAction(tr("Export &data (CSV)…"), this, &MainWindow::exportDataWithDialog);
    QAction *exportWeights = file->addAction(tr("Export &weights (JSON)…"), this, [this] {
        if (m_tabs->currentWidget() != m_playground) {
            statusBar()->showMessage(tr("Weights belong to the Playground: open its tab first"));
            return;
        }
        const QString fileName = QFileDialog::getSaveFileName(
            this, tr("Export weights"), QStringLiteral("weights.json"), tr("JSON (*.json)"));
        if (fileName.isEmpty()) return;
        const QString error = m_playground->exportWeights(fileName);
        statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Export weights"), error);
    });
    exportWeights->setToolTip(tr("The Playground's weights and biases, layer by layer"));
    file->addAction(tr("&Open data (CSV) for the Playground…"), this, [this] {
        const QString fileName =
            QFileDialog::getOpenFileName(this, tr("Open data"), QString(), tr("CSV (*.csv);;All files (*)"));
        if (fileName.isEmpty()) return;
        m_tabs->setCurrentWidget(m_playground);
        const QString error = m_playground->loadDataCsv(fileName);
        statusBar()->showMessage(error.isEmpty() ? tr("Training on %1").arg(fileName) : error);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open data"), error);
    });
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_copyAction = edit->addAction(tr("&Copy plot"), this, [this] {
        QGuiApplication::clipboard()->setImage(currentPlot()->toPixmap().toImage());
        statusBar()->showMessage(tr("The plot is on the clipboard"));
    });
    m_copyAction->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_aboutAction = help->addAction(tr("&About GELU Lab"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(m_curves, &CurvesView::readoutChanged, this, [this](const QString &text) {
        statusBar()->showMessage(QString(text).replace(QLatin1Char('\n'), QStringLiteral("    ")));
    });
    statusBar()->showMessage(
        tr("Drag to pan, wheel to zoom, Ctrl+drag to zoom to a rectangle, double-click to reset"));
}

QString MainWindow::aboutText() {
    return tr("<h3>%1 %2</h3>"
              "<p>%3</p>"
              "<p>Built around the paper: %4.</p>"
              "<p>Licence: %5. GELU Lab draws with QCustomPlot (GPL-3) and computes with Eigen.</p>")
        .arg(toQString(kProductName), toQString(kVersion), toQString(kTagline).toHtmlEscaped(),
             toQString(kPaper).toHtmlEscaped(), toQString(kLicence));
}

QString MainWindow::exportCurrentPlot(const QString &fileName, int width, int height) {
    const QString error = exportPlot(currentPlot(), fileName, width, height);
    statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
    return error;
}

void MainWindow::exportWithDialog() {
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export plot"), QStringLiteral("curves.png"), tr("Pictures (*.png *.svg *.pdf)"));
    if (fileName.isEmpty()) return;
    const QString error = exportCurrentPlot(fileName, currentPlot()->width(), currentPlot()->height());
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export plot"), error);
}

QCustomPlot *MainWindow::currentPlot() const {
    if (m_tabs->currentWidget() == m_error) return m_error->plot();
    if (m_tabs->currentWidget() == m_mask) return m_mask->plot();
    if (m_tabs->currentWidget() == m_playground) return m_playground->plot();
    if (m_tabs->currentWidget() == m_compare) return m_compare->plot();
    if (m_tabs->currentWidget() == m_paper) return m_paper->plot();
    return m_curves->plot();
}

QString MainWindow::exportCurrentData(const QString &fileName) {
    const QString error = m_tabs->currentWidget() == m_error        ? m_error->exportCsv(fileName)
                          : m_tabs->currentWidget() == m_mask       ? m_mask->exportCsv(fileName)
                          : m_tabs->currentWidget() == m_playground ? m_playground->exportCsv(fileName)
                          : m_tabs->currentWidget() == m_compare    ? m_compare->exportCsv(fileName)
                          : m_tabs->currentWidget() == m_paper      ? m_paper->exportCsv(fileName)
                                                                    : m_curves->exportCsv(fileName);
    statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
    return error;
}

void MainWindow::exportDataWithDialog() {
    const QString fileName =
        QFileDialog::getSaveFileName(this, tr("Export data"),
                                     m_tabs->currentWidget() == m_error        ? QStringLiteral("error.csv")
                                     : m_tabs->currentWidget() == m_mask       ? QStringLiteral("mask.csv")
                                     : m_tabs->currentWidget() == m_playground ? QStringLiteral("history.csv")
                                     : m_tabs->currentWidget() == m_compare    ? QStringLiteral("compare.csv")
                                     : m_tabs->currentWidget() == m_paper      ? QStringLiteral("paper.csv")
                                                                               : QStringLiteral("curves.csv"),
                                     tr("CSV (*.csv)"));
    if (fileName.isEmpty()) return;
    const QString error = exportCurrentData(fileName);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export data"), error);
}

void MainWindow::takePlaygroundSetup() {
    m_compare->setSetup(m_playground->data(), m_playground->settings(), m_playground->describeSetup());
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About GELU Lab"), aboutText());
}

} // namespace gelulab
