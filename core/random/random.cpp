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

} // namespace

RandomEngine streamEngine(std::uint64_t seed, std::uint64_t stream) {
    return RandomEngine(mix(mix(seed) + 0x9e3779b97f4a7c15ull * (stream + 1)));
}

double normal(RandomEngine &engine, double mean, double standardDeviation) {
    double v1, v2, s;
    do {
        v1 = 2.0 * uniformDouble(engine) - 1.0;
        v2 = 2.0 * uniformDouble(engine) - 1.0;
        s = v1 * v1 + v2 * v2;
    } while (s > 1.0 || s == 0.0);
    return mean + standardDeviation * std::sqrt(-2.0 * std::log(s) / s) * v1;
}

void fillNormal(std::span<double> out, RandomEngine &engine, double standardDeviation) {
    for (std::size_t i = 0; i < out.size(); i += 2) {
        double v1, v2, s;
        do {
            v1 = 2.0 * uniformDouble(engine) - 1.0;
            v2 = 2.0 * uniformDouble(engine) - 1.0;
            s = v1 * v1 + v2 * v2;
        } while (s > 1.0 || s == 0.0);
        const double scale = standardDeviation * std::sqrt(-2.0 * std::log(s) / s);
        out[i] = scale * v1;
        if (i + 1 < out.size()) out[i + 1] = scale * v2;
    }
}

} // namespace gelulab
