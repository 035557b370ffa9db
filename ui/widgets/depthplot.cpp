#include "depthplot.h"

#include "activationpalette.h"
#include "appearance.h"
#include "viewparts.h"

#include <algorithm>
#include <cmath>

namespace gelulab {
namespace {

const QColor kIdentity(150, 150, 150);
const QColor kInk(30, 30, 30);
constexpr double kChi1Span = 3.0; // the colours saturate at χ₁ = 2^±3
constexpr int kCobwebSteps = 30;

QColor colorOf(const std::string &id) {
    return activationColor(QString::fromStdString(id));
}

QCPColorGradient phaseGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(0x21, 0x66, 0xac)); // ordered: χ₁ ≤ 1/8
    g.setColorStopAt(0.5, QColor(0xf7, 0xf7, 0xf7)); // χ₁ = 1
    g.setColorStopAt(1.0, QColor(0xb2, 0x18, 0x2b)); // chaotic: χ₁ ≥ 8
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(0x6e, 0x6e, 0x6e)); // q grows without bound
    return g;
}

// From the plot's background (no units) to a grey that stands out from it (the densest bin), in either theme.
QCPColorGradient densityGradient() {
    const Appearance *appearance = Appearance::instance();
    const bool dark = appearance->isDark();
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, appearance->plotBackground());
    g.setColorStopAt(0.25, dark ? QColor(80, 80, 80) : QColor(210, 210, 210));
    g.setColorStopAt(1.0, dark ? QColor(230, 230, 230) : QColor(60, 60, 60));
    return g;
}

// Moves a legend made by addInsetLegend to another corner of its axis rect.
void placeLegend(QCPAxisRect *rect, QCPLegend *legend, Qt::Alignment corner) {
    QCPLayoutInset *inset = rect->insetLayout();
    for (int i = 0; i < inset->elementCount(); ++i)
        if (inset->elementAt(i) == legend) inset->setInsetAlignment(i, corner);
}

QVector<double> layerKeys(std::size_t n) {
    QVector<double> keys(qsizetype(n), 0.0);
    for (std::size_t l = 0; l < n; ++l)
        keys[qsizetype(l)] = double(l);
    return keys;
}

QVector<double> toVector(const std::vector<double> &v) {
    return QVector<double>(v.begin(), v.end());
}

// A log axis's range over the finite, positive values (a decade around 1 when there are none).
QCPRange logRange(std::initializer_list<const std::vector<double> *> series) {
    double low = HUGE_VAL, high = -HUGE_VAL;
    for (const std::vector<double> *s : series)
        for (double v : *s)
            if (std::isfinite(v) && v > 0.0) {
                low = std::min(low, v);
                high = std::max(high, v);
            }
    if (!(low <= high)) return {0.1, 10.0};
    low = std::max(low, 1e-300);
    return {low / 2.0, high * 2.0};
}

} // namespace

