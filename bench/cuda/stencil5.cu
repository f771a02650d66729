// 5-point stencil on an n x n grid, one element per thread, 32x8 blocks:
// out = 0.5*c + 0.125*(n+s+e+w) inside, out = in on the border.
#include "cuda_util.h"
#include "reference.h"

__global__ void stencil5(const float* __restrict__ in, float* __restrict__ out, int n) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= n || y >= n) return;
  int i = y * n + x;
  if (x == 0 || y == 0 || x == n - 1 || y == n - 1)
    out[i] = in[i];
  else
    out[i] = 0.5f * in[i] + 0.125f * (in[i - 1] + in[i + 1] + in[i - n] + in[i + n]);
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "stencil5");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> a(size_t(n) * n);
  bench::fill_floats(a.data(), a.size(), 6);
  float* din = cu::alloc<float>(a.size());
  float* dout = cu::alloc<float>(a.size());
  cu::to_device(din, a);
  auto run = [&] {
    stencil5<<<dim3((n + 31) / 32, (n + 7) / 8), dim3(32, 8)>>>(din, dout, n);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> out = cu::to_host(dout, a.size());
  r.check = bench::check_stencil5(a.data(), out.data(), n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
