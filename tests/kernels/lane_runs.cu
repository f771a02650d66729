// Lane runs: the same index arithmetic at block shapes that lay a warp's lanes out differently
// (blockDim.x a multiple of 32, 16, 20, 8, 7, 1, 33, 48; 1-, 2- and 3-D blocks). The compiled cpu
// path turns an access whose per-lane address is consecutive within each run of lanes with
// consecutive %tid.x into one vector access per run (CsWarp::run) and a per-lane access
// otherwise; these kernels hit each case: contiguous loads and stores, a broadcast load (the
// same address in a whole row), a stride-2 gather, grid-stride loops (a multi-definition index),
// a 3-D index, a 5-point stencil, a shared-memory row exchange, a tiled transpose, in-place
// updates and a generic pointer into each thread's local array. Exact.
#include "kcheck.h"

using kc::Dev;

// out[y][x] = 3 * in[y][x] + in[y][0] (a broadcast per row) + in[y][x ^ 1 clamped] (neighbours).
__global__ void k_rows(const int* in, int* out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int nb = min(x ^ 1, w - 1);
  out[(size_t)y * w + x] = 3 * in[(size_t)y * w + x] + in[(size_t)y * w] + in[(size_t)y * w + nb];
}

// A 5-point stencil with a 32-bit index: the neighbours' addresses are computed inside the
// straight-line code that loads them (i - w, i + w), which the compiled path evaluates ahead of
// the loads to check their runs (codegen.cc, ComputableAhead). Borders copy the input.
__global__ void k_stencil(const int* in, int* out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
    out[i] = in[i];
  else
    out[i] = 4 * in[i] - in[i - 1] - in[i + 1] - 2 * in[i - w] + 3 * in[i + w];
}

// A tiled transpose through a padded shared tile (blockDim.x == 32): the tile's column read is
// a stride-33 gather in the same straight-line code as the global store it feeds.
__global__ void k_transpose_tiled(const int* in, int* out, int w, int h) {
  __shared__ int tile[32][33];
  int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += blockDim.y)
    if (x < w && y + j < h) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * w + x];
  __syncthreads();
  x = blockIdx.y * 32 + threadIdx.x;
  y = blockIdx.x * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += blockDim.y)
    if (x < h && y + j < w) out[(y + j) * h + x] = tile[threadIdx.x][threadIdx.y + j];
}

// A grid-stride loop over contiguous data whose threads go on after it (so lanes leave the loop
// at different iterations: the index is no provable lane-affine value, and the compiled path
// checks every lane's address); the index steps after the loads and the store that use it.
__global__ void k_grid_stride(const int* a, const int* b, int* out, unsigned* partial, int n) {
  unsigned acc = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    out[i] = a[i] * 3 - b[i];
    acc += unsigned(a[i] ^ i);
  }
  partial[blockIdx.x * blockDim.x + threadIdx.x] = acc;
}

// The same sums alone: the loop body loads, then steps the index, with no store in between.
__global__ void k_grid_stride_sum(const int* a, unsigned* partial, int n) {
  unsigned acc = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) acc += unsigned(a[i] ^ i);
  partial[blockIdx.x * blockDim.x + threadIdx.x] = acc;
}

// The index after a loop that steps it: lanes leave the loop at different iterations (here on
// data, so not in lane order), so past it the index is no longer the same stride apart in every
// lane; inside the loop it is, which the compiled path relies on for one contiguity check per
// run. a holds n + (all threads) elements, b n + 2 * (all threads).
__global__ void k_grid_stride_after(const int* a, const int* b, int* out, int n) {
  const int s = blockDim.x * gridDim.x;
  int i = blockIdx.x * blockDim.x + threadIdx.x, acc = 0;
  bool more;
  do {
    const int x = a[i];
    acc += x;
    i += s;
    more = (x >= 0) & (i < n);
  } while (more);
  out[blockIdx.x * blockDim.x + threadIdx.x] = acc + b[i];
}

