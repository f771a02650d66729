// Shared host-side helpers for every benchmark program (CUDA host code built by nvcc, native C++
// built by g++, the OpenCL host): problem sizes, argument parsing, deterministic inputs, timing,
// medians and the one-line JSON result every program prints. C++17 so that nvcc's host pass takes it.
//
// Each program prints exactly one JSON object per measured figure on stdout, on a line of its own
// starting with {"bench": — bench/run.py collects those lines. Anything else goes to stderr.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bench {

// ---- problem sizes: the same for all three implementations ---------------------------------
struct Size {
  long full;   // the size the figures in RESULTS.md are measured at
  long quick;  // --quick: smoke-test size, small enough for cudashim's interpreter
};
// Elements for 1-D kernels; the side of the square for 2-D kernels; rows for softmax; M=N=K for
// SGEMM; bytes for histogram; launches for the launch benchmarks.
inline Size size_of(const std::string& bench) {
  if (bench == "saxpy" || bench == "copy") return {1L << 24, 1L << 16};
  if (bench == "reduce_shared" || bench == "reduce_shuffle") return {1L << 26, 1L << 16};
  if (bench == "transpose_naive" || bench == "transpose_tiled") return {4096, 256};
  if (bench == "sgemm_tiled") return {1024, 64};
  if (bench == "histogram") return {1L << 26, 1L << 18};
  if (bench == "stencil5") return {4096, 256};
  if (bench == "softmax") return {4096, 64};  // rows; each row has kSoftmaxCols columns
  if (bench == "launch") return {20000, 500};  // launches per measurement
  return {0, 0};
}
constexpr int kSoftmaxCols = 1024;
constexpr int kHistBins = 256;

// ---- arguments ------------------------------------------------------------------------------
struct Args {
  std::string bench;
  long n = 0;       // problem size (see size_of)
  int reps = 5;     // timed repetitions after the first (warm-up) run
  bool quick = false;
};

inline Args parse_args(int argc, char** argv, const char* bench) {
  Args a;
  a.bench = bench;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n", bench, s.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (s == "--quick") a.quick = true;
    else if (s == "--n") a.n = std::atol(next());
    else if (s == "--reps") a.reps = std::max(1, std::atoi(next()));
    else if (s == "--help" || s == "-h") {
      std::printf("usage: %s [--quick] [--n SIZE] [--reps N]\n", argv[0]);
      std::exit(0);
    } else {
      std::fprintf(stderr, "%s: unknown argument %s\n", bench, s.c_str());
      std::exit(2);
    }
  }
  if (a.n == 0) a.n = a.quick ? size_of(bench).quick : size_of(bench).full;
  return a;
}

// ---- deterministic inputs ---------------------------------------------------------------------
inline uint32_t hash32(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return static_cast<uint32_t>(x);
}
// A float in [-1, 1) that depends only on (i, seed).
inline float input_float(uint64_t i, uint32_t seed) {
  return static_cast<float>(hash32(i * 0x9E3779B97F4A7C15ULL + seed) >> 8) * (2.0f / 16777216.0f) -
         1.0f;
}
inline uint8_t input_byte(uint64_t i) { return static_cast<uint8_t>(hash32(i + 0x1234567ULL) >> 24); }

// ---- timing ------------------------------------------------------------------------------------
inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
template <class F>
double time_ms(F&& f) {
  double t0 = now_ms();
  f();
  return now_ms() - t0;
}
template <class F>
std::vector<double> repeat_ms(F&& f, int reps) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) t.push_back(time_ms(f));
  return t;
}
inline double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// ---- validation ---------------------------------------------------------------------------------
struct Check {
  bool ok = true;
  std::string what;  // e.g. "max_rel_err=3.1e-07"
};
// Element-wise |got - want| <= atol + rtol * |want|; reports the worst relative error.
inline Check compare(const float* got, const double* want, size_t n, double rtol, double atol) {
  double worst = 0;
  size_t bad = 0, first_bad = 0;
  for (size_t i = 0; i < n; ++i) {
    double d = std::fabs(static_cast<double>(got[i]) - want[i]);
    double rel = d / (std::fabs(want[i]) + atol);
    if (rel > worst || std::isnan(d)) worst = std::isnan(d) ? INFINITY : rel;
    if (!(d <= atol + rtol * std::fabs(want[i]))) {
      if (!bad) first_bad = i;
      ++bad;
    }
  }
  Check c;
  c.ok = bad == 0;
  char buf[160];
  if (bad)
    std::snprintf(buf, sizeof buf, "%zu of %zu wrong, first at %zu: got %.9g want %.9g", bad, n,
                  first_bad, got[first_bad], want[first_bad]);
  else
    std::snprintf(buf, sizeof buf, "max_rel_err=%.2e over %zu", worst, n);
  c.what = buf;
  return c;
}
inline Check compare_scalar(double got, double want, double rtol) {
  Check c;
  double rel = std::fabs(got - want) / std::max(std::fabs(want), 1e-30);
  c.ok = rel <= rtol;
  char buf[160];
  std::snprintf(buf, sizeof buf, "got %.9g want %.9g rel_err=%.2e", got, want, rel);
  c.what = buf;
  return c;
}

