// CUDA arrays: allocation, queries, and copies between arrays and linear memory (the 2-D forms,
// the deprecated linear forms, array to array). cudaMemcpy3D with arrays is in memcpy_api.cc.
// Offsets and widths are in bytes, heights in rows, as CUDA defines them for these calls.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "runtime/core/arrays.h"
#include "runtime/core/memory.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

using core::CopyShape;
using core::Region;

cudaError_t MallocArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, cudaExtent extent,
                        unsigned flags) {
  CUDASHIM_REQUIRE_NONNULL(array);
  CUDASHIM_REQUIRE_NONNULL(desc);
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  if (absl::Status sticky = device->sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::CreateArray(*device, *desc, extent, flags));
  *array = reinterpret_cast<cudaArray_t>(a);
  return cudaSuccess;
}

// Enqueue on the stream, then either return (async) or wait for completion (sync).
cudaError_t Run(cudaStream_t s, bool per_thread, bool sync,
                absl::FunctionRef<absl::StatusOr<uint64_t>(core::Stream&)> enqueue) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Rt().ResolveStream(s, per_thread));
  if (absl::Status sticky = stream->device().sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  CUDASHIM_ASSIGN_OR_RETURN(uint64_t position, enqueue(*stream));
  if (sync) CUDASHIM_RETURN(WaitAndCheck(*stream, position));
  return cudaSuccess;
}

absl::Status CheckPitch(size_t pitch, size_t width, size_t height, const char* which) {
  if (height > 1 && width > pitch) {
    return CudaError(cudaErrorInvalidPitchValue,
                     absl::StrCat("width ", width, " exceeds ", which, " pitch ", pitch));
  }
  return absl::OkStatus();
}

Region Linear(const void* p, size_t pitch) {
  return Region{.base = reinterpret_cast<uintptr_t>(p), .pitch = pitch};
}

cudaError_t ToArray2D(cudaArray_t dst, size_t x, size_t y, const void* src, size_t spitch,
                      size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s,
                      bool per_thread, bool sync) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(dst));
  CopyShape shape{.width = width, .rows = height};
  if (width == 0 || height == 0) return cudaSuccess;
  if (absl::Status p = CheckPitch(spitch, width, height, "source"); !p.ok()) CUDASHIM_RETURN(p);
  CUDASHIM_ASSIGN_OR_RETURN(Region to, core::ArrayRegion(*a, x, y, 0, shape));
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, to, Linear(src, spitch), shape, kind);
  });
}

cudaError_t FromArray2D(void* dst, size_t dpitch, cudaArray_const_t src, size_t x, size_t y,
                        size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s,
                        bool per_thread, bool sync) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(src));
  CopyShape shape{.width = width, .rows = height};
  if (width == 0 || height == 0) return cudaSuccess;
  if (absl::Status p = CheckPitch(dpitch, width, height, "destination"); !p.ok()) CUDASHIM_RETURN(p);
  CUDASHIM_ASSIGN_OR_RETURN(Region from, core::ArrayRegion(*a, x, y, 0, shape));
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, Linear(dst, dpitch), from, shape, kind);
  });
}

cudaError_t ArrayToArray2D(cudaArray_t dst, size_t dx, size_t dy, cudaArray_const_t src, size_t sx,
                           size_t sy, size_t width, size_t height, cudaMemcpyKind kind,
                           bool per_thread) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * d, core::FindArray(dst));
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(src));
  CopyShape shape{.width = width, .rows = height};
  if (width == 0 || height == 0) return cudaSuccess;
  CUDASHIM_ASSIGN_OR_RETURN(Region to, core::ArrayRegion(*d, dx, dy, 0, shape));
  CUDASHIM_ASSIGN_OR_RETURN(Region from, core::ArrayRegion(*a, sx, sy, 0, shape));
  return Run(nullptr, per_thread, true, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, to, from, shape, kind);
  });
}

// The deprecated linear forms: `count` bytes from (x, y) on, wrapping into the next rows.
cudaError_t ToArrayLinear(cudaArray_t dst, size_t x, size_t y, const void* src, size_t count,
                          cudaMemcpyKind kind, cudaStream_t s, bool per_thread, bool sync) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(dst));
  if (count == 0) return cudaSuccess;
  CUDASHIM_ASSIGN_OR_RETURN(uintptr_t to, core::ArrayLinearRange(*a, x, y, count));
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, reinterpret_cast<void*>(to), src, count, kind);
  });
}

