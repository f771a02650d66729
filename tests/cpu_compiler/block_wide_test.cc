// Which kernels the cpu compiler runs block-wide (codegen.cc, BlockWideBlocker): block-wide code
// treats a barrier as a check that the whole block is there, so a kernel qualifies only when
// no divergent branch can reach a barrier before reconverging. The results of block-wide kernels
// are checked by the kernel corpus (tests/kernels/block_wide.cu, barriers.cu, ...); this test
// pins the decision itself on small hand-written PTX.
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "tests/cpu_compiler/generate.h"

namespace cudashim::jit {
namespace {

// One kernel `k(.param .u64 out)` with `body` between the declarations and the final ret.
std::string Kernel(const std::string& body) {
  return R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<4>;
  .reg .b32 %r<8>;
  .reg .b64 %rd<4>;
  .shared .align 4 .b8 s[1024];
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
)" + body + R"(
DONE:
  ret;
}
)";
}

GeneratedKernel Generate(const std::string& body, bool block_wide = true) {
  CodegenOptions options;
  options.block_wide = block_wide;
  return testing::GenerateFromPtx(Kernel(body), options);
}

void ExpectBlockWide(const std::string& body) {
  GeneratedKernel g = Generate(body);
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
}

// Per warp, for a reason naming `why`.
void ExpectPerWarp(const std::string& body, const std::string& why) {
  GeneratedKernel g = Generate(body);
  EXPECT_FALSE(g.block_wide);
  EXPECT_NE(g.block_wide_blocker.find(why), std::string::npos) << g.block_wide_blocker;
}

TEST(BlockWide, BarrierAfterADivergentIfIsBlockWide) {
  ExpectBlockWide(R"(
  setp.lt.u32 %p1, %r1, 16;
  @%p1 bra SKIP;
  st.shared.u32 [s], %r1;
SKIP:
  bar.sync 0;
  ld.shared.u32 %r2, [s];
  st.global.u32 [%rd2], %r2;
)");
}

TEST(BlockWide, EarlyReturnBeforeABarrierIsBlockWide) {
  // `if (tid >= 40) return;` as nvcc emits it: a branch to a block holding only ret.
  ExpectBlockWide(R"(
  setp.ge.u32 %p1, %r1, 40;
  @%p1 bra DONE;
  st.shared.u32 [s], %r1;
  bar.sync 0;
  st.global.u32 [%rd2], %r1;
)");
}

TEST(BlockWide, BarrierUnderADivergentBranchIsPerWarp) {
  ExpectPerWarp(R"(
  setp.lt.u32 %p1, %r1, 16;
  @%p1 bra SKIP;
  bar.sync 0;
  st.global.u32 [%rd2], %r1;
SKIP:
  st.shared.u32 [s], %r1;
)",
                "barrier under the divergent branch");
}

TEST(BlockWide, BarrierInAUniformLoopIsBlockWide) {
  ExpectBlockWide(R"(
  mov.u32 %r2, 0;
LOOP:
  st.shared.u32 [s], %r2;
  bar.sync 0;
  add.u32 %r2, %r2, 1;
  setp.lt.u32 %p2, %r2, 8;
  @%p2 bra LOOP;
)");
}

TEST(BlockWide, ShufflesAreBlockWide) {
  // A shuffle's result is per lane; each warp's runs over that warp's lanes.
  ExpectBlockWide(R"(
  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
  st.shared.u32 [s], %r2;
  bar.sync 0;
  st.global.u32 [%rd2], %r2;
)");
}

TEST(BlockWide, WarpUniformResultsKeepTheKernelPerWarp) {
  // A vote's result is the same in the lanes of one warp only; uniform registers are kept
  // once per block in block-wide code.
  ExpectPerWarp(R"(
  setp.lt.u32 %p1, %r1, 16;
  vote.sync.any.pred %p2, %p1, -1;
  selp.u32 %r2, 1, 0, %p2;
  st.global.u32 [%rd2], %r2;
)",
                "vote");
}

// How many loops over the warps the generated block function holds.
size_t WarpLoops(const GeneratedKernel& g) {
  size_t n = 0;
  for (size_t at = 0; (at = g.source.find("uint32_t m = M[cw]; if (m == 0", at)) != std::string::npos; ++at) ++n;
  return n;
}

