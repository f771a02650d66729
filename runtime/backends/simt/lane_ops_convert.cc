// cvt, and the rounding of an exact value to any binary float format that the float and half
// operations share.

#include <cmath>
#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::simt {
namespace detail {

uint64_t RoundToFormat(const FloatFormat& f, bool neg, uint64_t mag, int exp, bool sticky,
                       Rounding rnd, bool satfinite) {
  const int bias = (1 << (f.exp - 1)) - 1;
  const int emin = 1 - bias;
  const int emax = f.no_inf ? bias + 1 : bias;
  const uint64_t sign = static_cast<uint64_t>(neg) << (f.mant + f.exp);
  const uint64_t max_finite = f.no_inf ? (WidthMask(f.exp + f.mant) - 1)
                                       : ((WidthMask(f.exp) - 1) << f.mant) | WidthMask(f.mant);
  const uint64_t inf = f.no_inf ? WidthMask(f.exp + f.mant) : WidthMask(f.exp) << f.mant;
  if (mag == 0) {
    if (!sticky) return sign;
    // Only "something tiny and nonzero": below every subnormal of any format.
    mag = 1;
    exp = -4000;
    sticky = false;
  }
  const int msb = 63 - std::countl_zero(mag);
  const int e = msb + exp;  // the value's unbiased exponent
  const uint64_t sign_bits = sign;
  const bool away_from_zero_on_overflow = rnd == Rounding::kRz   ? false
                                          : rnd == Rounding::kRm ? neg
                                          : rnd == Rounding::kRp ? !neg
                                                                 : true;
  auto overflow = [&]() -> uint64_t {
    if (!away_from_zero_on_overflow || satfinite) return sign_bits | max_finite;
    return sign_bits | inf;  // e4m3: the NaN pattern
  };
  if (e > emax + 1) return overflow();
  const int q_min = emin - f.mant;                 // the exponent of the smallest subnormal's lsb
  const int q = (e >= emin ? e - f.mant : q_min);  // the exponent of the result's lsb
  const int shift = q - exp;                       // bits of mag below the result's lsb
  uint64_t kept;
  bool round_bit, rest;
  if (shift <= 0) {
    kept = mag << -shift;  // fits: mag has at most mant + 1 bits above q
    round_bit = false;
    rest = sticky;
  } else if (shift > 64) {
    kept = 0;
    round_bit = false;
    rest = true;
  } else {
    kept = shift == 64 ? 0 : mag >> shift;
    round_bit = (mag >> (shift - 1)) & 1;
    rest = sticky || (mag & WidthMask(shift - 1)) != 0;
  }
  bool inc;
  switch (rnd) {
    case Rounding::kRz:
      inc = false;
      break;
    case Rounding::kRm:
      inc = neg && (round_bit || rest);
      break;
    case Rounding::kRp:
      inc = !neg && (round_bit || rest);
      break;
    case Rounding::kRna:
      inc = round_bit;
      break;
    default:
      inc = round_bit && (rest || (kept & 1));
      break;
  }
  kept += inc;
  // A normal result's kept includes the implicit bit, which adds one to the exponent field;
  // a carry out of the significand moves to the exponent the same way.
  const uint64_t bits = (static_cast<uint64_t>(q - q_min) << f.mant) + kept;
  if (bits > max_finite) return overflow();
  return sign_bits | bits;
}

uint64_t RoundDouble(ScalarType dst, double x, int err_sign, Rounding rnd, bool satfinite) {
  const uint64_t b = BitsOf(x);
  const bool neg = b >> 63;
  const int biased = static_cast<int>((b >> 52) & 0x7FF);
  uint64_t mag = b & WidthMask(52);
  int exp;
  if (biased == 0x7FF) {  // infinity is exact in every mode
    mag = 1;
    exp = 100000;
    if (!satfinite) rnd = Rounding::kRn;
  } else if (biased == 0) {
    exp = -1074;
  } else {
    mag |= 1ull << 52;
    exp = biased - 1075;
  }
  bool sticky = false;
  if (err_sign != 0 && mag != 0) {
    sticky = true;
    if ((err_sign < 0) != neg) {
      // The exact value lies between x and the next double toward zero.
      mag = 2 * mag - 1;
      exp -= 1;
    }
  }
  switch (dst) {
    case ScalarType::kF16:
      return RoundToFormat(kF16Format, neg, mag, exp, sticky, rnd, satfinite);
    case ScalarType::kBF16:
      return RoundToFormat(kBF16Format, neg, mag, exp, sticky, rnd, satfinite);
    case ScalarType::kTF32:
      return RoundToFormat(kTF32Format, neg, mag, exp, sticky, rnd, satfinite) << 13;
    case ScalarType::kF32:
      return RoundToFormat(kF32Format, neg, mag, exp, sticky, rnd, satfinite);
    default:
      if (biased == 0x7FF && satfinite) return neg ? 0xFFEFFFFFFFFFFFFFull : 0x7FEFFFFFFFFFFFFFull;
      if (sticky) return RoundToFormat(kF64Format, neg, mag, exp, sticky, rnd, satfinite);
      return b;
  }
}

}  // namespace detail

