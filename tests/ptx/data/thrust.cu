// Thrust sort/reduce + CUB block primitives.
#include <thrust/device_vector.h>
#include <thrust/sort.h>
#include <thrust/reduce.h>
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <cstdio>
template <int kThreads>
__global__ void cub_block(const int* in, int* sum, int* scan) {
  using Reduce = cub::BlockReduce<int, kThreads>;
  using Scan = cub::BlockScan<int, kThreads>;
  __shared__ typename Reduce::TempStorage rs;
  __shared__ typename Scan::TempStorage ss;
  int v = in[threadIdx.x];
  int total = Reduce(rs).Sum(v);
  if (threadIdx.x == 0) *sum = total;
  int out;
  Scan(ss).ExclusiveSum(v, out);
  scan[threadIdx.x] = out;
}
int main() {
  thrust::device_vector<int> v(1000);
  for (int i = 0; i < 1000; ++i) v[i] = (i * 7919) % 1000;
  thrust::sort(v.begin(), v.end());
  int s = thrust::reduce(v.begin(), v.end());
  cub_block<128><<<1, 128>>>(thrust::raw_pointer_cast(v.data()), nullptr, nullptr);
  printf("%d\n", s);
}
