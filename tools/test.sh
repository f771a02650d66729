#!/bin/sh
# The README's second command: builds (if needed) and runs the whole test suite with ctest.
set -e
cd "$(dirname "$0")/.."
tools/build.sh
BUILD="${CUDASHIM_BUILD_DIR:-build}"
cd "$BUILD"
ctest -j "$(nproc)" --output-on-failure --timeout 1800 "$@"
