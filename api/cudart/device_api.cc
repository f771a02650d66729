// Device management: count, current device, properties, attributes, limits, flags, versions.
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "api/cudart/device_properties.h"
#include "runtime/core/memory.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

// Both versions report CUDA 13.0, the toolkit whose ABI cudashim implements.
constexpr int kCudaVersion = 13000;

absl::StatusOr<core::DeviceContext*> DeviceAt(int ordinal) { return Rt().Device(ordinal); }

// The flags cudaSetDeviceFlags accepts.
constexpr unsigned kDeviceFlagsMask = cudaDeviceScheduleMask | cudaDeviceMapHost |
                                      cudaDeviceLmemResizeToMax | cudaDeviceSyncMemops;

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaGetDeviceCount(int* count) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(count);
  *count = Rt().device_count();
  if (*count == 0) CUDASHIM_RETURN(CudaError(cudaErrorNoDevice, "no cudashim device"));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaSetDevice(int device) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device));
  (void)d;
  core::CurrentThread().device = device;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaInitDevice(int device, unsigned int deviceFlags, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device));
  if ((deviceFlags & ~kDeviceFlagsMask) != 0 || flags != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaInitDevice: invalid flags"));
  }
  d->set_flags(deviceFlags);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetDevice(int* device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(device);
  *device = core::CurrentThread().device;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaSetValidDevices(int* device_arr, int len) {
  CUDASHIM_TRACE();
  if (len < 0 || (len > 0 && device_arr == nullptr)) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaSetValidDevices: bad list"));
  }
  for (int i = 0; i < len; ++i) {
    CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device_arr[i]));
    (void)d;
  }
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(prop);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device));
  *prop = MakeDeviceProperties(d->profile());
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(value);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device));
  CUDASHIM_ASSIGN_OR_RETURN(*value, DeviceAttribute(d->profile(), MakeDeviceProperties(d->profile()), attr));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaChooseDevice(int* device, const cudaDeviceProp* prop) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(device);
  CUDASHIM_REQUIRE_NONNULL(prop);
  // The closest device by compute capability, then memory: what a GPU system's runtime favours.
  int best = -1;
  long best_score = -1;
  for (int i = 0; i < Rt().device_count(); ++i) {
    const hal::DeviceProfile& p = (*DeviceAt(i))->profile();
    long score = 0;
    if (p.cc_major > prop->major || (p.cc_major == prop->major && p.cc_minor >= prop->minor)) score += 4;
    if (p.total_memory >= prop->totalGlobalMem) score += 2;
    if (p.multiprocessors >= prop->multiProcessorCount) score += 1;
    if (score > best_score) best = i, best_score = score;
  }
  if (best < 0) CUDASHIM_RETURN(CudaError(cudaErrorNoDevice, "no cudashim device"));
  *device = best;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetPCIBusId(char* pciBusId, int len, int device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pciBusId);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, DeviceAt(device));
  if (len <= 0) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "len <= 0"));
  std::snprintf(pciBusId, len, "0000:%02x:00.0", d->profile().pci_bus_id);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetByPCIBusId(int* device, const char* pciBusId) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(device);
  CUDASHIM_REQUIRE_NONNULL(pciBusId);
  for (int i = 0; i < Rt().device_count(); ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "0000:%02x:00.0", (*DeviceAt(i))->profile().pci_bus_id);
    if (strcasecmp(id, pciBusId) == 0 || strcasecmp(id + 5, pciBusId) == 0) {
      *device = i;
      return cudaSuccess;
    }
  }
  CUDASHIM_RETURN(CudaError(cudaErrorInvalidDevice, absl::StrCat("no device at PCI bus id ", pciBusId)));
}

CUDASHIM_EXPORT cudaError_t cudaDeviceSynchronize(void) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  d->WaitIdle();
  CUDASHIM_RETURN(d->sticky_error());
}

CUDASHIM_EXPORT cudaError_t cudaDeviceReset(void) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  core::FreeAllDeviceMemory(*d);
  d->Reset();
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceSetLimit(cudaLimit limit, size_t value) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  CUDASHIM_RETURN(d->SetLimit(limit, value));
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetLimit(size_t* pValue, cudaLimit limit) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pValue);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  CUDASHIM_ASSIGN_OR_RETURN(*pValue, d->GetLimit(limit));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaSetDeviceFlags(unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  if ((flags & ~kDeviceFlagsMask) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat("invalid device flags ", flags)));
  }
  unsigned schedule = flags & cudaDeviceScheduleMask;
  if (schedule != cudaDeviceScheduleAuto && schedule != cudaDeviceScheduleSpin &&
      schedule != cudaDeviceScheduleYield && schedule != cudaDeviceScheduleBlockingSync) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "more than one scheduling flag"));
  }
  d->set_flags(flags);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetDeviceFlags(unsigned int* flags) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(flags);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, CurrentDevice());
  // Like the GPU runtime, report that host memory can be mapped even when not asked for.
  *flags = d->flags() | cudaDeviceMapHost;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetCacheConfig(cudaFuncCache* pCacheConfig) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pCacheConfig);
  *pCacheConfig = cudaFuncCachePreferNone;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache cacheConfig) {
  CUDASHIM_TRACE();
  if (cacheConfig < cudaFuncCachePreferNone || cacheConfig > cudaFuncCachePreferEqual) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid cache configuration"));
  }
  return cudaSuccess;  // a hint; CPU caches are not partitioned
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetSharedMemConfig(cudaSharedMemConfig* pConfig) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pConfig);
  *pConfig = cudaSharedMemBankSizeFourByte;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig config) {
  CUDASHIM_TRACE();
  if (config < cudaSharedMemBankSizeDefault || config > cudaSharedMemBankSizeEightByte) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid shared memory configuration"));
  }
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetStreamPriorityRange(int* leastPriority, int* greatestPriority) {
  CUDASHIM_TRACE();
  // CUDA's range: 0 is the lowest (default) priority, -5 the highest.
  if (leastPriority) *leastPriority = 0;
  if (greatestPriority) *greatestPriority = -5;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceCanAccessPeer(int* canAccessPeer, int device, int peerDevice) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(canAccessPeer);
  CUDASHIM_ASSIGN_OR_RETURN(auto* a, DeviceAt(device));
  CUDASHIM_ASSIGN_OR_RETURN(auto* b, DeviceAt(peerDevice));
  // All devices share the host's address space.
  *canAccessPeer = a != b ? 1 : 0;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* peer, DeviceAt(peerDevice));
  (void)peer;
  if (flags != 0) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "flags must be 0"));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceDisablePeerAccess(int peerDevice) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* peer, DeviceAt(peerDevice));
  (void)peer;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaRuntimeGetVersion(int* runtimeVersion) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(runtimeVersion);
  *runtimeVersion = kCudaVersion;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDriverGetVersion(int* driverVersion) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(driverVersion);
  *driverVersion = kCudaVersion;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaProfilerStart(void) { return cudaSuccess; }
CUDASHIM_EXPORT cudaError_t cudaProfilerStop(void) { return cudaSuccess; }
