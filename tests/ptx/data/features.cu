// Feature tests of NVCC_ABI §7.3: textures, surfaces, grid sync, __grid_constant__, clusters,
// acquire/release atomics, integer remainder, trap, constant memory.
#include <cooperative_groups.h>
#include <cuda/atomic>
namespace cg = cooperative_groups;
__constant__ float scale[4];
struct Big { float v[32]; };
extern "C" __global__ void textures(cudaTextureObject_t t1, cudaTextureObject_t t2,
                                    cudaSurfaceObject_t s, float4* out) {
  int i = threadIdx.x;
  float4 a = tex1Dfetch<float4>(t1, i);
  float4 b = tex2D<float4>(t2, i * 0.5f, 0.25f);
  unsigned v;
  surf2Dread(&v, s, i * 4, 1);
  surf2Dwrite(v + 1, s, i * 4, 2);
  out[i] = make_float4(a.x + b.x * scale[i & 3], a.y, b.z, (float)v);
}
extern "C" __global__ void grid_sync(int* data, int n) {
  cg::grid_group g = cg::this_grid();
  data[g.thread_rank()] += 1;
  g.sync();
  if (g.thread_rank() == 0) data[0] = n % (data[1] + 3);
  if (n < 0) __trap();
}
extern "C" __global__ void grid_const(const __grid_constant__ Big b, float* out, int k) {
  out[threadIdx.x] = b.v[k & 31];
}
extern "C" __global__ void __cluster_dims__(2, 1, 1) clustered(unsigned* flag) {
  cuda::atomic_ref<unsigned, cuda::thread_scope_device> f(*flag);
  f.fetch_add(1, cuda::memory_order_release);
  while (f.load(cuda::memory_order_acquire) < 2) {}
}
