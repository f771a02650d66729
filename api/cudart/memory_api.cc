// Allocation: device, page-locked host, registered host, managed, pitched/3D, stream-ordered
// pools; cudaMemGetInfo and cudaPointerGetAttributes.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "runtime/core/mem_pool.h"
#include "runtime/core/memory.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

constexpr unsigned kHostAllocFlags =
    cudaHostAllocDefault | cudaHostAllocPortable | cudaHostAllocMapped | cudaHostAllocWriteCombined;
constexpr unsigned kHostRegisterFlags = cudaHostRegisterDefault | cudaHostRegisterPortable |
                                        cudaHostRegisterMapped | cudaHostRegisterIoMemory |
                                        cudaHostRegisterReadOnly;
// Rows of pitched allocations are aligned like a GPU's texture pitch.
constexpr size_t kPitchAlignment = 512;

cudaError_t MallocDevice(void** ptr, size_t size) {
  CUDASHIM_REQUIRE_NONNULL(ptr);
  if (size == 0) {
    *ptr = nullptr;
    return cudaSuccess;
  }
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  if (absl::Status sticky = device->sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  CUDASHIM_ASSIGN_OR_RETURN(*ptr, core::AllocateDevice(*device, size));
  return cudaSuccess;
}

cudaError_t MallocAsync(void** ptr, size_t size, core::MemPool* pool, cudaStream_t s, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(ptr);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Rt().ResolveStream(s, ptsz));
  core::DeviceContext& device = stream->device();
  if (pool == nullptr) pool = &core::Pools().Current(device.ordinal());
  if (size == 0) {
    *ptr = nullptr;
    return cudaSuccess;
  }
  // The memory exists from now on; stream order only matters for its release.
  CUDASHIM_ASSIGN_OR_RETURN(*ptr, core::AllocateDevice(device, size, pool));
  return cudaSuccess;
}

cudaError_t FreeAsync(void* ptr, cudaStream_t s, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Rt().ResolveStream(s, ptsz));
  if (ptr == nullptr) return cudaSuccess;
  CUDASHIM_RETURN(core::FreeDevice(ptr, stream.get()));
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaMalloc(void** devPtr, size_t size) {
  CUDASHIM_TRACE();
  return MallocDevice(devPtr, size);
}

CUDASHIM_EXPORT cudaError_t cudaFree(void* devPtr) {
  CUDASHIM_TRACE();
  if (devPtr == nullptr) return cudaSuccess;
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  if (absl::Status sticky = device->sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  CUDASHIM_RETURN(core::FreeDevice(devPtr, nullptr));
}

CUDASHIM_EXPORT cudaError_t cudaMallocPitch(void** devPtr, size_t* pitch, size_t width, size_t height) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(devPtr);
  CUDASHIM_REQUIRE_NONNULL(pitch);
  size_t p = (width + kPitchAlignment - 1) / kPitchAlignment * kPitchAlignment;
  if (width == 0 || height == 0) {
    *pitch = p;
    *devPtr = nullptr;
    return cudaSuccess;
  }
  if (height > SIZE_MAX / p) {
    CUDASHIM_RETURN(CudaError(cudaErrorMemoryAllocation, "pitched allocation size overflows"));
  }
  cudaError_t e = MallocDevice(devPtr, p * height);
  if (e == cudaSuccess) *pitch = p;
  return e;
}

CUDASHIM_EXPORT cudaError_t cudaMalloc3D(cudaPitchedPtr* pitchedDevPtr, cudaExtent extent) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pitchedDevPtr);
  size_t pitch = 0;
  void* ptr = nullptr;
  size_t rows = extent.height * extent.depth;
  cudaError_t e = cudaMallocPitch(&ptr, &pitch, extent.width, rows);
  if (e != cudaSuccess) return e;
  *pitchedDevPtr = cudaPitchedPtr{ptr, pitch, extent.width, extent.height};
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaHostAlloc(void** pHost, size_t size, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pHost);
  if ((flags & ~kHostAllocFlags) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat("invalid cudaHostAlloc flags ", flags)));
  }
  if (size == 0) {
    *pHost = nullptr;
    return cudaSuccess;
  }
  CUDASHIM_ASSIGN_OR_RETURN(*pHost, core::AllocateHost(core::CurrentThread().device, size, flags));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMallocHost(void** ptr, size_t size) {
  CUDASHIM_TRACE();
  return cudaHostAlloc(ptr, size, cudaHostAllocDefault);
}

