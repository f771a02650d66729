// The emulated accelerator's device profile: defaults modelled on a data-center GPU, overridable
// with CUDASHIM_EMU_PROFILE, a comma-separated list of key=value, e.g.
//   CUDASHIM_EMU_PROFILE="memory=2G,sms=4,cc=8.0,threads_per_block=512,shared_per_block=32K"
// Keys: name, memory, sms, cc, threads_per_block, shared_per_block, shared_optin, clock_mhz.
// Sizes accept K/M/G suffixes.
#pragma once

#include "absl/strings/string_view.h"
#include <string_view>

#include "absl/status/statusor.h"
#include "runtime/hal/device_profile.h"

namespace cudashim::backends {

absl::StatusOr<hal::DeviceProfile> ParseEmuProfile(absl::string_view spec, int ordinal);

}  // namespace cudashim::backends
