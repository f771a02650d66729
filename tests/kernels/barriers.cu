// Block barriers: __syncthreads inside loops (an iterative 1D stencil in shared memory),
// __syncthreads_count/_and/_or, and a tree reduction, at block sizes 1, 31, 33, 1000 and 1024
// (not multiples of 32: the last warp is partial). Exact (integer data).
#include "kcheck.h"

using kc::Dev;

// `steps` rounds of s[t] = s[t-1] + s[t] + s[t+1] (clamped at the ends), one barrier pair each.
__global__ void k_stencil_loop(const int* in, int* out, int steps) {
  extern __shared__ int s[];
  int t = threadIdx.x, B = blockDim.x;
  s[t] = in[blockIdx.x * B + t];
  __syncthreads();
  for (int k = 0; k < steps; ++k) {
    int v = s[max(t - 1, 0)] + s[t] * 2 + s[min(t + 1, B - 1)];
    __syncthreads();
    s[t] = v & 0xfffff;
    __syncthreads();
  }
  out[blockIdx.x * B + t] = s[(t + 1) % B];
}

__global__ void k_sync_count_and_or(const int* in, int* out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[t];
  int c = __syncthreads_count(v > 0);
  int a = __syncthreads_and(v != 7);
  int o = __syncthreads_or(v == 7);
  out[3 * t] = c;
  out[3 * t + 1] = a != 0;
  out[3 * t + 2] = o != 0;
}

// Sum of a block's values with a barrier per level; works for any block size.
__global__ void k_block_reduce(const int* in, long long* out) {
  extern __shared__ long long r[];
  int t = threadIdx.x, B = blockDim.x;
  r[t] = in[blockIdx.x * B + t];
  __syncthreads();
  for (int width = B; width > 1;) {
    int half = (width + 1) / 2;
    if (t < width - half) r[t] += r[t + half];
    __syncthreads();
    width = half;
  }
  if (t == 0) out[blockIdx.x] = r[0];
}

int main() {
  kc::Rng rng(16);
  for (int bs : {1, 31, 33, 1000, 1024}) {
    for (int blocks : {1, 7}) {
      std::string sz = " block=" + std::to_string(bs) + " blocks=" + std::to_string(blocks);
      int n = bs * blocks;
      auto v = kc::make<int>(n, [&] { return rng.range(-10, 10); });
      Dev<int> dv(v);
      {
        const int steps = 9;
        Dev<int> dout(n);
        k_stencil_loop<<<blocks, bs, bs * sizeof(int)>>>(dv, dout, steps);
        kc::launched("k_stencil_loop" + sz);
        std::vector<int> want(n);
        for (int b = 0; b < blocks; ++b) {
          std::vector<int> s(v.begin() + b * bs, v.begin() + (b + 1) * bs), t(bs);
          for (int k = 0; k < steps; ++k) {
            for (int x = 0; x < bs; ++x)
              t[x] = (s[std::max(x - 1, 0)] + s[x] * 2 + s[std::min(x + 1, bs - 1)]) & 0xfffff;
            s = t;
          }
          for (int x = 0; x < bs; ++x) want[b * bs + x] = s[(x + 1) % bs];
        }
        kc::compare("k_stencil_loop" + sz, want, dout.get());
      }
      {
        if (blocks == 7) v[3] = 7;  // one block sees a 7
        dv.put(v);
        Dev<int> dout(3 * n);
        k_sync_count_and_or<<<blocks, bs>>>(dv, dout);
        kc::launched("k_sync_count_and_or" + sz);
        std::vector<int> want(3 * n);
        for (int b = 0; b < blocks; ++b) {
          int c = 0, a = 1, o = 0;
          for (int x = 0; x < bs; ++x) {
            int e = v[b * bs + x];
            c += e > 0;
            a &= e != 7;
            o |= e == 7;
          }
          for (int x = 0; x < bs; ++x) {
            want[3 * (b * bs + x)] = c;
            want[3 * (b * bs + x) + 1] = a;
            want[3 * (b * bs + x) + 2] = o;
          }
        }
        kc::compare("k_sync_count_and_or" + sz, want, dout.get());
      }
      {
        Dev<long long> dout(blocks);
        k_block_reduce<<<blocks, bs, bs * sizeof(long long)>>>(dv, dout);
        kc::launched("k_block_reduce" + sz);
        std::vector<long long> want(blocks, 0);
        for (int b = 0; b < blocks; ++b)
          for (int x = 0; x < bs; ++x) want[b] += v[b * bs + x];
        kc::compare("k_block_reduce" + sz, want, dout.get());
      }
    }
  }
  return chk::finish();
}
