#pragma once
// A median line over its quartile band: how the Compare and Paper views draw results over seeds.

#include "comparison.h"

#include <QColor>
#include <QString>
#include <QVector>

class QCPAxisRect;
class QCPGraph;
class QCustomPlot;

namespace gelulab {

struct BandGraphs {
    QCPGraph *median = nullptr, *q1 = nullptr, *q3 = nullptr;
};

// Three graphs in the axis rect: the band between q1 and q3 filled in a light shade of the colour, the
// median line over it (dashed when asked). None is in a legend.
BandGraphs addBand(QCustomPlot *plot, QCPAxisRect *rect, const QColor &color, bool dashed = false);
void setBand(const BandGraphs &band, const QVector<double> &x, const std::vector<Quartiles> &values);
// Removes the three graphs from their plot.
void removeBand(QCustomPlot *plot, const BandGraphs &band);
// "median [q1, q3]" for tables: as percentages with one decimal ("3.3 % [3.0, 3.7]"), or to four significant
// digits; "–" when there is no median.
QString quartileText(const Quartiles &q, bool percent);

} // namespace gelulab
