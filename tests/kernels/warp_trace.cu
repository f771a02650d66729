// Warp traces: a barrier-free kernel's likely path from entry to exit (bounds check passed, the
// larger side of an if/else) that the compiled cpu path runs warp by warp ahead of its general
// code (codegen.cc, EmitTrace). A warp runs the path only when every one of its lanes follows
// it and every access's run checks pass; any other warp (partial, at a grid edge, with lanes on
// the other side, with loads its store may overwrite) starts over on the general code. Checked
// here: 2-D stencils with __restrict__ pointers and without (then the store's range must miss
// the loads'; in place or shifted by one element it does not), two outputs (apart, and in one
// buffer where they meet), if/else kernels whose lanes take either side or both, and a
// bounds-checked update launched with 1-D blocks (no trace: the block-wide span) and 2-D ones,
// at odd shapes and blocks whose rows are 32, 16, 24 and 64 threads wide. Exact.
#include "kcheck.h"

using kc::Dev;

// A 5-point stencil; borders copy the input.
__global__ void k_stencil_restrict(const int* __restrict__ in, int* __restrict__ out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  const int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
    out[i] = in[i];
  else
    out[i] = 4 * in[i] - in[i - 1] - 2 * in[i + 1] + 3 * in[i - w] - in[i + w];
}

// The same without __restrict__: plain loads the store may alias.
__global__ void k_stencil_alias(const int* in, int* out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  const int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
    out[i] = in[i];
  else
    out[i] = 4 * in[i] - in[i - 1] - 2 * in[i + 1] + 3 * in[i - w] - in[i + w];
}

// One element per thread, run with out == in too (each thread reads what it then overwrites).
__global__ void k_scale(const int* in, int* out, int w, int h, int k) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) out[y * w + x] = in[y * w + x] * k + x - y;
}

// Each row's first n elements moved one place on (doubled), one warp per row, out == in too: a
// race in CUDA's memory model, but a converged warp (the GPU's, the interpreter's) loads before
// it stores, so every lane reads the old value; lanes run one after another on the path would
// read their neighbour's new one.
__global__ void k_shift(const int* in, int* out, int pitch, int n) {
  const int x = threadIdx.x, y = blockIdx.x * blockDim.y + threadIdx.y;
  if (x < n) out[y * pitch + x + 1] = in[y * pitch + x] * 2;
}

// Two outputs per element, the second one place on, one warp per row; run with hi == lo too: a
// converged warp stores all of lo before any of hi, so lo[x + 1] ends up hi's value.
__global__ void k_split(const int* in, int* lo, int* hi, int pitch, int n) {
  const int x = threadIdx.x, y = blockIdx.x * blockDim.y + threadIdx.y;
  if (x < n) {
    const int v = in[y * pitch + x];
    lo[y * pitch + x] = v & 0xFFFF;
    hi[y * pitch + x + 1] = v >> 16;
  }
}

// An if/else on the thread's column: lanes with (x & mask) == r take the short side.
__global__ void k_if_else(const int* __restrict__ a, int* __restrict__ out, int w, int h, int mask, int r) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  const int i = y * w + x;
  if ((x & mask) == r)
    out[i] = -a[i];
  else
    out[i] = (a[i] * 5 + (a[i] >> 3) - y) ^ (x << 2);
}

// A bounds-checked update over n elements, thread t of block b at b * threads + t.
__global__ void k_bounds(const float* __restrict__ xs, float* __restrict__ ys, int n) {
  const int t = threadIdx.y * blockDim.x + threadIdx.x;
  const int i = blockIdx.x * (blockDim.x * blockDim.y) + t;
  if (i < n) ys[i] = 2.0f * xs[i] + 1.0f;
}

int stencil_at(const std::vector<int>& in, int x, int y, int w, int h) {
  const size_t i = size_t(y) * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) return in[i];
  return 4 * in[i] - in[i - 1] - 2 * in[i + 1] + 3 * in[i - w] - in[i + w];
}

