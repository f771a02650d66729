// Which kernels the cpu compiler gives a warp trace (codegen.cc, FindTrace / EmitTrace): a
// barrier-free kernel's likely path from entry to exit, run warp by warp ahead of the general
// code. The results are checked by the kernel corpus (tests/kernels/warp_trace.cu); this test
// pins the decision on small PTX.
#include <string>

#include "gtest/gtest.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "tests/cpu_compiler/generate.h"

namespace cudashim::jit {
namespace {

// `k(out, in, n)`: x = %ctaid.x * %ntid.x + %tid.x in %r1, y likewise in %r2, out in %rd2, in
// in %rd4, n in %r3, and `body` (which ends the kernel, or falls through to a ret).
std::string Kernel(const std::string& body) {
  return R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 out, .param .u64 in, .param .u32 n)
{
  .reg .pred %p<12>;
  .reg .f32 %f<12>;
  .reg .b32 %r<20>;
  .reg .b64 %rd<20>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  ld.param.u64 %rd3, [in];
  cvta.to.global.u64 %rd4, %rd3;
  ld.param.u32 %r3, [n];
  mov.u32 %r10, %ntid.x;
  mov.u32 %r11, %ctaid.x;
  mov.u32 %r12, %tid.x;
  mad.lo.s32 %r1, %r11, %r10, %r12;
  mov.u32 %r13, %ntid.y;
  mov.u32 %r14, %ctaid.y;
  mov.u32 %r15, %tid.y;
  mad.lo.s32 %r2, %r14, %r13, %r15;
)" + body + R"(
DONE:
  ret;
}
)";
}

std::string Generate(const std::string& body, bool warp_trace = true) {
  CodegenOptions options;
  options.warp_trace = warp_trace;
  return testing::GenerateFromPtx(Kernel(body), options).source;
}

bool HasTrace(const std::string& source) { return source.find("// The warp trace through") != std::string::npos; }

// The trace's code: from its comment to the jump into the general code.
std::string TraceCode(const std::string& source) {
  const size_t begin = source.find("// The warp trace through");
  if (begin == std::string::npos) return "";
  return source.substr(begin, source.find("  goto B0;", begin) - begin);
}

// if (x >= n || y >= n) return; i = y * n + x; out[i] = `load` at i (+ `extra` lines).
std::string Bounded(const std::string& load, const std::string& extra = "") {
  return R"(
  setp.ge.s32 %p1, %r1, %r3;
  setp.ge.s32 %p2, %r2, %r3;
  or.pred %p3, %p1, %p2;
  @%p3 bra DONE;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.s32 %rd5, %r4, 4;
  add.s64 %rd6, %rd4, %rd5;
  )" + load + R"( %f1, [%rd6];
)" + extra + R"(
  add.s64 %rd7, %rd2, %rd5;
  st.global.f32 [%rd7], %f1;
)";
}

// nvcc's 5-point stencil: bounds check, then borders copy and the interior averages.
const char kStencil[] = R"(
  setp.ge.s32 %p1, %r1, %r3;
  setp.ge.s32 %p2, %r2, %r3;
  or.pred %p3, %p2, %p1;
  @%p3 bra DONE;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  setp.eq.s32 %p4, %r2, 0;
  setp.eq.s32 %p5, %r1, 0;
  or.pred %p6, %p5, %p4;
  add.s32 %r5, %r3, -1;
  setp.eq.s32 %p7, %r1, %r5;
  or.pred %p8, %p6, %p7;
  mul.wide.s32 %rd5, %r4, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.nc.f32 %f1, [%rd6];
  add.s64 %rd7, %rd2, %rd5;
  @%p8 bra BORDER;
  ld.global.nc.f32 %f2, [%rd6+4];
  ld.global.nc.f32 %f3, [%rd6+-4];
  add.f32 %f4, %f3, %f2;
  mul.f32 %f5, %f4, 0f3E000000;
  fma.rn.f32 %f6, %f1, 0f3F000000, %f5;
  st.global.f32 [%rd7], %f6;
  bra.uni DONE;
BORDER:
  st.global.f32 [%rd7], %f1;
)";

