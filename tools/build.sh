#!/bin/sh
# Configures and builds cudashim into ./build (or $CUDASHIM_BUILD_DIR). Idempotent.
set -e
cd "$(dirname "$0")/.."
BUILD="${CUDASHIM_BUILD_DIR:-build}"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
