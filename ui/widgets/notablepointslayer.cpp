#include "notablepointslayer.h"

#include "activationpalette.h"
#include "notable_points.h"
#include "plotexport.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace gelulab {

NotablePointsLayer::NotablePointsLayer(QCustomPlot *plot)
    : m_plot(plot) {}

void NotablePointsLayer::clear() {
    for (QCPAbstractItem *item : m_items)
        m_plot->removeItem(item);
    m_items.clear();
    for (QCPGraph *graph : m_graphs)
        m_plot->removeGraph(graph);
    m_graphs.clear();
}

void NotablePointsLayer::show(const std::vector<std::pair<QString, const ActivationInstance *>> &curves,
                              int order, QCPAxisRect *rect) {
    clear();
    m_rect = rect ? rect : m_plot->axisRect();
    QCPAxis *keyAxis = m_rect->axis(QCPAxis::atBottom), *valueAxis = m_rect->axis(QCPAxis::atLeft);
    const QCPRange range = keyAxis->range();
    for (const auto &[id, instance] : curves) {
        const std::vector<NotablePoint> points = notablePoints(*instance, range.lower, range.upper, order);
        if (points.empty()) continue;
        // Markers as a graph without line (kept out of the legend); each label hangs from an invisible
        // tracer at its point, at a pixel offset chosen when the plot is laid out (placeNotableLabels), with
        // a leader line when it had to move away to stay clear of the others.
        QCPGraph *markers = m_plot->addGraph(keyAxis, valueAxis);
        markers->removeFromLegend();
        markers->setLineStyle(QCPGraph::lsNone);
        markers->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, activationColor(id), Qt::white, 7));
        m_graphs << markers;
        for (const NotablePoint &p : points) {
            markers->addData(p.x, p.value);
            const QString kind = p.kind == NotablePoint::Kind::Minimum   ? QObject::tr("min")
                                 : p.kind == NotablePoint::Kind::Maximum ? QObject::tr("max")
                                                                         : QObject::tr("inflection");
            auto *anchor = new QCPItemTracer(m_plot);
            anchor->setStyle(QCPItemTracer::tsNone);
            anchor->position->setAxes(keyAxis, valueAxis);
            anchor->position->setCoords(p.x, p.value);
            anchor->setSelectable(false);
            auto *label = new QCPItemText(m_plot);
            label->position->setParentAnchor(anchor->position);
            label->position->setCoords(0.0, p.kind == NotablePoint::Kind::Minimum ? 14.0 : -14.0);
            label->setPositionAlignment(Qt::AlignCenter);
            label->setPadding(QMargins(3, 1, 3, 1));
            const QString text = QStringLiteral("%1%2 %3 at x = %4")
                                     .arg(order == 1 ? QStringLiteral("f′ ") : QString(), kind)
                                     .arg(p.value, 0, 'g', 5)
                                     .arg(p.x, 0, 'g', 5);
            label->setText(curves.size() > 1 ? id + QStringLiteral(": ") + text : text);
            label->setColor(activationColor(id).darker(130));
            label->setFont(QFont(m_plot->font().family(), 8));
            label->setBrush(QColor(255, 255, 255, 200));
            label->setSelectable(false);
            auto *leader = new QCPItemLine(m_plot);
            leader->start->setParentAnchor(anchor->position);
            leader->start->setCoords(0.0, 0.0);
            leader->end->setParentAnchor(label->position);
            leader->end->setCoords(0.0, 0.0);
            leader->setPen(QPen(activationColor(id).lighter(130), 0.8));
            leader->setVisible(false);
            leader->setSelectable(false);
            leader->setLayer(m_plot->layer(QStringLiteral("grid")));
            for (QCPAbstractItem *item :
                 {static_cast<QCPAbstractItem *>(anchor), static_cast<QCPAbstractItem *>(label),
                  static_cast<QCPAbstractItem *>(leader)})
                item->setClipAxisRect(m_rect);
            m_items.push_back(anchor);
            m_items.push_back(label);
            m_items.push_back(leader);
        }
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void NotablePointsLayer::placeLabels() {
    // Greedy placement in pixels: each label takes the first offset, alternating above and below its point
    // and moving further out, whose box stays inside the plot and clear of the legend and of the labels
    // placed before it.
    QCPAxisRect *rect = m_rect ? m_rect : m_plot->axisRect();
    const QRectF area = QRectF(rect->rect()).adjusted(2, 2, -2, -2);
    std::vector<QRectF> taken;
    if (m_plot->legend->visible())
        taken.push_back(QRectF(m_plot->legend->outerRect()).adjusted(-4, -4, 4, 4));
    // The read-out box too, while it is shown.
    for (int i = 0; i < m_plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(m_plot->item(i));
            text && text->visible() && text->property(kHoverProperty).toBool())
            taken.push_back(QRectF(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition())
                                .normalized()
                                .adjusted(-4, -4, 4, 4));
    for (std::size_t i = 0; i + 2 < m_items.size(); i += 3) {
        auto *anchor = static_cast<QCPItemTracer *>(m_items[i]);
        auto *label = static_cast<QCPItemText *>(m_items[i + 1]);
        auto *leader = static_cast<QCPItemLine *>(m_items[i + 2]);
        const QPointF at = anchor->position->pixelPosition();
        const QFontMetricsF metrics(label->font());
        const QSizeF size(metrics.horizontalAdvance(label->text()) + 6.0, metrics.height() + 2.0);
        const bool below = label->position->coords().y() > 0; // minima prefer below, the rest above
        const double step = size.height() + 2.0;
        QRectF chosen;
        QPointF offset(0.0, below ? 14.0 : -14.0);
        for (int k = 0; k < 24; ++k) {
            const double distance = 6.0 + size.height() / 2.0 + step * (k / 2);
            const double dy = ((k % 2 == 0) == below) ? distance : -distance;
            QRectF box(QPointF(at.x() - size.width() / 2.0, at.y() + dy - size.height() / 2.0), size);
            // Slide sideways to stay inside the plot.
            if (box.left() < area.left()) box.moveLeft(area.left());
            if (box.right() > area.right()) box.moveRight(area.right());
            if (box.top() < area.top() || box.bottom() > area.bottom()) continue;
            const bool clear =
                std::none_of(taken.begin(), taken.end(), [&](const QRectF &r) { return r.intersects(box); });
            if (!clear) continue;
            chosen = box;
            offset = box.center() - at;
            break;
        }
        label->position->setCoords(offset);
        label->setVisible(!chosen.isNull());
        leader->setVisible(!chosen.isNull() && std::abs(offset.y()) > size.height() / 2.0 + 10.0);
        if (!chosen.isNull()) taken.push_back(chosen.adjusted(-2, -1, 2, 1));
    }
}

QStringList NotablePointsLayer::labels() const {
    QStringList labels;
    for (QCPAbstractItem *item : m_items)
        if (auto *text = qobject_cast<QCPItemText *>(item)) labels << text->text();
    return labels;
}

} // namespace gelulab
