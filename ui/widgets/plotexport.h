#pragma once

#include "comparison.h"
#include "trainer.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

class QCPAbstractItem;
class QCustomPlot;

namespace gelulab {

// A plot item with this dynamic property set to true follows the mouse (a crosshair, a read-out box):
// pictures leave it out.
inline constexpr char kHoverProperty[] = "gelulab.hover";

// While it lives, the plot's hover items are hidden (then shown again as they were).
class HoverHidden {
public:
    explicit HoverHidden(QCustomPlot *plot);
    ~HoverHidden();
    HoverHidden(const HoverHidden &) = delete;
    HoverHidden &operator=(const HoverHidden &) = delete;

private:
    QList<QCPAbstractItem *> m_hidden;
};

// Writes the plot as a picture or document, its format from the extension (.png, .svg, .pdf), at
// width × height pixels (points for PDF and SVG), without hover items. Returns an empty string on success,
// otherwise a one-line message naming the file and the problem (unknown extension, unwritable path).
QString exportPlot(QCustomPlot *plot, const QString &fileName, int width, int height);
// Writes text (CSV, JSON) atomically: the file is replaced only when all of it was written. The same
// reporting: empty, or "cannot write FILE: reason".
QString saveText(const QString &fileName, const QByteArray &contents);
// A training history as CSV: epoch, train_loss, test_loss, train_accuracy, test_accuracy (empty for
// regression), nine significant digits.
QByteArray historyCsv(const std::vector<EpochRecord> &history);
// Appends CSV rows "key,measure,x,q1,median,q3" (nine significant digits), one per x that has a value.
void appendQuartileRows(QByteArray &csv, const QByteArray &key, const char *measure,
                        const std::vector<double> &x, const std::vector<Quartiles> &values);

} // namespace gelulab