// The same loop as a guarded `for` whose condition also reads the data: nvcc sets the index both
// before the guard and in the loop's preheader, and leaves the loop from two blocks. Past the
// loop, left on data, the index is not lane-affine (codegen.cc, InductionAffine and GuardedStart
// must not take it for one). a holds n + (all threads) elements, b n + 2 * (all threads).
__global__ void k_guarded_after(const int* a, const int* b, int* out, int n) {
  const int s = blockDim.x * gridDim.x;
  int i = blockIdx.x * blockDim.x + threadIdx.x, acc = 0;
  for (; i < n && a[i] >= 0; i += s) acc += a[i] * (i & 3);
  out[blockIdx.x * blockDim.x + threadIdx.x] = acc + b[i];
}

// Two loops stepping one index: lanes leave the first on data, so they enter the second at
// different steps and the index is not the same stride apart there either. a holds n + (all
// threads) elements, b 2 * n + 2 * (all threads).
__global__ void k_two_loops(const int* a, const int* b, int* out, int n) {
  const int s = blockDim.x * gridDim.x;
  int i = blockIdx.x * blockDim.x + threadIdx.x, acc = 0;
  bool more;
  do {
    const int x = a[i];
    acc += x;
    i += s;
    more = (x >= 0) & (i < n);
  } while (more);
  do {
    acc += b[i];
    i += s;
  } while (i < 2 * n);
  out[blockIdx.x * blockDim.x + threadIdx.x] = acc;
}

// In-place updates: each warp rewrites a window of its own from the same window shifted by d
// (every lane loads before any lane stores, as a warp runs on the GPU). The compiled path keeps
// the loads and the store in one segment and may run its lanes one after another only when no
// lane reads what an earlier lane wrote (d >= 0, or no overlap).
__global__ void k_shift_in_place(int* a, int d) {  // blocks of one warp
  int* win = a + blockIdx.x * 112 + 40;
  const int t = threadIdx.x;
  win[t] = win[t + d] * 2 + t;
}

// A stride-2 read (never contiguous) and a grid-stride loop whose index has several definitions.
__global__ void k_strided(const int* in, int* out, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    out[i] = in[2 * i] - in[2 * i + 1];
  }
}

// A 3-D block: the linear thread index addresses a contiguous slab.
__global__ void k_volume(const float* in, float* out, int nx, int ny, int nz) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x >= nx || y >= ny || z >= nz) return;
  size_t i = ((size_t)z * ny + y) * nx + x;
  out[i] = in[i] * 0.5f + 1.0f;
}

// Rows go through shared memory and come back reversed within the block's row.
__global__ void k_shared_reverse(const int* in, int* out, int w, int h) {
  extern __shared__ int row[];
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  bool in_range = x < w && y < h;
  int* my = row + threadIdx.y * blockDim.x;
  my[threadIdx.x] = in_range ? in[(size_t)y * w + x] : -1;
  __syncthreads();
  if (in_range) out[(size_t)y * w + x] = my[blockDim.x - 1 - threadIdx.x];
}

// A generic pointer into each thread's own .local array, read at a uniform index: the address
// is the same offset in every lane but a different frame, so it is no broadcast.
__global__ void k_local_generic(const int* in, int* out, int n, int pick) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int a[8];
  for (int i = 0; i < 8; ++i) a[i] = in[(t * 8 + i) % n] + t;
  int* p = a;
  asm volatile("" : "+l"(p));  // keep it a generic pointer (cvta.local) the compiler cannot see through
  int k = pick & 7;
  if (t < n) out[t] = p[k] + p[(k + 1) & 7];
}

// Indices folded to a warp's lanes (threadIdx.x & 31, & 15, & 7) address shared memory under
// partial masks: the compiled path treats `x & (2^k - 1)` as lane-affine until a lane crosses a
// multiple of 2^k (codegen.cc, Affine::folded), which the run check must catch where blockDim.x
// is no multiple of 32 (x = 16..47 in one warp of a 48-wide block) or 2^k < 32 (& 15, & 7). The
// index the folds read is the one the loops before and after step (as in a softmax row).
__global__ void k_lane_folds(const int* in, int* out, int k) {
  __shared__ int tab[32];
  __shared__ int sh[32][2][32];
  const int x = threadIdx.x, y = threadIdx.y;
  const int lin = x + blockDim.x * y, nthreads = blockDim.x * blockDim.y;
  const int* src = in + blockIdx.x * 64;
  int acc = 0;
  for (int j = x; j < 40; j += blockDim.x) acc += src[j];
  for (int j = lin; j < 32; j += nthreads) tab[j] = src[j];
  for (int j = lin; j < 32 * 2 * 32; j += nthreads) (&sh[0][0][0])[j] = -7;
  __syncthreads();
  const int lane = x & 31, half = x & 15, eighth = x & 7;
  int v = acc;
  if (lane < k) v += tab[lane];
  if (half >= k / 2) v += 3 * tab[half + 16];
  if (eighth != k % 8) v -= tab[eighth + 8];
  if (lane < k) sh[y][x >> 5][lane] = v + src[32 + lane];
  __syncthreads();
  for (int j = x; j < 40; j += blockDim.x) acc -= 2 * src[j + 1];
  out[blockIdx.x * nthreads + lin] = v * 5 + sh[y][x >> 5][lane ^ 1] + acc;
}