TEST(BlockWide, ConsecutiveLaneItemsShareAWarpLoop) {
  // Two stores (each ends a segment) with a uniform instruction between them: one loop over
  // the warps, the uniform instruction before it (WarpGroupEnd). The corpus checks results.
  GeneratedKernel g = Generate(R"(
  shl.b32 %r2, %r1, 2;
  st.shared.u32 [%r2], %r1;
  ld.param.u64 %rd3, [out];
  add.u32 %r3, %r1, 7;
  st.shared.u32 [%r2+512], %r3;
  bar.sync 0;
  st.global.u32 [%rd2], %r3;
)");
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_EQ(WarpLoops(g), 2u);  // the two shared stores, then the global one after the barrier
}

TEST(BlockWide, ALoopsBackEdgeBallotSharesTheLoopOfItsBody) {
  // A grid-stride loop's body runs in its back edge's loop over the warps, just before each
  // warp's ballot (EmitBlockBranch's tail, TailJoinsBranch): one loop over the warps for the
  // setup before it, none of its own for the body, one for the store after it.
  const std::string loop = R"(
  mov.u32 %r2, 0;
LOOP:
  add.u32 %r2, %r2, %r1;
  add.u32 %r1, %r1, 64;
  setp.lt.u32 %p1, %r1, 4096;
  @%p1 bra LOOP;
  st.global.u32 [%rd2], %r2;
)";
  GeneratedKernel g = Generate(loop);
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_EQ(WarpLoops(g), 2u);
  EXPECT_NE(g.source.find("if (m != 0) {"), std::string::npos);
  // An if/else keeps its own loop for the lane work before it (no gain merged: stencil5).
  g = Generate(R"(
  add.u32 %r2, %r1, 5;
  setp.lt.u32 %p1, %r2, 40;
  @%p1 bra ELSE;
  st.global.u32 [%rd2], %r2;
  bra.uni DONE;
ELSE:
  st.global.u32 [%rd2+4], %r2;
)");
  EXPECT_EQ(g.source.find("if (m != 0) {"), std::string::npos);
}

TEST(BlockWide, GridStrideLoadsArePrefetched) {
  // A one-block loop's contiguous global load gets a software stride prefetch (Prefetch: the
  // grid stride crosses pages, which the hardware prefetchers do not follow).
  GeneratedKernel g = Generate(R"(
  mov.u32 %r2, 0;
LOOP:
  mad.wide.u32 %rd3, %r1, 4, %rd2;
  ld.global.u32 %r3, [%rd3];
  add.u32 %r2, %r2, %r3;
  add.u32 %r1, %r1, 1024;
  setp.lt.u32 %p1, %r1, 100000;
  @%p1 bra LOOP;
  st.global.u32 [%rd2], %r2;
)");
  EXPECT_NE(g.source.find("__builtin_prefetch"), std::string::npos);
  // With a barrier in the loop (a tiled kernel): none.
  g = Generate(R"(
  mov.u32 %r2, 0;
LOOP:
  mad.wide.u32 %rd3, %r1, 4, %rd2;
  ld.global.u32 %r3, [%rd3];
  st.shared.u32 [s], %r3;
  bar.sync 0;
  add.u32 %r1, %r1, 1024;
  add.u32 %r2, %r2, 1;
  setp.lt.u32 %p2, %r2, 8;
  @%p2 bra LOOP;
)");
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_EQ(g.source.find("__builtin_prefetch"), std::string::npos);
}