namespace {

using detail::FloatFormat;

constexpr uint64_t kNaN16 = 0x7FFF;
constexpr uint64_t kNaN32 = 0x7FFFFFFF;
constexpr uint64_t kNaN64 = 0x7FFFFFFFFFFFFFFFull;

bool IsFloatType(ScalarType t) {
  switch (t) {
    case ScalarType::kF16:
    case ScalarType::kBF16:
    case ScalarType::kTF32:
    case ScalarType::kF32:
    case ScalarType::kF64:
      return true;
    default:
      return false;
  }
}

// The exact value of a float register as a double (every f16/bf16/tf32/f32 value is one).
// ftz flushes f32 subnormals.
double ToDouble(ScalarType t, uint64_t bits, bool ftz) {
  switch (t) {
    case ScalarType::kF16:
      return F16ToF32(static_cast<uint16_t>(bits));
    case ScalarType::kBF16:
      return BF16ToF32(static_cast<uint16_t>(bits));
    case ScalarType::kF64:
      return AsF64(bits);
    default: {  // f32, tf32
      uint32_t b = static_cast<uint32_t>(bits);
      if (ftz && (b & 0x7F800000u) == 0) b &= 0x80000000u;
      return AsF32(b);
    }
  }
}

uint64_t CanonicalNaN(ScalarType t) {
  switch (t) {
    case ScalarType::kF16:
    case ScalarType::kBF16:
      return kNaN16;
    case ScalarType::kF64:
      return kNaN64;
    default:
      return kNaN32;
  }
}

// The value 1.0 in a float type.
uint64_t One(ScalarType t) {
  switch (t) {
    case ScalarType::kF16:
      return 0x3C00;
    case ScalarType::kBF16:
      return 0x3F80;
    case ScalarType::kF64:
      return 0x3FF0000000000000ull;
    default:
      return 0x3F800000;
  }
}

// Rounds to an integral value in the mode of an integer rounding (or its float equivalent);
// a zero result keeps x's sign, as IEEE roundToIntegral does.
double RoundIntegralMagnitude(double x, Rounding rnd);
double RoundIntegral(double x, Rounding rnd) {
  return std::copysign(RoundIntegralMagnitude(x, rnd), x);
}
double RoundIntegralMagnitude(double x, Rounding rnd) {
  switch (rnd) {
    case Rounding::kRni:
    case Rounding::kRn: {
      const double fl = std::floor(x);
      const double diff = x - fl;  // exact
      if (diff > 0.5 || (diff == 0.5 && std::fmod(fl, 2.0) != 0.0)) return fl + 1.0;
      return fl;
    }
    case Rounding::kRna:
      return std::round(x);
    case Rounding::kRmi:
    case Rounding::kRm:
      return std::floor(x);
    case Rounding::kRpi:
    case Rounding::kRp:
      return std::ceil(x);
    default:
      return std::trunc(x);
  }
}

bool IsIntegerRounding(Rounding r) {
  return r == Rounding::kRni || r == Rounding::kRzi || r == Rounding::kRmi || r == Rounding::kRpi;
}

Rounding FloatRoundingOf(Rounding r) {
  switch (r) {
    case Rounding::kRni:
      return Rounding::kRn;
    case Rounding::kRzi:
      return Rounding::kRz;
    case Rounding::kRmi:
      return Rounding::kRm;
    case Rounding::kRpi:
      return Rounding::kRp;
    case Rounding::kNone:
      return Rounding::kRn;
    default:
      return r;
  }
}

uint64_t IntToFloat(ScalarType dst, bool neg, uint64_t mag, Rounding rnd, bool satfinite) {
  switch (dst) {
    case ScalarType::kF16:
      return detail::RoundToFormat(detail::kF16Format, neg, mag, 0, false, rnd, satfinite);
    case ScalarType::kBF16:
      return detail::RoundToFormat(detail::kBF16Format, neg, mag, 0, false, rnd, satfinite);
    case ScalarType::kTF32:
      return detail::RoundToFormat(detail::kTF32Format, neg, mag, 0, false, rnd, satfinite) << 13;
    case ScalarType::kF32:
      return detail::RoundToFormat(detail::kF32Format, neg, mag, 0, false, rnd, satfinite);
    default:
      return detail::RoundToFormat(detail::kF64Format, neg, mag, 0, false, rnd, satfinite);
  }
}

// Post-processing of a float result: ftz (f32), relu, sat.
uint64_t FinishFloat(ScalarType dst, uint64_t r, bool ftz, bool sat, bool relu) {
  const int w = BitWidth(dst);
  const uint64_t sign_bit = 1ull << (w - 1);
  const uint64_t abs = r & (sign_bit - 1);
  const uint64_t inf = dst == ScalarType::kF16    ? 0x7C00
                       : dst == ScalarType::kBF16 ? 0x7F80
                       : dst == ScalarType::kF64  ? 0x7FF0000000000000ull
                                                  : 0x7F800000;
  const bool is_nan = abs > inf;
  if (ftz && (dst == ScalarType::kF32 || dst == ScalarType::kTF32) && abs < 0x00800000 &&
      abs != 0) {
    r &= sign_bit;
  }
  if (relu && !is_nan && (r & sign_bit)) r = 0;
  if (sat) {
    if (is_nan || (r & sign_bit)) return 0;
    if (abs > One(dst)) return One(dst);
  }
  return r;
}

}  // namespace

