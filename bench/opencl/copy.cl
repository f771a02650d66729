// copy: one element per work-item (as bench/cuda/copy.cu).
__kernel void copy(int n, __global const float* restrict in, __global float* restrict out) {
  int i = get_global_id(0);
  if (i < n) out[i] = in[i];
}
