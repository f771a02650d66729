#ifndef CUDASHIM_RUNTIME_BACKENDS_SIMT_LANE_OPS_H_
#define CUDASHIM_RUNTIME_BACKENDS_SIMT_LANE_OPS_H_

// Per-lane semantics of PTX instructions: pure functions on raw register bit patterns, bit-exact
// with the GPU wherever PTX defines the result exactly (integer ops, conversions, IEEE float ops
// with a rounding mode), within NVIDIA's documented error bounds for the .approx operations.
//
// Register bits travel in uint64_t:
//   - f64 / b64 / u64 / s64: all 64 bits; f32 and 32-bit integers: the low 32 bits;
//   - f16 / bf16: the low 16 bits; f16x2 / bf16x2: two halves in the low 32 bits, element 0 in
//     bits [15:0], element 1 in bits [31:16]; .pred: 0 or 1.
// Inputs are never assumed to be extended: every function masks or sign-extends by the type it
// is given. Results are always zero-extended above the result's width (so a s8 -1 is 0xFF).
//
// The float ops never touch the host's floating-point environment on the default (.rn) path;
// the directed roundings (.rz/.rm/.rp) switch the rounding mode around one operation and restore
// it. No function traps: division by zero, INT_MIN / -1 and every NaN are ordinary inputs.

#include <bit>
#include <cstdint>

#include "runtime/ptx/ir.h"