CUDASHIM_EXPORT cudaError_t cudaFreeHost(void* ptr) {
  CUDASHIM_TRACE();
  if (ptr == nullptr) return cudaSuccess;
  CUDASHIM_RETURN(core::FreeHost(ptr));
}

CUDASHIM_EXPORT cudaError_t cudaHostRegister(void* ptr, size_t size, unsigned int flags) {
  CUDASHIM_TRACE();
  if (ptr == nullptr || size == 0 || (flags & ~kHostRegisterFlags) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaHostRegister: NULL pointer, zero size or bad flags"));
  }
  CUDASHIM_RETURN(core::RegisterHost(core::CurrentThread().device, ptr, size, flags));
}

CUDASHIM_EXPORT cudaError_t cudaHostUnregister(void* ptr) {
  CUDASHIM_TRACE();
  if (ptr == nullptr) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "ptr is NULL"));
  CUDASHIM_RETURN(core::UnregisterHost(ptr));
}

CUDASHIM_EXPORT cudaError_t cudaHostGetDevicePointer(void** pDevice, void* pHost, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pDevice);
  if (flags != 0) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "flags must be 0"));
  std::optional<core::Allocation> a = Rt().allocations().Find(pHost);
  if (!a || (a->kind != core::MemoryKind::kHost && a->kind != core::MemoryKind::kHostRegistered &&
             a->kind != core::MemoryKind::kManaged)) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue,
                              "cudaHostGetDevicePointer: not page-locked host memory"));
  }
  *pDevice = pHost;  // one address space: the device sees host memory at the same address
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaHostGetFlags(unsigned int* pFlags, void* pHost) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pFlags);
  std::optional<core::Allocation> a = Rt().allocations().Find(pHost);
  if (!a || (a->kind != core::MemoryKind::kHost && a->kind != core::MemoryKind::kHostRegistered)) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaHostGetFlags: not page-locked host memory"));
  }
  *pFlags = a->flags | cudaHostAllocMapped;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMallocManaged(void** devPtr, size_t size, unsigned int flags) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(devPtr);
  if (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaMallocManaged: invalid flags"));
  }
  if (size == 0) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaMallocManaged: size is 0"));
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  CUDASHIM_ASSIGN_OR_RETURN(*devPtr, core::AllocateManaged(device->ordinal(), size, flags));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMemGetInfo(size_t* free, size_t* total) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  size_t capacity = device->profile().total_memory;
  size_t used = std::min(capacity, Rt().allocations().DeviceBytesInUse(device->ordinal()));
  if (free) *free = capacity - used;
  if (total) *total = capacity;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* attributes, const void* ptr) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(attributes);
  *attributes = cudaPointerAttributes{};
  std::optional<core::Allocation> a = Rt().allocations().Find(ptr);
  void* p = const_cast<void*>(ptr);
  if (!a) {
    // Memory the runtime does not know: ordinary pageable host memory.
    attributes->type = cudaMemoryTypeUnregistered;
    attributes->device = -2;
    return cudaSuccess;
  }
  attributes->device = a->device;
  switch (a->kind) {
    case core::MemoryKind::kDevice:
    case core::MemoryKind::kModuleVariable:
    case core::MemoryKind::kArray:
      attributes->type = cudaMemoryTypeDevice;
      attributes->devicePointer = p;
      break;
    case core::MemoryKind::kHost:
    case core::MemoryKind::kHostRegistered:
      attributes->type = cudaMemoryTypeHost;
      attributes->devicePointer = p;
      attributes->hostPointer = p;
      break;
    case core::MemoryKind::kManaged:
      attributes->type = cudaMemoryTypeManaged;
      attributes->devicePointer = p;
      attributes->hostPointer = p;
      break;
  }
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMallocAsync(void** p, size_t n, cudaStream_t s) {
  CUDASHIM_TRACE();
  return MallocAsync(p, n, nullptr, s, false);
}
CUDASHIM_EXPORT cudaError_t cudaMallocAsync_ptsz(void** p, size_t n, cudaStream_t s) {
  CUDASHIM_TRACE();
  return MallocAsync(p, n, nullptr, s, true);
}
CUDASHIM_EXPORT cudaError_t cudaMallocFromPoolAsync(void** p, size_t n, cudaMemPool_t pool, cudaStream_t s) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* found, core::Pools().Find(pool));
  return MallocAsync(p, n, found, s, false);
}
CUDASHIM_EXPORT cudaError_t cudaMallocFromPoolAsync_ptsz(void** p, size_t n, cudaMemPool_t pool,
                                                         cudaStream_t s) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* found, core::Pools().Find(pool));
  return MallocAsync(p, n, found, s, true);
}
CUDASHIM_EXPORT cudaError_t cudaFreeAsync(void* p, cudaStream_t s) { CUDASHIM_TRACE(); return FreeAsync(p, s, false); }
CUDASHIM_EXPORT cudaError_t cudaFreeAsync_ptsz(void* p, cudaStream_t s) { CUDASHIM_TRACE(); return FreeAsync(p, s, true); }

