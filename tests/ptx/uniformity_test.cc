// Uniformity: which registers and branches are the same in every active lane of a warp.
#include "runtime/ptx/analysis/uniformity.h"

#include <string>

#include "gtest/gtest.h"
#include "runtime/ptx/analysis/def_use.h"
#include "runtime/ptx/ir.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using analysis::AnalyzeUniformity;
using analysis::Uniformity;

// A module with one kernel `k(n, p)` (or `.func` when `entry` is false) around `body`.
Module ParseKernel(const std::string& body, bool entry = true, const std::string& extra = "") {
  absl::StatusOr<Module> m =
      Parse(".version 9.0\n.target sm_75\n.address_size 64\n" + extra +
                (entry ? ".visible .entry k(.param .u32 n, .param .u64 p)\n"
                       : ".visible .func k(.param .u32 n, .param .u64 p)\n") +
                "{\n.reg .pred %p<8>;\n.reg .b32 %r<16>;\n.reg .b64 %rd<8>;\n"
                ".local .align 4 .b8 depot[16];\n.shared .align 4 .b8 tile[64];\n" +
                body + "\n}\n",
            "uniformity");
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : Module{};
}

uint32_t Reg(const Function& f, std::string_view name) {
  for (uint32_t r = 0; r < f.registers.size(); ++r) {
    if (f.registers[r].name == name) return r;
  }
  ADD_FAILURE() << "no register " << name;
  return 0;
}

// The n-th (0-based) bra of f.
uint32_t Branch(const Function& f, int n = 0) {
  for (uint32_t i = 0; i < f.instructions.size(); ++i) {
    if (f.instructions[i].op == Opcode::kBra && n-- == 0) return i;
  }
  ADD_FAILURE() << "no such branch";
  return 0;
}

// The bra whose guard is the predicate `guard`.
uint32_t BranchOn(const Function& f, std::string_view guard) {
  uint32_t p = Reg(f, guard);
  for (uint32_t i = 0; i < f.instructions.size(); ++i) {
    const Instruction& inst = f.instructions[i];
    if (inst.op == Opcode::kBra && inst.has_guard && inst.guard == p) return i;
  }
  ADD_FAILURE() << "no branch on " << guard;
  return 0;
}

TEST(Uniformity, LoopOverAUniformBoundIsUniform) {
  Module m = ParseKernel(
      "ld.param.u32 %r1, [n];\n mov.u32 %r2, 0;\n"
      "LOOP:\n add.s32 %r2, %r2, 1;\n setp.lt.s32 %p1, %r2, %r1;\n @%p1 bra LOOP;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r1")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%p1")));
  EXPECT_TRUE(u.IsUniformBranch(Branch(f)));
}

TEST(Uniformity, BoundsCheckOnTidIsDivergent) {
  Module m = ParseKernel(
      "ld.param.u32 %r1, [n];\n mov.u32 %r2, %tid.x;\n setp.ge.u32 %p1, %r2, %r1;\n"
      "@%p1 bra OUT;\n add.s32 %r3, %r1, 1;\nOUT:\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%p1")));
  EXPECT_FALSE(u.IsUniformBranch(Branch(f)));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));  // computed from uniform values, used nowhere else
}

