// Warp-wide operations on real lanes: shfl.sync, vote.sync, match.sync, redux.sync, activemask.
// The participating lanes are the executing ones (the stack model runs a warp's converged lanes
// together, so a membermask names lanes that are here).
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/backends/simt/lanes.h"

namespace cudashim::simt {
namespace {

using ptx::ScalarType;

// shfl.sync.mode.b32 d{|p}, a, b, c, membermask (PTX ISA pseudo-code, lane by lane).
Flow Shfl(Exec& x, const Op& o) {
  uint64_t src[kWarpSize];
  std::memcpy(src, x.Reg(o.a), sizeof(src));  // every lane reads before any lane writes
  const uint64_t* b = x.Reg(o.b);
  const uint64_t* c = x.Reg(o.c);
  uint64_t* d = x.Reg(o.d);
  LaneMask valid = 0;
  ForLanes(x.mask, [&](int lane) {
    const int bval = static_cast<int>(b[lane] & 0x1F);
    const int cval = static_cast<int>(c[lane] & 0x1F);
    const int segmask = static_cast<int>((c[lane] >> 8) & 0x1F);
    const int max_lane = (lane & segmask) | (cval & ~segmask);
    const int min_lane = lane & segmask;
    int j = lane;
    bool p = false;
    switch (o.mod.shfl_mode) {
      case ptx::ShflMode::kUp: j = lane - bval; p = j >= max_lane; break;
      case ptx::ShflMode::kDown: j = lane + bval; p = j <= max_lane; break;
      case ptx::ShflMode::kBfly: j = lane ^ bval; p = j <= max_lane; break;
      default: j = min_lane | (bval & ~segmask); p = j <= max_lane; break;
    }
    if (!p) j = lane;
    d[lane] = src[j & 31] & 0xFFFFFFFFu;
    valid |= LaneMask(p) << lane;
  });
  if (o.d2 != kNoSlot) x.SetPred(o.d2, valid, x.mask);
  return Flow::kNext;
}

// The lanes lane l synchronises with: its membermask (cooperative-groups tiles pass one mask per
// tile, so lanes of one instruction may form several groups) among the executing lanes.
LaneMask Members(const Exec& x, const Op& o, int l) {
  LaneMask m = o.e != kNoSlot ? static_cast<LaneMask>(x.Reg(o.e)[l]) : 0xFFFFFFFFu;
  return m & x.mask;
}

LaneMask Voters(const Exec& x, const Op& o) {
  LaneMask p = x.Pred(o.a);
  if (o.negate_c) p = ~p;
  return p & x.mask;
}

Flow VoteBallot(Exec& x, const Op& o) {
  const LaneMask v = Voters(x, o);
  uint64_t* d = x.Reg(o.d);
  ForLanes(x.mask, [&](int l) { d[l] = v & Members(x, o, l); });
  return Flow::kNext;
}

template <typename F>
Flow VotePred(Exec& x, const Op& o, F decide) {
  const LaneMask v = Voters(x, o);
  LaneMask r = 0;
  ForLanes(x.mask, [&](int l) {
    LaneMask m = Members(x, o, l);
    r |= LaneMask(decide(v & m, m)) << l;
  });
  x.SetPred(o.d, r, x.mask);
  return Flow::kNext;
}
Flow VoteAll(Exec& x, const Op& o) {
  return VotePred(x, o, [](LaneMask v, LaneMask m) { return v == m; });
}
Flow VoteAny(Exec& x, const Op& o) {
  return VotePred(x, o, [](LaneMask v, LaneMask) { return v != 0; });
}
Flow VoteUni(Exec& x, const Op& o) {
  return VotePred(x, o, [](LaneMask v, LaneMask m) { return v == 0 || v == m; });
}

// match.any: the group's lanes holding the same value; match.all: the group if all its values
// agree, else 0.
Flow MatchAny(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  uint64_t* d = x.Reg(o.d);
  const uint64_t m = TypeMask(o.mod.type);
  uint64_t out[kWarpSize];
  ForLanes(x.mask, [&](int l) {
    LaneMask same = 0;
    ForLanes(Members(x, o, l), [&](int k) { same |= LaneMask(((a[k] ^ a[l]) & m) == 0) << k; });
    out[l] = same;
  });
  ForLanes(x.mask, [&](int l) { d[l] = out[l]; });
  return Flow::kNext;
}
Flow MatchAll(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  uint64_t* d = x.Reg(o.d);
  const uint64_t m = TypeMask(o.mod.type);
  uint64_t out[kWarpSize];
  LaneMask pred = 0;
  ForLanes(x.mask, [&](int l) {
    LaneMask g = Members(x, o, l);
    bool all = true;
    ForLanes(g, [&](int k) { all = all && ((a[k] ^ a[l]) & m) == 0; });
    out[l] = all ? g : 0;
    pred |= LaneMask(all) << l;
  });
  ForLanes(x.mask, [&](int l) { d[l] = out[l]; });
  if (o.d2 != kNoSlot) x.SetPred(o.d2, pred, x.mask);
  return Flow::kNext;
}

uint64_t Reduce(const Op& o, const uint64_t* a, LaneMask lanes) {
  const ScalarType t = o.mod.type;
  const int first = std::countr_zero(lanes);
  uint64_t r = a[first] & 0xFFFFFFFFu;
  ForLanes(lanes & ~(1u << first), [&](int l) {
    uint64_t v = a[l] & 0xFFFFFFFFu;
    switch (o.mod.atom_op) {
      case ptx::AtomOp::kAdd: r = (r + v) & 0xFFFFFFFFu; break;
      case ptx::AtomOp::kMin: r = IntMin(t, r, v); break;
      case ptx::AtomOp::kMax: r = IntMax(t, r, v); break;
      case ptx::AtomOp::kAnd: r &= v; break;
      case ptx::AtomOp::kOr: r |= v; break;
      case ptx::AtomOp::kXor: r ^= v; break;
      default: break;
    }
  });
  return r;
}

Flow Redux(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  uint64_t* d = x.Reg(o.d);
  uint64_t out[kWarpSize];
  LaneMask cached_group = 0;
  uint64_t cached = 0;
  ForLanes(x.mask, [&](int l) {
    LaneMask g = Members(x, o, l);
    if (g == 0) g = 1u << l;
    if (g != cached_group) cached_group = g, cached = Reduce(o, a, g);
    out[l] = cached;
  });
  ForLanes(x.mask, [&](int l) { d[l] = out[l]; });
  return Flow::kNext;
}

Flow Activemask(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t v = x.mask;
  ForLanes(x.mask, [&](int l) { d[l] = v; });
  return Flow::kNext;
}

}  // namespace

Handler SelectWarpHandler(const Op& op, const ptx::Instruction& inst) {
  switch (inst.op) {
    case ptx::Opcode::kShfl: return ptx::SizeOf(inst.mod.type) == 4 ? Shfl : nullptr;
    case ptx::Opcode::kVote:
      switch (inst.mod.vote_mode) {
        case ptx::VoteMode::kBallot: return VoteBallot;
        case ptx::VoteMode::kAll: return VoteAll;
        case ptx::VoteMode::kAny: return VoteAny;
        case ptx::VoteMode::kUni: return VoteUni;
        default: return nullptr;
      }
    case ptx::Opcode::kMatch:
      return inst.mod.match_mode == ptx::MatchMode::kAll ? MatchAll : MatchAny;
    case ptx::Opcode::kRedux:
      return IsFloat(inst.mod.type) ? nullptr : Redux;
    case ptx::Opcode::kActivemask: return Activemask;
    default: return nullptr;
  }
}

}  // namespace cudashim::simt
