#include "mask.h"

#include "special.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace gelulab {
namespace {

const char *activationOf(GateKind kind) {
    switch (kind) {
    case GateKind::Normal:
        return "gelu_general";
    case GateKind::Logistic1702:
        return "gelu_sigmoid";
    case GateKind::Logistic:
        return "silu";
    case GateKind::Cauchy:
        return "gelu_cauchy";
    }
    return "gelu_general";
}

// σ(t) without overflow.
double logistic(double t) {
    if (t >= 0.0) return 1.0 / (1.0 + std::exp(-t));
    const double e = std::exp(t);
    return e / (1.0 + e);
}

} // namespace

MaskGate::MaskGate(GateKind kind, double mu, double sigma)
    : m_kind(kind)
    , m_mu(mu)
    , m_sigma(sigma)
    , m_activation(activationOf(kind)) {
    if (kind == GateKind::Normal) {
        const double params[] = {mu, sigma};
        m_activation.setParameters(params); // checks the ranges
    } else if (mu != 0.0 || sigma != 1.0) {
        throw std::invalid_argument("the " + std::string(idOf(kind)) + " gate has no parameters mu, sigma");
    }
}

double MaskGate::cdf(double x) const {
    switch (m_kind) {
    case GateKind::Normal:
        if (m_sigma == 0.0) return x > m_mu ? 1.0 : 0.0;
        return special::normalCdf((x - m_mu) / m_sigma);
    case GateKind::Logistic1702:
        return logistic(1.702 * x);
    case GateKind::Logistic:
        return logistic(x);
    case GateKind::Cauchy:
        return std::atan2(1.0, -x) / std::numbers::pi; // = 1/2 + arctan(x)/π
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double MaskGate::complementaryCdf(double x) const {
    switch (m_kind) {
    case GateKind::Normal:
        if (m_sigma == 0.0) return x > m_mu ? 0.0 : 1.0;
        return special::normalCdf((m_mu - x) / m_sigma);
    case GateKind::Logistic1702:
        return logistic(-1.702 * x);
    case GateKind::Logistic:
        return logistic(-x);
    case GateKind::Cauchy:
        return std::atan2(1.0, x) / std::numbers::pi;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double MaskGate::variance(double x) const {
    // x·(x·F(1 − F)), not x²·…: x² overflows for |x| > 1e154 while the product is 0 (or representable).
    const double pq = cdf(x) * complementaryCdf(x);
    return pq == 0.0 ? 0.0 : x * (x * pq);
}

double MaskTally::sampleMean() const {
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : x * (double(ones) / double(n));
}

double MaskTally::sampleVariance() const {
    if (n < 2) return 0.0;
    // x·m takes the values x (ones times) and 0: its sample variance is x²·k·(n − k)/(n·(n − 1)).
    const double pq = (double(ones) / double(n)) * (double(n - ones) / double(n - 1));
    return pq == 0.0 ? 0.0 : x * (x * pq);
}

double MaskTally::standardError() const {
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(sampleVariance() / double(n));
}

MaskSummary summarize(const MaskGate &gate, const MaskTally &tally) {
    MaskSummary s;
    s.x = tally.x;
    s.samples = tally.n;
    s.sampleMean = tally.sampleMean();
    s.standardError = tally.standardError();
    s.sampleVariance = tally.sampleVariance();
    s.exactMean = gate.mean(tally.x);
    s.exactVariance = gate.variance(tally.x);
    const double difference = s.sampleMean - s.exactMean;
    if (s.standardError > 0.0)
        s.z = difference / s.standardError;
    else
        s.z = difference == 0.0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
    return s;
}

MaskSummary sampleMask(const MaskGate &gate, double x, std::int64_t n, std::uint64_t seed,
                       void (*progress)(double, void *), void *context) {
    if (!std::isfinite(x)) throw std::invalid_argument("x must be finite");
    if (n < 1) throw std::invalid_argument("the number of samples must be at least 1");
    std::mt19937_64 engine = streamEngine(seed, 0);
    const double p = gate.cdf(x);
    MaskTally tally{x, n, 0};
    constexpr std::int64_t kChunk = 1 << 22;
    for (std::int64_t done = 0; done < n;) {
        const std::int64_t end = std::min(n, done + kChunk);
        std::int64_t ones = 0;
        for (std::int64_t i = done; i < end; ++i)
            ones += uniformDouble(engine) < p ? 1 : 0;
        tally.ones += ones;
        done = end;
        if (progress) progress(double(done) / double(n), context);
    }
    return summarize(gate, tally);
}

MaskExperiment::MaskExperiment(const MaskGate &gate, double from, double to, int bins, std::uint64_t seed)
    : m_gate(gate)
    , m_from(from)
    , m_to(to)
    , m_seed(seed) {
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        throw std::invalid_argument("the range needs finite from < to");
    if (bins < 1 || bins > 1001) throw std::invalid_argument("the number of x values must be from 1 to 1001");
    m_bins.resize(std::size_t(bins));
    for (int i = 0; i < bins; ++i) {
        Bin &b = m_bins[std::size_t(i)];
        b.tally.x = bins == 1 ? 0.5 * (from + to) : (from * (bins - 1 - i) + to * i) / (bins - 1);
        b.probability = gate.cdf(b.tally.x);
        b.engine = streamEngine(seed, std::uint64_t(i));
    }
}

int MaskExperiment::nearestBin(double x) const {
    if (m_bins.size() == 1 || !(x > m_from)) return 0;
    if (!(x < m_to)) return bins() - 1;
    return int(std::lround((x - m_from) / (m_to - m_from) * (bins() - 1)));
}

void MaskExperiment::addSamples(std::int64_t count) {
    // Trace points: every n up to 10, then n growing by 10^(1/kTracePerDecade).
    const double growth = std::pow(10.0, 1.0 / kTracePerDecade);
    for (Bin &b : m_bins) {
        const std::int64_t end = b.tally.n + count;
        while (b.tally.n < end) {
            // Up to the next trace point in one tight loop.
            const std::int64_t stop = std::min(end, b.nextTrace);
            std::int64_t ones = 0;
            for (std::int64_t i = b.tally.n; i < stop; ++i) {
                const bool m = uniformDouble(b.engine) < b.probability;
                ones += m ? 1 : 0;
                if (i < kKeptMasks) b.kept.push_back(m ? 1 : 0);
            }
            b.tally.ones += ones;
            b.tally.n = stop;
            if (b.tally.n == b.nextTrace) {
                b.trace.push_back({b.tally.n, b.tally.sampleMean()});
                b.nextTrace =
                    b.nextTrace < 10
                        ? b.nextTrace + 1
                        : std::max(b.nextTrace + 1, std::int64_t(std::llround(double(b.nextTrace) * growth)));
            }
        }
    }
}

} // namespace gelulab