namespace cudashim::simt {

using ptx::CmpOp;
using ptx::MulMode;
using ptx::Opcode;
using ptx::PrmtMode;
using ptx::Rounding;
using ptx::ScalarType;
using ptx::ShfMode;
using ptx::TestpOp;

// --- Types and bit views --------------------------------------------------------------------

// Bits of a register of this type (pred 1, f16x2 32, e4m3x2 16); 64 for anything unsized.
constexpr int BitWidth(ScalarType t) {
  switch (t) {
    case ScalarType::kPred:
      return 1;
    case ScalarType::kB8:
    case ScalarType::kU8:
    case ScalarType::kS8:
      return 8;
    case ScalarType::kB16:
    case ScalarType::kU16:
    case ScalarType::kS16:
    case ScalarType::kF16:
    case ScalarType::kBF16:
    case ScalarType::kE4M3x2:
    case ScalarType::kE5M2x2:
      return 16;
    case ScalarType::kB32:
    case ScalarType::kU32:
    case ScalarType::kS32:
    case ScalarType::kF32:
    case ScalarType::kTF32:
    case ScalarType::kF16x2:
    case ScalarType::kBF16x2:
      return 32;
    default:
      return 64;
  }
}
constexpr bool IsSignedInt(ScalarType t) {
  return t == ScalarType::kS8 || t == ScalarType::kS16 || t == ScalarType::kS32 ||
         t == ScalarType::kS64;
}
constexpr uint64_t WidthMask(int bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }
constexpr uint64_t TypeMask(ScalarType t) { return WidthMask(BitWidth(t)); }
constexpr int64_t SignExtend(uint64_t v, int bits) {
  return bits >= 64 ? static_cast<int64_t>(v)
                    : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
}
// The value of an integer register as 64 bits: sign-extended for s*, zero-extended otherwise.
constexpr uint64_t ExtendInt(ScalarType t, uint64_t v) {
  const int w = BitWidth(t);
  return IsSignedInt(t) ? static_cast<uint64_t>(SignExtend(v, w)) : v & WidthMask(w);
}

inline float AsF32(uint64_t bits) { return std::bit_cast<float>(static_cast<uint32_t>(bits)); }
inline double AsF64(uint64_t bits) { return std::bit_cast<double>(bits); }
inline uint64_t BitsOf(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t BitsOf(double d) { return std::bit_cast<uint64_t>(d); }

// Element i (0 = low) of a f16x2/bf16x2 register, and the reverse.
constexpr uint64_t HalfOf(uint64_t packed, int i) { return (packed >> (16 * i)) & 0xFFFF; }
constexpr uint64_t PackHalves(uint64_t lo, uint64_t hi) {
  return (lo & 0xFFFF) | ((hi & 0xFFFF) << 16);
}

// --- Conversions (cvt) ----------------------------------------------------------------------

// cvt.{rnd}{.ftz}{.sat}{.relu}{.satfinite}.dst.src for every pair of scalar integer and float
// types (f16, bf16, tf32, f32, f64; not the packed types, see CvtPack). rnd may be kNone: the
// default is .rn for conversions that round to a float and .rzi (C's truncation) for float to
// integer. Integer <-> integer: truncate or extend by the source's signedness; .sat clamps to
// the destination's range. Float -> integer: NaN -> 0, out-of-range values clamp (always, as
// PTX defines). Float -> float of the same size with rni/rzi/rmi/rpi rounds to an integer value.
// .ftz flushes f32 subnormal inputs and results to a zero of the same sign; .sat on a float
// destination clamps to [0.0, 1.0] with NaN -> 0. .relu (f16/bf16/tf32 destinations) clamps
// negative results to +0 and keeps NaN; .satfinite clamps infinities and out-of-range values to
// the largest finite value and NaN stays NaN.
uint64_t Convert(ScalarType dst, ScalarType src, Rounding rnd, bool ftz, bool sat, uint64_t bits,
                 bool relu = false, bool satfinite = false);
inline uint64_t Convert(const ptx::Modifiers& m, uint64_t bits) {
  return Convert(m.type, m.type2, m.rounding, m.ftz, m.sat, bits, m.relu);
}

// cvt.rnd{.relu}{.satfinite}.f16x2.f32 d, a, b (and .bf16x2): d = {cvt(a) in the HIGH half,
// cvt(b) in the LOW half}, exactly as PTX orders them. dst is kF16x2 or kBF16x2.
uint64_t CvtPack(ScalarType dst, Rounding rnd, bool relu, bool satfinite, uint64_t a_f32,
                 uint64_t b_f32);

// Scalar helpers for the executor (ld/st of halves, tex formats): exact widening, and
// narrowing with a rounding mode (kRn/kRz/kRm/kRp, kNone = kRn).
float F16ToF32(uint16_t h);
float BF16ToF32(uint16_t h);
uint16_t F32ToF16(float f, Rounding rnd = Rounding::kRn);
uint16_t F32ToBF16(float f, Rounding rnd = Rounding::kRn);

// --- Floating point -------------------------------------------------------------------------
// Types: f32, f64, f16, bf16, and f16x2/bf16x2 (applied to each half). Modifiers used:
// rounding, ftz, sat, approx, full, nan, abs, xorsign, relu.

// add sub mul div min max copysign.
//   div: .rn/.rz/.rm/.rp exact; .approx.f32 and .full.f32 return the correctly rounded quotient
//        (inside their 2-ulp bound), except that div.approx.f32 returns 0 for |b| in
//        [2^126, 2^128) like the hardware documents.
//   min/max: one NaN input -> the other input; both NaN -> NaN; .NaN -> NaN if either is NaN;
//        -0 < +0; .abs/.xorsign.abs (f16, bf16, f32) as PTX defines.
//   copysign d, a, b: the magnitude of b with the sign of a (PTX's operand order).
uint64_t FloatBinary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b);

// fma and mad (mad.f32 is fma on sm_20+): a * b + c rounded once; .ftz, .sat, .relu (f16/bf16).
uint64_t FloatFma(ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b, uint64_t c);

// abs neg sqrt rsqrt rcp ex2 lg2 sin cos tanh. sqrt/rcp with a rounding mode are exact; the
// .approx forms return the correctly rounded value of the function (well inside NVIDIA's
// bounds) with the special values PTX documents (lg2(0) = -inf, rsqrt(-0) = -inf, ...).
uint64_t FloatUnary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a);