CUDASHIM_EXPORT cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* memPool, int device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(memPool);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, Rt().Device(device));
  *memPool = reinterpret_cast<cudaMemPool_t>(&core::Pools().Default(d->ordinal()));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceGetMemPool(cudaMemPool_t* memPool, int device) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(memPool);
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, Rt().Device(device));
  *memPool = reinterpret_cast<cudaMemPool_t>(&core::Pools().Current(d->ordinal()));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, Rt().Device(device));
  CUDASHIM_ASSIGN_OR_RETURN(auto* pool, core::Pools().Find(memPool));
  if (pool->device() != d->ordinal()) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidDevice, "the pool belongs to another device"));
  }
  core::Pools().SetCurrent(d->ordinal(), *pool);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMemPoolCreate(cudaMemPool_t* memPool, const cudaMemPoolProps* props) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(memPool);
  CUDASHIM_REQUIRE_NONNULL(props);
  if (props->allocType != cudaMemAllocationTypePinned ||
      props->location.type != cudaMemLocationTypeDevice) {
    CUDASHIM_RETURN(CudaError(cudaErrorNotSupported,
                              "cudaMemPoolCreate: only pinned device-located pools are supported"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(auto* d, Rt().Device(props->location.id));
  *memPool = reinterpret_cast<cudaMemPool_t>(&core::Pools().Create(d->ordinal()));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool) {
  CUDASHIM_TRACE();
  CUDASHIM_RETURN(core::Pools().Destroy(memPool));
}

CUDASHIM_EXPORT cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* pool, core::Pools().Find(memPool));
  CUDASHIM_RETURN(pool->SetAttribute(attr, value));
}

CUDASHIM_EXPORT cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* pool, core::Pools().Find(memPool));
  CUDASHIM_RETURN(pool->GetAttribute(attr, value));
}

CUDASHIM_EXPORT cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* pool, core::Pools().Find(memPool));
  (void)pool;
  return cudaSuccess;  // freed pool memory is returned at once; nothing is cached to trim
}

CUDASHIM_EXPORT cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice,
                                          cudaMemLocation location) {
  CUDASHIM_TRACE();
  std::optional<core::Allocation> a = Rt().allocations().Find(devPtr);
  if (!a || a->kind != core::MemoryKind::kManaged || !a->Contains(reinterpret_cast<uintptr_t>(devPtr), count)) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaMemAdvise: not a managed memory range"));
  }
  return cudaSuccess;  // advice about placement has nothing to act on in one memory
}

CUDASHIM_EXPORT cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, cudaMemLocation location,
                                                 unsigned int flags, cudaStream_t stream) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto s, Rt().ResolveStream(stream, false));
  (void)s;
  std::optional<core::Allocation> a = Rt().allocations().Find(devPtr);
  if (!a || a->kind != core::MemoryKind::kManaged) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "cudaMemPrefetchAsync: not managed memory"));
  }
  return cudaSuccess;
}
