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
    m_startButton = new QPushButton(tr("Start"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_epochsBox = new QSpinBox;
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

void ExperimentView::addRunControls(QVBoxLayout *side) {
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_cancelButton);
    side->addLayout(buttons);
    side->addWidget(m_progress);
    side->addWidget(m_statusLabel);
    side->addStretch();
}

void ExperimentView::arrange(QWidget *side, QCustomPlot *plot, int tableHeight) {
    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(plot);
    right->addWidget(m_table);
    right->setStretchFactor(0, 1);
    right->setSizes({700, tableHeight});
    auto *splitter = new QSplitter;
    splitter->addWidget(scrollingSidePanel(side));
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
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

void ExperimentView::showError(const QString &message) {
    m_statusLabel->setText(errorHtml(message));
}

void ExperimentView::fail(const QString &message, quint64 generation) {
    if (!m_owner->isCurrent(generation)) return;
    m_running = false;
    showError(message);
    updateControls();
    emit finished();
}

void ExperimentView::snapshotDrawn(bool done) {
    if (done) m_running = false;
    updateControls();
    plot()->replot(QCustomPlot::rpQueuedReplot);
    emit snapshotShown();
    if (done) emit finished();
}

void ExperimentView::updateControls() {
    m_startButton->setText(m_running ? tr("Restart") : tr("Start"));
    m_cancelButton->setEnabled(m_running);
}

} // namespace gelulab
