// The cpu device's native-code path: PTX IR -> C++ (codegen.h) -> shared library (cache.h) ->
// a hal::Kernel that runs a grid's blocks over the device's workers. See README.md.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/backends/cpu/compiler/cache.h"
#include "runtime/backends/simt/worker_pool.h"
#include "runtime/hal/device.h"

namespace cudashim::jit {

// CUDASHIM_COMPILE=0 turns the compiler off (every kernel runs on the interpreter).
bool CompileEnabled();

// Diagnostics go to stderr when CUDASHIM_LOG is set (and not off/error), like the simt folder.
bool LogEnabled();

class Compiler {
 public:
  explicit Compiler(int workers, int multiprocessors);
  ~Compiler();

  // A compiled kernel, or an error saying why this kernel must run on the interpreter (logged
  // once per kernel; the missing compiler once per process).
  absl::StatusOr<std::unique_ptr<hal::Kernel>> Prepare(const hal::KernelImage& image);

  // Whether `kernel` came from Prepare.
  static bool Owns(const hal::Kernel& kernel);

  absl::Status Launch(hal::Kernel& kernel, const hal::LaunchConfig& config, const void* params,
                      size_t param_bytes);

 private:
  struct Scratch;
  const int multiprocessors_;
  std::mutex launch_mu_;
  simt::WorkerPool pool_;
  std::vector<std::unique_ptr<Scratch>> scratch_;
};

}  // namespace cudashim::jit
