#include "grid_probe.h"

#include "trainer.h"

#include <stdexcept>

namespace gelulab {

GridProbe::GridProbe(const std::vector<Feature> &features, int n, double from, double to)
    : m_size(n)
    , m_from(from)
    , m_to(to)
    , m_features(features) {
    if (n < 2 || n > kMaxSize) throw std::invalid_argument("the grid must be 2 to 400 points a side");
    if (!(from < to)) throw std::invalid_argument("the grid range needs from < to");
    // Cell centres, row by row from the bottom.
    std::vector<DataPoint> cells(std::size_t(n) * std::size_t(n));
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            cells[std::size_t(r) * std::size_t(n) + std::size_t(c)] = {
                from + (to - from) * (c + 0.5) / n, from + (to - from) * (r + 0.5) / n, 0.0};
    m_x = featureMatrix(features, cells);
}

void GridProbe::draw(const Mlp<float> &net, const std::vector<HiddenActivation> &activations,
                     GridPicture &picture) {
    const Eigen::Index cells = m_x.cols();
    picture.size = m_size;
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
    // Each unit's map is a row of its layer's output; assigned, so a picture's storage is reused.
    const std::size_t hidden = net.W.size() - 1;
    picture.layers.resize(hidden);
    for (std::size_t l = 0; l < hidden; ++l)
        picture.layers[l] = m_cache.a[l + 1];
}

void GridProbe::draw(const Trainer &trainer, GridPicture &picture) {
    if (!trainer.hasPoints()) throw std::logic_error("grids need 2-D points");
    if (trainer.settings().features != m_features)
        throw std::logic_error("the grid was made for other features than the trainer's");
    draw(trainer.network(), trainer.activations(), picture);
}

GridPicture GridProbe::draw(const Trainer &trainer) {
    GridPicture picture;
    draw(trainer, picture);
    return picture;
}

} // namespace gelulab
