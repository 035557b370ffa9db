#pragma once

#include <qcustomplot.h>

#include <array>
#include <vector>

namespace gelulab {

// The Curves view's plot: one axis rect for f, f′ and f″ together, or stacked, one per order shown, sharing
// the x axis; a crosshair with the read-out of every curve at its x.
class CurvesPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit CurvesPlot(QWidget *parent = nullptr);

    // Lays out the axis rects for the orders shown (f, f′, f″), stacked or on one.
    void arrange(bool stacked, std::array<bool, 3> visible);
    // The axis rect that draws f^(order).
    QCPAxisRect *rectFor(int order) const;
    // The lower plots' x axes to the main one's range.
    void followXRange();
    QCPItemText *readoutLabel() const { return m_readoutLabel; }
    // The crosshair at x with the read-out text.
    void showReadout(double x, const QString &text);

private:
    bool m_stacked = false;
    std::array<bool, 3> m_visible{true, true, false};
    std::vector<QCPAxisRect *> m_extraRects; // below the main one when stacked
    QCPMarginGroup *m_marginGroup = nullptr;
    QCPItemStraightLine *m_crosshair = nullptr;
    QCPItemText *m_readoutLabel = nullptr;
};

} // namespace gelulab
