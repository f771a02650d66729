#include "runtime/ptx/cfg_builder.h"

#include <algorithm>

namespace cudashim::ptx {

bool EndsBlock(const Instruction& inst) {
  switch (inst.op) {
    case Opcode::kBra:
    case Opcode::kBrx:
    case Opcode::kRet:
    case Opcode::kExit:
    case Opcode::kTrap:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<std::vector<uint32_t>> BuildBlocks(Function& f,
                                                  const std::vector<LabelDef>& labels) {
  const uint32_t n = static_cast<uint32_t>(f.instructions.size());
  std::vector<uint32_t> leaders = {0};
  for (const LabelDef& l : labels) leaders.push_back(l.instruction);
  for (uint32_t i = 0; i < n; ++i) {
    if (EndsBlock(f.instructions[i]) && i + 1 < n) leaders.push_back(i + 1);
  }
  std::sort(leaders.begin(), leaders.end());
  leaders.erase(std::unique(leaders.begin(), leaders.end()), leaders.end());
  f.blocks.clear();
  for (size_t b = 0; b < leaders.size(); ++b) {
    BasicBlock block;
    block.begin = leaders[b];
    block.end = b + 1 < leaders.size() ? leaders[b + 1] : n;
    f.blocks.push_back(std::move(block));
  }
  std::vector<uint32_t> label_blocks;
  label_blocks.reserve(labels.size());
  for (const LabelDef& l : labels) {
    auto it = std::lower_bound(leaders.begin(), leaders.end(), l.instruction);
    uint32_t b = static_cast<uint32_t>(it - leaders.begin());
    if (f.blocks[b].label.empty()) f.blocks[b].label = std::string(l.name);
    label_blocks.push_back(b);
  }
  return label_blocks;
}

void ComputeEdges(Function& f) {
  const uint32_t nblocks = static_cast<uint32_t>(f.blocks.size());
  for (BasicBlock& b : f.blocks) {
    b.successors.clear();
    b.predecessors.clear();
  }
  for (uint32_t i = 0; i < nblocks; ++i) {
    BasicBlock& b = f.blocks[i];
    bool falls_through = true;
    std::vector<uint32_t> targets;
    if (b.end > b.begin) {
      const Instruction& last = f.instructions[b.end - 1];
      if (EndsBlock(last)) {
        falls_through = last.has_guard;
        if (last.op == Opcode::kBra || last.op == Opcode::kBrx) {
          for (const Operand& o : last.operands) {
            if (o.kind == Operand::Kind::kLabel) targets.push_back(o.label);
          }
        }
      }
    }
    if (falls_through && i + 1 < nblocks) b.successors.push_back(i + 1);
    for (uint32_t t : targets) {
      if (std::find(b.successors.begin(), b.successors.end(), t) == b.successors.end()) {
        b.successors.push_back(t);
      }
    }
  }
  for (uint32_t i = 0; i < nblocks; ++i) {
    for (uint32_t s : f.blocks[i].successors) f.blocks[s].predecessors.push_back(i);
  }
}

}  // namespace cudashim::ptx
