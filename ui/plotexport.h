#pragma once

#include <QString>

class QCustomPlot;

namespace gelulab {

// Writes the plot as a picture or document, its format from the extension (.png, .svg, .pdf), at
// width × height pixels (points for PDF and SVG). Returns an empty string on success, otherwise a one-line
// message naming the file and the problem (unknown extension, unwritable path).
QString exportPlot(QCustomPlot *plot, const QString &fileName, int width, int height);

} // namespace gelulab
