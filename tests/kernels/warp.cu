// nvcc-flags: -arch=sm_80
// Warp-level primitives: __shfl_sync/up/down/xor at widths 8, 16, 32 (32- and 64-bit values),
// under partial masks (only even lanes; a tail warp of 1, 17, ... threads in blocks of 1, 31, 33,
// 49, 1000 threads), __ballot_sync/__any_sync/__all_sync/__activemask, __match_any_sync/
// __match_all_sync, __reduce_*_sync (sm_80), __syncwarp, cooperative_groups tiled_partition with
// shfl and cg::reduce. Lanes only ever read lanes that are in the mask. Exact.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

#include "kcheck.h"

namespace cg = cooperative_groups;
using kc::Dev;

// Shuffles with every width; srcLane may exceed the width (taken modulo the width).
__global__ void k_shfl_widths(const int* in, const double* din, int* out, double* dout, int width,
                              int delta, int xmask) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  int v = in[t];
  int src = (lane * 7 + 3) & 63;
  out[5 * t] = __shfl_sync(0xffffffffu, v, src, width);
  out[5 * t + 1] = __shfl_up_sync(0xffffffffu, v, delta, width);
  out[5 * t + 2] = __shfl_down_sync(0xffffffffu, v, delta, width);
  out[5 * t + 3] = __shfl_xor_sync(0xffffffffu, v, xmask, width);
  out[5 * t + 4] = __shfl_sync(0xffffffffu, v, 5, width);  // uniform source lane
  dout[2 * t] = __shfl_down_sync(0xffffffffu, din[t], delta, width);
  dout[2 * t + 1] = __shfl_xor_sync(0xffffffffu, din[t], xmask, width);
}

// Only the even lanes take part (mask 0x55555555): xor 2 and indexed reads stay on even lanes.
__global__ void k_shfl_even_lanes(const int* in, int* out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  int v = in[t];
  int r[5] = {-1, -1, -1, -1, -1};
  if ((lane & 1) == 0) {
    const unsigned m = 0x55555555u;
    r[0] = __shfl_xor_sync(m, v, 2);
    r[1] = __shfl_sync(m, v, (lane + 6) & 31);
    r[2] = (int)__ballot_sync(m, v & 1);
    r[3] = __reduce_add_sync(m, v);
    r[4] = __any_sync(m, v > 1000) | __all_sync(m, v > -1000000) << 1;
  }
  for (int k = 0; k < 5; ++k) out[5 * t + k] = r[k];
}

// Blocks whose last warp is partial: mask = the existing lanes of the warp.
__global__ void k_tail_warp(const unsigned* in, unsigned* out) {
  unsigned active = __activemask();
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  int warp_base = threadIdx.x & ~31;
  int lanes = min(32, (int)blockDim.x - warp_base);
  unsigned m = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
  unsigned v = in[t];
  unsigned* o = out + 8 * t;
  o[0] = active;
  o[1] = __shfl_up_sync(m, v, 1);
  o[2] = __shfl_sync(m, v, 0);
  o[3] = __ballot_sync(m, v & 1);
  o[4] = __all_sync(m, v & 1) | __any_sync(m, v & 1) << 1;
  o[5] = __reduce_max_sync(m, v);
  o[6] = __reduce_min_sync(m, v);
  o[7] = __shfl_sync(m, v, lanes - 1 - lane);  // mirror within the existing lanes
}

// Votes with full warps; __activemask inside a divergent branch must be a subset of the branch.
__global__ void k_vote(const int* in, unsigned* out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  int v = in[t];
  unsigned* o = out + 4 * t;
  o[0] = __ballot_sync(0xffffffffu, v > 0);
  o[1] = __any_sync(0xffffffffu, v == 12345) | __all_sync(0xffffffffu, v != 12345) << 1;
  o[2] = __all_sync(0xffffffffu, (v & 0xff) != 0);
  unsigned sub = 0;
  if (lane % 3 == 0) sub = __activemask();
  // 1 when the active mask holds this lane and no lane outside the branch.
  o[3] = lane % 3 == 0 ? ((sub >> lane) & 1) && (sub & ~0x49249249u) == 0 : 1;
}

