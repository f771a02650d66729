// 256-bin histogram with local atomics per group, merged with global atomics (as
// bench/cuda/histogram.cu).
__kernel void histogram(__global const uint* restrict data, int nwords, __global uint* hist) {
  __local uint h[256];
  int t = get_local_id(0), nt = get_local_size(0);
  for (int i = t; i < 256; i += nt) h[i] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int i = get_global_id(0); i < nwords; i += get_global_size(0)) {
    uint w = data[i];
    atomic_inc(&h[w & 0xffu]);
    atomic_inc(&h[(w >> 8) & 0xffu]);
    atomic_inc(&h[(w >> 16) & 0xffu]);
    atomic_inc(&h[w >> 24]);
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int i = t; i < 256; i += nt) atomic_add(&hist[i], h[i]);
}
