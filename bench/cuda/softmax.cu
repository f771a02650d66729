// Row softmax of a rows x 1024 matrix: one 256-thread block per row; block-wide max and sum with
// warp shuffles plus a shared-memory step; expf recomputed in the final pass.
#include "cuda_util.h"
#include "reference.h"

__device__ __forceinline__ float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}
__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
// Block-wide reduction; every thread gets the result.
template <bool kMax>
__device__ float block_reduce(float v, float* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = kMax ? warp_max(v) : warp_sum(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  v = lane < warps ? scratch[lane] : (kMax ? -INFINITY : 0.0f);
  v = kMax ? warp_max(v) : warp_sum(v);
  __syncthreads();  // scratch is reused by the next reduction
  return v;
}

__global__ void softmax_rows(const float* __restrict__ in, float* __restrict__ out, int cols) {
  __shared__ float scratch[32];
  const float* x = in + size_t(blockIdx.x) * cols;
  float* y = out + size_t(blockIdx.x) * cols;
  float m = -INFINITY;
  for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, x[j]);
  m = block_reduce<true>(m, scratch);
  float s = 0.0f;
  for (int j = threadIdx.x; j < cols; j += blockDim.x) s += expf(x[j] - m);
  s = block_reduce<false>(s, scratch);
  float inv = 1.0f / s;
  for (int j = threadIdx.x; j < cols; j += blockDim.x) y[j] = expf(x[j] - m) * inv;
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "softmax");
  bench::Result r;
  cu::start(args, &r);
  const int rows = static_cast<int>(args.n), cols = bench::kSoftmaxCols;
  std::vector<float> a(size_t(rows) * cols);
  for (size_t i = 0; i < a.size(); ++i) a[i] = bench::softmax_input(i);
  float* din = cu::alloc<float>(a.size());
  float* dout = cu::alloc<float>(a.size());
  cu::to_device(din, a);
  auto run = [&] {
    softmax_rows<<<rows, 256>>>(din, dout, cols);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<float> out = cu::to_host(dout, a.size());
  r.check = bench::check_softmax(a.data(), out.data(), rows, cols);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
