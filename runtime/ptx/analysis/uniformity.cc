// A worklist over registers: when a register turns non-uniform, the instructions reading it are
// looked at again; a branch that turns non-uniform marks its sync-dependent registers. Every
// step only ever turns uniform into non-uniform, so the loop ends.

#include "runtime/ptx/analysis/uniformity.h"

#include <algorithm>
#include <deque>

#include "runtime/ptx/analysis/def_use.h"
#include "runtime/ptx/analysis/liveness.h"
#include "runtime/ptx/analysis/post_dominators.h"
#include "runtime/ptx/analysis/register_set.h"

namespace cudashim::ptx::analysis {
namespace {

bool IsDivergentSpecialReg(SpecialReg r) {
  switch (r) {
    case SpecialReg::kTid:
    case SpecialReg::kLaneid:
    case SpecialReg::kClock:
    case SpecialReg::kClock64:
    case SpecialReg::kGlobaltimer:
    case SpecialReg::kGlobaltimerLo:
    case SpecialReg::kGlobaltimerHi:
    case SpecialReg::kLanemaskEq:
    case SpecialReg::kLanemaskLe:
    case SpecialReg::kLanemaskLt:
    case SpecialReg::kLanemaskGe:
    case SpecialReg::kLanemaskGt:
    case SpecialReg::kPm:
      return true;
    default:
      return false;
  }
}

// Loads that order with other threads: a lane-by-lane executor may see different values.
bool IsStrongLoad(const Instruction& inst) {
  return inst.mod.sem != MemSem::kNone && inst.mod.sem != MemSem::kWeak;
}

bool IsBranch(const Instruction& inst) {
  return inst.op == Opcode::kBra || inst.op == Opcode::kBrx;
}

// Instructions whose result is the same in all participating lanes whatever their inputs:
// only the guard and the membermask (or barrier id and count) decide.
bool IsWarpCollective(const Instruction& inst) {
  switch (inst.op) {
    case Opcode::kVote:
    case Opcode::kRedux:
    case Opcode::kActivemask:
      return true;
    case Opcode::kMatch:
      return inst.mod.match_mode == MatchMode::kAll;
    case Opcode::kBar:
    case Opcode::kBarrier:
      return inst.mod.bar_kind == BarKind::kRed;
    default:
      return false;
  }
}

bool ReadsCarry(const Instruction& inst) {
  return inst.op == Opcode::kAddc || inst.op == Opcode::kSubc || inst.op == Opcode::kMadc;
}

class Analysis {
 public:
  Analysis(const Function& f, const Module* module)
      : f_(f),
        module_(module),
        nregs_(static_cast<uint32_t>(f.registers.size())),
        carry_(nregs_),
        uniform_(nregs_ + 1, true),
        users_(nregs_ + 1),
        divergent_block_(f.blocks.size(), false) {}

  Uniformity Run() {
    const uint32_t n = static_cast<uint32_t>(f_.instructions.size());
    for (uint32_t i = 0; i < n; ++i) {
      const Instruction& inst = f_.instructions[i];
      ForEachUse(inst, [&](uint32_t r) { AddUser(r, i); });
      if (ReadsCarry(inst)) AddUser(carry_, i);
    }
    if (!f_.blocks.empty()) {
      ipdom_ = ImmediatePostDominators(f_);
      liveness_ = AnalyzeLiveness(f_);
      block_defs_.assign(f_.blocks.size(), RegisterSet(nregs_));
      for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
        for (uint32_t i = f_.blocks[b].begin; i < f_.blocks[b].end; ++i) {
          ForEachDef(f_.instructions[i], [&](uint32_t r) { block_defs_[b].Insert(r); });
        }
      }
    }

    for (uint32_t i = 0; i < n; ++i) Visit(i);
    while (!worklist_.empty()) {
      uint32_t r = worklist_.front();
      worklist_.pop_front();
      for (uint32_t i : users_[r]) Visit(i);
    }

