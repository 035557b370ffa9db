#include "random.h"

#include <cmath>

namespace gelulab {
namespace {

// SplitMix64's finaliser: spreads nearby seeds and stream numbers over the engine's whole seed space.
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Marsaglia's polar method: a point (v1, v2) uniform in the unit disc (not its centre) and the factor f with
// which f·v1 and f·v2 are two independent standard normals.
struct PolarPair {
    double v1, v2, factor;
};
PolarPair polarPair(RandomEngine &engine) {
    double v1, v2, s;
    do {
        v1 = 2.0 * uniformDouble(engine) - 1.0;
        v2 = 2.0 * uniformDouble(engine) - 1.0;
        s = v1 * v1 + v2 * v2;
    } while (s > 1.0 || s == 0.0);
    return {v1, v2, std::sqrt(-2.0 * std::log(s) / s)};
}

} // namespace

std::uint64_t streamKey(std::uint64_t seed, std::uint64_t stream) {
    return mix(mix(seed) + 0x9e3779b97f4a7c15ull * (stream + 1));
}

RandomEngine streamEngine(std::uint64_t seed, std::uint64_t stream) {
    return RandomEngine(streamKey(seed, stream));
}

double normal(RandomEngine &engine, double mean, double standardDeviation) {
    const PolarPair p = polarPair(engine);
    return mean + standardDeviation * p.factor * p.v1;
}

void fillNormal(std::span<double> out, RandomEngine &engine, double standardDeviation) {
    for (std::size_t i = 0; i < out.size(); i += 2) {
        const PolarPair p = polarPair(engine);
        const double scale = standardDeviation * p.factor;
        out[i] = scale * p.v1;
        if (i + 1 < out.size()) out[i + 1] = scale * p.v2;
    }
}

} // namespace gelulab