// ---- the result line ------------------------------------------------------------------------------
inline std::string json_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\', o += ch;
    else if (static_cast<unsigned char>(ch) < 0x20) o += ' ';
    else o += ch;
  }
  return o;
}
inline std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

struct Result {
  std::string bench, impl, size, device;
  std::string unit = "ms";      // "ms", "us" or "launches/s"
  bool lower_is_better = true;  // false for rates
  std::vector<double> times;    // the timed repetitions, in `unit`
  double value = NAN;           // the figure: median of times unless set
  double first_ms = NAN;        // the first run (warm-up): includes module load / compile
  Check check;
  std::string error;  // non-empty: the run failed
  std::string extra;  // more JSON members, already formatted (",\"k\":v")
};

inline void emit(Result r) {
  if (std::isnan(r.value) && !r.times.empty()) r.value = median(r.times);
  // Built by appending only (g++ 12 -O3 warns falsely on "literal" + std::string temporaries).
  std::string s = "{";
  auto str = [&](const char* k, const std::string& v) {
    if (s.size() > 1) s += ',';
    s += '"';
    s += k;
    s += "\":\"";
    s += json_escape(v);
    s += '"';
  };
  auto raw = [&](const char* k, const std::string& v) {
    if (s.size() > 1) s += ',';
    s += '"';
    s += k;
    s += "\":";
    s += v;
  };
  str("bench", r.bench);
  str("impl", r.impl);
  str("size", r.size);
  str("device", r.device);
  str("unit", r.unit);
  raw("lower_is_better", r.lower_is_better ? "true" : "false");
  raw("value", num(r.value));
  if (!r.times.empty()) {
    raw("median", num(median(r.times)));
    raw("min", num(*std::min_element(r.times.begin(), r.times.end())));
    raw("max", num(*std::max_element(r.times.begin(), r.times.end())));
    raw("reps", std::to_string(r.times.size()));
    std::string t = "[";
    for (size_t i = 0; i < r.times.size(); ++i) {
      if (i) t += ',';
      t += num(r.times[i]);
    }
    t += ']';
    raw("times", t);
  }
  if (!std::isnan(r.first_ms)) {
    raw("first_ms", num(r.first_ms));
    // Module load / compile estimate: the first run minus a warm run.
    if (r.unit == "ms" && !r.times.empty())
      raw("load_ms", num(std::max(0.0, r.first_ms - median(r.times))));
  }
  raw("valid", r.error.empty() && r.check.ok ? "true" : "false");
  str("check", r.check.what);
  if (!r.error.empty()) str("error", r.error);
  s += r.extra;
  s += '}';
  std::printf("%s\n", s.c_str());
  std::fflush(stdout);
}

// Human-readable size strings, used identically by all implementations.
inline std::string size_string(const std::string& bench, long n) {
  char b[96];
  auto mega = [](long v) {
    char t[32];
    if (v >= (1L << 20) && v % (1L << 20) == 0) std::snprintf(t, sizeof t, "%ldM", v >> 20);
    else if (v >= 1024 && v % 1024 == 0) std::snprintf(t, sizeof t, "%ldK", v >> 10);
    else std::snprintf(t, sizeof t, "%ld", v);
    return std::string(t);
  };
  if (bench == "saxpy" || bench == "copy" || bench == "reduce_shared" || bench == "reduce_shuffle")
    std::snprintf(b, sizeof b, "%s floats", mega(n).c_str());
  else if (bench == "histogram")
    std::snprintf(b, sizeof b, "%s bytes", mega(n).c_str());
  else if (bench == "sgemm_tiled")
    std::snprintf(b, sizeof b, "%ld^3", n);
  else if (bench == "softmax")
    std::snprintf(b, sizeof b, "%ldx%d", n, kSoftmaxCols);
  else if (bench == "launch")
    std::snprintf(b, sizeof b, "%ld launches", n);
  else
    std::snprintf(b, sizeof b, "%ld^2", n);
  return b;
}

}  // namespace bench