float F16ToF32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t e = (h >> 10) & 0x1F;
  const uint32_t m = h & 0x3FF;
  if (e == 0x1F) return AsF32(sign | 0x7F800000u | (m << 13));
  if (e != 0) return AsF32(sign | ((e + 112) << 23) | (m << 13));
  // Subnormal or zero: m * 2^-24, exact in float.
  const float v = static_cast<float>(m) * 0x1p-24f;
  return AsF32(sign | static_cast<uint32_t>(BitsOf(v)));
}

float BF16ToF32(uint16_t h) { return AsF32(static_cast<uint32_t>(h) << 16); }

uint16_t F32ToF16(float f, Rounding rnd) {
  if (std::isnan(f)) return kNaN16;
  return static_cast<uint16_t>(
      detail::RoundDouble(ScalarType::kF16, f, 0, FloatRoundingOf(rnd), false));
}

uint16_t F32ToBF16(float f, Rounding rnd) {
  if (std::isnan(f)) return kNaN16;
  const uint32_t b = static_cast<uint32_t>(BitsOf(f));
  if (rnd == Rounding::kRn || rnd == Rounding::kNone) {
    // Round to nearest even on the top 16 bits; a carry into the exponent is the right answer,
    // including the overflow to infinity.
    return static_cast<uint16_t>((b + 0x7FFF + ((b >> 16) & 1)) >> 16);
  }
  return static_cast<uint16_t>(
      detail::RoundDouble(ScalarType::kBF16, f, 0, FloatRoundingOf(rnd), false));
}

