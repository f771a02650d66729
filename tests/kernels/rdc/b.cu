// The second translation unit of the -rdc=true program (see a.cu).
__device__ int rdc_counter = 100;
__device__ int twice_in_a(int x);  // defined in a.cu

__device__ int scale_in_b(int x) { return twice_in_a(x) + 7; }

__global__ void k_rdc_b(int* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = twice_in_a(i + 1) + rdc_counter;
}
