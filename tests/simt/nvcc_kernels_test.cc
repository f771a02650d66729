// Kernels written in CUDA, compiled to PTX by nvcc at test time and run through the executor:
// the shapes real programs have (reductions, shuffles, atomics, printf, assert, grid sync).
#include <cmath>

#include "tests/simt/simt_harness.h"

namespace cudashim::simt::testing {
namespace {

constexpr char kSource[] = R"(
#include <cstdio>
#include <cassert>
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

extern "C" __global__ void vecadd(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

extern "C" __global__ void block_reduce(const int* in, int* out, int n) {
  extern __shared__ int s[];
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  s[t] = i < n ? in[i] : 0;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (t < k) s[t] += s[t + k];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

// Shuffles inside the lanes of a partial mask: the low 16 lanes reduce among themselves.
extern "C" __global__ void shfl_partial(int* out) {
  int lane = threadIdx.x & 31;
  int v = lane + 1;
  if (lane < 16) {
    for (int off = 8; off > 0; off >>= 1) v += __shfl_down_sync(0xFFFFu, v, off, 16);
    out[threadIdx.x] = v;
  } else {
    out[threadIdx.x] = __shfl_xor_sync(0xFFFF0000u, v, 1);
  }
}

extern "C" __global__ void votes(const int* in, unsigned* ballot, int* any, int* all) {
  int v = in[threadIdx.x];
  unsigned b = __ballot_sync(0xFFFFFFFFu, v > 0);
  int a = __any_sync(0xFFFFFFFFu, v > 5);
  int l = __all_sync(0xFFFFFFFFu, v >= 0);
  if ((threadIdx.x & 31) == 0) {
    ballot[threadIdx.x / 32] = b;
    any[threadIdx.x / 32] = a;
    all[threadIdx.x / 32] = l;
  }
}

extern "C" __global__ void atomics(int* i, unsigned long long* u, float* f, double* d, int* cas,
                                   unsigned* mx) {
  atomicAdd(i, 1);
  atomicAdd(u, 2ull);
  atomicAdd(f, 0.5f);
  atomicAdd(d, 0.25);
  atomicMax(mx, blockIdx.x * blockDim.x + threadIdx.x);
  int old = *cas, assumed;
  do { assumed = old; old = atomicCAS(cas, assumed, assumed + 3); } while (old != assumed);
}

extern "C" __global__ void shared_histogram(const unsigned char* in, int n, unsigned* hist) {
  __shared__ unsigned h[16];
  if (threadIdx.x < 16) h[threadIdx.x] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    atomicAdd(&h[in[i] & 15], 1u);
  __syncthreads();
  if (threadIdx.x < 16) atomicAdd(&hist[threadIdx.x], h[threadIdx.x]);
}

extern "C" __global__ void hello(int x) {
  printf("block %d thread %d x=%d f=%.2f s=%s\n", blockIdx.x, threadIdx.x, x, 1.5 * threadIdx.x, "ok");
}

extern "C" __global__ void asserts(int limit) {
  assert(threadIdx.x < limit);
}

__device__ __noinline__ int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
extern "C" __global__ void recursion(int* out) { out[threadIdx.x] = fact(threadIdx.x % 10); }

extern "C" __global__ void grid_sync(int* counter, int* seen) {
  cg::grid_group g = cg::this_grid();
  if (threadIdx.x == 0) atomicAdd(counter, 1);
  g.sync();
  if (threadIdx.x == 0) seen[blockIdx.x] = atomicAdd(counter, 0);
}

extern "C" __global__ void heap(int* out) {
  int* p = (int*)malloc(4 * sizeof(int));
  if (p == nullptr) { out[threadIdx.x] = -1; return; }
  for (int i = 0; i < 4; ++i) p[i] = threadIdx.x * i;
  out[threadIdx.x] = p[0] + p[1] + p[2] + p[3];
  free(p);
}

extern "C" __global__ void math(const float* x, float* s, float* e, double* dd, int* q) {
  int t = threadIdx.x;
  s[t] = sqrtf(x[t]);
  e[t] = __expf(x[t] * 0.01f);
  dd[t] = sin((double)x[t]) + (double)x[t] / 3.0;
  q[t] = (t - 20) / 3 + (t * 7) % 5;
}
)";

const std::string& Ptx() {
  static const std::string* ptx = new std::string(CompileToPtx(kSource, "sm_80"));
  return *ptx;
}

class NvccKernels : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (Ptx().empty()) GTEST_SKIP() << "nvcc is not available to compile the kernels";
    program_ = std::make_unique<Program>(GetParam());
    absl::Status s = program_->Load(Ptx());
    ASSERT_TRUE(s.ok()) << s;
  }
  Program& p() { return *program_; }
  std::unique_ptr<Program> program_;
};

TEST_P(NvccKernels, VectorAdd) {
  const int n = 100000;
  float* a = p().Alloc<float>(n);
  float* b = p().Alloc<float>(n);
  float* c = p().Alloc<float>(n);
  for (int i = 0; i < n; ++i) a[i] = i, b[i] = 2 * i;
  absl::Status s = p().Launch("vecadd", {(n + 255) / 256, 1, 1}, {256, 1, 1},
                              Args().Add(a).Add(b).Add(c).Add(n));
  ASSERT_TRUE(s.ok()) << s;
  for (int i = 0; i < n; ++i) ASSERT_EQ(c[i], 3.0f * i) << i;
}

TEST_P(NvccKernels, SharedMemoryTreeReduction) {
  const int n = 5000, block = 256, blocks = (n + block - 1) / block;
  int* in = p().Alloc<int>(n);
  int* out = p().Alloc<int>(blocks);
  for (int i = 0; i < n; ++i) in[i] = i % 13;
  absl::Status s = p().Launch("block_reduce", {blocks, 1, 1}, {block, 1, 1},
                              Args().Add(in).Add(out).Add(n), block * sizeof(int));
  ASSERT_TRUE(s.ok()) << s;
  for (int b = 0; b < blocks; ++b) {
    int want = 0;
    for (int i = b * block; i < std::min(n, (b + 1) * block); ++i) want += in[i];
    EXPECT_EQ(out[b], want) << b;
  }
}

TEST_P(NvccKernels, ShufflesUnderPartialMasks) {
  int* out = p().Alloc<int>(64);
  absl::Status s = p().Launch("shfl_partial", {1, 1, 1}, {64, 1, 1}, Args().Add(out));
  ASSERT_TRUE(s.ok()) << s;
  for (int t = 0; t < 64; ++t) {
    int lane = t & 31;
    if (lane < 16) {
      // down-shuffle tree inside 16-lane segments: lane 0 has the sum 1..16.
      int v[16];
      for (int i = 0; i < 16; ++i) v[i] = i + 1;
      for (int off = 8; off > 0; off >>= 1) {
        int nv[16];
        for (int i = 0; i < 16; ++i) nv[i] = v[i] + (i + off < 16 ? v[i + off] : v[i]);
        std::copy(nv, nv + 16, v);
      }
      EXPECT_EQ(out[t], v[lane]) << t;
    } else {
      EXPECT_EQ(out[t], (lane ^ 1) + 1) << t;
    }
  }
}

TEST_P(NvccKernels, Votes) {
  int* in = p().Alloc<int>(64);
  unsigned* ballot = p().Alloc<unsigned>(2);
  int* any = p().Alloc<int>(2);
  int* all = p().Alloc<int>(2);
  for (int i = 0; i < 64; ++i) in[i] = i < 32 ? (i % 3 == 0 ? 1 : 0) : -1;
  absl::Status s =
      p().Launch("votes", {1, 1, 1}, {64, 1, 1}, Args().Add(in).Add(ballot).Add(any).Add(all));
  ASSERT_TRUE(s.ok()) << s;
  unsigned want = 0;
  for (int i = 0; i < 32; ++i) want |= (i % 3 == 0 ? 1u : 0u) << i;
  EXPECT_EQ(ballot[0], want);
  EXPECT_EQ(ballot[1], 0u);
  EXPECT_EQ(any[0], 0);
  EXPECT_EQ(all[0], 1);
  EXPECT_EQ(all[1], 0);
}

TEST_P(NvccKernels, AtomicsFromManyLanesAndBlocks) {
  int* i = p().Alloc<int>(1);
  auto* u = p().Alloc<unsigned long long>(1);
  float* f = p().Alloc<float>(1);
  double* d = p().Alloc<double>(1);
  int* cas = p().Alloc<int>(1);
  unsigned* mx = p().Alloc<unsigned>(1);
  const int blocks = 37, threads = 96;
  absl::Status s = p().Launch("atomics", {blocks, 1, 1}, {threads, 1, 1},
                              Args().Add(i).Add(u).Add(f).Add(d).Add(cas).Add(mx));
  ASSERT_TRUE(s.ok()) << s;
  const int n = blocks * threads;
  EXPECT_EQ(*i, n);
  EXPECT_EQ(*u, 2ull * n);
  EXPECT_EQ(*f, 0.5f * n);
  EXPECT_EQ(*d, 0.25 * n);
  EXPECT_EQ(*cas, 3 * n);
  EXPECT_EQ(*mx, unsigned(n - 1));
}

TEST_P(NvccKernels, SharedAtomicsHistogram) {
  const int n = 10000;
  auto* in = p().Alloc<unsigned char>(n);
  unsigned* hist = p().Alloc<unsigned>(16);
  unsigned want[16] = {};
  for (int k = 0; k < n; ++k) in[k] = static_cast<unsigned char>(k * 7 + 3), ++want[in[k] & 15];
  absl::Status s = p().Launch("shared_histogram", {8, 1, 1}, {128, 1, 1}, Args().Add(in).Add(n).Add(hist));
  ASSERT_TRUE(s.ok()) << s;
  for (int b = 0; b < 16; ++b) EXPECT_EQ(hist[b], want[b]) << b;
}

TEST_P(NvccKernels, PrintfOutputInBlockAndLaneOrder) {
  ::testing::internal::CaptureStdout();
  absl::Status s = p().Launch("hello", {2, 1, 1}, {3, 1, 1}, Args().Add(42));
  std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(out,
            "block 0 thread 0 x=42 f=0.00 s=ok\nblock 0 thread 1 x=42 f=1.50 s=ok\n"
            "block 0 thread 2 x=42 f=3.00 s=ok\nblock 1 thread 0 x=42 f=0.00 s=ok\n"
            "block 1 thread 1 x=42 f=1.50 s=ok\nblock 1 thread 2 x=42 f=3.00 s=ok\n");
}

TEST_P(NvccKernels, AssertFailsTheGridWithCudaErrorAssert) {
  ASSERT_TRUE(p().Launch("asserts", {1, 1, 1}, {32, 1, 1}, Args().Add(64)).ok());
  ::testing::internal::CaptureStderr();
  absl::Status s = p().Launch("asserts", {1, 1, 1}, {32, 1, 1}, Args().Add(31));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(ToCudaError(s), cudaErrorAssert) << s;
  EXPECT_NE(err.find("thread: [31,0,0] Assertion `threadIdx.x < limit` failed."), std::string::npos) << err;
}

TEST_P(NvccKernels, RecursiveDeviceFunction) {
  int* out = p().Alloc<int>(64);
  absl::Status s = p().Launch("recursion", {1, 1, 1}, {64, 1, 1}, Args().Add(out));
  ASSERT_TRUE(s.ok()) << s;
  for (int t = 0; t < 64; ++t) {
    int f = 1;
    for (int k = 2; k <= t % 10; ++k) f *= k;
    EXPECT_EQ(out[t], f) << t;
  }
}

TEST_P(NvccKernels, CooperativeGridSyncWithMoreBlocksThanWorkers) {
  int* counter = p().Alloc<int>(1);
  const int blocks = 9;
  int* seen = p().Alloc<int>(blocks);
  absl::Status s = p().Launch("grid_sync", {blocks, 1, 1}, {64, 1, 1}, Args().Add(counter).Add(seen),
                              0, /*cooperative=*/true);
  ASSERT_TRUE(s.ok()) << s;
  for (int b = 0; b < blocks; ++b) EXPECT_EQ(seen[b], blocks) << b;
}

TEST_P(NvccKernels, GridSyncWithoutCooperativeLaunchTraps) {
  int* counter = p().Alloc<int>(1);
  int* seen = p().Alloc<int>(2);
  absl::Status s = p().Launch("grid_sync", {2, 1, 1}, {32, 1, 1}, Args().Add(counter).Add(seen));
  EXPECT_FALSE(s.ok());
}

TEST_P(NvccKernels, DeviceMallocAndFree) {
  int* out = p().Alloc<int>(64);
  absl::Status s = p().Launch("heap", {1, 1, 1}, {64, 1, 1}, Args().Add(out));
  ASSERT_TRUE(s.ok()) << s;
  for (int t = 0; t < 64; ++t) EXPECT_EQ(out[t], 6 * t) << t;
}

TEST_P(NvccKernels, MathAndIntegerDivision) {
  const int n = 64;
  float* x = p().Alloc<float>(n);
  float* sq = p().Alloc<float>(n);
  float* e = p().Alloc<float>(n);
  double* dd = p().Alloc<double>(n);
  int* q = p().Alloc<int>(n);
  for (int i = 0; i < n; ++i) x[i] = i * 1.25f;
  absl::Status s = p().Launch("math", {1, 1, 1}, {n, 1, 1}, Args().Add(x).Add(sq).Add(e).Add(dd).Add(q));
  ASSERT_TRUE(s.ok()) << s;
  for (int t = 0; t < n; ++t) {
    EXPECT_EQ(sq[t], std::sqrt(x[t])) << t;
    EXPECT_NEAR(e[t], std::exp(x[t] * 0.01f), 1e-5f * std::exp(x[t] * 0.01f)) << t;
    EXPECT_NEAR(dd[t], std::sin(double(x[t])) + double(x[t]) / 3.0, 1e-14) << t;
    EXPECT_EQ(q[t], (t - 20) / 3 + (t * 7) % 5) << t;
  }
}

INSTANTIATE_TEST_SUITE_P(CpuAndEmu, NvccKernels, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "emu" : "cpu"; });

}  // namespace
}  // namespace cudashim::simt::testing
