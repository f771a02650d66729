// Static resources a kernel uses, read from its PTX: shared memory of the .shared variables it
// (or a function it calls) references, .const bytes, the .local frame, thread limits.
#pragma once

#include "runtime/core/module_registry.h"
#include "runtime/hal/device_profile.h"
#include "runtime/ptx/ir.h"

namespace cudashim::core {

KernelResources ComputeKernelResources(const ptx::Module& module, const ptx::Function& kernel,
                                       const hal::DeviceProfile& profile);

// cudaErrorNotSupported naming the kernel and the construct when the kernel, or a function it
// can call, holds PTX cudashim does not support (ptx::Function::unsupported); OK otherwise.
absl::Status CheckSupported(const ptx::Module& module, const ptx::Function& kernel);

}  // namespace cudashim::core
