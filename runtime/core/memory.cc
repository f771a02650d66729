#include "absl/strings/string_view.h"
#include "runtime/core/memory.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/core/mem_pool.h"
#include "runtime/core/runtime.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {

constexpr size_t kAlignment = 256;

AllocationTable& Table() { return Runtime::Get().allocations(); }

std::string Hex(uintptr_t p) { return absl::StrCat("0x", absl::Hex(p)); }

absl::Status OutOfMemory(size_t bytes) {
  return CudaError(cudaErrorMemoryAllocation, absl::StrCat("cannot allocate ", bytes, " bytes"));
}

// Host memory the runtime hands out (page-locked on a GPU system; ordinary here).
absl::StatusOr<void*> AllocateHostBytes(size_t bytes) {
  if (bytes > (size_t{1} << 48)) return OutOfMemory(bytes);
  void* p = std::aligned_alloc(kAlignment, (bytes + kAlignment - 1) / kAlignment * kAlignment);
  if (p == nullptr) return OutOfMemory(bytes);
  return p;
}

// A range that starts inside a known allocation must end inside it too.
absl::Status CheckRange(uintptr_t p, size_t bytes, absl::string_view what) {
  if (bytes == 0) return absl::OkStatus();
  std::optional<Allocation> a = Table().Find(reinterpret_cast<const void*>(p));
  if (a && !a->Contains(p, bytes)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat(what, " range [", Hex(p), ", +", bytes,
                                  ") runs past the end of its allocation (", Hex(a->base), ", ",
                                  a->size, " bytes)"));
  }
  return absl::OkStatus();
}

absl::Status CheckRegion(const Region& r, const CopyShape& s, absl::string_view what) {
  if (r.base == 0) return CudaError(cudaErrorInvalidValue, absl::StrCat(what, " pointer is NULL"));
  size_t last = (s.depth - 1) * r.slice_pitch + (s.rows - 1) * r.pitch + s.width;
  return CheckRange(r.base, last, what);
}

}  // namespace

absl::StatusOr<void*> AllocateDevice(DeviceContext& device, size_t bytes, MemPool* pool) {
  size_t in_use = Table().DeviceBytesInUse(device.ordinal());
  if (bytes > device.profile().total_memory || in_use > device.profile().total_memory - bytes) {
    return CudaError(cudaErrorMemoryAllocation,
                     absl::StrCat("cannot allocate ", bytes, " bytes on device ", device.ordinal(),
                                  ": ", device.profile().total_memory - in_use, " bytes free"));
  }
  absl::StatusOr<void*> p = device.device().Allocate(bytes);
  if (!p.ok()) return p.status();
  Table().Insert({.base = reinterpret_cast<uintptr_t>(*p),
                  .size = bytes,
                  .kind = MemoryKind::kDevice,
                  .device = device.ordinal(),
                  .pool = pool});
  if (pool != nullptr) pool->Allocated(bytes);
  return *p;
}

absl::Status FreeDevice(void* ptr, Stream* ordered_after) {
  std::optional<Allocation> a = Table().Find(ptr);
  if (a && a->base == reinterpret_cast<uintptr_t>(ptr) && a->kind == MemoryKind::kManaged &&
      ordered_after == nullptr) {
    // cudaMallocManaged memory is released with cudaFree too.
    Table().Remove(ptr);
    if (absl::StatusOr<DeviceContext*> d = Runtime::Get().Device(a->device); d.ok()) (*d)->WaitIdle();
    std::free(ptr);
    return absl::OkStatus();
  }
  if (!a || a->base != reinterpret_cast<uintptr_t>(ptr) || a->kind != MemoryKind::kDevice) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("cudaFree: ", Hex(reinterpret_cast<uintptr_t>(ptr)),
                                  " is not a device allocation (freed twice, or never allocated)"));
  }
  Table().Remove(ptr);
  if (a->pool != nullptr) static_cast<MemPool*>(a->pool)->Freed(a->size);
  absl::StatusOr<DeviceContext*> device = Runtime::Get().Device(a->device);
  if (!device.ok()) return device.status();
  DeviceContext* d = *device;
  if (ordered_after != nullptr) {
    d->Enqueue(*ordered_after, [d, ptr, size = a->size] {
      d->device().Free(ptr, size);
      return absl::OkStatus();
    });
  } else {
    // cudaFree synchronizes with the device before releasing, so no queued work can still use it.
    d->WaitIdle();
    d->device().Free(ptr, a->size);
  }
  return absl::OkStatus();
}

absl::StatusOr<void*> AllocateHost(int device, size_t bytes, unsigned flags) {
  absl::StatusOr<void*> p = AllocateHostBytes(bytes);
  if (!p.ok()) return p.status();
  Table().Insert({.base = reinterpret_cast<uintptr_t>(*p),
                  .size = bytes,
                  .kind = MemoryKind::kHost,
                  .device = device,
                  .flags = flags});
  return *p;
}

absl::Status FreeHost(void* ptr) {
  std::optional<Allocation> a = Table().Find(ptr);
  if (!a || a->base != reinterpret_cast<uintptr_t>(ptr) || a->kind != MemoryKind::kHost) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("cudaFreeHost: ", Hex(reinterpret_cast<uintptr_t>(ptr)),
                                  " is not a cudaHostAlloc/cudaMallocHost allocation"));
  }
  Table().Remove(ptr);
  std::free(ptr);
  return absl::OkStatus();
}

