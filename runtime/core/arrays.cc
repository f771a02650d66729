#include "runtime/core/arrays.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/core/runtime.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {

struct Registry {
  std::mutex mu;
  absl::flat_hash_set<const Array*> live;
};
Registry& Arrays() {
  static auto* r = new Registry;  // never destroyed (DESIGN.md §5)
  return *r;
}

absl::Status BadChannels(const cudaChannelFormatDesc& d, absl::string_view why) {
  return CudaError(cudaErrorInvalidChannelDescriptor,
                   absl::StrCat("channel descriptor {", d.x, ", ", d.y, ", ", d.z, ", ", d.w,
                                ", kind ", static_cast<int>(d.f), "}: ", why));
}

// The formats CUDA 11.5+ names by kind alone (cudaChannelFormatKind*Normalized*).
bool NormalizedKind(cudaChannelFormatKind f, hal::TexelFormat& out) {
  int k = static_cast<int>(f);
  if (k >= cudaChannelFormatKindUnsignedNormalized8X1 &&
      k <= cudaChannelFormatKindSignedNormalized16X4) {
    int i = k - cudaChannelFormatKindUnsignedNormalized8X1;  // 0..11
    static constexpr uint8_t kChannels[3] = {1, 2, 4};
    out.channels = kChannels[i % 3];
    out.bits = (i / 3) % 2 == 0 ? 8 : 16;
    out.kind = i < 6 ? hal::TexelKind::kUnsigned : hal::TexelKind::kSigned;
    return true;
  }
  return false;
}

}  // namespace

int Array::dims() const {
  if (extent.height == 0) return 1;
  if (extent.depth == 0 || layered()) return 2;
  return 3;
}

absl::StatusOr<hal::TexelFormat> FormatOf(const cudaChannelFormatDesc& d) {
  hal::TexelFormat f;
  if (NormalizedKind(d.f, f)) return f;
  int bits[4] = {d.x, d.y, d.z, d.w};
  int channels = 0;
  while (channels < 4 && bits[channels] != 0) ++channels;
  for (int i = channels; i < 4; ++i) {
    if (bits[i] != 0) return BadChannels(d, "channels must be filled from x onward");
  }
  if (channels == 0) return BadChannels(d, "no channel has bits");
  if (channels == 3) return BadChannels(d, "3-channel formats do not exist; use 4");
  for (int i = 1; i < channels; ++i) {
    if (bits[i] != bits[0]) return BadChannels(d, "all channels must have the same size");
  }
  if (bits[0] != 8 && bits[0] != 16 && bits[0] != 32) {
    return BadChannels(d, "channels must have 8, 16 or 32 bits");
  }
  f.channels = static_cast<uint8_t>(channels);
  f.bits = static_cast<uint8_t>(bits[0]);
  switch (d.f) {
    case cudaChannelFormatKindSigned: f.kind = hal::TexelKind::kSigned; break;
    case cudaChannelFormatKindUnsigned: f.kind = hal::TexelKind::kUnsigned; break;
    case cudaChannelFormatKindFloat:
      if (f.bits == 8) return BadChannels(d, "float channels have 16 (half) or 32 bits");
      f.kind = hal::TexelKind::kFloat;
      break;
    default:
      return CudaError(cudaErrorNotSupported,
                       absl::StrCat("cudashim does not support channel format kind ",
                                    static_cast<int>(d.f), " (block-compressed, NV12, ...)"));
  }
  return f;
}

