#!/usr/bin/env bash
# ThreadSanitizer over everything that runs on more than one thread: builds the whole project with
# -fsanitize=thread in build-tsan/ (GELULAB_SANITIZE=thread, warnings as errors) and runs its tests through
# CTest, offscreen — the core's thread pool under the comparisons and the paper's runs (tst_comparison,
# tst_paper), every worker on its thread (tst_workers) and every view driving its workers (the GUI tests).
# A report stops the test program that raised it (halt_on_error), so the run fails. Debian's Qt is not built
# with ThreadSanitizer: ignore_noninstrumented_modules=1 leaves its own memory traffic unchecked while its
# pthread synchronisation is followed, and tests/tsan.supp says why no suppression is needed (and takes one,
# with its reason, should a report from inside Qt ever need it). tst_floatpaths (one thread, minutes under the sanitizer) is left to the other builds.
# Not part of CI (the build alone takes most of CI's time); README.md, "Reliability", has the last run.
# Usage: scripts/tsan.sh [CTEST ARGUMENTS...], e.g. scripts/tsan.sh -R workers
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QT_QPA_PLATFORM=offscreen
GELULAB_BUILD_DIR="$root/build-tsan" "$root/scripts/setup.sh" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGELULAB_SANITIZE=thread -DGELULAB_WERROR=ON
export TSAN_OPTIONS="suppressions=$root/tests/tsan.supp ignore_noninstrumented_modules=1 die_after_fork=0 halt_on_error=1 second_deadlock_stack=1 history_size=4"
cd "$root/build-tsan"
ctest --output-on-failure --parallel "$(nproc)" -E "tst_floatpaths|tst_install" "$@"
