// f32 and f64 arithmetic, comparisons, testp, min/max of every float type, and the dispatch of
// the packed half types.
//
// The directed roundings of f32 (and narrower) compute the double result and the sign of its
// error exactly, then round once (detail::RoundDouble): no rounding-mode switch. f64 with a
// directed rounding switches the host's rounding mode around one operation; its operands travel
// through volatiles so that the compiler cannot move the operation across the switch.

#include <cfenv>
#include <cmath>
#include <cstdint>

#include "runtime/backends/simt/ex2_approx.h"
#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::simt {

namespace {

constexpr uint32_t kSign32 = 0x80000000u;
constexpr uint64_t kSign64 = 0x8000000000000000ull;
constexpr uint32_t kNaN32 = 0x7FFFFFFF;
constexpr uint64_t kNaN64 = 0x7FFFFFFFFFFFFFFFull;

inline uint32_t Flush32(uint32_t b) { return (b & 0x7F800000u) == 0 ? b & kSign32 : b; }
inline uint64_t Flush64(uint64_t b) { return (b & 0x7FF0000000000000ull) == 0 ? b & kSign64 : b; }

inline bool IsDirected(Rounding r) {
  return r == Rounding::kRz || r == Rounding::kRm || r == Rounding::kRp;
}

// The f32 result: canonical NaN, then .ftz, then .sat (NaN -> +0, -0 -> +0).
inline uint64_t Finish32(uint32_t b, bool ftz, bool sat) {
  const bool nan = (b & 0x7FFFFFFFu) > 0x7F800000u;
  if (nan) return sat ? 0 : kNaN32;
  if (ftz) b = Flush32(b);
  if (sat) {
    if (b & kSign32) return 0;
    if (b > 0x3F800000u) return 0x3F800000u;
  }
  return b;
}

int SignOf(double e) { return (e > 0) - (e < 0); }

// Rounding-mode switch for f64 directed rounding.
int HostMode(Rounding r) {
  switch (r) {
    case Rounding::kRz:
      return FE_TOWARDZERO;
    case Rounding::kRm:
      return FE_DOWNWARD;
    case Rounding::kRp:
      return FE_UPWARD;
    default:
      return FE_TONEAREST;
  }
}

class ScopedRounding {
 public:
  explicit ScopedRounding(Rounding r) : saved_(std::fegetround()) { std::fesetround(HostMode(r)); }
  ~ScopedRounding() { std::fesetround(saved_); }
  ScopedRounding(const ScopedRounding&) = delete;
  ScopedRounding& operator=(const ScopedRounding&) = delete;

