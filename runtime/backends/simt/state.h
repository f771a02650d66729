// Run-time state of a launch: the grid (LaunchState), a block (Block), a warp (Warp) and the hot
// context handed to every handler (Exec). Warps are explicit state, not threads or fibers, so a
// barrier is a switch to the next warp of the block (DESIGN.md §3).
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime/backends/simt/plan.h"
#include "runtime/hal/device.h"

namespace cudashim::simt {

class DeviceHeap;
class PrintfSink;

// Lanes, registers and values --------------------------------------------------------------------

// Calls f(lane) for every lane in mask. The full-mask path is a plain loop the compiler can
// vectorise; partial masks walk the set bits.
template <typename F>
inline void ForLanes(LaneMask mask, F&& f) {
  if (mask == 0xFFFFFFFFu) {
    for (int l = 0; l < kWarpSize; ++l) f(l);
  } else {
    while (mask != 0) {
      int l = std::countr_zero(mask);
      mask &= mask - 1;
      f(l);
    }
  }
}

// Register values are kept in 64-bit slots. A value is valid in the low bits of the type that
// wrote it; readers take the bits of their own type (lane_ops.h states the same convention).
template <typename T>
inline T As(uint64_t v) {
  if constexpr (sizeof(T) == 8) {
    return std::bit_cast<T>(v);
  } else if constexpr (sizeof(T) == 4) {
    return std::bit_cast<T>(static_cast<uint32_t>(v));
  } else if constexpr (sizeof(T) == 2) {
    return std::bit_cast<T>(static_cast<uint16_t>(v));
  } else {
    return std::bit_cast<T>(static_cast<uint8_t>(v));
  }
}
template <typename T>
inline uint64_t Bits(T v) {
  if constexpr (std::is_signed_v<T> && std::is_integral_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(v));
  } else if constexpr (sizeof(T) == 8) {
    return std::bit_cast<uint64_t>(v);
  } else if constexpr (sizeof(T) == 4) {
    return std::bit_cast<uint32_t>(v);
  } else if constexpr (sizeof(T) == 2) {
    return std::bit_cast<uint16_t>(v);
  } else {
    return std::bit_cast<uint8_t>(v);
  }
}

// Warps --------------------------------------------------------------------------------------

// One level of the reconvergence stack: the lanes in `mask` run from `pc` until they reach
// `reconv`, where the entry below (which holds the union of the paths) resumes.
struct SimtEntry {
  uint32_t pc = 0;
  uint32_t reconv = kNoReconv;
  LaneMask mask = 0;
};

struct CallFrame {
  const FunctionPlan* fn = nullptr;
  uint32_t reg_base = 0;     // first uint64_t of the frame in Warp::regs
  uint32_t local_base = 0;   // the frame's offset in each lane's local memory
  uint32_t stack_base = 0;   // SimtEntry index of the callee's first entry
  const Op* call = nullptr;  // the caller's call op (null for the entry)
};

enum class WarpState : uint8_t { kReady, kBarrier, kDone };

struct Warp {
  uint32_t index = 0;        // warp id within the block
  LaneMask exists = 0;       // lanes that are threads of the block (the last warp may be partial)
  LaneMask retired = 0;      // lanes that executed exit
  WarpState state = WarpState::kReady;
  std::vector<SimtEntry> stack;
  std::vector<CallFrame> frames;
  std::vector<uint64_t> regs;  // frames of 32-lane slots, register-major
  LaneMask carry = 0;          // CC.CF of each lane (add.cc / addc ...)
  uint32_t spin_count = 0;     // spin points passed (see SpinPoint)
  uint32_t tid[3][kWarpSize] = {};
  char* local = nullptr;       // lane l's local memory is local + l * LaunchState::local_stride
  // A parked bar.red: where its result goes when the barrier completes.
  uint32_t barrier_id = 0;
  uint32_t red_dst = kNoSlot;
  LaneMask red_mask = 0;
  ptx::BoolOp red_op = ptx::BoolOp::kNone;
  bool red_is_pred = false;
};

