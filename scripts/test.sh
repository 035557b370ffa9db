#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors and runs every test through CTest (offscreen).
# First the core tests under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), then a short run of the
# fuzz targets (clang, libFuzzer, build-fuzz/: 20,000 inputs each; scripts/fuzz.sh runs them longer), then the whole suite of the
# Release build (build/), whose CTest summary is the last line. Exit status 0 only when all pass.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QT_QPA_PLATFORM=offscreen
jobs="$(nproc)"

GELULAB_BUILD_DIR="$root/build-asan" "$root/scripts/setup.sh" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGELULAB_SANITIZE=ON -DGELULAB_BUILD_GUI=OFF -DGELULAB_WERROR=ON
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure --parallel "$jobs")

"$root/scripts/fuzz.sh" 20000 csv digits idx formula run cli
"$root/scripts/fuzz.sh" 2000 session

"$root/scripts/setup.sh" -DGELULAB_WERROR=ON
cd "$root/build"
ctest --output-on-failure --parallel "$jobs"
