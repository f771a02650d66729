// Helpers for the kernel conformance corpus (tests/kernels/*.cu). Builds on ../cuda/check.h:
// every comparison prints one line
//   CHECK <name>: expected <x> got <y> [ok|FAIL]
// and main() ends with `return chk::finish();` (prints PASS or FAIL).
//
// A corpus program keeps, per instruction family, the CUDA kernels, their host references and the
// sizes together. Inputs come from kc::Rng with a fixed seed, so a failure reproduces.
#pragma once

#include <cuda_runtime.h>

#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "../cuda/check.h"

namespace kc {

// The sizes every streaming kernel runs at: a single thread, a partial warp, one lane more than a
// warp, a partial block, and a large odd size (many blocks, a partial last block).
inline const std::vector<size_t> kSizes = {1, 31, 33, 1000, 1000003};
// For heavier kernels (an interpreter executes ~1e8 lane-instructions per second).
inline const std::vector<size_t> kSmallSizes = {1, 31, 33, 1000};
inline const std::vector<size_t> kMediumSizes = {1, 31, 33, 1000, 100003};

inline unsigned blocks_for(size_t n, unsigned block = 256) {
  return static_cast<unsigned>((n + block - 1) / block);
}

// xorshift64*: deterministic across platforms.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 0x1234567ull) {
    if (s == 0) s = 1;
  }
  uint64_t u64() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  uint32_t u32() { return static_cast<uint32_t>(u64() >> 32); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * ((u64() >> 11) * 0x1.0p-53); }
  int32_t range(int32_t lo, int32_t hi) {  // [lo, hi]
    return lo + static_cast<int32_t>(u64() % static_cast<uint64_t>(int64_t(hi) - lo + 1));
  }
  // Any float bit pattern, with extra weight on interesting values.
  float any_float() {
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                       0x7fc00000u, 0x00000001u, 0x807fffffu, 0x7f7fffffu,
                                       0x3f800000u, 0xbf800000u, 0x3f000000u, 0x4b000000u,
                                       0x3fc00000u, 0x40200000u, 0xcf000000u, 0x4f800000u};
    uint32_t r = u32();
    uint32_t b;
    switch (r & 7) {
      case 0: b = special[(r >> 3) % 16]; break;
      case 1:
      case 2: b = u32(); break;
      default: {  // moderate magnitudes: exponent in [-30, 40]
        float f = static_cast<float>(uniform(1.0, 2.0)) * std::ldexp(1.0f, range(-30, 40));
        if (r & 8) f = -f;
        std::memcpy(&b, &f, 4);
      }
    }
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  }
  double any_double() {
    static const uint64_t special[] = {0x0ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
                                       0xfff0000000000000ull, 0x7ff8000000000000ull, 0x1ull,
                                       0x800fffffffffffffull, 0x7fefffffffffffffull,
                                       0x3ff0000000000000ull, 0xbff0000000000000ull,
                                       0x4330000000000000ull, 0x3fe0000000000000ull};
    uint32_t r = u32();
    uint64_t b;
    switch (r & 7) {
      case 0: b = special[(r >> 3) % 12]; break;
      case 1:
      case 2: b = u64(); break;
      default: {
        double d = uniform(1.0, 2.0) * std::ldexp(1.0, range(-60, 70));
        if (r & 8) d = -d;
        std::memcpy(&b, &d, 8);
      }
    }
    double d;
    std::memcpy(&d, &b, 8);
    return d;
  }
};

template <class T, class F>
std::vector<T> make(size_t n, F gen) {
  std::vector<T> v(n);
  for (auto& x : v) x = gen();
  return v;
}

// A device buffer that owns its memory.
template <class T>
struct Dev {
  T* p = nullptr;
  size_t n = 0;
  explicit Dev(size_t count) : n(count) {
    cudaError_t e = cudaMalloc(&p, (count ? count : 1) * sizeof(T));
    chk::require("cudaMalloc " + std::to_string(count * sizeof(T)) + " bytes", e == cudaSuccess);
    cudaMemset(p, 0, (count ? count : 1) * sizeof(T));
  }
  explicit Dev(const std::vector<T>& h) : Dev(h.size()) { put(h); }
  ~Dev() { cudaFree(p); }
  Dev(const Dev&) = delete;
  Dev& operator=(const Dev&) = delete;
  void put(const std::vector<T>& h) {
    if (!h.empty()) cudaMemcpy(p, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice);
  }
  std::vector<T> get() const {
    std::vector<T> h(n);
    if (n) cudaMemcpy(h.data(), p, n * sizeof(T), cudaMemcpyDeviceToHost);
    return h;
  }
  operator T*() const { return p; }
};

// Checks that the kernel just launched started and finished without an error.
inline bool launched(const std::string& name) {
  cudaError_t a = cudaGetLastError();
  cudaError_t b = cudaDeviceSynchronize();
  cudaError_t e = a != cudaSuccess ? a : b;
  if (e == cudaSuccess) return true;
  chk::eq(name + " launch", cudaSuccess, e);
  return false;
}

