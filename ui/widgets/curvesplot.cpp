#include "curvesplot.h"

#include "plotexport.h"

#include <algorithm>

namespace gelulab {

CurvesPlot::CurvesPlot(QWidget *parent)
    : QCustomPlot(parent) {
    setMinimumSize(320, 240);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    xAxis->setLabel(QStringLiteral("x"));
    yAxis->setLabel(tr("value"));
    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    for (QCPAxis *axis : {xAxis, yAxis}) {
        axis->grid()->setZeroLinePen(QPen(QColor(120, 120, 120), 1));
        axis->grid()->setSubGridVisible(true);
    }
    setNoAntialiasingOnDrag(true);

    m_crosshair = new QCPItemStraightLine(this);
    m_crosshair->setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
    m_crosshair->setVisible(false);
    m_crosshair->setSelectable(false);
    m_crosshair->setProperty(kHoverProperty, true); // never in an exported picture
    m_readoutLabel = new QCPItemText(this);
    m_readoutLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_readoutLabel->position->setCoords(0.99, 0.98);
    m_readoutLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_readoutLabel->setTextAlignment(Qt::AlignLeft);
    m_readoutLabel->setPadding(QMargins(6, 4, 6, 4));
    m_readoutLabel->setProperty(kHoverProperty, true);
    m_readoutLabel->setBrush(QColor(255, 255, 255, 220));
    m_readoutLabel->setPen(QPen(QColor(180, 180, 180)));
    m_readoutLabel->setFont(QFont(font().family(), 9));
    m_readoutLabel->setVisible(false);
    m_readoutLabel->setSelectable(false);
}

QCPAxisRect *CurvesPlot::rectFor(int order) const {
    if (!m_stacked) return axisRect(0);
    // The visible orders in turn: the first in the main rect, the others below it.
    int row = 0;
    for (int k = 0; k < order; ++k)
        row += m_visible[std::size_t(k)] ? 1 : 0;
    return row == 0 ? axisRect(0) : m_extraRects[std::size_t(row - 1)];
}

void CurvesPlot::arrange(bool stacked, std::array<bool, 3> visible) {
    m_stacked = stacked;
    m_visible = visible;
    int wanted = 0;
    if (m_stacked)
        for (int k = 0; k < 3; ++k)
            wanted += m_visible[std::size_t(k)] ? 1 : 0;
    const std::size_t extra = std::size_t(std::max(0, wanted - 1));
    while (m_extraRects.size() > extra) {
        plotLayout()->remove(m_extraRects.back());
        m_extraRects.pop_back();
    }
    plotLayout()->simplify();
    while (m_extraRects.size() < extra) {
        auto *rect = new QCPAxisRect(this);
        plotLayout()->addElement(plotLayout()->rowCount(), 0, rect);
        rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        rect->axis(QCPAxis::atBottom)->grid()->setSubGridVisible(true);
        rect->axis(QCPAxis::atLeft)->grid()->setZeroLinePen(QPen(QColor(120, 120, 120), 1));
        rect->axis(QCPAxis::atBottom)->setRange(xAxis->range());
        // Any drag or zoom of a lower plot moves the main x axis, which re-samples everything.
        connect(rect->axis(QCPAxis::atBottom), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
                [this](const QCPRange &range) {
                    if (xAxis->range() != range) xAxis->setRange(range);
                });
        m_extraRects.push_back(rect);
    }
    for (std::size_t i = 0; i < m_extraRects.size(); ++i) {
        const int order = [&] {
            int row = 0;
            for (int k = 0; k < 3; ++k)
                if (m_visible[std::size_t(k)] && row++ == int(i) + 1) return k;
            return 0;
        }();
        m_extraRects[i]->axis(QCPAxis::atLeft)->setLabel(order == 1 ? tr("f′") : tr("f″"));
    }
    yAxis->setLabel(m_stacked ? (m_visible[0] ? tr("f") : (m_visible[1] ? tr("f′") : tr("f″")))
                              : tr("value"));
    // x is named under the lowest plot, and the left axes line up.
    xAxis->setLabel(m_extraRects.empty() ? QStringLiteral("x") : QString());
    for (std::size_t i = 0; i < m_extraRects.size(); ++i)
        m_extraRects[i]
            ->axis(QCPAxis::atBottom)
            ->setLabel(i + 1 == m_extraRects.size() ? QStringLiteral("x") : QString());
    // The read-out box sits in the lowest plot's corner and may reach up over the others (stacked, one plot
    // is too short for a line per activation and order).
    QCPAxisRect *lowest = m_extraRects.empty() ? axisRect(0) : m_extraRects.back();
    m_readoutLabel->position->setAxisRect(lowest);
    m_readoutLabel->setClipToAxisRect(!m_stacked);
    if (!m_marginGroup) m_marginGroup = new QCPMarginGroup(this);
    for (QCPAxisRect *rect : axisRects())
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, m_marginGroup);
}

void CurvesPlot::followXRange() {
    for (QCPAxisRect *rect : m_extraRects)
        if (rect->axis(QCPAxis::atBottom)->range() != xAxis->range())
            rect->axis(QCPAxis::atBottom)->setRange(xAxis->range());
}

void CurvesPlot::showReadout(double x, const QString &text) {
    m_crosshair->point1->setCoords(x, 0.0);
    m_crosshair->point2->setCoords(x, 1.0);
    m_crosshair->setVisible(true);
    m_readoutLabel->setText(text);
    m_readoutLabel->setVisible(true);
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace gelulab