// The lane-affine analysis behind the fused checks (codegen.cc, InductionAffine): an index
// stepped in one divergent one-block loop is the same stride apart in every lane inside it
// (one first-and-last check per run); stepped by two such loops it is not (lanes leave the
// first at different iterations), so the second loop's access is checked lane by lane (cs_bad).
TEST(BlockWide, IndexSteppedByTwoDivergentLoopsIsCheckedPerLane) {
  const std::string first_loop = R"(
  mov.u32 %r2, 0;
L1:
  mad.wide.u32 %rd3, %r1, 4, %rd2;
  ld.global.u32 %r3, [%rd3];
  add.u32 %r2, %r2, %r3;
  add.u32 %r1, %r1, 1024;
  setp.gt.s32 %p1, %r3, 0;
  @%p1 bra L1;
  add.u32 %r2, %r2, 1;
)";
  GeneratedKernel one = Generate(first_loop + "  st.global.u32 [%rd2], %r2;\n");
  EXPECT_EQ(one.source.find("cs_bad"), std::string::npos);  // lane-affine: no per-lane compare
  GeneratedKernel two = Generate(first_loop + R"(
L2:
  mad.wide.u32 %rd0, %r1, 4, %rd2;
  ld.global.u32 %r4, [%rd0];
  add.u32 %r2, %r2, %r4;
  add.u32 %r1, %r1, 1024;
  setp.lt.u32 %p2, %r1, 100000;
  @%p2 bra L2;
  st.global.u32 [%rd2], %r2;
)");
  EXPECT_NE(two.source.find("cs_bad"), std::string::npos);
}

// A tree reduction's step, `if (t < k) s[t] += s[t + k];`: the body, one block going on to
// where the branch reconverges, runs in place under the lanes taking it (InlineSide), and the
// compare feeding only the branch is computed in its ballot (FoldedCompare). The corpus
// (block_wide.cu, k_branch_sides) checks results, including the operand rewrite below.
TEST(BlockWide, TreeStepRunsInPlaceWithItsCompareInTheBallot) {
  const std::string step = R"(
  shl.b32 %r2, %r1, 2;
  bra.uni STEP;
STEP:
  setp.ge.u32 %p1, %r1, 64;
  @%p1 bra JOIN;
  ld.shared.u32 %r3, [%r2];
  ld.shared.u32 %r4, [%r2+256];
  add.u32 %r3, %r3, %r4;
  st.shared.u32 [%r2], %r3;
JOIN:
  bar.sync 0;
  st.global.u32 [%rd2], %r1;
)";
  GeneratedKernel g = Generate(step);
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_NE(g.source.find("in place, under the lanes that take it"), std::string::npos);
  EXPECT_NE(g.source.find("cs_ballot(cs_b)"), std::string::npos);
  // The compared register changes between the setp and the branch: the setp stays.
  std::string rewritten = step;
  rewritten.replace(rewritten.find("  @%p1"), 0, "  add.u32 %r1, %r1, 7;\n");
  g = Generate(rewritten);
  EXPECT_NE(g.source.find("in place, under the lanes that take it"), std::string::npos);
  EXPECT_EQ(g.source.find("cs_ballot(cs_b)"), std::string::npos);
  // A bounds check `x >= n || y >= n; return`: two setps and an or.pred, all in the ballot.
  g = Generate(R"(
  mov.u32 %r2, %tid.y;
  bra.uni CHECK;
CHECK:
  setp.ge.s32 %p1, %r1, 100;
  setp.ge.s32 %p2, %r2, 50;
  or.pred %p3, %p1, %p2;
  @%p3 bra DONE;
  st.global.u32 [%rd2], %r1;
)");
  EXPECT_NE(g.source.find("cs_ballot(cs_b)"), std::string::npos);
  // With other lane work in the block, the compare stays in that work's loop.
  g = Generate(R"(
  ld.global.u32 %r2, [%rd2];
  setp.ge.s32 %p1, %r2, 100;
  @%p1 bra DONE;
  st.global.u32 [%rd2], %r1;
)");
  EXPECT_EQ(g.source.find("cs_ballot(cs_b)"), std::string::npos);
}

// Values passed between the shuffles and segments of one warp group live in a stack array of
// the loop over the warps (RegInfo::kGroup), not in each warp's State; a value read before it
// is written in the group (a loop-carried sum) keeps its State array. Results: the corpus
// (warp.cu's reductions, lane_runs.cu's grid-stride loops).
TEST(BlockWide, ValuesWithinAWarpGroupLiveOnTheStack) {
  GeneratedKernel g = Generate(R"(
  mov.u32 %r2, 0;
LOOP:
  shfl.sync.bfly.b32 %r3, %r1, 1, 31, -1;
  add.u32 %r4, %r3, %r1;
  shfl.sync.bfly.b32 %r5, %r4, 2, 31, -1;
  add.u32 %r2, %r2, %r5;
  add.u32 %r1, %r1, 32;
  setp.lt.u32 %p1, %r1, 4096;
  @%p1 bra LOOP;
  st.global.u32 [%rd2], %r2;
)");
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  const size_t state = g.source.find("struct State {");
  const std::string decl = g.source.substr(state, g.source.find("};", state) - state);
  EXPECT_NE(g.source.find("uint32_t g"), std::string::npos);  // %r3..%r5: on the stack
  // %r1 (the index), %r2 (the sum) and %p1 (the loop's predicate, read by its branch)
  EXPECT_EQ(std::count(decl.begin(), decl.end(), '['), 3) << decl;
}

