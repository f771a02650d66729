// Lane order: which threads share a warp. The compiled cpu path numbers the threads of a kernel
// that cannot observe it (no barrier, shuffle, vote, %laneid, call) y-fastest into warps when
// its global accesses are contiguous along threadIdx.y rather than x (codegen.cc,
// ChooseLaneOrder), so a column write `out[x * h + y]` becomes runs of one row. Checked here:
// such kernels (a naive transpose, bounds-checked, with a loop over rows; an in-place column
// update; every thread's identity recorded where it is stored y-fastest) at 1-D, 2-D and 3-D
// blocks, blocks whose warps are partial, and odd matrix shapes; and kernels with the same
// column write that do observe the warp (a shuffle, %laneid), which must keep CUDA's
// x-fastest warps. Exact (integer and copied values).
#include "kcheck.h"

using kc::Dev;

// The naive transpose: a tile of blockDim.x columns by 32 rows, each thread every blockDim.y-th
// row of it, h x w in, w x h out.
__global__ void k_transpose(const float* in, float* out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  for (int j = 0; j < 32; j += blockDim.y) {
    const int y = blockIdx.y * 32 + threadIdx.y + j;
    if (x < w && y < h) out[x * h + y] = in[y * w + x];
  }
}

// In place down each column of a w-column, h-row matrix stored column by column.
__global__ void k_column_update(int* a, int w, int h, int s) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) a[x * h + y] = a[x * h + y] * s + y;
}

// Every thread's identity, stored y-fastest within its block: a thread's threadIdx (and a
// checksum of its block) must be the one CUDA gives the thread that owns the slot.
__global__ void k_identity(unsigned* out) {
  const unsigned b = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  const unsigned threads = blockDim.x * blockDim.y * blockDim.z;
  const unsigned slot = (threadIdx.z * blockDim.x + threadIdx.x) * blockDim.y + threadIdx.y;
  out[b * threads + slot] = threadIdx.x | threadIdx.y << 10 | threadIdx.z << 20 | (b & 3) << 30;
}

// The same column write after a shuffle from the next lane: CUDA's warps are x-fastest, so with
// blockDim.x = 32 lane + 1 is the thread at x + 1 (lane 31 keeps its own value).
__global__ void k_transpose_shfl(const float* in, float* out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  const float v = in[y * w + x];
  const float next = __shfl_down_sync(0xFFFFFFFFu, v, 1);
  out[x * h + y] = (threadIdx.x & 31) == 31 ? v : next;
}

// The same column write of the lane number.
__global__ void k_laneid(unsigned* out, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  unsigned lane;
  asm("mov.u32 %0, %%laneid;" : "=r"(lane));
  out[x * h + y] = lane;
}

int main() {
  kc::Rng rng(2027);
  struct Shape { int w, h; };
  const Shape shapes[] = {{1, 1}, {31, 33}, {33, 31}, {1280, 720}, {1000, 3}, {3, 1000}, {4096, 64}};
  const dim3 blocks[] = {{32, 8, 1}, {16, 16, 1}, {8, 32, 1}, {32, 1, 1}, {1, 32, 1}, {33, 3, 1}, {64, 4, 1}, {5, 7, 1}};
  for (const Shape& s : shapes) {
    const std::string ms = " " + std::to_string(s.w) + "x" + std::to_string(s.h);
    auto in = kc::make<float>(size_t(s.w) * s.h, [&] { return float(rng.uniform(-1000.0, 1000.0)); });
    std::vector<float> want(in.size());
    for (int y = 0; y < s.h; ++y) {
      for (int x = 0; x < s.w; ++x) want[size_t(x) * s.h + y] = in[size_t(y) * s.w + x];
    }
    auto col = kc::make<int>(in.size(), [&] { return rng.range(-30000, 30000); });
    for (const dim3& b : blocks) {
      const std::string name = ms + " block=" + std::to_string(b.x) + "x" + std::to_string(b.y);
      if (b.y <= 32) {
        Dev<float> din(in), dout(std::vector<float>(in.size(), -1.0f));
        k_transpose<<<dim3((s.w + b.x - 1) / b.x, (s.h + 31) / 32), b>>>(din, dout, s.w, s.h);
        if (kc::launched("k_transpose" + name)) kc::compare("k_transpose" + name, want, dout.get());
      }
      Dev<int> dcol(col);
      const int k = rng.range(-5, 5);
      k_column_update<<<dim3((s.w + b.x - 1) / b.x, (s.h + b.y - 1) / b.y), b>>>(dcol, s.w, s.h, k);
      if (kc::launched("k_column_update" + name)) {
        std::vector<int> want_col = col;
        for (int x = 0; x < s.w; ++x) {
          for (int y = 0; y < s.h; ++y) want_col[size_t(x) * s.h + y] = col[size_t(x) * s.h + y] * k + y;
        }
        kc::compare("k_column_update" + name, want_col, dcol.get());
      }
    }
  }
  const dim3 id_blocks[] = {{32, 8, 1}, {8, 4, 2}, {3, 5, 2}, {1, 64, 1}, {64, 1, 1}, {7, 9, 3}, {32, 32, 1}};
  for (const dim3& b : id_blocks) {
    const dim3 grid(3, 2, 2);
    const unsigned threads = b.x * b.y * b.z, nblocks = grid.x * grid.y * grid.z;
    Dev<unsigned> dout(std::vector<unsigned>(size_t(threads) * nblocks, 0xFFFFFFFFu));
    k_identity<<<grid, b>>>(dout);
    const std::string name = "k_identity block=" + std::to_string(b.x) + "x" + std::to_string(b.y) + "x" + std::to_string(b.z);
    if (!kc::launched(name)) continue;
    std::vector<unsigned> want(size_t(threads) * nblocks);
    for (unsigned blk = 0; blk < nblocks; ++blk) {
      for (unsigned z = 0; z < b.z; ++z) {
        for (unsigned y = 0; y < b.y; ++y) {
          for (unsigned x = 0; x < b.x; ++x) {
            want[blk * threads + (z * b.x + x) * b.y + y] = x | y << 10 | z << 20 | (blk & 3) << 30;
          }
        }
      }
    }
    kc::compare(name, want, dout.get());
  }
  for (const dim3& b : {dim3(32, 8), dim3(32, 1), dim3(32, 4)}) {
    const int w = 96, h = 40;  // whole blocks, whole warps
    const std::string name = " block=" + std::to_string(b.x) + "x" + std::to_string(b.y);
    auto in = kc::make<float>(size_t(w) * h, [&] { return float(rng.uniform(-1000.0, 1000.0)); });
    Dev<float> din(in), dout(std::vector<float>(in.size(), -1.0f));
    k_transpose_shfl<<<dim3(w / b.x, h / b.y), b>>>(din, dout, w, h);
    if (kc::launched("k_transpose_shfl" + name)) {
      std::vector<float> want(in.size());
      for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) want[size_t(x) * h + y] = in[size_t(y) * w + (x % 32 == 31 ? x : x + 1)];
      }
      kc::compare("k_transpose_shfl" + name, want, dout.get());
    }
    Dev<unsigned> dlane(std::vector<unsigned>(size_t(w) * h, 99u));
    k_laneid<<<dim3(w / b.x, h / b.y), b>>>(dlane, h);
    if (kc::launched("k_laneid" + name)) {
      std::vector<unsigned> want(size_t(w) * h);
      for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) want[size_t(x) * h + y] = unsigned((y % b.y) * b.x + x % b.x) % 32;
      }
      kc::compare("k_laneid" + name, want, dlane.get());
    }
  }
  return chk::finish();
}
