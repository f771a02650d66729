#include "runtime/core/allocation_table.h"

namespace cudashim::core {

void AllocationTable::Insert(const Allocation& allocation) {
  std::lock_guard lock(mu_);
  by_base_[allocation.base] = allocation;
}

std::optional<Allocation> AllocationTable::Find(const void* ptr) const {
  auto p = reinterpret_cast<uintptr_t>(ptr);
  std::lock_guard lock(mu_);
  auto it = by_base_.upper_bound(p);
  if (it == by_base_.begin()) return std::nullopt;
  --it;
  if (!it->second.Contains(p)) return std::nullopt;
  return it->second;
}

bool AllocationTable::Overlaps(const void* ptr, size_t bytes) const {
  auto p = reinterpret_cast<uintptr_t>(ptr);
  std::lock_guard lock(mu_);
  auto it = by_base_.lower_bound(p);
  if (it != by_base_.end() && it->first - p < bytes) return true;  // one starts inside the range
  if (it == by_base_.begin()) return false;
  --it;
  return it->second.Contains(p);  // the range starts inside one
}

std::optional<Allocation> AllocationTable::Remove(const void* base) {
  std::lock_guard lock(mu_);
  auto it = by_base_.find(reinterpret_cast<uintptr_t>(base));
  if (it == by_base_.end()) return std::nullopt;
  Allocation found = it->second;
  by_base_.erase(it);
  return found;
}

size_t AllocationTable::DeviceBytesInUse(int device) const {
  std::lock_guard lock(mu_);
  size_t total = 0;
  for (const auto& [base, a] : by_base_) {
    if (a.device == device && (a.kind == MemoryKind::kDevice || a.kind == MemoryKind::kModuleVariable ||
                                 a.kind == MemoryKind::kArray)) {
      total += a.size;
    }
  }
  return total;
}

std::vector<Allocation> AllocationTable::RemoveAll(int device, MemoryKind kind) {
  std::lock_guard lock(mu_);
  std::vector<Allocation> removed;
  for (auto it = by_base_.begin(); it != by_base_.end();) {
    if (it->second.device == device && it->second.kind == kind) {
      removed.push_back(it->second);
      it = by_base_.erase(it);
    } else {
      ++it;
    }
  }
  return removed;
}

}  // namespace cudashim::core
