// Integer and predicate arithmetic. The hot forms (add, sub, mul.lo/wide, mad.lo, logic, shifts,
// setp on 32/64-bit integers) are templates the compiler vectorises over the lanes; the rarer
// forms call the pure per-lane semantics of lane_ops.h.
#include <bit>

#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/backends/simt/lanes.h"

namespace cudashim::simt {
namespace {

using ptx::BoolOp;
using ptx::Opcode;
using ptx::ScalarType;

// --- Fast paths, specialised per width ---------------------------------------------------------

template <typename U>
struct Fast {
  using S = std::make_signed_t<U>;
  static Flow Add(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(U(a) + U(b))); });
  }
  static Flow Sub(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(U(a) - U(b))); });
  }
  static Flow MulLo(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(U(a) * U(b))); });
  }
  static Flow MadLo(Exec& x, const Op& o) {
    return Ternary(x, o,
                   [](uint64_t a, uint64_t b, uint64_t c) { return uint64_t(U(U(a) * U(b) + U(c))); });
  }
  static Flow And(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(a & b)); });
  }
  static Flow Or(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(a | b)); });
  }
  static Flow Xor(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(a ^ b)); });
  }
  static Flow Not(Exec& x, const Op& o) {
    return Unary(x, o, [](uint64_t a) { return uint64_t(U(~a)); });
  }
  static Flow Shl(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) {
      uint32_t n = uint32_t(b);
      return n >= sizeof(U) * 8 ? uint64_t{0} : uint64_t(U(U(a) << n));
    });
  }
  static Flow ShrU(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) {
      uint32_t n = uint32_t(b);
      return n >= sizeof(U) * 8 ? uint64_t{0} : uint64_t(U(U(a) >> n));
    });
  }
  static Flow ShrS(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) {
      uint32_t n = uint32_t(b);
      n = n >= sizeof(U) * 8 ? sizeof(U) * 8 - 1 : n;
      return uint64_t(U(S(U(a)) >> n));
    });
  }
  static Flow MinS(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) {
      S p = S(U(a)), q = S(U(b));
      return uint64_t(U(p < q ? p : q));
    });
  }
  static Flow MaxS(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) {
      S p = S(U(a)), q = S(U(b));
      return uint64_t(U(p > q ? p : q));
    });
  }
  static Flow MinU(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(a) < U(b) ? U(a) : U(b)); });
  }
  static Flow MaxU(Exec& x, const Op& o) {
    return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(U(a) > U(b) ? U(a) : U(b)); });
  }
  static Flow Neg(Exec& x, const Op& o) {
    return Unary(x, o, [](uint64_t a) { return uint64_t(U(U(0) - U(a))); });
  }
  // Comparisons as the type's signedness (signed) or unsigned (the .lo/.ls/.hi/.hs forms).
  template <typename T>
  static Flow SetpEq(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) == T(b); }); }
  template <typename T>
  static Flow SetpNe(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) != T(b); }); }
  template <typename T>
  static Flow SetpLt(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) < T(b); }); }
  template <typename T>
  static Flow SetpLe(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) <= T(b); }); }
  template <typename T>
  static Flow SetpGt(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) > T(b); }); }
  template <typename T>
  static Flow SetpGe(Exec& x, const Op& o) { return SetPredicates(x, o, [](uint64_t a, uint64_t b) { return T(a) >= T(b); }); }
};

// mul.wide / mad.wide of 32-bit operands (the address arithmetic of nearly every kernel).
Flow MulWideS32(Exec& x, const Op& o) {
  return Binary(x, o, [](uint64_t a, uint64_t b) {
    return uint64_t(int64_t(int32_t(a)) * int64_t(int32_t(b)));
  });
}
Flow MulWideU32(Exec& x, const Op& o) {
  return Binary(x, o, [](uint64_t a, uint64_t b) { return uint64_t(uint32_t(a)) * uint32_t(b); });
}
Flow MadWideS32(Exec& x, const Op& o) {
  return Ternary(x, o, [](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(int64_t(int32_t(a)) * int64_t(int32_t(b))) + c;
  });
}
Flow MadWideU32(Exec& x, const Op& o) {
  return Ternary(x, o, [](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(uint32_t(a)) * uint32_t(b) + c;
  });
}