// setp/set comparison of two scalars (f16, bf16, f32, f64; a packed pair compares per half,
// the executor passes each half as kF16/kBF16). Ordered ops are false when either is NaN; the
// ...u ops are true when either is NaN. ftz (f32 only) compares flushed subnormals.
bool FloatCompare(CmpOp op, ScalarType t, uint64_t a, uint64_t b, bool ftz = false);

// testp.op.type a.
bool Testp(TestpOp op, ScalarType t, uint64_t a);

// The value `set` writes for a boolean: 0xFFFFFFFF / 0 for integer destinations, 1.0f / 0.0f
// for f32.
constexpr uint64_t SetResult(ScalarType dst, bool v) {
  return dst == ScalarType::kF32 ? (v ? 0x3F800000ull : 0ull) : (v ? TypeMask(dst) : 0ull);
}

// --- Integer comparisons and arithmetic -----------------------------------------------------

// setp for integer types: eq ne lt le gt ge compare as the type's signedness (b* as unsigned);
// lo ls hi hs always compare unsigned.
bool IntCompare(CmpOp op, ScalarType t, uint64_t a, uint64_t b);

// add/sub (wrapping; sat only meaningful for s32: clamps to [INT_MIN, INT_MAX]).
inline uint64_t IntAdd(ScalarType t, bool sat, uint64_t a, uint64_t b);
inline uint64_t IntSub(ScalarType t, bool sat, uint64_t a, uint64_t b);

// mul.lo/hi/wide (kNone = lo). .wide yields twice the width (s16 -> 32 bits, s32 -> 64 bits).
uint64_t IntMul(MulMode mode, ScalarType t, uint64_t a, uint64_t b);
// mad.lo/hi/wide: c has the result's width (2x for .wide). sat: mad.hi.sat.s32 clamps the sum.
uint64_t IntMad(MulMode mode, ScalarType t, bool sat, uint64_t a, uint64_t b, uint64_t c);

// div/rem. Division by zero does not trap: div gives all ones, rem gives a. INT_MIN / -1 wraps
// to INT_MIN, INT_MIN % -1 is 0.
uint64_t IntDiv(ScalarType t, uint64_t a, uint64_t b);
uint64_t IntRem(ScalarType t, uint64_t a, uint64_t b);

inline uint64_t IntMin(ScalarType t, uint64_t a, uint64_t b);
inline uint64_t IntMax(ScalarType t, uint64_t a, uint64_t b);
inline uint64_t IntAbs(ScalarType t, uint64_t a);  // abs(INT_MIN) = INT_MIN
inline uint64_t IntNeg(ScalarType t, uint64_t a);

// shl / shr (amount is unsigned: >= width gives 0 for shl and shr.u/b, sign fill for shr.s).
inline uint64_t Shl(ScalarType t, uint64_t a, uint32_t n);
inline uint64_t Shr(ScalarType t, uint64_t a, uint32_t n);

// Extended-precision arithmetic: add.cc/addc, sub.cc/subc, mad.cc/madc (u32/s32/u64/s64).
// The flag of sub is a borrow (PTX's CC.CF after sub.cc is set when a < b + borrow_in).
inline uint64_t AddCarry(ScalarType t, uint64_t a, uint64_t b, bool carry_in, bool* carry_out);
inline uint64_t SubBorrow(ScalarType t, uint64_t a, uint64_t b, bool borrow_in, bool* borrow_out);
// mad{c}.lo/hi{.cc}: (the lo or hi half of a*b) + c + carry_in, with carry out.
uint64_t MadCarry(MulMode mode, ScalarType t, uint64_t a, uint64_t b, uint64_t c, bool carry_in,
                  bool* carry_out);

