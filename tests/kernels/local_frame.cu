// A .local access outside the thread's frame. Inline PTX declares a 16-byte .local array and
// stores and loads at a run-time offset into it: inside the frame every thread reads back its own
// value. Outside it (1 MiB on), cudashim does not touch memory beyond the frame: the launch fails
// with cudaErrorIllegalAddress (at the launch or the next synchronisation) and sticky (so last),
// on every device (the interpreter names the instruction; the compiled path records it per warp
// and checks it once per chunk of blocks, so the grid here spans several chunks and workers).
// On NVIDIA hardware only the in-frame launch runs: what an access that far past a thread's
// local window does there is not something a test can rely on.
#include <dlfcn.h>

#include "kcheck.h"

using kc::Dev;

__global__ void k_local_at(int* out, long long off) {
  int v;
  asm volatile(
      "{\n\t.local .align 4 .b8 fr[16];\n\t.reg .u64 p;\n\tmov.u64 p, fr;\n\tadd.u64 p, p, %1;\n\t"
      "st.local.u32 [p], %2;\n\tld.local.u32 %0, [p];\n\t}"
      : "=r"(v)
      : "l"(off), "r"(int(blockIdx.x * blockDim.x + threadIdx.x)));
  out[blockIdx.x * blockDim.x + threadIdx.x] = v + 1;
}

int main() {
  const bool is_cudashim = dlsym(RTLD_DEFAULT, "cudashim_version") != nullptr;
  std::printf("runtime: %s\n", is_cudashim ? "cudashim" : "NVIDIA");
  const int blocks = 1000, threads = 96, n = blocks * threads;
  Dev<int> out(n);
  for (const long long off : {0LL, 4LL, 12LL}) {
    k_local_at<<<blocks, threads>>>(out, off);
    kc::launched("k_local_at in the frame, offset " + std::to_string(off));
    std::vector<int> want(n);
    for (int i = 0; i < n; ++i) want[i] = i + 1;
    kc::compare("k_local_at in the frame, offset " + std::to_string(off), want, out.get());
  }
  if (is_cudashim) {
    k_local_at<<<blocks, threads>>>(out, 1LL << 20);
    const cudaError_t at_launch = cudaGetLastError();
    const cudaError_t at_sync = cudaDeviceSynchronize();
    chk::eq("k_local_at 1 MiB past the frame fails", cudaErrorIllegalAddress,
            at_launch != cudaSuccess ? at_launch : at_sync);
    chk::eq("the error is sticky", cudaErrorIllegalAddress, cudaDeviceSynchronize());
  }
  return chk::finish();
}
