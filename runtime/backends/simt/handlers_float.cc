// Floating-point arithmetic. f32/f64 add, sub, mul, fma and ordered setp in round-to-nearest
// without ftz/sat are the host's own IEEE operations (vectorised lane loops); every other form
// (directed rounding, ftz, sat, approx functions, f16/bf16 and packed pairs) goes through the
// bit-exact per-lane semantics in lane_ops.h.
#include <cmath>

#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/backends/simt/lanes.h"

namespace cudashim::simt {
namespace {

using ptx::CmpOp;
using ptx::Opcode;
using ptx::ScalarType;

template <typename T>
struct FastFloat {
  static Flow Add(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return Bits<T>(As<T>(a) + As<T>(b)); });
  }
  static Flow Sub(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return Bits<T>(As<T>(a) - As<T>(b)); });
  }
  static Flow Mul(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return Bits<T>(As<T>(a) * As<T>(b)); });
  }
  static Flow Fma(Exec& x, const Op& o) {
    return Ternary(x, o, [](uint64_t a, uint64_t b, uint64_t c) {
      return Bits<T>(std::fma(As<T>(a), As<T>(b), As<T>(c)));
    });
  }
  static Flow Neg(Exec& x, const Op& o) {
    return Unary(x, o, [](uint64_t a) { return Bits<T>(-As<T>(a)); });
  }
  static Flow Abs(Exec& x, const Op& o) {
    return Unary(x, o, [](uint64_t a) { return Bits<T>(std::fabs(As<T>(a))); });
  }
  // Ordered comparisons are false when either operand is NaN, exactly as C++'s operators.
  static Flow SetpEq(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return As<T>(a) == As<T>(b); }); }
  static Flow SetpLt(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return As<T>(a) < As<T>(b); }); }
  static Flow SetpLe(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return As<T>(a) <= As<T>(b); }); }
  static Flow SetpGt(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return As<T>(a) > As<T>(b); }); }
  static Flow SetpGe(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return As<T>(a) >= As<T>(b); }); }

  static Handler Select(const ptx::Instruction& inst) {
    const ptx::Modifiers& m = inst.mod;
    const bool rn = m.rounding == ptx::Rounding::kNone || m.rounding == ptx::Rounding::kRn;
    if (m.ftz || m.sat || m.relu || !rn) return nullptr;
    switch (inst.op) {
      case Opcode::kAdd: return Add;
      case Opcode::kSub: return Sub;
      case Opcode::kMul: return Mul;
      case Opcode::kFma: return Fma;
      case Opcode::kMad: return m.rounding == ptx::Rounding::kRn ? Fma : nullptr;
      case Opcode::kNeg: return Neg;
      case Opcode::kAbs: return Abs;
      case Opcode::kSetp:
        switch (m.cmp) {
          case CmpOp::kEq: return SetpEq;
          case CmpOp::kLt: return SetpLt;
          case CmpOp::kLe: return SetpLe;
          case CmpOp::kGt: return SetpGt;
          case CmpOp::kGe: return SetpGe;
          default: return nullptr;
        }
      default: return nullptr;
    }
  }
};

Flow BinaryGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) {
    return FloatBinary(o.inst->op, o.mod.type, o.mod, a, b);
  });
}
Flow UnaryGeneric(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return FloatUnary(o.inst->op, o.mod.type, o.mod, a); });
}
Flow FmaGeneric(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return FloatFma(o.mod.type, o.mod, a, b, c);
  });
}

// setp on a scalar float type.
Flow SetpGeneric(Exec& x, const Op& o) {
  return SetPredicates(x, o, [&](uint64_t a, uint64_t b) {
    return FloatCompare(o.mod.cmp, o.mod.type, a, b, o.mod.ftz);
  });
}

// setp.cmp.f16x2 p|q, a, b: p gets the low halves' result, q the high halves' (no `!cmp` pair).
Flow SetpPacked(Exec& x, const Op& o) {
  const ScalarType half = o.mod.type == ScalarType::kF16x2 ? ScalarType::kF16 : ScalarType::kBF16;
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  LaneMask lo = 0, hi = 0;
  ForLanes(x.mask, [&](int l) {
    lo |= LaneMask(FloatCompare(o.mod.cmp, half, HalfOf(a[l], 0), HalfOf(b[l], 0), o.mod.ftz)) << l;
    hi |= LaneMask(FloatCompare(o.mod.cmp, half, HalfOf(a[l], 1), HalfOf(b[l], 1), o.mod.ftz)) << l;
  });
  if (o.c != kNoSlot) {
    LaneMask c = x.Pred(o.c);
    if (o.negate_c) c = ~c;
    switch (o.mod.bool_op) {
      case ptx::BoolOp::kAnd: lo &= c; hi &= c; break;
      case ptx::BoolOp::kOr: lo |= c; hi |= c; break;
      case ptx::BoolOp::kXor: lo ^= c; hi ^= c; break;
      default: break;
    }
  }
  x.SetPred(o.d, lo, x.mask);
  if (o.d2 != kNoSlot) x.SetPred(o.d2, hi, x.mask);
  return Flow::kNext;
}

Flow TestpH(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  LaneMask r = 0;
  ForLanes(x.mask, [&](int l) { r |= LaneMask(Testp(o.mod.testp, o.mod.type, a[l])) << l; });
  x.SetPred(o.d, r, x.mask);
  return Flow::kNext;
}

}  // namespace

Handler SelectFloatHandler(const Op& op, const ptx::Instruction& inst) {
  const ScalarType t = inst.mod.type;
  if (!ptx::IsFloat(t)) return nullptr;
  if (t == ScalarType::kF32) {
    if (Handler h = FastFloat<float>::Select(inst)) return h;
  } else if (t == ScalarType::kF64) {
    if (Handler h = FastFloat<double>::Select(inst)) return h;
  }
  switch (inst.op) {
    case Opcode::kAdd:
    case Opcode::kSub:
    case Opcode::kMul:
    case Opcode::kDiv:
    case Opcode::kMin:
    case Opcode::kMax:
    case Opcode::kCopysign:
      return BinaryGeneric;
    case Opcode::kFma:
    case Opcode::kMad:
      return FmaGeneric;
    case Opcode::kAbs:
    case Opcode::kNeg:
    case Opcode::kSqrt:
    case Opcode::kRsqrt:
    case Opcode::kRcp:
    case Opcode::kEx2:
    case Opcode::kLg2:
    case Opcode::kSin:
    case Opcode::kCos:
    case Opcode::kTanh:
      return UnaryGeneric;
    case Opcode::kSetp:
      return t == ScalarType::kF16x2 || t == ScalarType::kBF16x2 ? SetpPacked : SetpGeneric;
    case Opcode::kTestp:
      return TestpH;
    default:
      return nullptr;
  }
}

}  // namespace cudashim::simt
