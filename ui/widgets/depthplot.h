#pragma once

#include "depthworker.h"

#include <qcustomplot.h>

#include <optional>
#include <vector>

namespace gelulab {

// The Depth view's six plots in one QCustomPlot (so that export draws them all). Top: the q-map of every
// activation with the identity, q* and the first activation's cobweb from q₀; the phase diagram, the
// (σ_w², σ_b²) plane coloured by the first activation's χ₁ with every activation's critical line (solid where
// χ₁ reaches 1, dashed where q* is lost), the usual initialisations and the current point; the c-map at q*.
// Below, for the first activation's simulated network: its pre-activations per layer as a density with ±√q_l
// predicted; the gradient's norm per layer against the prediction; the two inputs' correlation per layer.
class DepthPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit DepthPlot(QWidget *parent = nullptr);

    QCPAxisRect *qMapRect() const { return axisRect(0); }
    QCPAxisRect *phaseRect() const { return m_phaseRect; }
    QCPAxisRect *cMapRect() const { return m_cMapRect; }
    QCPAxisRect *heatRect() const { return m_heatRect; }
    QCPAxisRect *gradientRect() const { return m_gradientRect; }
    QCPAxisRect *correlationRect() const { return m_correlationRect; }
    QCPColorMap *phaseMap() const { return m_phaseMap; }
    QCPColorMap *heatMap() const { return m_heatMap; }
    QCPGraph *currentPoint() const { return m_point; }
    QCPCurve *cobweb() const { return m_cobweb; }
    QCPLegend *mapLegend() const { return m_mapLegend; }
    QCPGraph *qMapGraph(int activation) const { return m_curves[std::size_t(activation)].qMap; }
    QCPGraph *gradientSimulated() const { return m_gradSimulated; }
    QCPGraph *gradientPredicted() const { return m_gradPredicted; }
    QCPGraph *correlationSimulated() const { return m_cSimulated; }
    QCPGraph *rootQPredicted() const { return m_rootQUpper; }

    void showSnapshot(const DepthSnapshot &snapshot);
    // (σ_w², σ_b²) under a pixel of the phase diagram, within the plane the view offers; nothing elsewhere,
    // unless `outside` asks for the nearest point of the plane to a pixel beyond it.
    std::optional<QPointF> phaseAt(const QPointF &pixel, bool outside = false) const;

private:
    struct CurveGraphs {
        QCPGraph *qMap = nullptr, *qStar = nullptr, *cMap = nullptr, *cStar = nullptr;
        QCPGraph *chi1Line = nullptr, *lostLine = nullptr; // keys σ_b² (vertical), values σ_w²
    };
    void ensureCurves(const DepthSnapshot &s);
    void showMaps(const DepthSnapshot &s);
    void showPhase(const DepthSnapshot &s);
    void showNetwork(const DepthSnapshot &s);

    QCPAxisRect *m_phaseRect = nullptr, *m_cMapRect = nullptr, *m_heatRect = nullptr;
    QCPAxisRect *m_gradientRect = nullptr, *m_correlationRect = nullptr;
    QCPLegend *m_mapLegend = nullptr, *m_phaseLegend = nullptr, *m_networkLegend = nullptr;
    QCPGraph *m_qIdentity = nullptr, *m_cIdentity = nullptr;
    QCPCurve *m_cobweb = nullptr;
    QCPColorMap *m_phaseMap = nullptr, *m_heatMap = nullptr;
    QCPColorScale *m_phaseScale = nullptr;
    QCPItemText *m_cMapStatus = nullptr;
    QCPGraph *m_point = nullptr, *m_pointHalo = nullptr; // the halo under it, in the opposite grey
    std::vector<QCPGraph *> m_initialisations;
    QCPGraph *m_rootQUpper = nullptr, *m_rootQLower = nullptr, *m_rootQSimulated = nullptr;
    QCPGraph *m_gradSimulated = nullptr, *m_gradPredicted = nullptr;
    QCPGraph *m_cSimulated = nullptr, *m_cPredicted = nullptr;
    QCPItemText *m_phaseStatus = nullptr, *m_networkStatus = nullptr;
    std::vector<CurveGraphs> m_curves;
    std::vector<std::string> m_curveIds;
    // What the colour maps show now, so that a snapshot that changes neither does not refill them.
    const DepthPhaseGrid *m_shownGrid = nullptr;
    int m_shownRows = -1;
    quint64 m_shownNetwork = 0;
};

} // namespace gelulab
