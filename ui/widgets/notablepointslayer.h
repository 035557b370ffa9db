#pragma once

#include "activation.h"

#include <QList>
#include <QStringList>

#include <vector>

class QCPAbstractItem;
class QCPAxisRect;
class QCPGraph;
class QCustomPlot;

namespace gelulab {

// The extrema and inflection points of the curves on a plot, each marked and labelled; the labels are
// placed, once the plot is laid out, where they stay inside the plot and clear of the legend and each other.
class NotablePointsLayer {
public:
    explicit NotablePointsLayer(QCustomPlot *plot);

    // Marks the notable points of f (order 0) or of f′ (order 1: its extrema) for each activation (id,
    // instance) over the x axis's range, in the axis rect that draws that curve (the plot's first by
    // default); an empty list removes the marks.
    void show(const std::vector<std::pair<QString, const ActivationInstance *>> &curves, int order = 0,
              QCPAxisRect *rect = nullptr);
    // The plot's graphs were cleared, the markers with them.
    void forgetGraphs() { m_graphs.clear(); }
    // Places the labels (after the plot's layout, when pixel positions are known).
    void placeLabels();
    QStringList labels() const;

private:
    void clear();

    QCustomPlot *m_plot;
    QCPAxisRect *m_rect = nullptr;          // where the marks are
    std::vector<QCPAbstractItem *> m_items; // per point: anchor, label, leader line
    QList<QCPGraph *> m_graphs;             // per activation: the markers
};

} // namespace gelulab
