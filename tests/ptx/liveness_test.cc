// Liveness and the def/use roles of operands.
#include "runtime/ptx/analysis/liveness.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/ptx/analysis/def_use.h"
#include "runtime/ptx/ir.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using analysis::AnalyzeLiveness;
using analysis::Liveness;
using analysis::RegisterSet;

Module ParseKernel(const std::string& body, const std::string& extra = "") {
  absl::StatusOr<Module> m =
      Parse(".version 9.0\n.target sm_75\n.address_size 64\n" + extra +
                ".visible .entry k(.param .u64 p)\n{\n.reg .pred %p<8>;\n.reg .b32 %r<16>;\n"
                ".reg .b64 %rd<8>;\n" +
                body + "\n}\n",
            "liveness");
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : Module{};
}

std::vector<std::string> Names(const Function& f, const RegisterSet& set) {
  std::vector<std::string> out;
  for (uint32_t r : set.ToVector()) out.push_back(f.registers[r].name);
  return out;
}

std::vector<std::string> Names(const Function& f, const std::vector<uint32_t>& regs) {
  std::vector<std::string> out;
  for (uint32_t r : regs) out.push_back(f.registers[r].name);
  return out;
}

using Strings = std::vector<std::string>;

uint32_t BlockOf(const Function& f, std::string_view label) {
  for (uint32_t b = 0; b < f.blocks.size(); ++b) {
    if (f.blocks[b].label == label) return b;
  }
  ADD_FAILURE() << "no block " << label;
  return 0;
}

uint32_t FirstOf(const Function& f, Opcode op) {
  for (uint32_t i = 0; i < f.instructions.size(); ++i) {
    if (f.instructions[i].op == op) return i;
  }
  ADD_FAILURE() << "no " << Name(op);
  return 0;
}

// --- def/use --------------------------------------------------------------------------------

TEST(DefUse, PairsVectorsAddressesAndGuards) {
  Module m = ParseKernel(
      "setp.lt.s32 %p1|%p2, %r1, %r2;\n"
      "@%p3 shfl.sync.down.b32 %r3|%p4, %r4, %r5, %r6, %r7;\n"
      "ld.global.v4.u32 {%r8, %r9, _, %r10}, [%rd1+16];\n"
      "st.global.v2.u32 [%rd2], {%r11, %r12};\n"
      "mov.b64 {%r13, %r14}, %rd3;\n mov.b64 %rd4, {%r1, %r2};\n"
      "atom.global.cas.b32 %r15, [%rd5], %r1, %r2;\n red.global.add.u32 [%rd6], %r3;\n ret;");
  const Function& f = m.functions[0];
  auto defs = [&](int i) { return Names(f, analysis::Defs(f.instructions[i])); };
  auto uses = [&](int i) { return Names(f, analysis::Uses(f.instructions[i])); };
  EXPECT_EQ(defs(0), (Strings{"%p1", "%p2"}));
  EXPECT_EQ(uses(0), (Strings{"%r1", "%r2"}));
  EXPECT_EQ(defs(1), (Strings{"%r3", "%p4"}));
  EXPECT_EQ(uses(1), (Strings{"%p3", "%r4", "%r5", "%r6", "%r7"}));
  EXPECT_TRUE(analysis::IsConditionalDef(f.instructions[1]));
  EXPECT_EQ(defs(2), (Strings{"%r8", "%r9", "%r10"}));
  EXPECT_EQ(uses(2), (Strings{"%rd1"}));
  EXPECT_EQ(defs(3), Strings{});
  EXPECT_EQ(uses(3), (Strings{"%rd2", "%r11", "%r12"}));
  EXPECT_EQ(defs(4), (Strings{"%r13", "%r14"}));
  EXPECT_EQ(uses(4), (Strings{"%rd3"}));
  EXPECT_EQ(defs(5), (Strings{"%rd4"}));
  EXPECT_EQ(uses(5), (Strings{"%r1", "%r2"}));
  EXPECT_EQ(defs(6), (Strings{"%r15"}));
  EXPECT_EQ(uses(6), (Strings{"%rd5", "%r1", "%r2"}));
  EXPECT_EQ(defs(7), Strings{});
  EXPECT_EQ(uses(7), (Strings{"%rd6", "%r3"}));
}

