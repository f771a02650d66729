// half, half2 and bf16 arithmetic.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
extern "C" __global__ void half_math(const __half* a, const __half2* b, __half* c, __half2* d,
                                     const __nv_bfloat16* e, __nv_bfloat16* f, float* g) {
  int i = threadIdx.x;
  c[i] = __hfma(a[i], a[i], __float2half(1.0f));
  d[i] = __hadd2(b[i], __hmul2(b[i], b[i]));
  f[i] = __hfma(e[i], e[i], __float2bfloat16(0.5f));
  g[i] = __half2float(a[i]) + __bfloat162float(e[i]) + (__hlt(a[i], c[i]) ? 1.0f : 0.0f);
  __nv_bfloat162 p = __halves2bfloat162(e[i], e[i]);
  p = __hfma2(p, p, p);
  f[i + 32] = __hmax(p.x, p.y);
}