DepthPlot::DepthPlot(QWidget *parent)
    : QCustomPlot(parent) {
    setMinimumSize(420, 300); // the window fits a 960 × 540 screen (README.md, "In front of a class")
    setNoAntialiasingOnDrag(true);
    QCPAxisRect *qRect = axisRect();
    m_phaseRect = new QCPAxisRect(this);
    m_cMapRect = new QCPAxisRect(this);
    m_heatRect = new QCPAxisRect(this);
    m_gradientRect = new QCPAxisRect(this);
    m_correlationRect = new QCPAxisRect(this);
    // The phase diagram with its colour key beside it, in a cell of its own.
    auto *phaseCell = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, phaseCell);
    phaseCell->addElement(0, 0, m_phaseRect);
    m_phaseScale = new QCPColorScale(this);
    phaseCell->addElement(0, 1, m_phaseScale);
    phaseCell->setColumnStretchFactor(1, 0.01);
    plotLayout()->addElement(0, 2, m_cMapRect);
    plotLayout()->addElement(1, 0, m_heatRect);
    plotLayout()->addElement(1, 1, m_gradientRect);
    plotLayout()->addElement(1, 2, m_correlationRect);
    plotLayout()->setColumnStretchFactor(1, 1.3); // the phase diagram: room for its legend and key
    auto *columns = new QCPMarginGroup(this);
    for (QCPAxisRect *rect : {qRect, m_heatRect})
        rect->setMarginGroup(QCP::msLeft, columns);
    auto *rows = new QCPMarginGroup(this);
    for (QCPAxisRect *rect : {m_heatRect, m_gradientRect, m_correlationRect})
        rect->setMarginGroup(QCP::msBottom, rows);
    const auto label = [](QCPAxisRect *rect, const QString &x, const QString &y) {
        rect->axis(QCPAxis::atBottom)->setLabel(x);
        rect->axis(QCPAxis::atLeft)->setLabel(y);
        rect->axis(QCPAxis::atBottom)->grid()->setSubGridVisible(false);
    };
    label(qRect, tr("q-map: variance q at layer l − 1"), tr("q at layer l"));
    label(m_phaseRect, tr("phase diagram: σ_w²"), QStringLiteral("σ_b²"));
    label(m_cMapRect, tr("c-map at q*: correlation at l − 1"), tr("correlation at layer l"));
    label(m_heatRect, tr("layer l of the network"), tr("pre-activation h"));
    label(m_gradientRect, tr("layer l"), tr("gradient norm ‖δˡ‖ / ‖δᴸ‖"));
    label(m_correlationRect, tr("layer l"), tr("correlation of two inputs"));
    const QString family = font().family();

    // q-map and c-map: identities, one curve and fixed point per activation (made as activations come).
    m_qIdentity = addGraph(qRect->axis(QCPAxis::atBottom), qRect->axis(QCPAxis::atLeft));
    m_cIdentity = addGraph(m_cMapRect->axis(QCPAxis::atBottom), m_cMapRect->axis(QCPAxis::atLeft));
    for (QCPGraph *identity : {m_qIdentity, m_cIdentity}) {
        identity->setPen(QPen(kIdentity, 1.0, Qt::DashLine));
        identity->removeFromLegend();
    }
    m_cIdentity->setData({-1.0, 1.0}, {-1.0, 1.0});
    m_cMapRect->axis(QCPAxis::atBottom)->setRange(-1.0, 1.0);
    m_cMapRect->axis(QCPAxis::atLeft)->setRange(-1.0, 1.05);
    m_cobweb = new QCPCurve(qRect->axis(QCPAxis::atBottom), qRect->axis(QCPAxis::atLeft));
    m_cobweb->setPen(QPen(kInk, 1.0));
    m_cobweb->setName(tr("cobweb from q₀"));
    m_mapLegend = addInsetLegend(qRect, family, true);
    placeLegend(qRect, m_mapLegend, Qt::AlignTop | Qt::AlignLeft);
    m_mapLegend->setVisible(true);
    m_cobweb->addToLegend(m_mapLegend);

    // Phase diagram.
    QCPAxis *w = m_phaseRect->axis(QCPAxis::atBottom), *b = m_phaseRect->axis(QCPAxis::atLeft);
    m_phaseMap = new QCPColorMap(w, b);
    m_phaseMap->data()->setSize(DepthPhaseGrid::kColumns, DepthPhaseGrid::kRows);
    m_phaseMap->data()->setRange(
        QCPRange(DepthPhaseGrid::sigmaW2(0), DepthPhaseGrid::sigmaW2(DepthPhaseGrid::kColumns - 1)),
        QCPRange(DepthPhaseGrid::sigmaB2(0), DepthPhaseGrid::sigmaB2(DepthPhaseGrid::kRows - 1)));
    m_phaseMap->setColorScale(m_phaseScale);
    m_phaseScale->setGradient(phaseGradient());
    m_phaseScale->setDataRange(QCPRange(-kChi1Span, kChi1Span));
    m_phaseScale->setBarWidth(10);
    m_phaseScale->setLabel(QStringLiteral("χ₁"));
    // The key in χ₁ itself (the colours follow log₂ χ₁); grey, off the key, is where q grows.
    QSharedPointer<QCPAxisTickerText> chi1Ticks(new QCPAxisTickerText);
    chi1Ticks->addTick(-3, QStringLiteral("⅛"));
    chi1Ticks->addTick(-2, QStringLiteral("¼"));
    chi1Ticks->addTick(-1, QStringLiteral("½"));
    chi1Ticks->addTick(0, QStringLiteral("1"));
    chi1Ticks->addTick(1, QStringLiteral("2"));
    chi1Ticks->addTick(2, QStringLiteral("4"));
    chi1Ticks->addTick(3, QStringLiteral("8"));
    m_phaseScale->axis()->setTicker(chi1Ticks);
    auto *phaseMargins = new QCPMarginGroup(this); // the diagram and its key share top and bottom
    m_phaseScale->setMarginGroup(QCP::msTop | QCP::msBottom, phaseMargins);
    m_phaseRect->setMarginGroup(QCP::msTop | QCP::msBottom, phaseMargins);
    m_phaseMap->setInterpolate(false);
    for (int c = 0; c < DepthPhaseGrid::kColumns; ++c)
        for (int r = 0; r < DepthPhaseGrid::kRows; ++r)
            m_phaseMap->data()->setAlpha(c, r, 0);
    w->setRange(0.0, kDepthMaxSigmaW2);
    b->setRange(-0.03, kDepthMaxSigmaB2 + 0.01);
    m_phaseLegend = addInsetLegend(m_phaseRect, family, true);
    m_phaseLegend->setVisible(true);
    for (const bool lost : {false, true}) {
        QCPGraph *sample = addGraph(b, w);
        sample->setPen(QPen(kInk, 1.6, lost ? Qt::DashLine : Qt::SolidLine));
        sample->setName(lost ? tr("q* lost") : tr("χ₁ = 1"));
        sample->removeFromLegend();
        sample->addToLegend(m_phaseLegend);
    }
    // The usual initialisations (square layers, biases 0): one marker per σ_w² they give.
    for (const double sigmaW2 : {1.0, 2.0}) {
        QStringList names;
        for (const Initialisation &init : kInitialisations)
            if (init.sigmaW2 == sigmaW2) names << toQString(init.name);
        QCPGraph *mark = addGraph(w, b);
        mark->setLineStyle(QCPGraph::lsNone);
        mark->setScatterStyle(
            QCPScatterStyle(sigmaW2 == 1.0 ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDiamond, kInk,
                            QColor(255, 210, 0), 11));
        mark->setData({sigmaW2}, {0.0});
        // Two names to a line, so that the legend fits a narrow diagram.
        QStringList lines;
        for (qsizetype i = 0; i < names.size(); i += 2)
            lines << names.mid(i, 2).join(QStringLiteral(", "));
        mark->setName(lines.join(QStringLiteral(",\n")));
        mark->removeFromLegend();
        mark->addToLegend(m_phaseLegend);
        m_initialisations.push_back(mark);
    }
    // Unfilled, so that the initialisations' markers stay visible under it, and drawn over a wider halo of
    // the opposite grey (the dark theme turns both), so that it stands out on every colour of the diagram:
    // the white of χ₁ = 1 as well as the blues, reds and grey.
    m_pointHalo = addGraph(w, b);
    m_point = addGraph(w, b);
    for (auto [graph, pen] :
         {std::pair{m_pointHalo, QPen(Qt::white, 5.0)}, std::pair{m_point, QPen(kInk, 2.0)}}) {
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCrossCircle, pen, QBrush(Qt::NoBrush), 16));
        graph->removeFromLegend();
    }
    m_phaseStatus = new QCPItemText(this);
    m_phaseStatus->setClipAxisRect(m_phaseRect);
    m_phaseStatus->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_phaseStatus->position->setAxisRect(m_phaseRect);
    m_phaseStatus->position->setCoords(0.02, 0.02);
    m_phaseStatus->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_phaseStatus->setFont(QFont(family, 8));
    m_phaseStatus->setBrush(QColor(255, 255, 255, 200));

    m_cMapStatus = new QCPItemText(this);
    m_cMapStatus->setClipAxisRect(m_cMapRect);
    m_cMapStatus->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_cMapStatus->position->setAxisRect(m_cMapRect);
    m_cMapStatus->position->setCoords(0.5, 0.25);
    m_cMapStatus->setFont(QFont(family, 9));

    // The network: density, ±√q predicted and √q simulated; gradients; correlations.
    m_heatMap = new QCPColorMap(m_heatRect->axis(QCPAxis::atBottom), m_heatRect->axis(QCPAxis::atLeft));
    m_heatMap->setGradient(densityGradient());
    connect(Appearance::instance(), &Appearance::changed, this,
            [this] { m_heatMap->setGradient(densityGradient()); });
    m_heatMap->setDataRange(QCPRange(0.0, 1.0));
    m_heatMap->setInterpolate(false);
    QCPAxis *hx = m_heatRect->axis(QCPAxis::atBottom), *hy = m_heatRect->axis(QCPAxis::atLeft);
    m_rootQUpper = addGraph(hx, hy);
    m_rootQLower = addGraph(hx, hy);
    m_rootQSimulated = addGraph(hx, hy);
    m_rootQUpper->setName(tr("±√q predicted"));
    m_rootQSimulated->setName(tr("√q simulated"));
    m_rootQLower->removeFromLegend();
    m_networkStatus = new QCPItemText(this);
    m_networkStatus->setClipAxisRect(m_heatRect);
    m_networkStatus->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_networkStatus->position->setAxisRect(m_heatRect);
    m_networkStatus->position->setCoords(0.5, 0.5);
    m_networkStatus->setFont(QFont(family, 9));

    m_gradientRect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
    m_gradientRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    QCPAxis *gx = m_gradientRect->axis(QCPAxis::atBottom), *gy = m_gradientRect->axis(QCPAxis::atLeft);
    m_gradPredicted = addGraph(gx, gy);
    m_gradSimulated = addGraph(gx, gy);
    m_gradPredicted->setPen(QPen(kInk, 1.4, Qt::DashLine));
    m_gradPredicted->setName(tr("predicted"));
    m_gradSimulated->setName(tr("simulated"));
    QCPAxis *cx = m_correlationRect->axis(QCPAxis::atBottom), *cy = m_correlationRect->axis(QCPAxis::atLeft);
    m_cPredicted = addGraph(cx, cy);
    m_cSimulated = addGraph(cx, cy);
    m_cPredicted->setPen(QPen(kInk, 1.4, Qt::DashLine));
    // One legend for the three plots of the network, where correlations leave room (they tend to 1 or c*).
    m_networkLegend = addInsetLegend(m_correlationRect, family, true);
    placeLegend(m_correlationRect, m_networkLegend, Qt::AlignBottom | Qt::AlignRight);
    m_networkLegend->setVisible(true);
    for (QCPGraph *g : {m_gradPredicted, m_gradSimulated, m_rootQUpper, m_rootQSimulated}) {
        g->removeFromLegend();
        g->addToLegend(m_networkLegend);
    }
    m_cPredicted->removeFromLegend();
    m_cSimulated->removeFromLegend();
    legend->setVisible(false);
}

