#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_UNIFORMITY_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_UNIFORMITY_H_

// Uniformity (divergence) analysis: which registers hold the same value in every active lane of
// a warp, and which branches every active lane takes the same way. A backend may keep a uniform
// register once per warp and take a uniform branch without splitting the active mask.
//
// "Uniform" is relative to the lanes active at the point of use, so it holds inside a .func
// called from divergent code, and inside a region guarded by a divergent branch. The analysis is
// per function and flow-insensitive per register: a register is uniform only if every def of it
// is. It starts from "all uniform" and marks registers non-uniform until a fixed point.
//
// Sources of non-uniformity:
//  - %tid, %laneid, %lanemask_*, %clock, %clock64, %globaltimer*, %pm* (%ctaid, %ntid, %nctaid,
//    %warpid, %smid, %envreg, cluster ids and the like are the same in a warp);
//  - atom, shfl (both outputs), match.any, elect, call results, stacksave;
//  - anything per-lane in memory: ld.local, addresses of .local variables and cvta to/from
//    .local (a backend may give each lane its own local block), the .param buffers of calls
//    (`retval0`, `param0`), and in a .func its own params (the caller may pass divergent
//    values);
//  - ld/ldu whose address is non-uniform, and strong loads (.volatile/.relaxed/.acquire/...)
//    even at a uniform address: a backend that loads lane by lane may see a concurrent writer
//    between lanes;
//  - data dependence: an instruction with a non-uniform operand, or a non-uniform guard (some
//    lanes keep the old value), writes non-uniform values. addc/subc/madc read the carry flag,
//    which is non-uniform once any .cc instruction computes from non-uniform values;
//  - sync dependence, for each non-uniform branch B with reconvergence point J (its immediate
//    post-dominator) and region R (blocks reachable from B before J): a register defined in R
//    is non-uniform if it is live into J or into a block of R that two different successors of
//    B reach (lanes that took different paths meet there with different values). This covers
//    loops with a divergent exit: lanes leave in different iterations, and the successor that
//    stays in the loop reaches every block the exit does.
// Uniform despite their operands: vote (all/any/uni/ballot), redux.sync, match.all,
// activemask and bar.red, as long as their guard and membermask are uniform.
//
// Assumptions: loads at a uniform address from global, shared, const, param (a kernel's own
// params) or generic memory give every lane the same value: the lanes read the same location at
// the same time, and intra-warp races on it are the program's bug. A backend that relies on a
// uniform load must therefore perform it once per warp. A generic pointer read from memory is
// assumed not to point into .local memory. Lanes inside a loop run its iterations in lockstep
// (masked lanes wait), as with reconvergence at post-dominators (DESIGN.md §3).

#include <cstdint>
#include <vector>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx::analysis {

struct Uniformity {
  // Per Function::registers: the same in all active lanes wherever it is read.
  std::vector<bool> uniform_register;
  // Per Function::instructions: all active lanes make the same control decision there. For bra
  // and brx.idx: whether the branch is uniform (guard and index uniform). For any other
  // guarded instruction (e.g. `@%p ret`): whether its guard is uniform. Unguarded: true.
  std::vector<bool> uniform_branch;

  bool IsUniform(uint32_t reg) const { return uniform_register[reg]; }
  bool IsUniformBranch(uint32_t instruction) const { return uniform_branch[instruction]; }
};

// `module` (optional) is the module holding f: with it, the addresses of module-level .local
// variables count as per-lane; without it every module-level variable counts as shared by the
// warp.
Uniformity AnalyzeUniformity(const Function& f, const Module* module = nullptr);

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_UNIFORMITY_H_
