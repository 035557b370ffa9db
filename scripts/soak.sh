#!/usr/bin/env bash
# Soak runs: long training with the resident memory of the process sampled every 10 seconds (the first sample,
# the last and the peak), to show that nothing grows with the epochs. Needs a build (scripts/run.sh or
# scripts/test.sh makes build/bin/gelu-lab-cli); minutes of CPU, so not part of CI.
#   1. The Playground's worker behind the live view (offscreen), 8 × 8 GELU on the circle, snapshots at the
#      view's rate, until it has trained EPOCHS epochs (default 1,000,000).
#   2. A Compare run: GELU and ReLU, 20 seeds each, 10,000 epochs, on the cores.
# Usage: scripts/soak.sh [EPOCHS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/build/bin/gelu-lab-cli"
epochs="${1:-1000000}"
[ -x "$cli" ] || { echo "soak: build first (scripts/run.sh)" >&2; exit 2; }
export QT_QPA_PLATFORM=offscreen

# Runs a command, samples VmRSS of its process every 10 s, prints its last output line and the samples.
soak() {
    local label="$1"
    shift
    local log
    log="$(mktemp)"
    "$@" > "$log" 2>&1 &
    local pid=$! samples=() rss
    while sleep 10 && kill -0 "$pid" 2> /dev/null; do
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)
        [ -n "$rss" ] && samples+=("$rss")
    done
    wait "$pid" || { cat "$log"; exit 1; }
    local peak=0
    for s in "${samples[@]}"; do [ "$s" -gt "$peak" ] && peak=$s; done
    echo "$label: $(tail -1 "$log")"
    if [ "${#samples[@]}" -gt 0 ]; then
        echo "$label: resident memory $(( samples[0] / 1024 )) MiB after 10 s, $(( samples[-1] / 1024 )) MiB at the" \
             "last sample, peak $(( peak / 1024 )) MiB (${#samples[@]} samples, every 10 s)"
    fi
    rm -f "$log"
}

soak "playground" "$cli" bench render --view playground --hidden 8,8 --activation gelu --until-epoch "$epochs" \
    --seconds 86400
soak "compare" "$cli" compare --compare gelu,relu --seeds 20 --epochs 10000
