// Inclusive prefix sum of 1,000,000 integers: per-block Hillis-Steele scan in shared memory, a
// scan of the block totals, then a fix-up pass.
#include <cstdio>
#include <vector>

constexpr int B = 512;
__global__ void block_scan(const int* in, long long* out, long long* totals, int n) {
  __shared__ long long s[B];
  int i = blockIdx.x * B + threadIdx.x;
  s[threadIdx.x] = i < n ? in[i] : 0;
  __syncthreads();
  for (int off = 1; off < B; off *= 2) {
    long long v = threadIdx.x >= off ? s[threadIdx.x - off] : 0;
    __syncthreads();
    s[threadIdx.x] += v;
    __syncthreads();
  }
  if (i < n) out[i] = s[threadIdx.x];
  if (threadIdx.x == B - 1) totals[blockIdx.x] = s[B - 1];
}
__global__ void scan_totals(long long* totals, int count) {  // one thread: few blocks
  for (int k = 1; k < count; ++k) totals[k] += totals[k - 1];
}
__global__ void add_offsets(long long* out, const long long* totals, int n) {
  int i = blockIdx.x * B + threadIdx.x;
  if (blockIdx.x > 0 && i < n) out[i] += totals[blockIdx.x - 1];
}

int main() {
  const int n = 1000000, blocks = (n + B - 1) / B;
  std::vector<int> h(n);
  for (int i = 0; i < n; ++i) h[i] = (i % 17) - 8;
  int* d;
  long long *out, *tot;
  cudaMalloc(&d, n * 4);
  cudaMalloc(&out, n * 8LL);
  cudaMalloc(&tot, blocks * 8);
  cudaMemcpy(d, h.data(), n * 4, cudaMemcpyHostToDevice);
  block_scan<<<blocks, B>>>(d, out, tot, n);
  scan_totals<<<1, 1>>>(tot, blocks);
  add_offsets<<<blocks, B>>>(out, tot, n);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  std::vector<long long> got(n);
  cudaMemcpy(got.data(), out, n * 8LL, cudaMemcpyDeviceToHost);
  long long run = 0;
  int bad = 0;
  for (int i = 0; i < n; ++i) run += h[i], bad += got[i] != run;
  std::printf("scan: n=%d, last=%lld, %s, %d mismatches\n", n, got[n - 1], cudaGetErrorString(err), bad);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
