// Naive transpose, 32x8 work-items per 32x32 tile, 4 elements each (as bench/cuda/transpose_naive.cu).
#define TILE 32
#define ROWS 8
__kernel void transpose_naive(__global float* restrict out, __global const float* restrict in, int n) {
  int x = get_group_id(0) * TILE + get_local_id(0);
  int y = get_group_id(1) * TILE + get_local_id(1);
  for (int j = 0; j < TILE; j += ROWS) out[x * n + (y + j)] = in[(y + j) * n + x];
}
