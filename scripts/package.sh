#!/usr/bin/env bash
# Builds the Debian package gelu-lab_VERSION_ARCH.deb in build-package/: the set-up (packages included), a
# Release build for any x86-64 processor (no -march=native), then CPack. Install it with
#   sudo apt-get install ./build-package/gelu-lab_*.deb
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GELULAB_BUILD_DIR="$root/build-package" "$root/scripts/setup.sh" -DGELULAB_NATIVE=OFF -DBUILD_TESTING=OFF
cd "$root/build-package"
cpack -G DEB
ls -1 "$root"/build-package/gelu-lab_*.deb
