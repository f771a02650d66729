// PTX IR -> C++ source for one kernel, with the SIMT executor's semantics (codegen.cc explains
// the code shape; README.md the design).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/ptx/ir.h"

namespace cudashim::jit {

// Bumped whenever the generated code changes meaning: part of the cache key.
inline constexpr int kCodegenVersion = 69;

struct GeneratedKernel {
  std::string source;       // a complete translation unit
  size_t prelude_bytes = 0; // the part of `source` every kernel shares (helpers, ABI structs)
  std::string symbol;       // the kernel function (CsKernelFn)
  std::string state_symbol; // `extern "C" const unsigned long`: bytes of per-warp register state
  bool has_barriers = false;
  // The function runs a whole block per call (CsKernelFn with `w` = the block's warps, `regs` =
  // one State per warp) instead of one warp until it parks; block_wide_blocker says why not.
  bool block_wide = false;
  std::string block_wide_blocker;
  // Threads are numbered into warps y-fastest (ChooseLaneOrder in codegen.cc): the driver fills
  // CsWarp::tid and CsCtx::ntid with x and y swapped, so the code's component 0 is the
  // kernel's y. Only for kernels that cannot observe which threads share a warp.
  bool transposed = false;
  // Run-time inputs the source refers to by index (never baked in: the .so is shared across
  // processes): CsCtx::syms[i] is the address of module variable `symbols[i]`, CsCtx::insts[i]
  // is `call_sites[i]`.
  std::vector<std::string> symbols;
  std::vector<const ptx::Instruction*> call_sites;
  uint32_t static_shared_bytes = 0;  // dynamic shared memory starts here
  uint32_t local_stride = 0;         // bytes of .local memory per lane (0: none)
};

struct CodegenOptions {
  // Generate block-wide code where the kernel allows it (CUDASHIM_BLOCK_WIDE=0 turns it off).
  bool block_wide = true;
  // No fused or split partial-mask versions of segments: smaller code for very large kernels,
  // whose g++ -O3 time grows faster than linearly with their size.
  bool lean = false;
  // Let ChooseLaneOrder transpose lanes (CUDASHIM_LANE_ORDER=x turns it off).
  bool lane_order = true;
  // Run a barrier-free kernel's likely path warp by warp first (EmitTrace in codegen.cc;
  // CUDASHIM_WARP_TRACE=0 turns it off).
  bool warp_trace = true;
};

// The helper functions every generated source starts with, before the ABI structs: the
// portable prelude (codegen.cc) and vector_calls.h's intrinsic versions.
std::string LaneHelpersSource();

// UnimplementedError naming the first construct the compiler does not handle (the device then
// runs the kernel on the interpreter).
absl::StatusOr<GeneratedKernel> GenerateKernel(const ptx::Module& module, const ptx::Function& entry,
                                               const CodegenOptions& options = {});

}  // namespace cudashim::jit
