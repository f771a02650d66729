// Stream-ordered memory pools (cudaMallocAsync): every device has a default pool; users may create
// more. Allocation itself goes through core/memory.h; a pool keeps its attributes and usage.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "driver_types.h"

namespace cudashim::core {

class MemPool {
 public:
  explicit MemPool(int device) : device_(device) {}
  int device() const { return device_; }

  absl::Status SetAttribute(cudaMemPoolAttr attribute, const void* value);
  absl::Status GetAttribute(cudaMemPoolAttr attribute, void* value) const;
  void Allocated(size_t bytes);
  void Freed(size_t bytes);

 private:
  const int device_;
  mutable std::mutex mu_;
  uint64_t release_threshold_ = 0;
  bool reuse_follow_event_dependencies_ = true;
  bool reuse_allow_opportunistic_ = true;
  bool reuse_allow_internal_dependencies_ = true;
  uint64_t used_ = 0, used_high_ = 0;
};

// Pools by handle; cudaMemPool_t is the MemPool's address.
class MemPools {
 public:
  MemPool& Default(int device);
  MemPool& Current(int device);
  void SetCurrent(int device, MemPool& pool);
  MemPool& Create(int device);
  absl::StatusOr<MemPool*> Find(const void* handle) const;
  absl::Status Destroy(const void* handle);

 private:
  mutable std::mutex mu_;
  absl::flat_hash_map<const void*, std::unique_ptr<MemPool>> pools_;
  absl::flat_hash_map<int, MemPool*> defaults_;
  absl::flat_hash_map<int, MemPool*> current_;
};

MemPools& Pools();

}  // namespace cudashim::core
