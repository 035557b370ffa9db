#include "bandplot.h"

#include <qcustomplot.h>

#include <cmath>

namespace gelulab {

BandGraphs addBand(QCustomPlot *plot, QCPAxisRect *rect, const QColor &color, bool dashed) {
    QCPAxis *x = rect->axis(QCPAxis::atBottom), *y = rect->axis(QCPAxis::atLeft);
    BandGraphs band;
    band.q1 = plot->addGraph(x, y);
    band.q3 = plot->addGraph(x, y);
    band.median = plot->addGraph(x, y);
    for (QCPGraph *g : {band.q1, band.q3, band.median})
        g->removeFromLegend();
    band.q1->setPen(Qt::NoPen);
    band.q3->setPen(Qt::NoPen);
    QColor fill = color;
    fill.setAlpha(dashed ? 30 : 50);
    band.q3->setBrush(fill);
    band.q3->setChannelFillGraph(band.q1);
    band.median->setPen(QPen(color, 2.0, dashed ? Qt::DashLine : Qt::SolidLine));
    return band;
}

void setBand(const BandGraphs &band, const QVector<double> &x, const std::vector<Quartiles> &values) {
    QVector<double> lo, mid, hi;
    for (const Quartiles &q : values) {
        lo << q.q1;
        mid << q.median;
        hi << q.q3;
    }
    band.q1->setData(x, lo, true);
    band.median->setData(x, mid, true);
    band.q3->setData(x, hi, true);
}

void removeBand(QCustomPlot *plot, const BandGraphs &band) {
    for (QCPGraph *g : {band.q1, band.q3, band.median})
        if (g) plot->removeGraph(g);
}

QString quartileText(const Quartiles &q, bool percent) {
    if (std::isnan(q.median)) return QStringLiteral("–");
    if (percent)
        return QStringLiteral("%1 % [%2, %3]")
            .arg(100 * q.median, 0, 'f', 1)
            .arg(100 * q.q1, 0, 'f', 1)
            .arg(100 * q.q3, 0, 'f', 1);
    return QStringLiteral("%1 [%2, %3]").arg(q.median, 0, 'g', 4).arg(q.q1, 0, 'g', 4).arg(q.q3, 0, 'g', 4);
}

} // namespace gelulab
