#include "playgroundplot.h"

#include "boundarymap.h"
#include "viewparts.h"

#include <algorithm>
#include <cmath>

namespace gelulab {
namespace {
constexpr double kFrom = -6.0;
constexpr double kTo = 6.0;
// A run of more epochs than this is plotted at every 2ᵏ-th epoch (and the last), so that a frame costs little
// however long the run; the points drawn depend on the epoch numbers alone, so they stay the same from frame
// to frame until the stride doubles, and agree with the history's own thinning (EpochSeries), which keeps
// older epochs at a power-of-two stride too.
constexpr std::int64_t kMostPlotted = 512;

std::int64_t plotStride(std::int64_t lastEpoch) {
    std::int64_t stride = 1;
    while (lastEpoch / stride > kMostPlotted)
        stride *= 2;
    return stride;
}

template<class T>
bool plotted(const std::vector<T> &records, std::size_t i, std::int64_t stride) {
    return records[i].epoch % stride == 0 || i + 1 == records.size();
}
} // namespace

PlaygroundPlot::PlaygroundPlot(QWidget *parent)
    : QCustomPlot(parent) {
    setMinimumSize(400, 280);
    QCPAxisRect *main = axisRect();
    main->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("x₁"));
    main->axis(QCPAxis::atLeft)->setLabel(QStringLiteral("x₂"));
    main->axis(QCPAxis::atBottom)->setRange(kFrom, kTo);
    main->axis(QCPAxis::atLeft)->setRange(kFrom, kTo);
    auto *right = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, right);
    plotLayout()->setColumnStretchFactor(0, 1.5);
    plotLayout()->setColumnStretchFactor(1, 1.0);
    m_lossRect = new QCPAxisRect(this);
    m_gradientRect = new QCPAxisRect(this);
    right->addElement(0, 0, m_lossRect);
    right->addElement(1, 0, m_gradientRect);
    m_lossRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    useEpochTicker(m_lossRect->axis(QCPAxis::atBottom));
    m_lossRect->axis(QCPAxis::atLeft)->setLabel(tr("loss"));
    m_gradientRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    useEpochTicker(m_gradientRect->axis(QCPAxis::atBottom));
    m_gradientRect->axis(QCPAxis::atLeft)->setLabel(tr("‖dL/dW‖ per layer"));
    m_gradientRect->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
    m_gradientRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_boundary = new QCPColorMap(main->axis(QCPAxis::atBottom), main->axis(QCPAxis::atLeft));
    m_boundary->setInterpolate(true);
    m_boundary->data()->setSize(kGrid, kGrid);
    const double half = (kTo - kFrom) / kGrid / 2.0;
    m_boundary->data()->setRange(QCPRange(kFrom + half, kTo - half), QCPRange(kFrom + half, kTo - half));
    m_trainLoss = addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_trainLoss->setPen(QPen(QColor(0x33, 0x33, 0x33), 1.6));
    m_trainLoss->setName(tr("train loss"));
    m_testLoss = addGraph(m_lossRect->axis(QCPAxis::atBottom), m_lossRect->axis(QCPAxis::atLeft));
    m_testLoss->setPen(QPen(QColor(0x99, 0x99, 0x99), 1.6, Qt::DashLine));
    m_testLoss->setName(tr("test loss"));
    legend->setVisible(false);
    // The loss and gradient-flow plots name their lines in legends of their own.
    m_gradientLegend = addInsetLegend(m_gradientRect, font().family());
    m_lossLegend = addInsetLegend(m_lossRect, font().family());
    m_trainLoss->addToLegend(m_lossLegend);
    m_testLoss->addToLegend(m_lossLegend);
    // The history plots on a buffered layer of their own: a frame that brings no new picture redraws only it.
    addLayer(QStringLiteral("history"), layer(QStringLiteral("axes")), QCustomPlot::limAbove);
    m_historyLayer = layer(QStringLiteral("history"));
    m_historyLayer->setMode(QCPLayer::lmBuffered);
    for (QCPAxisRect *rect : {m_lossRect, m_gradientRect})
        for (QCPAxis *axis : rect->axes()) {
            axis->setLayer(m_historyLayer);
            axis->grid()->setLayer(m_historyLayer);
        }
    for (QCPLayerable *item :
         std::initializer_list<QCPLayerable *>{m_trainLoss, m_testLoss, m_lossLegend, m_gradientLegend})
        item->setLayer(m_historyLayer);
}

