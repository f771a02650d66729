// saxpy: y = a*x + y, one element per thread, 256-thread blocks.
#include "cuda_util.h"
#include "reference.h"

__global__ void saxpy(int n, float a, const float* __restrict__ x, float* __restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "saxpy");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> x(n), y(n);
  bench::fill_floats(x.data(), n, 1);
  bench::fill_floats(y.data(), n, 2);
  float* dx = cu::alloc<float>(n);
  float* dy = cu::alloc<float>(n);
  cu::to_device(dx, x);
  cu::to_device(dy, y);
  auto run = [&] {
    saxpy<<<(n + 255) / 256, 256>>>(n, bench::kSaxpyA, dx, dy);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> out = cu::to_host(dy, n);
  r.check = bench::check_saxpy(x.data(), y.data(), out.data(), n, bench::kSaxpyA);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
