#include "grid_probe.h"

#include "trainer.h"

#include <atomic>
#include <stdexcept>

namespace gelulab {

namespace {

// Cell centres of an n×n grid over [from, to]², row by row from the bottom, as the features' matrix.
FloatMatrix cellFeatures(const std::vector<Feature> &features, int n, double from, double to) {
    std::vector<DataPoint> cells(std::size_t(n) * std::size_t(n));
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            cells[std::size_t(r) * std::size_t(n) + std::size_t(c)] = {
                from + (to - from) * (c + 0.5) / n, from + (to - from) * (r + 0.5) / n, 0.0};
    return featureMatrix(features, cells);
}

} // namespace

GridProbe::GridProbe(const std::vector<Feature> &features, int n, double from, double to, int unitSize)
    : m_size(n)
    , m_unitSize(unitSize > 0 ? unitSize : n)
    , m_from(from)
    , m_to(to)
    , m_features(features) {
    if (n < 2 || n > kMaxSize || m_unitSize < 2 || m_unitSize > kMaxSize)
        throw std::invalid_argument("the grid must be 2 to 400 points a side");
    if (!(from < to)) throw std::invalid_argument("the grid range needs from < to");
    m_x = cellFeatures(features, n, from, to);
    if (m_unitSize != n) m_unitX = cellFeatures(features, m_unitSize, from, to);
}

double GridProbe::cost(const Mlp<float> &net) const {
    double perCell = 0.0;
    for (const auto &w : net.W)
        perCell += double(w.size());
    const double units = m_unitSize != m_size ? double(m_unitSize) * m_unitSize : 0.0;
    return perCell * (double(m_size) * m_size + units);
}

void GridProbe::draw(const Mlp<float> &net, const std::vector<HiddenActivation> &activations,
                     GridPicture &picture, int hoveredLayer, int hoveredUnit) {
    const Eigen::Index cells = m_x.cols();
    static std::atomic<std::uint64_t> serials{0};
    picture.serial = ++serials;
    picture.size = m_size;
    picture.unitSize = m_unitSize;
    picture.from = m_from;
    picture.to = m_to;
    forward(net, activations, m_x, m_cache);
    const FloatMatrix &y = m_cache.a.back();
    picture.output.resize(std::size_t(cells));
    if (net.output() == OutputKind::Softmax) {
        for (Eigen::Index i = 0; i < cells; ++i) {
            Eigen::Index best = 0;
            y.col(i).maxCoeff(&best);
            picture.output[std::size_t(i)] = float(best);
        }
    } else {
        Eigen::Map<Eigen::RowVectorXf>(picture.output.data(), cells) = y.row(0);
    }
    const std::size_t hidden = net.W.size() - 1;
    // The hovered unit at full resolution: one row of its layer's output.
    const bool hovered = hoveredLayer >= 0 && std::size_t(hoveredLayer) < hidden && hoveredUnit >= 0 &&
                         hoveredUnit < m_cache.a[std::size_t(hoveredLayer) + 1].rows();
    picture.hoveredLayer = hovered ? hoveredLayer : -1;
    picture.hoveredUnit = hovered ? hoveredUnit : -1;
    picture.hovered.resize(hovered ? std::size_t(cells) : 0);
    if (hovered)
        Eigen::Map<Eigen::RowVectorXf>(picture.hovered.data(), cells) =
            m_cache.a[std::size_t(hoveredLayer) + 1].row(hoveredUnit);
    // Each unit's map is a row of its layer's output, on the units' grid; assigned, so a picture's storage is
    // reused.
    const ForwardCache<float> *units = &m_cache;
    if (m_unitSize != m_size) {
        forward(net, activations, m_unitX, m_unitCache);
        units = &m_unitCache;
    }
    picture.layers.resize(hidden);
    for (std::size_t l = 0; l < hidden; ++l)
        picture.layers[l] = units->a[l + 1];
}

void GridProbe::draw(const Trainer &trainer, GridPicture &picture, int hoveredLayer, int hoveredUnit) {
    if (!trainer.hasPoints()) throw std::logic_error("grids need 2-D points");
    if (trainer.settings().features != m_features)
        throw std::logic_error("the grid was made for other features than the trainer's");
    draw(trainer.network(), trainer.activations(), picture, hoveredLayer, hoveredUnit);
}

GridPicture GridProbe::draw(const Trainer &trainer) {
    GridPicture picture;
    draw(trainer, picture);
    return picture;
}

} // namespace gelulab