// Match: groups of lanes with equal values.
__global__ void k_match(const int* in, const long long* in64, unsigned* out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[t];
  unsigned* o = out + 5 * t;
  o[0] = __match_any_sync(0xffffffffu, v);
  int pred;
  o[1] = __match_all_sync(0xffffffffu, v, &pred);
  o[2] = pred;
  o[3] = __match_any_sync(0xffffffffu, in64[t]);
  o[4] = __match_all_sync(0xffffffffu, (int)(blockIdx.x * 7), &pred) + pred;  // uniform value
}

__global__ void k_reduce_sync(const int* in, unsigned* out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[t];
  unsigned u = (unsigned)v;
  unsigned* o = out + 7 * t;
  o[0] = (unsigned)__reduce_add_sync(0xffffffffu, v);
  o[1] = (unsigned)__reduce_min_sync(0xffffffffu, v);
  o[2] = (unsigned)__reduce_max_sync(0xffffffffu, v);
  o[3] = __reduce_min_sync(0xffffffffu, u);
  o[4] = __reduce_and_sync(0xffffffffu, u | 0x10000000u);
  o[5] = __reduce_or_sync(0xffffffffu, u & 0x01010101u);
  o[6] = __reduce_xor_sync(0xffffffffu, u);
}

// __syncwarp orders shared-memory writes and reads within a warp.
__global__ void k_syncwarp(const int* in, int* out) {
  __shared__ int s[256];
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31, base = threadIdx.x & ~31;
  s[threadIdx.x] = in[t];
  __syncwarp();
  int a = s[base + (31 - lane)];
  __syncwarp();
  s[threadIdx.x] = a * 2;
  __syncwarp();
  out[t] = s[base + ((lane + 1) & 31)] + a;
}

// Cooperative groups: tiles of 16 and 4 threads, shfl_down reduction, cg::reduce, ranks.
__global__ void k_cg_tiles(const int* in, int* out) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<16> t16 = cg::tiled_partition<16>(block);
  cg::thread_block_tile<4> t4 = cg::tiled_partition<4>(block);
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[t];
  int s = v;
  for (int off = 8; off > 0; off /= 2) s += t16.shfl_down(s, off);
  int* o = out + 6 * t;
  o[0] = t16.thread_rank() == 0 ? s : 0;
  o[1] = cg::reduce(t16, v, cg::plus<int>());
  o[2] = cg::reduce(t4, v, cg::greater<int>());
  o[3] = (int)t16.meta_group_rank() * 100 + (int)t4.thread_rank();
  o[4] = t4.shfl(v, 3);
  o[5] = (int)t16.ballot(v > 0);
}

