// Streams: creation, synchronization, queries, cross-stream waits and host functions, with the
// per-thread-default-stream (_ptsz) variants.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

constexpr int kLowestPriority = 0;
constexpr int kHighestPriority = -5;

absl::StatusOr<std::shared_ptr<core::Stream>> Resolve(cudaStream_t s, bool ptsz) {
  return Rt().ResolveStream(s, ptsz);
}

// The position everything enqueued so far on `stream` has reached. For the legacy stream this is
// a fence, since synchronizing it also waits for every blocking stream.
uint64_t DrainPosition(core::Stream& stream) {
  if (stream.kind() != core::Stream::Kind::kLegacy) return stream.tail();
  return stream.device().Enqueue(stream, [] { return absl::OkStatus(); });
}

cudaError_t CreateStream(cudaStream_t* out, unsigned flags, int priority) {
  CUDASHIM_REQUIRE_NONNULL(out);
  if ((flags & ~unsigned(cudaStreamNonBlocking)) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat("invalid stream flags ", flags)));
  }
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  // Out-of-range priorities are clamped, as CUDA documents.
  priority = std::clamp(priority, kHighestPriority, kLowestPriority);
  auto kind = (flags & cudaStreamNonBlocking) ? core::Stream::Kind::kNonBlocking
                                              : core::Stream::Kind::kBlocking;
  *out = Rt().AddStream(device->CreateStream(kind, flags, priority));
  return cudaSuccess;
}

cudaError_t Synchronize(cudaStream_t s, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  CUDASHIM_RETURN(WaitAndCheck(*stream, DrainPosition(*stream)));
}

cudaError_t Query(cudaStream_t s, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  if (absl::Status sticky = stream->device().sticky_error(); !sticky.ok()) CUDASHIM_RETURN(sticky);
  bool done = stream->device().Idle(*stream);
  // cudaErrorNotReady is an answer, not an error: it is not recorded as the last error.
  return done ? cudaSuccess : cudaErrorNotReady;
}

cudaError_t WaitEvent(cudaStream_t s, cudaEvent_t e, unsigned flags, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  CUDASHIM_ASSIGN_OR_RETURN(auto event, Rt().FindEvent(e));
  if ((flags & ~unsigned(cudaEventWaitExternal)) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid cudaStreamWaitEvent flags"));
  }
  std::optional<core::StreamPosition> position = event->position();
  if (!position) return cudaSuccess;  // waiting for a never-recorded event is a no-op
  stream->device().Enqueue(*stream, [] { return absl::OkStatus(); }, {*position});
  return cudaSuccess;
}

cudaError_t GetFlags(cudaStream_t s, unsigned* flags, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(flags);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  *flags = stream->flags();
  return cudaSuccess;
}

cudaError_t GetPriority(cudaStream_t s, int* priority, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(priority);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  *priority = stream->priority();
  return cudaSuccess;
}

cudaError_t GetDevice(cudaStream_t s, int* device, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(device);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  *device = stream->device().ordinal();
  return cudaSuccess;
}

cudaError_t GetId(cudaStream_t s, unsigned long long* id, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(id);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  // Unique while the stream lives: its address.
  *id = reinterpret_cast<uintptr_t>(stream.get());
  return cudaSuccess;
}

cudaError_t LaunchHostFunc(cudaStream_t s, cudaHostFn_t fn, void* data, bool ptsz) {
  if (fn == nullptr) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "host function is NULL"));
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  stream->device().Enqueue(*stream, [fn, data] {
    fn(data);
    return absl::OkStatus();
  });
  return cudaSuccess;
}

cudaError_t AddCallback(cudaStream_t s, cudaStreamCallback_t callback, void* data, unsigned flags,
                        bool ptsz) {
  if (callback == nullptr) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "callback is NULL"));
  if (flags != 0) CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "flags must be 0"));
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  core::DeviceContext& device = stream->device();
  device.Enqueue(*stream, [callback, s, data, &device] {
    callback(s, ToCudaError(device.sticky_error()), data);
    return absl::OkStatus();
  });
  return cudaSuccess;
}

cudaError_t AttachMem(cudaStream_t s, void* ptr, size_t length, unsigned flags, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  (void)stream;
  if (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost && flags != cudaMemAttachSingle) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid attach flags"));
  }
  std::optional<core::Allocation> a = Rt().allocations().Find(ptr);
  if (!a || a->kind != core::MemoryKind::kManaged) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "pointer is not managed memory"));
  }
  return cudaSuccess;  // one address space: attaching changes nothing
}

