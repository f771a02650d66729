// Control flow, barriers, special registers and the ops that only order or wait (fence, membar,
// nanosleep, prefetch): branches, calls, ret/exit, trap, bar/barrier, warp-level no-ops.
#include <x86intrin.h>

#include <chrono>

#include "runtime/backends/simt/block.h"
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/interpreter.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;

uint32_t FirstLaneValue(const Exec& x, uint32_t slot) {
  return static_cast<uint32_t>(x.Reg(slot)[std::countr_zero(x.mask)]);
}

Flow Jump(Exec& x, const Op& o) {
  x.pc = o.target;
  return Flow::kJump;
}

Flow CondBranch(Exec& x, const Op& o) { return Branch(x, o, x.mask); }

Flow Ret(Exec& x, const Op&) { return Leave(x, x.mask, /*exit=*/false); }
Flow Exit(Exec& x, const Op&) { return Leave(x, x.mask, /*exit=*/true); }

Flow Trap(Exec& x, const Op& o) {
  return x.Fault(CudaError(cudaErrorLaunchFailure,
                           ptx::Cat("trap executed by ", Describe(x, o))));
}

Flow Brkpt(Exec& x, const Op& o) {
  return x.Fault(CudaError(cudaErrorLaunchFailure,
                           ptx::Cat("brkpt executed without a debugger by ", Describe(x, o))));
}

Flow Nop(Exec&, const Op&) { return Flow::kNext; }

// Fences and sleeps are where spinning code waits for other blocks: in a cooperative grid they
// let the worker run the other resident blocks.
// Other grids yield now and then, so warps of one block that spin on each other progress too.
Flow SpinPoint(Exec& x, const Op&) {
  if (!x.launch->config.cooperative && (++x.warp->spin_count & 63) != 0) return Flow::kNext;
  ++x.pc;
  return Flow::kYield;
}

Flow BarSync(Exec& x, const Op& o) {
  uint32_t id = FirstLaneValue(x, o.a) & 15;
  uint32_t expected = o.b == kNoSlot ? 0 : (FirstLaneValue(x, o.b) + kWarpSize - 1) / kWarpSize;
  bool park = ArriveAtBarrier(x, id, expected, /*wait=*/true);
  ++x.pc;
  return park ? Flow::kPark : Flow::kJump;
}

Flow BarArrive(Exec& x, const Op& o) {
  uint32_t id = FirstLaneValue(x, o.a) & 15;
  uint32_t expected = o.b == kNoSlot ? 0 : (FirstLaneValue(x, o.b) + kWarpSize - 1) / kWarpSize;
  ArriveAtBarrier(x, id, expected, /*wait=*/false);
  return Flow::kNext;
}

// bar.red.{popc.u32, and.pred, or.pred} d, id, {count,} {!}p
Flow BarRed(Exec& x, const Op& o) {
  uint32_t id = FirstLaneValue(x, o.a) & 15;
  uint32_t expected = o.b == kNoSlot ? 0 : (FirstLaneValue(x, o.b) + kWarpSize - 1) / kWarpSize;
  LaneMask p = x.Pred(o.c);
  if (o.negate_c) p = ~p;
  p &= x.mask;
  Barrier& bar = x.block->barriers[id];
  bar.popc += std::popcount(p);
  bar.all = bar.all && p == x.mask;
  bar.any = bar.any || p != 0;
  Warp& w = *x.warp;
  w.red_dst = o.d;
  w.red_mask = x.mask;
  w.red_op = o.mod.bool_op;
  w.red_is_pred = o.mod.type == ptx::ScalarType::kPred;
  bool park = ArriveAtBarrier(x, id, expected, /*wait=*/true);
  ++x.pc;
  return park ? Flow::kPark : Flow::kJump;
}

uint64_t Now() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

