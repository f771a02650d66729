#ifndef CUDASHIM_RUNTIME_PTX_CFG_BUILDER_H_
#define CUDASHIM_RUNTIME_PTX_CFG_BUILDER_H_

// Splits a function's instruction list into basic blocks and links them into a CFG.

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/ptx/ir.h"

namespace cudashim::ptx {

struct LabelDef {
  std::string_view name;
  uint32_t instruction;  // index of the first instruction after the label
};

// Fills f.blocks from f.instructions: a block starts at the entry, at every label and after
// every branch/ret/exit/trap. Returns the block index of each label in `labels`. Branch
// operands must already hold block indices before ComputeEdges runs, so the caller resolves
// labels between the two steps; BuildBlocks calls neither and ComputeEdges is separate.
absl::StatusOr<std::vector<uint32_t>> BuildBlocks(Function& f, const std::vector<LabelDef>& labels);

// Fills successors/predecessors of f.blocks from the terminators (label operands resolved).
void ComputeEdges(Function& f);

// True for the instructions that end a basic block.
bool EndsBlock(const Instruction& inst);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_CFG_BUILDER_H_
