// Backward dataflow over blocks, iterated in postorder until nothing changes:
//   live_out(b) = U live_in(s) over successors s
//   live_in(b)  = uses(b) U (live_out(b) - kills(b))
// where uses(b) are read before any unguarded def in b, and kills(b) are the unguarded defs.

#include "runtime/ptx/analysis/liveness.h"

#include <algorithm>

#include "runtime/ptx/analysis/cfg_order.h"
#include "runtime/ptx/analysis/def_use.h"

namespace cudashim::ptx::analysis {
namespace {

// Moves `live` from after `inst` to before it.
void StepBack(const Instruction& inst, RegisterSet& live) {
  if (!IsConditionalDef(inst)) ForEachDef(inst, [&](uint32_t r) { live.Erase(r); });
  ForEachUse(inst, [&](uint32_t r) { live.Insert(r); });
}

}  // namespace

uint32_t BlockOf(const Function& f, uint32_t instruction) {
  auto it = std::upper_bound(f.blocks.begin(), f.blocks.end(), instruction,
                             [](uint32_t i, const BasicBlock& b) { return i < b.begin; });
  // Empty blocks share their begin with the next one: step back to the block that holds i.
  uint32_t b = static_cast<uint32_t>(it - f.blocks.begin()) - 1;
  while (b > 0 && f.blocks[b].end <= instruction) --b;
  return b;
}

Liveness AnalyzeLiveness(const Function& f) {
  const size_t nregs = f.registers.size();
  const uint32_t nblocks = static_cast<uint32_t>(f.blocks.size());
  Liveness live;
  live.live_in.assign(nblocks, RegisterSet(nregs));
  live.live_out.assign(nblocks, RegisterSet(nregs));
  std::vector<RegisterSet> uses(nblocks, RegisterSet(nregs)), kills(nblocks, RegisterSet(nregs));
  for (uint32_t b = 0; b < nblocks; ++b) {
    for (uint32_t i = f.blocks[b].end; i-- > f.blocks[b].begin;) {
      const Instruction& inst = f.instructions[i];
      if (!IsConditionalDef(inst)) {
        ForEachDef(inst, [&](uint32_t r) {
          uses[b].Erase(r);
          kills[b].Insert(r);
        });
      }
      ForEachUse(inst, [&](uint32_t r) { uses[b].Insert(r); });
    }
  }

  // Postorder visits successors first, so most blocks settle in one sweep. Unreachable blocks
  // are appended so that they get an answer too.
  std::vector<uint32_t> order = ReversePostOrder(f);
  std::reverse(order.begin(), order.end());
  std::vector<bool> reachable(nblocks, false);
  for (uint32_t b : order) reachable[b] = true;
  for (uint32_t b = nblocks; b-- > 0;) {
    if (!reachable[b]) order.push_back(b);
  }

  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t b : order) {
      RegisterSet& out = live.live_out[b];
      for (uint32_t s : f.blocks[b].successors) out.InsertAll(live.live_in[s]);
      RegisterSet in = out;
      in.EraseAll(kills[b]);
      in.InsertAll(uses[b]);
      if (!(in == live.live_in[b])) {
        live.live_in[b] = std::move(in);
        changed = true;
      }
    }
  }
  return live;
}

RegisterSet LiveAfter(const Function& f, const Liveness& live, uint32_t i) {
  uint32_t b = BlockOf(f, i);
  RegisterSet set = live.live_out[b];
  for (uint32_t j = f.blocks[b].end; j-- > i + 1;) StepBack(f.instructions[j], set);
  return set;
}

RegisterSet LiveBefore(const Function& f, const Liveness& live, uint32_t i) {
  RegisterSet set = LiveAfter(f, live, i);
  StepBack(f.instructions[i], set);
  return set;
}

RegisterSet LiveAcross(const Function& f, const Liveness& live, uint32_t i) {
  RegisterSet set = LiveAfter(f, live, i);
  const Instruction& inst = f.instructions[i];
  if (!IsConditionalDef(inst)) ForEachDef(inst, [&](uint32_t r) { set.Erase(r); });
  return set;
}

}  // namespace cudashim::ptx::analysis
