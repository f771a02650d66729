// The contract between the cpu device and the native code it generates: the structs a compiled
// kernel receives. The same text is compiled into the runtime and pasted at the top of every
// generated source (kAbiSource), so the two can never disagree on a layout.
#pragma once

#include <cstdint>

// Defines the ABI structs here and keeps their text for the generated sources.
#define CUDASHIM_JIT_ABI(...) \
  __VA_ARGS__                 \
  inline constexpr const char kJitAbiSource[] = #__VA_ARGS__;

namespace cudashim::jit {

CUDASHIM_JIT_ABI(
    enum { kCsLanes = 32, kCsStack = 64 };
    // One launch of a kernel, as every warp of every block sees it (ctaid changes per block).
    struct CsCtx {
      const char* params;        // the kernel parameter buffer
      const uint64_t* syms;      // addresses of the module variables the kernel names
      const void* const* insts;  // the ptx::Instruction of each call site into the runtime
      // The per-lane semantics of the rarer instructions (lane_ops.h): d = f(inst, a, b, c, e).
      uint64_t (*lane_op)(const void* inst, uint64_t a, uint64_t b, uint64_t c, uint64_t e);
      char* shared;  // the block's shared memory
      // bar.red: [0] true and [1] false predicates of the warps arrived so far; [2], [3] the
      // totals of the barrier just completed (the driver moves them there before resuming).
      uint32_t* red;
      uint32_t ntid[3], nctaid[3], ctaid[3];
      uint32_t nwarps, dynamic_smem, total_smem, worker, nsm;
    };
    // A warp between two calls of its kernel function: where it stops at a barrier and its
    // reconvergence stack. Registers that live across barriers follow it (the kernel's own struct).
    // run: the lanes form runs of `run` (a power of two, 1..32) with consecutive %tid.x and equal
    // %tid.y/%tid.z (32 when blockDim.x is a multiple of 32): what lane-affine accesses rely on.
    struct CsWarp {
      uint32_t index, exists, exited, pc, rc, m, sp, run;
      uint32_t stk_pc[kCsStack], stk_rc[kCsStack], stk_m[kCsStack];
      uint32_t tid[3][kCsLanes];
      char* local;     // lane l's .local frame: local + l * (the kernel's local stride)
      uint32_t fault;  // nonzero: a local access fell outside its frame
      uint32_t pad2;
    };
    // What a kernel function returns.
    enum { kCsDone = 0, kCsParked = 1 };
    typedef int (*CsKernelFn)(const CsCtx*, CsWarp*, void* regs);)

}  // namespace cudashim::jit