std::optional<QPointF> DepthPlot::phaseAt(const QPointF &pixel, bool outside) const {
    if (!outside && !m_phaseRect->rect().contains(pixel.toPoint())) return std::nullopt;
    const double sigmaW2 = m_phaseRect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x());
    const double sigmaB2 = m_phaseRect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y());
    return QPointF(std::clamp(sigmaW2, 0.0, kDepthMaxSigmaW2), std::clamp(sigmaB2, 0.0, kDepthMaxSigmaB2));
}

void DepthPlot::ensureCurves(const DepthSnapshot &s) {
    std::vector<std::string> ids;
    for (const DepthCurve &c : s.curves)
        ids.push_back(c.id);
    if (ids == m_curveIds) return;
    for (CurveGraphs &g : m_curves) {
        // removeGraph takes a graph out of the plot's own legend only: out of ours first, or the legend would
        // draw a deleted graph.
        g.qMap->removeFromLegend(m_mapLegend);
        for (QCPGraph *graph : {g.qMap, g.qStar, g.cMap, g.cStar, g.chi1Line, g.lostLine})
            removeGraph(graph);
    }
    m_curves.clear();
    m_curveIds = ids;
    QCPAxisRect *qRect = qMapRect();
    QCPAxis *w = m_phaseRect->axis(QCPAxis::atBottom), *b = m_phaseRect->axis(QCPAxis::atLeft);
    for (std::size_t i = 0; i < s.curves.size(); ++i) {
        const QColor color = colorOf(s.curves[i].id);
        const double width = i == 0 ? 2.4 : 1.6;
        CurveGraphs g;
        g.qMap = addGraph(qRect->axis(QCPAxis::atBottom), qRect->axis(QCPAxis::atLeft));
        g.qStar = addGraph(qRect->axis(QCPAxis::atBottom), qRect->axis(QCPAxis::atLeft));
        g.cMap = addGraph(m_cMapRect->axis(QCPAxis::atBottom), m_cMapRect->axis(QCPAxis::atLeft));
        g.cStar = addGraph(m_cMapRect->axis(QCPAxis::atBottom), m_cMapRect->axis(QCPAxis::atLeft));
        g.chi1Line = addGraph(b, w);
        g.lostLine = addGraph(b, w);
        g.qMap->setPen(QPen(color, width));
        g.cMap->setPen(QPen(color, width));
        g.chi1Line->setPen(QPen(color, 2.2));
        g.lostLine->setPen(QPen(color, 2.2, Qt::DashLine));
        for (QCPGraph *star : {g.qStar, g.cStar}) {
            star->setLineStyle(QCPGraph::lsNone);
            star->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 8));
        }
        for (QCPGraph *graph : {g.qMap, g.qStar, g.cMap, g.cStar, g.chi1Line, g.lostLine})
            graph->removeFromLegend();
        g.qMap->setName(QString::fromStdString(s.curves[i].name));
        g.qMap->addToLegend(m_mapLegend);
        m_curves.push_back(g);
    }
    // The network's graphs take the first activation's colour.
    const QColor first = s.curves.empty() ? kInk : colorOf(s.curves.front().id);
    m_rootQUpper->setPen(QPen(first, 1.8));
    m_rootQLower->setPen(QPen(first, 1.8));
    m_rootQSimulated->setPen(QPen(kInk, 1.8, Qt::DotLine));
    for (QCPGraph *g : {m_gradSimulated, m_cSimulated}) {
        g->setPen(QPen(first, 1.4));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, first, 4));
    }
    m_cobweb->setPen(QPen(first.darker(140), 1.0));
}

