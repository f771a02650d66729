// The emulated accelerator: its own device memory arena and a configurable device profile.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "runtime/hal/device.h"

namespace cudashim::backends {

absl::StatusOr<std::unique_ptr<hal::Device>> CreateEmuDevice(int ordinal);

}  // namespace cudashim::backends