inline std::string show(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  char s[64];
  std::snprintf(s, sizeof s, "%.9g(0x%08x)", f, b);
  return s;
}
inline std::string show(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  char s[80];
  std::snprintf(s, sizeof s, "%.17g(0x%016" PRIx64 ")", d, b);
  return s;
}
template <class T>
std::string show(const T& v) {
  return chk::fmt(v);
}
inline std::string show(unsigned __int128 v) {
  char s[48];
  std::snprintf(s, sizeof s, "0x%016llx%016llx", (unsigned long long)(v >> 64),
                (unsigned long long)v);
  return s;
}
inline std::string show(unsigned char v) { return std::to_string(v); }
inline std::string show(signed char v) { return std::to_string(v); }
inline std::string show(char v) { return std::to_string(v); }

// Bitwise equality, except that any NaN equals any NaN (payloads are not specified).
inline bool same(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, 4) == 0;
}
inline bool same(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, 8) == 0;
}
template <class T>
bool same(const T& a, const T& b) {
  return a == b;
}

// Compares `got` with `expected` element by element with `eq`; prints one CHECK line with the
// number of mismatches and the first few of them (index, inputs via `describe`).
template <class T, class Eq>
bool compare_with(const std::string& name, const std::vector<T>& expected,
                  const std::vector<T>& got, Eq eq,
                  std::function<std::string(size_t)> describe = nullptr) {
  size_t bad = 0;
  std::string first;
  size_t n = expected.size();
  if (got.size() != n) {
    return chk::report(name, std::to_string(n) + " values", std::to_string(got.size()) + " values",
                       false);
  }
  for (size_t i = 0; i < n; ++i) {
    if (!eq(expected[i], got[i])) {
      if (bad < 3) {
        first += " [" + std::to_string(i) + (describe ? " " + describe(i) : std::string()) +
                 ": want " + show(expected[i]) + " got " + show(got[i]) + "]";
      }
      ++bad;
    }
  }
  return chk::report(name, "all " + std::to_string(n) + " match",
                     std::to_string(bad) + " mismatches" + first, bad == 0);
}
template <class T>
bool compare(const std::string& name, const std::vector<T>& expected, const std::vector<T>& got,
             std::function<std::string(size_t)> describe = nullptr) {
  return compare_with(
      name, expected, got, [](const T& a, const T& b) { return same(a, b); }, describe);
}

// Distance in units in the last place of the float nearest `exact` (an exact or double reference).
inline double ulp_error_f(float got, double exact) {
  if (std::isnan(exact)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isinf(exact) || std::fabs(exact) > FLT_MAX) {
    // Beyond the float range the correctly rounded result is infinity (or FLT_MAX).
    if (std::isinf(got) && std::signbit(got) == std::signbit(exact)) return 0;
    if (std::isinf(got) || std::isnan(got)) return INFINITY;
    return (std::fabs(exact) - std::fabs((double)got)) / std::ldexp(1.0, 104);
  }
  if (std::isnan(got) || std::isinf(got)) return INFINITY;
  double a = std::fabs(exact);
  int e = a < FLT_MIN ? -126 : std::ilogb(a);
  double ulp = std::ldexp(1.0, e - 23);
  return std::fabs((double)got - exact) / ulp;
}
inline double ulp_error_d(double got, long double exact) {
  if (std::isnan(exact)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isinf(exact) || std::fabs(exact) > DBL_MAX) {
    if (std::isinf(got) && std::signbit(got) == std::signbit(exact)) return 0;
    return INFINITY;
  }
  if (std::isnan(got) || std::isinf(got)) return INFINITY;
  long double a = std::fabs(exact);
  int e = a < DBL_MIN ? -1022 : std::ilogb(a);
  long double ulp = std::ldexp(1.0L, e - 52);
  return static_cast<double>(std::fabs((long double)got - exact) / ulp);
}

// Rounds `x` (exact in double) to a binary format with `mant` explicit significand bits and
// minimum normal exponent `emin`, maximum exponent `emax`; mode: 0 nearest-even, 1 toward zero,
// 2 up (+inf), 3 down (-inf). Used as the reference for half and bfloat16.
inline double round_to_format(double x, int mant, int emin, int emax, int mode) {
  if (std::isnan(x) || std::isinf(x) || x == 0) return x;
  double a = std::fabs(x);
  int e = std::ilogb(a);
  if (e < emin) e = emin;
  double q = std::ldexp(1.0, e - mant);  // spacing at this binade
  double t = a / q;                      // exact: a power-of-two scaling
  double fl = std::floor(t);
  double r;
  bool neg = x < 0;
  switch (mode) {
    case 0: {
      double frac = t - fl;
      if (frac > 0.5 || (frac == 0.5 && std::fmod(fl, 2.0) != 0)) {
        r = fl + 1;
      } else {
        r = fl;
      }
      break;
    }
    case 1: r = fl; break;
    case 2: r = neg ? fl : std::ceil(t); break;
    default: r = neg ? std::ceil(t) : fl; break;
  }
  double v = r * q;
  double maxv = std::ldexp(2.0 - std::ldexp(1.0, -mant), emax);
  if (v > maxv) {
    // Overflow: nearest gives inf; toward zero gives max; directed modes by sign.
    bool to_inf = mode == 0 || (mode == 2 && !neg) || (mode == 3 && neg);
    v = to_inf ? INFINITY : maxv;
  }
  return neg ? -v : v;
}
inline double round_half(double x, int mode = 0) { return round_to_format(x, 10, -14, 15, mode); }
inline double round_bf16(double x, int mode = 0) { return round_to_format(x, 7, -126, 127, mode); }

}  // namespace kc