TEST(Uniformity, CtaidTimesNtidIsUniform) {
  Module m = ParseKernel(
      "mov.u32 %r1, %ctaid.x;\n mov.u32 %r2, %ntid.x;\n mul.lo.s32 %r3, %r1, %r2;\n"
      "mov.u32 %r4, %nctaid.y;\n mov.u32 %r5, %warpid;\n mov.u32 %r6, %tid.y;\n"
      "mov.u32 %r7, %laneid;\n mov.u32 %r8, %lanemask_lt;\n mov.u32 %r9, %clock;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  for (const char* r : {"%r1", "%r2", "%r3", "%r4", "%r5"})
    EXPECT_TRUE(u.IsUniform(Reg(f, r))) << r;
  for (const char* r : {"%r6", "%r7", "%r8", "%r9"}) EXPECT_FALSE(u.IsUniform(Reg(f, r))) << r;
}

TEST(Uniformity, ValueSetOnBothSidesOfADivergentIfIsNonUniformAfterTheJoin) {
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n setp.lt.u32 %p1, %r1, 16;\n @%p1 bra ELSE;\n"
      " mov.u32 %r2, 1;\n mov.u32 %r3, %ctaid.x;\n add.s32 %r4, %r3, 1;\n bra JOIN;\n"
      "ELSE:\n mov.u32 %r2, 2;\n"
      "JOIN:\n ld.param.u64 %rd1, [p];\n st.global.u32 [%rd1], %r2;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(Branch(f, 0)));
  EXPECT_TRUE(u.IsUniformBranch(Branch(f, 1)));  // the unconditional `bra JOIN`
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  // Defined and used on one side only: uniform among the lanes that run that side.
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r4")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%rd1")));
}

TEST(Uniformity, ValueAssignedOnOneDivergentPathIsNonUniformAfterTheJoin) {
  Module m = ParseKernel(
      "mov.u32 %r2, 7;\n mov.u32 %r1, %tid.x;\n setp.lt.u32 %p1, %r1, 16;\n @%p1 bra JOIN;\n"
      " mov.u32 %r2, 1;\n"
      "JOIN:\n add.s32 %r3, %r2, 1;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r3")));
}

TEST(Uniformity, UniformIfKeepsItsMergedValuesUniform) {
  Module m = ParseKernel(
      "mov.u32 %r1, %ctaid.x;\n setp.lt.u32 %p1, %r1, 16;\n @%p1 bra ELSE;\n"
      " mov.u32 %r2, 1;\n bra JOIN;\nELSE:\n mov.u32 %r2, 2;\nJOIN:\n add.s32 %r3, %r2, 1;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_TRUE(u.IsUniformBranch(Branch(f, 0)));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
}

TEST(Uniformity, LoopWithADivergentExitMakesItsValuesNonUniformAfterTheLoop) {
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n mov.u32 %r2, 0;\n mov.u32 %r3, 0;\n"
      "LOOP:\n add.s32 %r2, %r2, 1;\n add.s32 %r3, %r3, 2;\n setp.lt.u32 %p1, %r2, %r1;\n"
      " @%p1 bra LOOP;\n add.s32 %r4, %r2, 1;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(Branch(f)));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));  // lanes leave after different trip counts
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r4")));
  // Counts iterations like %r2 but is never read after the loop: lanes inside the loop agree.
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
}

TEST(Uniformity, DivergentLoopExitToItsOwnReturnIsStillNonUniform) {
  // The exits do not meet before the function ends (the branch reconverges at the virtual
  // exit), yet lanes reach OUT after different trip counts.
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n mov.u32 %r2, 0;\n"
      "LOOP:\n add.s32 %r2, %r2, 1;\n setp.eq.u32 %p1, %r2, %r1;\n @%p1 bra OUT;\n"
      " setp.lt.u32 %p2, %r2, 100;\n @%p2 bra LOOP;\n ret;\n"
      "OUT:\n ld.param.u64 %rd1, [p];\n st.global.u32 [%rd1], %r2;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p2")));
}

TEST(Uniformity, LanesLeavingALoopThroughAUniformExitAgree) {
  // Lanes leave through OUT after different trip counts, but those that reach DONE all leave
  // in the same iteration: %r3, read only at DONE, stays uniform.
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n mov.u32 %r2, 0;\n mov.u32 %r3, 0;\n"
      "LOOP:\n add.s32 %r2, %r2, 1;\n add.s32 %r3, %r3, 2;\n setp.eq.u32 %p1, %r2, %r1;\n"
      " @%p1 bra OUT;\n setp.lt.u32 %p2, %r3, 100;\n @%p2 bra LOOP;\n"
      "DONE:\n ld.param.u64 %rd1, [p];\n st.global.u32 [%rd1], %r3;\n ret;\n"
      "OUT:\n ld.param.u64 %rd2, [p];\n st.global.u32 [%rd2], %r2;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
  EXPECT_TRUE(u.IsUniformBranch(BranchOn(f, "%p2")));
}

