// Sum of 1,000,003 integers: shared-memory tree per block, then warp shuffles for the last 32.
#include <cstdio>
#include <vector>

__global__ void reduce(const int* in, long long* out, int n) {
  __shared__ long long s[256];
  int t = threadIdx.x;
  long long v = 0;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += gridDim.x * blockDim.x) v += in[i];
  s[t] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k >= 32; k /= 2) {
    if (t < k) s[t] += s[t + k];
    __syncthreads();
  }
  if (t < 32) {
    v = s[t];
    for (int off = 16; off > 0; off /= 2) v += __shfl_down_sync(0xffffffffu, v, off);
    if (t == 0) atomicAdd((unsigned long long*)out, (unsigned long long)v);
  }
}

int main() {
  const int n = 1000003;
  std::vector<int> h(n);
  long long want = 0;
  for (int i = 0; i < n; ++i) h[i] = (i * 2654435761u) % 2001 - 1000, want += h[i];
  int* d;
  long long* out;
  cudaMalloc(&d, n * 4);
  cudaMalloc(&out, 8);
  cudaMemcpy(d, h.data(), n * 4, cudaMemcpyHostToDevice);
  cudaMemset(out, 0, 8);
  reduce<<<120, 256>>>(d, out, n);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  long long got = 0;
  cudaMemcpy(&got, out, 8, cudaMemcpyDeviceToHost);
  std::printf("reduction: n=%d sum=%lld expected=%lld (%s)\n", n, got, want, cudaGetErrorString(err));
  std::printf("%s\n", got == want && err == cudaSuccess ? "PASS" : "FAIL");
  return got == want && err == cudaSuccess ? 0 : 1;
}
