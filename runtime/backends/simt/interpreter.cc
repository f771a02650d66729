#include "runtime/backends/simt/interpreter.h"

#include <algorithm>

#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/printer.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {

void Exec::Reload() {
  const SimtEntry& top = warp->stack.back();
  pc = top.pc;
  active = top.mask;
  reconv = top.reconv;
  const CallFrame& f = warp->frames.back();
  R = warp->regs.data() + f.reg_base;
  ops = f.fn->ops.data();
  frame_local = f.local_base;
}

Flow Exec::Fault(absl::Status status) {
  launch->Fail(std::move(status));
  return Flow::kFault;
}

std::string Describe(const Exec& x, const Op& op) {
  std::string kernel = x.launch != nullptr ? x.launch->kernel->name : "?";
  if (op.inst == nullptr) return ptx::Cat("(kernel ", kernel, ")");
  return ptx::Cat(ptx::OpcodeText(*op.inst), " (kernel ", kernel, ", PTX line ", op.inst->line, ")");
}

void LaunchState::Fail(absl::Status status) {
  std::lock_guard lock(error_mu);
  if (error.ok()) error = std::move(status);
  abort.store(true, std::memory_order_relaxed);
}

Flow RunWarp(Exec& x) {
  x.Reload();
  for (;;) {
    if (x.pc == x.reconv) {
      // The top path reached its reconvergence point: the entry below resumes.
      x.warp->stack.pop_back();
      x.Reload();
      continue;
    }
    const Op& o = x.ops[x.pc];
    LaneMask m = x.active;
    if (o.guard != kNoSlot) {
      LaneMask p = x.Pred(o.guard);
      m &= o.guard_negated ? ~p : p;
    }
    if (m == 0) {
      ++x.pc;
      continue;
    }
    x.mask = m;
    Flow f = o.fn(x, o);
    if (f == Flow::kNext) {
      ++x.pc;
      continue;
    }
    if (f == Flow::kJump) {
      // Backward branches and calls pass here: the place to notice that another part of the
      // grid failed, so a spinning warp does not keep a faulted launch alive.
      if (x.launch->abort.load(std::memory_order_relaxed)) return Flow::kFault;
      continue;
    }
    if (f == Flow::kPark || f == Flow::kYield) x.warp->stack.back().pc = x.pc;
    return f;
  }
}

Flow Branch(Exec& x, const Op& o, LaneMask taken) {
  LaneMask not_taken = x.active & ~taken;
  if (not_taken == 0) {
    x.pc = o.target;
    return Flow::kJump;
  }
  Warp& w = *x.warp;
  const uint32_t r = o.reconv;
  const uint32_t fall = x.pc + 1;
  SimtEntry& top = w.stack.back();
  if (r != kNoReconv && top.reconv == r) {
    // The enclosing entry already waits at r: replace this path by its two halves.
    w.stack.pop_back();
  } else {
    top.pc = r;  // becomes the union, resumed when both halves reach r
  }
  if (fall != r) w.stack.push_back({fall, r, not_taken});
  if (o.target != r) w.stack.push_back({o.target, r, taken});
  x.Reload();
  return Flow::kJump;
}

namespace {

// Copies the callee's return values to the caller's locations for the lanes that return.
void CopyReturns(Exec& x, const CallFrame& callee, const CallFrame& caller, LaneMask lanes) {
  const FunctionPlan& fn = *callee.fn;
  const CallSite& site = caller.fn->calls[callee.call->aux];
  uint64_t* caller_regs = x.warp->regs.data() + caller.reg_base;
  for (size_t i = 0; i < site.returns.size() && i < fn.return_offsets.size(); ++i) {
    const CallSite::Value& v = site.returns[i];
    uint32_t size = std::min(v.size, fn.return_sizes[i]);
    ForLanes(lanes, [&](int l) {
      const char* src = x.LaneLocal(l) + callee.local_base + fn.return_offsets[i];
      if (v.mode == AddrMode::kReg) {
        uint64_t value = 0;
        std::memcpy(&value, src, std::min<uint32_t>(size, 8));
        caller_regs[size_t{v.slot} * kWarpSize + l] = value;
      } else {
        std::memcpy(x.LaneLocal(l) + caller.local_base + v.offset, src, size);
      }
    });
  }
}

}  // namespace

