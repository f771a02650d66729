// Tiled SGEMM with 16x16 local tiles, 16x16 work-items, one C element each (as
// bench/cuda/sgemm_tiled.cu).
#define T 16
__kernel void sgemm_tiled(int n, __global const float* restrict A, __global const float* restrict B,
                          __global float* restrict C) {
  __local float As[T][T];
  __local float Bs[T][T];
  int tx = get_local_id(0), ty = get_local_id(1);
  int row = get_group_id(1) * T + ty, col = get_group_id(0) * T + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < n; k0 += T) {
    As[ty][tx] = A[row * n + k0 + tx];
    Bs[ty][tx] = B[(k0 + ty) * n + col];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = 0; k < T; ++k) acc += As[ty][k] * Bs[k][tx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  C[row * n + col] = acc;
}
