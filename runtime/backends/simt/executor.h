// The SIMT executor as a device uses it: prepare a kernel into a plan, run a grid to completion.
// Both the cpu and the emu devices own one; emu turns on memory checks.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/backends/simt/heap.h"
#include "runtime/backends/simt/worker_pool.h"
#include "runtime/hal/device.h"

namespace cudashim::simt {

struct ExecutorOptions {
  bool checked = false;  // check every memory access (emu)
  int workers = 1;       // one per core
  int multiprocessors = 1;
  // Device memory for the device heap (malloc in kernels).
  std::function<void*(size_t)> allocate;
  // emu: the device memory arena, accepted by the checks without a lookup.
  uintptr_t arena_begin = 0, arena_end = 0;
};

class Executor {
 public:
  explicit Executor(ExecutorOptions options);
  ~Executor();

  absl::StatusOr<std::unique_ptr<hal::Kernel>> Prepare(const hal::KernelImage& image);
  absl::Status Launch(hal::Kernel& kernel, const hal::LaunchConfig& config, const void* params,
                      size_t param_bytes);

 private:
  struct WorkerScratch;

  ExecutorOptions options_;
  std::mutex launch_mu_;  // one grid at a time per device: the workers' scratch is shared
  WorkerPool pool_;
  std::vector<std::unique_ptr<WorkerScratch>> scratch_;
  DeviceHeap heap_;
  std::atomic<uint64_t> grid_id_{0};
};

}  // namespace cudashim::simt
