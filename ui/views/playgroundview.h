#pragma once

#include "playgroundplot.h"
#include "trainingworker.h"
#include "view.h"
#include "workerthread.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMouseEvent;
class QPushButton;

namespace gelulab {

class NetworkDiagram;
class PlaygroundPanel;

// The Playground: a small MLP trained live on toy 2-D data. Left, the buttons, read-outs and settings
// (PlaygroundPanel); right, the network diagram over the plots (PlaygroundPlot). Training runs in a
// TrainingWorker thread; clicking the boundary adds a point of the chosen class, Ctrl+click removes the
// nearest one; clicking a link or unit in the diagram edits its weight or bias.
class PlaygroundView : public View {
    Q_OBJECT
public:
    static constexpr int kGrid = PlaygroundPlot::kGrid;

    explicit PlaygroundView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("playground"); }
    QString title() const override { return tr("Playground"); }
    PlaygroundPlot *plot() const override { return m_plot; }
    NetworkDiagram *diagram() const { return m_diagram; }
    PlaygroundPanel *panel() const { return m_panel; }
    QCPAxisRect *boundaryRect() const { return m_plot->boundaryRect(); }
    QCPAxisRect *lossRect() const { return m_plot->lossRect(); }
    QCPAxisRect *gradientRect() const { return m_plot->gradientRect(); }
    QCPColorMap *boundary() const { return m_plot->boundary(); }
    QPushButton *playButton() const { return m_playButton; }
    QPushButton *stepButton() const { return m_stepButton; }
    QPushButton *resetButton() const { return m_resetButton; }
    QComboBox *datasetBox() const;
    QComboBox *activationBox() const;
    QLineEdit *hiddenField() const;
    QLabel *epochLabel() const { return m_epochLabel; }
    QLabel *messageLabel() const { return m_messageLabel; }
    // The editor of the weight or bias last clicked in the diagram.
    QDoubleSpinBox *parameterEditor() const { return m_parameterBox; }
    QLabel *parameterLabel() const { return m_parameterLabel; }
    // The class (or target) a click on the boundary adds.
    QComboBox *clickClassBox() const;

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
    // The latest snapshot shown, with the full history of this network.
    const PlaygroundSnapshot &snapshot() const { return m_snapshot; }
    const Dataset &data() const { return m_data; }
    const TrainingSettings &settings() const { return m_settings; }
    // Shows a hidden unit's map (diagram column ≥ 1, unit) large in place of the boundary; column −1 returns
    // to the boundary. What hovering a unit in the diagram does.
    void showUnitMap(int column, int unit);
    // A new network of these settings on this data, trained by the view's worker from epoch 0 (as the command
    // line sets the view up; the panel's fields are not changed).
    void start(const Dataset &data, const TrainingSettings &settings);
    // Runs the event loop until a snapshot of at least this epoch is shown (or the time is up).
    bool waitForEpoch(int epoch, int timeoutMs = 30'000);
    // The same until the worker has shown what was last sent to it (new settings, points, a restored
    // network).
    bool waitUntilCurrent(int timeoutMs = 30'000);
    bool trainEpochs(int epochs) override;
    // Plays for that many epochs, shown as they train (a lesson step's run).
    void startRun(int epochs) override;
    // Shows a snapshot computed elsewhere (headless rendering and benchmarks) with the data and settings it
    // was trained on; the worker's own snapshots are dropped from then on, until the next reset.
    void showTrainedState(const Dataset &data, const TrainingSettings &settings,
                          const PlaygroundSnapshot &snapshot);
    // Writes the history (epoch, losses, accuracies) as CSV; an empty string or a one-line message.
    QString exportCsv(const QString &fileName) const override;
    QString dataFileName() const override { return QStringLiteral("history.csv"); }
    // Trains on the points of a CSV file (x1,x2,label or x1,x2,target) from now on, split by the view's train
    // ratio; a new network. Returns an empty string, or the reason (naming the line of a malformed row), in
    // which case nothing changes.
    QString loadDataCsv(const QString &fileName);
    // Writes the weights and biases, layer by layer (one row per unit), as JSON; the same reporting.
    QString exportWeights(const QString &fileName) const;

    // The data, features, network and training settings in one line (what the Compare view takes over).
    QString describeSetup() const;
    QPushButton *compareButton() const { return m_compareButton; }

    // The settings panel's controls, the data set's seed and its points (clicked in or loaded ones too);
    // results() adds the trained network, with what training needs to go on exactly where it stopped.
    // Restoring points keeps the network where the settings do not change (an undone click); restoring a
    // network puts it back as saved.
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;
    QJsonObject results() const override;

signals:
    void snapshotShown();
    // "Compare activations…" was clicked.
    void compareRequested();

private:
    void connectPanel();
    void restart();
    void regenerate();
    void receive(const std::shared_ptr<PlaygroundSnapshot> &snapshot);
    void redraw();
    void drawPoints();
    void onMousePress(QMouseEvent *event);
    void updateControls();
    void sendData();

    PlaygroundPlot *m_plot = nullptr;
    NetworkDiagram *m_diagram = nullptr;
    PlaygroundPanel *m_panel = nullptr;
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

    int m_pendingEpoch = -1; // the epoch of a network sent to the worker and not shown yet; 0 after a restart
    DatasetSettings m_dataSettings;
    Dataset m_data;
    QString m_dataName; // the data set's id or the CSV file's name
    TrainingSettings m_settings;
    PlaygroundSnapshot m_snapshot;
    WorkerThread<TrainingWorker> m_worker;
};

} // namespace gelulab
