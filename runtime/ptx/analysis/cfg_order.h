#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_CFG_ORDER_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_CFG_ORDER_H_

// Traversal orders of a function's control-flow graph (BasicBlock::successors).

#include <cstdint>
#include <vector>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx::analysis {

// Blocks reachable from the entry block, in reverse postorder (entry first; a block comes
// before its successors except along back edges).
std::vector<uint32_t> ReversePostOrder(const Function& f);

// For each block, whether it is reachable from the entry block.
std::vector<bool> Reachable(const Function& f);

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_CFG_ORDER_H_
