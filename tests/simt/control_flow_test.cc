// Divergence and reconvergence, barriers, calls and recursion, exit: handwritten PTX (no nvcc).
#include "tests/simt/simt_harness.h"

namespace cudashim::simt::testing {
namespace {

constexpr char kHeader[] = ".version 8.0\n.target sm_75\n.address_size 64\n";

// out[tid] = tid odd ? (tid * 3) : (tid + 100), then +1 after the branches reconverge.
TEST(ControlFlow, IfElseReconvergesAtPostDominator) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<6>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  and.b32 %r2, %r1, 1;
  setp.eq.s32 %p1, %r2, 0;
  @%p1 bra EVEN;
  mul.lo.s32 %r3, %r1, 3;
  bra.uni JOIN;
EVEN:
  add.s32 %r3, %r1, 100;
JOIN:
  add.s32 %r4, %r3, 1;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r4;
  ret;
}
)";
  Program p;
  ASSERT_TRUE(p.Load(ptx).ok());
  int* out = p.Alloc<int>(64);
  ASSERT_TRUE(p.Launch("k", {1, 1, 1}, {64, 1, 1}, Args().Add(out)).ok());
  for (int t = 0; t < 64; ++t) EXPECT_EQ(out[t], (t % 2 ? t * 3 : t + 100) + 1) << t;
}

// Each lane loops tid % 7 times: per-lane trip counts, the loop exit is the reconvergence point.
TEST(ControlFlow, LoopWithPerLaneTripCounts) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<3>;
  .reg .b32 %r<8>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  rem.u32 %r2, %r1, 7;
  mov.u32 %r3, 0;
  mov.u32 %r4, 0;
  setp.eq.u32 %p2, %r2, 0;
  @%p2 bra DONE;
LOOP:
  add.s32 %r3, %r3, %r4;
  add.s32 %r4, %r4, 1;
  setp.lt.u32 %p1, %r4, %r2;
  @%p1 bra LOOP;
DONE:
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  ret;
}
)";
  Program p;
  ASSERT_TRUE(p.Load(ptx).ok());
  int* out = p.Alloc<int>(100);
  ASSERT_TRUE(p.Launch("k", {1, 1, 1}, {100, 1, 1}, Args().Add(out)).ok());
  for (int t = 0; t < 100; ++t) {
    int n = t % 7, s = 0;
    for (int i = 0; i < n; ++i) s += i;
    EXPECT_EQ(out[t], s) << t;
  }
}

// Lanes that return early do not take part in the rest; the others still reach the barrier.
TEST(ControlFlow, EarlyReturnThenBarrier) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b8 s[512];
  .reg .pred %p<2>;
  .reg .b32 %r<8>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r5, [n];
  mov.u32 %r1, %tid.x;
  shl.b32 %r2, %r1, 2;
  mov.u32 %r3, s;
  add.s32 %r3, %r3, %r2;
  st.shared.u32 [%r3], %r1;
  bar.sync 0;
  setp.ge.u32 %p1, %r1, %r5;
  @%p1 ret;
  xor.b32 %r6, %r1, 1;
  shl.b32 %r6, %r6, 2;
  mov.u32 %r7, s;
  add.s32 %r7, %r7, %r6;
  ld.shared.u32 %r4, [%r7];
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r4;
  ret;
}
)";
  Program p;
  ASSERT_TRUE(p.Load(ptx).ok());
  int* out = p.Alloc<int>(128);
  for (int i = 0; i < 128; ++i) out[i] = -1;
  ASSERT_TRUE(p.Launch("k", {1, 1, 1}, {128, 1, 1}, Args().Add(out).Add(100u)).ok());
  for (int t = 0; t < 128; ++t) EXPECT_EQ(out[t], t < 100 ? (t ^ 1) : -1) << t;
}

