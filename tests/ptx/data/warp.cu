// Warp shuffles and votes.
extern "C" __global__ void warp_ops(const int* in, int* out, unsigned* ballots) {
  int v = in[threadIdx.x];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  int x = __shfl_xor_sync(0xffffffffu, v, 1);
  int u = __shfl_up_sync(0xffffffffu, x, 2);
  int idx = __shfl_sync(0xffffffffu, u, 0);
  unsigned b = __ballot_sync(0xffffffffu, in[threadIdx.x] > 0);
  int any = __any_sync(0xffffffffu, idx > 3);
  int all = __all_sync(0xffffffffu, idx > 3);
  out[threadIdx.x] = v + x + u + idx + any + all;
  if ((threadIdx.x & 31) == 0) ballots[threadIdx.x / 32] = b;
}
