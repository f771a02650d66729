// Memory the runtime hands out (device, page-locked host, managed, registered) and stream-ordered
// copies and fills between any of them. All memory shares one address space, so a copy of any
// cudaMemcpyKind is a memmove done in stream order; what differs is validation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "driver_types.h"
#include "runtime/core/device_context.h"
#include "runtime/core/stream.h"

namespace cudashim::core {

class MemPool;
// `pool`: the pool a stream-ordered allocation (cudaMallocAsync) comes from, else null.
absl::StatusOr<void*> AllocateDevice(DeviceContext& device, size_t bytes, MemPool* pool = nullptr);
// cudaFree / cudaFreeAsync: only pointers from AllocateDevice (or a module never: InvalidValue).
absl::Status FreeDevice(void* ptr, Stream* ordered_after);
absl::StatusOr<void*> AllocateHost(int device, size_t bytes, unsigned flags);
absl::Status FreeHost(void* ptr);
absl::StatusOr<void*> AllocateManaged(int device, size_t bytes, unsigned flags);
absl::Status RegisterHost(int device, void* ptr, size_t bytes, unsigned flags);
absl::Status UnregisterHost(void* ptr);
// cudaDeviceReset: frees the device's memory.
void FreeAllDeviceMemory(DeviceContext& device);

// A strided region: `rows` rows of `width` bytes, `pitch` bytes apart, `depth` slices
// `slice_pitch` bytes apart.
struct Region {
  uintptr_t base = 0;
  size_t pitch = 0;
  size_t slice_pitch = 0;
};
struct CopyShape {
  size_t width = 0;  // bytes per row
  size_t rows = 1;
  size_t depth = 1;
};

// Validates `kind` and that device-side ranges stay inside their allocations; then enqueues.
// Returns the position of the copy in `stream`.
absl::StatusOr<uint64_t> EnqueueCopy(Stream& stream, Region dst, Region src, CopyShape shape,
                                     cudaMemcpyKind kind);
absl::StatusOr<uint64_t> EnqueueFill(Stream& stream, Region dst, CopyShape shape, int value);

// Plain 1-D forms.
absl::StatusOr<uint64_t> EnqueueCopy(Stream& stream, void* dst, const void* src, size_t bytes,
                                     cudaMemcpyKind kind);
absl::StatusOr<uint64_t> EnqueueFill(Stream& stream, void* dst, int value, size_t bytes);

// Whether `ptr` is memory the runtime does not know (ordinary pageable host memory). CUDA stages
// async copies from pageable memory at once and completes copies into it before returning.
bool IsPageable(const void* ptr);
// cudaMemcpyAsync from pageable memory: the source is captured now, so the caller may reuse it as
// soon as the call returns; the copy into `dst` still happens in stream order.
absl::StatusOr<uint64_t> EnqueueStagedCopy(Stream& stream, void* dst, const void* src, size_t bytes);

}  // namespace cudashim::core
