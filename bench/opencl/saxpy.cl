// saxpy: one element per work-item, work-groups of 256 (as bench/cuda/saxpy.cu).
__kernel void saxpy(int n, float a, __global const float* restrict x, __global float* restrict y) {
  int i = get_global_id(0);
  if (i < n) y[i] = a * x[i] + y[i];
}