    Uniformity out;
    out.uniform_register.assign(uniform_.begin(), uniform_.begin() + nregs_);
    out.uniform_branch.assign(n, true);
    for (uint32_t i = 0; i < n; ++i) {
      const Instruction& inst = f_.instructions[i];
      out.uniform_branch[i] =
          IsBranch(inst) ? !BranchIsDivergent(inst) : !inst.has_guard || uniform_[inst.guard];
    }
    return out;
  }

 private:
  void AddUser(uint32_t r, uint32_t i) {
    if (users_[r].empty() || users_[r].back() != i) users_[r].push_back(i);
  }

  void Mark(uint32_t r) {
    if (!uniform_[r]) return;
    uniform_[r] = false;
    worklist_.push_back(r);
  }

  void Visit(uint32_t i) {
    const Instruction& inst = f_.instructions[i];
    if (IsBranch(inst)) {
      if (BranchIsDivergent(inst) && !f_.blocks.empty()) {
        uint32_t b = BlockOf(f_, i);
        if (!divergent_block_[b] && f_.blocks[b].end == i + 1) {
          divergent_block_[b] = true;
          MarkSyncDependent(b);
        }
      }
      return;
    }
    if (!ResultIsNonUniform(inst)) return;
    ForEachDef(inst, [&](uint32_t r) { Mark(r); });
    if (inst.mod.cc) Mark(carry_);
  }

  bool BranchIsDivergent(const Instruction& inst) const {
    if (inst.has_guard && !uniform_[inst.guard]) return true;
    if (inst.op == Opcode::kBrx && !inst.operands.empty() && inst.operands[0].IsReg()) {
      return !uniform_[inst.operands[0].reg];
    }
    return false;
  }

  // Whether the address of this symbol (or, for a .func's params, its value) differs by lane.
  bool SymbolIsPerLane(SymbolKind kind, uint32_t index) const {
    switch (kind) {
      case SymbolKind::kParam:
        return !f_.is_entry;
      case SymbolKind::kReturnParam:
        return true;
      case SymbolKind::kLocalVar:
        return index < f_.locals.size() && (f_.locals[index].space == StateSpace::kLocal ||
                                            f_.locals[index].space == StateSpace::kParam);
      case SymbolKind::kGlobalVar:
        return module_ != nullptr && index < module_->variables.size() &&
               module_->variables[index].space == StateSpace::kLocal;
      case SymbolKind::kFunction:
        return false;
    }
    return true;
  }

  // Special registers and symbols among the sources that differ by lane.
  bool SourceIsPerLane(const Operand& o) const {
    switch (o.kind) {
      case Operand::Kind::kSpecialReg:
        return IsDivergentSpecialReg(o.sreg);
      case Operand::Kind::kSymbol:
        return SymbolIsPerLane(o.symbol_kind, o.symbol);
      case Operand::Kind::kAddress:
        return o.base == Operand::Base::kSymbol && SymbolIsPerLane(o.symbol_kind, o.symbol);
      case Operand::Kind::kVector:
      case Operand::Kind::kTexCoords:
        for (const Operand& e : o.elements) {
          if (SourceIsPerLane(e)) return true;
        }
        return false;
      default:
        return false;
    }
  }

