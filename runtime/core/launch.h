// Kernel launches: find the kernel, check the configuration with CUDA's error codes, lay out the
// arguments per the PTX .param list (NVCC_ABI.md §3.1) and enqueue the run in stream order.
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "driver_types.h"
#include "runtime/core/module_registry.h"
#include "vector_types.h"

namespace cudashim::core {

struct LaunchRequest {
  const void* function = nullptr;  // registered host stub or cudaKernel_t
  dim3 grid;
  dim3 block;
  size_t shared_bytes = 0;
  cudaStream_t stream = nullptr;
  void** args = nullptr;  // args[i] points at the i-th argument; copied before returning
  bool per_thread_default_stream = false;
  bool cooperative = false;
};

absl::Status Launch(const LaunchRequest& request);

// Occupancy: resident blocks of `kernel` per multiprocessor at this block size and dynamic shared
// memory (0 when the configuration cannot run at all).
int MaxActiveBlocksPerMultiprocessor(const KernelRecord& kernel, const hal::DeviceProfile& profile,
                                     int block_size, size_t dynamic_shared_bytes);

// The kernel's dynamic shared memory limit (cudaFuncAttributeMaxDynamicSharedMemorySize).
size_t MaxDynamicSharedBytes(const KernelRecord& kernel, const hal::DeviceProfile& profile);

// A resolved kernel (PTX parsed) from a host stub / handle.
absl::StatusOr<KernelRecord*> ResolveKernel(const void* function);

}  // namespace cudashim::core