// The lambdas (`auto cs_at...`) with which a vector access checks its lanes' addresses.
std::vector<std::string> RunCheckLambdas(const GeneratedKernel& g) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = g.source.find("auto cs_at", at)) != std::string::npos; ++at) {
    out.push_back(g.source.substr(at, g.source.find('\n', at) - at));
  }
  return out;
}

// A run check reads a few lanes of an address (TidPure): an index computed from %tid in the
// access's own block is recomputed from CsWarp::tid, not read back from the lane array an
// earlier loop has just stored (a 4-byte load from a vector store in flight waits for it to
// reach the cache). One from an earlier block is read from its array. Results: the corpus.
TEST(BlockWide, RunChecksRecomputeThisBlocksIndicesFromTid) {
  // (A barrier keeps the indices stored: TidIndex.)
  GeneratedKernel g = Generate(R"(
  bar.sync 0;
  shl.b32 %r2, %r1, 2;
  st.shared.u32 [%r2], %r1;
  add.u32 %r3, %r2, 512;
  st.shared.u32 [%r3], %r1;
)");
  std::vector<std::string> checks = RunCheckLambdas(g);
  ASSERT_FALSE(checks.empty());
  for (const std::string& c : checks) {
    EXPECT_NE(c.find("w->tid[0][l]"), std::string::npos) << c;
    EXPECT_EQ(c.find("s->r"), std::string::npos) << c;  // no lane array
    EXPECT_EQ(c.find(")g"), std::string::npos) << c;
  }
  g = Generate(R"(
  bar.sync 0;
  shl.b32 %r2, %r1, 2;
  st.shared.u32 [%r2], %r1;
  bra.uni NEXT;
NEXT:
  st.shared.u32 [%r2+512], %r1;
)");
  checks = RunCheckLambdas(g);
  EXPECT_TRUE(std::any_of(checks.begin(), checks.end(),
                          [](const std::string& c) { return c.find("s->r") != std::string::npos; }));
}

// nvcc's `s[t] = i < n ? in[i] : 0` before a barrier: the load is a side run in place in the
// same pass over the warps as the index's block (InlineSide, MergeableSide), just after that
// block's loop stored the index; its run check recomputes the index from %tid too.
TEST(BlockWide, RunChecksOfASideInPlaceRecomputeItsParentBlocksIndices) {
  GeneratedKernel g = Generate(R"(
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mov.u32 %r5, 0;
  setp.ge.s32 %p1, %r4, 1000;
  @%p1 bra STORE;
  mad.wide.s32 %rd3, %r4, 4, %rd2;
  ld.global.u32 %r5, [%rd3];
STORE:
  shl.b32 %r6, %r1, 2;
  st.shared.u32 [%r6], %r5;
  bar.sync 0;
)");
  ASSERT_TRUE(g.block_wide) << g.block_wide_blocker;
  // The side's code in place (its block is also emitted on its own, for dispatch).
  const size_t from = g.source.find("(InlineSide, MergeableSide)");
  ASSERT_NE(from, std::string::npos);
  GeneratedKernel in_place;
  in_place.source = g.source.substr(from, g.source.find("\nB1:", from) - from);
  int global = 0;
  for (const std::string& c : RunCheckLambdas(in_place)) {
    if (c.find("P(") == std::string::npos) continue;  // the shared store's
    ++global;
    EXPECT_NE(c.find("w->tid[0][l]"), std::string::npos) << c;
    EXPECT_EQ(c.find("s->r"), std::string::npos) << c;
  }
  EXPECT_GT(global, 0);
}