void DepthPlot::showSnapshot(const DepthSnapshot &s) {
    ensureCurves(s);
    showMaps(s);
    showPhase(s);
    showNetwork(s);
    replot(QCustomPlot::rpQueuedReplot);
}

void DepthPlot::showMaps(const DepthSnapshot &s) {
    const double qMax = s.qGrid.empty() ? 1.0 : s.qGrid.back();
    qMapRect()->axis(QCPAxis::atBottom)->setRange(0.0, qMax);
    qMapRect()->axis(QCPAxis::atLeft)->setRange(0.0, qMax);
    m_qIdentity->setData({0.0, qMax}, {0.0, qMax});
    const QVector<double> qGrid = toVector(s.qGrid), cGrid = toVector(s.cGrid);
    for (std::size_t i = 0; i < s.curves.size(); ++i) {
        const DepthCurve &c = s.curves[i];
        m_curves[i].qMap->setData(qGrid, toVector(c.qMap), true);
        const VarianceFixedPoint &fixed = c.summary.fixedPoint;
        if (fixed.fate == DepthFate::FixedPoint && fixed.q <= qMax)
            m_curves[i].qStar->setData({fixed.q}, {fixed.q});
        else
            m_curves[i].qStar->data()->clear();
        if (c.cMap.size() == s.cGrid.size()) {
            m_curves[i].cMap->setData(cGrid, toVector(c.cMap), true);
            m_curves[i].cStar->setData({c.summary.cStar}, {c.summary.cStar});
        } else {
            m_curves[i].cMap->data()->clear();
            m_curves[i].cStar->data()->clear();
        }
    }
    // The c-map is taken at q*: without one there is none to draw.
    const bool anyFixed = std::any_of(s.curves.begin(), s.curves.end(), [](const DepthCurve &c) {
        return c.summary.fixedPoint.fate == DepthFate::FixedPoint;
    });
    const bool anyMap =
        std::any_of(s.curves.begin(), s.curves.end(), [](const DepthCurve &c) { return !c.cMap.empty(); });
    m_cMapStatus->setText(!anyFixed ? tr("no fixed point q*: no c-map") : tr("computing the c-maps…"));
    m_cMapStatus->setVisible(!s.curves.empty() && (!anyFixed || (!anyMap && !s.done)));
    // The cobweb of the first activation from q₀: up to the map, across to the identity, and so on.
    m_cobweb->data()->clear();
    if (!s.curves.empty()) {
        const std::vector<double> &q = s.curves.front().qSeries;
        QVector<double> t, x, y;
        const auto add = [&](double px, double py) {
            t << double(t.size());
            x << px;
            y << py;
        };
        add(q.front(), 0.0);
        for (std::size_t l = 0; l + 1 < q.size() && l < kCobwebSteps; ++l) {
            if (!std::isfinite(q[l + 1]) || q[l + 1] > 2.0 * qMax) {
                add(q[l], 2.0 * qMax); // off the top: it runs away
                break;
            }
            add(q[l], q[l + 1]);
            add(q[l + 1], q[l + 1]);
        }
        m_cobweb->setData(t, x, y, true);
    }
}

