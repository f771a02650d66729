// A cooperative kernel (cudaLaunchCooperativeKernel) that normalises a vector in two phases
// separated by cg::this_grid().sync(): every block adds its partial sum, then after the grid
// barrier every thread divides by the total.
#include <cooperative_groups.h>

#include <cstdio>
#include <vector>

namespace cg = cooperative_groups;

__global__ void normalise(const int* in, double* out, unsigned long long* total, int n) {
  cg::grid_group grid = cg::this_grid();
  unsigned long long local = 0;
  for (int i = grid.thread_rank(); i < n; i += grid.size()) local += in[i];
  atomicAdd(total, local);
  grid.sync();
  double t = (double)*total;
  for (int i = grid.thread_rank(); i < n; i += grid.size()) out[i] = in[i] / t;
}

int main() {
  const int n = 500000;
  std::vector<int> h(n);
  unsigned long long want = 0;
  for (int i = 0; i < n; ++i) h[i] = i % 100 + 1, want += h[i];
  int dev = 0, sms = 0, per_sm = 0;
  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev);
  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, normalise, 256, 0);
  int *din;
  double* dout;
  unsigned long long* dt;
  cudaMalloc(&din, n * 4);
  cudaMalloc(&dout, n * 8);
  cudaMalloc(&dt, 8);
  cudaMemset(dt, 0, 8);
  cudaMemcpy(din, h.data(), n * 4, cudaMemcpyHostToDevice);
  int nn = n;
  void* args[] = {&din, &dout, &dt, &nn};
  cudaError_t err = cudaLaunchCooperativeKernel((void*)normalise, sms * (per_sm > 2 ? 2 : per_sm), 256, args, 0, 0);
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  std::vector<double> out(n);
  cudaMemcpy(out.data(), dout, n * 8, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < n; ++i) bad += out[i] != h[i] / (double)want;
  std::printf("grid_sync: %d blocks (%d SMs), total=%llu, %s, %d mismatches\n", sms * (per_sm > 2 ? 2 : per_sm),
              sms, want, cudaGetErrorString(err), bad);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
