// Tiled SGEMM, C = A * B (n x n, row-major): 16x16 threads per block, one C element per thread,
// 16x16 tiles of A and B staged in shared memory between __syncthreads. n must be a multiple of 16.
#include "cuda_util.h"
#include "reference.h"

constexpr int T = 16;

__global__ void sgemm_tiled(int n, const float* __restrict__ A, const float* __restrict__ B,
                            float* __restrict__ C) {
  __shared__ float As[T][T];
  __shared__ float Bs[T][T];
  int tx = threadIdx.x, ty = threadIdx.y;
  int row = blockIdx.y * T + ty, col = blockIdx.x * T + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < n; k0 += T) {
    As[ty][tx] = A[row * n + k0 + tx];
    Bs[ty][tx] = B[(k0 + ty) * n + col];
    __syncthreads();
#pragma unroll
    for (int k = 0; k < T; ++k) acc += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  C[row * n + col] = acc;
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "sgemm_tiled");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> a(size_t(n) * n), b(size_t(n) * n);
  bench::fill_floats(a.data(), a.size(), 4);
  bench::fill_floats(b.data(), b.size(), 5);
  float* dA = cu::alloc<float>(a.size());
  float* dB = cu::alloc<float>(b.size());
  float* dC = cu::alloc<float>(a.size());
  cu::to_device(dA, a);
  cu::to_device(dB, b);
  auto run = [&] {
    sgemm_tiled<<<dim3(n / T, n / T), dim3(T, T)>>>(n, dA, dB, dC);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> c = cu::to_host(dC, a.size());
  r.check = bench::check_sgemm(a.data(), b.data(), c.data(), n);
  r.times = bench::repeat_ms(run, args.reps);
  double gflops = 2.0 * n * double(n) * n / (bench::median(r.times) * 1e6);
  r.extra = ",\"gflops\":" + bench::num(gflops);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