uint64_t Convert(ScalarType dst, ScalarType src, Rounding rnd, bool ftz, bool sat, uint64_t bits,
                 bool relu, bool satfinite) {
  const bool dst_float = IsFloatType(dst);
  const bool src_float = IsFloatType(src);
  if (!src_float && !dst_float) {
    // Integer -> integer.
    const uint64_t v = ExtendInt(src, bits);
    const int w = BitWidth(dst);
    if (!sat) return v & WidthMask(w);
    if (IsSignedInt(src)) {
      const int64_t s = static_cast<int64_t>(v);
      if (IsSignedInt(dst)) {
        const int64_t hi = static_cast<int64_t>(WidthMask(w - 1));
        const int64_t lo = -hi - 1;
        return static_cast<uint64_t>(s > hi ? hi : (s < lo ? lo : s)) & WidthMask(w);
      }
      if (s < 0) return 0;
      return (static_cast<uint64_t>(s) > WidthMask(w) ? WidthMask(w) : v);
    }
    const uint64_t hi = IsSignedInt(dst) ? WidthMask(w - 1) : WidthMask(w);
    return v > hi ? hi : v;
  }
  if (!src_float) {
    // Integer -> float.
    const uint64_t v = ExtendInt(src, bits);
    const bool neg = IsSignedInt(src) && static_cast<int64_t>(v) < 0;
    const uint64_t mag = neg ? 0 - v : v;
    const uint64_t r = IntToFloat(dst, neg, mag, FloatRoundingOf(rnd), satfinite);
    return FinishFloat(dst, r, ftz, sat, relu);
  }
  const double x = ToDouble(src, bits, ftz);
  if (!dst_float) {
    // Float -> integer, saturating. NaN gives what NVIDIA's hardware gives (observed on an H100,
    // tests/kernels/convert.cu): 0 from a 32-bit-or-narrower float into up to 32 bits; the
    // sign-bit pattern 0x80..0 into 64 bits and from f64 into any width, signed or unsigned.
    const int w = BitWidth(dst);
    if (std::isnan(x)) return (src == ScalarType::kF64 || w == 64) ? (1ull << (w - 1)) : 0;
    const double r = RoundIntegral(x, rnd == Rounding::kNone ? Rounding::kRzi : rnd);
    if (IsSignedInt(dst)) {
      const double hi = std::ldexp(1.0, w - 1);  // exclusive
      if (r >= hi) return WidthMask(w - 1);
      if (r < -hi) return (1ull << (w - 1));
      return static_cast<uint64_t>(static_cast<int64_t>(r)) & WidthMask(w);
    }
    if (r <= 0) return 0;
    const double hi = std::ldexp(1.0, w);
    if (r >= hi) return WidthMask(w);
    return static_cast<uint64_t>(r);
  }
  // Float -> float.
  if (std::isnan(x)) return sat ? 0 : CanonicalNaN(dst);
  uint64_t r;
  if (IsIntegerRounding(rnd)) {
    r = detail::RoundDouble(dst, RoundIntegral(x, rnd), 0, Rounding::kRn, satfinite);
  } else {
    r = detail::RoundDouble(dst, x, 0, FloatRoundingOf(rnd), satfinite);
  }
  return FinishFloat(dst, r, ftz, sat, relu);
}

uint64_t CvtPack(ScalarType dst, Rounding rnd, bool relu, bool satfinite, uint64_t a_f32,
                 uint64_t b_f32) {
  const ScalarType half = dst == ScalarType::kBF16x2 ? ScalarType::kBF16 : ScalarType::kF16;
  const uint64_t hi = Convert(half, ScalarType::kF32, rnd, false, false, a_f32, relu, satfinite);
  const uint64_t lo = Convert(half, ScalarType::kF32, rnd, false, false, b_f32, relu, satfinite);
  return PackHalves(lo, hi);
}

}  // namespace cudashim::simt
