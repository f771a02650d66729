// C = A x B (float, 16x16 shared-memory tiles) for 300x200 times 200x500; checked against a
// double-precision host product within 1e-4 relative.
#include <cmath>
#include <cstdio>
#include <vector>

constexpr int TILE = 16;
__global__ void matmul(const float* a, const float* b, float* c, int M, int N, int K) {
  __shared__ float as[TILE][TILE], bs[TILE][TILE];
  int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0;
  for (int k0 = 0; k0 < K; k0 += TILE) {
    as[threadIdx.y][threadIdx.x] = row < M && k0 + threadIdx.x < K ? a[row * K + k0 + threadIdx.x] : 0;
    bs[threadIdx.y][threadIdx.x] = col < N && k0 + threadIdx.y < K ? b[(k0 + threadIdx.y) * N + col] : 0;
    __syncthreads();
    for (int k = 0; k < TILE; ++k) acc += as[threadIdx.y][k] * bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) c[row * N + col] = acc;
}

int main() {
  const int M = 300, N = 500, K = 200;
  std::vector<float> a(M * K), b(K * N), c(M * N);
  for (int i = 0; i < M * K; ++i) a[i] = (float)((i * 37) % 101) / 101.0f - 0.5f;
  for (int i = 0; i < K * N; ++i) b[i] = (float)((i * 53) % 97) / 97.0f - 0.5f;
  float *da, *db, *dc;
  cudaMalloc(&da, a.size() * 4);
  cudaMalloc(&db, b.size() * 4);
  cudaMalloc(&dc, c.size() * 4);
  cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b.data(), b.size() * 4, cudaMemcpyHostToDevice);
  matmul<<<dim3((N + TILE - 1) / TILE, (M + TILE - 1) / TILE), dim3(TILE, TILE)>>>(da, db, dc, M, N, K);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  cudaMemcpy(c.data(), dc, c.size() * 4, cudaMemcpyDeviceToHost);
  int bad = 0;
  double worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = 0, mag = 0;
      for (int k = 0; k < K; ++k) ref += (double)a[i * K + k] * b[k * N + j], mag += std::fabs((double)a[i * K + k] * b[k * N + j]);
      double e = std::fabs(c[i * N + j] - ref) / mag;
      worst = e > worst ? e : worst;
      bad += e > 1e-4;
    }
  std::printf("matmul_tiled: %dx%d * %dx%d, %s, worst relative error %.2e, %d outside 1e-4\n", M, K, K, N,
              cudaGetErrorString(err), worst, bad);
  std::printf("%s\n", err == cudaSuccess && bad == 0 ? "PASS" : "FAIL");
  return err == cudaSuccess && bad == 0 ? 0 : 1;
}
