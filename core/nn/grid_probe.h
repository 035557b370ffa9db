#pragma once
// What the Playground draws of a network over the plane: its output and every hidden unit's output at the
// cells of an N×N grid. Kept apart from training (docs/ARCHITECTURE.md, "snapshots"): a worker draws a
// picture when a frame wants one, not after every epoch, and the probe reuses its matrices between pictures.

#include "dataset.h"
#include "matrix_data.h"
#include "mlp.h"

#include <vector>

namespace gelulab {

class Trainer;

// The network over [from, to]², row by row from the bottom (x2 = from) and left to right within a row.
struct GridPicture {
    int size = 0; // N; 0: no picture
    double from = -6.0;
    double to = 6.0;
    std::vector<float> output;       // class-1 probability / tanh output / value; softmax: class index
    std::vector<FloatMatrix> layers; // per hidden layer: units × cells
    // Unit u of hidden layer l at grid cell i (= row·N + column).
    float unit(std::size_t l, int u, std::size_t i) const { return layers[l](u, Eigen::Index(i)); }
};

class GridProbe {
public:
    static constexpr int kMaxSize = 400;

    // Throws std::invalid_argument for n outside [2, kMaxSize] or a range without from < to.
    GridProbe(const std::vector<Feature> &features, int n, double from = -6.0, double to = 6.0);

    int size() const { return m_size; }
    double from() const { return m_from; }
    double to() const { return m_to; }

    // Draws the network into picture, reusing the picture's storage.
    void draw(const Mlp<float> &net, const std::vector<HiddenActivation> &activations, GridPicture &picture);
    // The trainer's current network (needs 2-D points: std::logic_error otherwise).
    void draw(const Trainer &trainer, GridPicture &picture);
    GridPicture draw(const Trainer &trainer);

private:
    int m_size;
    double m_from, m_to;
    std::vector<Feature> m_features;
    FloatMatrix m_x; // the cells' features, once
    ForwardCache<float> m_cache;
};

} // namespace gelulab