// --- Generic forms through lane_ops ------------------------------------------------------------

Flow AddGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntAdd(o.mod.type, o.mod.sat, a, b); });
}
Flow SubGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntSub(o.mod.type, o.mod.sat, a, b); });
}
Flow MulGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntMul(o.mod.mul_mode, o.mod.type, a, b); });
}
Flow MadGeneric(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return IntMad(o.mod.mul_mode, o.mod.type, o.mod.sat, a, b, c);
  });
}
Flow Mul24Generic(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return Mul24(o.mod.mul_mode, o.mod.type, a, b); });
}
Flow Mad24Generic(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return Mad24(o.mod.mul_mode, o.mod.type, o.mod.sat, a, b, c);
  });
}
Flow DivGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntDiv(o.mod.type, a, b); });
}
Flow RemGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntRem(o.mod.type, a, b); });
}
Flow MinGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntMin(o.mod.type, a, b); });
}
Flow MaxGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return IntMax(o.mod.type, a, b); });
}
Flow AbsGeneric(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return IntAbs(o.mod.type, a); });
}
Flow NegGeneric(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return IntNeg(o.mod.type, a); });
}
Flow ShlGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return Shl(o.mod.type, a, uint32_t(b)); });
}
Flow ShrGeneric(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) { return Shr(o.mod.type, a, uint32_t(b)); });
}
Flow LogicGeneric(Exec& x, const Op& o) {
  const uint64_t m = TypeMask(o.mod.type);
  switch (o.inst->op) {
    case Opcode::kAnd: return Binary(x, o, [m](uint64_t a, uint64_t b) { return a & b & m; });
    case Opcode::kOr: return Binary(x, o, [m](uint64_t a, uint64_t b) { return (a | b) & m; });
    case Opcode::kXor: return Binary(x, o, [m](uint64_t a, uint64_t b) { return (a ^ b) & m; });
    case Opcode::kNot: return Unary(x, o, [m](uint64_t a) { return ~a & m; });
    default: return Unary(x, o, [m](uint64_t a) { return (a & m) == 0 ? uint64_t{1} : 0; });  // cnot
  }
}
Flow Cnot(Exec& x, const Op& o) {
  const uint64_t m = TypeMask(o.mod.type);
  return Unary(x, o, [m](uint64_t a) { return (a & m) == 0 ? uint64_t{1} : 0; });
}

// Extended precision: the carry flag lives in Warp::carry, one bit per lane.
Flow AddCc(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  const bool use_in = o.inst->op == Opcode::kAddc;
  const bool set_out = o.mod.cc;
  LaneMask& cf = x.warp->carry;
  ForLanes(x.mask, [&](int l) {
    bool out = false;
    d[l] = AddCarry(o.mod.type, a[l], b[l], use_in && ((cf >> l) & 1), &out);
    if (set_out) cf = (cf & ~(1u << l)) | (LaneMask(out) << l);
  });
  return Flow::kNext;
}
Flow SubCc(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  const bool use_in = o.inst->op == Opcode::kSubc;
  const bool set_out = o.mod.cc;
  LaneMask& cf = x.warp->carry;
  ForLanes(x.mask, [&](int l) {
    bool out = false;
    d[l] = SubBorrow(o.mod.type, a[l], b[l], use_in && ((cf >> l) & 1), &out);
    if (set_out) cf = (cf & ~(1u << l)) | (LaneMask(out) << l);
  });
  return Flow::kNext;
}
Flow MadCc(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  const uint64_t* c = x.Reg(o.c);
  const bool use_in = o.inst->op == Opcode::kMadc;
  const bool set_out = o.mod.cc;
  LaneMask& cf = x.warp->carry;
  ForLanes(x.mask, [&](int l) {
    bool out = false;
    d[l] = MadCarry(o.mod.mul_mode, o.mod.type, a[l], b[l], c[l], use_in && ((cf >> l) & 1), &out);
    if (set_out) cf = (cf & ~(1u << l)) | (LaneMask(out) << l);
  });
  return Flow::kNext;
}