 private:
  int saved_;
};

[[gnu::noinline]] double F64Directed(Opcode op, Rounding rnd, double a, double b, double c) {
  volatile double va = a, vb = b, vc = c;
  volatile double vr = 0;
  {
    ScopedRounding guard(rnd);
    switch (op) {
      case Opcode::kAdd:
        vr = va + vb;
        break;
      case Opcode::kSub:
        vr = va - vb;
        break;
      case Opcode::kMul:
        vr = va * vb;
        break;
      case Opcode::kDiv:
        vr = va / vb;
        break;
      case Opcode::kRcp:
        vr = 1.0 / va;
        break;
      case Opcode::kSqrt:
        vr = std::sqrt(va);
        break;
      default:  // kFma
        vr = std::fma(va, vb, vc);
        break;
    }
  }
  return vr;
}

inline uint64_t F32Directed(Opcode op, Rounding rnd, double x, double y, double z) {
  int err = 0;
  const double s = detail::DoubleOpWithError(op, rnd, x, y, z, &err);
  if (std::isnan(s)) return kNaN32;
  return detail::RoundDouble(ScalarType::kF32, s, err, rnd);
}

uint64_t F32Binary(Opcode op, const ptx::Modifiers& m, uint64_t a_bits, uint64_t b_bits) {
  uint32_t ua = static_cast<uint32_t>(a_bits), ub = static_cast<uint32_t>(b_bits);
  if (op == Opcode::kCopysign) return (ua & kSign32) | (ub & ~kSign32);
  if (op == Opcode::kMin || op == Opcode::kMax) {
    return detail::FloatMinMax(op == Opcode::kMax, ScalarType::kF32, m, ua, ub);
  }
  if (m.ftz) {
    ua = Flush32(ua);
    ub = Flush32(ub);
  }
  const float x = AsF32(ua), y = AsF32(ub);
  if (IsDirected(m.rounding)) {
    return Finish32(static_cast<uint32_t>(F32Directed(op, m.rounding, x, y, 0)), m.ftz, m.sat);
  }
  float r;
  switch (op) {
    case Opcode::kAdd:
      r = x + y;
      break;
    case Opcode::kSub:
      r = x - y;
      break;
    case Opcode::kMul:
      r = x * y;
      break;
    case Opcode::kDiv:
      // div.approx.f32 is a * (1/b); for 2^126 < |b| < 2^128 the reciprocal flushes to zero.
      if (m.approx && !m.full && std::fabs(y) > 0x1p126f && std::isfinite(y)) {
        r = !std::isfinite(x) ? NAN : std::copysign(0.0f, x) * std::copysign(1.0f, y);
      } else {
        r = x / y;
      }
      break;
    default:
      return kNaN32;
  }
  return Finish32(static_cast<uint32_t>(BitsOf(r)), m.ftz, m.sat);
}

uint64_t F64Binary(Opcode op, const ptx::Modifiers& m, uint64_t a, uint64_t b) {
  if (op == Opcode::kCopysign) return (a & kSign64) | (b & ~kSign64);
  if (op == Opcode::kMin || op == Opcode::kMax) {
    return detail::FloatMinMax(op == Opcode::kMax, ScalarType::kF64, m, a, b);
  }
  const double x = AsF64(a), y = AsF64(b);
  double r;
  if (IsDirected(m.rounding)) {
    r = F64Directed(op, m.rounding, x, y, 0);
  } else {
    switch (op) {
      case Opcode::kAdd:
        r = x + y;
        break;
      case Opcode::kSub:
        r = x - y;
        break;
      case Opcode::kMul:
        r = x * y;
        break;
      case Opcode::kDiv:
        r = x / y;
        break;
      default:
        return kNaN64;
    }
  }
  return std::isnan(r) ? kNaN64 : BitsOf(r);
}

uint64_t F32Unary(Opcode op, const ptx::Modifiers& m, uint64_t a_bits) {
  uint32_t u = static_cast<uint32_t>(a_bits);
  if (m.ftz) u = Flush32(u);
  if (op == Opcode::kAbs) return u & ~kSign32;
  if (op == Opcode::kNeg) return u ^ kSign32;
  const float x = AsF32(u);
  const double dx = x;
  if (IsDirected(m.rounding) && (op == Opcode::kSqrt || op == Opcode::kRcp)) {
    const uint64_t r = op == Opcode::kSqrt ? F32Directed(Opcode::kSqrt, m.rounding, dx, 0, 0)
                                           : F32Directed(Opcode::kDiv, m.rounding, 1.0, dx, 0);
    return Finish32(static_cast<uint32_t>(r), m.ftz, m.sat);
  }
  // The .approx functions: the correctly rounded value of the double result (within one f32
  // ulp of the exact value, well inside every documented bound); ex2 within 1 ulp.
  float r;
  switch (op) {
    case Opcode::kSqrt:
      r = std::sqrt(x);
      break;
    case Opcode::kRcp:
      r = 1.0f / x;
      break;
    case Opcode::kRsqrt:
      r = static_cast<float>(1.0 / std::sqrt(dx));
      break;
    case Opcode::kEx2:  // in float, shared with the cpu compiler (ex2_approx.h)
      r = cs_ex2_approx(x);
      break;
    case Opcode::kLg2:
      r = static_cast<float>(std::log2(dx));
      break;
    case Opcode::kSin:
      r = static_cast<float>(std::sin(dx));
      break;
    case Opcode::kCos:
      r = static_cast<float>(std::cos(dx));
      break;
    case Opcode::kTanh:
      r = static_cast<float>(std::tanh(dx));
      break;
    default:
      return kNaN32;
  }
  return Finish32(static_cast<uint32_t>(BitsOf(r)), m.ftz, m.sat);
}

uint64_t F64Unary(Opcode op, const ptx::Modifiers& m, uint64_t a) {
  // Only rcp.approx.ftz.f64 and rsqrt.approx.ftz.f64 flush f64 subnormals.
  const bool ftz = m.ftz && (op == Opcode::kRcp || op == Opcode::kRsqrt);
  if (ftz) a = Flush64(a);
  if (op == Opcode::kAbs) return a & ~kSign64;
  if (op == Opcode::kNeg) return a ^ kSign64;
  const double x = AsF64(a);
  double r;
  if (IsDirected(m.rounding) && (op == Opcode::kSqrt || op == Opcode::kRcp)) {
    r = F64Directed(op, m.rounding, x, 0, 0);
  } else {
    switch (op) {
      case Opcode::kSqrt:
        r = std::sqrt(x);
        break;
      case Opcode::kRcp:
        r = 1.0 / x;
        break;
      case Opcode::kRsqrt:
        r = 1.0 / std::sqrt(x);
        break;
      case Opcode::kEx2:
        r = std::exp2(x);
        break;
      case Opcode::kLg2:
        r = std::log2(x);
        break;
      case Opcode::kSin:
        r = std::sin(x);
        break;
      case Opcode::kCos:
        r = std::cos(x);
        break;
      case Opcode::kTanh:
        r = std::tanh(x);
        break;
      default:
        return kNaN64;
    }
  }
  if (std::isnan(r)) return kNaN64;
  return ftz ? Flush64(BitsOf(r)) : BitsOf(r);
}

// The layout of a float type's bits: fraction bits, exponent bits, total width.
struct Layout {
  int mant, exp, width;
};
inline Layout LayoutOf(ScalarType t) {
  switch (t) {
    case ScalarType::kF16:
      return {10, 5, 16};
    case ScalarType::kBF16:
      return {7, 8, 16};
    case ScalarType::kF64:
      return {52, 11, 64};
    default:
      return {23, 8, 32};
  }
}

// The value of a float register as a double (exact), f32 subnormals flushed when ftz.
inline double Value(ScalarType t, uint64_t bits, bool ftz) {
  switch (t) {
    case ScalarType::kF16:
      return F16ToF32(static_cast<uint16_t>(bits));
    case ScalarType::kBF16:
      return BF16ToF32(static_cast<uint16_t>(bits));
    case ScalarType::kF64:
      return AsF64(bits);
    default: {
      const uint32_t b = static_cast<uint32_t>(bits);
      return AsF32(ftz ? Flush32(b) : b);
    }
  }
}

}  // namespace