  bool ResultIsNonUniform(const Instruction& inst) const {
    if (inst.has_guard && !uniform_[inst.guard]) return true;
    switch (inst.op) {
      case Opcode::kAtom:
      case Opcode::kShfl:
      case Opcode::kElect:
      case Opcode::kCall:
      case Opcode::kStacksave:
        return true;
      case Opcode::kMatch:
        if (inst.mod.match_mode != MatchMode::kAll) return true;
        break;
      case Opcode::kLd:
      case Opcode::kLdu:
        if (inst.mod.space == StateSpace::kLocal || IsStrongLoad(inst)) return true;
        break;
      case Opcode::kCvta:
        if (inst.mod.space == StateSpace::kLocal) return true;
        break;
      default:
        break;
    }
    if (ReadsCarry(inst) && !uniform_[carry_]) return true;
    if (IsWarpCollective(inst)) {
      // vote/redux/match .sync: the membermask is the last operand; bar.red d, id(, count), p:
      // the id and count are operands 1 .. n-2. The value being voted on does not matter.
      size_t begin = 1, end = inst.operands.size();
      if (inst.op == Opcode::kBar || inst.op == Opcode::kBarrier) {
        end = end > 0 ? end - 1 : 0;
      } else {
        begin = inst.mod.sync && end > 0 ? end - 1 : end;
      }
      for (size_t k = begin; k < end; ++k) {
        const Operand& o = inst.operands[k];
        if (SourceIsPerLane(o)) return true;
        bool non_uniform = false;
        ForEachRegisterIn(o, [&](uint32_t r) { non_uniform |= !uniform_[r]; });
        if (non_uniform) return true;
      }
      return false;
    }
    size_t first = HasDestination(inst) ? 1 : 0;
    for (size_t k = first; k < inst.operands.size(); ++k) {
      if (SourceIsPerLane(inst.operands[k])) return true;
    }
    bool non_uniform = false;
    ForEachUse(inst, [&](uint32_t r) { non_uniform |= !uniform_[r]; });
    return non_uniform;
  }

  // Block b ends in a divergent branch: mark what its lanes may disagree on when they meet.
  void MarkSyncDependent(uint32_t b) {
    const uint32_t nblocks = static_cast<uint32_t>(f_.blocks.size());
    const uint32_t join = ipdom_[b];  // nblocks: the virtual exit
    const std::vector<uint32_t>& succ = f_.blocks[b].successors;
    if (succ.size() < 2) return;

    // The region: blocks reachable from each successor without passing the join, and how many
    // successors reach each one.
    std::vector<uint8_t> reached_by(nblocks, 0);
    std::vector<bool> in_region(nblocks, false), seen(nblocks);
    std::vector<uint32_t> stack;
    for (uint32_t s : succ) {
      if (s == join) continue;
      std::fill(seen.begin(), seen.end(), false);
      stack = {s};
      seen[s] = true;
      while (!stack.empty()) {
        uint32_t x = stack.back();
        stack.pop_back();
        if (reached_by[x] < 2) ++reached_by[x];
        in_region[x] = true;
        for (uint32_t y : f_.blocks[x].successors) {
          if (y != join && !seen[y]) {
            seen[y] = true;
            stack.push_back(y);
          }
        }
      }
    }
    RegisterSet region_defs(nregs_);
    for (uint32_t x = 0; x < nblocks; ++x) {
      if (in_region[x]) region_defs.InsertAll(block_defs_[x]);
    }
    auto mark_live = [&](uint32_t block, const RegisterSet& defs) {
      RegisterSet merged = liveness_.live_in[block];
      merged.IntersectWith(defs);
      for (uint32_t r : merged.ToVector()) Mark(r);
    };
    // Joins need no separate case for loops with a divergent exit: the successor that stays in
    // the loop comes back to b and so reaches every block the other successors reach, which
    // makes each block after the exit a join.
    if (join < nblocks) mark_live(join, region_defs);
    for (uint32_t x = 0; x < nblocks; ++x) {
      if (in_region[x] && reached_by[x] >= 2) mark_live(x, region_defs);
    }
  }

  const Function& f_;
  const Module* module_;
  const uint32_t nregs_;
  const uint32_t carry_;       // a pseudo register: the carry flag of .cc instructions
  std::vector<bool> uniform_;  // per register, and carry_
  std::vector<std::vector<uint32_t>> users_;  // per register: instructions that read it
  std::vector<bool> divergent_block_;         // blocks whose final branch was found divergent
  std::vector<uint32_t> ipdom_;
  Liveness liveness_;
  std::vector<RegisterSet> block_defs_;  // per block: registers it writes (guarded or not)
  std::deque<uint32_t> worklist_;
};

}  // namespace

Uniformity AnalyzeUniformity(const Function& f, const Module* module) {
  return Analysis(f, module).Run();
}

}  // namespace cudashim::ptx::analysis
