// Transposes a 1000x777 matrix through padded 32x32 shared-memory tiles.
#include <cstdio>
#include <vector>

__global__ void transpose(const float* in, float* out, int w, int h) {
  __shared__ float tile[32][33];
  int x = blockIdx.x * 32 + threadIdx.x;
  for (int j = threadIdx.y; j < 32; j += 8)
    if (x < w && blockIdx.y * 32 + j < h) tile[j][threadIdx.x] = in[(blockIdx.y * 32 + j) * w + x];
  __syncthreads();
  int ox = blockIdx.y * 32 + threadIdx.x;
  for (int j = threadIdx.y; j < 32; j += 8)
    if (ox < h && blockIdx.x * 32 + j < w) out[(blockIdx.x * 32 + j) * h + ox] = tile[threadIdx.x][j];
}

int main() {
  const int w = 1000, h = 777;
  std::vector<float> a(w * h), b(w * h);
  for (int i = 0; i < w * h; ++i) a[i] = (float)i;
  float *da, *db;
  cudaMalloc(&da, a.size() * 4);
  cudaMalloc(&db, b.size() * 4);
  cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice);
  transpose<<<dim3((w + 31) / 32, (h + 31) / 32), dim3(32, 8)>>>(da, db, w, h);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  cudaMemcpy(b.data(), db, b.size() * 4, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) bad += b[x * h + y] != a[y * w + x];
  std::printf("transpose: %dx%d, %s, %d mismatches\n", w, h, cudaGetErrorString(err), bad);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
