#!/usr/bin/env bash
# Shared by run.sh and test.sh: installs what the build needs from Debian's packages (sudo only when not
# root), configures a Release build in build/ and builds it on all cores. Extra arguments go to CMake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(cmake ninja-build g++ pkg-config libbenchmark-dev dpkg-dev file help2man desktop-file-utils appstream
          qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev libmuparser-dev libhwy-dev libgl-dev
          fonts-dejavu-core shared-mime-info zlib1g-dev dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

build_dir="${GELULAB_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