// A function called recursively keeps its own registers per call: fib(n) the slow way.
TEST(ControlFlow, RecursionKeepsRegistersPerCall) {
  std::string ptx = std::string(kHeader) + R"(
.func (.param .b32 ret) fib(.param .b32 n)
{
  .reg .pred %p<2>;
  .reg .b32 %r<8>;
  ld.param.u32 %r1, [n];
  setp.lt.u32 %p1, %r1, 2;
  @%p1 bra BASE;
  sub.s32 %r2, %r1, 1;
  {
  .param .b32 a0;
  st.param.b32 [a0], %r2;
  .param .b32 r0;
  call (r0), fib, (a0);
  ld.param.b32 %r3, [r0];
  }
  sub.s32 %r4, %r1, 2;
  {
  .param .b32 a1;
  st.param.b32 [a1], %r4;
  .param .b32 r1;
  call (r1), fib, (a1);
  ld.param.b32 %r5, [r1];
  }
  add.s32 %r6, %r3, %r5;
  st.param.b32 [ret], %r6;
  ret;
BASE:
  st.param.b32 [ret], %r1;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  {
  .param .b32 a;
  st.param.b32 [a], %r1;
  .param .b32 r;
  call (r), fib, (a);
  ld.param.b32 %r2, [r];
  }
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
}
)";
  Program p;
  absl::Status loaded = p.Load(ptx);
  ASSERT_TRUE(loaded.ok()) << loaded;
  int* out = p.Alloc<int>(20);
  absl::Status s = p.Launch("k", {1, 1, 1}, {16, 1, 1}, Args().Add(out));
  ASSERT_TRUE(s.ok()) << s;
  int f[20] = {0, 1};
  for (int i = 2; i < 20; ++i) f[i] = f[i - 1] + f[i - 2];
  for (int t = 0; t < 16; ++t) EXPECT_EQ(out[t], f[t]) << t;
}

TEST(ControlFlow, TrapFailsTheGridWithLaunchFailure) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k()
{
  trap;
}
)";
  Program p;
  ASSERT_TRUE(p.Load(ptx).ok());
  absl::Status s = p.Launch("k", {4, 1, 1}, {32, 1, 1}, Args());
  EXPECT_EQ(ToCudaError(s), cudaErrorLaunchFailure) << s;
}

TEST(ControlFlow, UnsupportedInstructionFailsAtPrepareNamingIt) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 t)
{
  .reg .b64 %rd<2>;
  .reg .f32 %f<5>;
  ld.param.u64 %rd1, [t];
  tex.cube.v4.f32.f32 {%f1, %f2, %f3, %f4}, [%rd1, {%f1, %f1, %f1, %f1}];
  ret;
}
)";
  Program p;
  absl::Status loaded = p.Load(ptx);
  ASSERT_TRUE(loaded.ok()) << loaded;
  absl::Status s = p.Launch("k", {1, 1, 1}, {1, 1, 1}, Args().Add(uint64_t{0}));
  EXPECT_EQ(ToCudaError(s), cudaErrorNotSupported) << s;
  EXPECT_NE(s.message().find("tex.cube"), std::string::npos) << s;
  EXPECT_NE(s.message().find("kernel k"), std::string::npos) << s;
  EXPECT_NE(s.message().find("line"), std::string::npos) << s;
}

TEST(ControlFlow, BarrierCompletesWhenSomeWarpsExited) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p1, %r1, 64;
  @%p1 exit;
  bar.sync 0;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], 7;
  ret;
}
)";
  Program p;
  ASSERT_TRUE(p.Load(ptx).ok());
  int* out = p.Alloc<int>(256);
  absl::Status s = p.Launch("k", {1, 1, 1}, {256, 1, 1}, Args().Add(out));
  ASSERT_TRUE(s.ok()) << s;
  for (int t = 0; t < 256; ++t) EXPECT_EQ(out[t], t < 64 ? 7 : 0) << t;
}

TEST(ControlFlow, EmuIllegalAddressIsReported) {
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  st.global.u32 [%rd1], 1;
  ret;
}
)";
  Program p(/*checked=*/true);
  ASSERT_TRUE(p.Load(ptx).ok());
  absl::Status s = p.Launch("k", {1, 1, 1}, {1, 1, 1}, Args().Add(uint64_t{16}));
  EXPECT_EQ(ToCudaError(s), cudaErrorIllegalAddress) << s;
  absl::Status m = p.Launch("k", {1, 1, 1}, {1, 1, 1},
                            Args().Add(reinterpret_cast<uint64_t>(p.Alloc<int>(4)) + 1));
  EXPECT_EQ(ToCudaError(m), cudaErrorMisalignedAddress) << m;
}

}  // namespace
}  // namespace cudashim::simt::testing