Flow PopcH(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return uint64_t(Popc(o.mod.type, a)); });
}
Flow ClzH(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return uint64_t(Clz(o.mod.type, a)); });
}
Flow BrevH(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return Brev(o.mod.type, a); });
}
Flow BfindH(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return uint64_t(Bfind(o.mod.type, a, o.mod.shiftamt)); });
}
Flow BfeH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return Bfe(o.mod.type, a, uint32_t(b), uint32_t(c));
  });
}
Flow BfiH(Exec& x, const Op& o) {
  return Quaternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c, uint64_t e) {
    return Bfi(o.mod.type, a, b, uint32_t(c), uint32_t(e));
  });
}
Flow PrmtH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(Prmt(uint32_t(a), uint32_t(b), uint32_t(c), o.mod.prmt_mode));
  });
}
Flow BmskH(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) {
    return uint64_t(Bmsk(uint32_t(a), uint32_t(b), o.mod.shf_mode));
  });
}
Flow Lop3H(Exec& x, const Op& o) {
  return Quaternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c, uint64_t e) {
    return uint64_t(Lop3(uint32_t(a), uint32_t(b), uint32_t(c), uint32_t(e)));
  });
}
Flow ShfH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(Shf(o.mod.left, o.mod.shf_mode, uint32_t(a), uint32_t(b), uint32_t(c)));
  });
}
Flow SadH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) { return Sad(o.mod.type, a, b, c); });
}
Flow Dp4aH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(Dp4a(o.mod.type, o.mod.type2, uint32_t(a), uint32_t(b), uint32_t(c)));
  });
}
Flow Dp2aH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(Dp2a(o.mod.mul_mode == ptx::MulMode::kHi, o.mod.type, o.mod.type2, uint32_t(a),
                         uint32_t(b), uint32_t(c)));
  });
}
Flow SzextH(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) {
    return uint64_t(Szext(o.mod.shf_mode, o.mod.type, uint32_t(a), uint32_t(b)));
  });
}
Flow FnsH(Exec& x, const Op& o) {
  return Ternary(x, o, [&](uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t(Fns(uint32_t(a), uint32_t(b), int32_t(c)));
  });
}
Flow SetpIntGeneric(Exec& x, const Op& o) {
  return SetPredicates(x, o, [&](uint64_t a, uint64_t b) { return IntCompare(o.mod.cmp, o.mod.type, a, b); });
}
// set.cmp.dtype.stype d, a, b {, c}: like setp, then the boolean as an integer or 1.0f.
Flow SetInt(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  LaneMask c = o.c != kNoSlot ? x.Pred(o.c) : 0;
  if (o.negate_c) c = ~c;
  ForLanes(x.mask, [&](int l) {
    bool v = IsFloat(o.mod.type2) ? FloatCompare(o.mod.cmp, o.mod.type2, a[l], b[l], o.mod.ftz)
                                  : IntCompare(o.mod.cmp, o.mod.type2, a[l], b[l]);
    if (o.c != kNoSlot) {
      bool cv = (c >> l) & 1;
      switch (o.mod.bool_op) {
        case BoolOp::kAnd: v = v && cv; break;
        case BoolOp::kOr: v = v || cv; break;
        case BoolOp::kXor: v = v != cv; break;
        default: break;
      }
    }
    d[l] = SetResult(o.mod.type, v);
  });
  return Flow::kNext;
}

// --- Predicates (masks) --------------------------------------------------------------------------

