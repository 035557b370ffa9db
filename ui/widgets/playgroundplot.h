#pragma once

#include "trainingworker.h"

#include <qcustomplot.h>

#include <cstdint>
#include <vector>

namespace gelulab {

// The Playground's plots in one QCustomPlot (so that export draws them all): left, the decision boundary as
// a colour map under the training (filled) and test (ringed) points, or a hidden unit's output over the
// plane; right, the train and test loss over epochs, and the gradient flow (each weight layer's gradient
// norm over epochs, log scale).
class PlaygroundPlot : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr int kGrid = 100;

    explicit PlaygroundPlot(QWidget *parent = nullptr);

    QCPAxisRect *boundaryRect() const { return axisRect(0); }
    QCPAxisRect *lossRect() const { return m_lossRect; }
    QCPAxisRect *gradientRect() const { return m_gradientRect; }
    QCPColorMap *boundary() const { return m_boundary; }

    // Draws the snapshot (with its full history) of a network trained on `data`: the boundary (discretized
    // to ±1 on request) or, for a diagram column ≥ 1, that hidden unit's map; the losses; the gradient flow.
    // Returns whether the boundary changed (a new picture, unit or mode); when it did not, replotHistory()
    // is enough to show the rest.
    bool showSnapshot(const PlaygroundSnapshot &snapshot, const Dataset &data, bool discretize,
                      int unitColumn, int unit);
    // Redraws only the losses and the gradient flow (their own buffered layer), leaving the boundary and the
    // points as they were drawn: what a frame without a new picture needs.
    void replotHistory();
    // The data points over the boundary (test points only when asked).
    void showPoints(const Dataset &data, bool withTest);

private:
    void showBoundary(const TrainingSnapshot &t, const GridPicture &grid, const Dataset &data,
                      bool discretize, int unitColumn, int unit);
    void showLosses(const std::vector<EpochRecord> &history);
    void showGradientFlow(const std::vector<EpochGradientNorms> &norms, std::size_t layers);

    QCPColorMap *m_boundary = nullptr;
    QCPAxisRect *m_lossRect = nullptr;
    QCPAxisRect *m_gradientRect = nullptr;
    std::vector<QCPGraph *> m_trainGraphs, m_testGraphs; // one per class (or one for regression)
    QCPGraph *m_trainLoss = nullptr;
    QCPGraph *m_testLoss = nullptr;
    std::vector<QCPGraph *> m_gradientGraphs;
    QCPLegend *m_gradientLegend = nullptr;
    QCPLegend *m_lossLegend = nullptr;
    QCPLayer *m_historyLayer = nullptr; // the loss and gradient plots, axes and grids included
    // What the boundary shows now: the picture, the unit, the mode.
    std::uint64_t m_shownPicture = 0;
    int m_shownColumn = -1, m_shownUnit = -1, m_shownHovered = -1;
    bool m_shownDiscretize = false;
    const Dataset *m_shownData = nullptr;
};

} // namespace gelulab
