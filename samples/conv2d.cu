// Blurs a synthetic 640x480 grey image with a normalised 5x5 Gaussian (clamp-to-edge borders,
// shared-memory tiles with halos) and compares with the host result (same fmaf order: exact).
#include <cmath>
#include <cstdio>
#include <vector>

constexpr int R = 2, T = 16;
__constant__ float c_k[5][5];

__global__ void conv(const float* in, float* out, int w, int h) {
  __shared__ float tile[T + 2 * R][T + 2 * R];
  int x0 = blockIdx.x * T - R, y0 = blockIdx.y * T - R;
  for (int dy = threadIdx.y; dy < T + 2 * R; dy += T)
    for (int dx = threadIdx.x; dx < T + 2 * R; dx += T)
      tile[dy][dx] = in[min(max(y0 + dy, 0), h - 1) * w + min(max(x0 + dx, 0), w - 1)];
  __syncthreads();
  int x = blockIdx.x * T + threadIdx.x, y = blockIdx.y * T + threadIdx.y;
  if (x >= w || y >= h) return;
  float acc = 0;
  for (int ky = 0; ky < 5; ++ky)
    for (int kx = 0; kx < 5; ++kx) acc = fmaf(c_k[ky][kx], tile[threadIdx.y + ky][threadIdx.x + kx], acc);
  out[y * w + x] = acc;
}

int main() {
  const int w = 640, h = 480;
  float k[5][5], sum = 0;
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) sum += k[y][x] = std::exp(-((x - 2) * (x - 2) + (y - 2) * (y - 2)) / 2.0f);
  for (auto& r : k)
    for (float& v : r) v /= sum;
  std::vector<float> img(w * h), out(w * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) img[y * w + x] = ((x / 40 + y / 40) % 2) ? 255.0f : 0.0f;  // checkerboard
  cudaMemcpyToSymbol(c_k, k, sizeof k);
  float *din, *dout;
  cudaMalloc(&din, w * h * 4);
  cudaMalloc(&dout, w * h * 4);
  cudaMemcpy(din, img.data(), w * h * 4, cudaMemcpyHostToDevice);
  conv<<<dim3((w + T - 1) / T, (h + T - 1) / T), dim3(T, T)>>>(din, dout, w, h);
  cudaError_t err = cudaGetLastError();  // launch errors first, then execution errors
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  cudaMemcpy(out.data(), dout, w * h * 4, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float acc = 0;
      for (int ky = 0; ky < 5; ++ky)
        for (int kx = 0; kx < 5; ++kx) {
          int yy = std::min(std::max(y + ky - R, 0), h - 1), xx = std::min(std::max(x + kx - R, 0), w - 1);
          acc = std::fma(k[ky][kx], img[yy * w + xx], acc);
        }
      bad += out[y * w + x] != acc;
    }
  std::printf("conv2d: %dx%d image, 5x5 Gaussian, %s, %d pixels differ, pixel(40,40)=%.3f\n", w, h,
              cudaGetErrorString(err), bad, out[40 * w + 40]);
  std::printf("%s\n", bad == 0 && err == cudaSuccess ? "PASS" : "FAIL");
  return bad == 0 && err == cudaSuccess ? 0 : 1;
}
