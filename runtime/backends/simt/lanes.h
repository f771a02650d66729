// Lane-loop shapes shared by the arithmetic handlers: read sources of the op's slots, compute per
// lane, write the destination for the executing lanes only.
#pragma once

#include "runtime/backends/simt/state.h"

namespace cudashim::simt {

template <typename F>
inline Flow Unary(Exec& x, const Op& o, F f) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  ForLanes(x.mask, [&](int l) { d[l] = f(a[l]); });
  return Flow::kNext;
}

template <typename F>
inline Flow Binary(Exec& x, const Op& o, F f) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  ForLanes(x.mask, [&](int l) { d[l] = f(a[l], b[l]); });
  return Flow::kNext;
}

template <typename F>
inline Flow Ternary(Exec& x, const Op& o, F f) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  const uint64_t* c = x.Reg(o.c);
  ForLanes(x.mask, [&](int l) { d[l] = f(a[l], b[l], c[l]); });
  return Flow::kNext;
}

template <typename F>
inline Flow Quaternary(Exec& x, const Op& o, F f) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  const uint64_t* c = x.Reg(o.c);
  const uint64_t* e = x.Reg(o.e);
  ForLanes(x.mask, [&](int l) { d[l] = f(a[l], b[l], c[l], e[l]); });
  return Flow::kNext;
}

// setp: the per-lane comparison `cmp(a, b)` as a lane mask, combined with the optional boolean
// operand c: p = cmp BOOLOP c, q = !cmp BOOLOP c.
template <typename Cmp>
inline Flow SetPredicates(Exec& x, const Op& o, Cmp cmp) {
  const uint64_t* a = x.Reg(o.a);
  const uint64_t* b = x.Reg(o.b);
  LaneMask r = 0;
  if (x.mask == 0xFFFFFFFFu) {
    for (int l = 0; l < kWarpSize; ++l) r |= static_cast<LaneMask>(cmp(a[l], b[l])) << l;
  } else {
    ForLanes(x.mask, [&](int l) { r |= static_cast<LaneMask>(cmp(a[l], b[l])) << l; });
  }
  LaneMask p = r, q = ~r;
  if (o.c != kNoSlot) {
    LaneMask c = x.Pred(o.c);
    if (o.negate_c) c = ~c;
    switch (o.mod.bool_op) {
      case ptx::BoolOp::kAnd: p &= c; q &= c; break;
      case ptx::BoolOp::kOr: p |= c; q |= c; break;
      case ptx::BoolOp::kXor: p ^= c; q ^= c; break;
      default: break;
    }
  }
  x.SetPred(o.d, p, x.mask);
  if (o.d2 != kNoSlot) x.SetPred(o.d2, q, x.mask);
  return Flow::kNext;
}

}  // namespace cudashim::simt
