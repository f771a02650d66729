// nvcc-flags: -rdc=true
// Separate compilation (-rdc=true): a.cu and b.cu call each other's __device__ functions and share
// the __device__ variable `rdc_counter` defined in b.cu. The kernel k_rdc_b is defined in b.cu and
// launched from here.
#include "../kcheck.h"

using kc::Dev;

extern __device__ int rdc_counter;            // defined in b.cu
__device__ int scale_in_b(int x);             // defined in b.cu
__global__ void k_rdc_b(int* out, int n);     // defined in b.cu

__device__ int twice_in_a(int x) { return 2 * x; }  // called from b.cu

__global__ void k_rdc_a(int* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[i] = scale_in_b(i);
  atomicAdd(&rdc_counter, 1);
}

int main() {
  for (int n : {1, 33, 1000}) {
    std::string sz = " n=" + std::to_string(n);
    int start = 0;
    cudaMemcpyFromSymbol(&start, rdc_counter, sizeof start);
    Dev<int> out(n);
    k_rdc_a<<<kc::blocks_for(n), 256>>>(out, n);
    kc::launched("k_rdc_a" + sz);
    std::vector<int> want(n);
    for (int i = 0; i < n; ++i) want[i] = 2 * i + 7;
    kc::compare("k_rdc_a calls b's scale_in_b, which calls a's twice_in_a" + sz, want, out.get());
    int count = 0;
    chk::ok("cudaMemcpyFromSymbol rdc_counter" + sz, cudaMemcpyFromSymbol(&count, rdc_counter, sizeof count));
    chk::eq("rdc_counter (initialised to 100 in b.cu) counts the threads" + sz, start + n, count);
    k_rdc_b<<<kc::blocks_for(n), 256>>>(out, n);
    kc::launched("k_rdc_b" + sz);
    for (int i = 0; i < n; ++i) want[i] = 2 * (i + 1) + count;
    kc::compare("k_rdc_b (kernel in b.cu) uses a's function and the shared variable" + sz, want, out.get());
  }
  int final_count = 0;
  cudaMemcpyFromSymbol(&final_count, rdc_counter, sizeof final_count);
  chk::eq("rdc_counter after all launches", 100 + 1 + 33 + 1000, final_count);
  return chk::finish();
}
