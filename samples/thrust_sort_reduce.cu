// thrust::sort and thrust::reduce on 1,000,000 keys.
#include <thrust/device_vector.h>
#include <thrust/host_vector.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
  const int n = 1000000;
  std::vector<int> h(n);
  unsigned x = 7;
  for (auto& v : h) x = x * 1664525u + 1013904223u, v = (int)(x >> 8) - (1 << 23);
  thrust::device_vector<int> d(h.begin(), h.end());
  thrust::sort(d.begin(), d.end());
  long long sum = thrust::reduce(d.begin(), d.end(), 0ll);
  thrust::host_vector<int> back = d;
  std::sort(h.begin(), h.end());
  bool sorted = std::equal(h.begin(), h.end(), back.begin());
  long long want = std::accumulate(h.begin(), h.end(), 0ll);
  std::printf("thrust_sort_reduce: n=%d sorted=%s sum=%lld expected=%lld min=%d max=%d\n", n,
              sorted ? "yes" : "no", sum, want, (int)back[0], (int)back[n - 1]);
  bool ok = sorted && sum == want && cudaDeviceSynchronize() == cudaSuccess;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
