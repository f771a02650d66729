// Row softmax, one 256-work-item group per row (as bench/cuda/softmax.cu). No shuffles in OpenCL
// C 1.2: the block-wide max and sum are local-memory trees.
#define NT 256
float group_reduce(float v, __local float* s, int is_max) {
  int t = get_local_id(0);
  s[t] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int k = NT / 2; k > 0; k >>= 1) {
    if (t < k) s[t] = is_max ? fmax(s[t], s[t + k]) : s[t] + s[t + k];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  v = s[0];
  barrier(CLK_LOCAL_MEM_FENCE);
  return v;
}

__kernel __attribute__((reqd_work_group_size(NT, 1, 1)))
void softmax_rows(__global const float* restrict in, __global float* restrict out, int cols) {
  __local float s[NT];
  __global const float* x = in + (size_t)get_group_id(0) * cols;
  __global float* y = out + (size_t)get_group_id(0) * cols;
  int t = get_local_id(0);
  float m = -INFINITY;
  for (int j = t; j < cols; j += NT) m = fmax(m, x[j]);
  m = group_reduce(m, s, 1);
  float sum = 0.0f;
  for (int j = t; j < cols; j += NT) sum += exp(x[j] - m);
  sum = group_reduce(sum, s, 0);
  float inv = 1.0f / sum;
  for (int j = t; j < cols; j += NT) y[j] = exp(x[j] - m) * inv;
}
