#include "kernel_bench.h"

#include "random.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace gelulab {

std::vector<double> benchmarkInputs(std::size_t n, unsigned long long seed) {
    RandomEngine engine = streamEngine(seed, 0);
    std::vector<double> x(n);
    for (double &v : x)
        v = normal(engine, 0.0, 4.0);
    return x;
}

namespace {

template<typename T>
KernelTiming run(const ActivationInstance *activation, std::size_t n, int threads, int order, int minRepeats,
                 double minSeconds) {
    const std::vector<double> source = benchmarkInputs(n);
    const std::vector<T> x(source.begin(), source.end());
    std::vector<T> y(n);
    auto slice = [&](int part) {
        const std::size_t begin = n * static_cast<std::size_t>(part) / static_cast<std::size_t>(threads);
        const std::size_t end = n * static_cast<std::size_t>(part + 1) / static_cast<std::size_t>(threads);
        const std::span<const T> in(x.data() + begin, end - begin);
        const std::span<T> out(y.data() + begin, end - begin);
        if (activation)
            activation->evaluate(in, out, order);
        else
            std::memcpy(out.data(), in.data(), in.size_bytes());
    };
    auto once = [&] {
        const auto start = std::chrono::steady_clock::now();
        if (threads == 1) {
            slice(0);
        } else {
            std::vector<std::thread> workers;
            for (int t = 1; t < threads; ++t)
                workers.emplace_back(slice, t);
            slice(0);
            for (std::thread &w : workers)
                w.join();
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    once(); // warm caches and page in the output
    std::vector<double> seconds;
    double total = 0.0;
    while (static_cast<int>(seconds.size()) < minRepeats || total < minSeconds) {
        seconds.push_back(once());
        total += seconds.back();
        if (seconds.size() >= 100000) break;
    }
    std::sort(seconds.begin(), seconds.end());
    const std::size_t mid = seconds.size() / 2;
    KernelTiming timing;
    timing.repeats = static_cast<int>(seconds.size());
    timing.medianSeconds = seconds.size() % 2 ? seconds[mid] : 0.5 * (seconds[mid - 1] + seconds[mid]);
    timing.gelemPerSecond = static_cast<double>(n) / timing.medianSeconds / 1e9;
    return timing;
}

} // namespace

KernelTiming benchmarkKernel(const ActivationInstance *activation, ElementType type, std::size_t n,
                             int threads, int order, int minRepeats, double minSeconds) {
    if (n == 0 || threads < 1 || order < 0 || order > 2 || minRepeats < 1)
        throw std::invalid_argument("benchmark: n and threads must be positive and the order 0, 1 or 2");
    return type == ElementType::Float ? run<float>(activation, n, threads, order, minRepeats, minSeconds)
                                      : run<double>(activation, n, threads, order, minRepeats, minSeconds);
}

} // namespace gelulab
