// Data movement between registers: mov (incl. packing into and out of vectors), selp, slct and
// cvt. The common conversions (integer widening/narrowing, int<->f32, f32<->f64) are inline; the
// others use lane_ops' Convert.
#include <cmath>

#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/backends/simt/lanes.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::Rounding;
using ptx::ScalarType;

Flow Mov(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return a; });
}
Flow MovPred(Exec& x, const Op& o) {
  x.SetPred(o.d, x.Pred(o.a), x.mask);
  return Flow::kNext;
}

// mov.bN d, {a, b, ...}: the elements side by side, element 0 lowest.
Flow MovPack(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint32_t bits = BitWidth(o.mod.type) / o.vec;
  const uint64_t m = WidthMask(static_cast<int>(bits));
  ForLanes(x.mask, [&](int l) {
    uint64_t v = 0;
    for (int i = 0; i < o.vec; ++i) {
      if (o.v[i] != kNoSlot) v |= (x.Reg(o.v[i])[l] & m) << (bits * i);
    }
    d[l] = v;
  });
  return Flow::kNext;
}

// mov.bN {a, b, ...}, s: the reverse.
Flow MovUnpack(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  const uint32_t bits = BitWidth(o.mod.type) / o.vec;
  const uint64_t m = WidthMask(static_cast<int>(bits));
  ForLanes(x.mask, [&](int l) {
    uint64_t v = a[l];
    for (int i = 0; i < o.vec; ++i) {
      if (o.v[i] != kNoSlot) x.Reg(o.v[i])[l] = (v >> (bits * i)) & m;
    }
  });
  return Flow::kNext;
}

// selp.T d, a, b, c: d = c ? a : b.
Flow Selp(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  LaneMask c = x.Pred(o.c);
  if (o.negate_c) c = ~c;
  ForLanes(x.mask, [&](int l) { d[l] = ((c >> l) & 1) ? a[l] : b[l]; });
  return Flow::kNext;
}

// slct.dtype.s32 d, a, b, c: d = c >= 0 ? a : b; slct.dtype.f32: c >= 0.0 (-0 too; NaN -> b).
Flow Slct(Exec& x, const Op& o) {
  const bool f = o.mod.type2 == ScalarType::kF32;
  const bool ftz = o.mod.ftz;
  return Ternary(x, o, [f, ftz](uint64_t a, uint64_t b, uint64_t c) {
    if (f) {
      float v = AsF32(c);
      if (ftz && std::fpclassify(v) == FP_SUBNORMAL) v = 0;
      return v >= 0.0f ? a : b;
    }
    return static_cast<int32_t>(c) >= 0 ? a : b;
  });
}

Flow CvtGeneric(Exec& x, const Op& o) {
  return Unary(x, o, [&](uint64_t a) { return Convert(o.mod, a); });
}
Flow CvtPackH(Exec& x, const Op& o) {
  return Binary(x, o, [&](uint64_t a, uint64_t b) {
    return CvtPack(o.mod.type, o.mod.rounding, o.mod.relu, false, a, b);
  });
}
Flow CvtS64S32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return uint64_t(int64_t(int32_t(a))); });
}
Flow CvtU64U32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return uint64_t(uint32_t(a)); });
}
Flow CvtTrunc32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return uint64_t(uint32_t(a)); });
}
Flow CvtF32S32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return BitsOf(static_cast<float>(int32_t(a))); });
}
Flow CvtF32U32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return BitsOf(static_cast<float>(uint32_t(a))); });
}
Flow CvtF64S32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return BitsOf(static_cast<double>(int32_t(a))); });
}
Flow CvtF64F32(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return BitsOf(static_cast<double>(AsF32(a))); });
}
Flow CvtF32F64(Exec& x, const Op& o) {
  return Unary(x, o, [](uint64_t a) { return BitsOf(static_cast<float>(AsF64(a))); });
}

Handler SelectCvt(const ptx::Instruction& inst) {
  const ptx::Modifiers& m = inst.mod;
  const ScalarType d = m.type, s = m.type2;
  if (d == ScalarType::kF16x2 || d == ScalarType::kBF16x2) {
    return inst.operands.size() == 3 ? CvtPackH : nullptr;
  }
  const bool plain = !m.sat && !m.ftz && !m.relu;
  const bool rn = m.rounding == Rounding::kNone || m.rounding == Rounding::kRn;
  if (plain) {
    if (d == ScalarType::kS64 && s == ScalarType::kS32) return CvtS64S32;
    if ((d == ScalarType::kU64 || d == ScalarType::kS64) && s == ScalarType::kU32) return CvtU64U32;
    if ((d == ScalarType::kU32 || d == ScalarType::kS32) &&
        (s == ScalarType::kU64 || s == ScalarType::kS64)) {
      return CvtTrunc32;
    }
    if (rn && d == ScalarType::kF32 && s == ScalarType::kS32) return CvtF32S32;
    if (rn && d == ScalarType::kF32 && s == ScalarType::kU32) return CvtF32U32;
    if (d == ScalarType::kF64 && s == ScalarType::kS32) return CvtF64S32;
    if (d == ScalarType::kF64 && s == ScalarType::kF32) return CvtF64F32;
    if (rn && d == ScalarType::kF32 && s == ScalarType::kF64) return CvtF32F64;
  }
  if (d == ScalarType::kPred || s == ScalarType::kPred) return nullptr;
  if (IsFloat(s) && (s == ScalarType::kF16x2 || s == ScalarType::kBF16x2)) return nullptr;
  return CvtGeneric;
}

}  // namespace

Handler SelectMoveHandler(const Op& op, const ptx::Instruction& inst) {
  switch (inst.op) {
    case Opcode::kMov:
      if (inst.mod.type == ScalarType::kPred) return MovPred;
      if (inst.operands[1].kind == ptx::Operand::Kind::kVector) return MovPack;
      if (inst.operands[0].kind == ptx::Operand::Kind::kVector) return MovUnpack;
      return Mov;
    case Opcode::kSelp: return Selp;
    case Opcode::kSlct: return Slct;
    case Opcode::kCvt: return SelectCvt(inst);
    default: return nullptr;
  }
}

}  // namespace cudashim::simt