void DepthPlot::showPhase(const DepthSnapshot &s) {
    for (QCPGraph *graph : {m_pointHalo, m_point})
        graph->setData({s.settings.sigmaW2}, {s.settings.sigmaB2});
    const DepthPhaseGrid *grid = s.phase.get();
    const int rows = grid ? grid->rowsDone : 0;
    if (grid != m_shownGrid || rows != m_shownRows) {
        m_shownGrid = grid;
        m_shownRows = rows;
        QCPColorMapData *data = m_phaseMap->data();
        for (int r = 0; r < DepthPhaseGrid::kRows; ++r)
            for (int c = 0; c < DepthPhaseGrid::kColumns; ++c) {
                const bool known = r < rows;
                const double chi1 = known ? grid->chi1[std::size_t(r * DepthPhaseGrid::kColumns + c)] : 0.0;
                data->setCell(c, r,
                              std::isnan(chi1) ? chi1 : std::clamp(std::log2(chi1), -kChi1Span, kChi1Span));
                data->setAlpha(c, r, known ? 255 : 0);
            }
    }
    QString status;
    if (rows < DepthPhaseGrid::kRows)
        status = tr("colouring by χ₁: %1 of %2 rows").arg(rows).arg(DepthPhaseGrid::kRows);
    for (std::size_t i = 0; i < s.curves.size(); ++i) {
        const std::shared_ptr<const DepthPhaseLine> &line = s.curves[i].line;
        QVector<double> keys, chi1, lost;
        if (line) {
            for (int k = 0; k < line->done; ++k) {
                const double sigmaW2 = line->sigmaW2[std::size_t(k)];
                const DepthBoundary here = line->boundary[std::size_t(k)];
                // A point joins the kind of the segment after it too, so that the line has no gap.
                const bool nextLost = k + 1 < line->done &&
                                      line->boundary[std::size_t(k + 1)] == DepthBoundary::FixedPointLost &&
                                      !std::isnan(line->sigmaW2[std::size_t(k + 1)]);
                const bool nextChi1 = k + 1 < line->done &&
                                      line->boundary[std::size_t(k + 1)] == DepthBoundary::Chi1 &&
                                      !std::isnan(line->sigmaW2[std::size_t(k + 1)]);
                keys << DepthPhaseLine::sigmaB2(k);
                chi1 << (here == DepthBoundary::Chi1 || nextChi1 ? sigmaW2 : std::nan(""));
                lost << (here == DepthBoundary::FixedPointLost || nextLost ? sigmaW2 : std::nan(""));
            }
        }
        m_curves[i].chi1Line->setData(keys, chi1, true);
        m_curves[i].lostLine->setData(keys, lost, true);
        if (status.isEmpty() && (!line || !line->complete())) status = tr("drawing the critical lines…");
    }
    m_phaseStatus->setText(status);
    m_phaseStatus->setVisible(!status.isEmpty());
}

