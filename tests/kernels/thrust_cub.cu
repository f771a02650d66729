// Thrust and CUB device algorithms (library kernels, not written here): thrust::sort,
// thrust::reduce, thrust::transform, thrust::sort_by_key, cub::DeviceReduce::Sum,
// cub::DeviceScan::ExclusiveSum at 1,000,000 elements and a few odd sizes. Exact (integers).
#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>
#include <thrust/device_vector.h>
#include <thrust/functional.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>
#include <thrust/transform.h>

#include <algorithm>
#include <numeric>

#include "kcheck.h"

struct Affine {
  __host__ __device__ int operator()(int x) const { return 3 * x - 7; }
};

int main() {
  kc::Rng rng(19);
  for (size_t n : {(size_t)1, (size_t)31, (size_t)33, (size_t)1000, (size_t)1000000}) {
    std::string sz = " n=" + std::to_string(n);
    std::vector<int> h(n);
    for (auto& x : h) x = rng.range(-1000000, 1000000);
    thrust::device_vector<int> d(h.begin(), h.end());

    thrust::device_vector<int> t(n);
    thrust::transform(d.begin(), d.end(), t.begin(), Affine());
    std::vector<int> want_t(n), got_t(n);
    std::transform(h.begin(), h.end(), want_t.begin(), Affine());
    thrust::copy(t.begin(), t.end(), got_t.begin());
    kc::compare("thrust::transform" + sz, want_t, got_t);

    long long sum = thrust::reduce(d.begin(), d.end(), 0ll, thrust::plus<long long>());
    chk::eq("thrust::reduce" + sz, std::accumulate(h.begin(), h.end(), 0ll), sum);
    int mx = thrust::reduce(d.begin(), d.end(), INT_MIN, thrust::maximum<int>());
    chk::eq("thrust::reduce maximum" + sz, *std::max_element(h.begin(), h.end()), mx);

    thrust::device_vector<int> s = d;
    thrust::sort(s.begin(), s.end());
    std::vector<int> want_s = h, got_s(n);
    std::sort(want_s.begin(), want_s.end());
    thrust::copy(s.begin(), s.end(), got_s.begin());
    kc::compare("thrust::sort" + sz, want_s, got_s);

    thrust::device_vector<int> keys = d, vals(n);
    thrust::sequence(vals.begin(), vals.end());
    thrust::stable_sort_by_key(keys.begin(), keys.end(), vals.begin(), thrust::greater<int>());
    std::vector<int> idx(n), got_v(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return h[a] > h[b]; });
    thrust::copy(vals.begin(), vals.end(), got_v.begin());
    kc::compare("thrust::stable_sort_by_key descending" + sz, idx, got_v);

    // CUB: temporary storage query, then the call.
    thrust::device_vector<long long> wide(n);
    thrust::copy(d.begin(), d.end(), wide.begin());
    thrust::device_vector<long long> out(n + 1);
    size_t bytes = 0;
    cub::DeviceReduce::Sum(nullptr, bytes, thrust::raw_pointer_cast(wide.data()),
                           thrust::raw_pointer_cast(out.data()), (int)n);
    thrust::device_vector<unsigned char> tmp(bytes + 1);
    chk::ok("cub::DeviceReduce::Sum" + sz,
            cub::DeviceReduce::Sum(thrust::raw_pointer_cast(tmp.data()), bytes,
                                   thrust::raw_pointer_cast(wide.data()),
                                   thrust::raw_pointer_cast(out.data()), (int)n));
    chk::eq("cub::DeviceReduce::Sum value" + sz, std::accumulate(h.begin(), h.end(), 0ll), (long long)out[0]);

    bytes = 0;
    cub::DeviceScan::ExclusiveSum(nullptr, bytes, thrust::raw_pointer_cast(wide.data()),
                                  thrust::raw_pointer_cast(out.data()), (int)n);
    thrust::device_vector<unsigned char> tmp2(bytes + 1);
    chk::ok("cub::DeviceScan::ExclusiveSum" + sz,
            cub::DeviceScan::ExclusiveSum(thrust::raw_pointer_cast(tmp2.data()), bytes,
                                          thrust::raw_pointer_cast(wide.data()),
                                          thrust::raw_pointer_cast(out.data()), (int)n));
    std::vector<long long> want_x(n), got_x(n);
    long long run = 0;
    for (size_t i = 0; i < n; ++i) want_x[i] = run, run += h[i];
    thrust::copy(out.begin(), out.begin() + n, got_x.begin());
    kc::compare("cub::DeviceScan::ExclusiveSum" + sz, want_x, got_x);
    chk::ok("cudaDeviceSynchronize" + sz, cudaDeviceSynchronize());
  }
  return chk::finish();
}