TEST(WarpTrace, AStencilRunsItsInteriorPath) {
  const std::string src = Generate(kStencil);
  ASSERT_TRUE(HasTrace(src)) << src;
  EXPECT_NE(src.find("if (true) {"), std::string::npos);  // 2-D: no span to defer to
  // The path is the interior's (the fma), one fused loop with its one store.
  const std::string trace = TraceCode(src);
  EXPECT_NE(trace.find("__builtin_fmaf"), std::string::npos) << trace;
  EXPECT_EQ(trace.find("s->r"), std::string::npos) << trace;  // no State arrays: loop scalars
  // Versions for one run of 32 lanes and for two of 16 (16-wide tiles).
  EXPECT_NE(trace.find("if (w->run == 32) {"), std::string::npos);
  EXPECT_NE(trace.find("} else if (w->run == 16) {"), std::string::npos);
  EXPECT_FALSE(HasTrace(Generate(kStencil, /*warp_trace=*/false)));
}

TEST(WarpTrace, ABoundsCheckDefersToTheSpanInOneDimensionalBlocks) {
  // One branch whose side SpanSide can run over a 1-D block: the trace is for other shapes.
  const std::string src = Generate(Bounded("ld.global.nc.f32"));
  ASSERT_TRUE(HasTrace(src));
  EXPECT_NE(src.find("if (!cs_lin) {"), std::string::npos);
}

TEST(WarpTrace, LoadsTheStoreMayAliasAreCheckedApart) {
  // Plain loads (no __restrict__): the fused path runs only when the ranges miss each other.
  const std::string src = Generate(Bounded("ld.global.f32"));
  ASSERT_TRUE(HasTrace(src));
  EXPECT_NE(src.find(" + 32u * 4u) <= "), std::string::npos) << src;
  EXPECT_EQ(Generate(Bounded("ld.global.nc.f32")).find(" + 32u * 4u) <= "), std::string::npos);
}

TEST(WarpTrace, TwoStoresAreCheckedApart) {
  // Lanes run the path one after another: the second store's range must miss the first's.
  const std::string src = Generate(Bounded("ld.global.nc.f32", "  st.global.f32 [%rd6], %f1;"));
  ASSERT_TRUE(HasTrace(src));
  EXPECT_NE(TraceCode(src).find(" + 32u * 4u) <= "), std::string::npos) << TraceCode(src);
}

TEST(WarpTrace, NoTraceWhereThePathCannotBeDecidedAhead) {
  // A predicate computed from loaded data.
  EXPECT_FALSE(HasTrace(Generate(R"(
  mul.wide.s32 %rd5, %r1, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.nc.f32 %f1, [%rd6];
  setp.gt.f32 %p1, %f1, 0f00000000;
  @%p1 bra DONE;
  add.s64 %rd7, %rd2, %rd5;
  st.global.f32 [%rd7], %f1;
)")));
  // A barrier on the path.
  EXPECT_FALSE(HasTrace(Generate(Bounded("ld.global.nc.f32", "  bar.sync 0;"))));
  // An atomic.
  EXPECT_FALSE(HasTrace(Generate(Bounded("ld.global.nc.f32", "  atom.global.add.f32 %f2, [%rd6], %f1;"))));
  // A loop on the path.
  EXPECT_FALSE(HasTrace(Generate(R"(
  setp.ge.s32 %p1, %r1, %r3;
  @%p1 bra DONE;
  mul.wide.s32 %rd5, %r1, 4;
  add.s64 %rd6, %rd4, %rd5;
  mov.u32 %r6, 0;
LOOP:
  ld.global.nc.f32 %f1, [%rd6];
  add.s32 %r6, %r6, 1;
  setp.lt.s32 %p2, %r6, %r3;
  @%p2 bra LOOP;
  add.s64 %rd7, %rd2, %rd5;
  st.global.f32 [%rd7], %f1;
)")));
  // No branch at all: the block-wide code is one pass over the warps already.
  EXPECT_FALSE(HasTrace(Generate(R"(
  mul.wide.s32 %rd5, %r1, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.nc.f32 %f1, [%rd6];
  add.s64 %rd7, %rd2, %rd5;
  st.global.f32 [%rd7], %f1;
)")));
}

}  // namespace
}  // namespace cudashim::jit
