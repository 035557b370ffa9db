#pragma once

#include "trainingworker.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCPAxisRect;
class QCPColorMap;
class QCPGraph;
class QCPLegend;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMouseEvent;
class QPushButton;
class QSpinBox;
class QThread;

namespace gelulab {

class NetworkDiagram;

// The Playground: a small MLP trained live on toy 2-D data. Left, the data (set, noise, train ratio, batch,
// regenerate, test points), the input features, the network (hidden layer widths, activation) and the
// training settings; right, the decision boundary as a colour map under the training (filled) and test
// (ringed) points, the train and test loss over epochs, and the gradient flow (each layer's weight-gradient
// norm over epochs, log scale) with the inactive units of each layer. Training runs in a TrainingWorker
// thread; clicking the boundary adds a point of the chosen class, Ctrl+click removes the nearest one.
class PlaygroundView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kGrid = 100;

    explicit PlaygroundView(QWidget *parent = nullptr);
    ~PlaygroundView() override;

    QCustomPlot *plot() const { return m_plot; }
    NetworkDiagram *diagram() const { return m_diagram; }
    QCPAxisRect *boundaryRect() const;
    QCPAxisRect *lossRect() const { return m_lossRect; }
    QCPAxisRect *gradientRect() const { return m_gradientRect; }
    QCPColorMap *boundary() const { return m_boundary; }
    QPushButton *playButton() const { return m_playButton; }
    QPushButton *stepButton() const { return m_stepButton; }
    QPushButton *resetButton() const { return m_resetButton; }
    QComboBox *datasetBox() const { return m_datasetBox; }
    QComboBox *activationBox() const { return m_activationBox; }
    QLineEdit *hiddenField() const { return m_hiddenField; }
    QLabel *epochLabel() const { return m_epochLabel; }
    QLabel *messageLabel() const { return m_messageLabel; }
    // The editor of the weight or bias last clicked in the diagram.
    QDoubleSpinBox *parameterEditor() const { return m_parameterBox; }
    QLabel *parameterLabel() const { return m_parameterLabel; }
    // The class (or target) a click on the boundary adds.
    QComboBox *clickClassBox() const { return m_clickClassBox; }

    // Settings that start a new network (throw std::invalid_argument for bad values, changing nothing).
    void setDataset(const QString &id);
    void setHidden(const std::vector<int> &widths);
    void setFeatures(const std::vector<Feature> &features);
    // Between epochs, keeping the weights.
    void setActivation(const QString &id);
    void setLearningRate(double lr);

    void play();
    void pause();
    void step(int epochs = 1);
    void reset();
    // Adds a training point (classification: a class index; regression: the target) and trains on.
    void addPoint(double x1, double x2, double target);
    bool removePoint(double x1, double x2);

    bool isRunning() const { return m_snapshot.running; }
    int epoch() const { return m_snapshot.training.record.epoch; }
    const PlaygroundSnapshot &snapshot() const { return m_snapshot; }
    const Dataset &data() const { return m_data; }
    const TrainingSettings &settings() const { return m_settings; }
    // Shows a hidden unit's map (diagram column ≥ 1, unit) large in place of the boundary; column −1 returns
    // to the boundary. What hovering a unit in the diagram does.
    void showUnitMap(int column, int unit);
    // Runs the event loop until a snapshot of at least this epoch is shown (or the time is up).
    bool waitForEpoch(int epoch, int timeoutMs = 30'000);
    // Shows a snapshot computed elsewhere (headless rendering and benchmarks) with the data and settings it
    // was trained on; the worker's own snapshots are dropped from then on, until the next reset.
    void showTrainedState(const Dataset &data, const TrainingSettings &settings,
                          const PlaygroundSnapshot &snapshot);
    // Writes the history (epoch, losses, accuracies) as CSV; an empty string or a one-line message.
    QString exportCsv(const QString &fileName) const;
    // Trains on the points of a CSV file (x1,x2,label or x1,x2,target) from now on, split by the view's train
    // ratio; a new network. Returns an empty string, or the reason (naming the line of a malformed row), in
    // which case nothing changes.
    QString loadDataCsv(const QString &fileName);
    // Writes the weights and biases, layer by layer (one row per unit), as JSON; the same reporting.
    QString exportWeights(const QString &fileName) const;

    // The data, features, network and training settings in one line (what the Compare view takes over).
    QString describeSetup() const;
    QPushButton *compareButton() const { return m_compareButton; }

signals:
    void snapshotShown();
    // "Compare activations…" was clicked.
    void compareRequested();

private:
    void restart();
    void regenerate();
    void applySnapshot(const PlaygroundSnapshot &snapshot);
    void drawPoints();
    void onMousePress(QMouseEvent *event);
    void updateControls();
    void sendData();
    void fillClickClasses();

    QCustomPlot *m_plot = nullptr;
    NetworkDiagram *m_diagram = nullptr;
    QCPColorMap *m_boundary = nullptr;
    QCPAxisRect *m_lossRect = nullptr;
    QCPAxisRect *m_gradientRect = nullptr;
    std::vector<QCPGraph *> m_trainGraphs, m_testGraphs; // one per class (or one for regression)
    QCPGraph *m_trainLoss = nullptr;
    QCPGraph *m_testLoss = nullptr;
    std::vector<QCPGraph *> m_gradientGraphs;
    QCPLegend *m_gradientLegend = nullptr;
    QCPLegend *m_lossLegend = nullptr;

    QComboBox *m_datasetBox = nullptr;
    QDoubleSpinBox *m_noiseBox = nullptr;
    QSpinBox *m_ratioBox = nullptr;
    QSpinBox *m_batchBox = nullptr;
    QCheckBox *m_showTestBox = nullptr;
    QCheckBox *m_discretizeBox = nullptr;
    std::vector<QCheckBox *> m_featureBoxes;
    QLineEdit *m_hiddenField = nullptr;
    QComboBox *m_activationBox = nullptr;
    QComboBox *m_lrBox = nullptr;
    QComboBox *m_optimizerBox = nullptr;
    QComboBox *m_lossBox = nullptr;
    QComboBox *m_initBox = nullptr;
    QComboBox *m_dropoutBox = nullptr;
    QComboBox *m_regularizationBox = nullptr;
    QComboBox *m_regularizationRateBox = nullptr;
    QComboBox *m_clickClassBox = nullptr;
    QPushButton *m_playButton = nullptr;
    QPushButton *m_stepButton = nullptr;
    QPushButton *m_resetButton = nullptr;
    QPushButton *m_compareButton = nullptr;
    QLabel *m_epochLabel = nullptr;
    QLabel *m_lossLabel = nullptr;
    QLabel *m_statsLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLabel *m_parameterLabel = nullptr;
    QDoubleSpinBox *m_parameterBox = nullptr;
    int m_editLayer = -1, m_editTo = 0, m_editFrom = -1;
    int m_hoverColumn = -1, m_hoverUnit = -1; // a hidden unit whose map the boundary plot shows instead

    DatasetSettings m_dataSettings;
    Dataset m_data;
    QString m_dataName; // the data set's id or the CSV file's name
    TrainingSettings m_settings;
    quint64 m_generation = 0;
    PlaygroundSnapshot m_snapshot;
    QThread *m_thread = nullptr;
    TrainingWorker *m_worker = nullptr;
};

} // namespace gelulab