void PlaygroundPlot::replotHistory() {
    m_historyLayer->replot();
}

bool PlaygroundPlot::showSnapshot(const PlaygroundSnapshot &snapshot, const Dataset &data, bool discretize,
                                  int unitColumn, int unit) {
    const GridPicture &g = snapshot.grid;
    const int hovered = g.hoveredLayer * 1000 + g.hoveredUnit;
    const bool changed = g.serial != m_shownPicture || g.serial == 0 || unitColumn != m_shownColumn ||
                         unit != m_shownUnit || hovered != m_shownHovered ||
                         discretize != m_shownDiscretize || &data != m_shownData;
    if (changed) {
        showBoundary(snapshot.training, g, data, discretize, unitColumn, unit);
        m_shownPicture = g.serial;
        m_shownColumn = unitColumn;
        m_shownUnit = unit;
        m_shownHovered = hovered;
        m_shownDiscretize = discretize;
        m_shownData = &data;
    }
    showLosses(snapshot.history.records());
    showGradientFlow(snapshot.gradientNorms.records(), snapshot.training.network.W.size());
    return changed;
}

void PlaygroundPlot::showBoundary(const TrainingSnapshot &t, const GridPicture &g, const Dataset &data,
                                  bool discretize, int unitColumn, int unit) {
    // The picture's resolution: the full grid, or a coarser one while a large network trains.
    const int n = g.size > 0 ? g.size : kGrid;
    // The picture's frame: ±6, or wider for data that reaches beyond it.
    const double from = g.size > 0 ? g.from : kFrom, to = g.size > 0 ? g.to : kTo;
    if (m_boundary->data()->keySize() != n || m_boundary->data()->valueSize() != n ||
        boundaryRect()->axis(QCPAxis::atBottom)->range() != QCPRange(from, to)) {
        m_boundary->data()->setSize(n, n);
        const double half = (to - from) / n / 2.0;
        m_boundary->data()->setRange(QCPRange(from + half, to - half), QCPRange(from + half, to - half));
        boundaryRect()->axis(QCPAxis::atBottom)->setRange(from, to);
        boundaryRect()->axis(QCPAxis::atLeft)->setRange(from, to);
    }
    // The boundary: tanh output and regression as they are, a sigmoid's probability as 2p − 1, softmax
    // classes.
    const int classes = data.problem == Problem::Classification ? data.classes : 2;
    m_boundary->setGradient(boundaryGradient(classes));
    const std::size_t layer = std::size_t(unitColumn - 1);
    const bool unitMap = unitColumn >= 1 && layer < g.layers.size() && unit < g.layers[layer].rows();
    if (!unitMap) {
        static const std::vector<float> none;
        fillBoundary(m_boundary, g.size > 0 ? g.output : none, n, t.network.output(), classes, discretize);
        return;
    }
    // A hidden unit's output over the plane, scaled to its largest |value|: at the boundary's resolution once
    // the worker has drawn it, from the unit's small map until then.
    const bool full = g.hoveredLayer == int(layer) && g.hoveredUnit == unit &&
                      g.hovered.size() == std::size_t(n) * std::size_t(n);
    const int m = full ? n : g.unitSize;
    auto value = [&](int r, int c) {
        return full ? g.hovered[std::size_t(r) * std::size_t(n) + std::size_t(c)]
                    : g.layers[layer](unit, Eigen::Index(r * m / n) * m + Eigen::Index(c * m / n));
    };
    float largest = 0.0f;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            largest = std::max(largest, std::abs(value(r, c)));
    if (!(largest > 0.0f) || !std::isfinite(largest)) largest = 1.0f;
    m_boundary->setGradient(boundaryGradient(2));
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            m_boundary->data()->setCell(c, r, double(value(r, c) / largest));
    m_boundary->setDataRange(QCPRange(-1.0, 1.0));
}

