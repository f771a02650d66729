// Shared-memory tree reduction, one element per work-item, 256 per group (as
// bench/cuda/reduce_shared.cu); the host reruns it on the partial sums until one is left.
__kernel void reduce_shared(__global const float* restrict in, __global float* restrict out, int n) {
  __local float s[256];
  int t = get_local_id(0);
  int i = get_global_id(0);
  s[t] = i < n ? in[i] : 0.0f;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int k = get_local_size(0) / 2; k > 0; k >>= 1) {
    if (t < k) s[t] += s[t + k];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (t == 0) out[get_group_id(0)] = s[0];
}