// mul24/mad24 .lo/.hi (u32, s32): 24-bit operands, 48-bit product; .hi is bits [47:16].
// mad24.hi.sat.s32 clamps the sum.
uint64_t Mul24(MulMode mode, ScalarType t, uint64_t a, uint64_t b);
uint64_t Mad24(MulMode mode, ScalarType t, bool sat, uint64_t a, uint64_t b, uint64_t c);

// sad.type d, a, b, c: c + |a - b|.
uint64_t Sad(ScalarType t, uint64_t a, uint64_t b, uint64_t c);

// dp4a.atype.btype d, a, b, c and dp2a.{lo,hi}.atype.btype (atype/btype u32 or s32).
uint32_t Dp4a(ScalarType ta, ScalarType tb, uint32_t a, uint32_t b, uint32_t c);
uint32_t Dp2a(bool hi, ScalarType ta, ScalarType tb, uint32_t a, uint32_t b, uint32_t c);

// --- Bit manipulation -----------------------------------------------------------------------

// prmt.b32{.mode} d, a, b, sel.
uint32_t Prmt(uint32_t a, uint32_t b, uint32_t sel, PrmtMode mode);
// bfe.type d, a, pos, len (u32 s32 u64 s64; pos and len use their low 8 bits).
uint64_t Bfe(ScalarType t, uint64_t a, uint32_t pos, uint32_t len);
// bfi.type f, a, b, pos, len: b with the low len bits of a inserted at pos (b32, b64).
uint64_t Bfi(ScalarType t, uint64_t a, uint64_t b, uint32_t pos, uint32_t len);
// bfind{.shiftamt}.type: position of the most significant non-sign bit, 0xFFFFFFFF if none.
uint32_t Bfind(ScalarType t, uint64_t a, bool shiftamt);
inline uint64_t Brev(ScalarType t, uint64_t a);
inline uint32_t Clz(ScalarType t, uint64_t a);
inline uint32_t Popc(ScalarType t, uint64_t a);
// bmsk.mode.b32 d, pos, len: len ones starting at bit pos.
inline uint32_t Bmsk(uint32_t pos, uint32_t len, ShfMode mode);
// lop3.b32 d, a, b, c, immLut.
inline uint32_t Lop3(uint32_t a, uint32_t b, uint32_t c, uint32_t imm_lut);
// shf.{l,r}.mode.b32 d, a, b, c: funnel shift of the 64-bit value b:a (b is the high word) by
// c (wrap: c & 31, clamp: min(c, 32)); .l keeps the high word, .r the low word.
inline uint32_t Shf(bool left, ShfMode mode, uint32_t a, uint32_t b, uint32_t c);
// fns.b32 d, mask, base, offset: the position of the offset-th set bit from base, or ~0.
uint32_t Fns(uint32_t mask, uint32_t base, int32_t offset);
// szext.mode.type d, a, b: a sign (s32) or zero (u32) extended from its low b bits.
inline uint32_t Szext(ShfMode mode, ScalarType t, uint32_t a, uint32_t b);

// ============================================================================================
// Implementation details below.

inline uint64_t IntAdd(ScalarType t, bool sat, uint64_t a, uint64_t b) {
  if (sat && t == ScalarType::kS32) {
    int64_t s = SignExtend(a, 32) + SignExtend(b, 32);
    s = s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s);
    return static_cast<uint64_t>(s) & 0xFFFFFFFFull;
  }
  return (a + b) & TypeMask(t);
}
inline uint64_t IntSub(ScalarType t, bool sat, uint64_t a, uint64_t b) {
  if (sat && t == ScalarType::kS32) {
    int64_t s = SignExtend(a, 32) - SignExtend(b, 32);
    s = s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s);
    return static_cast<uint64_t>(s) & 0xFFFFFFFFull;
  }
  return (a - b) & TypeMask(t);
}
inline uint64_t IntMin(ScalarType t, uint64_t a, uint64_t b) {
  const uint64_t x = ExtendInt(t, a), y = ExtendInt(t, b);
  const bool less = IsSignedInt(t) ? static_cast<int64_t>(x) < static_cast<int64_t>(y) : x < y;
  return (less ? x : y) & TypeMask(t);
}
inline uint64_t IntMax(ScalarType t, uint64_t a, uint64_t b) {
  const uint64_t x = ExtendInt(t, a), y = ExtendInt(t, b);
  const bool less = IsSignedInt(t) ? static_cast<int64_t>(x) < static_cast<int64_t>(y) : x < y;
  return (less ? y : x) & TypeMask(t);
}
inline uint64_t IntAbs(ScalarType t, uint64_t a) {
  const int64_t x = SignExtend(a, BitWidth(t));
  return (x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x)) & TypeMask(t);
}
inline uint64_t IntNeg(ScalarType t, uint64_t a) { return (0 - a) & TypeMask(t); }

