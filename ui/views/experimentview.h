#pragma once

#include "view.h"
#include "workerthread.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gelulab {

// What the Compare and Paper views share: an experiment of many runs that a worker trains to its end, with
// Start (Restart while running) and Cancel, a progress bar, a status line, and a table of results under the
// plot. A failure of the worker ends the run with the message in red.
class ExperimentView : public View {
    Q_OBJECT
public:
    // One QCustomPlot of several axis rects (its own layout is cleared for them), so that export draws all.
    QCustomPlot *plot() const override { return m_plot; }
    QPushButton *startButton() const { return m_startButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    // Each run is repeated from this many initial seeds (1 to 20).
    QSpinBox *seedsBox() const { return m_seedsBox; }
    QSpinBox *epochsBox() const { return m_epochsBox; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_statusLabel; }
    QTableWidget *table() const { return m_table; }

    // Starts the experiment; an empty string or why it cannot start (also shown in the view).
    virtual QString start() = 0;
    // The worker's final snapshot says where it stopped.
    void cancel();
    bool isRunning() const { return m_running; }
    // Runs the event loop until the experiment has finished (or the time is up).
    bool waitForFinished(int timeoutMs = 300'000);
    // Runs the experiment with that many epochs to its end (a bad setting is shown in the view).
    bool trainEpochs(int epochs) override;
    void startRun(int epochs) override;

signals:
    void snapshotShown();
    void finished();

protected:
    // The table's columns, and how long `gelu-lab --epochs` waits for a run at most.
    ExperimentView(const QStringList &tableHeaders, int longestRunMs, QWidget *parent);

    // The worker and its owner (members of the derived view, so set once they exist): Cancel reaches the
    // worker, and its failures for the current generation end the run.
    void watch(Worker *worker, const WorkerThreadBase *owner);
    // The side panel (scrolling: the controls, then the run controls) left of the plot with the table under
    // it.
    void arrange(const QList<QWidget *> &controls, int tableHeight);
    // A new run: the one running (if any) is cancelled.
    void beginRun();
    void showError(const QString &message);
    // After a snapshot was drawn: the run ends when it is `done`.
    void snapshotDrawn(bool done);
    // Start or Restart, Cancel enabled while running; views add their status.
    virtual void updateControls();

private:
    void fail(const QString &message, quint64 generation);

    Worker *m_worker = nullptr;
    const WorkerThreadBase *m_owner = nullptr;
    int m_longestRunMs;
    bool m_running = false;
    QCustomPlot *m_plot = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QSpinBox *m_seedsBox = nullptr;
    QSpinBox *m_epochsBox = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace gelulab
