#include "absl/strings/string_view.h"
#include "runtime/hal/cuda_status.h"

#include <cstdlib>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"

namespace cudashim {
namespace {
constexpr absl::string_view kPayloadUrl = "cudashim/cudaError";

// The absl code that best describes a CUDA error, so statuses read sensibly in logs and tests.
absl::StatusCode AbslCodeFor(cudaError_t code) {
  switch (code) {
    case cudaSuccess:
      return absl::StatusCode::kOk;
    case cudaErrorMemoryAllocation:
      return absl::StatusCode::kResourceExhausted;
    case cudaErrorNotSupported:
      return absl::StatusCode::kUnimplemented;
    case cudaErrorNotReady:
      return absl::StatusCode::kUnavailable;
    case cudaErrorInvalidResourceHandle:
    case cudaErrorInvalidSymbol:
    case cudaErrorInvalidDeviceFunction:
      return absl::StatusCode::kNotFound;
    default:
      return absl::StatusCode::kInvalidArgument;
  }
}
}  // namespace

absl::Status CudaError(cudaError_t code, absl::string_view message) {
  absl::Status status(AbslCodeFor(code), message);
  status.SetPayload(kPayloadUrl, absl::Cord(std::to_string(static_cast<int>(code))));
  return status;
}

cudaError_t ToCudaError(const absl::Status& status) {
  if (status.ok()) return cudaSuccess;
  if (auto payload = status.GetPayload(kPayloadUrl)) {
    int code = 0;
    if (absl::SimpleAtoi(std::string(*payload), &code)) return static_cast<cudaError_t>(code);
  }
  switch (status.code()) {
    case absl::StatusCode::kResourceExhausted:
      return cudaErrorMemoryAllocation;
    case absl::StatusCode::kUnimplemented:
      return cudaErrorNotSupported;
    case absl::StatusCode::kUnavailable:
      return cudaErrorNotReady;
    case absl::StatusCode::kNotFound:
      return cudaErrorInvalidResourceHandle;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return cudaErrorInvalidValue;
    default:
      return cudaErrorUnknown;
  }
}

}  // namespace cudashim
