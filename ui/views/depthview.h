#pragma once

#include "depthworker.h"
#include "view.h"
#include "workerthread.h"

#include <array>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMouseEvent;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace gelulab {

class DepthPlot;

// The Depth view: how an activation carries a signal through a deep network at initialisation, by the
// mean-field theory (docs/ARCHITECTURE.md, "Depth") and by a real network drawn from the seed. One activation
// is studied (its network, its phase diagram's colours) and up to two more are drawn beside it in the maps
// and the diagram's lines. σ_w² and σ_b² come from their boxes, the slider, the presets or a drag of the
// point in the phase diagram; every change recomputes in a DepthWorker thread, the read-outs first.
class DepthView : public View {
    Q_OBJECT
public:
    static constexpr int kCompared = 2;

    explicit DepthView(QWidget *parent = nullptr);

    QString id() const override { return QStringLiteral("depth"); }
    QString title() const override { return tr("Depth"); }
    QCustomPlot *plot() const override;
    DepthPlot *depthPlot() const { return m_plot; }

    QComboBox *activationBox() const { return m_activationBox; }
    QCheckBox *compareCheck(int i) const { return m_compareChecks[std::size_t(i)]; }
    QComboBox *compareBox(int i) const { return m_compareBoxes[std::size_t(i)]; }
    QDoubleSpinBox *sigmaW2Box() const { return m_sigmaW2Box; }
    QSlider *sigmaW2Slider() const { return m_sigmaW2Slider; }
    QDoubleSpinBox *sigmaB2Box() const { return m_sigmaB2Box; }
    QSpinBox *layersBox() const { return m_layersBox; }
    QSpinBox *widthBox() const { return m_widthBox; }
    QPushButton *criticalButton() const { return m_criticalButton; }
    QLabel *readoutLabel() const { return m_readout; }
    QLineEdit *commandField() const { return m_command; }

    // The activations drawn, the studied one first.
    std::vector<std::string> activationIds() const;
    DepthNetworkSettings settings() const;
    // Throws std::invalid_argument (changing nothing) for values outside the view's ranges.
    void setSigmas(double sigmaW2, double sigmaB2);
    void setNetwork(int layers, int width, double q0, double c0, std::uint64_t seed);
    // The studied activation and the compared ones (at most kCompared; ids the registry does not know, or
    // "soi", throw std::invalid_argument and change nothing).
    void setActivations(const std::string &studied, const std::vector<std::string> &compared);
    // Moves the point to the studied activation's critical σ_w² at the current σ_b² (when it lies in the
    // plane the view shows).
    void goToCritical();

    // Blocks (running the event loop) until every part for the current settings is drawn, or the work for
    // them failed, or timeoutMs; true when all is drawn.
    bool waitUntilDone(int timeoutMs = 60'000);
    // Why the work for the current settings failed (empty when it did not).
    QString failure() const { return m_failure; }
    const DepthSnapshot &snapshot() const { return m_snapshot; }
    // What the read-outs say, as plain text, and the command line that prints the same numbers.
    QString readout() const;
    QString commandLine() const;

    // Per layer: the predicted and simulated q, c and gradient norm.
    QString exportCsv(const QString &fileName) const override;
    QJsonObject state() const override;
    void restoreState(const QJsonObject &state) override;

signals:
    void snapshotShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    // A change: recompute once the event loop turns (a drag's moves coalesce), if the view is on screen;
    // otherwise when it is shown or waited for (a hidden tab costs nothing).
    void requestSoon();
    void request();
    void applySnapshot(const std::shared_ptr<DepthSnapshot> &snapshot);
    void showReadout();
    void onPlotMouse(QMouseEvent *event, bool press);
    // Both boxes and the slider set at once, then one request: a point of the plane is one change.
    void placeSigmas(double sigmaW2, double sigmaB2);

    DepthPlot *m_plot = nullptr;
    QComboBox *m_activationBox = nullptr;
    std::array<QCheckBox *, kCompared> m_compareChecks{};
    std::array<QComboBox *, kCompared> m_compareBoxes{};
    QDoubleSpinBox *m_sigmaW2Box = nullptr;
    QSlider *m_sigmaW2Slider = nullptr;
    QDoubleSpinBox *m_sigmaB2Box = nullptr;
    QSpinBox *m_layersBox = nullptr;
    QSpinBox *m_widthBox = nullptr;
    QDoubleSpinBox *m_q0Box = nullptr;
    QDoubleSpinBox *m_c0Box = nullptr;
    QSpinBox *m_seedBox = nullptr;
    QPushButton *m_criticalButton = nullptr;
    QLabel *m_readout = nullptr;
    QLineEdit *m_command = nullptr;
    QTimer *m_requestTimer = nullptr;
    bool m_dragging = false;
    bool m_stale = true; // the settings changed since the last request
    QString m_failure;

    DepthSnapshot m_snapshot;
    WorkerThread<DepthWorker> m_worker;
};

} // namespace gelulab
