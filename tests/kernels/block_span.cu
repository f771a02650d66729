// Whole-block spans: bounds-checked 1-D kernels (`if (i < n) ...`). The compiled cpu path runs
// such a check and the code under it as one loop over all of a block's threads when the block
// is 1-D whole warps and the check passes in every lane of the block (codegen.cc, SpanSide),
// and warp by warp otherwise: a partial last block, blocks that are not whole warps (48
// threads) or not 1-D (32x2, 64x4), a bound that cuts a block, a compare the other way round, an
// unsigned index that wraps past 2^32 - 1 inside a block (its lanes before the wrap pass the
// check, those after do not: the closed form taken from the first lane alone would put them
// all on the store's side), in-place updates through two pointers to the same array (the
// same elements, or windows d apart), and blocks some of whose threads returned. Exact.
#include "kcheck.h"

using kc::Dev;

__global__ void k_axpy(int n, int a, const int* x, int* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void k_saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// The same after some threads returned (lanes missing from every warp): `skip` holds one flag
// per thread, which a returning thread marks (a branch of its own, not merged with `i < n`).
__global__ void k_axpy_holes(int n, int a, int* skip, const int* x, int* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (skip[i]) {
    skip[i] = 2;
    return;
  }
  if (i < n) y[i] = a * x[i] + y[i];
}

// The same over 2-D blocks, by the thread's linear index in the grid.
__global__ void k_axpy_2d(int n, int a, const int* x, int* y) {
  int i = (blockIdx.x * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// The lanes at or above a bound: the branch around the store tests `i < lo`.
__global__ void k_from(int lo, const int* in, int* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= lo) out[i] = 2 * in[i] + 1;
}

// In place through two windows of one array: one-warp blocks, block b updating y[64b .. 64b+31]
// from y[64b + d ..] (d in [-32, 32]): no other block writes what a block reads, and a warp's
// lanes all read before any writes, so the result is defined. A block-wide loop running lanes
// one after another gives it only where no lane reads what an earlier lane wrote (d >= 0).
__global__ void k_axpy_window(int n, int a, int d, int* y) {
  int i = blockIdx.x * 64 + threadIdx.x;
  if (i < n) y[i] = a * y[i + d] + y[i];
}

__global__ void k_wrap(unsigned base, unsigned bound, unsigned* out) {
  unsigned g = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned i = base + g;
  if (i >= bound) out[g] = i;
}

int main() {
  kc::Rng rng(2026);
  const dim3 blocks[] = {{32, 1, 1}, {64, 1, 1}, {96, 1, 1}, {256, 1, 1}, {1024, 1, 1}, {48, 1, 1}, {32, 2, 1}, {64, 4, 1}};
  const size_t sizes[] = {1, 31, 33, 1000, 1280, 100003};
  for (const dim3& b : blocks) {
    const unsigned threads = b.x * b.y;
    const std::string bs = " block=" + std::to_string(b.x) + "x" + std::to_string(b.y);
    for (size_t n : sizes) {
      const std::string sz = bs + " n=" + std::to_string(n);
      const unsigned grid = kc::blocks_for(n, threads);
      const size_t total = size_t(grid) * threads;
      // Arrays cover every thread of the grid: the lanes past n must leave theirs alone.
      auto x = kc::make<int>(total, [&] { return rng.range(-100000, 100000); });
      auto y = kc::make<int>(total, [&] { return rng.range(-100000, 100000); });
      const int a = rng.range(-9, 9);
      auto axpy = [&] {  // y = a * x + y below n
        std::vector<int> want = y;
        for (size_t i = 0; i < n; ++i) want[i] = a * x[i] + y[i];
        return want;
      };
      if (b.y > 1) {  // the kernels below index by threadIdx.x alone
        Dev<int> dx(x), dy(y);
        k_axpy_2d<<<grid, b>>>(int(n), a, dx, dy);
        if (kc::launched("k_axpy_2d" + sz)) kc::compare("k_axpy_2d" + sz, axpy(), dy.get());
        continue;
      }
      {
        Dev<int> dx(x), dy(y);
        k_axpy<<<grid, b>>>(int(n), a, dx, dy);
        if (kc::launched("k_axpy" + sz)) kc::compare("k_axpy" + sz, axpy(), dy.get());
        auto skip = kc::make<int>(total, [&] { return int(rng.range(0, 40) == 0); });
        Dev<int> dskip(skip), dh(y);
        k_axpy_holes<<<grid, b>>>(int(n), a, dskip, dx, dh);
        if (kc::launched("k_axpy_holes" + sz)) {
          std::vector<int> want = y;
          for (size_t i = 0; i < n; ++i) want[i] = skip[i] ? y[i] : a * x[i] + y[i];
          kc::compare("k_axpy_holes" + sz, want, dh.get());
        }
        // x and y the same array: every lane reads its own element before writing it.
        k_axpy<<<grid, b>>>(int(n), a, dy, dy);
        if (kc::launched("k_axpy in place" + sz)) {
          std::vector<int> want = y;
          for (size_t i = 0; i < n; ++i) want[i] = (a + 1) * (a * x[i] + y[i]);
          kc::compare("k_axpy in place" + sz, want, dy.get());
        }
      }
      {
        auto fx = kc::make<float>(total, [&] { return float(rng.uniform(-4.0, 4.0)); });
        auto fy = kc::make<float>(total, [&] { return float(rng.uniform(-4.0, 4.0)); });
        const float fa = float(rng.uniform(-2.0, 2.0));
        Dev<float> dx(fx), dy(fy);
        k_saxpy<<<grid, b>>>(int(n), fa, dx, dy);
        if (kc::launched("k_saxpy" + sz)) {
          std::vector<float> want = fy;
          for (size_t i = 0; i < n; ++i) want[i] = std::fmaf(fa, fx[i], fy[i]);  // nvcc contracts a * x + y
          kc::compare("k_saxpy" + sz, want, dy.get());
        }
      }
      for (int lo : {0, 40, int(n / 2), int(n)}) {
        Dev<int> din(x), dout(y);
        k_from<<<grid, b>>>(lo, din, dout);
        if (kc::launched("k_from lo=" + std::to_string(lo) + sz)) {
          std::vector<int> want = y;
          for (size_t i = size_t(lo); i < total; ++i) want[i] = 2 * x[i] + 1;
          kc::compare("k_from lo=" + std::to_string(lo) + sz, want, dout.get());
        }
      }
    }
    // base + g wraps to 0 after 2^32 - base threads: at 128 below, inside the first block of
    // 256 or more; bound 256 below 2^32 puts the lanes before the wrap on the store's side.
    for (unsigned below : {128u, 16u, 300u}) {
      if (b.y > 1) break;
      const unsigned grid = 3, total = grid * threads, base = 0u - below, bound = 0u - 256u;
      const std::string name = "k_wrap base=2^32-" + std::to_string(below) + bs;
      Dev<unsigned> dout(std::vector<unsigned>(total, 7u));
      k_wrap<<<grid, b>>>(base, bound, dout);
      if (kc::launched(name)) {
        std::vector<unsigned> want(total, 7u);
        for (unsigned g = 0; g < total; ++g) {
          if (base + g >= bound) want[g] = base + g;
        }
        kc::compare(name, want, dout.get());
      }
    }
  }
  for (int d : {-32, -5, 0, 3, 31, 32}) {
    const int grid = 40, n = 64 * grid - 50;  // the last block's lanes from 14 on fail i < n
    auto y = kc::make<int>(64 * grid + 64, [&] { return rng.range(-1000, 1000); });
    Dev<int> dy(y);
    const int a = 3;
    k_axpy_window<<<grid, 32>>>(n, a, d, dy.p + 32);  // y[i + d] stays inside the allocation
    const std::string name = "k_axpy_window d=" + std::to_string(d);
    if (kc::launched(name)) {
      std::vector<int> want = y;
      for (int b = 0; b < grid; ++b) {
        for (int t = 0; t < 32; ++t) {
          const int i = b * 64 + t;
          if (i < n) want[32 + i] = a * y[32 + i + d] + y[32 + i];
        }
      }
      kc::compare(name, want, dy.get());
    }
  }
  return chk::finish();
}