cudaError_t FromArrayLinear(void* dst, cudaArray_const_t src, size_t x, size_t y, size_t count,
                            cudaMemcpyKind kind, cudaStream_t s, bool per_thread, bool sync) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(src));
  if (count == 0) return cudaSuccess;
  CUDASHIM_ASSIGN_OR_RETURN(uintptr_t from, core::ArrayLinearRange(*a, x, y, count));
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, dst, reinterpret_cast<const void*>(from), count, kind);
  });
}

cudaError_t ArrayToArrayLinear(cudaArray_t dst, size_t dx, size_t dy, cudaArray_const_t src,
                               size_t sx, size_t sy, size_t count, cudaMemcpyKind kind,
                               bool per_thread) {
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * d, core::FindArray(dst));
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(src));
  if (count == 0) return cudaSuccess;
  CUDASHIM_ASSIGN_OR_RETURN(uintptr_t to, core::ArrayLinearRange(*d, dx, dy, count));
  CUDASHIM_ASSIGN_OR_RETURN(uintptr_t from, core::ArrayLinearRange(*a, sx, sy, count));
  return Run(nullptr, per_thread, true, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, reinterpret_cast<void*>(to), reinterpret_cast<const void*>(from),
                             count, kind);
  });
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaMallocArray(cudaArray_t* array, const cudaChannelFormatDesc* desc,
                                            size_t width, size_t height, unsigned int flags) {
  CUDASHIM_TRACE();
  return MallocArray(array, desc, cudaExtent{width, height, 0}, flags);
}

CUDASHIM_EXPORT cudaError_t cudaMalloc3DArray(cudaArray_t* array, const cudaChannelFormatDesc* desc,
                                              cudaExtent extent, unsigned int flags) {
  CUDASHIM_TRACE();
  return MallocArray(array, desc, extent, flags);
}

CUDASHIM_EXPORT cudaError_t cudaFreeArray(cudaArray_t array) {
  CUDASHIM_TRACE();
  if (array == nullptr) return cudaSuccess;
  CUDASHIM_RETURN(core::DestroyArray(array));
}

CUDASHIM_EXPORT cudaError_t cudaArrayGetInfo(cudaChannelFormatDesc* desc, cudaExtent* extent,
                                             unsigned int* flags, cudaArray_t array) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(array));
  if (desc != nullptr) *desc = a->desc;
  if (extent != nullptr) *extent = a->extent;
  if (flags != nullptr) *flags = a->flags;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetChannelDesc(cudaChannelFormatDesc* desc, cudaArray_const_t array) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(desc);
  CUDASHIM_ASSIGN_OR_RETURN(core::Array * a, core::FindArray(array));
  *desc = a->desc;
  return cudaSuccess;
}

// clang-format off
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToArray2D(dst, wOffset, hOffset, src, spitch, width, height, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToArray2D(dst, wOffset, hOffset, src, spitch, width, height, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToArray2D(dst, wOffset, hOffset, src, spitch, width, height, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToArray2D(dst, wOffset, hOffset, src, spitch, width, height, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DFromArray(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromArray2D(dst, dpitch, src, wOffset, hOffset, width, height, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DFromArray_ptds(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromArray2D(dst, dpitch, src, wOffset, hOffset, width, height, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DFromArrayAsync(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromArray2D(dst, dpitch, src, wOffset, hOffset, width, height, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DFromArrayAsync_ptsz(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromArray2D(dst, dpitch, src, wOffset, hOffset, width, height, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DArrayToArray(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst, cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ArrayToArray2D(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, width, height, kind, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst, cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ArrayToArray2D(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, width, height, kind, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToArrayLinear(dst, wOffset, hOffset, src, count, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToArrayLinear(dst, wOffset, hOffset, src, count, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToArrayLinear(dst, wOffset, hOffset, src, count, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToArrayLinear(dst, wOffset, hOffset, src, count, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromArray(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromArrayLinear(dst, src, wOffset, hOffset, count, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromArray_ptds(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromArrayLinear(dst, src, wOffset, hOffset, count, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromArrayAsync(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromArrayLinear(dst, src, wOffset, hOffset, count, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromArrayAsync_ptsz(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromArrayLinear(dst, src, wOffset, hOffset, count, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyArrayToArray(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst, cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ArrayToArrayLinear(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, count, kind, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst, cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ArrayToArrayLinear(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, count, kind, true);
}
// clang-format on
