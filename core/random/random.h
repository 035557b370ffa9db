#pragma once
// The one source of random numbers in the core (docs/ARCHITECTURE.md, "random"). Every draw comes from
// std::mt19937_64, whose output sequence the C++ standard fixes, turned into numbers by our own conversions
// (not std::uniform_real_distribution or std::normal_distribution, which differ between standard libraries):
// the same seed gives the same data, weights, batches and masks everywhere. The one exception is the
// simulated deep network's 10⁸ weights, too many for this engine: they come from the counter-based normals
// of kernels/normal_kernels.h, under a key of the same numbered streams (streamKey).

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace gelulab {

using RandomEngine = std::mt19937_64;

// The engine of one numbered stream of a seed: streams of one seed are independent of each other. Each user
// of a seed takes its own stream (docs/ARCHITECTURE.md lists who takes which).
RandomEngine streamEngine(std::uint64_t seed, std::uint64_t stream);

// The 64-bit key of the same numbered stream of a seed for a counter-based generator (the normals of
// kernels/normal_kernels.h, which name a stream by a key and a counter): the value streamEngine seeds its
// engine with.
std::uint64_t streamKey(std::uint64_t seed, std::uint64_t stream);

// The uniform double in [0, 1) made of the top 53 bits of one engine output.
inline double uniformDouble(RandomEngine &engine) {
    return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// Uniform in [a, b).
inline double uniform(RandomEngine &engine, double a, double b) {
    return a + (b - a) * uniformDouble(engine);
}

// An index in [0, n) for n ≥ 1.
inline std::size_t uniformIndex(RandomEngine &engine, std::size_t n) {
    const auto j = static_cast<std::size_t>(uniformDouble(engine) * static_cast<double>(n));
    return j < n ? j : n - 1;
}

// A normal variate with the given mean and standard deviation, by Marsaglia's polar method.
double normal(RandomEngine &engine, double mean = 0.0, double standardDeviation = 1.0);

// out filled with normal variates of mean 0 and the given standard deviation, both of each polar pair used:
// half the draws of calling normal() for each (and so a different sequence from it).
void fillNormal(std::span<double> out, RandomEngine &engine, double standardDeviation = 1.0);

// Fisher–Yates with uniformIndex: the same order with every standard library.
template<typename T>
void shuffle(std::span<T> items, RandomEngine &engine) {
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[uniformIndex(engine, i)]);
}
template<typename T>
void shuffle(std::vector<T> &items, RandomEngine &engine) {
    shuffle(std::span<T>(items), engine);
}

} // namespace gelulab
