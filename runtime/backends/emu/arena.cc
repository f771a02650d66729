#include "runtime/backends/emu/arena.h"

#include <sys/mman.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {
constexpr size_t kAlignment = 256;
// Freed ranges at least this large are handed back to the OS, so a freed buffer reads as zeros
// again and a long-running program does not keep peak memory.
constexpr size_t kReleaseThreshold = 1 << 20;
}  // namespace

absl::StatusOr<std::unique_ptr<Arena>> Arena::Reserve(size_t capacity) {
  capacity = (capacity + kAlignment - 1) / kAlignment * kAlignment;
  void* base = mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    return CudaError(cudaErrorMemoryAllocation,
                     absl::StrCat("emu device: cannot reserve ", capacity, " bytes of device memory"));
  }
  return std::unique_ptr<Arena>(new Arena(static_cast<char*>(base), capacity));
}

Arena::Arena(char* base, size_t capacity) : base_(base), capacity_(capacity) {
  free_.emplace(0, capacity);
}

Arena::~Arena() { munmap(base_, capacity_); }

absl::StatusOr<void*> Arena::Allocate(size_t bytes) {
  if (bytes > capacity_) {
    return CudaError(cudaErrorMemoryAllocation,
                     absl::StrCat("emu device: ", bytes, " bytes exceed device memory (", capacity_, ")"));
  }
  size_t need = std::max(kAlignment, (bytes + kAlignment - 1) / kAlignment * kAlignment);
  std::lock_guard lock(mu_);
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    if (it->second < need) continue;
    size_t offset = it->first;
    size_t rest = it->second - need;
    free_.erase(it);
    if (rest > 0) free_.emplace(offset + need, rest);
    in_use_.emplace(offset, need);
    return base_ + offset;
  }
  return CudaError(cudaErrorMemoryAllocation,
                   absl::StrCat("emu device: out of device memory allocating ", bytes, " bytes"));
}

void Arena::Free(void* ptr) {
  size_t offset = static_cast<char*>(ptr) - base_;
  std::lock_guard lock(mu_);
  auto used = in_use_.find(offset);
  if (used == in_use_.end()) return;  // the core's allocation table rejects bad frees first
  size_t length = used->second;
  in_use_.erase(used);
  if (length >= kReleaseThreshold) madvise(base_ + offset, length, MADV_DONTNEED);

  auto next = free_.lower_bound(offset);
  if (next != free_.end() && offset + length == next->first) {
    length += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second == offset) {
      prev->second += length;
      return;
    }
  }
  free_.emplace(offset, length);
}

bool Arena::Contains(const void* ptr) const {
  auto p = static_cast<const char*>(ptr);
  return p >= base_ && p < base_ + capacity_;
}

}  // namespace cudashim::backends