int main() {
  kc::Rng rng(77);
  const dim3 shapes[] = {{32, 8, 1}, {16, 16, 1}, {20, 3, 1}, {8, 4, 1}, {7, 5, 1},
                         {1, 32, 1}, {33, 2, 1}, {48, 1, 1}, {64, 2, 1}, {4, 4, 4}};
  const int sizes[][2] = {{1, 1}, {31, 3}, {33, 17}, {100, 37}, {1280, 9}};
  for (const dim3& b : shapes) {
    const std::string bs = " block=" + std::to_string(b.x) + "x" + std::to_string(b.y) + "x" + std::to_string(b.z);
    for (const auto& wh : sizes) {
      const int w = wh[0], h = wh[1];
      const std::string sz = bs + " size=" + std::to_string(w) + "x" + std::to_string(h);
      auto v = kc::make<int>(size_t(w) * h, [&] { return rng.range(-1000000, 1000000); });
      Dev<int> din(v), dout(v.size());
      const dim3 g((w + b.x - 1) / b.x, (h + b.y - 1) / b.y);
      const dim3 b2(b.x, b.y, 1);
      k_rows<<<g, b2>>>(din, dout, w, h);
      if (kc::launched("k_rows" + sz)) {
        std::vector<int> want(v.size());
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) {
            const size_t r = size_t(y) * w;
            want[r + x] = 3 * v[r + x] + v[r] + v[r + std::min(x ^ 1, w - 1)];
          }
        kc::compare("k_rows (contiguous, broadcast, neighbour)" + sz, want, dout.get());
      }
      k_stencil<<<g, b2>>>(din, dout, w, h);
      if (kc::launched("k_stencil" + sz)) {
        std::vector<int> want(v.size());
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) {
            const int i = y * w + x;
            const bool border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            want[i] = border ? v[i] : 4 * v[i] - v[i - 1] - v[i + 1] - 2 * v[i - w] + 3 * v[i + w];
          }
        kc::compare("k_stencil (neighbour addresses computed with the loads)" + sz, want, dout.get());
      }
      k_shared_reverse<<<g, b2, b.x * b.y * sizeof(int)>>>(din, dout, w, h);
      if (kc::launched("k_shared_reverse" + sz)) {
        std::vector<int> want(v.size());
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) {
            const int bx0 = x / int(b.x) * int(b.x), mirror = bx0 + int(b.x) - 1 - (x - bx0);
            want[size_t(y) * w + x] = mirror < w ? v[size_t(y) * w + mirror] : -1;
          }
        kc::compare("k_shared_reverse (shared row exchange)" + sz, want, dout.get());
      }
    }
    for (int n : {1, 31, 33, 1000, 100003}) {
      const std::string sz = bs + " n=" + std::to_string(n);
      auto v = kc::make<int>(2 * size_t(n), [&] { return rng.range(-1000000, 1000000); });
      Dev<int> din(v), dout(n);
      const unsigned threads = b.x * b.y * b.z;
      k_strided<<<std::min<unsigned>(kc::blocks_for(n, threads), 7), threads>>>(din, dout, n);
      if (kc::launched("k_strided" + sz)) {
        std::vector<int> want(n);
        for (int i = 0; i < n; ++i) want[i] = v[2 * i] - v[2 * i + 1];
        kc::compare("k_strided (stride-2 gather, grid-stride loop)" + sz, want, dout.get());
      }
      const unsigned gs_blocks = std::min<unsigned>(kc::blocks_for(n, threads), 5), total = gs_blocks * threads;
      Dev<unsigned> dpartial(total);
      k_grid_stride<<<gs_blocks, threads>>>(din, din.p + n, dout, dpartial, n);
      if (kc::launched("k_grid_stride" + sz)) {
        std::vector<int> want(n);
        std::vector<unsigned> partial(total, 0);
        for (int i = 0; i < n; ++i) {
          want[i] = v[i] * 3 - v[n + i];
          partial[i % total] += unsigned(v[i] ^ i);
        }
        kc::compare("k_grid_stride (contiguous grid-stride loop)" + sz, want, dout.get());
        kc::compare("k_grid_stride (per-thread sums after the loop)" + sz, partial, dpartial.get());
        Dev<unsigned> dpartial2(total);
        k_grid_stride_sum<<<gs_blocks, threads>>>(din, dpartial2, n);
        if (kc::launched("k_grid_stride_sum" + sz)) {
          kc::compare("k_grid_stride_sum (load, then the index steps)" + sz, partial, dpartial2.get());
        }
        auto e = kc::make<int>(2 * size_t(n) + 3 * total, [&] { return rng.range(-2, 20); });
        Dev<int> dext(e), dafter(total);
        k_grid_stride_after<<<gs_blocks, threads>>>(dext, dext.p + n + total, dafter, n);
        if (kc::launched("k_grid_stride_after" + sz)) {
          std::vector<int> want(total);
          for (unsigned t = 0; t < total; ++t) {
            int acc = 0, i = int(t);
            bool more;
            do {
              const int x = e[i];
              acc += x;
              i += int(total);
              more = (x >= 0) & (i < n);
            } while (more);
            want[t] = acc + e[n + total + i];
          }
          kc::compare("k_grid_stride_after (the index past a loop left on data)" + sz, want, dafter.get());
        }
        k_guarded_after<<<gs_blocks, threads>>>(dext, dext.p + n + total, dafter, n);
        if (kc::launched("k_guarded_after" + sz)) {
          std::vector<int> want(total);
          for (unsigned t = 0; t < total; ++t) {
            int acc = 0, i = int(t);
            for (; i < n && e[i] >= 0; i += int(total)) acc += e[i] * (i & 3);
            want[t] = acc + e[n + total + i];
          }
          kc::compare("k_guarded_after (a guarded loop's index past the loop)" + sz, want, dafter.get());
        }
        auto e2 = kc::make<int>(3 * size_t(n) + 3 * total, [&] { return rng.range(-2, 20); });
        Dev<int> dtwo_in(e2), dtwo(total);
        k_two_loops<<<gs_blocks, threads>>>(dtwo_in, dtwo_in.p + n + total, dtwo, n);
        if (kc::launched("k_two_loops" + sz)) {
          const int* b2 = e2.data() + n + total;
          std::vector<int> want(total);
          for (unsigned t = 0; t < total; ++t) {
            int acc = 0, i = int(t);
            bool more;
            do {
              const int x = e2[i];
              acc += x;
              i += int(total);
              more = (x >= 0) & (i < n);
            } while (more);
            do {
              acc += b2[i];
              i += int(total);
            } while (i < 2 * n);
            want[t] = acc;
          }
          kc::compare("k_two_loops (one index stepped by two loops)" + sz, want, dtwo.get());
        }
      }
    }
    if (b.z == 1) {
      const int blocks = 3, nthreads = int(b.x * b.y);
      auto v = kc::make<int>(blocks * 64 + 8, [&] { return rng.range(-1000000, 1000000); });
      Dev<int> din(v);
      for (const int k : {0, 1, 7, 8, 16, 17, 31, 32}) {
        Dev<int> dout(size_t(blocks) * nthreads);
        k_lane_folds<<<blocks, dim3(b.x, b.y)>>>(din, dout, k);
        const std::string sz = bs + " k=" + std::to_string(k);
        if (!kc::launched("k_lane_folds" + sz)) continue;
        std::vector<int> want(dout.n);
        for (int blk = 0; blk < blocks; ++blk) {
          const int* src = v.data() + blk * 64;
          std::vector<int> sh(32 * 2 * 32, -7), val(nthreads), acc(nthreads);
          for (int t = 0; t < nthreads; ++t) {
            const int x = t % int(b.x), y = t / int(b.x), lane = x & 31, half = x & 15, eighth = x & 7;
            int a = 0;
            for (int j = x; j < 40; j += int(b.x)) a += src[j];
            int w = a;
            if (lane < k) w += src[lane];
            if (half >= k / 2) w += 3 * src[half + 16];
            if (eighth != k % 8) w -= src[eighth + 8];
            if (lane < k) sh[(y * 2 + (x >> 5)) * 32 + lane] = w + src[32 + lane];
            for (int j = x; j < 40; j += int(b.x)) a -= 2 * src[j + 1];
            val[t] = w;
            acc[t] = a;
          }
          for (int t = 0; t < nthreads; ++t) {
            const int x = t % int(b.x), y = t / int(b.x);
            want[size_t(blk) * nthreads + t] = val[t] * 5 + sh[(y * 2 + (x >> 5)) * 32 + ((x & 31) ^ 1)] + acc[t];
          }
        }
        kc::compare("k_lane_folds (threadIdx.x & 31/15/7 addresses under partial masks)" + sz, want, dout.get());
      }
    }
    for (int n : {1, 33, 1000}) {
      const std::string sz = bs + " n=" + std::to_string(n);
      auto v = kc::make<int>(n, [&] { return rng.range(-1000000, 1000000); });
      Dev<int> din(v), dout(n);
      const unsigned threads = b.x * b.y * b.z;
      k_local_generic<<<kc::blocks_for(n, threads), threads>>>(din, dout, n, 3);
      if (kc::launched("k_local_generic" + sz)) {
        std::vector<int> want(n);
        for (int t = 0; t < n; ++t) want[t] = v[(t * 8 + 3) % n] + t + v[(t * 8 + 4) % n] + t;
        kc::compare("k_local_generic (generic pointer into each thread's local array)" + sz, want, dout.get());
      }
    }
    {
      const int nx = 37, ny = 9, nz = 5;
      auto v = kc::make<float>(size_t(nx) * ny * nz, [&] { return float(rng.uniform(-100, 100)); });
      Dev<float> din(v), dout(v.size());
      const dim3 g((nx + b.x - 1) / b.x, (ny + b.y - 1) / b.y, (nz + b.z - 1) / b.z);
      k_volume<<<g, b>>>(din, dout, nx, ny, nz);
      if (kc::launched("k_volume" + bs)) {
        std::vector<float> want(v.size());
        for (size_t i = 0; i < v.size(); ++i) want[i] = v[i] * 0.5f + 1.0f;
        kc::compare("k_volume (3-D index)" + bs, want, dout.get());
      }
    }
  }
  for (const int d : {-33, -5, -1, 0, 1, 3, 32, 40}) {
    const int warps = 6, size = warps * 112;
    auto v = kc::make<int>(size, [&] { return rng.range(-1000000, 1000000); });
    Dev<int> da(v);
    k_shift_in_place<<<warps, 32>>>(da, d);
    const std::string sz = " d=" + std::to_string(d);
    if (kc::launched("k_shift_in_place" + sz)) {
      std::vector<int> want = v;
      for (int w = 0; w < warps; ++w)
        for (int l = 0; l < 32; ++l) want[w * 112 + 40 + l] = v[w * 112 + 40 + l + d] * 2 + l;
      kc::compare("k_shift_in_place (loads and a store that overlap)" + sz, want, da.get());
    }
  }
  for (const int rows : {8, 2}) {
    for (const auto& wh : sizes) {
      const int w = wh[0], h = wh[1];
      const std::string sz = " block=32x" + std::to_string(rows) + " size=" + std::to_string(w) + "x" + std::to_string(h);
      auto v = kc::make<int>(size_t(w) * h, [&] { return rng.range(-1000000, 1000000); });
      Dev<int> din(v), dout(v.size());
      k_transpose_tiled<<<dim3((w + 31) / 32, (h + 31) / 32), dim3(32, rows)>>>(din, dout, w, h);
      if (kc::launched("k_transpose_tiled" + sz)) {
        std::vector<int> want(v.size());
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) want[size_t(x) * h + y] = v[size_t(y) * w + x];
        kc::compare("k_transpose_tiled (strided shared read feeding a global store)" + sz, want, dout.get());
      }
    }
  }
  return chk::finish();
}
