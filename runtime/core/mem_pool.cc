#include "runtime/core/mem_pool.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {
absl::Status BadAttribute(cudaMemPoolAttr attribute) {
  return CudaError(cudaErrorInvalidValue,
                   absl::StrCat("invalid memory pool attribute ", static_cast<int>(attribute)));
}
}  // namespace

absl::Status MemPool::SetAttribute(cudaMemPoolAttr attribute, const void* value) {
  if (value == nullptr) return CudaError(cudaErrorInvalidValue, "value is NULL");
  std::lock_guard lock(mu_);
  auto flag = [&] { return *static_cast<const int*>(value) != 0; };
  switch (attribute) {
    case cudaMemPoolReuseFollowEventDependencies: reuse_follow_event_dependencies_ = flag(); break;
    case cudaMemPoolReuseAllowOpportunistic: reuse_allow_opportunistic_ = flag(); break;
    case cudaMemPoolReuseAllowInternalDependencies: reuse_allow_internal_dependencies_ = flag(); break;
    case cudaMemPoolAttrReleaseThreshold:
      release_threshold_ = *static_cast<const uint64_t*>(value);
      break;
    case cudaMemPoolAttrReservedMemHigh:
    case cudaMemPoolAttrUsedMemHigh:
      // Only resetting the high-water mark to 0 is allowed.
      if (*static_cast<const uint64_t*>(value) != 0) return BadAttribute(attribute);
      used_high_ = used_;
      break;
    default:
      return BadAttribute(attribute);
  }
  return absl::OkStatus();
}

absl::Status MemPool::GetAttribute(cudaMemPoolAttr attribute, void* value) const {
  if (value == nullptr) return CudaError(cudaErrorInvalidValue, "value is NULL");
  std::lock_guard lock(mu_);
  auto put_flag = [&](bool b) { *static_cast<int*>(value) = b ? 1 : 0; };
  auto put = [&](uint64_t v) { std::memcpy(value, &v, sizeof(v)); };
  switch (attribute) {
    case cudaMemPoolReuseFollowEventDependencies: put_flag(reuse_follow_event_dependencies_); break;
    case cudaMemPoolReuseAllowOpportunistic: put_flag(reuse_allow_opportunistic_); break;
    case cudaMemPoolReuseAllowInternalDependencies: put_flag(reuse_allow_internal_dependencies_); break;
    case cudaMemPoolAttrReleaseThreshold: put(release_threshold_); break;
    case cudaMemPoolAttrReservedMemCurrent:
    case cudaMemPoolAttrUsedMemCurrent: put(used_); break;
    case cudaMemPoolAttrReservedMemHigh:
    case cudaMemPoolAttrUsedMemHigh: put(used_high_); break;
    default:
      return BadAttribute(attribute);
  }
  return absl::OkStatus();
}

void MemPool::Allocated(size_t bytes) {
  std::lock_guard lock(mu_);
  used_ += bytes;
  used_high_ = std::max(used_high_, used_);
}

void MemPool::Freed(size_t bytes) {
  std::lock_guard lock(mu_);
  used_ -= std::min<uint64_t>(used_, bytes);
}

MemPool& MemPools::Default(int device) {
  std::lock_guard lock(mu_);
  MemPool*& slot = defaults_[device];
  if (slot == nullptr) {
    auto pool = std::make_unique<MemPool>(device);
    slot = pool.get();
    pools_[slot] = std::move(pool);
  }
  return *slot;
}

MemPool& MemPools::Current(int device) {
  {
    std::lock_guard lock(mu_);
    if (auto it = current_.find(device); it != current_.end()) return *it->second;
  }
  return Default(device);
}

void MemPools::SetCurrent(int device, MemPool& pool) {
  std::lock_guard lock(mu_);
  current_[device] = &pool;
}

MemPool& MemPools::Create(int device) {
  auto pool = std::make_unique<MemPool>(device);
  MemPool* p = pool.get();
  std::lock_guard lock(mu_);
  pools_[p] = std::move(pool);
  return *p;
}

absl::StatusOr<MemPool*> MemPools::Find(const void* handle) const {
  std::lock_guard lock(mu_);
  auto it = pools_.find(handle);
  if (it == pools_.end()) return CudaError(cudaErrorInvalidValue, "unknown memory pool");
  return it->second.get();
}

absl::Status MemPools::Destroy(const void* handle) {
  std::lock_guard lock(mu_);
  auto it = pools_.find(handle);
  if (it == pools_.end()) return CudaError(cudaErrorInvalidValue, "unknown memory pool");
  for (const auto& [device, pool] : defaults_) {
    if (pool == it->second.get()) {
      return CudaError(cudaErrorInvalidValue, "the default memory pool cannot be destroyed");
    }
  }
  for (auto c = current_.begin(); c != current_.end();) {
    if (c->second == it->second.get()) {
      current_.erase(c++);
    } else {
      ++c;
    }
  }
  it->second.release();  // allocations made from it may still be freed later
  pools_.erase(it);
  return absl::OkStatus();
}

MemPools& Pools() {
  static MemPools* pools = new MemPools;
  return *pools;
}

}  // namespace cudashim::core
