#pragma once
// What the Playground draws of a network over the plane: its output and every hidden unit's output at the
// cells of an N×N grid. Kept apart from training (docs/ARCHITECTURE.md, "snapshots"): a worker draws a
// picture when a frame wants one, not after every epoch, and the probe reuses its matrices between pictures.

#include "dataset.h"
#include "matrix_data.h"
#include "mlp.h"

#include <cstdint>
#include <vector>

namespace gelulab {

class Trainer;

// The network over [from, to]², row by row from the bottom (x2 = from) and left to right within a row: the
// output on an N×N grid, every hidden unit on an M×M grid (the resolution its small map is drawn at; M = N
// unless the probe says otherwise), and, when asked for, one hidden unit on the N×N grid.
struct GridPicture {
    int size = 0; // N; 0: no picture
    double from = -6.0;
    double to = 6.0;
    std::vector<float> output; // N² cells: class-1 probability / tanh output / value; softmax: class index
    int unitSize = 0;          // M
    std::vector<FloatMatrix> layers; // per hidden layer: units × M² cells
    int hoveredLayer = -1;           // the hidden layer (from 0) and unit of `hovered`; −1: none
    int hoveredUnit = -1;
    std::vector<float> hovered; // N² cells
    std::uint64_t serial = 0;   // a new number for every draw: what a viewer compares to redraw only news
    // Unit u of hidden layer l at cell i (= row·M + column) of the units' grid.
    float unit(std::size_t l, int u, std::size_t i) const { return layers[l](u, Eigen::Index(i)); }
};

class GridProbe {
public:
    static constexpr int kMaxSize = 400;

    // The output on n×n cells and the units on unitSize×unitSize (0: n×n too). Throws std::invalid_argument
    // for a size outside [2, kMaxSize] or a range without from < to.
    GridProbe(const std::vector<Feature> &features, int n, double from = -6.0, double to = 6.0,
              int unitSize = 0);

    int size() const { return m_size; }
    int unitSize() const { return m_unitSize; }
    double from() const { return m_from; }
    double to() const { return m_to; }

    // Draws the network into picture, reusing the picture's storage; with hoveredLayer ≥ 0, that hidden unit
    // also on the n×n grid (a unit that does not exist is left out).
    void draw(const Mlp<float> &net, const std::vector<HiddenActivation> &activations, GridPicture &picture,
              int hoveredLayer = -1, int hoveredUnit = -1);
    // The trainer's current network (needs 2-D points: std::logic_error otherwise).
    void draw(const Trainer &trainer, GridPicture &picture, int hoveredLayer = -1, int hoveredUnit = -1);
    GridPicture draw(const Trainer &trainer);
    // Multiply-adds of one draw for this network: what a caller weighs before drawing while training.
    double cost(const Mlp<float> &net) const;

private:
    int m_size, m_unitSize;
    double m_from, m_to;
    std::vector<Feature> m_features;
    FloatMatrix m_x, m_unitX; // the cells' features, once
    ForwardCache<float> m_cache, m_unitCache;
};

} // namespace gelulab
