// Copies and fills, 1-D/2-D/3-D, synchronous and stream-ordered, with the per-thread-default-stream
// variants (_ptds for the synchronous forms, _ptsz for the async ones).
//
// The synchronous forms enqueue on the default stream and wait, which gives them CUDA's ordering
// with respect to earlier work (and, on the legacy stream, with every blocking stream).
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "runtime/core/arrays.h"
#include "runtime/core/memory.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

using core::CopyShape;
using core::Region;

// Enqueue on the stream, then either return (async) or wait for completion (sync).
cudaError_t Run(cudaStream_t s, bool per_thread, bool sync,
                absl::FunctionRef<absl::StatusOr<uint64_t>(core::Stream&)> enqueue) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Rt().ResolveStream(s, per_thread));
  if (absl::Status sticky = stream->device().sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  CUDASHIM_ASSIGN_OR_RETURN(uint64_t position, enqueue(*stream));
  if (sync) CUDASHIM_RETURN(WaitAndCheck(*stream, position));
  return cudaSuccess;
}

Region Linear(const void* p, size_t pitch) {
  return Region{.base = reinterpret_cast<uintptr_t>(p), .pitch = pitch};
}

absl::Status CheckPitches(size_t dpitch, size_t spitch, size_t width, size_t height) {
  if (height > 1 && (width > dpitch || width > spitch)) {
    return CudaError(cudaErrorInvalidPitchValue,
                     absl::StrCat("width ", width, " exceeds a pitch (dst ", dpitch, ", src ", spitch, ")"));
  }
  return absl::OkStatus();
}

cudaError_t Copy(void* dst, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t s,
                 bool per_thread, bool sync) {
  bool staged = false;
  if (!sync && count > 0 && kind >= cudaMemcpyHostToHost && kind <= cudaMemcpyDefault) {
    // CUDA's rules for pageable host memory: a copy out of it is staged before returning, a copy
    // into it has completed before returning.
    bool src_pageable = core::IsPageable(src);
    bool dst_pageable = core::IsPageable(dst);
    staged = src_pageable && !dst_pageable;
    sync = dst_pageable && !src_pageable;
  }
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return staged ? core::EnqueueStagedCopy(stream, dst, src, count)
                  : core::EnqueueCopy(stream, dst, src, count, kind);
  });
}

cudaError_t Fill(void* dst, int value, size_t count, cudaStream_t s, bool per_thread, bool sync) {
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueFill(stream, dst, value, count);
  });
}

cudaError_t Copy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                   size_t height, cudaMemcpyKind kind, cudaStream_t s, bool per_thread, bool sync) {
  if (absl::Status p = CheckPitches(dpitch, spitch, width, height); !p.ok()) CUDASHIM_RETURN(p);
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, Linear(dst, dpitch), Linear(src, spitch),
                             CopyShape{.width = width, .rows = height}, kind);
  });
}

cudaError_t Fill2D(void* dst, size_t pitch, int value, size_t width, size_t height, cudaStream_t s,
                   bool per_thread, bool sync) {
  if (absl::Status p = CheckPitches(pitch, pitch, width, height); !p.ok()) CUDASHIM_RETURN(p);
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueFill(stream, Linear(dst, pitch), CopyShape{.width = width, .rows = height}, value);
  });
}

// A pitched pointer plus a position (x in bytes) as a strided region.
Region Pitched(const cudaPitchedPtr& p, const cudaPos& pos) {
  size_t slice = p.pitch * p.ysize;
  return Region{.base = reinterpret_cast<uintptr_t>(p.ptr) + pos.z * slice + pos.y * p.pitch + pos.x,
                .pitch = p.pitch,
                .slice_pitch = slice};
}

// One side of a cudaMemcpy3D: a CUDA array (position in elements) or a pitched pointer (position
// x in bytes). `width` is the copy's row in bytes.
absl::StatusOr<Region> Side3D(cudaArray_t array, const cudaPitchedPtr& ptr, const cudaPos& pos,
                              const CopyShape& shape, const char* which) {
  if (array == nullptr) return Pitched(ptr, pos);
  if (ptr.ptr != nullptr) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("cudaMemcpy3D: both ", which, "Array and ", which, "Ptr are set"));
  }
  absl::StatusOr<core::Array*> a = core::FindArray(array);
  if (!a.ok()) return a.status();
  return core::ArrayRegion(**a, pos.x * (*a)->format.bytes(), pos.y, pos.z, shape);
}

cudaError_t Copy3D(const cudaMemcpy3DParms* p, cudaStream_t s, bool per_thread, bool sync) {
  CUDASHIM_REQUIRE_NONNULL(p);
  const cudaExtent& e = p->extent;
  // With a CUDA array on either side, the extent counts that array's elements (bytes otherwise).
  size_t element = 1;
  if (cudaArray_t a = p->srcArray != nullptr ? p->srcArray : p->dstArray; a != nullptr) {
    CUDASHIM_ASSIGN_OR_RETURN(core::Array * array, core::FindArray(a));
    element = array->format.bytes();
  }
  CopyShape shape{.width = e.width * element, .rows = e.height, .depth = e.depth};
  size_t dpitch = p->dstArray != nullptr ? shape.width : p->dstPtr.pitch;
  size_t spitch = p->srcArray != nullptr ? shape.width : p->srcPtr.pitch;
  if (absl::Status pitch = CheckPitches(dpitch, spitch, shape.width, e.height * e.depth); !pitch.ok()) {
    CUDASHIM_RETURN(pitch);
  }
  CUDASHIM_ASSIGN_OR_RETURN(Region dst, Side3D(p->dstArray, p->dstPtr, p->dstPos, shape, "dst"));
  CUDASHIM_ASSIGN_OR_RETURN(Region src, Side3D(p->srcArray, p->srcPtr, p->srcPos, shape, "src"));
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueCopy(stream, dst, src, shape, p->kind);
  });
}