TEST(DefUse, CallReturnsAreDefsAndArgumentsAreUses) {
  Module m = ParseKernel("call (%r1), f, (%r2, %r3);\n call.uni g, (%r4);\n ret;",
                         ".func (.reg .b32 r) f(.reg .b32 a, .reg .b32 b) { ret; }\n"
                         ".func g(.reg .b32 a) { ret; }\n");
  const Function& f = *m.FindFunction("k");
  EXPECT_EQ(Names(f, analysis::Defs(f.instructions[0])), (Strings{"%r1"}));
  EXPECT_EQ(Names(f, analysis::Uses(f.instructions[0])), (Strings{"%r2", "%r3"}));
  EXPECT_EQ(Names(f, analysis::Defs(f.instructions[1])), Strings{});
  EXPECT_EQ(Names(f, analysis::Uses(f.instructions[1])), (Strings{"%r4"}));
}

// --- liveness -------------------------------------------------------------------------------

TEST(Liveness, StraightLineValueIsLiveBetweenDefAndLastUse) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n mov.u32 %r1, 5;\n add.s32 %r2, %r1, 1;\n"
      "st.global.u32 [%rd1], %r2;\n ret;");
  const Function& f = m.functions[0];
  Liveness live = AnalyzeLiveness(f);
  EXPECT_TRUE(live.live_in[0].Empty());
  EXPECT_TRUE(live.live_out[0].Empty());
  EXPECT_EQ(Names(f, analysis::LiveBefore(f, live, 2)), (Strings{"%r1", "%rd1"}));
  EXPECT_EQ(Names(f, analysis::LiveAfter(f, live, 2)), (Strings{"%r2", "%rd1"}));
  EXPECT_EQ(Names(f, analysis::LiveAcross(f, live, 2)), (Strings{"%rd1"}));
  EXPECT_TRUE(analysis::LiveAfter(f, live, 3).Empty());
}

TEST(Liveness, LoopCarriedValuesAreLiveAroundTheBackEdge) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n mov.u32 %r1, 0;\n mov.u32 %r2, 0;\n"
      "LOOP:\n add.s32 %r2, %r2, %r1;\n add.s32 %r1, %r1, 1;\n setp.lt.s32 %p1, %r1, 10;\n"
      " @%p1 bra LOOP;\n st.global.u32 [%rd1], %r2;\n ret;");
  const Function& f = m.functions[0];
  Liveness live = AnalyzeLiveness(f);
  uint32_t loop = BlockOf(f, "LOOP");
  EXPECT_EQ(Names(f, live.live_in[loop]), (Strings{"%r1", "%r2", "%rd1"}));
  EXPECT_EQ(Names(f, live.live_out[loop]), (Strings{"%r1", "%r2", "%rd1"}));
  EXPECT_EQ(Names(f, live.live_in[loop + 1]), (Strings{"%r2", "%rd1"}));
}

TEST(Liveness, GuardedDefinitionDoesNotKill) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n @%p1 mov.u32 %r1, 1;\n st.global.u32 [%rd1], %r1;\n"
      "mov.u32 %r2, 1;\n @%p2 mov.u32 %r2, 2;\n st.global.u32 [%rd1], %r2;\n ret;");
  const Function& f = m.functions[0];
  Liveness live = AnalyzeLiveness(f);
  // %r1 may reach the store from the entry (lanes where %p1 is false); %r2 is set first.
  EXPECT_EQ(Names(f, live.live_in[0]), (Strings{"%p1", "%p2", "%r1"}));
  EXPECT_EQ(Names(f, analysis::LiveAcross(f, live, 4)), (Strings{"%r2", "%rd1"}));
}