absl::StatusOr<Array*> CreateArray(DeviceContext& device, const cudaChannelFormatDesc& desc,
                                   cudaExtent extent, unsigned flags) {
  constexpr unsigned kKnownFlags = cudaArrayLayered | cudaArraySurfaceLoadStore | cudaArrayCubemap |
                                   cudaArrayTextureGather;
  if ((flags & ~kKnownFlags) != 0) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("unsupported CUDA array flags 0x", absl::Hex(flags)));
  }
  absl::StatusOr<hal::TexelFormat> format = FormatOf(desc);
  if (!format.ok()) return format.status();
  bool layered = (flags & cudaArrayLayered) != 0;
  if (extent.width == 0 || (extent.height == 0 && extent.depth != 0 && !layered) ||
      (layered && extent.depth == 0)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("invalid CUDA array extent {", extent.width, ", ", extent.height,
                                  ", ", extent.depth, "}", layered ? " for a layered array" : ""));
  }
  bool cube_depth_ok = layered ? extent.depth % 6 == 0 : extent.depth == 6;
  if ((flags & cudaArrayCubemap) != 0 && (extent.width != extent.height || !cube_depth_ok)) {
    return CudaError(cudaErrorInvalidValue, "a cubemap array needs width == height and depth 6 (per layer)");
  }
  auto array = std::make_unique<Array>();
  array->desc = desc;
  array->extent = extent;
  array->flags = flags;
  array->device = device.ordinal();
  array->format = *format;
  array->width = extent.width;
  array->height = extent.height == 0 ? 1 : extent.height;
  array->depth = extent.depth == 0 ? 1 : extent.depth;
  // 1-D and 2-D sizes as the GPU limits them (maxTexture3D / maxTexture2DLayered bound the rest).
  constexpr size_t kMax1D = 131072, kMax2D[2] = {131072, 65536}, kMax3D = 16384, kMaxLayers = 2048;
  bool too_big = array->dims() == 1 ? array->width > kMax1D
                 : array->dims() == 2 ? array->width > kMax2D[0] || array->height > kMax2D[1]
                                      : array->width > kMax3D || array->height > kMax3D || array->depth > kMax3D;
  if (layered && array->depth > kMaxLayers) too_big = true;
  if (too_big) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("CUDA array extent {", extent.width, ", ", extent.height, ", ",
                                  extent.depth, "} exceeds the device's texture limits"));
  }
  array->pitch = array->row_bytes();
  array->slice_pitch = array->pitch * array->height;
  array->bytes = array->slice_pitch * array->depth;

  size_t in_use = Runtime::Get().allocations().DeviceBytesInUse(device.ordinal());
  if (array->bytes > device.profile().total_memory ||
      in_use > device.profile().total_memory - array->bytes) {
    return CudaError(cudaErrorMemoryAllocation,
                     absl::StrCat("cannot allocate a CUDA array of ", array->bytes, " bytes on device ",
                                  device.ordinal()));
  }
  absl::StatusOr<void*> data = device.device().Allocate(array->bytes);
  if (!data.ok()) return data.status();
  array->data = *data;
  Runtime::Get().allocations().Insert({.base = reinterpret_cast<uintptr_t>(*data),
                                       .size = array->bytes,
                                       .kind = MemoryKind::kArray,
                                       .device = device.ordinal()});
  Registry& r = Arrays();
  std::lock_guard lock(r.mu);
  r.live.insert(array.get());
  return array.release();
}

absl::StatusOr<Array*> FindArray(cudaArray_const_t handle) {
  const auto* a = reinterpret_cast<const Array*>(handle);
  Registry& r = Arrays();
  std::lock_guard lock(r.mu);
  if (handle == nullptr || !r.live.contains(a)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("CUDA array 0x", absl::Hex(reinterpret_cast<uintptr_t>(handle)),
                                  handle == nullptr ? " is NULL" : " is not a live array (freed, or never allocated)"));
  }
  return const_cast<Array*>(a);
}

absl::Status DestroyArray(cudaArray_const_t handle) {
  absl::StatusOr<Array*> found = FindArray(handle);
  if (!found.ok()) return found.status();
  Array* a = *found;
  {
    Registry& r = Arrays();
    std::lock_guard lock(r.mu);
    if (r.live.erase(a) == 0) return CudaError(cudaErrorInvalidValue, "CUDA array freed twice");
  }
  Runtime::Get().allocations().Remove(a->data);
  absl::StatusOr<DeviceContext*> device = Runtime::Get().Device(a->device);
  if (device.ok()) {
    (*device)->WaitIdle();  // queued kernels and copies may still use it
    (*device)->device().Free(a->data, a->bytes);
  }
  delete a;
  return absl::OkStatus();
}

absl::StatusOr<Region> ArrayRegion(const Array& array, size_t x, size_t y, size_t z,
                                   const CopyShape& shape) {
  size_t rows = std::max<size_t>(shape.rows, 1), depth = std::max<size_t>(shape.depth, 1);
  if (x > array.row_bytes() || shape.width > array.row_bytes() - x || y > array.height ||
      rows > array.height - y || z > array.depth || depth > array.depth - z) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("copy of ", shape.width, " bytes x ", rows, " rows x ", depth,
                                  " slices at (byte ", x, ", row ", y, ", slice ", z,
                                  ") does not fit in the CUDA array (", array.row_bytes(),
                                  " bytes x ", array.height, " rows x ", array.depth, " slices)"));
  }
  return Region{.base = reinterpret_cast<uintptr_t>(array.data) + z * array.slice_pitch +
                        y * array.pitch + x,
                .pitch = array.pitch,
                .slice_pitch = array.slice_pitch};
}

absl::StatusOr<uintptr_t> ArrayLinearRange(const Array& array, size_t x, size_t y, size_t bytes) {
  size_t rows = array.height * array.depth;
  if (x >= array.row_bytes() || y >= rows || bytes > array.bytes - (y * array.pitch + x)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat(bytes, " bytes at (byte ", x, ", row ", y,
                                  ") do not fit in the CUDA array (", array.bytes, " bytes)"));
  }
  return reinterpret_cast<uintptr_t>(array.data) + y * array.pitch + x;
}

}  // namespace cudashim::core
