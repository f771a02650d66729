// The executable plan of a kernel: what PrepareKernel builds once from the IR and every launch
// runs. One Op per PTX instruction (plus a few pre-ops that materialise special registers and
// symbol addresses), each with its handler already chosen by opcode, types and modifiers, and its
// operands resolved to register slots, so the interpreter never looks at the IR again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/hal/device.h"
#include "runtime/ptx/ir.h"

namespace cudashim::simt {

inline constexpr int kWarpSize = 32;
inline constexpr uint32_t kNoSlot = ~0u;
inline constexpr uint32_t kNoReconv = ~0u;  // the virtual exit: reached only by ret/exit
using LaneMask = uint32_t;

struct Exec;
struct Op;

// What a handler tells the interpreter loop.
enum class Flow : uint8_t {
  kNext,      // continue at pc + 1
  kJump,      // the handler moved pc / the mask stack (Exec is reloaded)
  kPark,      // the warp waits at a barrier; resume at Exec::pc
  kYield,     // cooperative grids: let other warps run; resume at Exec::pc
  kFinished,  // every lane of the warp has exited
  kFault,     // the launch failed (LaunchState holds the status)
};
using Handler = Flow (*)(Exec&, const Op&);

// Where the address of a memory operand comes from.
enum class AddrMode : uint8_t {
  kReg,          // register slot `a` + imm, per lane
  kAbsolute,     // imm (a host address, or an offset in the shared window)
  kFrame,        // imm + the current call frame's offset in each lane's local memory
  kParamBuffer,  // imm + the launch's parameter buffer (the entry's .param space)
};

// The window an address is interpreted in. Host covers global, const, generic and the kernel
// parameter buffer (all are host addresses); shared and local addresses are offsets in the
// block's shared buffer and the lane's local memory.
enum class Space : uint8_t { kHost, kShared, kLocal };

struct FunctionPlan;

struct Op {
  Handler fn = nullptr;
  uint32_t guard = kNoSlot;  // predicate slot
  bool guard_negated = false;
  bool negate_c = false;      // setp/selp/vote: the boolean operand is written `!%p`
  uint8_t vec = 1;            // ld/st/mov element count
  AddrMode addr_mode = AddrMode::kReg;
  Space space = Space::kHost;
  uint32_t d = kNoSlot, d2 = kNoSlot;                      // destinations (d2: the |p of a pair)
  uint32_t a = kNoSlot, b = kNoSlot, c = kNoSlot, e = kNoSlot;  // sources
  uint32_t v[4] = {kNoSlot, kNoSlot, kNoSlot, kNoSlot};    // vector elements (ld/st/mov)
  int64_t imm = 0;           // address offset, special register selector, ...
  uint32_t target = 0;       // branch target pc
  uint32_t reconv = kNoReconv;  // branch: its immediate post-dominator's pc
  ptx::Modifiers mod;        // for the lane_ops calls of the rarer instructions
  const ptx::Instruction* inst = nullptr;  // for messages
  const FunctionPlan* callee = nullptr;    // direct calls
  uint32_t aux = 0;          // handler-specific (call: index into FunctionPlan::calls)
};

// A call site: where the arguments and return values live in the caller's frame.
struct CallSite {
  struct Value {
    AddrMode mode = AddrMode::kFrame;  // kFrame: caller frame offset `offset`; kReg: slot
    uint32_t slot = kNoSlot;
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  std::vector<Value> args;
  std::vector<Value> returns;
};

struct FunctionPlan {
  const ptx::Function* function = nullptr;
  uint32_t module_index = 0;  // index in Module::functions (indirect calls)
  std::vector<Op> ops;
  std::vector<CallSite> calls;
  uint32_t num_slots = 0;     // registers + temporaries + constants
  uint32_t const_begin = 0;   // constant slots are [const_begin, num_slots)
  std::vector<uint64_t> const_image;  // their contents, 32 lanes each
  // Per-lane local frame: .local variables, call-site .param scratch, own params and returns.
  uint32_t frame_bytes = 0;
  std::vector<uint32_t> param_offsets, param_sizes;
  std::vector<uint32_t> return_offsets, return_sizes;
  // Device services (vprintf, malloc, ...) are bodiless externs with a builtin handler.
  Handler builtin = nullptr;
};

// A prepared kernel. Immutable after PrepareKernel; launches share it across threads.
struct KernelPlan final : hal::Kernel {
  std::string name;
  std::vector<std::unique_ptr<FunctionPlan>> functions;  // [0] is the .entry
  std::vector<const FunctionPlan*> by_module_index;       // indirect calls; null if not reachable
  uint32_t static_shared_bytes = 0;  // .extern .shared arrays start here (16-aligned)
  uint32_t max_frame_bytes = 0;      // the entry frame
  bool checked = false;              // emu: memory accesses are checked
  std::shared_ptr<const ptx::Module> module;  // keeps the IR the ops point into alive

  const FunctionPlan& entry() const { return *functions[0]; }
};

// Function addresses (`mov.u64 %rd, func`) are tokens, not host addresses: the tag in the high
// bits and the module function index below.
inline constexpr uint64_t kFunctionAddressTag = 0xFC00'0000'0000'0000ull;

}  // namespace cudashim::simt