Flow ReadSpecialRegister(Exec& x, const Op& o) {
  using ptx::SpecialReg;
  uint64_t* d = x.Reg(o.d);
  const int comp = static_cast<int>(o.b);
  const hal::LaunchConfig& c = x.launch->config;
  auto dim = [&](const hal::Dim3& v) -> uint64_t { return comp == 0 ? v.x : comp == 1 ? v.y : v.z; };
  auto uniform = [&](uint64_t v) { ForLanes(x.mask, [&](int l) { d[l] = v; }); };
  switch (static_cast<SpecialReg>(o.imm)) {
    case SpecialReg::kTid: {
      const uint32_t* t = x.warp->tid[comp < 3 ? comp : 0];
      ForLanes(x.mask, [&](int l) { d[l] = t[l]; });
      break;
    }
    case SpecialReg::kNtid: uniform(dim(c.block)); break;
    case SpecialReg::kCtaid: uniform(x.block->ctaid[comp < 3 ? comp : 0]); break;
    case SpecialReg::kNctaid: uniform(dim(c.grid)); break;
    case SpecialReg::kLaneid: ForLanes(x.mask, [&](int l) { d[l] = l; }); break;
    case SpecialReg::kWarpid: uniform(x.warp->index); break;
    case SpecialReg::kNwarpid: uniform(x.launch->warps_per_block); break;
    case SpecialReg::kSmid: uniform(x.worker); break;
    case SpecialReg::kNsmid: uniform(x.launch->env->multiprocessors); break;
    case SpecialReg::kGridid: uniform(x.launch->env->grid_id); break;
    case SpecialReg::kClock: uniform(static_cast<uint32_t>(__rdtsc())); break;
    case SpecialReg::kClock64: uniform(__rdtsc()); break;
    case SpecialReg::kGlobaltimer: uniform(Now()); break;
    case SpecialReg::kGlobaltimerLo: uniform(static_cast<uint32_t>(Now())); break;
    case SpecialReg::kGlobaltimerHi: uniform(Now() >> 32); break;
    case SpecialReg::kLanemaskEq: ForLanes(x.mask, [&](int l) { d[l] = 1u << l; }); break;
    case SpecialReg::kLanemaskLe: ForLanes(x.mask, [&](int l) { d[l] = static_cast<uint32_t>((2ull << l) - 1); }); break;
    case SpecialReg::kLanemaskLt: ForLanes(x.mask, [&](int l) { d[l] = (1u << l) - 1; }); break;
    case SpecialReg::kLanemaskGe: ForLanes(x.mask, [&](int l) { d[l] = ~((1u << l) - 1); }); break;
    case SpecialReg::kLanemaskGt: ForLanes(x.mask, [&](int l) { d[l] = static_cast<uint32_t>(~((2ull << l) - 1)); }); break;
    case SpecialReg::kEnvreg: {
      uint64_t ws = x.launch->coop_workspace;
      uniform(comp == 1 ? ws >> 32 : comp == 2 ? (ws & 0xFFFFFFFFu) : 0);
      break;
    }
    case SpecialReg::kDynamicSmemSize: uniform(c.dynamic_shared_bytes); break;
    case SpecialReg::kTotalSmemSize:
    case SpecialReg::kAggrSmemSize: uniform(x.block->shared_bytes); break;
    case SpecialReg::kClusterid: uniform(x.block->ctaid[comp < 3 ? comp : 0]); break;
    case SpecialReg::kNclusterid: uniform(dim(c.grid)); break;
    case SpecialReg::kClusterCtaid: uniform(0); break;
    case SpecialReg::kClusterNctaid: uniform(1); break;
    case SpecialReg::kClusterCtarank: uniform(0); break;
    case SpecialReg::kClusterNctarank: uniform(1); break;
    case SpecialReg::kIsExplicitCluster: uniform(0); break;
    case SpecialReg::kWarpsz: uniform(kWarpSize); break;
    default: uniform(0); break;
  }
  return Flow::kNext;
}

Flow LocalAddress(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  uint64_t v = x.frame_local + static_cast<uint64_t>(o.imm);
  ForLanes(x.mask, [&](int l) { d[l] = v; });
  return Flow::kNext;
}

Flow FrameGenericAddress(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  ForLanes(x.mask, [&](int l) {
    d[l] = reinterpret_cast<uint64_t>(x.LaneLocal(l) + x.frame_local + o.imm);
  });
  return Flow::kNext;
}

Flow ParamBufferAddress(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  uint64_t v = reinterpret_cast<uint64_t>(x.launch->params + o.imm);
  ForLanes(x.mask, [&](int l) { d[l] = v; });
  return Flow::kNext;
}

Flow CallDirect(Exec& x, const Op& o) {
  if (o.callee->builtin != nullptr) return o.callee->builtin(x, o);
  return Call(x, o, o.callee);
}

Flow CallIndirect(Exec& x, const Op& o) {
  const uint64_t* target = x.Reg(o.a);
  uint64_t first = target[std::countr_zero(x.mask)];
  LaneMask same = 0;
  ForLanes(x.mask, [&](int l) { same |= target[l] == first ? 1u << l : 0u; });
  const auto& table = x.launch->kernel->by_module_index;
  uint64_t index = first & ~kFunctionAddressTag;
  if ((first & kFunctionAddressTag) != kFunctionAddressTag || index >= table.size() ||
      table[index] == nullptr) {
    return x.Fault(CudaError(cudaErrorIllegalInstruction,
                             ptx::Cat("indirect call to 0x", absl::Hex(first),
                                      ", which is not a function, in ", Describe(x, o))));
  }
  if (same != x.mask) {
    // Lanes with other targets run this call again afterwards.
    Warp& w = *x.warp;
    w.stack.back().pc = x.pc + 1;
    w.stack.push_back({x.pc, x.pc + 1, x.mask & ~same});
    w.stack.push_back({x.pc, x.pc + 1, same});
    x.active = same;
  }
  x.mask = same;
  const FunctionPlan* callee = table[index];
  if (callee->builtin != nullptr) return callee->builtin(x, o);
  return Call(x, o, callee);
}

Flow ImplicitReturn(Exec& x, const Op&) { return Leave(x, x.mask, /*exit=*/false); }

Handler SelectControlHandler(const Op& op, const ptx::Instruction& inst) {
  switch (inst.op) {
    case Opcode::kBra:
      return inst.has_guard ? CondBranch : Jump;
    case Opcode::kRet: return Ret;
    case Opcode::kExit: return Exit;
    case Opcode::kTrap: return Trap;
    case Opcode::kBrkpt: return Brkpt;
    case Opcode::kBar:
    case Opcode::kBarrier:
      switch (inst.mod.bar_kind) {
        case ptx::BarKind::kNone:
        case ptx::BarKind::kSync: return BarSync;
        case ptx::BarKind::kArrive: return BarArrive;
        case ptx::BarKind::kRed: return BarRed;
      }
      return nullptr;
    case Opcode::kBarWarpSync:
    case Opcode::kPrefetch:
    case Opcode::kPrefetchu:
    case Opcode::kPmevent:
    case Opcode::kGriddepcontrol:
      return Nop;
    case Opcode::kMembar:
    case Opcode::kFence:
    case Opcode::kNanosleep:
      return SpinPoint;
    default:
      return nullptr;
  }
}

}  // namespace cudashim::simt
