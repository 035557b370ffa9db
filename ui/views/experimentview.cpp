#include "experimentview.h"

#include "viewparts.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace gelulab {

ExperimentView::ExperimentView(const QStringList &tableHeaders, int longestRunMs, QWidget *parent)
    : View(parent)
    , m_longestRunMs(longestRunMs) {
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(380, 300);
    m_plot->plotLayout()->clear();
    m_plot->legend = nullptr; // the views put legends inside their axis rects
    m_startButton = new QPushButton(tr("Start"));
    m_startButton->setObjectName(QStringLiteral("start")); // its text turns to Restart: presentation's id
    m_startButton->setToolTip(tr("Run the experiment in the background, in parallel on the processor's "
                                 "cores; the plots and the table fill in as epochs finish"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the runs between epochs"));
    m_seedsBox = new QSpinBox;
    m_seedsBox->setRange(1, 20);
    m_seedsBox->setValue(5);
    m_seedsBox->setToolTip(tr("Runs per variant, each from its own seed; results are medians and quartiles "
                              "over them"));
    m_epochsBox = new QSpinBox;
    m_epochsBox->setToolTip(tr("Epochs each run trains (one pass over the training data each)"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_statusLabel = new QLabel;
    m_statusLabel->setWordWrap(true);
    m_table = resultsTable(tableHeaders, tr("Medians over the seeds with the quartiles in brackets"));
    connect(m_startButton, &QPushButton::clicked, this, [this] { start(); });
    connect(m_cancelButton, &QPushButton::clicked, this, &ExperimentView::cancel);
}

void ExperimentView::watch(Worker *worker, const WorkerThreadBase *owner) {
    m_worker = worker;
    m_owner = owner;
    connect(m_worker, &Worker::failed, this, &ExperimentView::fail);
}

void ExperimentView::arrange(const QList<QWidget *> &controls, int tableHeight) {
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *control : controls)
        sideLayout->addWidget(control);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_cancelButton);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(m_progress);
    sideLayout->addWidget(m_statusLabel);
    sideLayout->addStretch();
    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(m_plot);
    right->addWidget(m_table);
    right->setStretchFactor(0, 1);
    right->setSizes({700, tableHeight});
    placeSideBySide(this, scrollingSidePanel(side, 360), right);
}

void ExperimentView::cancel() {
    if (m_running) m_worker->cancel();
}

void ExperimentView::beginRun() {
    if (m_running) m_worker->cancel(); // it stops at its next epoch; its snapshots no longer apply
    m_running = true;
}

bool ExperimentView::waitForFinished(int timeoutMs) {
    return runEventsUntil(
        this, &ExperimentView::finished, [this] { return !m_running; }, timeoutMs);
}

bool ExperimentView::trainEpochs(int epochs) {
    m_epochsBox->setValue(epochs);
    start();
    waitForFinished(m_longestRunMs);
    return true;
}

void ExperimentView::startRun(int epochs) {
    m_epochsBox->setValue(epochs);
    start();
}

void ExperimentView::showError(const QString &message) {
    m_statusLabel->setText(errorHtml(message));
}

void ExperimentView::fail(const QString &message, quint64 generation) {
    m_owner->acceptFailure();
    if (!m_owner->isCurrent(generation)) return;
    m_running = false;
    showError(message);
    updateControls();
    emit finished();
}

void ExperimentView::snapshotDrawn(bool done) {
    if (done) m_running = false;
    updateControls();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit snapshotShown();
    if (done) emit finished();
}

void ExperimentView::updateControls() {
    m_startButton->setText(m_running ? tr("Restart") : tr("Start"));
    m_cancelButton->setEnabled(m_running);
}

} // namespace gelulab
