#include "runtime/backends/simt/heap.h"

namespace cudashim::simt {

void DeviceHeap::SetLimit(size_t bytes) {
  std::lock_guard lock(mu_);
  if (base_ == nullptr) limit_ = bytes;
}

void* DeviceHeap::Malloc(size_t bytes) {
  constexpr size_t kAlign = 16;
  size_t need = (bytes + kAlign - 1) / kAlign * kAlign;
  if (need == 0) need = kAlign;
  std::lock_guard lock(mu_);
  if (base_ == nullptr) {
    base_ = static_cast<char*>(allocate_(limit_));
    if (base_ == nullptr) return nullptr;
    free_.emplace(0, limit_ / kAlign * kAlign);
  }
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    if (it->second < need) continue;
    size_t offset = it->first;
    size_t rest = it->second - need;
    free_.erase(it);
    if (rest > 0) free_.emplace(offset + need, rest);
    in_use_.emplace(offset, need);
    return base_ + offset;
  }
  return nullptr;
}

void DeviceHeap::Free(void* p) {
  if (p == nullptr) return;
  std::lock_guard lock(mu_);
  if (base_ == nullptr) return;
  size_t offset = static_cast<char*>(p) - base_;
  auto used = in_use_.find(offset);
  if (used == in_use_.end()) return;
  size_t length = used->second;
  in_use_.erase(used);
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

}  // namespace cudashim::simt