// Blocks -------------------------------------------------------------------------------------

struct Barrier {
  uint32_t arrived = 0;   // warps parked here
  uint32_t expected = 0;  // 0: every live warp of the block
  // bar.red accumulators
  uint32_t popc = 0;
  bool all = true, any = false;
};

struct Block {
  uint32_t ctaid[3] = {};
  uint64_t linear_id = 0;
  char* shared = nullptr;
  uint32_t shared_bytes = 0;
  char* local_begin = nullptr;  // the local memory of all the block's lanes (emu checks)
  char* local_end = nullptr;
  uint32_t live_warps = 0;
  uint32_t num_warps = 0;
  std::vector<Warp>* warps = nullptr;  // owned by the worker (reused across blocks)
  Barrier barriers[16];
  uint32_t printf_seq = 0;
};

// The grid ----------------------------------------------------------------------------------

// Services and limits the device provides to a launch.
struct LaunchEnv {
  DeviceHeap* heap = nullptr;
  size_t stack_bytes = 1024;        // cudaLimitStackSize
  size_t printf_fifo_bytes = 1 << 20;
  // emu: the device memory arena, and the core's view of other mapped memory (host/managed).
  uintptr_t arena_begin = 0, arena_end = 0;
  std::function<bool(uintptr_t, size_t)> is_mapped;
  int multiprocessors = 1;
  uint64_t grid_id = 0;
};

class PrintfSink {
 public:
  void Append(uint64_t block, uint32_t seq, std::string text);
  void Flush();  // writes everything in (block, sequence) order to stdout

 private:
  struct Record {
    uint64_t block;
    uint32_t seq;
    std::string text;
  };
  std::mutex mu_;
  std::vector<Record> records_;
  size_t bytes_ = 0;
 public:
  size_t limit = 1 << 20;
};

struct LaunchState {
  const KernelPlan* kernel = nullptr;
  hal::LaunchConfig config;
  const char* params = nullptr;
  size_t param_bytes = 0;
  const LaunchEnv* env = nullptr;
  uint32_t warps_per_block = 0;
  uint32_t threads_per_block = 0;
  size_t local_stride = 0;  // bytes of local memory per lane
  uint64_t coop_workspace = 0;
  std::atomic<bool> abort{false};
  std::mutex error_mu;
  absl::Status error;
  PrintfSink printf;

  // Records the first failure and stops the grid.
  void Fail(absl::Status status);
};

// The context of one handler call -----------------------------------------------------------

struct Exec {
  uint64_t* R = nullptr;      // the current frame's registers: slot s is R + s * 32
  LaneMask mask = 0;          // lanes executing this op (active & guard)
  LaneMask active = 0;        // the top mask stack entry's lanes
  uint32_t pc = 0;
  uint32_t reconv = kNoReconv;
  uint32_t frame_local = 0;   // the current frame's offset in local memory
  const Op* ops = nullptr;
  Warp* warp = nullptr;
  Block* block = nullptr;
  LaunchState* launch = nullptr;
  uint32_t worker = 0;

  uint64_t* Reg(uint32_t slot) const { return R + size_t{slot} * kWarpSize; }
  LaneMask Pred(uint32_t slot) const { return static_cast<LaneMask>(R[size_t{slot} * kWarpSize]); }
  void SetPred(uint32_t slot, LaneMask value, LaneMask lanes) const {
    uint64_t& p = R[size_t{slot} * kWarpSize];
    p = (p & ~uint64_t{lanes}) | (value & lanes);
  }
  char* LaneLocal(int lane) const {
    return warp->local + static_cast<size_t>(lane) * launch->local_stride;
  }
  // Loads the interpreter's cached view from the warp's top stack entry and frame.
  void Reload();
  Flow Fault(absl::Status status);
};

// Describes an op for error messages: "ld.global.u32 (kernel k, line 12)".
std::string Describe(const Exec& x, const Op& op);

}  // namespace cudashim::simt