TEST(Uniformity, CodeAfterADivergentEarlyReturnStaysUniform) {
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n setp.ge.u32 %p1, %r1, 16;\n @%p1 ret;\n"
      "mov.u32 %r2, %ctaid.x;\n setp.eq.u32 %p2, %r2, 0;\n @%p2 bra OUT;\n add.s32 %r2, %r2, 1;\n"
      "OUT:\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(2));  // the guarded ret
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_TRUE(u.IsUniformBranch(Branch(f)));
}

TEST(Uniformity, DivergentGuardOnADefMakesItNonUniform) {
  Module m = ParseKernel(
      "mov.u32 %r1, %tid.x;\n setp.lt.u32 %p1, %r1, 16;\n mov.u32 %r2, 0;\n"
      "@%p1 mov.u32 %r2, 1;\n mov.u32 %r3, 0;\n @!%p1 bra X;\nX:\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
  EXPECT_FALSE(u.IsUniformBranch(Branch(f)));
}

TEST(Uniformity, LoadsAreUniformAtAUniformAddressOutsideLocalMemory) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n cvta.to.global.u64 %rd2, %rd1;\n"
      "ld.global.u32 %r1, [%rd2];\n"           // uniform address
      "ld.global.nc.u32 %r2, [%rd2+4];\n"      // uniform address
      "ld.shared.u32 %r3, [tile];\n"           // uniform address
      "ld.u32 %r4, [%rd1];\n"                  // generic, uniform address
      "ld.local.u32 %r5, [depot];\n"           // per-lane memory
      "ld.volatile.global.u32 %r6, [%rd2];\n"  // a strong load
      "mov.u32 %r7, %tid.x;\n mul.wide.u32 %rd3, %r7, 4;\n add.s64 %rd4, %rd2, %rd3;\n"
      "ld.global.u32 %r8, [%rd4];\n"  // per-lane address
      "mov.u64 %rd5, depot;\n cvta.local.u64 %rd6, %rd5;\n ld.u32 %r9, [%rd6];\n"
      "ldu.global.u32 %r10, [%rd2];\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  for (const char* r : {"%rd1", "%rd2", "%r1", "%r2", "%r3", "%r4", "%r10"}) {
    EXPECT_TRUE(u.IsUniform(Reg(f, r))) << r;
  }
  for (const char* r : {"%r5", "%r6", "%r8", "%rd5", "%rd6", "%r9"}) {
    EXPECT_FALSE(u.IsUniform(Reg(f, r))) << r;
  }
}

TEST(Uniformity, AtomicsShufflesAndVotes) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n mov.u32 %r1, %tid.x;\n setp.lt.u32 %p1, %r1, 3;\n"
      "atom.global.add.u32 %r2, [%rd1], 1;\n"
      "shfl.sync.idx.b32 %r3|%p2, %r1, 0, 31, -1;\n"
      "vote.sync.ballot.b32 %r4, %p1, -1;\n vote.sync.any.pred %p3, %p1, -1;\n"
      "vote.sync.all.pred %p4, %p1, -1;\n vote.sync.uni.pred %p5, %p1, -1;\n"
      "redux.sync.add.u32 %r5, %r1, -1;\n activemask.b32 %r6;\n"
      "vote.sync.ballot.b32 %r7, %p1, %r1;\n"  // a per-lane membermask
      "ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  for (const char* r : {"%r2", "%r3", "%p2", "%r7"}) EXPECT_FALSE(u.IsUniform(Reg(f, r))) << r;
  for (const char* r : {"%r4", "%p3", "%p4", "%p5", "%r5", "%r6"}) {
    EXPECT_TRUE(u.IsUniform(Reg(f, r))) << r;
  }
}

