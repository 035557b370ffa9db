#include "networkdiagram.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace gelulab {
namespace {

const QColor kPositive(0x08, 0x77, 0xbd);
const QColor kNegative(0xf5, 0x93, 0x22);

QRgb blend(double t) {
    // t in [−1, 1]: orange through near-white to blue.
    const QColor light(0xf2, 0xf3, 0xf4);
    const QColor &end = t >= 0 ? kPositive : kNegative;
    const double a = std::min(1.0, std::abs(t));
    return qRgb(int(light.red() + (end.red() - light.red()) * a),
                int(light.green() + (end.green() - light.green()) * a),
                int(light.blue() + (end.blue() - light.blue()) * a));
}

QString featureLabel(Feature f) {
    switch (f) {
    case Feature::X1:
        return QStringLiteral("x₁");
    case Feature::X2:
        return QStringLiteral("x₂");
    case Feature::X1Squared:
        return QStringLiteral("x₁²");
    case Feature::X2Squared:
        return QStringLiteral("x₂²");
    case Feature::X1X2:
        return QStringLiteral("x₁x₂");
    case Feature::SinX1:
        return QStringLiteral("sin x₁");
    case Feature::SinX2:
        return QStringLiteral("sin x₂");
    }
    return {};
}

} // namespace

QImage valueMap(const float *values, int n, bool fixedRange, int size) {
    static const std::array<QRgb, 256> table = [] {
        std::array<QRgb, 256> t{};
        for (int i = 0; i < 256; ++i)
            t[std::size_t(i)] = blend(i / 127.5 - 1.0);
        return t;
    }();
    float largest = 1.0f;
    if (!fixedRange) {
        largest = 0.0f;
        for (int i = 0; i < n * n; ++i)
            largest = std::max(largest, std::abs(values[i]));
        if (!(largest > 0.0f) || !std::isfinite(largest)) largest = 1.0f;
    }
    const float scale = 127.5f / largest;
    QImage image(size, size, QImage::Format_RGB32);
    for (int y = 0; y < size; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const int r = (size - 1 - y) * n / size; // row 0 of the grid is the bottom of the plane
        for (int x = 0; x < size; ++x) {
            const float v = values[r * n + x * n / size];
            line[x] = table[std::size_t(std::clamp(int(std::lround(v * scale + 127.5f)), 0, 255))];
        }
    }
    return image;
}

NetworkDiagram::NetworkDiagram(QWidget *parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setMinimumHeight(160);
}

void NetworkDiagram::setSnapshot(const TrainingSnapshot &snapshot, const GridPicture &grid,
                                 const std::vector<Feature> &features) {
    bool sameShape = features == m_features && m_network.W.size() == snapshot.network.W.size() &&
                     !m_columns.empty() && m_network.output() == snapshot.network.output();
    for (std::size_t l = 0; sameShape && l < m_network.W.size(); ++l)
        sameShape = m_network.W[l].rows() == snapshot.network.W[l].rows() &&
                    m_network.W[l].cols() == snapshot.network.W[l].cols();
    m_network = snapshot.network;
    m_inactive.clear();
    for (const LayerStatistics &l : snapshot.layers)
        m_inactive.push_back(l.inactiveUnits);
    m_inputNames.clear();
    for (Feature f : features)
        m_inputNames.push_back(featureLabel(f));
    // The maps only for a new picture (a snapshot without one keeps the last).
    if (!sameShape || grid.serial != m_pictureSerial) {
        m_pictureSerial = grid.serial;
        m_columns.clear();
        const int n = grid.size, m = grid.unitSize;
        // Inputs: each feature over the plane (kept while the features and the units' grid stay).
        if (features != m_features || m != m_featureGrid || m_inputMaps.size() != features.size()) {
            m_inputMaps.clear();
            for (Feature f : features) {
                if (m == 0) {
                    m_inputMaps.emplace_back();
                    continue;
                }
                std::vector<float> values(std::size_t(m) * std::size_t(m));
                const double step = (grid.to - grid.from) / m;
                for (int r = 0; r < m; ++r)
                    for (int c = 0; c < m; ++c)
                        values[std::size_t(r * m + c)] = float(
                            featureValue(f, grid.from + step * (c + 0.5), grid.from + step * (r + 0.5)));
                m_inputMaps.push_back(valueMap(values.data(), m, false, kNodeSize));
            }
            m_features = features;
            m_featureGrid = m;
        }
        m_columns.push_back(m_inputMaps);
        for (std::size_t l = 0; l < snapshot.network.W.size() - 1; ++l) {
            std::vector<QImage> units;
            const int width = int(snapshot.network.W[l].rows());
            for (int u = 0; u < width; ++u)
                units.push_back(m > 0 && l < grid.layers.size()
                                    ? valueMap(grid.layers[l].row(u).data(), m, false, kNodeSize)
                                    : QImage());
            m_columns.push_back(std::move(units));
        }
        // The output: the boundary (a sigmoid's probability as 2p − 1; softmax classes are not a signed map).
        std::vector<float> output = grid.output;
        if (snapshot.network.output() == OutputKind::Sigmoid)
            for (float &v : output)
                v = 2.0f * v - 1.0f;
        m_columns.push_back({n > 0 && snapshot.network.output() != OutputKind::Softmax
                                 ? valueMap(output.data(), n, true, kNodeSize)
                                 : QImage()});
    }
    setMinimumHeight(std::max(160, neededHeight()));
    update();
}

