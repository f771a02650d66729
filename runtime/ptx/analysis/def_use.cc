#include "runtime/ptx/analysis/def_use.h"

namespace cudashim::ptx::analysis {

bool HasDestination(const Instruction& inst) {
  switch (inst.op) {
    // Operand 0 is an address or texture tuple that is stored through.
    case Opcode::kSt:
    case Opcode::kRed:
    case Opcode::kSust:
    case Opcode::kCpAsync:
    // No output at all, or (call) outputs in a list of their own.
    case Opcode::kBra:
    case Opcode::kBrx:
    case Opcode::kCall:
    case Opcode::kRet:
    case Opcode::kExit:
    case Opcode::kTrap:
    case Opcode::kBrkpt:
    case Opcode::kMembar:
    case Opcode::kFence:
    case Opcode::kGriddepcontrol:
    case Opcode::kBarWarpSync:
    case Opcode::kNanosleep:
    case Opcode::kPrefetch:
    case Opcode::kPrefetchu:
    case Opcode::kPmevent:
    case Opcode::kStackrestore:
      return false;
    case Opcode::kBar:
    case Opcode::kBarrier:
      return inst.mod.bar_kind == BarKind::kRed;  // bar.red.popc d, id, p
    default:
      return true;
  }
}

std::vector<uint32_t> Defs(const Instruction& inst) {
  std::vector<uint32_t> out;
  ForEachDef(inst, [&](uint32_t r) { out.push_back(r); });
  return out;
}

std::vector<uint32_t> Uses(const Instruction& inst) {
  std::vector<uint32_t> out;
  ForEachUse(inst, [&](uint32_t r) { out.push_back(r); });
  return out;
}

}  // namespace cudashim::ptx::analysis