// A tree reduction's `if (t < k) s[t] += s[t + k];` runs in place in one pass over the warps;
// once a warp's lanes are all at or past k, so are every later warp's in a 1-D block (when the
// index does not wrap), and the pass ends there (MonotonePast). The results at block sizes 1 to
// 1024, 2-D blocks and wrapping indices: the corpus (block_wide.cu k_tid_bounds, k_index_wrap).
TEST(BlockWide, TreeStepEndsItsPassAtTheFirstWarpPastTheBound) {
  const std::string step = R"(
  mov.u32 %r2, 64;
  shl.b32 %r6, %r1, 2;
  bar.sync 0;
  setp.ge.s32 %p1, %r1, %r2;
  @%p1 bra JOIN;
  ld.shared.u32 %r3, [%r6];
  ld.shared.u32 %r4, [%r6+256];
  add.s32 %r3, %r3, %r4;
  st.shared.u32 [%r6], %r3;
JOIN:
  bar.sync 0;
)";
  GeneratedKernel g = Generate(step);
  ASSERT_TRUE(g.block_wide) << g.block_wide_blocker;
  ASSERT_NE(g.source.find("(InlineSide, MergeableSide)"), std::string::npos);
  EXPECT_NE(g.source.find("cs_past = cs_d <= 0 && c->ntid[1] == 1 && c->ntid[2] == 1"), std::string::npos);
  // The side for the lanes at or past the bound (`if (t >= k)`): later warps may still take it.
  std::string upper = step;
  upper.replace(upper.find("setp.ge.s32"), 11, "setp.lt.s32");
  g = Generate(upper);
  ASSERT_NE(g.source.find("(InlineSide, MergeableSide)"), std::string::npos);
  EXPECT_EQ(g.source.find("cs_past = cs_d"), std::string::npos);
  // `if (t == 64)`: the one lane equal to the bound, in closed form; later warps may hold it.
  std::string equal = step;
  equal.replace(equal.find("setp.ge.s32"), 11, "setp.ne.s32");
  g = Generate(equal);
  ASSERT_NE(g.source.find("(InlineSide, MergeableSide)"), std::string::npos);
  EXPECT_NE(g.source.find("const uint32_t cs_ge = ~(cs_d < 0 || cs_d >= 32 ? 0u : 1u << cs_d);"), std::string::npos);
  EXPECT_EQ(g.source.find("cs_past = cs_d"), std::string::npos);
}

// Contiguous global accesses outside loops in a kernel with barriers prefetch four blocks ahead
// at the step State::pf learns between the blocks a worker runs, stores for writing; without
// barriers, or in a loop with them, they do not (codegen.cc, PrefetchNextBlocks).
TEST(BlockWide, AccessesOfABarrierKernelPrefetchTheNextBlocks) {
  const std::string load = R"(
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mad.wide.u32 %rd3, %r4, 4, %rd2;
  ld.global.u32 %r5, [%rd3];
  shl.b32 %r6, %r1, 2;
  st.shared.u32 [%r6], %r5;
)";
  GeneratedKernel g = Generate(load + R"(
  bar.sync 0;
  ld.shared.u32 %r7, [%r6+4];
  st.global.u32 [%rd3], %r7;
)");
  ASSERT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_NE(g.source.find(" + cs_d + 0u));"), std::string::npos);     // the load
  EXPECT_NE(g.source.find(" + cs_d + 0u), 1);"), std::string::npos);  // the store, for writing
  g = Generate(load);
  EXPECT_EQ(g.source.find("__builtin_prefetch"), std::string::npos);
}

// A plain copy of %tid is read from CsWarp::tid wherever it is used, even across barriers and
// in loops: storing it in a lane array would cost a store and buy nothing. Results: the corpus.
TEST(BlockWide, ThreadIdCopiesAreNeverStored) {
  GeneratedKernel g = Generate(R"(
  shl.b32 %r2, %r1, 2;
  st.shared.u32 [%r2], %r1;
  bar.sync 0;
  mov.u32 %r3, 0;
LOOP:
  ld.shared.u32 %r4, [%r2];
  add.s32 %r4, %r4, %r1;
  st.shared.u32 [%r2], %r4;
  bar.sync 0;
  add.s32 %r3, %r3, 1;
  setp.lt.s32 %p1, %r3, 4;
  @%p1 bra LOOP;
)");
  ASSERT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_NE(g.source.find("w->tid[0][l]"), std::string::npos);
  EXPECT_EQ(g.source.find("] = (uint32_t)(((uint32_t)w->tid[0][l]));"), std::string::npos);
}