inline uint64_t Shl(ScalarType t, uint64_t a, uint32_t n) {
  const int w = BitWidth(t);
  return n >= static_cast<uint32_t>(w) ? 0 : (a << n) & WidthMask(w);
}
inline uint64_t Shr(ScalarType t, uint64_t a, uint32_t n) {
  const int w = BitWidth(t);
  if (IsSignedInt(t)) {
    const int64_t x = SignExtend(a, w);
    return static_cast<uint64_t>(x >> (n > 63 ? 63 : n)) & WidthMask(w);
  }
  return n >= static_cast<uint32_t>(w) ? 0 : (a & WidthMask(w)) >> n;
}

inline uint64_t AddCarry(ScalarType t, uint64_t a, uint64_t b, bool carry_in, bool* carry_out) {
  const int w = BitWidth(t);
  if (w == 64) {
    const unsigned __int128 s =
        static_cast<unsigned __int128>(a) + b + static_cast<unsigned>(carry_in);
    *carry_out = static_cast<bool>(s >> 64);
    return static_cast<uint64_t>(s);
  }
  const uint64_t m = WidthMask(w);
  const uint64_t s = (a & m) + (b & m) + static_cast<uint64_t>(carry_in);
  *carry_out = (s >> w) & 1;
  return s & m;
}
inline uint64_t SubBorrow(ScalarType t, uint64_t a, uint64_t b, bool borrow_in, bool* borrow_out) {
  const int w = BitWidth(t);
  if (w == 64) {
    const unsigned __int128 sub = static_cast<unsigned __int128>(b) + borrow_in;
    *borrow_out = static_cast<unsigned __int128>(a) < sub;
    return a - b - static_cast<uint64_t>(borrow_in);
  }
  const uint64_t m = WidthMask(w);
  const uint64_t sub = (b & m) + static_cast<uint64_t>(borrow_in);
  *borrow_out = (a & m) < sub;
  return ((a & m) - sub) & m;
}

