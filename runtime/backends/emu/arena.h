// The emulated accelerator's device memory: one virtual range reserved up front, carved by a
// first-fit allocator. Keeping device memory in its own range lets the emulator tell a device
// pointer from a host pointer by address alone, as a real GPU's memory checker can.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace cudashim::backends {

class Arena {
 public:
  // Reserves `capacity` bytes of address space (pages are committed on first touch).
  static absl::StatusOr<std::unique_ptr<Arena>> Reserve(size_t capacity);
  ~Arena();

  // 256-byte aligned; fails with cudaErrorMemoryAllocation when no free range is large enough.
  absl::StatusOr<void*> Allocate(size_t bytes);
  void Free(void* ptr);
  bool Contains(const void* ptr) const;
  size_t capacity() const { return capacity_; }
  uintptr_t begin() const { return reinterpret_cast<uintptr_t>(base_); }

 private:
  Arena(char* base, size_t capacity);

  char* const base_;
  const size_t capacity_;
  std::mutex mu_;
  std::map<size_t, size_t> free_;                  // offset -> length, coalesced
  absl::flat_hash_map<size_t, size_t> in_use_;     // offset -> length
};

}  // namespace cudashim::backends
