// atom and red: lanes apply their operation one after the other in lane order. Global and generic
// addresses use the host's atomic instructions (other blocks run on other workers); shared memory
// belongs to one block, which one worker runs, so plain read-modify-write is enough there.
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/backends/simt/memory.h"

namespace cudashim::simt {
namespace {

using ptx::AtomOp;
using ptx::ScalarType;

// The new value for `old` (raw bits of type t) under op with operands b, c.
uint64_t Apply(AtomOp op, ScalarType t, const ptx::Modifiers& mod, uint64_t old, uint64_t b,
               uint64_t c) {
  const uint64_t m = TypeMask(t);
  switch (op) {
    case AtomOp::kAdd:
      if (IsFloat(t)) {
        ptx::Modifiers rn;
        rn.rounding = ptx::Rounding::kRn;
        return FloatBinary(ptx::Opcode::kAdd, t, rn, old, b);
      }
      return (old + b) & m;
    case AtomOp::kMin:
      if (IsFloat(t)) return FloatBinary(ptx::Opcode::kMin, t, mod, old, b);
      return IntMin(t, old, b);
    case AtomOp::kMax:
      if (IsFloat(t)) return FloatBinary(ptx::Opcode::kMax, t, mod, old, b);
      return IntMax(t, old, b);
    case AtomOp::kInc: return (old & m) >= (b & m) ? 0 : ((old + 1) & m);
    case AtomOp::kDec: return ((old & m) == 0 || (old & m) > (b & m)) ? (b & m) : ((old - 1) & m);
    case AtomOp::kAnd: return old & b & m;
    case AtomOp::kOr: return (old | b) & m;
    case AtomOp::kXor: return (old ^ b) & m;
    case AtomOp::kExch: return b & m;
    case AtomOp::kCas: return (old & m) == (b & m) ? (c & m) : old;
    default: return old;
  }
}

// Read-modify-write of `size` bytes at p; returns the old value.
uint64_t Rmw(char* p, uint32_t size, bool atomic, AtomOp op, ScalarType t, const ptx::Modifiers& mod,
             uint64_t b, uint64_t c) {
  if (!atomic) {
    uint64_t old = 0;
    std::memcpy(&old, p, size);
    uint64_t v = Apply(op, t, mod, old, b, c);
    std::memcpy(p, &v, size);
    return old;
  }
  if (size == 8) {
    auto* w = reinterpret_cast<uint64_t*>(p);
    if (op == AtomOp::kAdd && !IsFloat(t)) return __atomic_fetch_add(w, b, __ATOMIC_SEQ_CST);
    uint64_t old = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(w, &old, Apply(op, t, mod, old, b, c), true,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    return old;
  }
  if (size == 4) {
    auto* w = reinterpret_cast<uint32_t*>(p);
    if (op == AtomOp::kAdd && !IsFloat(t)) {
      return __atomic_fetch_add(w, static_cast<uint32_t>(b), __ATOMIC_SEQ_CST);
    }
    uint32_t old = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(w, &old, static_cast<uint32_t>(Apply(op, t, mod, old, b, c)),
                                        true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    return old;
  }
  // 16-bit (f16, bf16, b16 cas): compare-and-swap the aligned 32-bit word holding it.
  uintptr_t addr = reinterpret_cast<uintptr_t>(p);
  auto* w = reinterpret_cast<uint32_t*>(addr & ~uintptr_t{3});
  const int shift = static_cast<int>((addr & 2) * 8);
  uint32_t old = __atomic_load_n(w, __ATOMIC_RELAXED);
  for (;;) {
    uint64_t cur = (old >> shift) & 0xFFFF;
    uint32_t nv = (old & ~(0xFFFFu << shift)) |
                  (static_cast<uint32_t>(Apply(op, t, mod, cur, b, c) & 0xFFFF) << shift);
    if (__atomic_compare_exchange_n(w, &old, nv, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) return cur;
  }
}

template <Space S, bool Checked>
Flow Atomic(Exec& x, const Op& o) {
  const bool per_lane = o.addr_mode == AddrMode::kReg;
  const uint64_t* base = per_lane ? x.Reg(o.a) : nullptr;
  const uint64_t uniform = per_lane ? 0 : UniformAddress(x, o);
  const uint64_t* b = x.Reg(o.b);
  const uint64_t* c = o.c != kNoSlot ? x.Reg(o.c) : nullptr;
  uint64_t* d = o.d != kNoSlot ? x.Reg(o.d) : nullptr;
  const ScalarType t = o.mod.type;
  const uint32_t size = ptx::SizeOf(t);
  LaneMask m = x.mask;
  while (m != 0) {
    int l = std::countr_zero(m);
    m &= m - 1;
    uint64_t a = per_lane ? base[l] + static_cast<uint64_t>(o.imm) : uniform;
    char* p = HostPointer<S>(x, a, l);
    if constexpr (Checked) {
      if (!CheckAccess(x, o, S, a, p, size, size)) return Flow::kFault;
    }
    uint64_t old = Rmw(p, size, S == Space::kHost, o.mod.atom_op, t, o.mod, b[l], c ? c[l] : 0);
    if (d != nullptr) d[l] = old;
  }
  return Flow::kNext;
}

template <bool Checked>
Handler Pick(Space s) {
  switch (s) {
    case Space::kHost: return &Atomic<Space::kHost, Checked>;
    case Space::kShared: return &Atomic<Space::kShared, Checked>;
    case Space::kLocal: return &Atomic<Space::kLocal, Checked>;
  }
  return nullptr;
}

}  // namespace

Handler SelectAtomicHandler(const Op& op, const ptx::Instruction& inst, const SelectContext& ctx) {
  const ScalarType t = inst.mod.type;
  const uint32_t size = ptx::SizeOf(t);
  if (size != 2 && size != 4 && size != 8) return nullptr;
  if (inst.mod.vector != 1) return nullptr;
  if (inst.mod.atom_op == AtomOp::kNone) return nullptr;
  return ctx.checked ? Pick<true>(op.space) : Pick<false>(op.space);
}

}  // namespace cudashim::simt
