#include "boundarymap.h"

#include <qcustomplot.h>

namespace gelulab {

QColor classColor(int k) {
    static const QColor colors[] = {QColor(0xf5, 0x93, 0x22), QColor(0x08, 0x77, 0xbd),
                                    QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                                    QColor(0x56, 0xb4, 0xe9)};
    return colors[std::size_t(k) % std::size(colors)];
}

QCPColorGradient boundaryGradient(int classes) {
    QCPColorGradient g;
    g.clearColorStops();
    if (classes > 2) {
        for (int k = 0; k < classes; ++k)
            g.setColorStopAt(double(k) / (classes - 1), classColor(k).lighter(150));
        g.setLevelCount(classes);
    } else {
        g.setColorStopAt(0.0, classColor(0).lighter(135));
        g.setColorStopAt(0.5, QColor(0xf2, 0xf3, 0xf4));
        g.setColorStopAt(1.0, classColor(1).lighter(160));
    }
    return g;
}

void fillBoundary(QCPColorMap *map, const std::vector<float> &gridOutput, int n, OutputKind output,
                  int classes, bool discretize) {
    map->setGradient(boundaryGradient(classes));
    if (gridOutput.size() != std::size_t(n) * std::size_t(n) || map->data()->keySize() != n ||
        map->data()->valueSize() != n) {
        map->data()->fill(0.0);
        map->setDataRange(QCPRange(-1.0, 1.0));
        return;
    }
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            double v = gridOutput[std::size_t(r) * std::size_t(n) + std::size_t(c)];
            if (output == OutputKind::Sigmoid) v = 2.0 * v - 1.0;
            if (discretize && output != OutputKind::Softmax) v = v >= 0.0 ? 1.0 : -1.0;
            map->data()->setCell(c, r, v);
        }
    map->setDataRange(output == OutputKind::Softmax ? QCPRange(0.0, classes - 1) : QCPRange(-1.0, 1.0));
}

void rebuildPointGraphs(QCustomPlot *plot, QCPAxisRect *rect, std::vector<QCPGraph *> &graphs, int groups,
                        bool test, double size) {
    for (QCPGraph *g : graphs)
        plot->removeGraph(g);
    graphs.clear();
    for (int k = 0; k < groups; ++k) {
        QCPGraph *g = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        g->setLineStyle(QCPGraph::lsNone);
        const QColor color = classColor(k);
        g->setScatterStyle(
            test ? QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.4), QBrush(color), size)
                 : QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color.darker(150), 1.0), QBrush(color),
                                   size));
        g->removeFromLegend();
        graphs.push_back(g);
    }
}

void fillPointGraphs(const std::vector<QCPGraph *> &graphs, const std::vector<DataPoint> &points,
                     Problem problem) {
    std::vector<QVector<double>> xs(graphs.size()), ys(graphs.size());
    for (const DataPoint &p : points) {
        const auto k =
            std::size_t(problem == Problem::Regression ? (p.target >= 0.0 ? 1 : 0) : int(p.target));
        if (k >= graphs.size()) continue;
        xs[k] << p.x1;
        ys[k] << p.x2;
    }
    for (std::size_t k = 0; k < graphs.size(); ++k)
        graphs[k]->setData(xs[k], ys[k], true);
}

} // namespace gelulab
