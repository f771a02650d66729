// The entry points nvcc's generated host code calls (NVCC_ABI.md §2): module registration from ELF
// constructors, and the <<<>>> launch path. They may run before our own static constructors and
// after our static destructors, so they touch only construct-on-first-use state.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "cuda_internal_abi.h"
#include "runtime/core/launch.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {
core::ModuleRegistry& Modules() { return Rt().modules(); }
core::ModuleRecord* AsModule(void** handle) { return reinterpret_cast<core::ModuleRecord*>(handle); }
}  // namespace

CUDASHIM_EXPORT void** __cudaRegisterFatBinary(void* fatCubin) {
  CUDASHIM_TRACE();
  // Parsing waits for first use: this runs before main, for every translation unit.
  return reinterpret_cast<void**>(Modules().RegisterFatBinary(fatCubin));
}

CUDASHIM_EXPORT void __cudaRegisterFatBinaryEnd(void** fatCubinHandle) { CUDASHIM_TRACE(); }

CUDASHIM_EXPORT void __cudaUnregisterFatBinary(void** fatCubinHandle) {
  CUDASHIM_TRACE();
  Modules().Unregister(AsModule(fatCubinHandle));
}

CUDASHIM_EXPORT void __cudaRegisterFunction(void** fatCubinHandle, const char* hostFun, char* deviceFun,
                                            const char* deviceName, int thread_limit, uint3* tid,
                                            uint3* bid, dim3* bDim, dim3* gDim, int* wSize) {
  CUDASHIM_TRACE();
  Modules().RegisterFunction(AsModule(fatCubinHandle), hostFun, deviceName ? deviceName : deviceFun);
}

CUDASHIM_EXPORT void __cudaRegisterVar(void** fatCubinHandle, char* hostVar, char* deviceAddress,
                                       const char* deviceName, int ext, size_t size, int constant,
                                       int global) {
  CUDASHIM_TRACE();
  // deviceAddress is the PTX name too, not an address (NVCC_ABI.md §2.2).
  Modules().RegisterVariable(AsModule(fatCubinHandle), hostVar, deviceName ? deviceName : deviceAddress,
                             size, constant == 1, /*managed=*/false);
}

CUDASHIM_EXPORT void __cudaRegisterManagedVar(void** fatCubinHandle, void** hostVarPtrAddress,
                                              char* deviceAddress, const char* deviceName, int ext,
                                              size_t size, int constant, int global) {
  CUDASHIM_TRACE();
  Modules().RegisterVariable(AsModule(fatCubinHandle), hostVarPtrAddress,
                             deviceName ? deviceName : deviceAddress, size, constant == 1,
                             /*managed=*/true);
}

CUDASHIM_EXPORT char __cudaInitModule(void** fatCubinHandle) {
  CUDASHIM_TRACE();
  absl::Status loaded = Modules().Load(*AsModule(fatCubinHandle), Rt().allocations());
  if (!loaded.ok()) {
    Finish(loaded, __func__);
    return 0;
  }
  return 1;
}

CUDASHIM_EXPORT void __cudaRegisterHostVar(void** fatCubinHandle, const char* deviceName, char* hostVar,
                                           size_t size) {
  WarnOnce(__func__, "__cudaRegisterHostVar is not implemented by cudashim (nvcc 13 never emits it)");
}

CUDASHIM_EXPORT cudaError_t __cudaRegisterUnifiedTable(void) {
  WarnOnce(__func__, "__cudaRegisterUnifiedTable is not implemented by cudashim");
  return cudaErrorNotSupported;
}

CUDASHIM_EXPORT cudaError_t __cudaGetProcAddress(void) {
  WarnOnce(__func__, "__cudaGetProcAddress is not implemented by cudashim");
  return cudaErrorNotSupported;
}

CUDASHIM_EXPORT unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                                     struct CUstream_st* stream) {
  CUDASHIM_TRACE();
  core::CurrentThread().call_configurations.push_back({gridDim, blockDim, sharedMem, stream});
  return 0;
}

CUDASHIM_EXPORT cudaError_t __cudaPopCallConfiguration(dim3* gridDim, dim3* blockDim, size_t* sharedMem,
                                                       void* stream) {
  CUDASHIM_TRACE();
  auto& stack = core::CurrentThread().call_configurations;
  if (stack.empty()) {
    CUDASHIM_RETURN(CudaError(cudaErrorMissingConfiguration, "no <<<>>> configuration to pop"));
  }
  core::CallConfiguration c = stack.back();
  stack.pop_back();
  *gridDim = c.grid;
  *blockDim = c.block;
  *sharedMem = c.shared_bytes;
  *static_cast<cudaStream_t*>(stream) = c.stream;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t __cudaGetKernel(cudaKernel_t* kernel, const void* hostFun) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(kernel);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * record, Modules().FindKernel(hostFun));
  *kernel = reinterpret_cast<cudaKernel_t>(record);
  return cudaSuccess;
}

namespace {
cudaError_t LaunchFromStub(cudaKernel_t kernel, dim3 grid, dim3 block, void** args, size_t shared,
                           cudaStream_t stream, bool ptsz) {
  if (kernel == nullptr) {
    // The stub's one __cudaGetKernel call failed; its handle stays 0 for good.
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidDeviceFunction,
                              "launch through a stub whose kernel was never registered"));
  }
  CUDASHIM_RETURN(core::Launch({.function = kernel,
                                .grid = grid,
                                .block = block,
                                .shared_bytes = shared,
                                .stream = stream,
                                .args = args,
                                .per_thread_default_stream = ptsz}));
}
}  // namespace

CUDASHIM_EXPORT cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                               void** args, size_t sharedMem, cudaStream_t stream) {
  CUDASHIM_TRACE();
  return LaunchFromStub(kernel, gridDim, blockDim, args, sharedMem, stream, false);
}

CUDASHIM_EXPORT cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                                    void** args, size_t sharedMem, cudaStream_t stream) {
  CUDASHIM_TRACE();
  return LaunchFromStub(kernel, gridDim, blockDim, args, sharedMem, stream, true);
}

// Identifies the library at run time; tests use it to tell cudashim from NVIDIA's runtime. It lives
// here because every program with a kernel pulls this object in, also from libcudart_static.a.
CUDASHIM_EXPORT const char* cudashim_version(void) { return "cudashim 0.1.0"; }
