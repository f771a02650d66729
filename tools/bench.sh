#!/bin/sh
# Runs cudashim's benchmarks (bench/run.py): cudashim vs native C++/OpenMP vs OpenCL on PoCL.
# Usage: tools/bench.sh [--quick] [--only KERNEL,...] [--build DIR] [--reps N] [--timeout S] ...
exec python3 "$(dirname "$0")/../bench/run.py" "$@"
