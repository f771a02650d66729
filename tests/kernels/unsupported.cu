// nvcc-flags: -arch=sm_90
// A kernel whose inline PTX uses an instruction cudashim does not implement (griddepcontrol.wait,
// sm_90). On NVIDIA hardware it runs; on cudashim its launch must fail cleanly with
// cudaErrorNotSupported (801) or cudaErrorInvalidPtx (218) - reported at the launch or at the next
// synchronisation - and the error must not be sticky: an ordinary kernel still runs afterwards.
// cudashim is recognised by its exported symbol cudashim_version.
#include <dlfcn.h>

#include "kcheck.h"

using kc::Dev;

__global__ void k_griddepcontrol(int* out) {
  asm volatile("griddepcontrol.wait;" ::: "memory");
  out[threadIdx.x] = threadIdx.x + 1;
}

__global__ void k_plain(int* out) { out[threadIdx.x] = 2 * threadIdx.x; }

int main() {
  bool is_cudashim = dlsym(RTLD_DEFAULT, "cudashim_version") != nullptr;
  std::printf("runtime: %s\n", is_cudashim ? "cudashim" : "NVIDIA");
  Dev<int> out(32);
  k_griddepcontrol<<<1, 32>>>(out);
  cudaError_t at_launch = cudaGetLastError();
  cudaError_t at_sync = cudaDeviceSynchronize();
  cudaError_t first = at_launch != cudaSuccess ? at_launch : at_sync;
  if (is_cudashim) {
    chk::that("k_griddepcontrol fails with NotSupported or InvalidPtx",
              first == cudaErrorNotSupported || first == cudaErrorInvalidPtx,
              "cudaErrorNotSupported(801) or cudaErrorInvalidPtx(218)", chk::fmt(first));
    (void)cudaGetLastError();
  } else {
    chk::ok("k_griddepcontrol runs on NVIDIA", first);
    std::vector<int> want(32);
    for (int t = 0; t < 32; ++t) want[t] = t + 1;
    kc::compare("k_griddepcontrol results", want, out.get());
  }
  // Not sticky: an ordinary kernel runs afterwards.
  k_plain<<<1, 32>>>(out);
  kc::launched("k_plain after the failed launch");
  std::vector<int> want(32);
  for (int t = 0; t < 32; ++t) want[t] = 2 * t;
  kc::compare("k_plain results", want, out.get());
  return chk::finish();
}