// %r4 = blockIdx.x * blockDim.x + threadIdx.x; the threads from 1000 on leave.
const char kBoundsCheckedIndex[] = R"(
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  setp.ge.s32 %p1, %r4, 1000;
  @%p1 bra DONE;
)";

// `blockIdx.x * blockDim.x + threadIdx.x` is rematerialised (TidIndex): no lane array stores it,
// and the bounds check on it is a closed-form ballot (cs_ge) with no loop over the warps of its
// own. In a kernel with barriers it stays stored. Results: the corpus.
TEST(BlockWide, ThreadIndexIsRecomputedAndItsBoundsCheckIsInTheBallot) {
  const std::string body = std::string(kBoundsCheckedIndex) + R"(
  mul.wide.s32 %rd3, %r4, 4;
  add.s64 %rd3, %rd2, %rd3;
  st.global.u32 [%rd3], %r4;
)";
  auto state = [](const GeneratedKernel& g) {
    const size_t at = g.source.find("struct State {");
    return g.source.substr(at, g.source.find("};", at) - at);
  };
  GeneratedKernel g = Generate(body);
  EXPECT_TRUE(g.block_wide) << g.block_wide_blocker;
  EXPECT_EQ(state(g).find("[32]"), std::string::npos) << state(g);
  EXPECT_NE(g.source.find("cs_ge"), std::string::npos);
  g = Generate("  bar.sync 0;\n" + body);
  EXPECT_NE(state(g).find("[32]"), std::string::npos) << state(g);
}

// `threadIdx.x & 31` (a lane's index in its warp) is lane-affine up to a fold (Affine::folded),
// so a shared access at it under a partial mask is one masked vector access (cs_f: the first
// active lane) instead of a loop over the lanes, also when a later grid-stride loop steps the
// %tid copy it was computed from (no step reaches the read: InductionAffine). Results, with
// folds inside a run: the corpus (lane_runs.cu k_lane_folds, block_wide.cu k_folded_bound).
TEST(BlockWide, LaneIndexAccessesUnderAPartialMaskAreVectorAccesses) {
  const std::string fold = R"(
  bra.uni FOLD;
FOLD:
  and.b32 %r2, %r1, 31;
  setp.ge.u32 %p1, %r2, 8;
  @%p1 bra SKIP;
  shl.b32 %r3, %r2, 2;
  ld.shared.u32 %r4, [%r3];
  add.s32 %r4, %r4, 1;
  st.shared.u32 [%r3], %r4;
SKIP:
  bar.sync 0;
)";
  const std::string loop = R"(
LOOP:
  add.s32 %r1, %r1, 32;
  setp.lt.s32 %p2, %r1, 100;
  @%p2 bra LOOP;
  st.shared.u32 [0], %r6;
)";
  GeneratedKernel g = Generate(fold + loop);
  EXPECT_NE(g.source.find("cs_f = __builtin_ctz"), std::string::npos);
  g = Generate(fold);
  EXPECT_NE(g.source.find("cs_f = __builtin_ctz"), std::string::npos);
  g = Generate(loop + fold);  // a step reaches the read: no longer affine
  EXPECT_EQ(g.source.find("cs_f = __builtin_ctz"), std::string::npos);
}

