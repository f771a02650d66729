// Events: markers in streams, for ordering across streams and for timing.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

constexpr unsigned kEventFlags =
    cudaEventDefault | cudaEventBlockingSync | cudaEventDisableTiming | cudaEventInterprocess;

cudaError_t Create(cudaEvent_t* event, unsigned flags) {
  CUDASHIM_REQUIRE_NONNULL(event);
  if ((flags & ~kEventFlags) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, absl::StrCat("invalid event flags ", flags)));
  }
  if ((flags & cudaEventInterprocess) && !(flags & cudaEventDisableTiming)) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue,
                              "cudaEventInterprocess requires cudaEventDisableTiming"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(auto* device, CurrentDevice());
  (void)device;
  *event = Rt().AddEvent(std::make_shared<core::Event>(flags));
  return cudaSuccess;
}

cudaError_t Record(cudaEvent_t e, cudaStream_t s, unsigned flags, bool ptsz) {
  CUDASHIM_ASSIGN_OR_RETURN(auto event, Rt().FindEvent(e));
  CUDASHIM_ASSIGN_OR_RETURN(auto stream, Rt().ResolveStream(s, ptsz));
  if ((flags & ~unsigned(cudaEventRecordExternal)) != 0) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidValue, "invalid cudaEventRecordWithFlags flags"));
  }
  event->Record(*stream);
  return cudaSuccess;
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaEventCreate(cudaEvent_t* event) {
  CUDASHIM_TRACE();
  return Create(event, cudaEventDefault);
}
CUDASHIM_EXPORT cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags) {
  CUDASHIM_TRACE();
  return Create(event, flags);
}

CUDASHIM_EXPORT cudaError_t cudaEventDestroy(cudaEvent_t event) {
  CUDASHIM_TRACE();
  // Destroying a recorded event that has not completed is allowed; the marker stays alive in the
  // stream until passed.
  CUDASHIM_ASSIGN_OR_RETURN(auto removed, Rt().RemoveEvent(event));
  (void)removed;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) { CUDASHIM_TRACE(); return Record(e, s, 0, false); }
CUDASHIM_EXPORT cudaError_t cudaEventRecord_ptsz(cudaEvent_t e, cudaStream_t s) { CUDASHIM_TRACE(); return Record(e, s, 0, true); }
CUDASHIM_EXPORT cudaError_t cudaEventRecordWithFlags(cudaEvent_t e, cudaStream_t s, unsigned int f) {
  CUDASHIM_TRACE();
  return Record(e, s, f, false);
}
CUDASHIM_EXPORT cudaError_t cudaEventRecordWithFlags_ptsz(cudaEvent_t e, cudaStream_t s, unsigned int f) {
  CUDASHIM_TRACE();
  return Record(e, s, f, true);
}

CUDASHIM_EXPORT cudaError_t cudaEventQuery(cudaEvent_t e) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto event, Rt().FindEvent(e));
  // cudaErrorNotReady is an answer, not recorded as the last error.
  return event->complete() ? cudaSuccess : cudaErrorNotReady;
}

CUDASHIM_EXPORT cudaError_t cudaEventSynchronize(cudaEvent_t e) {
  CUDASHIM_TRACE();
  CUDASHIM_ASSIGN_OR_RETURN(auto event, Rt().FindEvent(e));
  event->Wait();
  if (std::optional<core::StreamPosition> at = event->position()) {
    CUDASHIM_RETURN(at->stream->device().sticky_error());
  }
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(ms);
  CUDASHIM_ASSIGN_OR_RETURN(auto a, Rt().FindEvent(start));
  CUDASHIM_ASSIGN_OR_RETURN(auto b, Rt().FindEvent(end));
  absl::StatusOr<float> elapsed = core::Event::ElapsedMs(*a, *b);
  if (!elapsed.ok() && ToCudaError(elapsed.status()) == cudaErrorNotReady) return cudaErrorNotReady;
  CUDASHIM_ASSIGN_OR_RETURN(*ms, std::move(elapsed));
  return cudaSuccess;
}
