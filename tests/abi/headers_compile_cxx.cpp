// Build-time check: every cudashim CUDA header compiles as C++20 with the project's warnings, and
// the C++ conveniences in cuda_runtime.h instantiate.
#include "builtin_types.h"
#include "cuda_internal_abi.h"
#include "cuda_profiler_api.h"
#include "cuda_runtime.h"
#include "cuda_runtime_api.h"
#include "cuda_vdpau_interop.h"
#include "device_types.h"
#include "driver_types.h"
#include "surface_types.h"
#include "texture_types.h"
#include "vector_types.h"
#if defined(CUDASHIM_ABI_HAVE_GL)
#include "cuda_gl_interop.h"
#endif
#if defined(CUDASHIM_ABI_HAVE_EGL)
#include "cuda_egl_interop.h"
#endif

static_assert(sizeof(dim3) == 12 && alignof(dim3) == 4);
static_assert(sizeof(cudaDeviceProp) == 1008 && alignof(cudaDeviceProp) == 8);
static_assert(dim3().x == 1 && dim3(4).y == 1 && dim3(4, 5, 6).z == 6);

namespace {
void kernel_stub(int, const float*) {}
}  // namespace

// Never called; instantiating the templates is the check.
int cudashim_headers_compile_as_cxx() {
  float* p = nullptr;
  int n = 0;
  cudaLaunchConfig_t cfg{};
  cudaFuncAttributes attr{};
  return static_cast<int>(cudaMalloc(&p, 16)) + static_cast<int>(cudaMallocHost(&p, 16)) +
         static_cast<int>(cudaMallocManaged(&p, 16)) +
         static_cast<int>(cudaLaunchKernelEx(&cfg, kernel_stub, n, p)) +
         static_cast<int>(cudaFuncGetAttributes(&attr, kernel_stub)) +
         static_cast<int>(cudaMemcpyToSymbol(n, &n, sizeof n)) +
         static_cast<int>(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, kernel_stub, 128, 0));
}
