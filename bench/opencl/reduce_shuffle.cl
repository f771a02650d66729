// The warp-shuffle reduction of bench/cuda/reduce_shuffle.cu. OpenCL C 1.2 (what PoCL 3.1 offers
// on the CPU; no cl_khr_subgroups) has no shuffles, so the 32-lane steps go through local memory:
// grid-stride accumulation per work-item, a local-memory tree over each group of 32, the 8 group
// sums reduced by the first 32 work-items. Same data flow and launch shape (1024 x 256, then 1 x 256).
__kernel void reduce_shuffle(__global const float* restrict in, __global float* restrict out, int n) {
  __local float s[256];
  __local float warp_sums[32];
  int t = get_local_id(0), nt = get_local_size(0);
  float v = 0.0f;
  for (int i = get_global_id(0); i < n; i += get_global_size(0)) v += in[i];
  s[t] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  int lane = t & 31, warp = t >> 5;
  for (int o = 16; o > 0; o >>= 1) {
    if (lane < o) s[t] += s[t + o];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lane == 0) warp_sums[warp] = s[t];
  barrier(CLK_LOCAL_MEM_FENCE);
  if (t < 32) s[t] = t < nt / 32 ? warp_sums[t] : 0.0f;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int o = 16; o > 0; o >>= 1) {
    if (t < o) s[t] += s[t + o];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (t == 0) out[get_group_id(0)] = s[0];
}