Flow Leave(Exec& x, LaneMask lanes, bool exit) {
  Warp& w = *x.warp;
  // Lanes that stay (a guarded ret/exit) continue after this op.
  w.stack.back().pc = x.pc + 1;
  if (exit) {
    w.retired |= lanes;
    for (SimtEntry& e : w.stack) e.mask &= ~lanes;
  } else {
    for (size_t i = w.frames.back().stack_base; i < w.stack.size(); ++i) w.stack[i].mask &= ~lanes;
  }
  for (;;) {
    while (!w.stack.empty() && w.stack.back().mask == 0) w.stack.pop_back();
    const CallFrame& f = w.frames.back();
    if (w.stack.size() > f.stack_base) break;  // the function still has running lanes
    if (w.frames.size() == 1) {
      w.state = WarpState::kDone;
      return Flow::kFinished;
    }
    // Every lane left the callee: return to the caller's waiting entry (whose pc is the op
    // after the call), with the lanes that are still alive.
    CallFrame callee = f;
    w.frames.pop_back();
    if (!w.stack.empty() && w.stack.back().mask != 0) {
      CopyReturns(x, callee, w.frames.back(), w.stack.back().mask);
    }
  }
  x.Reload();
  return Flow::kJump;
}

Flow Call(Exec& x, const Op& o, const FunctionPlan* callee) {
  Warp& w = *x.warp;
  if (x.mask != x.active) {
    // A guarded (or target-split) call: the other lanes wait after it.
    w.stack.back().pc = x.pc + 1;
    w.stack.push_back({x.pc, x.pc + 1, x.mask});
  }
  w.stack.back().pc = x.pc + 1;
  const CallFrame& caller = w.frames.back();
  const uint32_t reg_base = caller.reg_base + caller.fn->num_slots * kWarpSize;
  const uint32_t local_base = caller.local_base + caller.fn->frame_bytes;
  if (local_base + callee->frame_bytes > x.launch->local_stride) {
    return x.Fault(CudaError(cudaErrorLaunchFailure,
                             ptx::Cat("stack overflow calling ", callee->function->name, " in ",
                                      Describe(x, o), ": the per-thread stack (cudaLimitStackSize) is ",
                                      x.launch->env->stack_bytes, " bytes")));
  }
  const size_t need = size_t{reg_base} + size_t{callee->num_slots} * kWarpSize;
  if (w.regs.size() < need) w.regs.resize(std::max(need, w.regs.size() * 2));
  uint64_t* regs = w.regs.data();
  std::copy(callee->const_image.begin(), callee->const_image.end(),
            regs + reg_base + size_t{callee->const_begin} * kWarpSize);
  // Arguments: from the caller's .param scratch (or registers) into the callee's params.
  const CallSite& site = caller.fn->calls[o.aux];
  const uint64_t* caller_regs = regs + caller.reg_base;
  for (size_t i = 0; i < site.args.size() && i < callee->param_offsets.size(); ++i) {
    const CallSite::Value& v = site.args[i];
    uint32_t size = std::min(v.size, callee->param_sizes[i]);
    ForLanes(x.mask, [&](int l) {
      char* dst = x.LaneLocal(l) + local_base + callee->param_offsets[i];
      if (v.mode == AddrMode::kReg) {
        uint64_t value = caller_regs[size_t{v.slot} * kWarpSize + l];
        std::memcpy(dst, &value, std::min<uint32_t>(size, 8));
      } else {
        std::memcpy(dst, x.LaneLocal(l) + caller.local_base + v.offset, size);
      }
    });
  }
  w.frames.push_back({callee, reg_base, local_base, static_cast<uint32_t>(w.stack.size()), &o});
  w.stack.push_back({0, kNoReconv, x.mask});
  x.Reload();
  return Flow::kJump;
}

}  // namespace cudashim::simt
