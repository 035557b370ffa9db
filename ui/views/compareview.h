#pragma once

#include "bandplot.h"
#include "compareworker.h"
#include "experimentview.h"
#include "session_state.h"

class QCheckBox;
class QComboBox;
class QCPAxisRect;
class QCPColorMap;
class QCPGraph;
class QCPLayoutGrid;
class QCPLegend;
class QCPTextElement;
class QCustomPlot;

namespace gelulab {

// Compare mode: 2 to 4 runs on the same data from the same initial weights, differing only in the hidden
// activation (exact GELU against its approximations, or against ReLU, ELU, a custom formula, the SOI gate),
// each repeated over k seeds (the paper's method). Top, each run's decision boundary (its first seed); below,
// the median train and test loss over epochs with the test loss's quartile band, the median test accuracy
// with its band, and, when the runs are done, accuracy against input noise U[−a, a] (robustness); a table of
// final values. The data and network come from the Playground ("From the Playground"); training runs in a
// CompareWorker thread, the seeds in parallel on the machine's cores.
class CompareView : public ExperimentView {
    Q_OBJECT
public:
    static constexpr int kMaxRuns = 4;
    static constexpr int kGrid = 80;

    explicit CompareView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("compare"); }
    QString title() const override { return tr("Compare"); }
    QCheckBox *runCheck(int i) const { return m_runChecks[std::size_t(i)]; }
    QComboBox *runBox(int i) const { return m_runBoxes[std::size_t(i)]; }
    QPushButton *setupButton() const { return m_setupButton; }
    QLabel *setupLabel() const { return m_setupLabel; }
    QCPAxisRect *lossRect() const { return m_lossRect; }
    QCPAxisRect *accuracyRect() const { return m_accuracyRect; }
    QCPAxisRect *robustnessRect() const { return m_robustnessRect; }
    // The runs of the comparison shown (or last started).
    int runCount() const { return int(m_runs.size()); }
    QCPAxisRect *boundaryRect(int run) const { return m_runs[std::size_t(run)].rect; }
    QCPColorMap *boundary(int run) const { return m_runs[std::size_t(run)].map; }
    QCPGraph *testLossGraph(int run) const { return m_runs[std::size_t(run)].testLoss.median; }
    QCPGraph *robustnessGraph(int run) const { return m_runs[std::size_t(run)].robustness.median; }

    // The data and training settings every run uses (the activation aside), and a one-line description.
    void setSetup(const Dataset &data, const TrainingSettings &settings, const QString &description);
    const Dataset &data() const { return m_data; }
    const TrainingSettings &settings() const { return m_settings; }
    // The activations of the checked runs, in order. setAlternatives checks the first ids.size() runs.
    std::vector<std::string> alternatives() const;
    void setAlternatives(const std::vector<std::string> &ids);

    // Starts the comparison; returns an empty string or why it cannot start (also shown in the view).
    QString start() override;
    const CompareSnapshot &snapshot() const { return m_snapshot; }
    // The training points drawn in run i's boundary preview, one graph per class.
    std::vector<QCPGraph *> previewPoints(int run) const { return m_runs.at(std::size_t(run)).points; }
    // Shows a comparison computed elsewhere (the command line's pictures) with its setup and activations.
    void showResult(const Dataset &data, const TrainingSettings &settings, const QString &description,
                    const std::vector<std::string> &alternatives, const CompareSnapshot &snapshot);
    // Shows a finished comparison a session kept, over the setup the view holds.
    void showResults(const session::CompareResults &results);
    // Writes every curve as CSV (activation, measure, x, q1, median, q3); an empty string or the error.
    QString exportCsv(const QString &fileName) const override;

    // The runs (checked, activation), seeds and epochs; the data and network come from the Playground.
    QJsonObject state() const override;
    // A finished comparison's curves, boundaries and robustness, for File → Save (restoreState shows them).
    QJsonObject results() const override;
    void restoreState(const QJsonObject &state) override;

signals:
    // "From the Playground" was clicked: whoever owns both views answers with setSetup().
    void setupRequested();

private:
    struct Run {
        QString id;
        QCPTextElement *title = nullptr;
        QCPAxisRect *rect = nullptr;
        QCPColorMap *map = nullptr;
        std::vector<QCPGraph *> points;
        QCPGraph *trainLoss = nullptr;
        BandGraphs testLoss, accuracy, robustness;
    };
    void rebuildRuns(const std::vector<std::string> &ids);
    void receive(const std::shared_ptr<CompareSnapshot> &snapshot);
    void showSnapshot();
    void fillTable();
    void updateControls() override;

    QCPLayoutGrid *m_mapRow = nullptr;
    QCPAxisRect *m_lossRect = nullptr;
    QCPAxisRect *m_accuracyRect = nullptr;
    QCPAxisRect *m_robustnessRect = nullptr;
    QCPLegend *m_legend = nullptr;
    std::vector<Run> m_runs;

    std::vector<QCheckBox *> m_runChecks;
    std::vector<QComboBox *> m_runBoxes;
    QPushButton *m_setupButton = nullptr;
    QLabel *m_setupLabel = nullptr;

    Dataset m_data;
    TrainingSettings m_settings;
    CompareSnapshot m_snapshot;
    WorkerThread<CompareWorker> m_worker;
};

} // namespace gelulab
