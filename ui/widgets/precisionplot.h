#pragma once

#include "precision.h"

#include <qcustomplot.h>

#include <utility>
#include <vector>

namespace gelulab {

// The error view's floating-point mode: the ulp error of each case over x on a log axis (naive formulas
// dashed), with the half-ulp line where a correctly rounded result lies.
class PrecisionPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit PrecisionPlot(QWidget *parent = nullptr);

    // Draws the cases' errors at the points x (an exact result, 0 ulp, leaves a gap).
    void showErrors(const std::vector<double> &x,
                    const std::vector<std::pair<PrecisionCase, std::vector<PrecisionPoint>>> &cases,
                    const QString &approximation);

    // "gelu_tanh in float", or the naive formula; and the case's colour.
    static QString caseLabel(PrecisionCase c, const QString &approximation);
    static QColor caseColor(PrecisionCase c);
};

} // namespace gelulab
