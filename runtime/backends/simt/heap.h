// The device heap behind in-kernel malloc/free: one region of device memory (so the emu device's
// checks accept it), sized by cudaLimitMallocHeapSize and carved first-fit. It outlives launches,
// as memory malloc'ed by one kernel may be freed by another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "absl/container/flat_hash_map.h"

namespace cudashim::simt {

class DeviceHeap {
 public:
  // `allocate` obtains the region from the device the first time malloc needs it.
  explicit DeviceHeap(std::function<void*(size_t)> allocate) : allocate_(std::move(allocate)) {}

  // Sets the heap size for the next time the heap is created (no effect once in use).
  void SetLimit(size_t bytes);
  // 16-byte aligned; nullptr when the heap is exhausted (as on the GPU).
  void* Malloc(size_t bytes);
  void Free(void* p);
  // Whether [p, p + bytes) lies inside the heap region (emu access checks).
  bool Contains(uintptr_t p, size_t bytes) const {
    uintptr_t base = reinterpret_cast<uintptr_t>(base_);
    return base_ != nullptr && p >= base && p + bytes <= base + limit_;
  }

 private:
  std::function<void*(size_t)> allocate_;
  std::mutex mu_;
  size_t limit_ = 8 << 20;
  char* base_ = nullptr;
  std::map<size_t, size_t> free_;                 // offset -> length
  absl::flat_hash_map<size_t, size_t> in_use_;    // offset -> length
};

}  // namespace cudashim::simt
