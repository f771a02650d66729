#!/bin/sh
# Installs the Debian packages cudashim builds and tests with (run as root, or it uses sudo).
# The CUDA toolkit (nvcc) is optional for building cudashim and needed to build CUDA programs.
set -e
PACKAGES="cmake make g++ pkg-config python3 binutils libabsl-dev libspdlog-dev libfmt-dev \
libgtest-dev libzstd-dev liblz4-dev"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "cudashim: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
