#!/usr/bin/env bash
# Fuzzes the session loader: installs clang and libFuzzer (Debian's clang and libclang-rt-14-dev) with what the
# build needs, builds the core, io/ and tests/fuzz with clang, coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz/, then runs fuzz_session for RUNS inputs (default 100000) from the seed
# corpus (every lesson, tests/fuzz/sessions) with the format's dictionary. New inputs collect in
# build-fuzz/corpus/session; a crash leaves its input in build-fuzz/ and the exit status is not 0.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-100000}"

missing=()
for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
GELULAB_BUILD_DIR="$root/build-fuzz" "$root/scripts/setup.sh" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DGELULAB_FUZZ=ON -DGELULAB_BUILD_GUI=OFF -DBUILD_TESTING=OFF

corpus="$root/build-fuzz/corpus/session"
mkdir -p "$corpus"
cd "$root/build-fuzz"
start=$(date +%s)
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$root/build-fuzz/fuzz/fuzz_session" \
    -runs="$runs" -dict="$root/tests/fuzz/session.dict" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" "$root/resources/lessons" "$root/tests/fuzz/sessions"
echo "fuzz_session: $runs inputs in $(( $(date +%s) - start )) s"
