// Which kernels the cpu compiler runs with threads numbered y-fastest into warps (codegen.cc,
// ChooseLaneOrder): only kernels that cannot tell which threads share a warp, and only where
// their global accesses are contiguous along threadIdx.y rather than x. The results are checked
// by the kernel corpus (tests/kernels/lane_order.cu); this test pins the decision on small PTX.
#include <string>

#include "gtest/gtest.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "tests/cpu_compiler/generate.h"

namespace cudashim::jit {
namespace {

// `k(out, in, n)` with x = %tid.x in %r1, y = %tid.y in %r2, a shared array `s` (used only where
// `body` uses it), and `body` before the ret.
std::string Kernel(const std::string& body) {
  return R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 out, .param .u64 in, .param .u32 n)
{
  .reg .pred %p<4>;
  .reg .f32 %f<4>;
  .reg .b32 %r<12>;
  .reg .b64 %rd<12>;
  .shared .align 4 .b8 s[1024];
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  ld.param.u64 %rd3, [in];
  cvta.to.global.u64 %rd4, %rd3;
  ld.param.u32 %r3, [n];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %tid.y;
)" + body + R"(
  ret;
}
)";
}

GeneratedKernel Generate(const std::string& body, bool lane_order = true) {
  CodegenOptions options;
  options.lane_order = lane_order;
  return testing::GenerateFromPtx(Kernel(body), options);
}

// out[x * n + y] = in[y * n + x], as nvcc emits the naive transpose; `extra` goes between the
// load and the store.
std::string Transpose(const std::string& extra = "") {
  return R"(
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.s32 %rd5, %r4, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.nc.f32 %f1, [%rd6];
)" + extra + R"(
  mad.lo.s32 %r5, %r1, %r3, %r2;
  mul.wide.s32 %rd7, %r5, 4;
  add.s64 %rd8, %rd2, %rd7;
  st.global.f32 [%rd8], %f1;
)";
}

TEST(LaneOrder, AColumnWriteFillsWarpsYFastest) {
  GeneratedKernel g = Generate(Transpose());
  EXPECT_TRUE(g.transposed);
  EXPECT_FALSE(Generate(Transpose(), /*lane_order=*/false).transposed);
}

TEST(LaneOrder, RowAccessesKeepWarpsXFastest) {
  // out[y * n + x] = in[y * n + x]: contiguous along x.
  EXPECT_FALSE(Generate(R"(
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.s32 %rd5, %r4, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.f32 %f1, [%rd6];
  add.s64 %rd8, %rd2, %rd5;
  st.global.f32 [%rd8], %f1;
)").transposed);
  // A row read and a column read into a row write: two accesses along x against one along y.
  EXPECT_FALSE(Generate(R"(
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.s32 %rd5, %r4, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.f32 %f1, [%rd6];
  mad.lo.s32 %r5, %r1, %r3, %r2;
  mul.wide.s32 %rd7, %r5, 4;
  add.s64 %rd9, %rd4, %rd7;
  ld.global.f32 %f2, [%rd9];
  add.f32 %f3, %f1, %f2;
  add.s64 %rd8, %rd2, %rd5;
  st.global.f32 [%rd8], %f3;
)").transposed);
}

TEST(LaneOrder, KernelsThatSeeTheirWarpKeepCudasOrder) {
  // The column write after a shuffle, a vote, a barrier, with the lane or warp number.
  EXPECT_FALSE(Generate(Transpose("  shfl.sync.down.b32 %f1, %f1, 1, 31, -1;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  vote.sync.any.pred %p1, %p2, -1;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  bar.sync 0;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  bar.warp.sync -1;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  activemask.b32 %r9;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  mov.u32 %r9, %laneid;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  mov.u32 %r9, %warpid;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  mov.u32 %r9, %lanemask_lt;\n")).transposed);
  // Shared memory without barriers: only warp-synchronous code shares it.
  EXPECT_FALSE(Generate(Transpose("  st.shared.f32 [s], %f1;\n  ld.shared.f32 %f1, [s+4];\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  mov.u64 %rd9, s;\n  cvta.shared.u64 %rd10, %rd9;\n")).transposed);
  EXPECT_FALSE(Generate(Transpose("  mov.u64 %rd9, s;\n  st.u64 [%rd2], %rd9;\n")).transposed);
  // %ntid and %ctaid are the same in every thread: no reason to keep the order.
  EXPECT_TRUE(Generate(Transpose("  mov.u32 %r9, %ntid.x;\n  mov.u32 %r10, %ctaid.y;\n")).transposed);
}

TEST(LaneOrder, AKernelWithoutTidYKeepsWarpsXFastest) {
  // out[x * n] = in[x]: nothing runs along y.
  EXPECT_FALSE(Generate(R"(
  mul.wide.s32 %rd5, %r1, 4;
  add.s64 %rd6, %rd4, %rd5;
  ld.global.f32 %f1, [%rd6];
  mul.lo.s32 %r5, %r1, %r3;
  mul.wide.s32 %rd7, %r5, 4;
  add.s64 %rd8, %rd2, %rd7;
  st.global.f32 [%rd8], %f1;
)").transposed);
}

}  // namespace
}  // namespace cudashim::jit
