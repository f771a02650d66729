// 256-bin histogram of 2,000,000 bytes: shared-memory atomics per block, merged with global atomics.
#include <cstdio>
#include <vector>

__global__ void histogram(const unsigned char* in, unsigned* bins, int n) {
  __shared__ unsigned local[256];
  for (int b = threadIdx.x; b < 256; b += blockDim.x) local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) atomicAdd(&local[in[i]], 1u);
  __syncthreads();
  for (int b = threadIdx.x; b < 256; b += blockDim.x) atomicAdd(&bins[b], local[b]);
}

int main() {
  const int n = 2000000;
  std::vector<unsigned char> h(n);
  std::vector<unsigned> want(256, 0), got(256);
  unsigned x = 12345;
  for (int i = 0; i < n; ++i) x = x * 1103515245u + 12345u, h[i] = (unsigned char)((x >> 16) % 200), want[h[i]]++;
  unsigned char* d;
  unsigned* bins;
  cudaMalloc(&d, n);
  cudaMalloc(&bins, 1024);
  cudaMemcpy(d, h.data(), n, cudaMemcpyHostToDevice);
  cudaMemset(bins, 0, 1024);
  histogram<<<64, 256>>>(d, bins, n);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  cudaMemcpy(got.data(), bins, 1024, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int b = 0; b < 256; ++b) bad += got[b] != want[b];
  std::printf("histogram: %d values into 256 bins, %s, %d wrong bins\n", n, cudaGetErrorString(err), bad);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
