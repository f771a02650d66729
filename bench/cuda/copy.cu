// copy: out = in, one element per thread, 256-thread blocks.
#include "cuda_util.h"
#include "reference.h"

__global__ void copy(int n, const float* __restrict__ in, float* __restrict__ out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[i];
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "copy");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> x(n);
  bench::fill_floats(x.data(), n, 1);
  float* din = cu::alloc<float>(n);
  float* dout = cu::alloc<float>(n);
  cu::to_device(din, x);
  auto run = [&] {
    copy<<<(n + 255) / 256, 256>>>(n, din, dout);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> out = cu::to_host(dout, n);
  r.check = bench::check_copy(x.data(), out.data(), n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
