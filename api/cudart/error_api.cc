// Errors: the per-thread last error and the name and description of every code.
#include "api/cudart/api_boundary.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

struct ErrorText {
  const char* name;
  const char* description;
};

const ErrorText* FindError(cudaError_t error) {
  switch (error) {
#define CUDASHIM_ERROR(code, text)         \
  case code: {                             \
    static const ErrorText entry{#code, text}; \
    return &entry;                         \
  }
#include "api/cudart/error_codes.inc"
#undef CUDASHIM_ERROR
    default:
      return nullptr;
  }
}

// The current device's sticky error (a kernel fault), unless this thread's cudaGetLastError has
// reported it already: NVIDIA's runtime returns it from cudaGetLastError once, then cudaSuccess,
// while every other call keeps failing with it (observed on an H100: tests/kernels/assert.cu).
cudaError_t UnreportedStickyError(bool mark_reported) {
  absl::StatusOr<core::DeviceContext*> device = Rt().CurrentDevice();
  if (!device.ok()) return cudaSuccess;
  uint64_t generation = (*device)->sticky_generation();
  cudaError_t error = ToCudaError((*device)->sticky_error());
  if (error == cudaSuccess) return cudaSuccess;
  uint64_t& reported = core::CurrentThread().sticky_reported[(*device)->ordinal()];
  if (reported == generation) return cudaSuccess;
  if (mark_reported) reported = generation;
  return error;
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaGetLastError(void) {
  CUDASHIM_TRACE();
  core::ThreadState& thread = core::CurrentThread();
  cudaError_t error = thread.last_error;
  thread.last_error = cudaSuccess;
  cudaError_t sticky = UnreportedStickyError(/*mark_reported=*/true);
  return error != cudaSuccess ? error : sticky;
}

CUDASHIM_EXPORT cudaError_t cudaPeekAtLastError(void) {
  CUDASHIM_TRACE();
  cudaError_t error = core::CurrentThread().last_error;
  return error != cudaSuccess ? error : UnreportedStickyError(/*mark_reported=*/false);
}

CUDASHIM_EXPORT const char* cudaGetErrorName(cudaError_t error) {
  const ErrorText* text = FindError(error);
  // What NVIDIA's runtime answers for a code it does not know (observed on an H100).
  return text ? text->name : "unrecognized error code";
}

CUDASHIM_EXPORT const char* cudaGetErrorString(cudaError_t error) {
  const ErrorText* text = FindError(error);
  return text ? text->description : "unrecognized error code";
}
