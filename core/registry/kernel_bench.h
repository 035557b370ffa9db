#pragma once
// Kernel throughput, measured the way `gelu-lab-cli bench kernel` reports it.

#include "activation.h"

#include <cstddef>
#include <vector>

namespace gelulab {

enum class ElementType { Float, Double };

struct KernelTiming {
    double gelemPerSecond = 0.0; // median over the repeats
    double medianSeconds = 0.0;
    int repeats = 0;
};

// n values drawn from N(0, 4²) with a fixed seed (random.h: the same on every standard
// library), so that both the central and the tail paths of a kernel are timed.
std::vector<double> benchmarkInputs(std::size_t n, unsigned long long seed = 1606'08415);

// Median throughput of f^(order) of the activation over n inputs into a preallocated output, split into
// `threads` contiguous slices evaluated concurrently. Repeats until at least minRepeats runs and minSeconds
// of measurement. A null activation times a plain copy of the same array (the memory-bound baseline).
KernelTiming benchmarkKernel(const ActivationInstance *activation, ElementType type, std::size_t n,
                             int threads, int order, int minRepeats = 11, double minSeconds = 0.3);

} // namespace gelulab
