#include "optimizer.h"

#include "optimizer_steps.h"

#include <cmath>
#include <numbers>

namespace gelulab {

double scheduledRate(Schedule schedule, double lr, int epoch, int epochs) {
    switch (schedule) {
    case Schedule::Constant:
        return lr;
    case Schedule::Step:
        return lr * std::pow(0.5, epoch / std::max(1, epochs / 4));
    case Schedule::Cosine:
        return lr * 0.5 * (1.0 + std::cos(std::numbers::pi * std::min(epoch, epochs) / std::max(1, epochs)));
    }
    return lr;
}

void Optimizer::reset() {
    m_velocityW.clear();
    m_velocityB.clear();
    m_secondW.clear();
    m_secondB.clear();
    m_steps = 0;
}

void Optimizer::restore(OptimizerState state) {
    m_velocityW = std::move(state.velocityW);
    m_secondW = std::move(state.secondW);
    m_velocityB = std::move(state.velocityB);
    m_secondB = std::move(state.secondB);
    m_steps = state.steps;
}

namespace {

template<typename M>
void zerosLike(std::vector<M> &state, const std::vector<M> &like) {
    if (state.size() == like.size()) return;
    state.clear();
    for (const M &m : like)
        state.push_back(M::Zero(m.rows(), m.cols()));
}

// One parameter array: p ← p − step, by the optimiser's rule.
template<typename M>
void update(OptimizerKind kind, M &p, const M &g, M *velocity, M *second, float lr, long long t) {
    switch (kind) {
    case OptimizerKind::Sgd:
        p -= lr * g;
        break;
    case OptimizerKind::Momentum:
        *velocity = float(Optimizer::kMomentum) * *velocity - lr * g;
        p += *velocity;
        break;
    case OptimizerKind::Nesterov: {
        // Nesterov in its "look-ahead" form: p += μ²·v_old … written as −μ·v_old + (1 + μ)·v_new.
        const M previous = *velocity;
        *velocity = float(Optimizer::kMomentum) * *velocity - lr * g;
        p += -float(Optimizer::kMomentum) * previous + float(1.0 + Optimizer::kMomentum) * *velocity;
        break;
    }
    case OptimizerKind::Adam: {
        const double c1 = 1.0 - std::pow(Optimizer::kBeta1, double(t));
        const double c2 = 1.0 - std::pow(Optimizer::kBeta2, double(t));
        const float rate = float(lr * std::sqrt(c2) / c1);
        // The step in SIMD lanes (Eigen's own loop is SSE2 in a portable build), the same IEEE operations in
        // the same order: the same bits.
        kernels::adamStep(p.data(), g.data(), velocity->data(), second->data(), std::size_t(p.size()),
                          {float(Optimizer::kBeta1), float(1.0 - Optimizer::kBeta1), float(Optimizer::kBeta2),
                           float(1.0 - Optimizer::kBeta2), rate, float(Optimizer::kEpsilon * std::sqrt(c2))});
        break;
    }
    }
}

} // namespace

void Optimizer::step(Mlp<float> &net, const std::vector<Mlp<float>::Matrix> &dW,
                     const std::vector<Mlp<float>::Vector> &db, double lr) {
    zerosLike(m_velocityW, net.W);
    zerosLike(m_velocityB, net.b);
    zerosLike(m_secondW, net.W);
    zerosLike(m_secondB, net.b);
    ++m_steps;
    for (std::size_t l = 0; l < net.W.size(); ++l) {
        update(m_kind, net.W[l], dW[l], &m_velocityW[l], &m_secondW[l], float(lr), m_steps);
        update(m_kind, net.b[l], db[l], &m_velocityB[l], &m_secondB[l], float(lr), m_steps);
    }
}

} // namespace gelulab
