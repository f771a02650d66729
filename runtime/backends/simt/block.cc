#include "runtime/backends/simt/block.h"

#include <sys/mman.h>

#include <algorithm>

#include "runtime/backends/simt/interpreter.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {
namespace {

void Release(Block& b, uint32_t id) {
  Barrier& bar = b.barriers[id];
  for (uint32_t i = 0; i < b.num_warps; ++i) {
    Warp& w = (*b.warps)[i];
    if (w.state != WarpState::kBarrier || w.barrier_id != id) continue;
    w.state = WarpState::kReady;
    if (w.red_dst != kNoSlot) {
      // bar.red: every participating lane gets the block-wide result.
      uint64_t* regs = w.regs.data() + w.frames.back().reg_base + size_t{w.red_dst} * kWarpSize;
      if (w.red_is_pred) {
        bool v = w.red_op == ptx::BoolOp::kAnd ? bar.all : bar.any;
        uint64_t& p = regs[0];
        p = (p & ~uint64_t{w.red_mask}) | (v ? w.red_mask : 0);
      } else {
        ForLanes(w.red_mask, [&](int l) { regs[l] = bar.popc; });
      }
      w.red_dst = kNoSlot;
    }
  }
  bar = Barrier{};
}

bool Complete(const Block& b, uint32_t id) {
  const Barrier& bar = b.barriers[id];
  if (bar.arrived == 0) return false;
  uint32_t expected = bar.expected != 0 ? std::min(bar.expected, b.live_warps) : b.live_warps;
  return bar.arrived >= expected;
}

}  // namespace

BlockSlot::~BlockSlot() {
  if (local != nullptr) munmap(local, local_bytes);
}

void InitBlock(LaunchState& launch, BlockSlot& slot, uint64_t linear_id) {
  const hal::LaunchConfig& c = launch.config;
  const KernelPlan& k = *launch.kernel;
  Block& b = slot.block;
  b.linear_id = linear_id;
  b.ctaid[0] = static_cast<uint32_t>(linear_id % c.grid.x);
  b.ctaid[1] = static_cast<uint32_t>(linear_id / c.grid.x % c.grid.y);
  b.ctaid[2] = static_cast<uint32_t>(linear_id / (uint64_t{c.grid.x} * c.grid.y));
  b.shared_bytes = k.static_shared_bytes + c.dynamic_shared_bytes;
  if (slot.shared.size() < b.shared_bytes + 16) slot.shared.resize(b.shared_bytes + 16);
  b.shared = slot.shared.data();
  b.num_warps = launch.warps_per_block;
  b.live_warps = b.num_warps;
  b.printf_seq = 0;
  for (Barrier& bar : b.barriers) bar = Barrier{};

  // Local memory: reserved lazily, so only the pages lanes touch cost anything.
  size_t local_bytes = launch.local_stride * launch.warps_per_block * kWarpSize;
  if (slot.local_bytes < local_bytes) {
    if (slot.local != nullptr) munmap(slot.local, slot.local_bytes);
    void* p = mmap(nullptr, local_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    slot.local = p == MAP_FAILED ? nullptr : static_cast<char*>(p);
    slot.local_bytes = slot.local != nullptr ? local_bytes : 0;
  }

  b.local_begin = slot.local;
  b.local_end = slot.local + local_bytes;

  if (slot.warps.size() < b.num_warps) slot.warps.resize(b.num_warps);
  b.warps = &slot.warps;
  const FunctionPlan& entry = k.entry();
  const uint32_t threads = launch.threads_per_block;
  const uint32_t bx = c.block.x, by = c.block.y;
  for (uint32_t i = 0; i < b.num_warps; ++i) {
    Warp& w = slot.warps[i];
    w.index = i;
    uint32_t first = i * kWarpSize;
    uint32_t count = std::min<uint32_t>(kWarpSize, threads - first);
    w.exists = count == kWarpSize ? 0xFFFFFFFFu : ((1u << count) - 1);
    w.retired = 0;
    w.state = WarpState::kReady;
    w.carry = 0;
    w.red_dst = kNoSlot;
    w.stack.assign(1, SimtEntry{0, kNoReconv, w.exists});
    w.frames.assign(1, CallFrame{&entry, 0, 0, 0, nullptr});
    size_t need = size_t{entry.num_slots} * kWarpSize;
    if (w.regs.size() < need) w.regs.resize(need);
    if (!slot.constants_ready) {
      std::copy(entry.const_image.begin(), entry.const_image.end(),
                w.regs.begin() + size_t{entry.const_begin} * kWarpSize);
    }
    for (int l = 0; l < kWarpSize; ++l) {
      uint32_t t = first + l;
      w.tid[0][l] = t % bx;
      w.tid[1][l] = t / bx % by;
      w.tid[2][l] = t / (bx * by);
    }
    w.local = slot.local + size_t{first} * launch.local_stride;
  }
  slot.constants_ready = true;
}

bool StepBlock(LaunchState& launch, BlockSlot& slot, uint32_t worker, bool* finished) {
  Block& b = slot.block;
  bool ran = false;
  for (uint32_t i = 0; i < b.num_warps; ++i) {
    Warp& w = slot.warps[i];
    if (w.state != WarpState::kReady) continue;
    ran = true;
    Exec x;
    x.warp = &w;
    x.block = &b;
    x.launch = &launch;
    x.worker = worker;
    Flow f = RunWarp(x);
    if (f == Flow::kFault) return false;
    if (f == Flow::kFinished) {
      --b.live_warps;
      // Fewer live warps may complete barriers the others wait at.
      for (uint32_t id = 0; id < 16; ++id) {
        if (Complete(b, id)) Release(b, id);
      }
    }
  }
  *finished = b.live_warps == 0;
  if (!*finished && !ran) {
    launch.Fail(CudaError(cudaErrorLaunchFailure,
                          ptx::Cat("kernel ", launch.kernel->name, ": block ", b.linear_id,
                                   " deadlocked: its warps wait at barriers that cannot complete")));
    return false;
  }
  return !launch.abort.load(std::memory_order_relaxed);
}

bool ArriveAtBarrier(Exec& x, uint32_t id, uint32_t expected, bool wait) {
  Block& b = *x.block;
  Barrier& bar = b.barriers[id];
  if (expected != 0) bar.expected = expected;
  ++bar.arrived;
  if (wait) {
    x.warp->state = WarpState::kBarrier;
    x.warp->barrier_id = id;
  }
  if (Complete(b, id)) {
    // The last arrival: release every waiter (this warp too) and keep running without a switch.
    Release(b, id);
    return false;
  }
  return wait;
}

}  // namespace cudashim::simt