Flow PredAnd(Exec& x, const Op& o) { x.SetPred(o.d, x.Pred(o.a) & x.Pred(o.b), x.mask); return Flow::kNext; }
Flow PredOr(Exec& x, const Op& o) { x.SetPred(o.d, x.Pred(o.a) | x.Pred(o.b), x.mask); return Flow::kNext; }
Flow PredXor(Exec& x, const Op& o) { x.SetPred(o.d, x.Pred(o.a) ^ x.Pred(o.b), x.mask); return Flow::kNext; }
Flow PredNot(Exec& x, const Op& o) { x.SetPred(o.d, ~x.Pred(o.a), x.mask); return Flow::kNext; }
Flow PredCnot(Exec& x, const Op& o) { x.SetPred(o.d, ~x.Pred(o.a), x.mask); return Flow::kNext; }

template <template <typename> class Pick>
Handler ByWidth(ScalarType t) {
  switch (BitWidth(t)) {
    case 16: return Pick<uint16_t>::value;
    case 32: return Pick<uint32_t>::value;
    case 64: return Pick<uint64_t>::value;
    default: return nullptr;
  }
}

#define CUDASHIM_PICK(NAME, FN)                          \
  template <typename U>                                  \
  struct NAME {                                          \
    static constexpr Handler value = &Fast<U>::FN;       \
  };
CUDASHIM_PICK(PickAdd, Add)
CUDASHIM_PICK(PickSub, Sub)
CUDASHIM_PICK(PickMulLo, MulLo)
CUDASHIM_PICK(PickMadLo, MadLo)
CUDASHIM_PICK(PickAnd, And)
CUDASHIM_PICK(PickOr, Or)
CUDASHIM_PICK(PickXor, Xor)
CUDASHIM_PICK(PickNot, Not)
CUDASHIM_PICK(PickShl, Shl)
CUDASHIM_PICK(PickShrU, ShrU)
CUDASHIM_PICK(PickShrS, ShrS)
CUDASHIM_PICK(PickMinS, MinS)
CUDASHIM_PICK(PickMaxS, MaxS)
CUDASHIM_PICK(PickMinU, MinU)
CUDASHIM_PICK(PickMaxU, MaxU)
CUDASHIM_PICK(PickNeg, Neg)
#undef CUDASHIM_PICK

template <typename U>
Handler SetpFor(ptx::CmpOp cmp, bool is_signed) {
  using S = std::make_signed_t<U>;
  using F = Fast<U>;
  switch (cmp) {
    case ptx::CmpOp::kEq: return &F::template SetpEq<U>;
    case ptx::CmpOp::kNe: return &F::template SetpNe<U>;
    case ptx::CmpOp::kLt: return is_signed ? &F::template SetpLt<S> : &F::template SetpLt<U>;
    case ptx::CmpOp::kLe: return is_signed ? &F::template SetpLe<S> : &F::template SetpLe<U>;
    case ptx::CmpOp::kGt: return is_signed ? &F::template SetpGt<S> : &F::template SetpGt<U>;
    case ptx::CmpOp::kGe: return is_signed ? &F::template SetpGe<S> : &F::template SetpGe<U>;
    case ptx::CmpOp::kLo: return &F::template SetpLt<U>;
    case ptx::CmpOp::kLs: return &F::template SetpLe<U>;
    case ptx::CmpOp::kHi: return &F::template SetpGt<U>;
    case ptx::CmpOp::kHs: return &F::template SetpGe<U>;
    default: return nullptr;
  }
}

}  // namespace