void DepthPlot::showNetwork(const DepthSnapshot &s) {
    const std::size_t n = s.qPredicted.size();
    const int layers = s.settings.layers;
    const QVector<double> keys = layerKeys(n);
    for (QCPAxisRect *rect : {m_heatRect, m_gradientRect, m_correlationRect})
        rect->axis(QCPAxis::atBottom)->setRange(-0.5, layers + 0.5);
    QVector<double> upper, lower;
    for (double q : s.qPredicted) {
        upper << std::sqrt(q);
        lower << -std::sqrt(q);
    }
    m_rootQUpper->setData(keys, upper, true);
    m_rootQLower->setData(keys, lower, true);
    m_gradPredicted->setData(keys, toVector(s.gradPredicted), true);
    m_cPredicted->setData(layerKeys(s.cPredicted.size()), toVector(s.cPredicted), true); // may come later
    if (!s.network) {
        m_networkStatus->setText(tr("simulating %1 layers of %2 units…").arg(layers).arg(s.settings.width));
        m_networkStatus->setVisible(true);
        m_rootQSimulated->data()->clear();
        m_gradSimulated->data()->clear();
        m_cSimulated->data()->clear();
        m_heatMap->data()->clear();
        m_shownNetwork = 0;
        m_heatRect->axis(QCPAxis::atLeft)->setRange(-3.5 * upper.value(0, 1.0), 3.5 * upper.value(0, 1.0));
        m_gradientRect->axis(QCPAxis::atLeft)->setRange(logRange({&s.gradPredicted}));
        return;
    }
    m_networkStatus->setVisible(false);
    const DepthNetworkResult &net = *s.network;
    QVector<double> rootQ;
    for (double q : net.q)
        rootQ << std::sqrt(q);
    m_rootQSimulated->setData(layerKeys(net.q.size()), rootQ, true);
    m_gradSimulated->setData(layerKeys(net.gradNorm.size()), toVector(net.gradNorm), true);
    m_cSimulated->setData(layerKeys(net.c.size()), toVector(net.c), true);
    const DepthHeatMap &heat = s.heatMap;
    if (m_shownNetwork != s.generation && heat.layers > 0) {
        m_shownNetwork = s.generation;
        const double binWidth = 2.0 * heat.limit / heat.bins;
        m_heatMap->data()->setSize(heat.layers, heat.bins);
        m_heatMap->data()->setRange(QCPRange(0.0, heat.layers - 1.0),
                                    QCPRange(-heat.limit + 0.5 * binWidth, heat.limit - 0.5 * binWidth));
        for (int l = 0; l < heat.layers; ++l)
            for (int b = 0; b < heat.bins; ++b)
                m_heatMap->data()->setCell(l, b, heat.density[std::size_t(l * heat.bins + b)]);
    }
    m_heatRect->axis(QCPAxis::atLeft)->setRange(-heat.limit, heat.limit);
    m_gradientRect->axis(QCPAxis::atLeft)->setRange(logRange({&s.gradPredicted, &net.gradNorm}));
    double low = 0.0;
    for (const std::vector<double> *c : {&s.cPredicted, &net.c})
        for (double v : *c)
            if (std::isfinite(v)) low = std::min(low, v);
    m_correlationRect->axis(QCPAxis::atLeft)->setRange(low - 0.05, 1.05);
}

} // namespace gelulab
