#pragma once

#include "mask.h"
#include "maskworker.h"
#include "view.h"
#include "workerthread.h"

class QComboBox;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QMouseEvent;
class QPushButton;
class QSpinBox;

namespace gelulab {

class SpeedBox;

// The Stochastic mask view: GELU as the expectation of a random gate. Top: the curve x·F(x), the sampled
// outputs x·m (0 or x) as a jittered scatter at evenly spaced x, and the running mean at each x with a band
// of ±2 standard errors, converging onto the curve. Bottom, for the x clicked on the top plot: the histogram
// of its outputs against the expected fractions 1 − F and F, and its running mean against the number of
// samples (log axis) inside the envelope x·F ± 2σ/√n. Sampling runs in a worker thread (MaskWorker).
class MaskView : public View {
    Q_OBJECT
public:
    static constexpr double kDefaultFrom = -4.0;
    static constexpr double kDefaultTo = 4.0;
    static constexpr int kDefaultBins = 41;
    static constexpr int kDefaultTarget = 10'000;

    explicit MaskView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("mask"); }
    QString title() const override { return tr("Stochastic mask"); }
    // The three plots are axis rects of this one QCustomPlot, so that export draws them all.
    QCustomPlot *plot() const override { return m_plot; }
    QCPAxisRect *samplesRect() const;
    QCPAxisRect *histogramRect() const { return m_histogramRect; }
    QCPAxisRect *convergenceRect() const { return m_convergenceRect; }
    QCPBars *histogramBars() const { return m_bars; }
    // "n = … samples at each of … x values", and the sampling speed while playing.
    QLabel *statusLabel() const { return m_status; }
    QCPGraph *meansGraph() const { return m_means; }
    QCPGraph *curveGraph() const { return m_curve; }
    QCPGraph *scatterGraph() const { return m_scatter; }
    QPushButton *playButton() const { return m_playButton; }
    QPushButton *stepButton() const { return m_stepButton; }
    QPushButton *resetButton() const { return m_resetButton; }
    SpeedBox *speedBox() const { return m_speedBox; }
    QComboBox *gateBox() const { return m_gateBox; }
    QSpinBox *targetBox() const { return m_targetBox; }

    // Settings; each starts a fresh experiment (throws std::invalid_argument for bad values, changing
    // nothing).
    void setGate(GateKind kind, double mu = 0.0, double sigma = 1.0);
    void setRange(double from, double to, int bins = kDefaultBins);
    void setSeed(quint64 seed);
    // Samples per x that play draws up to (1 to 10⁶).
    void setTarget(int samplesPerX);

    void play();
    void pause();
    // One more sample at every x.
    void step();
    void reset();
    bool isRunning() const { return m_snapshot.running; }
    // Blocks (running the event loop) until the worker has drawn the target at every x, or timeoutMs passes;
    // returns whether it got there. For headless rendering and tests.
    bool waitUntilDone(int timeoutMs = 60'000);

    const MaskExperiment &experiment() const { return m_snapshot.experiment; }
    std::int64_t samplesPerX() const { return m_snapshot.experiment.samplesPerBin(); }
    double samplesPerSecond() const { return m_snapshot.samplesPerSecond; }
    // The x shown in the bottom plots (nearest sampled x to the one chosen).
    int selectedBin() const { return m_selected; }
    double selectedX() const { return m_snapshot.experiment.binX(m_selected); }
    void selectX(double x);
    QString readout() const;

    // x, exact mean, sample mean, standard error, samples, ones: one row per sampled x. Returns an empty
    // string or a one-line message.
    QString exportCsv(const QString &fileName) const override;

    // Gate, μ, σ, seed, samples per x, range and the x followed below.
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;

signals:
    void snapshotShown();
    void selectionChanged(double x);

private:
    void restart();
    void applySnapshot(const std::shared_ptr<MaskSnapshot> &snapshot);
    void redraw();
    void drawBottom();
    void onMousePress(QMouseEvent *event);
    void updateButtons();

    QCustomPlot *m_plot = nullptr;
    QCPAxisRect *m_histogramRect = nullptr;
    QCPAxisRect *m_convergenceRect = nullptr;
    QCPGraph *m_curve = nullptr;
    QCPGraph *m_scatter = nullptr;
    QCPGraph *m_means = nullptr;
    QCPGraph *m_upper = nullptr;
    QCPGraph *m_lower = nullptr;
    QCPItemStraightLine *m_selectedLine = nullptr;
    QCPBars *m_bars = nullptr;
    QCPGraph *m_expectedFractions = nullptr;
    QCPGraph *m_trace = nullptr;
    QCPGraph *m_exactLine = nullptr;
    QCPGraph *m_envelopeUpper = nullptr;
    QCPGraph *m_envelopeLower = nullptr;

    QComboBox *m_gateBox = nullptr;
    QDoubleSpinBox *m_muBox = nullptr;
    QDoubleSpinBox *m_sigmaBox = nullptr;
    QSpinBox *m_targetBox = nullptr;
    QSpinBox *m_seedBox = nullptr;
    QPushButton *m_playButton = nullptr;
    QPushButton *m_stepButton = nullptr;
    QPushButton *m_resetButton = nullptr;
    SpeedBox *m_speedBox = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_readoutLabel = nullptr;

    MaskGate m_gate;
    double m_from = kDefaultFrom;
    double m_to = kDefaultTo;
    int m_bins = kDefaultBins;
    quint64 m_seed = 1;
    int m_target = kDefaultTarget;
    int m_selected = 0;
    MaskSnapshot m_snapshot;
    WorkerThread<MaskWorker> m_worker;
};

} // namespace gelulab
