#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_LIVENESS_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_LIVENESS_H_

// Register liveness: which registers hold a value that some path may still read.
//
// Defs and uses are those of def_use.h (pairs, vectors, call lists, guards). A guarded def does
// not kill: lanes whose guard is false keep the old value, so it stays live above the def.
// Nothing is live at a ret/exit (a .func's return values are params, not registers).
//
// Typical use: the registers a warp parked at `bar.sync` must keep are LiveAcross(bar).

#include <cstdint>
#include <vector>

#include "runtime/ptx/analysis/register_set.h"
#include "runtime/ptx/ir.h"

namespace cudashim::ptx::analysis {

struct Liveness {
  std::vector<RegisterSet> live_in;   // per block: live on entry to the block
  std::vector<RegisterSet> live_out;  // per block: live on exit (the union over successors)
};

// Per-block liveness of f (every block, reachable or not; empty vectors without a body).
Liveness AnalyzeLiveness(const Function& f);

// Registers live just before instruction i executes / just after it (i indexes
// f.instructions; `live` is AnalyzeLiveness(f)). Walks i's block backwards: O(block size).
RegisterSet LiveBefore(const Function& f, const Liveness& live, uint32_t i);
RegisterSet LiveAfter(const Function& f, const Liveness& live, uint32_t i);

// Registers whose values must survive instruction i: live after i and not certainly
// overwritten by it (LiveAfter minus i's unguarded defs). What a warp parked at a barrier keeps.
RegisterSet LiveAcross(const Function& f, const Liveness& live, uint32_t i);

// The block holding instruction i.
uint32_t BlockOf(const Function& f, uint32_t instruction);

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_LIVENESS_H_
