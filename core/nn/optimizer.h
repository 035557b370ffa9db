#pragma once
// Gradient steps for Mlp: plain SGD, momentum, Nesterov momentum and Adam, and the learning-rate schedules.

#include "id_table.h"
#include "mlp.h"

#include <optional>
#include <string_view>
#include <vector>

namespace gelulab {

// Which step a batch's gradient takes (optimizer.cpp writes each out) and how the rate changes over a run.
enum class OptimizerKind { Sgd, Momentum, Nesterov, Adam };
template<>
struct EnumIds<OptimizerKind> {
    static constexpr std::array rows{
        IdRow{OptimizerKind::Sgd, "sgd"}, IdRow{OptimizerKind::Momentum, "momentum"},
        IdRow{OptimizerKind::Nesterov, "nesterov"}, IdRow{OptimizerKind::Adam, "adam"}};
};
enum class Schedule { Constant, Step, Cosine };
template<>
struct EnumIds<Schedule> {
    static constexpr std::array rows{IdRow{Schedule::Constant, "constant"}, IdRow{Schedule::Step, "step"},
                                     IdRow{Schedule::Cosine, "cosine"}};
};

// The rate for an epoch (0-based) of `epochs`: constant; step halves it every quarter of the run; cosine
// anneals it from lr to 0 as (1 + cos(π·epoch/epochs))/2.
double scheduledRate(Schedule schedule, double lr, int epoch, int epochs);

// The optimiser's memory: velocities (first moments) and second moments per weight layer, and the number of
// steps taken (Adam's bias correction). Empty arrays before the first step.
struct OptimizerState {
    std::vector<Mlp<float>::Matrix> velocityW, secondW;
    std::vector<Mlp<float>::Vector> velocityB, secondB;
    long long steps = 0;
};

class Optimizer {
public:
    static constexpr double kMomentum = 0.9;
    static constexpr double kBeta1 = 0.9;
    static constexpr double kBeta2 = 0.999;
    static constexpr double kEpsilon = 1e-8;

    explicit Optimizer(OptimizerKind kind = OptimizerKind::Adam)
        : m_kind(kind) {}
    OptimizerKind kind() const { return m_kind; }
    // One update of every weight and bias with their gradients.
    void step(Mlp<float> &net, const std::vector<Mlp<float>::Matrix> &dW,
              const std::vector<Mlp<float>::Vector> &db, double lr);
    // Forgets the velocities and moments (after the network changes shape).
    void reset();
    // What it remembers, and the same put back (a saved session continues exactly).
    OptimizerState state() const { return {m_velocityW, m_secondW, m_velocityB, m_secondB, m_steps}; }
    void restore(OptimizerState state);

private:
    OptimizerKind m_kind;
    std::vector<Mlp<float>::Matrix> m_velocityW, m_secondW;
    std::vector<Mlp<float>::Vector> m_velocityB, m_secondB;
    long long m_steps = 0;
};

} // namespace gelulab
