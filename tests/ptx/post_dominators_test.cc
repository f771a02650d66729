// Reconvergence points: immediate post-dominators of the blocks of small kernels.
#include "runtime/ptx/analysis/post_dominators.h"

#include "gtest/gtest.h"
#include "runtime/ptx/analysis/cfg_order.h"
#include "runtime/ptx/ir.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using analysis::ImmediatePostDominators;

Function ParseOne(const std::string& body) {
  absl::StatusOr<Module> m = Parse(
      ".version 9.0\n.target sm_75\n.address_size 64\n"
      ".visible .entry k()\n{\n.reg .pred %p<4>;\n.reg .b32 %r<4>;\n" +
          body + "\n}\n",
      "cfg");
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? m->functions[0] : Function{};
}

uint32_t BlockOf(const Function& f, std::string_view label) {
  for (uint32_t b = 0; b < f.blocks.size(); ++b) {
    if (f.blocks[b].label == label) return b;
  }
  ADD_FAILURE() << "no block " << label;
  return 0;
}

TEST(PostDominators, IfElseReconvergesAtTheJoin) {
  Function f = ParseOne(
      "@%p1 bra ELSE;\n add.s32 %r1, %r1, 1;\n bra JOIN;\n"
      "ELSE:\n add.s32 %r1, %r1, 2;\n"
      "JOIN:\n ret;");
  std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
  uint32_t join = BlockOf(f, "JOIN");
  EXPECT_EQ(ipdom[0], join);
  EXPECT_EQ(ipdom[1], join);
  EXPECT_EQ(ipdom[BlockOf(f, "ELSE")], join);
  EXPECT_EQ(ipdom[join], f.blocks.size());  // the virtual exit
}

TEST(PostDominators, LoopExitPostDominatesTheLoop) {
  Module m = testing::ParseTestData("vecadd.ptx");
  const Function& f = *m.FindFunction("_Z5saxpyifPKfPf");
  std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
  uint32_t exit_block = BlockOf(f, "$L__BB1_3");
  EXPECT_EQ(ipdom[0], exit_block);
  EXPECT_EQ(ipdom[BlockOf(f, "$L__BB1_2")], exit_block);
}

TEST(PostDominators, EarlyReturnReconvergesAtTheFunctionExit) {
  Function f = ParseOne(
      "@%p1 bra OUT;\n add.s32 %r1, %r1, 1;\n ret;\n"
      "OUT:\n exit;");
  std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
  EXPECT_EQ(ipdom[0], f.blocks.size());
}

TEST(PostDominators, NestedIfsReconvergeInnermostFirst) {
  Function f = ParseOne(
      "@%p1 bra OUTER_JOIN;\n"
      "@%p2 bra INNER_JOIN;\n add.s32 %r1, %r1, 1;\n"
      "INNER_JOIN:\n add.s32 %r1, %r1, 2;\n"
      "OUTER_JOIN:\n ret;");
  std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
  EXPECT_EQ(ipdom[0], BlockOf(f, "OUTER_JOIN"));
  EXPECT_EQ(ipdom[1], BlockOf(f, "INNER_JOIN"));
  EXPECT_EQ(ipdom[BlockOf(f, "INNER_JOIN")], BlockOf(f, "OUTER_JOIN"));
}

TEST(PostDominators, InfiniteLoopStillGetsAnAnswer) {
  Function f = ParseOne(
      "@%p1 bra SPIN;\n ret;\n"
      "SPIN:\n add.s32 %r1, %r1, 1;\n bra SPIN;");
  std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
  ASSERT_EQ(ipdom.size(), f.blocks.size());
  for (uint32_t d : ipdom) EXPECT_LE(d, f.blocks.size());
}

TEST(PostDominators, EveryCorpusBlockHasOne) {
  Module m = testing::ParseTestData("thrust.ptx");
  for (const Function& f : m.functions) {
    std::vector<uint32_t> ipdom = ImmediatePostDominators(f);
    ASSERT_EQ(ipdom.size(), f.blocks.size()) << f.name;
    for (uint32_t b = 0; b < ipdom.size(); ++b) {
      ASSERT_LE(ipdom[b], f.blocks.size()) << f.name << " block " << b;
      EXPECT_NE(ipdom[b], b) << f.name;
    }
  }
}

TEST(CfgOrder, ReversePostOrderStartsAtTheEntryAndSkipsDeadBlocks) {
  Function f = ParseOne("bra B;\nDEAD:\n add.s32 %r1, %r1, 1;\nB:\n ret;");
  std::vector<uint32_t> rpo = analysis::ReversePostOrder(f);
  ASSERT_EQ(rpo.size(), 2u);
  EXPECT_EQ(rpo[0], 0u);
  EXPECT_EQ(rpo[1], BlockOf(f, "B"));
  EXPECT_FALSE(analysis::Reachable(f)[BlockOf(f, "DEAD")]);
}

}  // namespace
}  // namespace cudashim::ptx
