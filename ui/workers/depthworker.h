#pragma once

#include "depth_network.h"
#include "mean_field.h"
#include "worker.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gelulab {

// What the Depth view asks for: the activations (the first one's network is simulated and its χ₁ colours the
// phase diagram; the others are drawn beside it in the maps and the diagram's lines) and the network.
struct DepthRequest {
    std::vector<ActivationInstance> activations;
    DepthNetworkSettings settings;
};

// The (σ_w², σ_b²) plane the phase diagram covers, and the view's limits of both.
inline constexpr double kDepthMaxSigmaW2 = 5.0;
inline constexpr double kDepthMaxSigmaB2 = 1.0;
// The view's largest network (the command line's is larger): 100 × 1,024² = 10⁸ multiply-adds.
inline constexpr int kDepthViewMaxWidth = 1024;

// χ₁ at q* over the plane at the cells' centres, NaN where q grows without bound; filled row by row.
struct DepthPhaseGrid {
    static constexpr int kColumns = 50; // σ_w²
    static constexpr int kRows = 25;    // σ_b²
    std::vector<double> chi1 = std::vector<double>(std::size_t(kColumns * kRows), std::nan(""));
    int rowsDone = 0;
    bool complete() const { return rowsDone == kRows; }
    static double sigmaW2(int column) { return (column + 0.5) * kDepthMaxSigmaW2 / kColumns; }
    // Rows from σ_b² = 0 (where the usual initialisations sit) to the limit.
    static double sigmaB2(int row) { return row * kDepthMaxSigmaB2 / (kRows - 1); }
};

// One activation's critical σ_w² along σ_b² (kPoints from 0 to the limit), with the kind of each point;
// sigmaW2 is NaN where the phase stays ordered up to 1,000. Filled a point at a time: the first `done`.
struct DepthPhaseLine {
    static constexpr int kPoints = 31;
    std::vector<double> sigmaW2 = std::vector<double>(kPoints, std::nan(""));
    std::vector<DepthBoundary> boundary = std::vector<DepthBoundary>(kPoints, DepthBoundary::Chi1);
    int done = 0;
    bool complete() const { return done == kPoints; }
    // Denser near σ_b² = 0, where the lines of the ReLU-like activations turn fastest.
    static double sigmaB2(int point) {
        const double t = double(point) / (kPoints - 1);
        return t * t * kDepthMaxSigmaB2;
    }
};

// One activation's mean-field picture at the current (σ_w², σ_b²).
struct DepthCurve {
    std::string id;
    std::string name;
    MeanFieldSummary summary; // c*, C′(c*) and ξ_c once correlationKnown (NaN before)
    bool correlationKnown = false;
    std::optional<CriticalPoint> critical; // at the current σ_b², to the last bit (once criticalKnown)
    bool criticalKnown = false;
    std::vector<double> qMap;    // V(q) on DepthSnapshot::qGrid
    std::vector<double> qSeries; // q_0 = q0, q_1, … (the cobweb)
    std::vector<double> cMap;    // C(c) at q* on DepthSnapshot::cGrid; empty without q* (or yet)
    std::shared_ptr<const DepthPhaseLine> line; // null until begun
};

// The network's pre-activations per layer as a density: `bins` bins over [−limit, limit] in each of the
// layers 0 … L, each layer scaled to its highest bin (so that every layer reads, whatever its spread).
struct DepthHeatMap {
    int layers = 0; // L + 1 columns
    int bins = 0;
    double limit = 1.0;
    std::vector<double> density; // layer-major: density[l * bins + b]
};

struct DepthSnapshot {
    quint64 generation = 0;
    DepthNetworkSettings settings;
    std::vector<double> qGrid, cGrid;
    std::vector<DepthCurve> curves; // in the request's order
    // The first activation's predictions along the network (cPredicted comes with the c-maps, after the
    // network), and what its simulated network did.
    std::vector<double> qPredicted, cPredicted, gradPredicted;
    std::optional<DepthNetworkResult> network; // without its pre-activations: heatMap holds them
    DepthHeatMap heatMap;
    double networkSeconds = 0.0;
    std::shared_ptr<const DepthPhaseGrid> phase; // the first activation's; rowsDone < kRows while it fills
    bool done = false;                           // every part computed
};

// Computes the Depth view in its own thread, in stages, each handed over as soon as it is ready: the
// mean-field maps and read-outs (milliseconds), the simulated network, the critical σ_w² at this σ_b², the
// correlations (the c-maps and the predicted c_l, two-dimensional expectations), then the phase diagram's
// colours and lines, which depend only on the activations and are kept for the next request.
class DepthWorker : public Worker {
    Q_OBJECT
public:
    using Worker::Worker;

    void compute(const gelulab::DepthRequest &request, quint64 generation);

signals:
    void snapshotReady(std::shared_ptr<gelulab::DepthSnapshot> snapshot);

private:
    enum class Stage { MeanField, Network, Critical, CorrelationMaps, PhaseGrid, PhaseLines, Done };

    void runChunk() override;
    void runStage();
    void meanField();
    void network();
    void critical();
    void correlationMaps();
    // A little more of the phase diagram, for about `budgetMs`; false once it is complete.
    bool phaseGrid(int budgetMs);
    bool phaseLines(int budgetMs);
    void send();

    DepthRequest m_request;
    std::vector<MeanFieldFunction> m_functions;
    Stage m_stage = Stage::Done;
    DepthSnapshot m_snapshot;
    bool m_unsent = false;
    // Kept across requests, by activation (id and parameters). A part still filling is copied into each
    // snapshot; a complete one is shared, and never written again.
    std::map<std::string, std::shared_ptr<DepthPhaseGrid>> m_grids;
    std::map<std::string, std::shared_ptr<DepthPhaseLine>> m_lines;
    std::map<std::pair<std::string, double>, std::optional<CriticalPoint>> m_critical; // by σ_b² too
};

} // namespace gelulab
