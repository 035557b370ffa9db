#pragma once
// GELU as the expectation of a random gate (Hendrycks & Gimpel, section 2): multiply x by m ~
// Bernoulli(F(x)); the expected output is x·F(x). With F = Φ that is GELU; with σ(1.702x) its sigmoid
// approximation; with σ(x) SiLU; with the Cauchy CDF gelu_cauchy.
//
// Every random number here comes from the core's random streams (random.h), so the same seed gives the same
// samples with every standard library. The SOI gate that trains inside a network is the network's (mlp.h);
// this gate is the picture of one unit.

#include "activation.h"
#include "id_table.h"
#include "random.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace gelulab {

// The gate's distribution F: the normal CDF (GELU), σ(1.702x) (its sigmoid approximation), σ(x) (SiLU) and
// the Cauchy CDF (gelu_cauchy).
enum class GateKind { Normal, Logistic1702, Logistic, Cauchy };

// The gate's CDF F and what follows from it. Only the normal gate has parameters: F(x) = Φ((x − μ)/σ), with
// σ = 0 the step [x > μ].
class MaskGate {
public:
    // Throws std::invalid_argument for μ or σ outside gelu_general's ranges ([−10, 10], [0, 10]) or for μ, σ
    // other than 0, 1 on a gate without parameters.
    explicit MaskGate(GateKind kind = GateKind::Normal, double mu = 0.0, double sigma = 1.0);

    GateKind kind() const { return m_kind; }
    double mu() const { return m_mu; }
    double sigma() const { return m_sigma; }
    // F(x) and 1 − F(x), each accurate in its own tail.
    double cdf(double x) const;
    double complementaryCdf(double x) const;
    // E[x·m] = x·F(x): the registry's activation (gelu_general, gelu_sigmoid, silu, gelu_cauchy), bit for
    // bit.
    double mean(double x) const { return m_activation(x); }
    // Var[x·m] = x²·F(x)·(1 − F(x)).
    double variance(double x) const;
    const ActivationInstance &activation() const { return m_activation; }

private:
    GateKind m_kind;
    double m_mu;
    double m_sigma;
    ActivationInstance m_activation;
};

// Running statistics of x·m for one fixed x, kept as exact counts.
struct MaskTally {
    double x = 0.0;
    std::int64_t n = 0;
    std::int64_t ones = 0; // how many m were 1

    double sampleMean() const;
    double sampleVariance() const; // with n − 1; 0 below two samples
    double standardError() const;  // √(sampleVariance/n)
};

// What `gelu-lab-cli mask` reports: n samples of x·m at one x.
struct MaskSummary {
    double x = 0.0;
    std::int64_t samples = 0;
    double sampleMean = 0.0;
    double standardError = 0.0;
    double sampleVariance = 0.0;
    double exactMean = 0.0;
    double exactVariance = 0.0;
    // (sample mean − exact mean)/standard error; 0 when both agree exactly with no spread, NaN when the
    // samples have no spread but miss the mean.
    double z = 0.0;
};
MaskSummary summarize(const MaskGate &gate, const MaskTally &tally);

// Draws n masks at x from stream 0 of the seed and summarizes them; progress (if given) is called with the
// fraction done now and then.
MaskSummary sampleMask(const MaskGate &gate, double x, std::int64_t n, std::uint64_t seed,
                       void (*progress)(double fraction, void *context) = nullptr, void *context = nullptr);

// The Monte Carlo picture of the mask view: samples at `bins` evenly spaced x over [from, to], each bin its
// own stream of the seed (so the numbers do not depend on how the work is chunked). A value type: the view
// copies it into a worker thread, adds samples there and takes it back.
class MaskExperiment {
public:
    static constexpr int kKeptMasks = 240;     // first masks kept per bin, for the scatter
    static constexpr int kTracePerDecade = 24; // running-mean points recorded per factor of ten in n

    // Throws std::invalid_argument for a range that is not finite with from < to, or bins outside [1, 1001].
    MaskExperiment(const MaskGate &gate, double from, double to, int bins, std::uint64_t seed);
    // GELU's gate over [−4, 4] at 41 x values, seed 1.
    MaskExperiment()
        : MaskExperiment(MaskGate(), -4.0, 4.0, 41, 1) {}

    const MaskGate &gate() const { return m_gate; }
    double from() const { return m_from; }
    double to() const { return m_to; }
    std::uint64_t seed() const { return m_seed; }
    int bins() const { return int(m_bins.size()); }
    double binX(int bin) const { return m_bins[std::size_t(bin)].tally.x; }
    // The bin whose x is nearest.
    int nearestBin(double x) const;
    // Samples drawn so far in every bin (all bins have the same count).
    std::int64_t samplesPerBin() const { return m_bins.empty() ? 0 : m_bins.front().tally.n; }

    // Adds `count` samples to every bin.
    void addSamples(std::int64_t count);

    const MaskTally &tally(int bin) const { return m_bins[std::size_t(bin)].tally; }
    // The first masks drawn in the bin (up to kKeptMasks).
    const std::vector<std::uint8_t> &keptMasks(int bin) const { return m_bins[std::size_t(bin)].kept; }
    // The running mean after n samples, at n = 1, 2, …, 10 and then about kTracePerDecade points per decade
    // (the current n, samplesPerBin(), is in tally() and may lie between two of them).
    struct TracePoint {
        std::int64_t n;
        double mean;
    };
    const std::vector<TracePoint> &trace(int bin) const { return m_bins[std::size_t(bin)].trace; }

private:
    struct Bin {
        MaskTally tally;
        double probability = 0.0; // F(x)
        std::mt19937_64 engine;
        std::vector<std::uint8_t> kept;
        std::vector<TracePoint> trace;
        std::int64_t nextTrace = 1;
    };
    MaskGate m_gate;
    double m_from;
    double m_to;
    std::uint64_t m_seed;
    std::vector<Bin> m_bins;
};

// The gates' ids, as the command line and the mask view name them.
template<>
struct EnumIds<GateKind> {
    static constexpr std::array rows{
        IdRow{GateKind::Normal, "normal"}, IdRow{GateKind::Logistic1702, "logistic1702"},
        IdRow{GateKind::Logistic, "logistic"}, IdRow{GateKind::Cauchy, "cauchy"}};
};

} // namespace gelulab