inline uint64_t Brev(ScalarType t, uint64_t a) {
  uint64_t x = a;
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  x = __builtin_bswap64(x);
  return BitWidth(t) == 64 ? x : x >> 32;
}
inline uint32_t Clz(ScalarType t, uint64_t a) {
  return BitWidth(t) == 64 ? std::countl_zero(a) : std::countl_zero(static_cast<uint32_t>(a));
}
inline uint32_t Popc(ScalarType t, uint64_t a) { return std::popcount(a & TypeMask(t)); }
inline uint32_t Bmsk(uint32_t pos, uint32_t len, ShfMode mode) {
  if (mode == ShfMode::kClamp) {
    pos = pos > 32 ? 32 : pos;
    len = len > 32 ? 32 : len;
  } else {
    pos &= 31;
    len &= 31;
  }
  return static_cast<uint32_t>((WidthMask(static_cast<int>(len)) << pos) & 0xFFFFFFFFull);
}
inline uint32_t Lop3(uint32_t a, uint32_t b, uint32_t c, uint32_t imm_lut) {
  // The result is the OR of the LUT's minterms: bit (4a + 2b + c) of the LUT selects
  // the lanes where (a, b, c) has that value.
  uint32_t r = 0;
  for (uint32_t i = 0; i < 8; ++i) {
    if ((imm_lut >> i) & 1) {
      r |= ((i & 4) ? a : ~a) & ((i & 2) ? b : ~b) & ((i & 1) ? c : ~c);
    }
  }
  return r;
}
inline uint32_t Shf(bool left, ShfMode mode, uint32_t a, uint32_t b, uint32_t c) {
  const uint32_t n = mode == ShfMode::kClamp ? (c > 32 ? 32 : c) : (c & 31);
  const uint64_t v = (static_cast<uint64_t>(b) << 32) | a;
  return left ? static_cast<uint32_t>((v << n) >> 32) : static_cast<uint32_t>(v >> n);
}
inline uint32_t Szext(ShfMode mode, ScalarType t, uint32_t a, uint32_t b) {
  const uint32_t n = mode == ShfMode::kClamp ? (b > 32 ? 32 : b) : (b & 31);
  if (n == 0) return 0;
  return static_cast<uint32_t>(IsSignedInt(t) ? static_cast<uint64_t>(SignExtend(a, n))
                                              : a & WidthMask(static_cast<int>(n)));
}

namespace detail {

// A binary floating-point format: `mant` fraction bits, `exp` exponent bits. IEEE-like unless
// `no_inf` (e4m3: no infinities, the all-ones pattern is the only NaN).
struct FloatFormat {
  int mant;
  int exp;
  bool no_inf = false;
};
inline constexpr FloatFormat kF16Format{10, 5};
inline constexpr FloatFormat kBF16Format{7, 8};
inline constexpr FloatFormat kTF32Format{10, 8};  // stored in an f32 container (see Convert)
inline constexpr FloatFormat kF32Format{23, 8};
inline constexpr FloatFormat kF64Format{52, 11};
inline constexpr FloatFormat kE4M3Format{3, 4, true};
inline constexpr FloatFormat kE5M2Format{2, 5};

// Rounds the exact value (-1)^neg * (mag + sticky*epsilon) * 2^exp to `f` (kRn, kRna, kRz, kRm,
// kRp; others read as kRn). `sticky` says that nonzero bits were dropped below mag's lsb. mag may
// be 0 (a zero of that sign). satfinite: overflow gives the largest finite value instead of inf.
// Returns the format's bit pattern (in its own width).
uint64_t RoundToFormat(const FloatFormat& f, bool neg, uint64_t mag, int exp, bool sticky,
                       Rounding rnd, bool satfinite = false);

// Rounds x to the float type t (f16, bf16, tf32 in its f32 container, f32, f64), where the
// exact value is x plus something tiny of sign err_sign (0: x is exact). x is not NaN.
uint64_t RoundDouble(ScalarType t, double x, int err_sign, Rounding rnd, bool satfinite = false);

// add sub mul div fma sqrt of values that are f32 or narrower, in double: returns the double
// result and sets *err to the sign of (exact - result), so that RoundDouble rounds exactly once.
// An exact zero sum gets the sign IEEE gives it under rnd.
double DoubleOpWithError(Opcode op, Rounding rnd, double x, double y, double z, int* err);

// min/max of any float type (the packed types per half are the caller's business).
uint64_t FloatMinMax(bool is_max, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b);

// The f16/bf16 scalar operations behind FloatBinary/FloatFma/FloatUnary (lane_ops_half.cc).
uint64_t HalfBinary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b);
uint64_t HalfFma(ScalarType t, const ptx::Modifiers& m, uint64_t a, uint64_t b, uint64_t c);
uint64_t HalfUnary(Opcode op, ScalarType t, const ptx::Modifiers& m, uint64_t a);

}  // namespace detail

}  // namespace cudashim::simt

#endif  // CUDASHIM_RUNTIME_BACKENDS_SIMT_LANE_OPS_H_