TEST(Uniformity, CallResultsAndFuncParamsAreNonUniform) {
  Module m = ParseKernel(
      "ld.param.u32 %r1, [n];\n"
      "{\n .param .b32 param0;\n st.param.b32 [param0], %r1;\n .param .b32 retval0;\n"
      " call.uni (retval0), g, (param0);\n ld.param.b32 %r2, [retval0];\n}\n ret;",
      /*entry=*/true, ".func (.param .b32 out) g(.param .b32 in)\n{\n ret;\n}\n");
  const Function& k = *m.FindFunction("k");
  Uniformity u = AnalyzeUniformity(k);
  EXPECT_TRUE(u.IsUniform(Reg(k, "%r1")));
  EXPECT_FALSE(u.IsUniform(Reg(k, "%r2")));

  Module fm = ParseKernel("ld.param.u32 %r1, [n];\n mov.u32 %r2, %ctaid.x;\n ret;", false);
  const Function& fn = fm.functions[0];
  Uniformity fu = AnalyzeUniformity(fn);
  EXPECT_FALSE(fu.IsUniform(Reg(fn, "%r1")));  // the caller may pass a per-lane value
  EXPECT_TRUE(fu.IsUniform(Reg(fn, "%r2")));
}

TEST(Uniformity, CarryChainsFollowTheirInputs) {
  Module m = ParseKernel(
      "mov.u32 %r1, %ctaid.x;\n add.cc.u32 %r2, %r1, 1;\n addc.u32 %r3, %r1, 0;\n"
      "mov.u32 %r4, %tid.x;\n add.cc.u32 %r5, %r4, 1;\n addc.u32 %r6, %r1, 0;\n ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r2")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r5")));
  // Flow-insensitive: once any carry is per-lane, every addc reads a per-lane carry.
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r6")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r3")));
}

TEST(Uniformity, NestedDivergenceInsideAUniformLoop) {
  // for (s = ntid/2; s > 0; s >>= 1) { if (tid < s) x = ...; }  with x read after the if.
  Module m = ParseKernel(
      "mov.u32 %r1, %ntid.x;\n mov.u32 %r2, %tid.x;\n shr.u32 %r3, %r1, 1;\n mov.u32 %r4, 0;\n"
      "LOOP:\n setp.ge.u32 %p1, %r2, %r3;\n @%p1 bra SKIP;\n add.s32 %r4, %r4, %r3;\n"
      "SKIP:\n bar.sync 0;\n shr.u32 %r3, %r3, 1;\n setp.ne.u32 %p2, %r3, 0;\n @%p2 bra LOOP;\n"
      " ret;");
  const Function& f = m.functions[0];
  Uniformity u = AnalyzeUniformity(f);
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1")));
  EXPECT_TRUE(u.IsUniformBranch(BranchOn(f, "%p2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r4")));
}

// --- nvcc output ----------------------------------------------------------------------------

TEST(UniformityCorpus, VecaddBoundsCheckIsDivergent) {
  Module m = testing::ParseTestData("vecadd.ptx");
  const Function& f = *m.FindFunction("vecadd");
  Uniformity u = AnalyzeUniformity(f, &m);
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1")));
  for (const char* r : {"%rd1", "%rd2", "%rd3", "%r2", "%r3", "%r4"}) {
    EXPECT_TRUE(u.IsUniform(Reg(f, r))) << r;
  }
  for (const char* r : {"%r1", "%r5", "%rd5", "%f1", "%f3"}) {
    EXPECT_FALSE(u.IsUniform(Reg(f, r))) << r;
  }
}

TEST(UniformityCorpus, SaxpyGridStrideLoopIsDivergent) {
  Module m = testing::ParseTestData("vecadd.ptx");
  const Function& f = *m.FindFunction("_Z5saxpyifPKfPf");
  Uniformity u = AnalyzeUniformity(f, &m);
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1")));
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p2")));
  EXPECT_TRUE(u.IsUniform(Reg(f, "%r3")));  // the stride ntid * nctaid
  EXPECT_TRUE(u.IsUniform(Reg(f, "%f1")));
  EXPECT_FALSE(u.IsUniform(Reg(f, "%r10")));
}

