// Device heap: malloc/free per thread (varying sizes), one allocation per block shared through
// shared memory, allocations made in one kernel and freed in another. The heap is sized with
// cudaDeviceSetLimit(cudaLimitMallocHeapSize) before the first kernel.
#include "kcheck.h"

using kc::Dev;

__global__ void k_malloc_per_thread(long long* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  int count = (int)(i % 16) + 1;
  int* p = (int*)malloc(count * sizeof(int));
  if (!p) {
    out[i] = -1;
    return;
  }
  for (int k = 0; k < count; ++k) p[k] = (int)i + k;
  long long s = 0;
  for (int k = count - 1; k >= 0; --k) s += p[k];
  free(p);
  out[i] = s;
}

__global__ void k_malloc_per_block(long long* out) {
  __shared__ int* buf;
  if (threadIdx.x == 0) buf = (int*)malloc(blockDim.x * sizeof(int));
  __syncthreads();
  if (!buf) {
    if (threadIdx.x == 0) out[blockIdx.x] = -1;
    return;
  }
  buf[threadIdx.x] = threadIdx.x * blockIdx.x;
  __syncthreads();
  if (threadIdx.x == 0) {
    long long s = 0;
    for (unsigned k = 0; k < blockDim.x; ++k) s += buf[k];
    out[blockIdx.x] = s;
    free(buf);
  }
}

__global__ void k_malloc_keep(double** ptrs, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  double* p = (double*)malloc(3 * sizeof(double));
  if (p) p[0] = i * 0.5, p[1] = -(double)i, p[2] = 7;
  ptrs[i] = p;
}
__global__ void k_malloc_use_free(double** ptrs, double* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  double* p = ptrs[n - 1 - i];  // another thread's allocation
  out[i] = p ? p[0] + p[1] * 2 + p[2] : -1;
  free(p);
}

int main() {
  chk::ok("cudaDeviceSetLimit heap 64 MiB", cudaDeviceSetLimit(cudaLimitMallocHeapSize, 64u << 20));
  for (size_t n : {(size_t)1, (size_t)31, (size_t)33, (size_t)1000, (size_t)20000}) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    {
      Dev<long long> dout(n);
      k_malloc_per_thread<<<bl, 256>>>(dout, n);
      kc::launched("k_malloc_per_thread" + sz);
      std::vector<long long> want(n);
      for (size_t i = 0; i < n; ++i) {
        int c = (int)(i % 16) + 1;
        want[i] = (long long)c * (long long)i + (long long)c * (c - 1) / 2;
      }
      kc::compare("k_malloc_per_thread" + sz, want, dout.get());
    }
    {
      Dev<double*> dp(n);
      Dev<double> dout(n);
      k_malloc_keep<<<bl, 256>>>(dp, n);
      kc::launched("k_malloc_keep" + sz);
      k_malloc_use_free<<<bl, 256>>>(dp, dout, n);
      kc::launched("k_malloc_use_free" + sz);
      std::vector<double> want(n);
      for (size_t i = 0; i < n; ++i) {
        size_t j = n - 1 - i;
        want[i] = j * 0.5 - 2.0 * (double)j + 7;
      }
      kc::compare("k_malloc_keep then k_malloc_use_free" + sz, want, dout.get());
    }
  }
  for (unsigned bs : {1u, 33u, 1000u}) {
    unsigned blocks = 9;
    Dev<long long> dout(blocks);
    k_malloc_per_block<<<blocks, bs>>>(dout);
    std::string sz = " block=" + std::to_string(bs);
    kc::launched("k_malloc_per_block" + sz);
    std::vector<long long> want(blocks);
    for (unsigned b = 0; b < blocks; ++b) want[b] = (long long)b * bs * (bs - 1) / 2;
    kc::compare("k_malloc_per_block" + sz, want, dout.get());
  }
  return chk::finish();
}
