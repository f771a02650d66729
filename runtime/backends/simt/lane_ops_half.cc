// f16 and bf16 scalar arithmetic (the packed x2 forms apply these per half, see
// lane_ops_float.cc). Every value is exact as a double; the operation's result is computed in
// double together with the sign of its error, then rounded once to the half format.

#include <cmath>
#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::simt::detail {

namespace {

constexpr uint64_t kNaN16 = 0x7FFF;

inline uint64_t ExpMask(ScalarType t) { return t == ScalarType::kF16 ? 0x7C00 : 0x7F80; }

inline uint64_t FlushHalf(ScalarType t, uint64_t h) {
  return (h & ExpMask(t)) == 0 ? h & 0x8000 : h;
}

inline double HalfValue(ScalarType t, uint64_t h) {
  return t == ScalarType::kF16 ? F16ToF32(static_cast<uint16_t>(h))
                               : BF16ToF32(static_cast<uint16_t>(h));
}

inline bool IsNaNHalf(ScalarType t, uint64_t h) { return (h & 0x7FFF) > ExpMask(t); }

// The result after rounding: .ftz, .relu (negative -> +0, NaN stays), .sat ([0, 1], NaN -> 0).
inline uint64_t FinishHalf(ScalarType t, uint64_t r, const ptx::Modifiers& m) {
  if (IsNaNHalf(t, r)) return m.sat ? 0 : kNaN16;
  if (m.ftz) r = FlushHalf(t, r);
  if ((m.relu || m.sat) && (r & 0x8000)) return 0;
  if (m.sat) {
    const uint64_t one = t == ScalarType::kF16 ? 0x3C00 : 0x3F80;
    if (r > one) return one;
  }
  return r;
}

inline Rounding RnDefault(Rounding r) { return r == Rounding::kNone ? Rounding::kRn : r; }

}  // namespace

uint64_t HalfBinary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b) {
  a &= 0xFFFF;
  b &= 0xFFFF;
  if (op == Opcode::kCopysign) return (a & 0x8000) | (b & 0x7FFF);
  if (op == Opcode::kMin || op == Opcode::kMax) {
    return FloatMinMax(op == Opcode::kMax, t, m, a, b);
  }
  if (m.ftz) {
    a = FlushHalf(t, a);
    b = FlushHalf(t, b);
  }
  const Rounding rnd = RnDefault(m.rounding);
  int err = 0;
  const double s = DoubleOpWithError(op, rnd, HalfValue(t, a), HalfValue(t, b), 0, &err);
  if (std::isnan(s)) return m.sat ? 0 : kNaN16;
  return FinishHalf(t, RoundDouble(t, s, err, rnd), m);
}

uint64_t HalfFma(ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b, uint64_t c) {
  a &= 0xFFFF;
  b &= 0xFFFF;
  c &= 0xFFFF;
  if (m.ftz) {
    a = FlushHalf(t, a);
    b = FlushHalf(t, b);
    c = FlushHalf(t, c);
  }
  const Rounding rnd = RnDefault(m.rounding);
  int err = 0;
  const double s =
      DoubleOpWithError(Opcode::kFma, rnd, HalfValue(t, a), HalfValue(t, b), HalfValue(t, c), &err);
  if (std::isnan(s)) return m.sat ? 0 : kNaN16;
  return FinishHalf(t, RoundDouble(t, s, err, rnd), m);
}

uint64_t HalfUnary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a) {
  a &= 0xFFFF;
  if (m.ftz) a = FlushHalf(t, a);
  if (op == Opcode::kAbs) return a & 0x7FFF;
  if (op == Opcode::kNeg) return a ^ 0x8000;
  const double x = HalfValue(t, a);
  double r;
  switch (op) {
    case Opcode::kEx2:
      r = std::exp2(x);
      break;
    case Opcode::kTanh:
      r = std::tanh(x);
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
    case Opcode::kSqrt:
      r = std::sqrt(x);
      break;
    case Opcode::kRsqrt:
      r = 1.0 / std::sqrt(x);
      break;
    case Opcode::kRcp:
      r = 1.0 / x;
      break;
    default:
      return kNaN16;
  }
  if (std::isnan(r)) return m.sat ? 0 : kNaN16;
  return FinishHalf(t, RoundDouble(t, r, 0, Rounding::kRn), m);
}

}  // namespace cudashim::simt::detail
