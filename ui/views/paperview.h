#pragma once

#include "bandplot.h"
#include "experimentview.h"
#include "paperworker.h"

class QComboBox;
class QCPAxisRect;
class QCPGraph;
class QCPLayoutGrid;
class QCPLegend;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gelulab {

// The paper's experiments on the UCI digits, in the window: choose the experiment, the activations, seeds,
// epochs, dropout rates and learning rates; Start runs it in a PaperWorker thread (the runs in parallel on
// the cores) with a progress bar and Cancel. The plots fill in as it goes: the test error (the autoencoder:
// test loss) and the train loss over epochs, median with the quartile band per variant (dashed: with dropout,
// or the second learning rate), then accuracy and log loss against input noise; the table gives the final
// numbers and the learning rates chosen.
class PaperView : public ExperimentView {
    Q_OBJECT
public:
    explicit PaperView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("paper"); }
    QString title() const override { return tr("Paper"); }
    QComboBox *experimentBox() const { return m_experimentBox; }
    QLineEdit *activationsField() const { return m_activationsField; }
    QLineEdit *dropoutField() const { return m_dropoutField; }
    QLineEdit *ratesField() const { return m_ratesField; }
    QComboBox *optimizerBox() const { return m_optimizerBox; }
    QLineEdit *dataDirField() const { return m_dataDirField; }
    // Says what is missing when a Fashion-MNIST experiment is chosen without its data; hidden otherwise.
    QLabel *dataNotice() const { return m_dataNotice; }
    QPushButton *useDigitsButton() const { return m_useDigitsButton; }
    QCPAxisRect *errorRect() const { return m_errorRect; }
    QCPAxisRect *trainRect() const { return m_trainRect; }
    QCPAxisRect *noiseRect() const { return m_noiseRect; }
    QCPAxisRect *logLossRect() const { return m_logLossRect; }
    // The variants drawn; each one's median test error (or loss) over epochs and accuracy under noise.
    int variantCount() const { return int(m_graphs.size()); }
    QCPGraph *testGraph(int variant) const { return m_graphs[std::size_t(variant)].test.median; }
    QCPGraph *noiseGraph(int variant) const { return m_graphs[std::size_t(variant)].noise.median; }

    // The settings the controls describe; throws std::invalid_argument naming a bad field.
    PaperSettings settings() const;
    // Starts the experiment; an empty string or why it cannot start (also shown in the view).
    QString start() override;
    const PaperSnapshot &snapshot() const { return m_snapshot; }
    // Shows a result computed elsewhere (the command line's figures).
    void showResult(const PaperResult &result, double seconds = 0.0);
    // Every curve as CSV (variant, measure, x, q1, median, q3); an empty string or the error.
    QString exportCsv(const QString &fileName) const override;

    // The experiment, activations, seeds, epochs, dropout and learning rates as typed, and the optimizer.
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;
    // A finished or cancelled experiment's curves, choices and noise results with the settings they ran with,
    // for File → Save (restoreState shows them).
    QJsonObject results() const override;

private:
    struct VariantGraphs {
        BandGraphs test;
        QCPGraph *train = nullptr;
        BandGraphs noise;
        QCPGraph *logLoss = nullptr;
    };
    void rebuildGraphs(const PaperResult &result);
    void receive(const std::shared_ptr<PaperSnapshot> &snapshot);
    void showSnapshot();
    void fillTable();
    void updateControls() override;
    void setDefaults(PaperExperimentKind kind);
    PaperExperimentKind experiment() const;
    // Fashion-MNIST's folder: the field's, or Debian's when it is empty.
    QString dataDir() const;
    void updateDataNotice();

    QCPAxisRect *m_errorRect = nullptr;
    QCPAxisRect *m_trainRect = nullptr;
    QCPAxisRect *m_noiseRect = nullptr;
    QCPAxisRect *m_logLossRect = nullptr;
    QCPLegend *m_legend = nullptr;
    QCPTextElement *m_title = nullptr;
    QCPLayoutGrid *m_grid = nullptr; // the four plots
    std::vector<VariantGraphs> m_graphs;
    std::vector<std::string> m_graphKeys; // the variants the graphs were built for

    QComboBox *m_experimentBox = nullptr;
    QLineEdit *m_activationsField = nullptr;
    QLineEdit *m_dropoutField = nullptr;
    QLineEdit *m_ratesField = nullptr;
    QComboBox *m_optimizerBox = nullptr;
    QLineEdit *m_dataDirField = nullptr;
    QPushButton *m_browseButton = nullptr;
    QLabel *m_dataNotice = nullptr;
    QPushButton *m_useDigitsButton = nullptr;

    PaperSnapshot m_snapshot;
    WorkerThread<PaperWorker> m_worker;
};

} // namespace gelulab