cudaError_t Fill3D(cudaPitchedPtr ptr, int value, cudaExtent e, cudaStream_t s, bool per_thread, bool sync) {
  if (absl::Status pitch = CheckPitches(ptr.pitch, ptr.pitch, e.width, e.height * e.depth); !pitch.ok()) {
    CUDASHIM_RETURN(pitch);
  }
  return Run(s, per_thread, sync, [&](core::Stream& stream) {
    return core::EnqueueFill(stream, Pitched(ptr, cudaPos{0, 0, 0}),
                             CopyShape{.width = e.width, .rows = e.height, .depth = e.depth}, value);
  });
}

}  // namespace

// clang-format off
CUDASHIM_EXPORT cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return Copy(dst, src, count, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy_ptds(void* dst, const void* src, size_t count, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return Copy(dst, src, count, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return Copy(dst, src, count, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyAsync_ptsz(void* dst, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return Copy(dst, src, count, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyPeer(void* dst, int dstDevice, const void* src, int srcDevice, size_t count) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* a, Rt().Device(dstDevice)); (void)a;
  CUDASHIM_ASSIGN_OR_RETURN(auto* b, Rt().Device(srcDevice)); (void)b;
  return Copy(dst, src, count, cudaMemcpyDefault, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyPeerAsync(void* dst, int dstDevice, const void* src, int srcDevice, size_t count, cudaStream_t s) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto* a, Rt().Device(dstDevice)); (void)a;
  CUDASHIM_ASSIGN_OR_RETURN(auto* b, Rt().Device(srcDevice)); (void)b;
  return Copy(dst, src, count, cudaMemcpyDefault, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemset(void* dst, int value, size_t count) {
  CUDASHIM_TRACE(); return Fill(dst, value, count, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemset_ptds(void* dst, int value, size_t count) {
  CUDASHIM_TRACE(); return Fill(dst, value, count, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemsetAsync(void* dst, int value, size_t count, cudaStream_t s) {
  CUDASHIM_TRACE(); return Fill(dst, value, count, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemsetAsync_ptsz(void* dst, int value, size_t count, cudaStream_t s) {
  CUDASHIM_TRACE(); return Fill(dst, value, count, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return Copy2D(dst, dpitch, src, spitch, width, height, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2D_ptds(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return Copy2D(dst, dpitch, src, spitch, width, height, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return Copy2D(dst, dpitch, src, spitch, width, height, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy2DAsync_ptsz(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return Copy2D(dst, dpitch, src, spitch, width, height, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemset2D(void* dst, size_t pitch, int value, size_t width, size_t height) {
  CUDASHIM_TRACE(); return Fill2D(dst, pitch, value, width, height, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemset2D_ptds(void* dst, size_t pitch, int value, size_t width, size_t height) {
  CUDASHIM_TRACE(); return Fill2D(dst, pitch, value, width, height, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemset2DAsync(void* dst, size_t pitch, int value, size_t width, size_t height, cudaStream_t s) {
  CUDASHIM_TRACE(); return Fill2D(dst, pitch, value, width, height, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemset2DAsync_ptsz(void* dst, size_t pitch, int value, size_t width, size_t height, cudaStream_t s) {
  CUDASHIM_TRACE(); return Fill2D(dst, pitch, value, width, height, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpy3D(const cudaMemcpy3DParms* p) { CUDASHIM_TRACE(); return Copy3D(p, nullptr, false, true); }
CUDASHIM_EXPORT cudaError_t cudaMemcpy3D_ptds(const cudaMemcpy3DParms* p) { CUDASHIM_TRACE(); return Copy3D(p, nullptr, true, true); }
CUDASHIM_EXPORT cudaError_t cudaMemcpy3DAsync(const cudaMemcpy3DParms* p, cudaStream_t s) { CUDASHIM_TRACE(); return Copy3D(p, s, false, false); }
CUDASHIM_EXPORT cudaError_t cudaMemcpy3DAsync_ptsz(const cudaMemcpy3DParms* p, cudaStream_t s) { CUDASHIM_TRACE(); return Copy3D(p, s, true, false); }
CUDASHIM_EXPORT cudaError_t cudaMemset3D(cudaPitchedPtr p, int value, cudaExtent e) { CUDASHIM_TRACE(); return Fill3D(p, value, e, nullptr, false, true); }
CUDASHIM_EXPORT cudaError_t cudaMemset3D_ptds(cudaPitchedPtr p, int value, cudaExtent e) { CUDASHIM_TRACE(); return Fill3D(p, value, e, nullptr, true, true); }
CUDASHIM_EXPORT cudaError_t cudaMemset3DAsync(cudaPitchedPtr p, int value, cudaExtent e, cudaStream_t s) { CUDASHIM_TRACE(); return Fill3D(p, value, e, s, false, false); }
CUDASHIM_EXPORT cudaError_t cudaMemset3DAsync_ptsz(cudaPitchedPtr p, int value, cudaExtent e, cudaStream_t s) { CUDASHIM_TRACE(); return Fill3D(p, value, e, s, true, false); }
// clang-format on
