#!/bin/sh
# The README's first command: installs what is missing, builds cudashim, and runs sample CUDA
# programs (built by nvcc with -cudart shared) on cudashim, printing their results.
set -e
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
BUILD="${CUDASHIM_BUILD_DIR:-build}"
if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  echo "cudashim is built in $BUILD/lib; nvcc was not found, so no sample program can be built."
  exit 0
fi
samples/run.sh "$BUILD" ${CUDASHIM_SAMPLES:-device_query vector_add reduction matmul_tiled conv2d thrust_sort_reduce}
