// Naive transpose: 32x8 threads per 32x32 tile, each thread 4 elements, reads coalesced, writes
// strided (no shared memory). n must be a multiple of 32.
#include "cuda_util.h"
#include "reference.h"

constexpr int TILE = 32, ROWS = 8;

__global__ void transpose_naive(float* __restrict__ out, const float* __restrict__ in, int n) {
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS) out[x * n + (y + j)] = in[(y + j) * n + x];
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "transpose_naive");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> a(size_t(n) * n);
  bench::fill_floats(a.data(), a.size(), 3);
  float* din = cu::alloc<float>(a.size());
  float* dout = cu::alloc<float>(a.size());
  cu::to_device(din, a);
  auto run = [&] {
    transpose_naive<<<dim3(n / TILE, n / TILE), dim3(TILE, ROWS)>>>(dout, din, n);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> out = cu::to_host(dout, a.size());
  r.check = bench::check_transpose(a.data(), out.data(), n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
