// Splits 4,000,000 floats into 8 chunks processed on 4 streams: each chunk's host-to-device
// copy, kernel and device-to-host copy are queued on its stream, so copies of one chunk overlap
// kernels of another. Pinned host memory; events time the whole pipeline.
#include <cstdio>
#include <vector>

__global__ void scale_add(float* x, int n, float a) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] * a + 1.0f;
}

int main() {
  const int n = 4000000, chunks = 8, streams = 4, per = n / chunks;
  float *h, *d;
  cudaMallocHost(&h, n * sizeof(float));
  cudaMalloc(&d, n * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = (float)(i % 1000);
  cudaStream_t s[streams];
  for (auto& st : s) cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking);
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  cudaEventRecord(start);
  for (int c = 0; c < chunks; ++c) {
    cudaStream_t st = s[c % streams];
    float* hp = h + c * per;
    float* dp = d + c * per;
    cudaMemcpyAsync(dp, hp, per * sizeof(float), cudaMemcpyHostToDevice, st);
    scale_add<<<(per + 255) / 256, 256, 0, st>>>(dp, per, 2.0f);
    cudaMemcpyAsync(hp, dp, per * sizeof(float), cudaMemcpyDeviceToHost, st);
  }
  for (auto& st : s) cudaStreamSynchronize(st);
  cudaEventRecord(stop);
  cudaError_t err = cudaGetLastError();
  if (err == cudaSuccess) err = cudaEventSynchronize(stop);
  float ms = 0;
  cudaEventElapsedTime(&ms, start, stop);
  int bad = 0;
  for (int i = 0; i < n; ++i) bad += h[i] != (float)(i % 1000) * 2.0f + 1.0f;
  std::printf("streams_overlap: %d chunks on %d streams, %.2f ms, %s, %d mismatches\n", chunks, streams, ms,
              cudaGetErrorString(err == cudaSuccess ? cudaGetLastError() : err), bad);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  for (auto& st : s) cudaStreamDestroy(st);
  cudaFreeHost(h);
  cudaFree(d);
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
