// Sum reduction with warp shuffles: grid-stride accumulation per thread, __shfl_down_sync within
// each warp, warp sums through shared memory, the first warp reduces them; a second launch of one
// block reduces the per-block partial sums.
#include "cuda_util.h"
#include "reference.h"

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  return v;
}

__global__ void reduce_shuffle(const float* __restrict__ in, float* __restrict__ out, int n) {
  __shared__ float warp_sums[32];
  float v = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += in[i];
  v = warp_sum(v);
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) warp_sums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = lane < blockDim.x / 32 ? warp_sums[lane] : 0.0f;
    v = warp_sum(v);
    if (lane == 0) out[blockIdx.x] = v;
  }
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "reduce_shuffle");
  bench::Result r;
  cu::start(args, &r);
  const int n = static_cast<int>(args.n);
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = bench::reduce_input(i);
  float* din = cu::alloc<float>(n);
  const int blocks = std::min((n + 255) / 256, 1024);
  float* partial = cu::alloc<float>(blocks);
  float* dsum = cu::alloc<float>(1);
  cu::to_device(din, x);
  auto run = [&] {
    reduce_shuffle<<<blocks, 256>>>(din, partial, n);
    reduce_shuffle<<<1, 256>>>(partial, dsum, blocks);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  float got = cu::to_host(dsum, 1)[0];
  r.check = bench::check_sum(got, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
