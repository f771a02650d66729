// cudaDeviceProp and cudaDeviceGetAttribute from one source: the device's profile.
#pragma once

#include "absl/status/statusor.h"
#include "driver_types.h"
#include "runtime/hal/device_profile.h"

namespace cudashim::api {

cudaDeviceProp MakeDeviceProperties(const hal::DeviceProfile& profile);
// The attribute's value, read from the same cudaDeviceProp; InvalidValue for unknown attributes.
absl::StatusOr<int> DeviceAttribute(const hal::DeviceProfile& profile, const cudaDeviceProp& prop,
                                   cudaDeviceAttr attribute);

}  // namespace cudashim::api
