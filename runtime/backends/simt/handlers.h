// Handler selection: each instruction family picks, at prepare time, the handler that runs an op
// with its types and modifiers. A selector returns nullptr when cudashim does not support that
// form; the decoder turns that into cudaErrorNotSupported naming the instruction.
//
// Before a selector runs, the decoder has resolved the operands into the op's slots:
//   d (and d2 for a `d|p` pair), then the sources in PTX order into a, b, c, e; predicates and
//   immediates are slots too (immediates live in constant slots). Memory operands and control
//   flow are filled by the decoder's own code (see decoder.cc).
#pragma once

#include "runtime/backends/simt/plan.h"
#include "runtime/ptx/ir.h"

namespace cudashim::simt {

struct SelectContext {
  bool checked = false;  // emu: check memory accesses
};

Handler SelectIntHandler(const Op& op, const ptx::Instruction& inst);       // handlers_int.cc
Handler SelectFloatHandler(const Op& op, const ptx::Instruction& inst);     // handlers_float.cc
Handler SelectMoveHandler(const Op& op, const ptx::Instruction& inst);      // handlers_move.cc
Handler SelectMemoryHandler(const Op& op, const ptx::Instruction& inst,
                            const SelectContext& ctx);                      // handlers_memory.cc
Handler SelectAtomicHandler(const Op& op, const ptx::Instruction& inst,
                            const SelectContext& ctx);                      // atomics.cc
Handler SelectWarpHandler(const Op& op, const ptx::Instruction& inst);      // handlers_warp.cc
Handler SelectControlHandler(const Op& op, const ptx::Instruction& inst);   // handlers_control.cc
Handler SelectTextureHandler(const Op& op, const ptx::Instruction& inst,
                             const SelectContext& ctx);                     // handlers_texture.cc

// Handlers the decoder places directly.
Flow ReadSpecialRegister(Exec& x, const Op& op);  // d = special register (op.imm = reg, op.b = component)
Flow LocalAddress(Exec& x, const Op& op);         // d = frame offset + imm (a local-space address)
Flow FrameGenericAddress(Exec& x, const Op& op);  // d = generic address of frame offset + imm
Flow ParamBufferAddress(Exec& x, const Op& op);   // d = parameter buffer + imm
Flow CallDirect(Exec& x, const Op& op);
Flow CallIndirect(Exec& x, const Op& op);
Flow ImplicitReturn(Exec& x, const Op& op);

// Device services (services.cc): called like functions, arguments in the caller's frame.
Handler BuiltinFor(std::string_view name);

}  // namespace cudashim::simt
