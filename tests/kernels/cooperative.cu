// Cooperative launch: cudaLaunchCooperativeKernel with cg::this_grid().sync() between phases,
// with several blocks per SM (as many as the occupancy calculator allows, at most 4): every block
// must be resident. Phase results depend on data written by other blocks before the barrier.
#include <cooperative_groups.h>

#include "kcheck.h"

namespace cg = cooperative_groups;
using kc::Dev;

__global__ void k_grid_phases(int* a, int* b, long long* sums, int n) {
  cg::grid_group grid = cg::this_grid();
  int tid = (int)grid.thread_rank(), nt = (int)grid.size();
  for (int i = tid; i < n; i += nt) a[i] = i * 3 + 1;
  grid.sync();
  for (int i = tid; i < n; i += nt) b[i] = a[n - 1 - i] + a[(i + 1) % n];
  grid.sync();
  long long local = 0;
  for (int i = tid; i < n; i += nt) local += b[i];
  atomicAdd((unsigned long long*)&sums[0], (unsigned long long)local);
  grid.sync();
  if (tid == nt - 1) sums[1] = sums[0] * 2;  // reads the total after the barrier
}

// Jacobi-style iterations: every step reads neighbours written by other blocks.
__global__ void k_grid_iterate(int* x, int* y, int n, int steps) {
  cg::grid_group grid = cg::this_grid();
  int tid = (int)grid.thread_rank(), nt = (int)grid.size();
  for (int s = 0; s < steps; ++s) {
    int* src = (s & 1) ? y : x;
    int* dst = (s & 1) ? x : y;
    for (int i = tid; i < n; i += nt) dst[i] = (src[(i + n - 1) % n] + src[i] + src[(i + 1) % n]) % 1000003;
    grid.sync();
  }
}

int main() {
  int dev = 0, coop = 0, sms = 0, per_sm = 0;
  cudaGetDevice(&dev);
  chk::ok("cudaDeviceGetAttribute CooperativeLaunch",
          cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev));
  chk::eq("cooperative launch supported", 1, coop);
  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev);
  chk::ok("occupancy", cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, k_grid_phases, 256, 0));
  chk::require("occupancy >= 1 block per SM", per_sm >= 1);
  int blocks = sms * std::min(per_sm, 4);
  std::printf("grid: %d SMs x %d blocks of 256 threads\n", sms, std::min(per_sm, 4));
  for (int n : {1, 33, 1000, 100003}) {
    std::string sz = " n=" + std::to_string(n);
    Dev<int> da(n), db(n);
    Dev<long long> ds(2);
    int* pa = da.p;
    int* pb = db.p;
    long long* ps = ds.p;
    void* args[] = {&pa, &pb, &ps, &n};
    chk::ok("cudaLaunchCooperativeKernel k_grid_phases" + sz,
            cudaLaunchCooperativeKernel((void*)k_grid_phases, blocks, 256, args, 0, 0));
    kc::launched("k_grid_phases" + sz);
    std::vector<int> wb(n);
    long long total = 0;
    for (int i = 0; i < n; ++i) {
      wb[i] = ((n - 1 - i) * 3 + 1) + (((i + 1) % n) * 3 + 1);
      total += wb[i];
    }
    kc::compare("k_grid_phases phase 2" + sz, wb, db.get());
    auto s = ds.get();
    chk::eq("k_grid_phases total" + sz, total, s[0]);
    chk::eq("k_grid_phases read after last sync" + sz, 2 * total, s[1]);

    std::vector<int> x(n);
    for (int i = 0; i < n; ++i) x[i] = (i * 7919) % 1000;
    Dev<int> dx(x), dy(n);
    int steps = 6;
    int* px = dx.p;
    int* py = dy.p;
    void* args2[] = {&px, &py, &n, &steps};
    chk::ok("cudaLaunchCooperativeKernel k_grid_iterate" + sz,
            cudaLaunchCooperativeKernel((void*)k_grid_iterate, blocks, 256, args2, 0, 0));
    kc::launched("k_grid_iterate" + sz);
    std::vector<int> cur = x, nxt(n);
    for (int st = 0; st < steps; ++st) {
      for (int i = 0; i < n; ++i) nxt[i] = (cur[(i + n - 1) % n] + cur[i] + cur[(i + 1) % n]) % 1000003;
      cur.swap(nxt);
    }
    kc::compare("k_grid_iterate" + sz, cur, dx.get());  // even step count ends in x
  }
  return chk::finish();
}