int NetworkDiagram::nodeSize(int column) const {
    const int rows = std::max(units(column), 1);
    const double gap = std::min(double(kNodeSize) + 10.0, (height() - 10.0) / rows);
    return std::clamp(int(gap) - 2, kMinNodeSize, kNodeSize);
}

int NetworkDiagram::neededHeight() const {
    int rows = 0;
    for (int c = 0; c < columns(); ++c)
        rows = std::max(rows, units(c));
    return rows * (kMinNodeSize + 2) + 10;
}

QRect NetworkDiagram::nodeRect(int column, int unit) const {
    const int count = columns();
    const double left = 40.0, right = width() - 30.0;
    const double x = count > 1 ? left + (right - left) * column / (count - 1) : left;
    const int rows = units(column);
    const int size = nodeSize(column);
    const double gap = std::max(double(size) + 2.0,
                                std::min(double(kNodeSize) + 10.0, (height() - 10.0) / std::max(rows, 1)));
    const double top = (height() - gap * rows) / 2.0 + (gap - size) / 2.0;
    return QRect(int(x - size / 2.0), int(top + gap * unit), size, size);
}

bool NetworkDiagram::isInactive(int column, int unit) const {
    if (column < 1 || column > int(m_inactive.size())) return false;
    const std::vector<int> &list = m_inactive[std::size_t(column - 1)];
    return std::find(list.begin(), list.end(), unit) != list.end();
}

bool NetworkDiagram::linkDrawn(int column, int from, int to) const {
    if (units(column) * units(column - 1) <= kDenseLinks) return true;
    return std::abs(m_network.W[std::size_t(column - 1)](to, from)) >= 0.25f; // at least a pixel wide
}

std::vector<std::int8_t> NetworkDiagram::linkSignature() const {
    std::vector<std::int8_t> signature;
    for (int c = 1; c < columns(); ++c)
        for (int to = 0; to < units(c); ++to)
            for (int from = 0; from < units(c - 1); ++from) {
                if (!linkDrawn(c, from, to)) {
                    signature.push_back(0);
                    continue;
                }
                const float w = m_network.W[std::size_t(c - 1)](to, from);
                const auto strands = std::int8_t(std::max(1L, std::lround(linkPen(c, from, to).widthF())));
                signature.push_back(w >= 0 ? strands : std::int8_t(-strands));
            }
    return signature;
}

QPen NetworkDiagram::linkPen(int column, int from, int to) const {
    const float w = m_network.W[std::size_t(column - 1)](to, from);
    const QColor color = w >= 0 ? kPositive : kNegative; // opaque: Qt's fast line path does not blend
    return QPen(color, std::clamp(0.5 + 2.0 * std::abs(double(w)), 0.5, 7.0));
}

void NetworkDiagram::paintLinks(QPainter &painter) const {
    // A wide line is drawn as parallel one-pixel lines: Qt draws those on its fast path, while wide or
    // antialiased lines go through its general rasteriser, whose cost grows with the area of a long
    // diagonal's bounding box (tens of milliseconds for a network of 6 × 8).
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int c = 1; c < columns(); ++c)
        for (int to = 0; to < units(c); ++to)
            for (int from = 0; from < units(c - 1); ++from) {
                if (!linkDrawn(c, from, to)) continue;
                const QPen pen = linkPen(c, from, to);
                const auto [s, e] = linkEnds(c, from, to);
                const QPointF d = e - s;
                const double length = std::hypot(d.x(), d.y());
                if (length <= 0.0) continue;
                const QPointF unit(-d.y() / length, d.x() / length);
                const int strands = std::max(1, int(std::lround(pen.widthF())));
                painter.setPen(QPen(pen.color(), 0));
                for (int k = 0; k < strands; ++k) {
                    const QPointF offset = unit * (k - (strands - 1) / 2.0);
                    painter.drawLine(s + offset, e + offset);
                }
            }
}

