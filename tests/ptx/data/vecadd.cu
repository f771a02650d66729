// Vector add and grid-stride SAXPY; also the param-layout kernel of NVCC_ABI §3.1.
#include <cuda_fp16.h>
extern "C" __global__ void vecadd(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
__global__ void __launch_bounds__(256, 2) saxpy(int n, float a, const float* x, float* y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}
struct CI { char c; int i; };
struct CDS { char c; double d; short s; };
struct A5 { int a[5]; float f; };
struct __align__(16) F3 { float x, y, z; };
struct Empty {};
extern "C" __global__ void layout(char c, short s, int i, long long ll, float f, double d, float4 f4,
                                  CI ci, CDS cds, A5 a5, F3 f3, Empty e, bool b, unsigned char uc,
                                  int* ip, double2 d2, half2* hp) {
  if (ip) *ip = c + s + i + (int)ll + (int)f + (int)d + (int)f4.x + ci.i + cds.s + a5.a[4] +
                (int)f3.z + b + uc + (int)d2.y + (hp != nullptr);
}
__device__ int dev_counter = 5;
__constant__ float coeffs[4] = {1.0f, 2.5f, -3.0f, 0.125f};
__constant__ double dconst = 2.5;
__device__ char message[6] = "hello";
__managed__ unsigned mval = 7;
extern "C" __global__ void use_vars(float* out) {
  out[threadIdx.x] = coeffs[threadIdx.x & 3] + dconst + message[threadIdx.x % 6] + mval;
  atomicAdd(&dev_counter, 1);
}
