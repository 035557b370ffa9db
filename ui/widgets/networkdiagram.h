#pragma once

#include "grid_probe.h"
#include "trainer.h"

#include <QImage>
#include <QWidget>

#include <cstdint>
#include <utility>
#include <vector>

namespace gelulab {

// The Playground's network diagram: a column per layer — the input features, each hidden layer, the output —
// with each unit drawn as a small map of its output over the input plane ([−6, 6]², blue positive, orange
// negative, scaled to the unit's largest |value|), and every weight as a line from unit to unit whose width
// grows with |w| and whose colour is its sign. Inactive units (|f′| < 1e-3 on every training point) get a red
// frame. Hovering a unit or a link shows its value.
//
// Wide layers: units shrink down to kMinNodeSize pixels, and beyond that the diagram asks for the height it
// needs (the view scrolls it). In a layer of more than kDenseLinks links only those at least a pixel wide
// (|w| ≥ 0.25) are drawn, and the links are painted into an image that is redrawn only when a drawn link
// changes its width or sign, or the geometry changes; the unit maps are remade only for a new picture.
class NetworkDiagram : public QWidget {
    Q_OBJECT
public:
    explicit NetworkDiagram(QWidget *parent = nullptr);

    void setSnapshot(const TrainingSnapshot &snapshot, const GridPicture &grid,
                     const std::vector<Feature> &features);

    // Columns: 0 the inputs, 1 … hidden layers, last the output; each unit a square of kNodeSize pixels, down
    // to kMinNodeSize where a layer is wide.
    static constexpr int kNodeSize = 34;
    static constexpr int kMinNodeSize = 12;
    static constexpr int kDenseLinks = 2000;
    int columns() const { return int(m_columns.size()); }
    int units(int column) const { return int(m_columns[std::size_t(column)].size()); }
    QRect nodeRect(int column, int unit) const;
    const QImage &thumbnail(int column, int unit) const {
        return m_columns[std::size_t(column)][std::size_t(unit)];
    }
    bool isInactive(int column, int unit) const;
    // The pen of the link from unit `from` of column − 1 to unit `to` of column.
    QPen linkPen(int column, int from, int to) const;
    // Whether that link is drawn (every link, except the thinner than a pixel in a dense layer).
    bool linkDrawn(int column, int from, int to) const;
    // How many times the links' image has been painted (a measure for tests and benchmarks).
    int linkPaints() const { return m_linkPaints; }

    QSize sizeHint() const override { return {600, 230}; }

    // What is under a point: a weight (column ≥ 1, to, from) or a unit's bias (from = −1); column 0 means
    // nothing (inputs have no bias).
    struct Hit {
        int column = 0;
        int to = 0;
        int from = -1;
    };
    Hit hitAt(const QPoint &position) const;

signals:
    // A click on a link or on a unit: the weight (from ≥ 0) or bias (from = −1) of weight layer column − 1.
    void parameterClicked(int layer, int to, int from, double value);
    // The mouse is over unit `unit` of a hidden column (column −1 when it leaves the units).
    void unitHovered(int column, int unit);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    QString describeAt(const QPoint &position) const;
    // Where the link from unit `from` of column − 1 to unit `to` of column starts and ends.
    std::pair<QPointF, QPointF> linkEnds(int column, int from, int to) const;
    // The side of a column's unit squares and the height the widest column needs.
    int nodeSize(int column) const;
    int neededHeight() const;
    // What the drawn links look like (strands and sign per drawn link), to tell when their image is stale.
    std::vector<std::int8_t> linkSignature() const;
    void paintLinks(QPainter &painter) const;

    // The feature maps depend only on the features and the grid: made once for each.
    std::vector<Feature> m_features;
    int m_featureGrid = 0;
    std::vector<QImage> m_inputMaps;
    int m_hoverColumn = -1, m_hoverUnit = -1;

    std::vector<std::vector<QImage>> m_columns;
    std::vector<QString> m_inputNames;
    Mlp<float> m_network;
    std::vector<std::vector<int>> m_inactive; // per hidden layer
    std::uint64_t m_pictureSerial = 0;        // the picture the unit maps come from
    QImage m_links;                           // the links, painted when they change visibly
    std::vector<std::int8_t> m_linkSignature;
    int m_linkPaints = 0;
};

// The map of values over an N×N grid (row 0 at the bottom) as a size×size image (nearest cell), in the
// Playground's colours through a 256-step table, scaled to the largest |value| (or to [−1, 1] when
// `fixedRange`).
QImage valueMap(const float *values, int n, bool fixedRange, int size);

} // namespace gelulab
