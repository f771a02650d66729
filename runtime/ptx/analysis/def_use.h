#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_DEF_USE_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_DEF_USE_H_

// Which registers an instruction writes (defs) and reads (uses). The one place that knows the
// operand roles of every opcode; liveness, uniformity and the backends ask here.
//
// Defs: the destination of a value-producing instruction (operand 0): a register, both
// registers of a pair (`setp p|q`, `shfl d|p`), every register of a vector (`ld.v4 {a,b,_,d}`,
// `mov.b64 {lo,hi}, x`); `_` writes nothing. A call writes the registers of its return list.
// Uses: every other register operand, including vector elements, address bases, texture
// coordinates, a call's target and arguments, and the guard predicate.
// Params of a .func (`.reg` or `.param`) are symbols, not registers: neither defs nor uses.
//
// A guarded instruction (`@%p ...`) may leave its destinations unchanged: see IsConditionalDef.
// The implicit carry flag of add.cc/addc/... is not a register and appears in neither list.

#include <cstdint>
#include <vector>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx::analysis {

// Whether operand 0 of `inst` is written (as opposed to stored through, or not an output).
bool HasDestination(const Instruction& inst);

// Whether the instruction's writes might not happen in a lane that executes it: it is guarded.
// Such a def does not kill the register's previous value.
inline bool IsConditionalDef(const Instruction& inst) { return inst.has_guard; }

// Calls f(register index) for every register operand `o` names: itself, both halves of a pair,
// an address base, the elements of a vector or texture tuple.
template <typename F>
void ForEachRegisterIn(const Operand& o, F&& f) {
  switch (o.kind) {
    case Operand::Kind::kReg:
      f(o.reg);
      break;
    case Operand::Kind::kRegPair:
      f(o.reg);
      f(o.reg2);
      break;
    case Operand::Kind::kAddress:
      if (o.base == Operand::Base::kReg) f(o.reg);
      break;
    case Operand::Kind::kVector:
    case Operand::Kind::kTexCoords:
      for (const Operand& e : o.elements) ForEachRegisterIn(e, f);
      break;
    default:
      break;
  }
}

// Calls f(register index) for each register `inst` writes (a register may come twice).
template <typename F>
void ForEachDef(const Instruction& inst, F&& f) {
  if (inst.op == Opcode::kCall) {
    if (!inst.operands.empty()) ForEachRegisterIn(inst.operands[0], f);
    return;
  }
  if (!inst.operands.empty() && HasDestination(inst)) {
    ForEachRegisterIn(inst.operands[0], f);
  }
}

// Calls f(register index) for each register `inst` reads, the guard included.
template <typename F>
void ForEachUse(const Instruction& inst, F&& f) {
  if (inst.has_guard) f(inst.guard);
  size_t first = 0;
  if (inst.op == Opcode::kCall || HasDestination(inst)) first = 1;
  for (size_t i = first; i < inst.operands.size(); ++i) {
    ForEachRegisterIn(inst.operands[i], f);
  }
}

// The same as lists, in operand order, duplicates kept.
std::vector<uint32_t> Defs(const Instruction& inst);
std::vector<uint32_t> Uses(const Instruction& inst);

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_DEF_USE_H_