// `for (i = tid; i < n; i += stride)` as nvcc lays it out: the index starts in a preheader only
// the lanes with tid < n run (GuardedStart), and inside the loop it is lane-affine, so the
// loop's accesses check each run's first and last lane (cs_ok) instead of every lane (cs_bad).
// Not when the index is read past the loop (lanes left it at different steps) or when the
// guard itself lies in a divergent region (the preheader may then run at several times).
TEST(BlockWide, AGuardedLoopsIndexIsLaneAffineInsideIt) {
  auto loop = [](const std::string& after) {
    return R"(
  setp.ge.s32 %p1, %r1, 100;
  @%p1 bra AFTER;
  mov.u32 %r2, %r1;
LOOP:
  mul.wide.s32 %rd3, %r2, 4;
  add.s64 %rd0, %rd2, %rd3;
  ld.global.u32 %r3, [%rd0];
  add.s32 %r3, %r3, 1;
  st.global.u32 [%rd0], %r3;
  add.s32 %r2, %r2, 64;
  setp.lt.s32 %p2, %r2, 100;
  @%p2 bra LOOP;
AFTER:
  st.shared.u32 [0], %r1;
)" + after;
  };
  GeneratedKernel g = Generate(loop(""));
  EXPECT_EQ(g.source.find("cs_bad |="), std::string::npos);
  g = Generate(loop("  st.global.u32 [%rd2], %r2;\n"));
  EXPECT_NE(g.source.find("cs_bad |="), std::string::npos);
  g = Generate("  setp.eq.s32 %p3, %r1, 7;\n  @%p3 bra OUTER;\n" + loop("OUTER:\n  st.shared.u32 [4], %r1;\n"));
  EXPECT_NE(g.source.find("cs_bad |="), std::string::npos);
}

// A store lane by lane under a partial mask (`if (lane == 0) sums[warp] = v`) visits only the
// active lanes (cs_mm: the mask's set bits), not all 32 with a test each; a masked segment
// without stores keeps its lane loop over all 32 (it vectorises). Results: the corpus.
TEST(BlockWide, MaskedStoresVisitOnlyTheActiveLanes) {
  GeneratedKernel g = Generate(R"(
  and.b32 %r2, %r1, 31;
  setp.ne.s32 %p1, %r2, 0;
  @%p1 bra SKIP;
  shr.u32 %r3, %r1, 3;
  st.shared.u32 [%r3], %r1;
SKIP:
  bar.sync 0;
)");
  EXPECT_NE(g.source.find("for (uint32_t cs_mm = m; cs_mm != 0; cs_mm &= cs_mm - 1)"), std::string::npos);
  g = Generate(R"(
  and.b32 %r2, %r1, 31;
  setp.ne.s32 %p1, %r2, 0;
  @%p1 bra SKIP;
  shr.u32 %r3, %r1, 3;
  add.s32 %r4, %r3, 7;
SKIP:
  bar.sync 0;
)");
  EXPECT_EQ(g.source.find("cs_mm"), std::string::npos);
}

// `if (i < n) out[i] = ...` with i the thread's index in the grid: over a 1-D block of whole
// warps whose every lane passes the check, one loop over the block's threads (SpanSide: the
// check at the block's first and last lanes, each access's run over the whole block). Not where
// an address folds (`i & 31` repeats per warp, so the block's ends say nothing of the lanes in
// between). Results: the corpus (block_span.cu).
TEST(BlockWide, ABoundsCheckedBodyRunsOverTheWholeBlock) {
  const std::string head = kBoundsCheckedIndex;
  GeneratedKernel g = Generate(head + R"(
  mul.wide.s32 %rd3, %r4, 4;
  add.s64 %rd0, %rd2, %rd3;
  st.global.u32 [%rd0], %r4;
)");
  EXPECT_NE(g.source.find("if (cs_lin && cs_full(M, nw))"), std::string::npos);
  EXPECT_NE(g.source.find("for (uint32_t cs_s = 0; cs_s < cs_n; cs_s += 16)"), std::string::npos);
  g = Generate(head + R"(
  and.b32 %r5, %r4, 31;
  mul.wide.s32 %rd3, %r5, 4;
  add.s64 %rd0, %rd2, %rd3;
  st.global.u32 [%rd0], %r4;
)");
  EXPECT_NE(g.source.find("cs_fz"), std::string::npos);  // fused per warp, as before
  EXPECT_EQ(g.source.find("cs_lin && cs_full"), std::string::npos);
}

TEST(BlockWide, OffWhenAsked) {
  GeneratedKernel g = Generate("  st.global.u32 [%rd2], %r1;\n", /*block_wide=*/false);
  EXPECT_FALSE(g.block_wide);
  EXPECT_TRUE(g.block_wide_blocker.empty());
}

}  // namespace
}  // namespace cudashim::jit