TEST(Liveness, ValueDefinedOnBothSidesOfAnIfIsLiveOnlyFromTheDefs) {
  Module m = ParseKernel(
      "ld.param.u64 %rd1, [p];\n @%p1 bra ELSE;\n mov.u32 %r1, 1;\n bra JOIN;\n"
      "ELSE:\n mov.u32 %r1, 2;\nJOIN:\n st.global.u32 [%rd1], %r1;\n ret;");
  const Function& f = m.functions[0];
  Liveness live = AnalyzeLiveness(f);
  EXPECT_EQ(Names(f, live.live_in[0]), (Strings{"%p1"}));
  EXPECT_EQ(Names(f, live.live_out[0]), (Strings{"%rd1"}));
  EXPECT_EQ(Names(f, live.live_in[BlockOf(f, "JOIN")]), (Strings{"%r1", "%rd1"}));
  EXPECT_EQ(Names(f, live.live_in[BlockOf(f, "ELSE")]), (Strings{"%rd1"}));
}

TEST(Liveness, ReductionBarrierInsideTheStrideLoopKeepsWhatTheLoopAndTailRead) {
  Module m = testing::ParseTestData("reduce.ptx");
  const Function& f = *m.FindFunction("reduce_static");
  Liveness live = AnalyzeLiveness(f);
  uint32_t bar = f.blocks[BlockOf(f, "$L__BB0_5")].begin;
  ASSERT_EQ(f.instructions[bar].op, Opcode::kBar);
  // s (%r14), tid (%r3), &tile[tid] (%r5), and for the tail ctaid (%r2) and out (%rd2).
  EXPECT_EQ(Names(f, analysis::LiveAcross(f, live, bar)),
            (Strings{"%r2", "%r3", "%r5", "%r14", "%rd2"}));
  // The first barrier also keeps blockDim.x (%r1), read by `shr %r14, %r1, 1` after it.
  uint32_t first_bar = FirstOf(f, Opcode::kBar);
  EXPECT_EQ(Names(f, analysis::LiveAcross(f, live, first_bar)),
            (Strings{"%r1", "%r2", "%r3", "%r5", "%rd2"}));
}

TEST(Liveness, BlockOfFindsTheBlockOfEveryInstruction) {
  Module m = testing::ParseTestData("reduce.ptx");
  const Function& f = m.functions[0];
  for (uint32_t b = 0; b < f.blocks.size(); ++b) {
    for (uint32_t i = f.blocks[b].begin; i < f.blocks[b].end; ++i) {
      EXPECT_EQ(analysis::BlockOf(f, i), b);
    }
  }
}

TEST(Liveness, CorpusKernelsReadAlmostNothingBeforeWritingIt) {
  for (const char* file : {"atomics.ptx", "dmath.ptx", "features_sm90.ptx", "half_sm80.ptx",
                           "half_sm90.ptx", "printf.ptx", "printf_debug.ptx", "rdc_a.ptx",
                           "rdc_b.ptx", "reduce.ptx", "reduce_lineinfo.ptx", "thrust.ptx",
                           "vecadd.ptx", "virtual.ptx", "warp.ptx", "warp_sm80.ptx"}) {
    Module m = testing::ParseTestData(file);
    for (const Function& f : m.functions) {
      if (!f.has_body) continue;
      Liveness live = AnalyzeLiveness(f);
      ASSERT_EQ(live.live_in.size(), f.blocks.size());
      // One exception: cub's exclusive-sum kernel stores a value that only some threads load
      // (`if (tid < 256) x = in[...]; smem[...] = x;`), so %rd53 reaches the entry.
      Strings expected;
      if (f.name.find("DeviceRadixSortExclusiveSumKernel") != std::string::npos) {
        expected = {"%rd53"};
      }
      EXPECT_EQ(Names(f, live.live_in[0]), expected) << file << " " << f.name;
      for (uint32_t b = 0; b < f.blocks.size(); ++b) {
        if (f.blocks[b].successors.empty()) {
          EXPECT_TRUE(live.live_out[b].Empty()) << file << " " << f.name;
        }
        // live_in = uses U (live_out - kills), checked instruction by instruction.
        if (f.blocks[b].end > f.blocks[b].begin) {
          EXPECT_EQ(analysis::LiveBefore(f, live, f.blocks[b].begin), live.live_in[b])
              << file << " " << f.name << " block " << b;
        }
      }
    }
  }
}

}  // namespace
}  // namespace cudashim::ptx
