// -rdc TU a: calls a __device__ function and reads a variable defined in TU b.
extern __device__ float bfun(float x);
extern __device__ int shared_counter;
extern "C" __global__ void akernel(float* out) {
  out[threadIdx.x] = bfun(out[threadIdx.x]) + shared_counter;
}
