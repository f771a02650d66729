// Measures the cpu device's compiled path against its interpreter (run twice, with and without
// CUDASHIM_COMPILE=0) and a native C++ loop: vector add and saxpy at 16M floats, empty-kernel
// launch + synchronize. Build: nvcc -O2 -cudart shared jit_bench.cu -L<build>/lib ...
#include <chrono>
#include <cstdio>
#include <vector>
#include <algorithm>

__global__ void vadd(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
__global__ void empty() {}

static double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
template <typename F>
static double Median(int reps, F f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    double t0 = Now();
    f();
    t.push_back(Now() - t0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

int main() {
  const int n = 16 << 20;
  float *a, *b, *c;
  cudaMalloc(&a, n * 4); cudaMalloc(&b, n * 4); cudaMalloc(&c, n * 4);
  std::vector<float> h(n, 1.5f);
  cudaMemcpy(a, h.data(), n * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(b, h.data(), n * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(c, h.data(), n * 4, cudaMemcpyHostToDevice);
  const int reps = 7;
  double t0 = Now();
  vadd<<<(n + 255) / 256, 256>>>(a, b, c, n);
  cudaDeviceSynchronize();
  double first = Now() - t0;
  double tv = Median(reps, [&] { vadd<<<(n + 255) / 256, 256>>>(a, b, c, n); cudaDeviceSynchronize(); });
  double ts = Median(reps, [&] { saxpy<<<(n + 255) / 256, 256>>>(n, 2.0f, a, c); cudaDeviceSynchronize(); });
  empty<<<1, 32>>>();
  cudaDeviceSynchronize();
  double te = Median(5, [&] { for (int i = 0; i < 1000; ++i) { empty<<<1, 32>>>(); cudaDeviceSynchronize(); } }) / 1000;
  // Native: the same loops on the host (one thread; device memory is host memory on cpu).
  double nv = Median(reps, [&] { for (int i = 0; i < n; ++i) c[i] = a[i] + b[i]; });
  double ns = Median(reps, [&] { for (int i = 0; i < n; ++i) c[i] = 2.0f * a[i] + c[i]; });
  float check;
  cudaMemcpy(&check, c, 4, cudaMemcpyDeviceToHost);
  std::printf("first vadd launch (incl. prepare): %.2f ms\n", first * 1e3);
  std::printf("vector add 16M: %.2f ms (native 1-thread loop %.2f ms)\n", tv * 1e3, nv * 1e3);
  std::printf("saxpy 16M:      %.2f ms (native 1-thread loop %.2f ms)\n", ts * 1e3, ns * 1e3);
  std::printf("empty launch+sync: %.2f us\n", te * 1e6);
  std::printf("check %g\n", check);
  return 0;
}
