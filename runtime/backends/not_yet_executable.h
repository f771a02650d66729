// Shared by the backends until kernel execution lands: the precise error a launch gets.
#pragma once

#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/hal/device.h"
#include "runtime/ptx/ir.h"

namespace cudashim::backends {

inline absl::Status KernelExecutionNotImplemented(absl::string_view device_kind,
                                                  const hal::KernelImage& image) {
  return CudaError(cudaErrorNotSupported,
                   absl::StrCat("kernel execution not implemented yet on the '", std::string(device_kind),
                                "' device: kernel ", image.function->name));
}

}  // namespace cudashim::backends
