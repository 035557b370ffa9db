#include "precisionplot.h"

#include <algorithm>
#include <cmath>

namespace gelulab {

PrecisionPlot::PrecisionPlot(QWidget *parent)
    : QCustomPlot(parent) {
    setMinimumSize(320, 280);
    xAxis->setLabel(QStringLiteral("x"));
    yAxis->setLabel(tr("error in ulp of the format"));
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    yAxis->setNumberFormat(QStringLiteral("eb"));
    yAxis->setNumberPrecision(0);
    xAxis->grid()->setSubGridVisible(true);
    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
}

void PrecisionPlot::showErrors(
    const std::vector<double> &x,
    const std::vector<std::pair<PrecisionCase, std::vector<PrecisionPoint>>> &cases,
    const QString &approximation) {
    clearGraphs();
    clearItems();
    double highest = 0.0;
    for (const auto &[c, points] : cases) {
        QVector<double> keys(qsizetype(x.size())), values(qsizetype(x.size()));
        for (std::size_t i = 0; i < x.size(); ++i) {
            keys[qsizetype(i)] = x[i];
            // An exact result (error 0) leaves a gap on the log axis; tiny errors sit at its floor.
            const double e = points[i].ulpError;
            values[qsizetype(i)] = std::isnan(e) || e == 0.0 ? qQNaN() : std::max(e, 1e-3);
            if (!std::isnan(e)) highest = std::max(highest, e);
        }
        QCPGraph *graph = addGraph();
        graph->setData(keys, values, true);
        graph->setName(caseLabel(c, approximation));
        const bool naive = isNaive(c);
        graph->setPen(QPen(caseColor(c), naive ? 1.4 : 1.8, naive ? Qt::DashLine : Qt::SolidLine));
        graph->setAdaptiveSampling(true);
    }
    const double from = x.empty() ? 0.0 : x.front(), to = x.empty() ? 1.0 : x.back();
    // Half an ulp: where a correctly rounded result lies.
    auto *half = new QCPItemStraightLine(this);
    half->point1->setCoords(0.0, 0.5);
    half->point2->setCoords(1.0, 0.5);
    half->setPen(QPen(QColor(120, 120, 120), 1, Qt::DotLine));
    auto *halfLabel = new QCPItemText(this);
    halfLabel->position->setType(QCPItemPosition::ptPlotCoords);
    halfLabel->position->setCoords(from + 0.01 * (to - from), 0.5);
    halfLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    halfLabel->setText(tr("½ ulp: correctly rounded"));
    halfLabel->setColor(QColor(90, 90, 90));
    xAxis->setRange(from, to);
    if (highest <= 0.0) highest = 1.0;
    yAxis->setRange(5e-4, std::max(highest, 1.0) * 8.0);
}

QString PrecisionPlot::caseLabel(PrecisionCase c, const QString &approximation) {
    switch (c) {
    case PrecisionCase::NaiveDouble:
        return QStringLiteral("0.5·x·(1 + erf(x/√2)) in double");
    case PrecisionCase::NaiveFloat:
        return QStringLiteral("0.5·x·(1 + erff(x/√2)) in float");
    default:
        return QStringLiteral("%1 in %2")
            .arg(approximation, QString::fromUtf8(idOf(c).data(), qsizetype(idOf(c).size())));
    }
}

QColor PrecisionPlot::caseColor(PrecisionCase c) {
    switch (c) {
    case PrecisionCase::Float:
        return QColor(0x00, 0x72, 0xb2);
    case PrecisionCase::BFloat16:
        return QColor(0xd5, 0x5e, 0x00);
    case PrecisionCase::Float16:
        return QColor(0x00, 0x9e, 0x73);
    case PrecisionCase::NaiveDouble:
        return QColor(0x55, 0x55, 0x55);
    case PrecisionCase::NaiveFloat:
        return QColor(0xcc, 0x79, 0xa7);
    }
    return Qt::black;
}

} // namespace gelulab
