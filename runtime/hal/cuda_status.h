// CUDA error codes carried inside absl::Status.
//
// The runtime speaks absl::Status everywhere (DESIGN.md §5); only the exported C ABI turns a status
// into a cudaError_t. Code that must produce a *specific* CUDA error (cudaErrorInvalidPtx, a sticky
// cudaErrorLaunchFailure, ...) attaches it with CudaError(); plain absl codes are mapped by
// ToCudaError() to the nearest CUDA equivalent.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "driver_types.h"

namespace cudashim {

// A status that converts to exactly `code` at the API boundary.
absl::Status CudaError(cudaError_t code, absl::string_view message);

// The CUDA error a status stands for: its attached code, else a mapping of its absl code.
cudaError_t ToCudaError(const absl::Status& status);

}  // namespace cudashim
