#!/usr/bin/env bash
# Builds every kernel corpus program (tests/kernels) and every sample (samples/) against NVIDIA's
# own CUDA runtime (nvcc -cudart shared, no cudashim) and runs them: the reference for the
# expectations. Use it on a machine with an NVIDIA GPU.
#   tests/kernels/run_on_nvidia.sh <out-dir>      (NVCC=/path/to/nvcc chooses the compiler)
# MODE=build only builds (on a machine with nvcc but no GPU); MODE=run only runs what <out-dir>
# already holds (on the GPU machine, which then needs no compiler).
# Full outputs go to <out-dir>/<program>.out; the summary lists each program's result and its
# FAIL lines. Exit status 0 only when everything printed PASS and exited 0.
set -u
out="${1:?usage: run_on_nvidia.sh <out-dir>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
samples="$(cd "$here/../../samples" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
mkdir -p "$out"

flags_of() { sed -n 's|^// nvcc-flags: *||p' "$1" | head -n 1; }

names=()
declare -A srcs extra
for f in "$here"/*.cu; do
  n="$(basename "$f" .cu)"
  names+=("$n"); srcs[$n]="$f"; extra[$n]="$(flags_of "$f")"
done
names+=(bf16_sm90); srcs[bf16_sm90]="$here/bf16.cu"; extra[bf16_sm90]="-arch=sm_90"
names+=(rdc); srcs[rdc]="$here/rdc/a.cu $here/rdc/b.cu"; extra[rdc]="$(flags_of "$here/rdc/a.cu")"
for f in "$samples"/*.cu; do
  n="sample_$(basename "$f" .cu)"
  names+=("$n"); srcs[$n]="$f"; extra[$n]=""
done

mode="${MODE:-all}"
if [[ $mode != run ]]; then
echo "building ${#names[@]} programs with $nvcc"
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  "$nvcc" -O2 -cudart shared ${extra[$n]} -o "$out/$n" ${srcs[$n]} >"$out/$n.build.log" 2>&1 &
  while [[ $(jobs -rp | wc -l) -ge ${JOBS:-12} ]]; do sleep 0.2; done
done
wait
fi
[[ $mode == build ]] && { ls "$out" | grep -vc '\.' | xargs echo "programs built:"; exit 0; }

failed=()
for n in "${names[@]}"; do
  if [[ ! -x "$out/$n" ]]; then
    echo "===== $n BUILD FAILED"; head -c 3000 "$out/$n.build.log"; failed+=("$n(build)"); continue
  fi
  start=$(date +%s%N)
  timeout 120 "$out/$n" >"$out/$n.out" 2>&1
  rc=$?
  t=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '%-26s rc=%-3d %6dms %5d checks %4d FAIL  %s\n' "$n" "$rc" "$t" "$(grep -c '^CHECK ' "$out/$n.out")" \
    "$(grep -c '\[FAIL\]$' "$out/$n.out")" "$(tail -n 1 "$out/$n.out" | cut -c1-60)"
  if [[ $rc -ne 0 ]] || ! grep -qx PASS "$out/$n.out"; then
    failed+=("$n")
    grep '\[FAIL\]$' "$out/$n.out" | head -n 12 | cut -c1-600
    grep -v '^CHECK ' "$out/$n.out" | grep -v '^PASS$' | head -n 5 | cut -c1-300
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then echo "FAILED: ${failed[*]}"; exit 1; fi
echo "ALL PASS"