namespace detail {

double DoubleOpWithError(Opcode op, Rounding rnd, double x, double y, double z, int* err) {
  *err = 0;
  double s;
  switch (op) {
    case Opcode::kSub:
      y = -y;
      [[fallthrough]];
    case Opcode::kAdd: {
      s = x + y;
      const double bb = s - x;
      *err = SignOf((x - (s - bb)) + (y - bb));
      // An exact zero sum of nonzero or differently signed operands is -0 when rounding down.
      if (s == 0 && rnd == Rounding::kRm && (std::signbit(x) || std::signbit(y))) s = -0.0;
      return s;
    }
    case Opcode::kMul:
      return x * y;
    case Opcode::kFma:
    case Opcode::kMad: {
      const double p = x * y;  // exact for operands of 26 bits or fewer
      s = p + z;
      const double bb = s - p;
      *err = SignOf((p - (s - bb)) + (z - bb));
      if (s == 0 && rnd == Rounding::kRm && (std::signbit(p) || std::signbit(z))) s = -0.0;
      return s;
    }
    case Opcode::kDiv:
      s = x / y;
      if (std::isfinite(s) && s != 0) {
        const double r = std::fma(-s, y, x);  // the exact remainder
        *err = r == 0 ? 0 : ((r > 0) == (y > 0) ? 1 : -1);
      }
      return s;
    case Opcode::kSqrt:
      s = std::sqrt(x);
      if (std::isfinite(s) && s > 0) *err = SignOf(std::fma(-s, s, x));
      return s;
    default:
      return NAN;
  }
}

uint64_t FloatMinMax(bool is_max, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b) {
  const Layout l = LayoutOf(t);
  const uint64_t sign = 1ull << (l.width - 1);
  const uint64_t abs_mask = sign - 1;
  const uint64_t inf = WidthMask(l.exp) << l.mant;
  a &= WidthMask(l.width);
  b &= WidthMask(l.width);
  if (m.ftz) {
    if ((a & inf) == 0) a &= sign;
    if ((b & inf) == 0) b &= sign;
  }
  const uint64_t xor_sign = (a ^ b) & sign;
  if (m.abs) {
    a &= abs_mask;
    b &= abs_mask;
  }
  const bool a_nan = (a & abs_mask) > inf, b_nan = (b & abs_mask) > inf;
  if ((a_nan && b_nan) || (m.nan && (a_nan || b_nan))) return abs_mask;  // canonical NaN
  uint64_t r;
  if (a_nan) {
    r = b;
  } else if (b_nan) {
    r = a;
  } else {
    // Sign-magnitude to a monotonic integer key: -0 orders just below +0.
    const int64_t ka =
        (a & sign) ? -static_cast<int64_t>(a & abs_mask) - 1 : static_cast<int64_t>(a);
    const int64_t kb =
        (b & sign) ? -static_cast<int64_t>(b & abs_mask) - 1 : static_cast<int64_t>(b);
    r = is_max ? (ka >= kb ? a : b) : (ka <= kb ? a : b);
  }
  if (m.xorsign) r = (r & abs_mask) | xor_sign;
  return r;
}

}  // namespace detail

