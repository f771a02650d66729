#include "runtime/backends/cpu/compiler/lane_calls.h"

#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::jit {

using ptx::Opcode;
using namespace simt;  // the lane_ops functions

uint64_t LaneOp(const void* inst, uint64_t a, uint64_t b, uint64_t c, uint64_t e) {
  const auto& in = *static_cast<const ptx::Instruction*>(inst);
  const ptx::Modifiers& m = in.mod;
  const ptx::ScalarType t = m.type;
  switch (in.op) {
    case Opcode::kSetp:
      return ptx::IsFloat(t) ? FloatCompare(m.cmp, t, a, b, m.ftz) : IntCompare(m.cmp, t, a, b);
    case Opcode::kTestp: return Testp(m.testp, t, a);
    case Opcode::kCvt: return Convert(m, a);
    default: break;
  }
  if (ptx::IsFloat(t)) {
    switch (in.op) {
      case Opcode::kFma:
      case Opcode::kMad: return FloatFma(t, m, a, b, c);
      case Opcode::kAbs:
      case Opcode::kNeg:
      case Opcode::kSqrt:
      case Opcode::kRsqrt:
      case Opcode::kRcp:
      case Opcode::kEx2:
      case Opcode::kLg2:
      case Opcode::kSin:
      case Opcode::kCos:
      case Opcode::kTanh: return FloatUnary(in.op, t, m, a);
      default: return FloatBinary(in.op, t, m, a, b);
    }
  }
  const uint64_t mask = TypeMask(t);
  switch (in.op) {
    case Opcode::kAdd: return IntAdd(t, m.sat, a, b);
    case Opcode::kSub: return IntSub(t, m.sat, a, b);
    case Opcode::kMul: return IntMul(m.mul_mode, t, a, b);
    case Opcode::kMad: return IntMad(m.mul_mode, t, m.sat, a, b, c);
    case Opcode::kMul24: return Mul24(m.mul_mode, t, a, b);
    case Opcode::kMad24: return Mad24(m.mul_mode, t, m.sat, a, b, c);
    case Opcode::kDiv: return IntDiv(t, a, b);
    case Opcode::kRem: return IntRem(t, a, b);
    case Opcode::kAbs: return IntAbs(t, a);
    case Opcode::kNeg: return IntNeg(t, a);
    case Opcode::kMin: return IntMin(t, a, b);
    case Opcode::kMax: return IntMax(t, a, b);
    case Opcode::kAnd: return a & b & mask;
    case Opcode::kOr: return (a | b) & mask;
    case Opcode::kXor: return (a ^ b) & mask;
    case Opcode::kNot: return ~a & mask;
    case Opcode::kCnot: return (a & mask) == 0 ? 1 : 0;
    case Opcode::kShl: return Shl(t, a, static_cast<uint32_t>(b));
    case Opcode::kShr: return Shr(t, a, static_cast<uint32_t>(b));
    case Opcode::kPopc: return Popc(t, a);
    case Opcode::kClz: return Clz(t, a);
    case Opcode::kBrev: return Brev(t, a);
    case Opcode::kBfind: return Bfind(t, a, m.shiftamt);
    case Opcode::kBfe: return Bfe(t, a, static_cast<uint32_t>(b), static_cast<uint32_t>(c));
    case Opcode::kBfi: return Bfi(t, a, b, static_cast<uint32_t>(c), static_cast<uint32_t>(e));
    case Opcode::kPrmt:
      return Prmt(static_cast<uint32_t>(a), static_cast<uint32_t>(b), static_cast<uint32_t>(c), m.prmt_mode);
    case Opcode::kLop3:
      return Lop3(static_cast<uint32_t>(a), static_cast<uint32_t>(b), static_cast<uint32_t>(c),
                  static_cast<uint32_t>(e));
    case Opcode::kShf:
      return Shf(m.left, m.shf_mode, static_cast<uint32_t>(a), static_cast<uint32_t>(b),
                 static_cast<uint32_t>(c));
    case Opcode::kSad: return Sad(t, a, b, c);
    default: return 0;
  }
}

}  // namespace cudashim::jit
