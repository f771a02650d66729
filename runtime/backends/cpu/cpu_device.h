// The optimized CPU device: device memory is ordinary host memory; kernels run on all cores.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "runtime/hal/device.h"

namespace cudashim::backends {

absl::StatusOr<std::unique_ptr<hal::Device>> CreateCpuDevice(int ordinal);

}  // namespace cudashim::backends
