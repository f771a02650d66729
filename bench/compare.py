#!/usr/bin/env python3
"""Compare cudashim libraries on the same benchmark programs, interleaved. See bench/README.md.

    bench/compare.py --lib old=/tmp/lib-old --lib new=build-bench/lib --only softmax,stencil5
    bench/compare.py --lib a=DIR_A --lib b=DIR_B --only transpose_tiled --n 1024 --rounds 8

Single runs on a shared machine move by 10-30%, more than most changes; alternating the
libraries' processes and keeping each process's best run cancels most of that. Each round runs
every library once per program (the order alternating between rounds); the table shows, per
library, the median and the minimum over rounds of each process's best time, and the ratio of
medians to the first library. Every library gets its own kernel cache (built once, before the
timed rounds), so cold compiles do not count.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
PROGRAMS = ["saxpy", "copy", "reduce_shared", "reduce_shuffle", "transpose_naive", "transpose_tiled",
            "sgemm_tiled", "histogram", "stencil5", "softmax"]


def run_once(binary, lib, cache, reps, size):
    """One process of `binary` on library dir `lib`: its best time (ms), or raises."""
    env = dict(os.environ, LD_LIBRARY_PATH=lib, XDG_CACHE_HOME=cache)
    cmd = [binary, "--reps", str(reps)] + (["--n", str(size)] if size else [])
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, timeout=600)
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            if not r.get("valid", False):
                raise RuntimeError(f"{binary} on {lib}: result not valid ({r.get('check')})")
            return float(r["min"])
    raise RuntimeError(f"{binary} on {lib}: no result (exit {out.returncode})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", action="append", required=True, metavar="NAME=DIR",
                    help="a cudashim library dir (holding libcudart.so.13) to compare; twice or more")
    ap.add_argument("--only", default=",".join(PROGRAMS), help="programs, comma-separated")
    ap.add_argument("--build", default=os.path.join(REPO, "build-bench"),
                    help="build dir whose bench/cuda holds the programs (bench/run.py builds them)")
    ap.add_argument("--rounds", type=int, default=5, help="processes per library and program")
    ap.add_argument("--reps", type=int, default=7, help="timed runs per process (the best counts)")
    ap.add_argument("--n", type=int, default=0, help="problem size (the programs' --n; default: full size)")
    args = ap.parse_args()

    libs = []
    for spec in args.lib:
        name, _, path = spec.partition("=")
        if not path:
            ap.error(f"--lib {spec}: expected NAME=DIR")
        if not os.path.exists(os.path.join(path, "libcudart.so.13")):
            ap.error(f"--lib {spec}: no libcudart.so.13 in {path}")
        libs.append((name, os.path.abspath(path)))
    if len(libs) < 2:
        ap.error("give two libraries or more")

    with tempfile.TemporaryDirectory(prefix="cudashim-compare-") as tmp:
        caches = {name: os.path.join(tmp, name) for name, _ in libs}
        rows = []
        for prog in args.only.split(","):
            binary = os.path.join(args.build, "bench", "cuda", prog)
            if not os.path.exists(binary):
                sys.exit(f"{binary} not found: build the benchmarks first (bench/run.py --only {prog})")
            for name, lib in libs:  # warm each cache: compiles are not part of the comparison
                run_once(binary, lib, caches[name], 1, args.n)
            best = {name: [] for name, _ in libs}
            for rnd in range(args.rounds):
                order = libs if rnd % 2 == 0 else list(reversed(libs))
                for name, lib in order:
                    best[name].append(run_once(binary, lib, caches[name], args.reps, args.n))
            base = statistics.median(best[libs[0][0]])
            for name, _ in libs:
                med = statistics.median(best[name])
                rows.append((prog, name, med, min(best[name]), med / base))
            print(f"{prog}: " + "  ".join(f"{n} {statistics.median(best[n]):.4g} ms" for n, _ in libs),
                  file=sys.stderr, flush=True)

    size = f" (--n {args.n})" if args.n else " (full sizes)"
    print(f"\nmedian and best over {args.rounds} processes of each one's best of {args.reps}{size}")
    print(f"{'program':<16} {'library':<12} {'median ms':>10} {'best ms':>10} {'vs ' + libs[0][0]:>10}")
    for prog, name, med, low, ratio in rows:
        print(f"{prog:<16} {name:<12} {med:>10.4g} {low:>10.4g} {ratio:>9.2f}x")


if __name__ == "__main__":
    main()