void PlaygroundPlot::showLosses(const std::vector<EpochRecord> &history) {
    QVector<double> epochs, train, test;
    const std::int64_t stride = plotStride(history.empty() ? 0 : history.back().epoch);
    for (std::size_t i = 0; i < history.size(); ++i)
        if (plotted(history, i, stride)) {
            epochs << history[i].epoch;
            train << history[i].trainLoss;
            test << history[i].testLoss;
        }
    m_trainLoss->setData(epochs, train, true);
    m_testLoss->setData(epochs, test, true);
    // Records carry their epochs: a restored network's saved history may start later than epoch 1.
    m_lossRect->axis(QCPAxis::atBottom)
        ->setRange(0.0, std::max(10.0, history.empty() ? 0.0 : double(history.back().epoch)));
    bool found = false;
    QCPRange lossRange = m_trainLoss->getValueRange(found);
    if (found) {
        bool foundTest = false;
        const QCPRange testRange = m_testLoss->getValueRange(foundTest);
        if (foundTest) lossRange.expand(testRange);
        m_lossRect->axis(QCPAxis::atLeft)->setRange(0.0, std::max(lossRange.upper * 1.05, 1e-3));
    }
}

void PlaygroundPlot::showGradientFlow(const std::vector<EpochGradientNorms> &norms, std::size_t layers) {
    // One line per weight layer.
    while (m_gradientGraphs.size() > layers) {
        // Out of its legend first: QCustomPlot removes a graph's item only from the main legend, and a
        // dangling item in ours would be drawn.
        m_gradientGraphs.back()->removeFromLegend(m_gradientLegend);
        removeGraph(m_gradientGraphs.back());
        m_gradientGraphs.pop_back();
    }
    while (m_gradientGraphs.size() < layers) {
        QCPGraph *g =
            addGraph(m_gradientRect->axis(QCPAxis::atBottom), m_gradientRect->axis(QCPAxis::atLeft));
        const int k = int(m_gradientGraphs.size());
        g->setPen(QPen(QColor::fromHsv((k * 67) % 360, 200, 170), 1.4));
        g->setLayer(m_historyLayer);
        g->removeFromLegend();
        g->addToLegend(m_gradientLegend);
        m_gradientGraphs.push_back(g);
    }
    double lowest = 1e300, highest = 0.0;
    for (std::size_t l = 0; l < layers; ++l) {
        QVector<double> x, y;
        const std::int64_t stride = plotStride(norms.empty() ? 0 : norms.back().epoch);
        for (std::size_t e = 0; e < norms.size(); ++e)
            if (plotted(norms, e, stride) && l < norms[e].norms.size() && norms[e].norms[l] > 0.0) {
                x << double(norms[e].epoch);
                y << norms[e].norms[l];
                lowest = std::min(lowest, y.back());
                highest = std::max(highest, y.back());
            }
        m_gradientGraphs[l]->setData(x, y, true);
        m_gradientGraphs[l]->setName(l + 1 == layers ? tr("output") : tr("layer %1").arg(l + 1));
    }
    // The epochs of the losses plot beside it (a restored network's norms start at the epoch it was saved
    // at: its earlier norms are not saved).
    m_gradientRect->axis(QCPAxis::atBottom)
        ->setRange(0.0, std::max(10.0, norms.empty() ? 0.0 : double(norms.back().epoch)));
    if (highest > 0.0) m_gradientRect->axis(QCPAxis::atLeft)->setRange(lowest / 2.0, highest * 2.0);
}

void PlaygroundPlot::showPoints(const Dataset &data, bool withTest) {
    const int groups = data.problem == Problem::Regression ? 2 : data.classes;
    rebuildPointGraphs(this, boundaryRect(), m_trainGraphs, groups, false);
    rebuildPointGraphs(this, boundaryRect(), m_testGraphs, groups, true);
    fillPointGraphs(m_trainGraphs, data.train, data.problem);
    if (withTest) fillPointGraphs(m_testGraphs, data.test, data.problem);
}

} // namespace gelulab
