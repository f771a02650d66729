// The process-wide runtime: devices, the allocation table, live stream/event handles, modules.
//
// Construct-on-first-use and never destroyed: nvcc's module constructors can run before ours and
// its unregistration after our static destructors (NVCC_ABI.md §1.2).
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "driver_types.h"
#include "runtime/core/allocation_table.h"
#include "runtime/core/device_context.h"
#include "runtime/core/event.h"
#include "runtime/core/module_registry.h"
#include "runtime/core/stream.h"

namespace cudashim::core {

class Runtime {
 public:
  static Runtime& Get();

  // Devices come from CUDASHIM_DEVICES (e.g. "cpu", "emu", "cpu,emu"; default "cpu").
  int device_count() const { return static_cast<int>(devices_.size()); }
  absl::StatusOr<DeviceContext*> Device(int ordinal) const;
  // The calling thread's current device.
  absl::StatusOr<DeviceContext*> CurrentDevice() const;
  // The lowest PTX target every device accepts (modules choose their PTX with it).
  int max_ptx_target() const;

  AllocationTable& allocations() { return allocations_; }
  ModuleRegistry& modules() { return modules_; }

  // Stream handles. 0 and cudaStreamLegacy name the current device's legacy stream, unless
  // `per_thread_default` (the _ptsz/_ptds entry points), where 0 means cudaStreamPerThread.
  absl::StatusOr<std::shared_ptr<Stream>> ResolveStream(cudaStream_t handle,
                                                        bool per_thread_default = false);
  cudaStream_t AddStream(std::shared_ptr<Stream> stream);
  absl::StatusOr<std::shared_ptr<Stream>> RemoveStream(cudaStream_t handle);

  cudaEvent_t AddEvent(std::shared_ptr<Event> event);
  absl::StatusOr<std::shared_ptr<Event>> FindEvent(cudaEvent_t handle) const;
  absl::StatusOr<std::shared_ptr<Event>> RemoveEvent(cudaEvent_t handle);

 private:
  Runtime();
  absl::StatusOr<std::shared_ptr<Stream>> PerThreadStream(DeviceContext& device);

  std::vector<std::unique_ptr<DeviceContext>> devices_;
  AllocationTable allocations_;
  ModuleRegistry modules_;

  mutable std::mutex handles_mu_;
  absl::flat_hash_map<const void*, std::shared_ptr<Stream>> streams_;
  absl::flat_hash_map<const void*, std::shared_ptr<Event>> events_;
};

}  // namespace cudashim::core