int main() {
  kc::Rng rng(2028);
  struct Shape { int w, h; };
  const Shape shapes[] = {{1, 1}, {31, 33}, {33, 31}, {64, 16}, {1280, 720}, {100, 1000}};
  const dim3 blocks[] = {{32, 8}, {16, 16}, {24, 8}, {64, 2}, {32, 1}};
  for (const Shape& s : shapes) {
    const size_t n = size_t(s.w) * s.h;
    auto in = kc::make<int>(n, [&] { return rng.range(-100000, 100000); });
    std::vector<int> want_stencil(n);
    for (int y = 0; y < s.h; ++y) {
      for (int x = 0; x < s.w; ++x) want_stencil[size_t(y) * s.w + x] = stencil_at(in, x, y, s.w, s.h);
    }
    for (const dim3& b : blocks) {
      const std::string name = " " + std::to_string(s.w) + "x" + std::to_string(s.h) + " block=" +
                               std::to_string(b.x) + "x" + std::to_string(b.y);
      const dim3 g((s.w + b.x - 1) / b.x, (s.h + b.y - 1) / b.y);
      Dev<int> din(in), dout(std::vector<int>(n, -7));
      k_stencil_restrict<<<g, b>>>(din, dout, s.w, s.h);
      if (kc::launched("k_stencil_restrict" + name)) kc::compare("k_stencil_restrict" + name, want_stencil, dout.get());
      Dev<int> dout2(std::vector<int>(n, -7));
      k_stencil_alias<<<g, b>>>(din, dout2, s.w, s.h);
      if (kc::launched("k_stencil_alias" + name)) kc::compare("k_stencil_alias" + name, want_stencil, dout2.get());

      const int k = rng.range(-9, 9);
      std::vector<int> want_scale(n);
      for (int y = 0; y < s.h; ++y) {
        for (int x = 0; x < s.w; ++x) want_scale[size_t(y) * s.w + x] = in[size_t(y) * s.w + x] * k + x - y;
      }
      Dev<int> dscaled(std::vector<int>(n, -7));
      k_scale<<<g, b>>>(din, dscaled, s.w, s.h, k);
      if (kc::launched("k_scale" + name)) kc::compare("k_scale" + name, want_scale, dscaled.get());
      Dev<int> dinplace(in);
      k_scale<<<g, b>>>(dinplace, dinplace, s.w, s.h, k);
      if (kc::launched("k_scale in place" + name)) kc::compare("k_scale in place" + name, want_scale, dinplace.get());

      // mask 0, r 0: every lane takes the short side; mask 0, r 1: none does; mask 1: lanes
      // alternate within each warp; mask 64: whole warps of 32-wide rows go one way or the other.
      const int masks[][2] = {{0, 0}, {0, 1}, {1, 0}, {64, 64}};
      for (const auto& [mask, r] : masks) {
        const std::string mr = name + " mask=" + std::to_string(mask) + " r=" + std::to_string(r);
        Dev<int> dsel(std::vector<int>(n, -7));
        k_if_else<<<g, b>>>(din, dsel, s.w, s.h, mask, r);
        if (!kc::launched("k_if_else" + mr)) continue;
        std::vector<int> want(n);
        for (int y = 0; y < s.h; ++y) {
          for (int x = 0; x < s.w; ++x) {
            const int a = in[size_t(y) * s.w + x];
            want[size_t(y) * s.w + x] = (x & mask) == r ? -a : (a * 5 + (a >> 3) - y) ^ (x << 2);
          }
        }
        kc::compare("k_if_else" + mr, want, dsel.get());
      }
    }
  }
  for (const int rows : {2, 6, 40}) {
    const int pitch = 64, n = 32;
    auto v = kc::make<int>(size_t(rows) * pitch, [&] { return rng.range(-100000, 100000); });
    std::vector<int> want = v;
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < n; ++x) want[size_t(y) * pitch + x + 1] = v[size_t(y) * pitch + x] * 2;
    }
    for (const dim3& b : {dim3(32, 1), dim3(32, 2)}) {  // 1-D blocks take the span instead
      const std::string name = "k_shift rows=" + std::to_string(rows) + " block=32x" + std::to_string(b.y);
      Dev<int> din(v), dout(v);
      k_shift<<<rows / b.y, b>>>(din, dout, pitch, n);
      if (kc::launched(name)) kc::compare(name, want, dout.get());
      Dev<int> dboth(v);
      k_shift<<<rows / b.y, b>>>(dboth, dboth, pitch, n);
      if (kc::launched(name + " in place")) kc::compare(name + " in place", want, dboth.get());

      const std::string split = "k_split rows=" + std::to_string(rows) + " block=32x" + std::to_string(b.y);
      std::vector<int> want_lo(v.size(), -7), want_hi(v.size(), -7), want_same(v.size(), -7);
      for (int y = 0; y < rows; ++y) {
        for (int x = 0; x < n; ++x) {
          const size_t i = size_t(y) * pitch + x;
          want_lo[i] = want_same[i] = v[i] & 0xFFFF;
        }
        for (int x = 0; x < n; ++x) {
          const size_t i = size_t(y) * pitch + x;
          want_hi[i + 1] = want_same[i + 1] = v[i] >> 16;
        }
      }
      Dev<int> dlo(std::vector<int>(v.size(), -7)), dhi(std::vector<int>(v.size(), -7));
      k_split<<<rows / b.y, b>>>(din, dlo, dhi, pitch, n);
      if (kc::launched(split)) {
        kc::compare(split + " lo", want_lo, dlo.get());
        kc::compare(split + " hi", want_hi, dhi.get());
      }
      Dev<int> dsame(std::vector<int>(v.size(), -7));
      k_split<<<rows / b.y, b>>>(din, dsame, dsame, pitch, n);
      if (kc::launched(split + " hi == lo")) kc::compare(split + " hi == lo", want_same, dsame.get());
    }
  }
  for (const size_t n : kc::kSizes) {
    auto xs = kc::make<float>(n, [&] { return float(rng.uniform(-1000.0, 1000.0)); });
    std::vector<float> want(n);
    for (size_t i = 0; i < n; ++i) want[i] = 2.0f * xs[i] + 1.0f;
    for (const dim3& b : {dim3(256, 1), dim3(32, 4), dim3(16, 16), dim3(24, 3)}) {
      const unsigned threads = b.x * b.y;
      const std::string name = "k_bounds n=" + std::to_string(n) + " block=" + std::to_string(b.x) + "x" + std::to_string(b.y);
      Dev<float> dx(xs), dy(std::vector<float>(n, -1.0f));
      k_bounds<<<unsigned((n + threads - 1) / threads), b>>>(dx, dy, int(n));
      if (kc::launched(name)) kc::compare(name, want, dy.get());
    }
  }
  return chk::finish();
}
