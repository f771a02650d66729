#!/usr/bin/env bash
# Builds samples with nvcc against cudashim's libcudart.so.13 and runs them.
#   samples/run.sh <build dir> [sample ...]     (default: every samples/*.cu)
# NVCC=/path/to/nvcc chooses the compiler; OUT=<dir> where binaries go (default <build>/samples).
# Exit status 0 only when every sample built, exited 0 and printed PASS.
set -u
build="${1:?usage: samples/run.sh <build dir> [sample ...]}"
shift
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$(cd "$build" && pwd)/lib"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
out="${OUT:-$(cd "$build" && pwd)/samples}"
[[ -f "$lib/libcudart.so.13" ]] || { echo "no libcudart.so.13 in $lib: build cudashim first"; exit 2; }
mkdir -p "$out"
if [[ $# -eq 0 ]]; then
  set -- $(cd "$src" && ls *.cu | sed 's/\.cu$//')
fi
failed=()
for s in "$@"; do
  s="${s%.cu}"
  echo "===== $s"
  if ! "$nvcc" -O2 -cudart shared -o "$out/$s" "$src/$s.cu" -L"$lib" -Xlinker -rpath="$lib" >"$out/$s.build.log" 2>&1; then
    cat "$out/$s.build.log"
    failed+=("$s(build)")
    continue
  fi
  LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" timeout 300 "$out/$s" >"$out/$s.out" 2>&1
  rc=$?
  cat "$out/$s.out"
  if [[ $rc -ne 0 ]] || ! grep -qx PASS "$out/$s.out"; then failed+=("$s"); fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "ALL PASS"
