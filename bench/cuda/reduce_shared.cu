// Sum reduction: one element per thread, shared-memory tree with __syncthreads in 256-thread
// blocks; each block writes its partial sum, and the kernel runs again on the partial sums until
// one value is left (64M -> 256K -> 1K -> 4 -> 1).
#include "cuda_util.h"
#include "reference.h"

__global__ void reduce_shared(const float* __restrict__ in, float* __restrict__ out, int n) {
  __shared__ float s[256];
  int t = threadIdx.x;
  int i = blockIdx.x * blockDim.x + t;
  s[t] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (t < k) s[t] += s[t + k];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "reduce_shared");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = bench::reduce_input(i);
  float* din = cu::alloc<float>(n);
  int parts = (n + 255) / 256;
  float* pa = cu::alloc<float>(parts);
  float* pb = cu::alloc<float>((parts + 255) / 256);
  cu::to_device(din, x);
  float* result = nullptr;
  auto run = [&] {
    const float* src = din;
    float* dst = pa;
    int m = n;
    do {
      int blocks = (m + 255) / 256;
      reduce_shared<<<blocks, 256>>>(src, dst, m);
      m = blocks;
      src = dst;
      dst = dst == pa ? pb : pa;
    } while (m > 1);
    cu::sync();
    result = const_cast<float*>(src);
  };
  r.first_ms = bench::time_ms(run);
  float got = cu::to_host(result, 1)[0];
  r.check = bench::check_sum(got, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