Handler SelectIntHandler(const Op& op, const ptx::Instruction& inst) {
  const ptx::Modifiers& m = inst.mod;
  const ScalarType t = m.type;
  const bool is_signed = IsSignedInt(t);
  const int w = BitWidth(t);
  const bool plain = !m.sat && !m.cc;
  if (inst.op == Opcode::kSet) return SetInt;
  if (t == ScalarType::kPred) {
    switch (inst.op) {
      case Opcode::kAnd: return PredAnd;
      case Opcode::kOr: return PredOr;
      case Opcode::kXor: return PredXor;
      case Opcode::kNot: return PredNot;
      case Opcode::kCnot: return PredCnot;
      default: return nullptr;
    }
  }
  if (!ptx::IsInteger(t)) {
    if (inst.op == Opcode::kSet && IsFloat(m.type2)) return SetInt;
    return nullptr;
  }
  switch (inst.op) {
    case Opcode::kAdd:
      if (m.cc) return AddCc;
      return plain && w >= 16 ? ByWidth<PickAdd>(t) : AddGeneric;
    case Opcode::kSub:
      if (m.cc) return SubCc;
      return plain && w >= 16 ? ByWidth<PickSub>(t) : SubGeneric;
    case Opcode::kAddc: return AddCc;
    case Opcode::kSubc: return SubCc;
    case Opcode::kMul:
      if ((m.mul_mode == ptx::MulMode::kLo || m.mul_mode == ptx::MulMode::kNone) && w >= 16) {
        return ByWidth<PickMulLo>(t);
      }
      if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kS32) return MulWideS32;
      if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kU32) return MulWideU32;
      return MulGeneric;
    case Opcode::kMad:
      if (m.cc) return MadCc;
      if (m.mul_mode == ptx::MulMode::kLo && !m.sat && w >= 16) return ByWidth<PickMadLo>(t);
      if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kS32) return MadWideS32;
      if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kU32) return MadWideU32;
      return MadGeneric;
    case Opcode::kMadc: return MadCc;
    case Opcode::kMul24: return Mul24Generic;
    case Opcode::kMad24: return Mad24Generic;
    case Opcode::kDiv: return DivGeneric;
    case Opcode::kRem: return RemGeneric;
    case Opcode::kMin:
      if (m.relu) return nullptr;
      return w >= 16 ? (is_signed ? ByWidth<PickMinS>(t) : ByWidth<PickMinU>(t)) : MinGeneric;
    case Opcode::kMax:
      if (m.relu) return nullptr;
      return w >= 16 ? (is_signed ? ByWidth<PickMaxS>(t) : ByWidth<PickMaxU>(t)) : MaxGeneric;
    case Opcode::kAbs: return AbsGeneric;
    case Opcode::kNeg: return w >= 16 ? ByWidth<PickNeg>(t) : NegGeneric;
    case Opcode::kAnd: return w >= 16 ? ByWidth<PickAnd>(t) : LogicGeneric;
    case Opcode::kOr: return w >= 16 ? ByWidth<PickOr>(t) : LogicGeneric;
    case Opcode::kXor: return w >= 16 ? ByWidth<PickXor>(t) : LogicGeneric;
    case Opcode::kNot: return w >= 16 ? ByWidth<PickNot>(t) : LogicGeneric;
    case Opcode::kCnot: return Cnot;
    case Opcode::kShl: return w >= 16 ? ByWidth<PickShl>(t) : ShlGeneric;
    case Opcode::kShr:
      if (w < 16) return ShrGeneric;
      return is_signed ? ByWidth<PickShrS>(t) : ByWidth<PickShrU>(t);
    case Opcode::kPopc: return PopcH;
    case Opcode::kClz: return ClzH;
    case Opcode::kBrev: return BrevH;
    case Opcode::kBfind: return BfindH;
    case Opcode::kBfe: return BfeH;
    case Opcode::kBfi: return BfiH;
    case Opcode::kPrmt: return PrmtH;
    case Opcode::kBmsk: return BmskH;
    case Opcode::kLop3: return Lop3H;
    case Opcode::kShf: return ShfH;
    case Opcode::kSad: return SadH;
    case Opcode::kDp4a: return Dp4aH;
    case Opcode::kDp2a: return Dp2aH;
    case Opcode::kSzext: return SzextH;
    case Opcode::kFns: return FnsH;
    case Opcode::kSetp: {
      if (w == 32) {
        if (Handler h = SetpFor<uint32_t>(m.cmp, is_signed)) return h;
      } else if (w == 64) {
        if (Handler h = SetpFor<uint64_t>(m.cmp, is_signed)) return h;
      }
      return SetpIntGeneric;
    }
    case Opcode::kSet: return SetInt;
    default: return nullptr;
  }
}

}  // namespace cudashim::simt
