#!/usr/bin/env bash
# Installs what is missing, builds GELU Lab (Release, build/) and starts it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display found: run under a desktop session, or try xvfb-run, or QT_QPA_PLATFORM=offscreen." >&2
fi
exec "$root/build/bin/gelu-lab" "$@"
