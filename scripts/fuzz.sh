#!/usr/bin/env bash
# Fuzzes the loaders and the command line's parser: installs clang and libFuzzer (Debian's clang and
# libclang-rt-14-dev) with what the build needs, builds the core, io/ and tests/fuzz with clang, coverage,
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, then runs every target for RUNS inputs
# (default 100000) from its seed corpus with its dictionary:
#   session  session files (File → Open)          tests/fuzz/sessions, resources/lessons, session.dict
#   csv      the Playground's CSV data (--data)    tests/fuzz/csv, csv.dict
#   digits   the digits file (the Paper view)      tests/fuzz/digits
#   idx      IDX files, plain or gzip (Fashion-MNIST) tests/fuzz/idx, idx.dict
#   formula  custom formulas                       tests/fuzz/formula, formula.dict
#   run      kept runs (~/.cache/gelu-lab/runs)     tests/fuzz/run
#   cli      gelu-lab-cli's option parser          tests/fuzz/cli, cli.dict
# `scripts/fuzz.sh RUNS [TARGET...]` runs only the targets named. New inputs collect in build-fuzz/corpus/TARGET;
# a crash leaves its input in build-fuzz/ and the exit status is not 0. Each target ends with a line saying
# how many inputs got past its first parse.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-100000}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(session csv digits idx formula run cli)

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

seeds() {
    case "$1" in
    session) echo "$root/resources/lessons $root/tests/fuzz/sessions" ;;
    *) echo "$root/tests/fuzz/$1" ;;
    esac
}
options() {
    case "$1" in
    session) echo "-dict=$root/tests/fuzz/session.dict -max_len=65536" ;;
    csv) echo "-dict=$root/tests/fuzz/csv.dict -max_len=16384" ;;
    digits) echo "-max_len=65536" ;;
    idx) echo "-dict=$root/tests/fuzz/idx.dict -max_len=65536" ;;
    formula) echo "-dict=$root/tests/fuzz/formula.dict -max_len=256" ;;
    run) echo "-max_len=16384" ;;
    cli) echo "-dict=$root/tests/fuzz/cli.dict -max_len=1024" ;;
    esac
}

cd "$root/build-fuzz"
for target in "${targets[@]}"; do
    corpus="$root/build-fuzz/corpus/$target"
    mkdir -p "$corpus"
    start=$(date +%s)
    # shellcheck disable=SC2046
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$root/build-fuzz/fuzz/fuzz_$target" \
        -runs="$runs" $(options "$target") -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "$corpus" $(seeds "$target") 2> "$root/build-fuzz/fuzz_$target.log" ||
        { tail -40 "$root/build-fuzz/fuzz_$target.log"; exit 1; }
    grep -h " fuzz: " "$root/build-fuzz/fuzz_$target.log" | tail -1
    echo "fuzz_$target: $runs inputs in $(( $(date +%s) - start )) s"
done
