// What CUDA keeps per host thread: the current device, the last error, the <<<>>> configuration
// stack and the per-thread default streams.
//
// The configuration is a stack, not a slot: nvcc evaluates kernel arguments after
// __cudaPushCallConfiguration, and an argument may itself launch a kernel (NVCC_ABI.md §2.3).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "driver_types.h"
#include "vector_types.h"

namespace cudashim::core {

class Stream;

struct CallConfiguration {
  dim3 grid;
  dim3 block;
  size_t shared_bytes = 0;
  cudaStream_t stream = nullptr;
};

struct ThreadState {
  int device = 0;
  cudaError_t last_error = cudaSuccess;
  std::vector<CallConfiguration> call_configurations;
  // Per device ordinal: the sticky-error generation cudaGetLastError has already reported.
  absl::flat_hash_map<int, uint64_t> sticky_reported;
  // cudaStreamPerThread of this thread, per device ordinal, created on first use.
  absl::flat_hash_map<int, std::shared_ptr<Stream>> per_thread_streams;
};

// The calling thread's state. Created on first use and never destroyed while the thread may still
// call in (it is reachable from module destructors running after ours, NVCC_ABI.md §1.2); a
// thread other than the main one gives its per-thread streams back when it exits.
ThreadState& CurrentThread();

}  // namespace cudashim::core
