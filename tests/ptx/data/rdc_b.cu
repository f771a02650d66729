// -rdc TU b: defines the function and the variable used by TU a.
__device__ int shared_counter = 3;
__device__ float bfun(float x) { return x * 2.0f + 1.0f; }
extern "C" __global__ void bkernel(float* out) { out[threadIdx.x] = bfun(1.0f); }