cudaError_t IsCapturing(cudaStream_t s, cudaStreamCaptureStatus* status, bool ptsz) {
  CUDASHIM_REQUIRE_NONNULL(status);
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Resolve(s, ptsz));
  (void)stream;
  *status = cudaStreamCaptureStatusNone;  // stream capture is not implemented yet
  return cudaSuccess;
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaStreamCreate(cudaStream_t* pStream) {
  CUDASHIM_TRACE();
  return CreateStream(pStream, cudaStreamDefault, kLowestPriority);
}
CUDASHIM_EXPORT cudaError_t cudaStreamCreateWithFlags(cudaStream_t* pStream, unsigned int flags) {
  CUDASHIM_TRACE();
  return CreateStream(pStream, flags, kLowestPriority);
}
CUDASHIM_EXPORT cudaError_t cudaStreamCreateWithPriority(cudaStream_t* pStream, unsigned int flags,
                                                         int priority) {
  CUDASHIM_TRACE();
  return CreateStream(pStream, flags, priority);
}

CUDASHIM_EXPORT cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  CUDASHIM_TRACE();
  if (stream == nullptr || stream == cudaStreamLegacy || stream == cudaStreamPerThread) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidResourceHandle, "cannot destroy a default stream"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(auto s, Rt().RemoveStream(stream));
  s->device().ReleaseStream(s);
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaStreamSynchronize(cudaStream_t s) { CUDASHIM_TRACE(); return Synchronize(s, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamSynchronize_ptsz(cudaStream_t s) { CUDASHIM_TRACE(); return Synchronize(s, true); }
CUDASHIM_EXPORT cudaError_t cudaStreamQuery(cudaStream_t s) { CUDASHIM_TRACE(); return Query(s, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamQuery_ptsz(cudaStream_t s) { CUDASHIM_TRACE(); return Query(s, true); }
CUDASHIM_EXPORT cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned int flags) {
  CUDASHIM_TRACE();
  return WaitEvent(s, e, flags, false);
}
CUDASHIM_EXPORT cudaError_t cudaStreamWaitEvent_ptsz(cudaStream_t s, cudaEvent_t e, unsigned int flags) {
  CUDASHIM_TRACE();
  return WaitEvent(s, e, flags, true);
}
CUDASHIM_EXPORT cudaError_t cudaStreamGetFlags(cudaStream_t s, unsigned int* f) { CUDASHIM_TRACE(); return GetFlags(s, f, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetFlags_ptsz(cudaStream_t s, unsigned int* f) { CUDASHIM_TRACE(); return GetFlags(s, f, true); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetPriority(cudaStream_t s, int* p) { CUDASHIM_TRACE(); return GetPriority(s, p, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetPriority_ptsz(cudaStream_t s, int* p) { CUDASHIM_TRACE(); return GetPriority(s, p, true); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetDevice(cudaStream_t s, int* d) { CUDASHIM_TRACE(); return GetDevice(s, d, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetDevice_ptsz(cudaStream_t s, int* d) { CUDASHIM_TRACE(); return GetDevice(s, d, true); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetId(cudaStream_t s, unsigned long long* id) { CUDASHIM_TRACE(); return GetId(s, id, false); }
CUDASHIM_EXPORT cudaError_t cudaStreamGetId_ptsz(cudaStream_t s, unsigned long long* id) { CUDASHIM_TRACE(); return GetId(s, id, true); }
CUDASHIM_EXPORT cudaError_t cudaLaunchHostFunc(cudaStream_t s, cudaHostFn_t fn, void* data) {
  CUDASHIM_TRACE();
  return LaunchHostFunc(s, fn, data, false);
}
CUDASHIM_EXPORT cudaError_t cudaLaunchHostFunc_ptsz(cudaStream_t s, cudaHostFn_t fn, void* data) {
  CUDASHIM_TRACE();
  return LaunchHostFunc(s, fn, data, true);
}
CUDASHIM_EXPORT cudaError_t cudaStreamAddCallback(cudaStream_t s, cudaStreamCallback_t cb, void* data,
                                                  unsigned int flags) {
  CUDASHIM_TRACE();
  return AddCallback(s, cb, data, flags, false);
}
CUDASHIM_EXPORT cudaError_t cudaStreamAddCallback_ptsz(cudaStream_t s, cudaStreamCallback_t cb,
                                                       void* data, unsigned int flags) {
  CUDASHIM_TRACE();
  return AddCallback(s, cb, data, flags, true);
}
CUDASHIM_EXPORT cudaError_t cudaStreamAttachMemAsync(cudaStream_t s, void* p, size_t n, unsigned int f) {
  CUDASHIM_TRACE();
  return AttachMem(s, p, n, f, false);
}
CUDASHIM_EXPORT cudaError_t cudaStreamAttachMemAsync_ptsz(cudaStream_t s, void* p, size_t n,
                                                          unsigned int f) {
  CUDASHIM_TRACE();
  return AttachMem(s, p, n, f, true);
}
CUDASHIM_EXPORT cudaError_t cudaStreamIsCapturing(cudaStream_t s, cudaStreamCaptureStatus* st) {
  CUDASHIM_TRACE();
  return IsCapturing(s, st, false);
}
CUDASHIM_EXPORT cudaError_t cudaStreamIsCapturing_ptsz(cudaStream_t s, cudaStreamCaptureStatus* st) {
  CUDASHIM_TRACE();
  return IsCapturing(s, st, true);
}