void NetworkDiagram::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    if (m_columns.empty()) return;
    // Links under the nodes, from their image, painted again only when a drawn link looks different or the
    // diagram's size changed.
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * ratio).toSize();
    std::vector<std::int8_t> signature = linkSignature();
    if (m_links.size() != pixels || signature != m_linkSignature) {
        m_links = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_links.setDevicePixelRatio(ratio);
        m_links.fill(Qt::transparent);
        QPainter links(&m_links);
        paintLinks(links);
        m_linkSignature = std::move(signature);
        ++m_linkPaints;
    }
    painter.drawImage(QPointF(0, 0), m_links);
    painter.setRenderHint(QPainter::Antialiasing);
    for (int c = 0; c < columns(); ++c)
        for (int u = 0; u < units(c); ++u) {
            const QRect r = nodeRect(c, u);
            if (!thumbnail(c, u).isNull()) painter.drawImage(r, thumbnail(c, u));
            painter.setPen(isInactive(c, u) ? QPen(QColor(0xd0, 0x10, 0x20), 3.0)
                                            : QPen(QColor(90, 90, 90), 1.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(r);
        }
    painter.setPen(palette().windowText().color());
    for (int i = 0; i < int(m_inputNames.size()) && i < units(0); ++i) {
        const QRect r = nodeRect(0, i);
        painter.drawText(QRect(0, r.top(), r.left() - 3, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                         m_inputNames[std::size_t(i)]);
    }
}

std::pair<QPointF, QPointF> NetworkDiagram::linkEnds(int column, int from, int to) const {
    const QRect a = nodeRect(column - 1, from), b = nodeRect(column, to);
    return {QPointF(a.right() + 1, a.center().y()), QPointF(b.left(), b.center().y())};
}

NetworkDiagram::Hit NetworkDiagram::hitAt(const QPoint &p) const {
    for (int c = 1; c < columns(); ++c)
        for (int u = 0; u < units(c); ++u)
            if (nodeRect(c, u).contains(p)) return {c, u, -1};
    for (int c = 1; c < columns(); ++c)
        for (int to = 0; to < units(c); ++to)
            for (int from = 0; from < units(c - 1); ++from) {
                if (!linkDrawn(c, from, to)) continue;
                const auto [s, e] = linkEnds(c, from, to);
                const QPointF d = e - s;
                const double t =
                    std::clamp(QPointF::dotProduct(QPointF(p) - s, d) / QPointF::dotProduct(d, d), 0.0, 1.0);
                const QPointF q = s + t * d;
                if (std::hypot(q.x() - p.x(), q.y() - p.y()) < 3.0) return {c, to, from};
            }
    return {};
}

void NetworkDiagram::mousePressEvent(QMouseEvent *event) {
    const Hit hit = hitAt(event->position().toPoint());
    if (hit.column < 1) return;
    const std::size_t layer = std::size_t(hit.column - 1);
    const double value =
        hit.from < 0 ? double(m_network.b[layer](hit.to)) : double(m_network.W[layer](hit.to, hit.from));
    emit parameterClicked(hit.column - 1, hit.to, hit.from, value);
}

void NetworkDiagram::mouseMoveEvent(QMouseEvent *event) {
    // Hidden units only: inputs and the output have their own pictures elsewhere.
    const Hit hit = hitAt(event->position().toPoint());
    const bool hidden = hit.from < 0 && hit.column >= 1 && hit.column + 1 < columns();
    const int column = hidden ? hit.column : -1, unit = hidden ? hit.to : -1;
    if (column != m_hoverColumn || unit != m_hoverUnit) {
        m_hoverColumn = column;
        m_hoverUnit = unit;
        emit unitHovered(column, unit);
    }
}

void NetworkDiagram::leaveEvent(QEvent *) {
    if (m_hoverColumn >= 0) {
        m_hoverColumn = m_hoverUnit = -1;
        emit unitHovered(-1, -1);
    }
}

QString NetworkDiagram::describeAt(const QPoint &p) const {
    for (int u = 0; u < units(0); ++u)
        if (nodeRect(0, u).contains(p)) return tr("input %1").arg(m_inputNames[std::size_t(u)]);
    const Hit hit = hitAt(p);
    if (hit.column < 1) return {};
    const std::size_t layer = std::size_t(hit.column - 1);
    if (hit.from >= 0) return tr("weight %1").arg(double(m_network.W[layer](hit.to, hit.from)), 0, 'g', 4);
    if (hit.column + 1 == columns())
        return tr("output; bias %1").arg(double(m_network.b.back()(hit.to)), 0, 'g', 4);
    return tr("layer %1, unit %2; bias %3%4")
        .arg(hit.column)
        .arg(hit.to + 1)
        .arg(double(m_network.b[layer](hit.to)), 0, 'g', 4)
        .arg(isInactive(hit.column, hit.to) ? tr("; inactive on every training point") : QString());
}

bool NetworkDiagram::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace gelulab
