#include "depthworker.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace gelulab {
namespace {

constexpr int kQPoints = 81;
constexpr int kCPoints = 41;
constexpr int kHeatBins = 81;
constexpr int kChunkMs = 20; // the phase diagram's share of a chunk

// An activation with its parameters, as the caches know it.
std::string keyOf(const ActivationInstance &a) {
    std::string key(a.id());
    for (double p : a.parameters())
        key += ' ' + formatDouble(p);
    return key;
}

double finiteMax(const std::vector<double> &values) {
    double m = 0.0;
    for (double v : values)
        if (std::isfinite(v)) m = std::max(m, v);
    return m;
}

// What a snapshot holds of a part the worker keeps: the part itself once it is complete (never written
// again), otherwise a copy, since the worker fills it on.
template<class Part>
std::shared_ptr<const Part> handedOver(const std::shared_ptr<Part> &part) {
    return part->complete() ? std::shared_ptr<const Part>(part) : std::make_shared<const Part>(*part);
}

DepthHeatMap heatMapOf(const std::vector<std::vector<float>> &layers, double limit) {
    DepthHeatMap map;
    map.layers = int(layers.size());
    map.bins = kHeatBins;
    map.limit = limit;
    map.density.assign(std::size_t(map.layers) * kHeatBins, 0.0);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        double *column = map.density.data() + l * kHeatBins;
        for (float h : layers[l]) {
            if (!std::isfinite(h) || std::abs(h) > limit) continue;
            const int bin = std::min(kHeatBins - 1, int((double(h) + limit) / (2.0 * limit) * kHeatBins));
            column[bin] += 1.0;
        }
        const double peak = *std::max_element(column, column + kHeatBins);
        if (peak > 0.0)
            for (int b = 0; b < kHeatBins; ++b)
                column[b] /= peak;
    }
    return map;
}

} // namespace

void DepthWorker::compute(const DepthRequest &request, quint64 generation) {
    if (!beginJob(generation)) return;
    m_request = request;
    m_functions.clear();
    for (const ActivationInstance &a : request.activations)
        m_functions.push_back(MeanFieldFunction::of(a));
    m_snapshot = DepthSnapshot{};
    m_snapshot.generation = generation;
    m_snapshot.settings = request.settings;
    m_stage = Stage::MeanField;
    m_unsent = false;
    // The work starts in the next chunk: requests queued meanwhile (a drag) replace this one first.
    scheduleChunk();
}

void DepthWorker::runChunk() {
    if (isStopping()) return;
    runStage();
    if (m_stage != Stage::Done || m_unsent) scheduleChunk(m_unsent && !maySend() ? 5 : 0);
}

void DepthWorker::runStage() {
    const bool ok = guarded([this] {
        switch (m_stage) {
        case Stage::MeanField:
            meanField();
            m_stage = Stage::Network;
            break;
        case Stage::Network:
            network();
            m_stage = Stage::Critical;
            break;
        case Stage::Critical:
            critical();
            m_stage = Stage::CorrelationMaps;
            break;
        case Stage::CorrelationMaps:
            correlationMaps();
            m_stage = Stage::PhaseGrid;
            break;
        case Stage::PhaseGrid:
            if (!phaseGrid(kChunkMs)) m_stage = Stage::PhaseLines;
            break;
        case Stage::PhaseLines:
            if (!phaseLines(kChunkMs)) {
                m_stage = Stage::Done;
                m_snapshot.done = true;
            }
            break;
        case Stage::Done:
            break;
        }
        m_unsent = true;
    });
    if (!ok) {
        m_stage = Stage::Done;
        m_unsent = false;
        return;
    }
    if (maySend()) send();
}

void DepthWorker::meanField() {
    const DepthNetworkSettings &s = m_request.settings;
    double qMax = std::max(4.0, 1.6 * s.q0);
    m_snapshot.curves.clear();
    for (std::size_t i = 0; i < m_functions.size(); ++i) {
        const ActivationInstance &a = m_request.activations[i];
        const MeanField field(m_functions[i], s.sigmaW2, s.sigmaB2);
        DepthCurve curve;
        curve.id = std::string(a.id());
        curve.name = std::string(a.activation().name);
        curve.summary = field.varianceSummary(s.q0); // the correlation's numbers after the network
        if (const auto known = m_critical.find({keyOf(a), s.sigmaB2}); known != m_critical.end()) {
            curve.critical = known->second;
            curve.criticalKnown = true;
        }
        if (i == 0) curve.qSeries = field.varianceSeries(s.q0, s.layers); // the cobweb and the network's
        if (curve.summary.fixedPoint.fate == DepthFate::FixedPoint)
            qMax = std::max(qMax, 1.3 * curve.summary.fixedPoint.q);
        m_snapshot.curves.push_back(std::move(curve));
    }
    qMax = std::min(qMax, 1e6);
    m_snapshot.qGrid.resize(kQPoints);
    for (int k = 0; k < kQPoints; ++k)
        m_snapshot.qGrid[std::size_t(k)] = qMax * k / (kQPoints - 1);
    m_snapshot.cGrid.resize(kCPoints);
    for (int k = 0; k < kCPoints; ++k)
        m_snapshot.cGrid[std::size_t(k)] = -1.0 + 2.0 * k / (kCPoints - 1);
    for (std::size_t i = 0; i < m_functions.size(); ++i) {
        const MeanField field(m_functions[i], s.sigmaW2, s.sigmaB2);
        DepthCurve &curve = m_snapshot.curves[i];
        curve.qMap.reserve(kQPoints);
        for (double q : m_snapshot.qGrid)
            curve.qMap.push_back(field.qMap(q));
        if (const auto line = m_lines.find(keyOf(m_request.activations[i])); line != m_lines.end())
            curve.line = handedOver(line->second);
    }
    const MeanField first(m_functions.front(), s.sigmaW2, s.sigmaB2);
    m_snapshot.qPredicted = m_snapshot.curves.front().qSeries;
    m_snapshot.gradPredicted = first.gradientNormSeries(m_snapshot.qPredicted);
    if (const auto grid = m_grids.find(keyOf(m_request.activations.front())); grid != m_grids.end())
        m_snapshot.phase = handedOver(grid->second);
}

