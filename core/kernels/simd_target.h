#pragma once
// Which SIMD target the vector kernels (vector_kernels.h) run on. A build carries every target of its
// processor family (x86-64: avx512, avx2, sse4 and scalar; ARM: sve2, sve, neon and scalar) and picks, at run
// time, the best one the processor has, unless GELULAB_SIMD in the environment names another: every
// executable and test honours it (docs/ARCHITECTURE.md, "Kernels").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab::simd {

// The name of the environment variable that forces a target.
inline constexpr const char *kEnvironmentVariable = "GELULAB_SIMD";

// The targets this build carries, best first, by id.
std::vector<std::string> compiledTargets();
// Those this processor can run, best first: the last is always "scalar".
std::vector<std::string> availableTargets();
// The target the kernels run on now.
std::string activeTarget();

// One line for --version and Help → About: "SIMD target: avx2 (this processor runs avx512, avx2, sse4,
// scalar; GELULAB_SIMD chooses)".
std::string description();

// Runs the kernels on the target with this id from now on, or on the best one for an empty id. Returns an
// empty string, or why not (an unknown id, or one this processor cannot run), and then changes nothing.
std::string forceTarget(std::string_view id);

// Applies GELULAB_SIMD (unset or empty: the best target). Returns an empty string or the error, which names
// the variable, its value and the targets that would work. Executables call it first and stop on an error.
std::string applyEnvironment();

// For the kernels' entry points: applies GELULAB_SIMD once, unless applyEnvironment() or forceTarget()
// already decided; throws std::runtime_error with applyEnvironment()'s message while the variable names a bad
// target.
void applyEnvironmentOnce();

} // namespace gelulab::simd

namespace gelulab::kernels {
// Highway's bit of the target the kernels dispatch to now (vector_kernels.cpp).
std::int64_t dispatchedTarget();
} // namespace gelulab::kernels
