// Every atomic type.
extern "C" __global__ void atomics(int* i, unsigned* u, float* f, double* d,
                                   unsigned long long* ull) {
  atomicAdd(i, 1); atomicSub(i + 1, 2); atomicMax(i + 2, (int)threadIdx.x);
  atomicMin(u, threadIdx.x); atomicExch(u + 1, 3u); atomicInc(u + 2, 100u); atomicDec(u + 3, 7u);
  atomicAnd(u + 4, 0xf0u); atomicOr(u + 5, 1u); atomicXor(u + 6, 3u);
  atomicCAS(u + 7, 0u, 1u);
  atomicAdd(f, 1.5f); atomicAdd(d, 2.5); atomicAdd(ull, 1ull);
  __shared__ unsigned hist[16];
  if (threadIdx.x < 16) hist[threadIdx.x] = 0;
  __syncthreads();
  atomicAdd(&hist[threadIdx.x & 15], 1u);
  __syncthreads();
  if (threadIdx.x < 16) atomicAdd(u + 8 + threadIdx.x, hist[threadIdx.x]);
}
