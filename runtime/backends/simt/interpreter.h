// The interpreter loop of one warp and the reconvergence-stack operations that control-flow
// handlers share (divergent branch, ret/exit, call).
#pragma once

#include "runtime/backends/simt/state.h"

namespace cudashim::simt {

// Runs the warp from its saved state until it parks at a barrier, yields, finishes or faults.
Flow RunWarp(Exec& x);

// A conditional branch of op `o` taken by `taken` (a subset of x.active). Uniform outcomes only
// move pc; divergent ones split the mask and reconverge at o.reconv (the immediate
// post-dominator).
Flow Branch(Exec& x, const Op& o, LaneMask taken);

// `lanes` leave the current function (ret) or the kernel (exit). The function returns to its
// caller once none of its lanes is left; the warp finishes when no lane is left at all.
Flow Leave(Exec& x, LaneMask lanes, bool exit);

// Calls `callee` for the lanes in x.mask (call op `o`).
Flow Call(Exec& x, const Op& o, const FunctionPlan* callee);

}  // namespace cudashim::simt
