// 5-point stencil, one element per work-item, 32x8 groups (as bench/cuda/stencil5.cu).
__kernel void stencil5(__global const float* restrict in, __global float* restrict out, int n) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= n || y >= n) return;
  int i = y * n + x;
  if (x == 0 || y == 0 || x == n - 1 || y == n - 1)
    out[i] = in[i];
  else
    out[i] = 0.5f * in[i] + 0.125f * (in[i - 1] + in[i + 1] + in[i - n] + in[i + n]);
}
