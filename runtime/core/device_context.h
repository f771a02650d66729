// Everything the runtime keeps per device: the HAL device, its streams (the legacy NULL stream
// among them), limits and flags, the sticky error of its context, and prepared kernels' owner.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "driver_types.h"
#include "runtime/core/stream.h"
#include "runtime/hal/device.h"

namespace cudashim::core {

class DeviceContext {
 public:
  DeviceContext(int ordinal, std::unique_ptr<hal::Device> device);

  int ordinal() const { return ordinal_; }
  hal::Device& device() const { return *device_; }
  const hal::DeviceProfile& profile() const { return device_->profile(); }

  Stream& legacy_stream() const { return *legacy_; }
  std::shared_ptr<Stream> CreateStream(Stream::Kind kind, unsigned flags, int priority);
  // Retires a stream (cudaStreamDestroy, thread exit): its queued work still runs, and device-wide
  // synchronization and the legacy stream still wait for it until it has drained.
  void ReleaseStream(const std::shared_ptr<Stream>& stream);

  // Enqueues work on `stream` in CUDA's order: after earlier work of the stream, after `after`,
  // and, between the legacy stream and blocking streams, after each other's earlier work.
  uint64_t Enqueue(Stream& stream, Stream::Work work, std::vector<StreamPosition> after = {});
  // Waits for all work enqueued so far on every stream of the device.
  void WaitIdle();
  // cudaStreamQuery: has `stream` run everything enqueued so far? The legacy stream also counts as
  // busy while a blocking stream is, since its next command would wait for them.
  bool Idle(const Stream& stream) const;

  // The context's sticky error (a kernel fault): once set, synchronizing calls return it until
  // cudaDeviceReset.
  absl::Status sticky_error() const;
  // Counts sticky errors raised (and resets), so each host thread's cudaGetLastError can report a
  // sticky error once, as NVIDIA's runtime does, while other calls keep returning it.
  uint64_t sticky_generation() const;
  void RecordAsyncError(const absl::Status& status);
  // cudaDeviceReset: waits for all work, clears the sticky error, limits and flags.
  void Reset();

  absl::Status SetLimit(cudaLimit limit, size_t value);
  absl::StatusOr<size_t> GetLimit(cudaLimit limit) const;
  void set_flags(unsigned flags);
  unsigned flags() const;

  // cudaFuncAttributeMaxDynamicSharedMemorySize etc. live with the kernel; the device only knows
  // its profile limits.
 private:
  const int ordinal_;
  const std::unique_ptr<hal::Device> device_;
  std::shared_ptr<Stream> legacy_;

  // Drops retired streams that have drained. Called with mu_ held.
  void PruneRetiredLocked();

  mutable std::mutex mu_;  // streams_, limits_, flags_, error_
  // Every stream but the legacy one, including retired ones still draining.
  std::vector<std::shared_ptr<Stream>> streams_;
  absl::flat_hash_map<int, size_t> limits_;
  unsigned flags_ = 0;
  absl::Status error_;
  uint64_t error_generation_ = 0;
};

}  // namespace cudashim::core