int main() {
  kc::Rng rng(14);
  for (int blocks : {1, 3, 100}) {
    std::string sz = " blocks=" + std::to_string(blocks);
    int n = blocks * 256;
    auto v = kc::make<int>(n, [&] { return rng.range(-500000, 500000); });
    auto dv = kc::make<double>(n, [&] { return rng.uniform(-1, 1); });
    Dev<int> din(v);
    Dev<double> ddin(dv);
    for (int width : {8, 16, 32}) {
      for (int delta : {1, 5}) {
        int xmask = width == 8 ? 5 : width - 1 - delta;
        Dev<int> dout(5 * n);
        Dev<double> ddout(2 * n);
        k_shfl_widths<<<blocks, 256>>>(din, ddin, dout, ddout, width, delta, xmask);
        std::string name = "k_shfl_widths width=" + std::to_string(width) +
                           " delta=" + std::to_string(delta) + sz;
        kc::launched(name);
        std::vector<int> want(5 * n);
        std::vector<double> wd(2 * n);
        for (int t = 0; t < n; ++t) {
          int lane = t & 31, seg = (t & ~31) + (lane & ~(width - 1)), l = lane & (width - 1);
          int src = (lane * 7 + 3) & 63;
          want[5 * t] = v[seg + (src & (width - 1))];
          want[5 * t + 1] = l >= delta ? v[t - delta] : v[t];
          want[5 * t + 2] = l + delta < width ? v[t + delta] : v[t];
          want[5 * t + 3] = v[seg + (l ^ xmask)];
          want[5 * t + 4] = v[seg + (5 & (width - 1))];
          wd[2 * t] = l + delta < width ? dv[t + delta] : dv[t];
          wd[2 * t + 1] = dv[seg + (l ^ xmask)];
        }
        kc::compare(name + " (idx up down xor uniform)", want, dout.get(), [&](size_t j) {
          return "op " + std::to_string(j % 5) + " thread " + std::to_string(j / 5);
        });
        kc::compare(name + " 64-bit", wd, ddout.get());
      }
    }
    {
      Dev<int> dout(5 * n);
      k_shfl_even_lanes<<<blocks, 256>>>(din, dout);
      kc::launched("k_shfl_even_lanes" + sz);
      std::vector<int> want(5 * n, -1);
      for (int w = 0; w < n; w += 32) {
        unsigned ballot = 0;
        int sum = 0;
        bool any = false, all = true;
        for (int l = 0; l < 32; l += 2) {
          ballot |= (unsigned)(v[w + l] & 1) << l;
          sum += v[w + l];
          any |= v[w + l] > 1000;
          all &= v[w + l] > -1000000;
        }
        for (int l = 0; l < 32; l += 2) {
          int* o = &want[5 * (w + l)];
          o[0] = v[w + (l ^ 2)];
          o[1] = v[w + ((l + 6) & 31)];
          o[2] = (int)ballot;
          o[3] = sum;
          o[4] = (int)any | (int)all << 1;
        }
      }
      kc::compare("k_shfl_even_lanes (xor idx ballot reduce_add any/all, mask 0x55555555)" + sz,
                  want, dout.get());
    }
    {
      Dev<unsigned> dout(4 * n);
      k_vote<<<blocks, 256>>>(din, dout);
      kc::launched("k_vote" + sz);
      std::vector<unsigned> want(4 * n);
      for (int w = 0; w < n; w += 32) {
        unsigned ballot = 0;
        bool any = false, all = true, all2 = true;
        for (int l = 0; l < 32; ++l) {
          ballot |= (unsigned)(v[w + l] > 0) << l;
          any |= v[w + l] == 12345;
          all &= v[w + l] != 12345;
          all2 &= (v[w + l] & 0xff) != 0;
        }
        for (int l = 0; l < 32; ++l) {
          want[4 * (w + l)] = ballot;
          want[4 * (w + l) + 1] = (unsigned)any | (unsigned)all << 1;
          want[4 * (w + l) + 2] = all2;
          want[4 * (w + l) + 3] = 1;
        }
      }
      kc::compare("k_vote (ballot any all, activemask in a branch)" + sz, want, dout.get());
    }
    {
      // Few distinct values per warp so that groups form.
      std::vector<int> m(n);
      std::vector<long long> m64(n);
      for (int t = 0; t < n; ++t) {
        m[t] = (t / 32) % 5 == 0 ? 42 : rng.range(0, 3);
        m64[t] = rng.range(0, 2) * (1ll << 40);
      }
      Dev<int> dm(m);
      Dev<long long> dm64(m64);
      Dev<unsigned> dout(5 * n);
      k_match<<<blocks, 256>>>(dm, dm64, dout);
      kc::launched("k_match" + sz);
      std::vector<unsigned> want(5 * n);
      for (int w = 0; w < n; w += 32) {
        bool uniform = true;
        for (int l = 0; l < 32; ++l) uniform &= m[w + l] == m[w];
        for (int l = 0; l < 32; ++l) {
          unsigned any = 0, any64 = 0;
          for (int k = 0; k < 32; ++k) {
            any |= (unsigned)(m[w + k] == m[w + l]) << k;
            any64 |= (unsigned)(m64[w + k] == m64[w + l]) << k;
          }
          unsigned* o = &want[5 * (w + l)];
          o[0] = any;
          o[1] = uniform ? 0xffffffffu : 0u;
          o[2] = uniform;
          o[3] = any64;
          o[4] = 0xffffffffu + 1u;
        }
      }
      kc::compare("k_match (match_any match_all pred, 64-bit, uniform)" + sz, want, dout.get());
    }
    {
      Dev<unsigned> dout(7 * n);
      k_reduce_sync<<<blocks, 256>>>(din, dout);
      kc::launched("k_reduce_sync" + sz);
      std::vector<unsigned> want(7 * n);
      for (int w = 0; w < n; w += 32) {
        unsigned add = 0, umin = ~0u, a = ~0u, o = 0, x = 0;
        int mn = INT_MAX, mx = INT_MIN;
        for (int l = 0; l < 32; ++l) {
          int s = v[w + l];
          unsigned u = (unsigned)s;
          add += u;
          mn = std::min(mn, s);
          mx = std::max(mx, s);
          umin = std::min(umin, u);
          a &= u | 0x10000000u;
          o |= u & 0x01010101u;
          x ^= u;
        }
        for (int l = 0; l < 32; ++l) {
          unsigned* p = &want[7 * (w + l)];
          p[0] = add; p[1] = (unsigned)mn; p[2] = (unsigned)mx; p[3] = umin; p[4] = a; p[5] = o; p[6] = x;
        }
      }
      kc::compare("k_reduce_sync (add min max umin and or xor)" + sz, want, dout.get());
    }
    {
      Dev<int> dout(n);
      k_syncwarp<<<blocks, 256>>>(din, dout);
      kc::launched("k_syncwarp" + sz);
      std::vector<int> want(n);
      for (int t = 0; t < n; ++t) {
        int lane = t & 31, base = t & ~31;
        int a = v[base + 31 - lane];
        int nb = (lane + 1) & 31;
        want[t] = v[base + 31 - nb] * 2 + a;
      }
      kc::compare("k_syncwarp" + sz, want, dout.get());
    }
    {
      Dev<int> dout(6 * n);
      k_cg_tiles<<<blocks, 256>>>(din, dout);
      kc::launched("k_cg_tiles" + sz);
      std::vector<int> want(6 * n);
      for (int t = 0; t < n; ++t) {
        int b16 = t & ~15, b4 = t & ~3;
        int s16 = 0, m4 = INT_MIN;
        unsigned bal = 0;
        for (int k = 0; k < 16; ++k) s16 += v[b16 + k], bal |= (unsigned)(v[b16 + k] > 0) << k;
        for (int k = 0; k < 4; ++k) m4 = std::max(m4, v[b4 + k]);
        int* o = &want[6 * t];
        o[0] = (t & 15) == 0 ? s16 : 0;
        o[1] = s16;
        o[2] = m4;
        o[3] = ((t % 256) / 16) * 100 + (t & 3);
        o[4] = v[b4 + 3];
        o[5] = (int)bal;
      }
      kc::compare("k_cg_tiles (shfl_down sum, cg::reduce plus/greater, ranks, shfl, ballot)" + sz,
                  want, dout.get(), [&](size_t j) {
                    return "op " + std::to_string(j % 6) + " thread " + std::to_string(j / 6);
                  });
    }
  }
  // Partial warps: block sizes that are not multiples of 32.
  for (int bs : {1, 31, 33, 49, 1000, 1024}) {
    int blocks = 3, n = blocks * bs;
    std::string sz = " block=" + std::to_string(bs);
    auto v = kc::make<unsigned>(n, [&] { return rng.u32(); });
    Dev<unsigned> din(v), dout(8 * n);
    k_tail_warp<<<blocks, bs>>>(din, dout);
    kc::launched("k_tail_warp" + sz);
    std::vector<unsigned> want(8 * n);
    for (int b = 0; b < blocks; ++b) {
      for (int wb = 0; wb < bs; wb += 32) {
        int lanes = std::min(32, bs - wb);
        unsigned m = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
        const unsigned* w = &v[b * bs + wb];
        unsigned ballot = 0, mx = 0, mn = ~0u;
        for (int l = 0; l < lanes; ++l) {
          ballot |= (w[l] & 1) << l;
          mx = std::max(mx, w[l]);
          mn = std::min(mn, w[l]);
        }
        for (int l = 0; l < lanes; ++l) {
          unsigned* o = &want[8 * (b * bs + wb + l)];
          o[0] = m;
          o[1] = l >= 1 ? w[l - 1] : w[l];
          o[2] = w[0];
          o[3] = ballot;
          o[4] = (unsigned)(ballot == m) | (unsigned)(ballot != 0) << 1;
          o[5] = mx;
          o[6] = mn;
          o[7] = w[lanes - 1 - l];
        }
      }
    }
    kc::compare("k_tail_warp (activemask shfl_up shfl ballot all/any reduce_max/min mirror)" + sz,
                want, dout.get(), [&](size_t j) {
                  return "op " + std::to_string(j % 8) + " thread " + std::to_string(j / 8);
                });
  }
  return chk::finish();
}
