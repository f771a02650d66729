#!/usr/bin/env python3
"""cudashim benchmarks: build, run each kernel in its own process for cudashim, native C++/OpenMP
and OpenCL on PoCL, print one table and write it as JSON. See bench/README.md.

    bench/run.py                  # full sizes (the figures in bench/RESULTS.md)
    bench/run.py --quick          # small sizes; a self-check: exit 1 unless every result is valid
    bench/run.py --only saxpy,sgemm_tiled --reps 7 --timeout 600
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
COMMON = os.path.join(BENCH_DIR, "common")

# Program name -> the figures (table rows) it prints, in table order.
BENCHES = [
    ("saxpy", ["saxpy"]),
    ("copy", ["copy"]),
    ("reduce_shared", ["reduce_shared"]),
    ("reduce_shuffle", ["reduce_shuffle"]),
    ("transpose_naive", ["transpose_naive"]),
    ("transpose_tiled", ["transpose_tiled"]),
    ("sgemm_tiled", ["sgemm_tiled"]),
    ("histogram", ["histogram"]),
    ("stencil5", ["stencil5"]),
    ("softmax", ["softmax"]),
    ("launch", ["launch_latency", "launch_grid", "launch_rate"]),
]
IMPLS = ["cudashim", "native", "pocl"]
# Size labels for rows where no implementation printed one (e.g. all timed out); the sizes
# themselves live in common/bench.h: (full, --quick).
SIZE_LABELS = {"saxpy": ("16M floats", "64K floats"), "copy": ("16M floats", "64K floats"),
               "reduce_shared": ("64M floats", "64K floats"), "reduce_shuffle": ("64M floats", "64K floats"),
               "transpose_naive": ("4096^2", "256^2"), "transpose_tiled": ("4096^2", "256^2"),
               "sgemm_tiled": ("1024^3", "64^3"), "histogram": ("64M bytes", "256K bytes"),
               "stencil5": ("4096^2", "256^2"), "softmax": ("4096x1024", "64x1024")}
# The targets of the CPU-compiler issue (cudashim / native), shown beside the ratios.
TARGETS = {"saxpy": 1.25, "copy": 1.25, "stencil5": 1.25, "transpose_tiled": 1.25,
           "reduce_shared": 2, "reduce_shuffle": 2, "softmax": 2, "sgemm_tiled": 3, "histogram": 3}

NATIVE_FLAGS = ["-O3", "-march=native", "-mprefer-vector-width=512", "-fopenmp", "-std=c++20"]
NVCC_FLAGS = ["-O3", "-std=c++17", "-cudart", "shared"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# building

def run_cmd(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    return r.returncode, r.stdout


def stale(out, inputs):
    if not os.path.exists(out):
        return True
    t = os.path.getmtime(out)
    return any(os.path.getmtime(i) > t for i in inputs)


def common_headers():
    return [os.path.join(COMMON, f) for f in os.listdir(COMMON)]


def build_cudashim(build, jobs):
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        log(f"configuring cudashim in {build} (Release)")
        rc, out = run_cmd(["cmake", "-S", REPO, "-B", build, "-DCMAKE_BUILD_TYPE=Release"])
        if rc:
            sys.exit(f"cmake failed:\n{out}")
    log("building cudashim (make cudart cudart_static_script)")
    rc, out = run_cmd(["make", "-C", build, f"-j{jobs}", "cudart", "cudart_static_script"])
    if rc:
        sys.exit(f"building cudashim failed:\n{out[-4000:]}\nbench: building cudashim failed (above); "
                 f"--no-build-lib runs against the library already in {build}/lib, --lib DIR another one")


def find_nvcc():
    return shutil.which("nvcc") or ("/usr/local/cuda/bin/nvcc"
                                    if os.path.exists("/usr/local/cuda/bin/nvcc") else None)


def build_bench(outdir, programs, impls, jobs):
    """Builds the programs; returns {impl: reason} for implementations that cannot run."""
    unavailable = {}
    tasks = []  # (label, out, inputs, cmd)
    nvcc = find_nvcc()
    if "cudashim" in impls:
        if not nvcc:
            unavailable["cudashim"] = "nvcc not found"
        else:
            os.makedirs(os.path.join(outdir, "cuda"), exist_ok=True)
            for p in programs:
                src = os.path.join(BENCH_DIR, "cuda", p + ".cu")
                out = os.path.join(outdir, "cuda", p)
                tasks.append((f"cuda/{p}", out, [src] + common_headers(),
                              [nvcc] + NVCC_FLAGS + ["-I" + COMMON, "-o", out, src]))
    if "native" in impls:
        os.makedirs(os.path.join(outdir, "native"), exist_ok=True)
        for p in programs:
            src = os.path.join(BENCH_DIR, "native", p + ".cc")
            out = os.path.join(outdir, "native", p)
            hdrs = [os.path.join(BENCH_DIR, "native", f)
                    for f in os.listdir(os.path.join(BENCH_DIR, "native")) if f.endswith(".h")]
            tasks.append((f"native/{p}", out, [src] + hdrs + common_headers(),
                          ["g++"] + NATIVE_FLAGS + ["-I" + COMMON, "-o", out, src, "-lmvec"]))
    if "pocl" in impls:
        if not os.path.exists("/usr/include/CL/cl.h"):
            unavailable["pocl"] = "no OpenCL headers (apt-get install ocl-icd-opencl-dev pocl-opencl-icd)"
        else:
            os.makedirs(os.path.join(outdir, "opencl"), exist_ok=True)
            src = os.path.join(BENCH_DIR, "opencl", "ocl_bench.cc")
            out = os.path.join(outdir, "opencl", "ocl_bench")
            cl_dir = os.path.join(BENCH_DIR, "opencl")
            tasks.append(("opencl/ocl_bench", out, [src] + common_headers(),
                          ["g++", "-O2", "-std=c++20", "-I" + COMMON,
                           f'-DBENCH_CL_DIR="{cl_dir}"', "-o", out, src, "-lOpenCL"]))
    todo = [t for t in tasks if stale(t[1], t[2])]
    if todo:
        log(f"building {len(todo)} benchmark programs in {outdir}")
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(run_cmd, t[3]): t for t in todo}
        for f in concurrent.futures.as_completed(futs):
            label, out, _, cmd = futs[f]
            rc, text = f.result()
            if rc:
                failed.append(label)
                log(f"BUILD FAILED {label}: {' '.join(cmd)}\n{text}")
                if os.path.exists(out):
                    os.remove(out)
    return unavailable, failed


# ---------------------------------------------------------------------------------------------
# running

def busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy (incl. steal), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def children_cpu_seconds():
    t = os.times()
    return t.children_user + t.children_system


NCPU = os.cpu_count() or 1
NOISY_PCT = 10  # others' CPU share above which a row's timings are called distorted


def run_program(cmd, env, timeout):
    """Runs one benchmark process; returns (status, records, stderr tail, wall seconds).
    Each record gets `others_cpu_pct`: the share of the machine's CPU time that other processes
    used while it ran (neighbours' load distorts timings, so it is reported, not hidden)."""
    b0, c0 = busy_cpu_seconds(), children_cpu_seconds()
    recs, status, tail, wall = _run_program(cmd, env, timeout)
    b1, c1 = busy_cpu_seconds(), children_cpu_seconds()
    if b0 is not None and b1 is not None and wall > 0:
        others = max(0.0, (b1 - b0) - (c1 - c0)) / (wall * NCPU) * 100
        for r in recs:
            r["others_cpu_pct"] = round(min(others, 100.0), 1)
    return status, recs, tail, wall


def _run_program(cmd, env, timeout):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return parse_records(out), "timeout", err[-2000:], time.monotonic() - t0
    wall = time.monotonic() - t0
    recs = parse_records(out)
    if p.returncode != 0 and not recs:
        return recs, f"error (exit {p.returncode})", (err or out)[-2000:], wall
    return recs, "ok", err[-2000:], wall


def parse_records(out):
    recs = []
    for line in (out or "").splitlines():
        if line.startswith('{"bench"'):
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return recs


def command_for(impl, prog, outdir, extra):
    if impl == "cudashim":
        return [os.path.join(outdir, "cuda", prog)] + extra
    if impl == "native":
        return [os.path.join(outdir, "native", prog)] + extra
    return [os.path.join(outdir, "opencl", "ocl_bench"), prog] + extra


def env_for(impl, lib, caches, devices):
    env = dict(os.environ)
    if impl == "cudashim":
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        env["XDG_CACHE_HOME"] = caches["cudashim"]
        if devices:
            env["CUDASHIM_DEVICES"] = devices
    elif impl == "pocl":
        env["POCL_CACHE_DIR"] = caches["pocl"]
    return env


def compact(rec):
    """A record for the JSON file: the launch benchmark's per-launch times (20000 of them) are
    summarised by the record's median/min/max, not kept one by one."""
    times = rec.get("times")
    if isinstance(times, list) and len(times) > 100:
        rec = dict(rec, times=None, times_count=len(times))
    return rec


def rounds_text(a):
    return (f", median over {a.rounds} processes per implementation run in alternation"
            if a.rounds > 1 else "")


def combine_rounds(runs):
    """One (status, records) from an implementation's rounds: a failed round decides the status;
    otherwise each figure's value is the median over the rounds of each process's median, with
    the per-round values kept in the record ("round_values")."""
    for status, recs in runs:
        if status != "ok" or any(not r.get("valid") for r in recs):
            return status, recs
    status, first = runs[0]
    if len(runs) == 1:
        return status, first
    out = []
    for rec in first:
        vals = [r["value"] for _, recs in runs for r in recs
                if r["bench"] == rec["bench"] and r.get("value") is not None]
        merged = dict(rec)
        if vals:
            merged["value"] = statistics.median(vals)
            merged["round_values"] = vals
        merged["others_cpu_pct"] = max((r.get("others_cpu_pct") or 0 for _, recs in runs for r in recs
                                        if r["bench"] == rec["bench"]), default=0)
        out.append(merged)
    return status, out


def cell_status(rec, proc_status):
    if rec is None:
        return proc_status if proc_status != "ok" else "missing"
    if rec.get("skipped"):
        return "n/a"
    if rec.get("error"):
        return "error"
    if not rec.get("valid", False):
        return "INVALID"
    return "ok"


def load_ms(rec):
    """Module load / compile estimate: the first run minus a warm run, in ms."""
    if rec is None or rec.get("first_ms") is None or rec.get("median") is None:
        return None
    warm = rec["median"] / 1000.0 if rec.get("unit") == "us" else rec["median"]
    if rec.get("unit") not in ("ms", "us"):
        return None
    return max(0.0, rec["first_ms"] - warm)


# ---------------------------------------------------------------------------------------------
# reporting

def machine_description(lib):
    d = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
         "host": platform.node(), "kernel": platform.release()}
    try:
        lscpu = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout
        for line in lscpu.splitlines():
            k, _, v = line.partition(":")
            if k.strip() in ("Model name", "CPU(s)", "Thread(s) per core", "L1d cache", "L2 cache",
                             "L3 cache", "Hypervisor vendor"):
                d[k.strip()] = v.strip()
        flags = [f for f in ("avx2", "avx512f") if f in lscpu]
        d["simd"] = " ".join(flags)
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            d["memory"] = f"{kb / 1048576:.1f} GiB"
    except OSError:
        pass
    for name, cmd in (("g++", ["g++", "--version"]), ("nvcc", [find_nvcc() or "nvcc", "--version"])):
        try:
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
            lines = [l for l in out.splitlines() if l.strip()]
            d[name] = lines[0] if name == "g++" else lines[-1]
        except (OSError, IndexError):
            pass
    try:
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
        d["cudashim commit"] = rev + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        pass
    d["cudashim library"] = lib
    d["OMP_NUM_THREADS"] = os.environ.get("OMP_NUM_THREADS", "(unset: one per core)")
    d["CUDASHIM_DEVICES"] = os.environ.get("CUDASHIM_DEVICES", "(unset: cpu)")
    return d


