// Launches by function pointer (cudaLaunchKernel, ...ExC, cooperative), kernel attributes and
// occupancy queries.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "runtime/core/launch.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

cudaError_t LaunchByPointer(const void* func, dim3 grid, dim3 block, void** args, size_t shared,
                            cudaStream_t stream, bool ptsz, bool cooperative) {
  CUDASHIM_RETURN(core::Launch({.function = func,
                                .grid = grid,
                                .block = block,
                                .shared_bytes = shared,
                                .stream = stream,
                                .args = args,
                                .per_thread_default_stream = ptsz,
                                .cooperative = cooperative}));
}

cudaError_t LaunchEx(const cudaLaunchConfig_t* config, const void* func, void** args, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(config);
  bool cooperative = false;
  for (unsigned i = 0; i < config->numAttrs && config->attrs != nullptr; ++i) {
    // Other attributes (cluster dimensions, priorities, ...) are hints here.
    if (config->attrs[i].id == cudaLaunchAttributeCooperative) cooperative = config->attrs[i].val.cooperative != 0;
  }
  return LaunchByPointer(func, config->gridDim, config->blockDim, args, config->dynamicSmemBytes,
                         config->stream, ptsz, cooperative);
}

}  // namespace

// clang-format off
CUDASHIM_EXPORT cudaError_t cudaLaunchKernel(const void* func, dim3 g, dim3 b, void** args, size_t shared, cudaStream_t s) {
  CUDASHIM_TRACE(); return LaunchByPointer(func, g, b, args, shared, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchKernel_ptsz(const void* func, dim3 g, dim3 b, void** args, size_t shared, cudaStream_t s) {
  CUDASHIM_TRACE(); return LaunchByPointer(func, g, b, args, shared, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchCooperativeKernel(const void* func, dim3 g, dim3 b, void** args, size_t shared, cudaStream_t s) {
  CUDASHIM_TRACE(); return LaunchByPointer(func, g, b, args, shared, s, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchCooperativeKernel_ptsz(const void* func, dim3 g, dim3 b, void** args, size_t shared, cudaStream_t s) {
  CUDASHIM_TRACE(); return LaunchByPointer(func, g, b, args, shared, s, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t* config, const void* func, void** args) {
  CUDASHIM_TRACE(); return LaunchEx(config, func, args, false);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchKernelExC_ptsz(const cudaLaunchConfig_t* config, const void* func, void** args) {
  CUDASHIM_TRACE(); return LaunchEx(config, func, args, true);
}
// clang-format on

CUDASHIM_EXPORT cudaError_t cudaGetKernel(cudaKernel_t* kernelPtr, const void* entryFuncAddr) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(kernelPtr);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, Rt().modules().FindKernel(entryFuncAddr));
  *kernelPtr = reinterpret_cast<cudaKernel_t>(k);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetFuncBySymbol(cudaFunction_t* functionPtr, const void* symbolPtr) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(functionPtr);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, Rt().modules().FindKernel(symbolPtr));
  *functionPtr = reinterpret_cast<cudaFunction_t>(k);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaFuncGetName(const char** name, const void* func) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(name);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, Rt().modules().FindKernel(func));
  *name = k->name.c_str();
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaFuncGetParamInfo(const void* func, size_t paramIndex, size_t* paramOffset,
                                                 size_t* paramSize) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, core::ResolveKernel(func));
  if (paramIndex >= k->params.offsets.size()) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat(k->name, " has no parameter ", paramIndex)));
  }
  if (paramOffset) *paramOffset = k->params.offsets[paramIndex];
  if (paramSize) *paramSize = k->function->params[paramIndex].size;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attr, const void* func) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(attr);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, core::ResolveKernel(func));
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  *attr = cudaFuncAttributes{};
  attr->sharedSizeBytes = k->resources.static_shared_bytes;
  attr->constSizeBytes = k->resources.const_bytes;
  attr->localSizeBytes = k->resources.local_bytes;
  attr->maxThreadsPerBlock = k->resources.max_threads_per_block;
  attr->numRegs = 32;  // no register allocation happens; a typical figure for occupancy math
  // CUB multiplies ptxVersion by 10 to choose tuning policies; 0 breaks Thrust (NVCC_ABI.md §8).
  int target = static_cast<int>(k->module->ptx->target_sm);
  attr->ptxVersion = target;
  attr->binaryVersion = target;
  attr->maxDynamicSharedSizeBytes = static_cast<int>(core::MaxDynamicSharedBytes(*k, device->profile()));
  attr->preferredShmemCarveout = k->preferred_shared_carveout.load();
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaFuncSetAttribute(const void* func, cudaFuncAttribute attr, int value) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, core::ResolveKernel(func));
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  const hal::DeviceProfile& p = device->profile();
  switch (attr) {
    case cudaFuncAttributeMaxDynamicSharedMemorySize:
      if (value < 0 || size_t(value) + k->resources.static_shared_bytes > p.shared_per_block_optin) {
        CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue,
                                  absl::StrCat("cudaFuncSetAttribute: ", value, " bytes of dynamic shared memory exceed the opt-in limit of ",
                                               p.shared_per_block_optin - k->resources.static_shared_bytes)));
      }
      k->max_dynamic_shared_bytes = value;
      return cudaSuccess;
    case cudaFuncAttributePreferredSharedMemoryCarveout:
      if (value < -1 || value > 100) {
        CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "carveout must be -1 or 0..100"));
      }
      k->preferred_shared_carveout = value;
      return cudaSuccess;
    case cudaFuncAttributeClusterDimMustBeSet:
    case cudaFuncAttributeRequiredClusterWidth:
    case cudaFuncAttributeRequiredClusterHeight:
    case cudaFuncAttributeRequiredClusterDepth:
    case cudaFuncAttributeNonPortableClusterSizeAllowed:
    case cudaFuncAttributeClusterSchedulingPolicyPreference:
      return cudaSuccess;  // clusters are a scheduling hint on this device
    default:
      CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat("invalid function attribute ", static_cast<int>(attr))));
  }
}

