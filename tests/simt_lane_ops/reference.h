#ifndef CUDASHIM_TESTS_SIMT_LANE_OPS_REFERENCE_H_
#define CUDASHIM_TESTS_SIMT_LANE_OPS_REFERENCE_H_

// Straightforward host references for the lane-op tests. They are written to be obviously
// right, not fast, and share no code with runtime/backends/simt: a value is rounded by finding
// its two neighbours in the destination format and picking one.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::simt::testing {

using Q = __float128;  // exact enough for every reference below (113-bit significand)

inline ptx::Modifiers Mods(ptx::Rounding rnd = ptx::Rounding::kNone, bool ftz = false,
                           bool sat = false) {
  ptx::Modifiers m;
  m.rounding = rnd;
  m.ftz = ftz;
  m.sat = sat;
  return m;
}

inline uint32_t B(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t B(double d) { return std::bit_cast<uint64_t>(d); }
inline float F(uint64_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b)); }
inline double D(uint64_t b) { return std::bit_cast<double>(b); }

inline constexpr ptx::Rounding kModes[] = {ptx::Rounding::kRn, ptx::Rounding::kRz,
                                           ptx::Rounding::kRm, ptx::Rounding::kRp};

// Picks between the neighbours lo < x < hi (x inexact) by the rounding mode; `lo_even` says
// which one RN prefers on a tie.
template <typename T>
T PickNeighbour(Q x, T lo, T hi, Q lo_q, Q hi_q, bool lo_even, ptx::Rounding rnd) {
  switch (rnd) {
    case ptx::Rounding::kRz:
      return x > 0 ? lo : hi;
    case ptx::Rounding::kRm:
      return lo;
    case ptx::Rounding::kRp:
      return hi;
    default: {
      const Q dl = x - lo_q, dh = hi_q - x;
      if (dl < dh) return lo;
      if (dh < dl) return hi;
      return lo_even ? lo : hi;
    }
  }
}

// Rounds an exact value to float / double.
template <typename T>
T RoundQ(Q x, ptx::Rounding rnd) {
  if (x != x) return NAN;
  const T f = static_cast<T>(x);  // round to nearest (libgcc honours the default mode)
  if (static_cast<Q>(f) == x) return f;
  T lo, hi;
  if (static_cast<Q>(f) < x) {
    lo = f;
    hi = std::nextafter(f, static_cast<T>(INFINITY));
  } else {
    hi = f;
    lo = std::nextafter(f, -static_cast<T>(INFINITY));
  }
  // Overflow: the neighbour beyond the largest finite value is 2^(emax+1) for the tie rule.
  const T max = std::numeric_limits<T>::max();
  const Q beyond = static_cast<Q>(max) + (static_cast<Q>(max) - std::nextafter(max, T(0)));
  const Q lo_q = std::isinf(lo) ? -beyond : lo;
  const Q hi_q = std::isinf(hi) ? beyond : hi;
  bool lo_even;
  if constexpr (sizeof(T) == 4) {
    lo_even = (std::bit_cast<uint32_t>(lo) & 1) == 0;
  } else {
    lo_even = (std::bit_cast<uint64_t>(lo) & 1) == 0;
  }
  if (std::isinf(lo) || std::isinf(hi)) lo_even = std::isinf(lo);  // the infinity side is even
  return PickNeighbour<T>(x, lo, hi, lo_q, hi_q, lo_even, rnd);
}

