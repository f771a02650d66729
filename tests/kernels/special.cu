// Special registers: threadIdx/blockIdx/blockDim/gridDim in 3D grids, %laneid, %warpid < %nwarpid,
// %smid < %nsmid, clock()/clock64()/%globaltimer monotonic within a thread, %dynamic_smem_size.
#include "kcheck.h"

using kc::Dev;

__global__ void k_ids_3d(uint4* out) {
  unsigned bid = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  unsigned tid = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  unsigned g = bid * blockDim.x * blockDim.y * blockDim.z + tid;
  out[3 * g] = make_uint4(threadIdx.x, threadIdx.y, threadIdx.z, blockIdx.x);
  out[3 * g + 1] = make_uint4(blockIdx.y, blockIdx.z, blockDim.x, blockDim.y);
  out[3 * g + 2] = make_uint4(blockDim.z, gridDim.x, gridDim.y, gridDim.z);
}

__global__ void k_lane_warp_sm(unsigned* out) {
  unsigned lane, warp, nwarp, sm, nsm, dyn;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
  asm volatile("mov.u32 %0, %%warpid;" : "=r"(warp));
  asm volatile("mov.u32 %0, %%nwarpid;" : "=r"(nwarp));
  asm volatile("mov.u32 %0, %%smid;" : "=r"(sm));
  asm volatile("mov.u32 %0, %%nsmid;" : "=r"(nsm));
  asm volatile("mov.u32 %0, %%dynamic_smem_size;" : "=r"(dyn));
  unsigned tid = threadIdx.x + blockDim.x * threadIdx.y;
  unsigned g = blockIdx.x * blockDim.x * blockDim.y + tid;
  out[4 * g] = lane;
  out[4 * g + 1] = warp < nwarp;
  out[4 * g + 2] = sm < nsm;
  out[4 * g + 3] = dyn;
}

__global__ void k_clocks(const int* work, unsigned* ok, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  long long c0 = clock64();
  unsigned long long g0;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g0));
  int acc = 0;
  for (int k = 0; k < work[i]; ++k) acc = acc * 3 + k;
  long long c1 = clock64();
  unsigned long long g1;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g1));
  ok[i] = (c1 >= c0) + 2 * (g1 >= g0) + 4 * (acc == 12345678);  // acc keeps the loop alive
}

int main() {
  struct Cfg {
    dim3 g, b;
  };
  for (Cfg c : {Cfg{dim3(1), dim3(1)}, Cfg{dim3(2, 3, 4), dim3(5, 3, 2)}, Cfg{dim3(7, 1, 3), dim3(32, 2, 1)},
                Cfg{dim3(1, 70000 / 1000, 2), dim3(4, 4, 4)}, Cfg{dim3(3, 2, 1), dim3(1, 1, 64)}}) {
    unsigned nb = c.g.x * c.g.y * c.g.z, nt = c.b.x * c.b.y * c.b.z, n = nb * nt;
    char nm[96];
    std::snprintf(nm, sizeof nm, " grid=(%u,%u,%u) block=(%u,%u,%u)", c.g.x, c.g.y, c.g.z, c.b.x, c.b.y, c.b.z);
    Dev<uint4> dout(3 * n);
    k_ids_3d<<<c.g, c.b>>>(dout);
    kc::launched(std::string("k_ids_3d") + nm);
    std::vector<unsigned> want, got;
    auto g = dout.get();
    for (unsigned bz = 0; bz < c.g.z; ++bz)
      for (unsigned by = 0; by < c.g.y; ++by)
        for (unsigned bx = 0; bx < c.g.x; ++bx)
          for (unsigned tz = 0; tz < c.b.z; ++tz)
            for (unsigned ty = 0; ty < c.b.y; ++ty)
              for (unsigned tx = 0; tx < c.b.x; ++tx)
                want.insert(want.end(), {tx, ty, tz, bx, by, bz, c.b.x, c.b.y, c.b.z, c.g.x, c.g.y, c.g.z});
    for (auto& q : g) got.insert(got.end(), {q.x, q.y, q.z, q.w});
    kc::compare(std::string("k_ids_3d") + nm, want, got);
  }
  for (dim3 b : {dim3(1), dim3(33), dim3(32, 4), dim3(100, 3)}) {
    unsigned blocks = 5, nt = b.x * b.y, n = blocks * nt;
    Dev<unsigned> dout(4 * n);
    k_lane_warp_sm<<<blocks, b, 48>>>(dout);
    std::string nm = " block=(" + std::to_string(b.x) + "," + std::to_string(b.y) + ")";
    kc::launched("k_lane_warp_sm" + nm);
    std::vector<unsigned> want(4 * n);
    for (unsigned i = 0; i < n; ++i) {
      want[4 * i] = (i % nt) % 32;  // lanes count the linear thread index within the block
      want[4 * i + 1] = 1;
      want[4 * i + 2] = 1;
      want[4 * i + 3] = 48;
    }
    kc::compare("k_lane_warp_sm (%laneid, %warpid<%nwarpid, %smid<%nsmid, %dynamic_smem_size)" + nm,
                want, dout.get());
  }
  {
    size_t n = 1000;
    kc::Rng rng(17);
    auto w = kc::make<int>(n, [&] { return rng.range(0, 200); });
    Dev<int> dw(w);
    Dev<unsigned> dok(n);
    k_clocks<<<kc::blocks_for(n), 256>>>(dw, dok, n);
    kc::launched("k_clocks");
    auto ok = dok.get();
    std::vector<unsigned> want(n), got(n);
    for (size_t i = 0; i < n; ++i) want[i] = 3, got[i] = ok[i] & 3;
    kc::compare("k_clocks clock64 and %globaltimer monotonic per thread", want, got);
  }
  return chk::finish();
}