def fmt_value(v, unit):
    if v is None:
        return "-"
    if unit == "launches/s":
        return f"{v:,.0f}"
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.1f}"
    if v >= 10:
        return f"{v:.2f}"
    return f"{v:.3f}"


def ratio(cs, other, lower_is_better):
    if cs is None or other is None or cs <= 0 or other <= 0:
        return None
    return cs / other if lower_is_better else other / cs


def render_table(rows):
    head = ["kernel", "size", "unit", "cudashim", "native", "PoCL", "cs/native", "cs/PoCL", "target",
            "others"]
    lines = []
    for r in rows:
        cells = [r["kernel"], r["size"], r["unit"]]
        for impl in IMPLS:
            c = r[impl]
            cells.append(fmt_value(c["value"], r["unit"]) if c["status"] == "ok" else c["status"])
        for key in ("ratio_native", "ratio_pocl"):
            cells.append("-" if r[key] is None else f"{r[key]:.2f}x")
        t = TARGETS.get(r["kernel"])
        cells.append(f"<= {t:g}x" if t else ("<= 10 us" if r["kernel"] == "launch_latency" else ""))
        o = r.get("others_cpu_pct")
        cells.append("" if o is None else f"{o:.0f}%")
        lines.append(cells)
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(head)]
    out = []
    fmt_row = lambda cells: "| " + " | ".join(
        c.ljust(widths[i]) if i < 3 else c.rjust(widths[i]) for i, c in enumerate(cells)) + " |"
    out.append(fmt_row(head))
    out.append("|" + "|".join("-" * (w + 2) if i < 3 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|")
    out.extend(fmt_row(l) for l in lines)
    return "\n".join(out)


def write_results_md(path, machine, table, devs, a, reps, unavailable, problems, note):
    argv, skip = [], False
    for x in sys.argv[1:]:  # the note is printed below, not inside the command
        if skip:
            argv.append("TEXT")
            skip = False
        elif x == "--note":
            argv.append(x)
            skip = True
        elif x.startswith("--note="):
            argv.append("--note=TEXT")
        else:
            argv.append(x)
    cmd = "bench/run.py " + " ".join(argv)
    lines = ["# Benchmark results", "",
             f"Recorded {machine['date']} with `{cmd.strip()}` "
             f"({'--quick sizes' if a.quick else 'full sizes'}; medians of {reps} runs after a warm-up run{rounds_text(a)}; "
             f"per-process timeout {a.timeout:g} s). How to read it: [README.md](README.md).", ""]
    if note:
        lines += [note, ""]
    lines += ["## Machine", "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines += [f"| {impl} device | {dev} |" for impl, dev in devs.items()]
    lines += ["", "## Results", "", table, ""]
    if unavailable:
        lines += [f"- {impl} not run: {why}" for impl, why in unavailable.items()]
    if problems:
        lines += [f"- problem: {p}" for p in problems]
    with open(path, "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="small sizes; self-check: exit 1 unless every run is valid (timeouts included)")
    ap.add_argument("--only", action="append", default=[],
                    help="program(s) to run, comma-separated: " + ",".join(p for p, _ in BENCHES))
    ap.add_argument("--impl", default=",".join(IMPLS), help="implementations (default: all three)")
    ap.add_argument("--build", default=os.path.join(REPO, "build-bench"),
                    help="build dir: cudashim's libraries in <build>/lib, benchmarks in <build>/bench")
    ap.add_argument("--lib", help="use this cudashim library dir instead of building <build>/lib")
    ap.add_argument("--no-build-lib", action="store_true", help="do not (re)build cudashim itself")
    ap.add_argument("--reps", type=int, help="timed repetitions per process (default 5, --quick 3)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per process (default 300)")
    ap.add_argument("--devices", help="CUDASHIM_DEVICES for the cudashim runs (default: inherited)")
    ap.add_argument("--retry-noisy", type=int, default=0, metavar="N",
                    help="rerun a process up to N times while other processes used >= 10%% of the "
                         "CPUs during it; the quietest run is kept")
    ap.add_argument("--rounds", type=int, default=1, metavar="N",
                    help="run each program N times, alternating the implementations, and report the "
                         "median over the rounds (default 1)")
    ap.add_argument("--no-load", action="store_true", help="skip the cold/warm module-load rows")
    ap.add_argument("--json", help="where the results go (default bench/results.json; "
                                   "--quick: <build>/bench/results-quick.json)")
    ap.add_argument("--record", action="store_true",
                    help="also write the table and machine description to bench/RESULTS.md")
    ap.add_argument("--note", default="", help="a paragraph for RESULTS.md (with --record)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="build parallelism")
    a = ap.parse_args()
    if a.rounds < 1:
        ap.error("--rounds must be at least 1")

    known = [p for p, _ in BENCHES]
    only = [x for o in a.only for x in o.split(",") if x]
    for o in only:
        if o not in known:
            ap.error(f"unknown benchmark {o}; known: {', '.join(known)}")
    programs = [p for p in known if not only or p in only]
    impls = [i for i in a.impl.split(",") if i]
    for i in impls:
        if i not in IMPLS:
            ap.error(f"unknown implementation {i}; known: {', '.join(IMPLS)}")
    reps = a.reps or (3 if a.quick else 5)
    build = os.path.abspath(a.build)
    outdir = os.path.join(build, "bench")
    lib = os.path.abspath(a.lib) if a.lib else os.path.join(build, "lib")
    json_path = a.json or (os.path.join(outdir, "results-quick.json") if a.quick
                           else os.path.join(BENCH_DIR, "results.json"))

    if "cudashim" in impls and not a.lib and not a.no_build_lib:
        build_cudashim(build, a.jobs)
    os.makedirs(outdir, exist_ok=True)
    unavailable, build_failed = build_bench(outdir, programs, impls, a.jobs)
    if "cudashim" in impls and "cudashim" not in unavailable and \
            not os.path.exists(os.path.join(lib, "libcudart.so.13")):
        unavailable["cudashim"] = f"no libcudart.so.13 in {lib}"
    for impl, why in unavailable.items():
        log(f"note: {impl} skipped: {why}")

    caches = {"cudashim": os.path.join(outdir, "cache", "xdg"), "pocl": os.path.join(outdir, "cache", "pocl")}
    for c in caches.values():
        os.makedirs(c, exist_ok=True)
    size_args = (["--quick"] if a.quick else []) + ["--reps", str(reps)]

    rows, raw, problems = [], [], []
    for prog, figures in BENCHES:
        if prog not in programs:
            continue
        results = {}  # impl -> (status, records)
        runs = {}  # impl -> [(status, records)], one per round
        for rnd in range(a.rounds):
            # Rounds alternate the implementations (cudashim, native, PoCL, cudashim, ...), so a
            # slow or busy period of the shared machine falls on all of them alike.
            for impl in IMPLS:
                if impl not in impls or impl in unavailable:
                    results[impl] = ("n/a", [])
                    continue
                cmd = command_for(impl, prog, outdir, size_args)
                if not os.path.exists(cmd[0]):
                    results[impl] = ("build failed", [])
                    if rnd == 0:
                        problems.append(f"{prog}/{impl}: build failed")
                    continue
                if runs.get(impl) and runs[impl][-1][0] != "ok":
                    continue  # a failed or timed-out program is not run again
                best = None
                for attempt in range(1 + max(0, a.retry_noisy)):
                    log(f"running {prog} [{impl}] ..." + (f" round {rnd + 1}/{a.rounds}" if a.rounds > 1 else "")
                        + (f" (again: others used {noise:.0f}% of the CPUs)" if attempt else ""))
                    got = run_program(cmd, env_for(impl, lib, caches, a.devices), a.timeout)
                    noise = max((r.get("others_cpu_pct", 0) for r in got[1]), default=0)
                    if best is None or (got[0] == "ok" and noise < best[4]):
                        best = got + (noise,)
                    if got[0] != "ok" or noise < NOISY_PCT:
                        break
                status, recs, err, wall, _ = best
                for r in recs:
                    r["process_wall_s"] = round(wall, 3)
                    r["round"] = rnd + 1
                    raw.append(r)
                if impl == "pocl" and any(r.get("skipped") for r in recs):
                    unavailable["pocl"] = recs[0].get("error", "no OpenCL platform")
                    log(f"note: PoCL skipped: {unavailable['pocl']}")
                if status != "ok" or any(not r.get("valid") for r in recs):
                    msg = err.strip().splitlines()[-1] if err.strip() else ""
                    for r in recs:
                        if r.get("error") or not r.get("valid"):
                            msg = r.get("error") or r.get("check", "")
                    log(f"  {prog} [{impl}]: {status} {msg}")
                runs.setdefault(impl, []).append((status, recs))
        for impl, got in runs.items():
            results[impl] = combine_rounds(got)
        for fig in figures:
            row = {"kernel": fig, "size": None, "unit": None}
            lower = True
            for impl in IMPLS:
                status, recs = results[impl]
                rec = next((r for r in recs if r["bench"] == fig), None)
                st = "n/a" if status == "n/a" else cell_status(rec, status)
                if rec:
                    row["size"] = row["size"] or rec["size"]
                    row["unit"] = row["unit"] or rec["unit"]
                    lower = rec.get("lower_is_better", True)
                row[impl] = {"status": st, "value": rec["value"] if rec and st == "ok" else None,
                             "record": rec}
                if st not in ("ok", "n/a") and not (st == "timeout" and not a.quick):
                    problems.append(f"{fig}/{impl}: {st}")
            others = [r["record"].get("others_cpu_pct") for r in (row[i] for i in IMPLS)
                      if r.get("record") and r["record"].get("others_cpu_pct") is not None]
            row["others_cpu_pct"] = max(others) if others else None
            row["size"] = row["size"] or SIZE_LABELS.get(fig, ("-", "-"))[1 if a.quick else 0]
            row["unit"] = row["unit"] or ("launches/s" if fig == "launch_rate" else
                                          "us" if fig in ("launch_latency", "launch_grid") else "ms")
            row["lower_is_better"] = lower
            row["ratio_native"] = ratio(row["cudashim"]["value"], row["native"]["value"], lower)
            row["ratio_pocl"] = ratio(row["cudashim"]["value"], row["pocl"]["value"], lower)
            rows.append(row)

    # Module load: cold cache (fresh XDG_CACHE_HOME / POCL_CACHE_DIR) then warm (same dir again),
    # at the --quick size; load = first run - warm run of that process.
    load_impls = [i for i in ("cudashim", "pocl") if i in impls and i not in unavailable]
    if not a.no_load and load_impls:
        for prog, figures in BENCHES:
            if prog not in programs:
                continue
            per = {}
            for impl in load_impls:
                cmd = command_for(impl, prog, outdir, ["--quick", "--reps", "3"])
                if not os.path.exists(cmd[0]):
                    continue
                tmp = tempfile.mkdtemp(prefix=f"bench-{impl}-cache-")
                c = {"cudashim": tmp, "pocl": tmp}
                for phase in ("cold", "warm"):
                    log(f"running {prog} [{impl}] module load, {phase} cache ...")
                    status, recs, err, wall = run_program(cmd, env_for(impl, lib, c, a.devices), a.timeout)
                    rec = recs[0] if recs else None
                    st = cell_status(rec, status)
                    per[(impl, phase)] = {"status": st, "value": load_ms(rec) if st == "ok" else None,
                                          "process_wall_s": round(wall, 3), "record": rec}
                    if st not in ("ok", "n/a") and not (st == "timeout" and not a.quick):
                        problems.append(f"load {prog}/{impl} {phase}: {st}")
                shutil.rmtree(tmp, ignore_errors=True)
            for phase in ("cold", "warm"):
                row = {"kernel": f"load:{prog}", "size": f"{phase} cache", "unit": "ms",
                       "lower_is_better": True, "native": {"status": "n/a", "value": None}}
                for impl in ("cudashim", "pocl"):
                    row[impl] = per.get((impl, phase), {"status": "n/a", "value": None})
                row["ratio_native"] = None
                row["ratio_pocl"] = ratio(row["cudashim"]["value"], row["pocl"]["value"], True)
                others = [row[i]["record"].get("others_cpu_pct") for i in ("cudashim", "pocl")
                          if row[i].get("record") and row[i]["record"].get("others_cpu_pct") is not None]
                row["others_cpu_pct"] = max(others) if others else None
                rows.append(row)

    machine = machine_description(lib)
    table = render_table(rows)
    print(table)
    print()
    devs = {}
    for r in raw:
        devs.setdefault(r["impl"], r.get("device", ""))
    for impl, dev in devs.items():
        print(f"{impl}: {dev}")
    print(f"sizes: {'--quick' if a.quick else 'full'}; medians of {reps} runs after a warm-up run{rounds_text(a)}; "
          f"per-process timeout {a.timeout:g} s")
    for impl, why in unavailable.items():
        print(f"{impl} not run: {why}")
    noisy = max((r.get("others_cpu_pct") or 0 for r in rows), default=0)
    if noisy >= NOISY_PCT:
        print(f"WARNING: other processes used up to {noisy:.0f}% of the machine's CPU time during "
              f"these runs (column 'others'); timings of those rows are distorted: rerun when quiet.")

    doc = {"machine": machine, "quick": a.quick, "reps": reps, "timeout_s": a.timeout,
           "programs": programs, "impls": impls, "unavailable": unavailable,
           "rows": [{k: ({kk: vv for kk, vv in v.items() if kk != "record"} if isinstance(v, dict) else v)
                     for k, v in r.items()} for r in rows],
           "records": [compact(r) for r in raw], "table": table, "problems": problems + [f"build: {b}" for b in build_failed]}
    os.makedirs(os.path.dirname(json_path), exist_ok=True)
    with open(json_path, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"results: {json_path}")

    if a.record:
        write_results_md(os.path.join(BENCH_DIR, "RESULTS.md"), machine, table, devs, a, reps,
                         unavailable, problems, a.note)
        print(f"recorded: {os.path.join(BENCH_DIR, 'RESULTS.md')}")

    problems += [f"build failed: {b}" for b in build_failed]
    if problems:
        print("PROBLEMS: " + "; ".join(problems))
        return 1
    if a.quick:
        print("SELF-CHECK PASS: every result valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