absl::StatusOr<void*> AllocateManaged(int device, size_t bytes, unsigned flags) {
  absl::StatusOr<void*> p = AllocateHostBytes(bytes);
  if (!p.ok()) return p.status();
  std::memset(*p, 0, bytes);
  Table().Insert({.base = reinterpret_cast<uintptr_t>(*p),
                  .size = bytes,
                  .kind = MemoryKind::kManaged,
                  .device = device,
                  .flags = flags});
  return *p;
}

absl::Status RegisterHost(int device, void* ptr, size_t bytes, unsigned flags) {
  if (Table().Overlaps(ptr, bytes)) {
    return CudaError(cudaErrorHostMemoryAlreadyRegistered,
                     absl::StrCat("cudaHostRegister: [", Hex(reinterpret_cast<uintptr_t>(ptr)), ", +",
                                  bytes, ") overlaps memory already registered or allocated"));
  }
  Table().Insert({.base = reinterpret_cast<uintptr_t>(ptr),
                  .size = bytes,
                  .kind = MemoryKind::kHostRegistered,
                  .device = device,
                  .flags = flags});
  return absl::OkStatus();
}

absl::Status UnregisterHost(void* ptr) {
  std::optional<Allocation> a = Table().Find(ptr);
  if (!a || a->base != reinterpret_cast<uintptr_t>(ptr) || a->kind != MemoryKind::kHostRegistered) {
    return CudaError(cudaErrorHostMemoryNotRegistered,
                     absl::StrCat("cudaHostUnregister: ", Hex(reinterpret_cast<uintptr_t>(ptr)),
                                  " was not registered"));
  }
  Table().Remove(ptr);
  return absl::OkStatus();
}

void FreeAllDeviceMemory(DeviceContext& device) {
  device.WaitIdle();
  for (const Allocation& a : Table().RemoveAll(device.ordinal(), MemoryKind::kDevice)) {
    device.device().Free(reinterpret_cast<void*>(a.base), a.size);
  }
}

absl::StatusOr<uint64_t> EnqueueCopy(Stream& stream, Region dst, Region src, CopyShape shape,
                                     cudaMemcpyKind kind) {
  if (kind < cudaMemcpyHostToHost || kind > cudaMemcpyDefault) {
    return CudaError(cudaErrorInvalidMemcpyDirection,
                     absl::StrCat("invalid cudaMemcpyKind ", static_cast<int>(kind)));
  }
  if (shape.width == 0 || shape.rows == 0 || shape.depth == 0) return stream.tail();
  if (absl::Status s = CheckRegion(dst, shape, "destination"); !s.ok()) return s;
  if (absl::Status s = CheckRegion(src, shape, "source"); !s.ok()) return s;
  return stream.device().Enqueue(stream, [dst, src, shape] {
    for (size_t z = 0; z < shape.depth; ++z) {
      for (size_t y = 0; y < shape.rows; ++y) {
        std::memmove(reinterpret_cast<void*>(dst.base + z * dst.slice_pitch + y * dst.pitch),
                     reinterpret_cast<const void*>(src.base + z * src.slice_pitch + y * src.pitch),
                     shape.width);
      }
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<uint64_t> EnqueueFill(Stream& stream, Region dst, CopyShape shape, int value) {
  if (shape.width == 0 || shape.rows == 0 || shape.depth == 0) return stream.tail();
  if (absl::Status s = CheckRegion(dst, shape, "destination"); !s.ok()) return s;
  return stream.device().Enqueue(stream, [dst, shape, value] {
    for (size_t z = 0; z < shape.depth; ++z) {
      for (size_t y = 0; y < shape.rows; ++y) {
        std::memset(reinterpret_cast<void*>(dst.base + z * dst.slice_pitch + y * dst.pitch), value,
                    shape.width);
      }
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<uint64_t> EnqueueCopy(Stream& stream, void* dst, const void* src, size_t bytes,
                                     cudaMemcpyKind kind) {
  return EnqueueCopy(stream, Region{.base = reinterpret_cast<uintptr_t>(dst), .pitch = bytes},
                     Region{.base = reinterpret_cast<uintptr_t>(src), .pitch = bytes},
                     CopyShape{.width = bytes}, kind);
}

bool IsPageable(const void* ptr) { return !Table().Find(ptr).has_value(); }

absl::StatusOr<uint64_t> EnqueueStagedCopy(Stream& stream, void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return stream.tail();
  if (dst == nullptr || src == nullptr) return CudaError(cudaErrorInvalidValue, "NULL pointer");
  if (absl::Status s = CheckRange(reinterpret_cast<uintptr_t>(dst), bytes, "destination"); !s.ok()) {
    return s;
  }
  std::vector<uint8_t> staged(static_cast<const uint8_t*>(src), static_cast<const uint8_t*>(src) + bytes);
  return stream.device().Enqueue(stream, [dst, staged = std::move(staged)] {
    std::memcpy(dst, staged.data(), staged.size());
    return absl::OkStatus();
  });
}

absl::StatusOr<uint64_t> EnqueueFill(Stream& stream, void* dst, int value, size_t bytes) {
  return EnqueueFill(stream, Region{.base = reinterpret_cast<uintptr_t>(dst), .pitch = bytes},
                     CopyShape{.width = bytes}, value);
}

}  // namespace cudashim::core
