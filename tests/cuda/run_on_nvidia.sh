#!/usr/bin/env bash
# Builds every program in tests/cuda against NVIDIA's own CUDA runtime and runs it, printing its
# output. Use it on a machine with a real NVIDIA GPU to confirm the expectations the programs hold.
#   tests/cuda/run_on_nvidia.sh <out-dir>        (NVCC=/path/to/nvcc to choose the compiler)
# Exit status 0 only when every program printed PASS and exited 0.
set -u
out="${1:?usage: run_on_nvidia.sh <out-dir>}"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
mkdir -p "$out"

shared_programs=(device_api memory_api stream_event_api errors_api launch_config symbols_api)

build() {  # name, extra nvcc flags...
  local name="$1"
  shift
  "$nvcc" -O2 "$@" -o "$out/$name" "$src/$name.cu" >"$out/$name.build.log" 2>&1
}

pids=()
for p in "${shared_programs[@]}"; do
  build "$p" -cudart shared &
  pids+=($!)
done
build ptsz_api -cudart shared --default-stream per-thread &
pids+=($!)
build static_link &  # the default way: static cudart
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done

failed=()
for p in "${shared_programs[@]}" ptsz_api static_link; do
  echo "===== $p"
  if [[ ! -x "$out/$p" ]]; then
    echo "BUILD FAILED:"
    cat "$out/$p.build.log"
    failed+=("$p(build)")
    continue
  fi
  if [[ -s "$out/$p.build.log" ]]; then
    echo "build output:"
    cat "$out/$p.build.log"
  fi
  timeout 300 "$out/$p" >"$out/$p.out" 2>&1
  rc=$?
  cat "$out/$p.out"
  echo "===== $p exit status $rc"
  if [[ $rc -ne 0 ]] || ! grep -qx PASS "$out/$p.out"; then
    failed+=("$p")
  fi
done

echo
echo "===== summary"
for p in "${shared_programs[@]}" ptsz_api static_link; do
  [[ -f "$out/$p.out" ]] || continue
  printf '%-18s %4d checks, %3d FAIL, last line: %s\n' "$p" \
    "$(grep -c '^CHECK ' "$out/$p.out")" "$(grep -c '\[FAIL\]$' "$out/$p.out")" \
    "$(tail -n 1 "$out/$p.out")"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "ALL PASS"
