#include "simd_target.h"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace gelulab::simd {
namespace {

struct TargetName {
    const char *id;
    std::int64_t bits;
};

// Best first. "scalar" is Highway's portable fallback (its emulated 128-bit vectors, or plain scalar code).
constexpr TargetName kTargets[] = {
    {"avx512", HWY_AVX3 | HWY_AVX3_DL},
    {"avx2", HWY_AVX2},
    {"sse4", HWY_SSE4},
    {"sve2", HWY_SVE2},
    {"sve", HWY_SVE},
    {"neon", HWY_NEON},
    {"scalar", HWY_EMU128 | HWY_SCALAR},
};

std::vector<std::string> namesOf(std::int64_t targets) {
    std::vector<std::string> names;
    for (const TargetName &target : kTargets)
        if ((target.bits & targets & HWY_TARGETS) != 0) names.emplace_back(target.id);
    return names;
}

std::string joined(const std::vector<std::string> &names) {
    std::string text;
    for (const std::string &name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

// The processor's targets, without any forcing.
std::int64_t processorTargets() {
    static const std::int64_t targets = [] {
        hwy::SetSupportedTargetsForTest(0);
        return hwy::SupportedTargets();
    }();
    return targets;
}

enum State { kUndecided, kDecided, kEnvironmentError };
std::mutex g_mutex;
std::atomic<int> g_state{kUndecided};
std::string g_environmentError; // guarded by g_mutex

std::string force(std::string_view id) {
    const std::int64_t processor = processorTargets();
    if (id.empty()) {
        hwy::SetSupportedTargetsForTest(0);
        return {};
    }
    for (const TargetName &target : kTargets) {
        if (id != target.id) continue;
        const std::int64_t usable = target.bits & processor & HWY_TARGETS;
        if (usable == 0)
            return "this processor cannot run the SIMD target " + std::string(id) + "; it can run " +
                   joined(namesOf(processor));
        hwy::SetSupportedTargetsForTest(usable & -usable);
        return {};
    }
    return "unknown SIMD target " + std::string(id) + "; this build has " + joined(compiledTargets()) +
           " (empty: the best this processor can run)";
}

std::string environmentValue() {
    const char *value = std::getenv(kEnvironmentVariable);
    return value != nullptr ? value : "";
}

} // namespace

std::vector<std::string> compiledTargets() {
    return namesOf(HWY_TARGETS);
}

std::vector<std::string> availableTargets() {
    return namesOf(processorTargets());
}

std::string activeTarget() {
    applyEnvironmentOnce();
    const std::int64_t target = kernels::dispatchedTarget();
    const std::vector<std::string> names = namesOf(target);
    return names.empty() ? hwy::TargetName(target) : names.front();
}

std::string description() {
    return "SIMD target: " + activeTarget() + " (this processor runs " + joined(availableTargets()) + "; " +
           kEnvironmentVariable + " chooses)";
}

std::string forceTarget(std::string_view id) {
    const std::lock_guard lock(g_mutex);
    std::string error = force(id);
    if (error.empty()) {
        g_environmentError.clear();
        g_state = kDecided;
    }
    return error;
}

std::string applyEnvironment() {
    const std::lock_guard lock(g_mutex);
    const std::string value = environmentValue();
    std::string error = force(value);
    if (!error.empty()) {
        error = std::string(kEnvironmentVariable) + "=" + value + ": " + error;
        force({});
    }
    g_environmentError = error;
    g_state = error.empty() ? kDecided : kEnvironmentError;
    return error;
}

void applyEnvironmentOnce() {
    if (g_state.load(std::memory_order_acquire) == kUndecided) applyEnvironment();
    if (g_state.load(std::memory_order_acquire) == kEnvironmentError) {
        const std::lock_guard lock(g_mutex);
        throw std::runtime_error(g_environmentError);
    }
}

} // namespace gelulab::simd