uint64_t FloatBinary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b) {
  switch (t) {
    case ScalarType::kF64:
      return F64Binary(op, m, a, b);
    case ScalarType::kF16:
    case ScalarType::kBF16:
      return detail::HalfBinary(op, t, m, a, b);
    case ScalarType::kF16x2:
    case ScalarType::kBF16x2: {
      const ScalarType h = t == ScalarType::kF16x2 ? ScalarType::kF16 : ScalarType::kBF16;
      return PackHalves(detail::HalfBinary(op, h, m, HalfOf(a, 0), HalfOf(b, 0)),
                        detail::HalfBinary(op, h, m, HalfOf(a, 1), HalfOf(b, 1)));
    }
    default:
      return F32Binary(op, m, a, b);
  }
}

uint64_t FloatFma(ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b, uint64_t c) {
  switch (t) {
    case ScalarType::kF64: {
      const double x = AsF64(a), y = AsF64(b), z = AsF64(c);
      const double r = IsDirected(m.rounding) ? F64Directed(Opcode::kFma, m.rounding, x, y, z)
                                              : std::fma(x, y, z);
      return std::isnan(r) ? kNaN64 : BitsOf(r);
    }
    case ScalarType::kF16:
    case ScalarType::kBF16:
      return detail::HalfFma(t, m, a, b, c);
    case ScalarType::kF16x2:
    case ScalarType::kBF16x2: {
      const ScalarType h = t == ScalarType::kF16x2 ? ScalarType::kF16 : ScalarType::kBF16;
      return PackHalves(detail::HalfFma(h, m, HalfOf(a, 0), HalfOf(b, 0), HalfOf(c, 0)),
                        detail::HalfFma(h, m, HalfOf(a, 1), HalfOf(b, 1), HalfOf(c, 1)));
    }
    default: {
      uint32_t ua = static_cast<uint32_t>(a), ub = static_cast<uint32_t>(b),
               uc = static_cast<uint32_t>(c);
      if (m.ftz) {
        ua = Flush32(ua);
        ub = Flush32(ub);
        uc = Flush32(uc);
      }
      const float x = AsF32(ua), y = AsF32(ub), z = AsF32(uc);
      const uint32_t r = IsDirected(m.rounding)
                             ? static_cast<uint32_t>(F32Directed(Opcode::kFma, m.rounding, x, y, z))
                             : static_cast<uint32_t>(BitsOf(std::fma(x, y, z)));
      return Finish32(r, m.ftz, m.sat);
    }
  }
}

uint64_t FloatUnary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a) {
  switch (t) {
    case ScalarType::kF64:
      return F64Unary(op, m, a);
    case ScalarType::kF16:
    case ScalarType::kBF16:
      return detail::HalfUnary(op, t, m, a);
    case ScalarType::kF16x2:
    case ScalarType::kBF16x2: {
      const ScalarType h = t == ScalarType::kF16x2 ? ScalarType::kF16 : ScalarType::kBF16;
      return PackHalves(detail::HalfUnary(op, h, m, HalfOf(a, 0)),
                        detail::HalfUnary(op, h, m, HalfOf(a, 1)));
    }
    default:
      return F32Unary(op, m, a);
  }
}

bool FloatCompare(CmpOp op, ScalarType t, uint64_t a, uint64_t b, bool ftz) {
  const double x = Value(t, a, ftz), y = Value(t, b, ftz);
  const bool unordered = std::isnan(x) || std::isnan(y);
  switch (op) {
    case CmpOp::kEq:
      return x == y;
    case CmpOp::kNe:
      return !unordered && x != y;
    case CmpOp::kLt:
      return x < y;
    case CmpOp::kLe:
      return x <= y;
    case CmpOp::kGt:
      return x > y;
    case CmpOp::kGe:
      return x >= y;
    case CmpOp::kEqu:
      return unordered || x == y;
    case CmpOp::kNeu:
      return x != y;
    case CmpOp::kLtu:
      return !(x >= y);
    case CmpOp::kLeu:
      return !(x > y);
    case CmpOp::kGtu:
      return !(x <= y);
    case CmpOp::kGeu:
      return !(x < y);
    case CmpOp::kNum:
      return !unordered;
    case CmpOp::kNan:
      return unordered;
    default:
      return false;
  }
}

bool Testp(TestpOp op, ScalarType t, uint64_t a) {
  const Layout l = LayoutOf(t);
  const uint64_t exp_field = (a >> l.mant) & WidthMask(l.exp);
  const uint64_t frac = a & WidthMask(l.mant);
  const bool max_exp = exp_field == WidthMask(l.exp);
  switch (op) {
    case TestpOp::kFinite:
      return !max_exp;
    case TestpOp::kInfinite:
      return max_exp && frac == 0;
    case TestpOp::kNumber:
      return !max_exp || frac == 0;
    case TestpOp::kNotANumber:
      return max_exp && frac != 0;
    case TestpOp::kNormal:
      return !max_exp && exp_field != 0;
    case TestpOp::kSubnormal:
      return exp_field == 0 && frac != 0;
    default:
      return false;
  }
}

}  // namespace cudashim::simt