// A 16-bit format (f16 or bf16) as a table of its non-negative values.
class HalfTable {
 public:
  explicit HalfTable(bool bf16) : bf16_(bf16) {
    const int mant = bf16 ? 7 : 10, exp_bits = bf16 ? 8 : 5;
    const int bias = (1 << (exp_bits - 1)) - 1;
    inf_ = static_cast<uint16_t>(((1 << exp_bits) - 1) << mant);
    for (uint32_t b = 0; b <= inf_; ++b) {
      const int e = static_cast<int>(b >> mant);
      const int f = static_cast<int>(b & ((1u << mant) - 1));
      if (b == inf_) {
        values_.push_back(std::ldexp(1.0L, bias + 1));  // the virtual next value
      } else if (e == 0) {
        values_.push_back(std::ldexp(static_cast<long double>(f), 1 - bias - mant));
      } else {
        values_.push_back(std::ldexp(static_cast<long double>(f + (1 << mant)), e - bias - mant));
      }
    }
  }
  uint16_t inf() const { return inf_; }
  // The exact value of a pattern (NaN for NaNs).
  long double Value(uint16_t h) const {
    const uint16_t a = h & 0x7FFF;
    if (a > inf_) return NAN;
    const long double v = a == inf_ ? INFINITY : values_[a];
    return (h & 0x8000) ? -v : v;
  }
  // Rounds an exact value (given as a Q) to the format.
  uint16_t Round(Q x, ptx::Rounding rnd, bool satfinite = false) const {
    if (x != x) return 0x7FFF;
    const bool neg = x < 0 || (x == 0 && std::signbit(static_cast<double>(x)));
    const Q ax = neg ? -x : x;
    const uint16_t sign = neg ? 0x8000 : 0;
    if (std::isinf(static_cast<double>(x))) return sign | (satfinite ? inf_ - 1 : inf_);
    if (ax >= static_cast<Q>(values_[inf_])) {  // at or beyond 2^(emax+1): overflow
      const bool to_inf = rnd == ptx::Rounding::kRn || rnd == ptx::Rounding::kNone ||
                          (rnd == ptx::Rounding::kRp && !neg) || (rnd == ptx::Rounding::kRm && neg);
      return sign | ((to_inf && !satfinite) ? inf_ : static_cast<uint16_t>(inf_ - 1));
    }
    // The largest k with values_[k] <= ax.
    uint32_t lo = 0, hi = inf_;
    while (lo < hi) {
      const uint32_t mid = (lo + hi + 1) / 2;
      if (static_cast<Q>(values_[mid]) <= ax) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const uint32_t k = lo;
    if (static_cast<Q>(values_[k]) == ax) return static_cast<uint16_t>(sign | k);
    // Magnitude rounding: RZ, away-from-zero, nearest.
    ptx::Rounding mag_rnd = rnd;
    if (rnd == ptx::Rounding::kRm) mag_rnd = neg ? ptx::Rounding::kRp : ptx::Rounding::kRz;
    if (rnd == ptx::Rounding::kRp) mag_rnd = neg ? ptx::Rounding::kRz : ptx::Rounding::kRp;
    uint32_t r;
    if (mag_rnd == ptx::Rounding::kRz) {
      r = k;
    } else if (mag_rnd == ptx::Rounding::kRp) {
      r = k + 1;
    } else {
      const Q dl = ax - static_cast<Q>(values_[k]), dh = static_cast<Q>(values_[k + 1]) - ax;
      r = dl < dh ? k : (dh < dl ? k + 1 : ((k & 1) ? k + 1 : k));
    }
    if (r >= inf_ && satfinite) r = inf_ - 1;
    return static_cast<uint16_t>(sign | r);
  }

 private:
  bool bf16_;
  uint16_t inf_;
  std::vector<long double> values_;
};

inline const HalfTable& F16Table() {
  static const HalfTable* t = new HalfTable(false);
  return *t;
}
inline const HalfTable& BF16Table() {
  static const HalfTable* t = new HalfTable(true);
  return *t;
}

// Bit patterns of a float type compare equal, or both are NaNs.
inline bool SameF32(uint64_t a, uint64_t b) {
  const float x = F(a), y = F(b);
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return static_cast<uint32_t>(a) == static_cast<uint32_t>(b);
}
inline bool SameF64(uint64_t a, uint64_t b) {
  if (std::isnan(D(a)) || std::isnan(D(b))) return std::isnan(D(a)) && std::isnan(D(b));
  return a == b;
}
inline bool SameHalf(bool bf16, uint64_t a, uint64_t b) {
  const uint16_t inf = bf16 ? 0x7F80 : 0x7C00;
  const bool an = (a & 0x7FFF) > inf, bn = (b & 0x7FFF) > inf;
  if (an || bn) return an && bn;
  return (a & 0xFFFF) == (b & 0xFFFF);
}

// Random f32 patterns: any bits, with a share of specials, subnormals and exponent-limited ones.
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  uint64_t U64() { return gen_(); }
  uint32_t U32() { return static_cast<uint32_t>(gen_()); }
  // A float with exponent in [lo, hi] (unbiased), random sign and fraction.
  float F32InRange(int lo, int hi) {
    const int e = lo + static_cast<int>(gen_() % static_cast<uint64_t>(hi - lo + 1));
    const uint32_t frac = U32() & 0x7FFFFF;
    const uint32_t sign = U32() & 0x80000000u;
    const int biased = std::max(e + 127, 0);  // below the normal range: a subnormal
    return std::bit_cast<float>(sign | (static_cast<uint32_t>(biased) << 23) | frac);
  }
  double F64InRange(int lo, int hi) {
    const int e = lo + static_cast<int>(gen_() % static_cast<uint64_t>(hi - lo + 1));
    const uint64_t frac = U64() & ((1ull << 52) - 1);
    const uint64_t sign = U64() & (1ull << 63);
    const int biased = std::max(e + 1023, 0);
    return std::bit_cast<double>(sign | (static_cast<uint64_t>(biased) << 52) | frac);
  }
  // Any f32 pattern, with specials and subnormals over-represented.
  uint32_t AnyF32() {
    switch (gen_() % 8) {
      case 0: {
        static const uint32_t kSpecial[] = {0,          0x80000000, 0x7F800000, 0xFF800000,
                                            0x7FC00000, 0x00000001, 0x807FFFFF, 0x7F7FFFFF,
                                            0x3F800000, 0xBF800000, 0x00800000};
        return kSpecial[gen_() % std::size(kSpecial)];
      }
      case 1:
        return (U32() & 0x807FFFFF);  // subnormal
      default:
        return U32();
    }
  }

 private:
  std::mt19937_64 gen_;
};

}  // namespace cudashim::simt::testing

#endif  // CUDASHIM_TESTS_SIMT_LANE_OPS_REFERENCE_H_
