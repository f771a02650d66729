#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_POST_DOMINATORS_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_POST_DOMINATORS_H_

// Immediate post-dominators: where the lanes of a divergent branch reconverge (DESIGN.md §3).

#include <cstdint>
#include <vector>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx::analysis {

// ipdom[b] for every block b of f. The value f.blocks.size() stands for the virtual exit that
// follows every ret/exit/trap: a branch whose paths only meet by leaving the function
// reconverges there. Blocks that cannot reach an exit (infinite loops) are treated as if they
// could, so every block gets an answer.
std::vector<uint32_t> ImmediatePostDominators(const Function& f);

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_POST_DOMINATORS_H_
