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

// The sticky error of the current device, if any (kernel faults outlive cudaGetLastError).
cudaError_t StickyError() {
  absl::StatusOr<core::DeviceContext*> device = Rt().CurrentDevice();
  return device.ok() ? ToCudaError((*device)->sticky_error()) : cudaSuccess;
}

}  // namespace

CUDASHIM_EXPORT cudaError_t cudaGetLastError(void) {
  CUDASHIM_TRACE();
  core::ThreadState& thread = core::CurrentThread();
  cudaError_t error = thread.last_error;
  thread.last_error = cudaSuccess;
  return error != cudaSuccess ? error : StickyError();
}

CUDASHIM_EXPORT cudaError_t cudaPeekAtLastError(void) {
  CUDASHIM_TRACE();
  cudaError_t error = core::CurrentThread().last_error;
  return error != cudaSuccess ? error : StickyError();
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
