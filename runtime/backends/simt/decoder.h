// IR -> executable plan (plan.h). Runs once per kernel and device in PrepareKernel: collects the
// entry and every function it can call, lays out shared memory and each function's local frame,
// resolves operands to register slots, and picks every op's handler. Whatever the executor cannot
// run fails here with cudaErrorNotSupported naming the instruction, the kernel and the PTX line.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/plan.h"
#include "runtime/hal/device.h"

namespace cudashim::simt {

absl::StatusOr<std::unique_ptr<KernelPlan>> BuildKernelPlan(const hal::KernelImage& image,
                                                            const SelectContext& ctx);

}  // namespace cudashim::simt
