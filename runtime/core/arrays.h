// CUDA arrays (cudaMallocArray, cudaMalloc3DArray): opaque texel storage that texture and surface
// objects read and write, and the strided regions copies to and from them use.
//
// A cudaArray_t is the address of an `Array`. Its texels are device memory (the device's own
// allocator, recorded as MemoryKind::kArray) laid out row-major without padding: x fastest, then
// rows, then slices (3-D) or layers (layered arrays).
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "driver_types.h"
#include "runtime/core/device_context.h"
#include "runtime/core/memory.h"
#include "runtime/hal/texture.h"

namespace cudashim::core {

struct Array {
  cudaChannelFormatDesc desc{};
  cudaExtent extent{};  // as requested: height 0 for 1-D, depth 0 for 2-D
  unsigned flags = 0;   // cudaArrayLayered, cudaArraySurfaceLoadStore, ...
  int device = 0;
  hal::TexelFormat format;
  // Texels in each dimension (at least 1); `depth` counts layers of a layered array.
  size_t width = 1, height = 1, depth = 1;
  size_t pitch = 0, slice_pitch = 0, bytes = 0;
  void* data = nullptr;

  size_t row_bytes() const { return width * format.bytes(); }
  bool layered() const { return (flags & cudaArrayLayered) != 0; }
  // 1, 2 or 3: the dimensions a texture coordinate addresses (layers excluded).
  int dims() const;
};

// The texel format of a channel descriptor; cudaErrorInvalidChannelDescriptor when it names none
// cudashim supports (1, 2 or 4 equal channels of 8/16/32 bits; half or float for float kinds).
absl::StatusOr<hal::TexelFormat> FormatOf(const cudaChannelFormatDesc& desc);

absl::StatusOr<Array*> CreateArray(DeviceContext& device, const cudaChannelFormatDesc& desc,
                                   cudaExtent extent, unsigned flags);
// cudaFreeArray: waits for the device to finish its work first, like cudaFree.
absl::Status DestroyArray(cudaArray_const_t handle);
// A live array; an unknown or freed handle is cudaErrorInvalidValue, as NVIDIA reports it.
absl::StatusOr<Array*> FindArray(cudaArray_const_t handle);

// The region of `array` that a copy of `shape` (width in bytes) touches starting at byte `x` of
// row `y` of slice `z`; cudaErrorInvalidValue when it does not fit inside the array.
absl::StatusOr<Region> ArrayRegion(const Array& array, size_t x, size_t y, size_t z,
                                   const CopyShape& shape);

// The deprecated cudaMemcpy{To,From}Array forms: `bytes` copied linearly from byte `x` of row `y`,
// running on into the following rows; cudaErrorInvalidValue when they leave the array.
absl::StatusOr<uintptr_t> ArrayLinearRange(const Array& array, size_t x, size_t y, size_t bytes);

}  // namespace cudashim::core
