// The C ABI boundary: where an absl::Status becomes a cudaError_t and the thread's last error.
//
// Every exported function is thin: trace, validate what only the ABI knows (NULL out-pointers),
// call into runtime/core, and return through Finish().
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cuda_runtime_api.h"
#include "runtime/core/logging.h"
#include "runtime/core/runtime.h"
#include "runtime/core/thread_state.h"
#include "runtime/hal/cuda_status.h"

// Exported functions get default visibility; everything else in the library is hidden and the
// version script (libcudart.map) puts the exports under the libcudart.so.13 node.
#define CUDASHIM_EXPORT extern "C" __attribute__((visibility("default")))

// `CUDASHIM_LOG=info` shows each API call.
#define CUDASHIM_TRACE() ::cudashim::Log().info("{}", __func__)

namespace cudashim::api {

// Records a failure as the calling thread's last error and returns its CUDA code.
cudaError_t Finish(const absl::Status& status, const char* function);

#define CUDASHIM_RETURN(expr) return ::cudashim::api::Finish((expr), __func__)

// A NULL out-pointer is cudaErrorInvalidValue everywhere in the runtime API.
#define CUDASHIM_REQUIRE_NONNULL(ptr)                                                   \
  do {                                                                                  \
    if ((ptr) == nullptr) {                                                             \
      CUDASHIM_RETURN(::cudashim::CudaError(cudaErrorInvalidValue, #ptr " is NULL"));   \
    }                                                                                   \
  } while (0)

// Unwraps a StatusOr into `lhs`, or returns its error through Finish.
#define CUDASHIM_ASSIGN_OR_RETURN(lhs, expr)                      \
  auto CUDASHIM_CONCAT(result_, __LINE__) = (expr);               \
  if (!CUDASHIM_CONCAT(result_, __LINE__).ok()) {                 \
    CUDASHIM_RETURN(CUDASHIM_CONCAT(result_, __LINE__).status()); \
  }                                                               \
  lhs = *std::move(CUDASHIM_CONCAT(result_, __LINE__))
#define CUDASHIM_CONCAT_INNER(a, b) a##b
#define CUDASHIM_CONCAT(a, b) CUDASHIM_CONCAT_INNER(a, b)

// Shorthands into the runtime.
inline core::Runtime& Rt() { return core::Runtime::Get(); }
inline absl::StatusOr<core::DeviceContext*> CurrentDevice() { return Rt().CurrentDevice(); }

// Waits for `position` on `stream`, then reports the device's sticky error if one was raised.
absl::Status WaitAndCheck(core::Stream& stream, uint64_t position);

}  // namespace cudashim::api