CUDASHIM_EXPORT cudaError_t cudaFuncSetCacheConfig(const void* func, cudaFuncCache cacheConfig) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, Rt().modules().FindKernel(func));
  k->cache_config = cacheConfig;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaFuncSetSharedMemConfig(const void* func, cudaSharedMemConfig config) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, Rt().modules().FindKernel(func));
  (void)k;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int* numBlocks, const void* func, int blockSize, size_t dynamicSMemSize, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(numBlocks);
  if ((flags & ~unsigned(cudaOccupancyDisableCachingOverride)) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid occupancy flags"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, core::ResolveKernel(func));
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  *numBlocks = core::MaxActiveBlocksPerMultiprocessor(*k, device->profile(), blockSize, dynamicSMemSize);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* numBlocks, const void* func,
                                                                          int blockSize, size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, func, blockSize, dynamicSMemSize,
                                                                cudaOccupancyDefault);
}

CUDASHIM_EXPORT cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t* dynamicSmemSize, const void* func,
                                                                      int numBlocks, int blockSize) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(dynamicSmemSize);
  CUDASHIM_ASSIGN_OR_RETURN(core::KernelRecord * k, core::ResolveKernel(func));
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  const hal::DeviceProfile& p = device->profile();
  if (numBlocks <= 0 || blockSize <= 0 || blockSize > k->resources.max_threads_per_block) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid block count or size"));
  }
  size_t per_block = p.shared_per_multiprocessor / numBlocks;
  size_t overhead = p.reserved_shared_per_block + k->resources.static_shared_bytes;
  size_t available = per_block > overhead ? per_block - overhead : 0;
  *dynamicSmemSize = std::min(available, core::MaxDynamicSharedBytes(*k, p));
  return cudaSuccess;
}