TEST(UniformityCorpus, SharedMemoryReductionStrideLoopIsUniform) {
  Module m = testing::ParseTestData("reduce.ptx");
  for (const char* name : {"reduce_static", "reduce_dynamic"}) {
    const Function& f = *m.FindFunction(name);
    Uniformity u = AnalyzeUniformity(f, &m);
    EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p1"))) << name;  // i < n
    EXPECT_TRUE(u.IsUniformBranch(BranchOn(f, "%p2"))) << name;   // ntid/2 == 0
    EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p3"))) << name;  // t < s
    EXPECT_TRUE(u.IsUniformBranch(BranchOn(f, "%p4"))) << name;   // the stride loop
    EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p5"))) << name;  // t == 0
    EXPECT_TRUE(u.IsUniform(Reg(f, "%r14"))) << name;             // s
  }
}

TEST(UniformityCorpus, WarpVotesAreUniformAndShufflesAreNot) {
  Module m = testing::ParseTestData("warp.ptx");
  const Function& f = *m.FindFunction("warp_ops");
  Uniformity u = AnalyzeUniformity(f, &m);
  for (const char* r : {"%r2", "%p12", "%p13", "%r27", "%r29", "%r7"}) {
    EXPECT_TRUE(u.IsUniform(Reg(f, r))) << r;
  }
  for (const char* r : {"%r8", "%r24", "%p11", "%r34"}) EXPECT_FALSE(u.IsUniform(Reg(f, r))) << r;
  EXPECT_FALSE(u.IsUniformBranch(BranchOn(f, "%p14")));
}

TEST(UniformityCorpus, EveryCorpusFunctionGetsASaneAnswer) {
  for (const char* file : {"atomics.ptx", "dmath.ptx", "features_sm90.ptx", "half_sm80.ptx",
                           "half_sm90.ptx", "printf.ptx", "printf_debug.ptx", "rdc_a.ptx",
                           "rdc_b.ptx", "reduce.ptx", "reduce_lineinfo.ptx", "thrust.ptx",
                           "vecadd.ptx", "virtual.ptx", "warp.ptx", "warp_sm80.ptx"}) {
    Module m = testing::ParseTestData(file);
    for (const Function& f : m.functions) {
      Uniformity u = AnalyzeUniformity(f, &m);
      ASSERT_EQ(u.uniform_register.size(), f.registers.size()) << file << " " << f.name;
      ASSERT_EQ(u.uniform_branch.size(), f.instructions.size()) << file << " " << f.name;
      for (const Instruction& inst : f.instructions) {
        if (inst.operands.size() != 2 || !inst.operands[0].IsReg()) continue;
        const Operand& src = inst.operands[1];
        // mov %r, %tid.x is never uniform; a kernel's ld.param of its own params always is.
        if (inst.op == Opcode::kMov && src.kind == Operand::Kind::kSpecialReg &&
            src.sreg == SpecialReg::kTid && !inst.has_guard) {
          EXPECT_FALSE(u.IsUniform(inst.operands[0].reg)) << file << " " << f.name;
        }
        if (f.is_entry && inst.op == Opcode::kLd && inst.mod.space == StateSpace::kParam &&
            src.kind == Operand::Kind::kAddress && src.base == Operand::Base::kSymbol &&
            src.symbol_kind == SymbolKind::kParam && !inst.has_guard) {
          // Unless the register is reassigned elsewhere with a per-lane value.
          int defs = 0;
          for (const Instruction& other : f.instructions) {
            for (uint32_t r : analysis::Defs(other)) defs += r == inst.operands[0].reg;
          }
          if (defs == 1) {
            EXPECT_TRUE(u.IsUniform(inst.operands[0].reg)) << file << " " << f.name;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace cudashim::ptx