void DepthWorker::network() {
    QElapsedTimer clock;
    clock.start();
    DepthNetworkResult result =
        simulateDepthNetwork(m_request.activations.front(), m_request.settings, stopFlag());
    if (isStopping()) return;
    m_snapshot.networkSeconds = double(clock.nsecsElapsed()) * 1e-9;
    const double spread = std::max(finiteMax(m_snapshot.qPredicted), finiteMax(result.q));
    m_snapshot.heatMap = heatMapOf(result.preactivations, spread > 0.0 ? 3.5 * std::sqrt(spread) : 1.0);
    result.preactivations.clear();
    m_snapshot.network = std::move(result);
}

void DepthWorker::critical() {
    const double sigmaB2 = m_request.settings.sigmaB2;
    for (std::size_t i = 0; i < m_functions.size(); ++i) {
        DepthCurve &curve = m_snapshot.curves[i];
        if (curve.criticalKnown || isStopping()) continue;
        curve.critical = criticalSigmaW2(m_functions[i], sigmaB2);
        curve.criticalKnown = true;
        if (m_critical.size() > 10'000) m_critical.clear(); // a long session of dragging
        m_critical[{keyOf(m_request.activations[i]), sigmaB2}] = curve.critical;
    }
}

void DepthWorker::correlationMaps() {
    const DepthNetworkSettings &s = m_request.settings;
    // Two-dimensional expectations, a layer at a time: after the network, which the eye waits for first.
    m_snapshot.cPredicted =
        MeanField(m_functions.front(), s.sigmaW2, s.sigmaB2).correlationSeries(s.q0, s.c0, s.layers);
    for (std::size_t i = 0; i < m_functions.size(); ++i) {
        DepthCurve &curve = m_snapshot.curves[i];
        const MeanField field(m_functions[i], s.sigmaW2, s.sigmaB2);
        if (isStopping()) return;
        field.addCorrelation(curve.summary);
        curve.correlationKnown = true;
        if (curve.summary.fixedPoint.fate != DepthFate::FixedPoint) continue;
        curve.cMap.reserve(kCPoints);
        for (double c : m_snapshot.cGrid) {
            if (isStopping()) return;
            curve.cMap.push_back(field.cMap(c, curve.summary.fixedPoint.q));
        }
    }
}

bool DepthWorker::phaseGrid(int budgetMs) {
    std::shared_ptr<DepthPhaseGrid> &grid = m_grids[keyOf(m_request.activations.front())];
    if (!grid) grid = std::make_shared<DepthPhaseGrid>();
    if (grid->complete()) {
        m_snapshot.phase = grid;
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (!grid->complete() && clock.elapsed() < budgetMs && !isStopping()) {
        const int row = grid->rowsDone;
        for (int column = 0; column < DepthPhaseGrid::kColumns; ++column) {
            const MeanField field(m_functions.front(), DepthPhaseGrid::sigmaW2(column),
                                  DepthPhaseGrid::sigmaB2(row));
            grid->chi1[std::size_t(row * DepthPhaseGrid::kColumns + column)] =
                field.chiAt(field.fixedPoint());
        }
        ++grid->rowsDone;
    }
    m_snapshot.phase = handedOver(grid);
    return !grid->complete();
}

bool DepthWorker::phaseLines(int budgetMs) {
    QElapsedTimer clock;
    clock.start();
    for (std::size_t i = 0; i < m_functions.size(); ++i) {
        std::shared_ptr<DepthPhaseLine> &line = m_lines[keyOf(m_request.activations[i])];
        if (!line) line = std::make_shared<DepthPhaseLine>();
        while (!line->complete() && !isStopping()) {
            const int k = line->done;
            if (const std::optional<CriticalPoint> critical =
                    criticalSigmaW2(m_functions[i], DepthPhaseLine::sigmaB2(k), 1e3, 1e-4)) {
                line->sigmaW2[std::size_t(k)] = critical->sigmaW2;
                line->boundary[std::size_t(k)] = critical->boundary;
            }
            ++line->done;
            if (clock.elapsed() >= budgetMs) break;
        }
        m_snapshot.curves[i].line = handedOver(line);
        if (!line->complete()) return true;
    }
    return false;
}

void DepthWorker::send() {
    if (!handOver()) return;
    m_unsent = false;
    emit snapshotReady(std::make_shared<DepthSnapshot>(m_snapshot));
}

} // namespace gelulab
