#include "runtime/core/device_context.h"

#include "absl/container/inlined_vector.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime/core/logging.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {

// The defaults CUDA documents for a fresh context.
absl::flat_hash_map<int, size_t> DefaultLimits() {
  return {
      {cudaLimitStackSize, 1024},
      {cudaLimitPrintfFifoSize, 1 << 20},
      {cudaLimitMallocHeapSize, 8 << 20},
      {cudaLimitDevRuntimeSyncDepth, 2},
      {cudaLimitDevRuntimePendingLaunchCount, 2048},
      {cudaLimitMaxL2FetchGranularity, 64},
      {cudaLimitPersistingL2CacheSize, 0},
  };
}

}  // namespace

DeviceContext::DeviceContext(int ordinal, std::unique_ptr<hal::Device> device)
    : ordinal_(ordinal),
      device_(std::move(device)),
      legacy_(std::make_shared<Stream>(*this, Stream::Kind::kLegacy, 0, 0)),
      limits_(DefaultLimits()) {}

std::shared_ptr<Stream> DeviceContext::CreateStream(Stream::Kind kind, unsigned flags,
                                                    int priority) {
  auto stream = std::make_shared<Stream>(*this, kind, flags, priority);
  std::lock_guard lock(mu_);
  streams_.push_back(stream);
  return stream;
}

void DeviceContext::ReleaseStream(const std::shared_ptr<Stream>& stream) {
  stream->Retire();
  std::lock_guard lock(mu_);
  PruneRetiredLocked();
}

void DeviceContext::PruneRetiredLocked() {
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                [](const auto& s) { return s->retired() && s->idle(); }),
                 streams_.end());
}

uint64_t DeviceContext::Enqueue(Stream& stream, Stream::Work work,
                                std::vector<StreamPosition> after) {
  // Holding mu_ across the enqueue makes "the other streams' tails" and "this command" one step,
  // so two threads enqueueing on the legacy and a blocking stream cannot both miss each other.
  std::lock_guard lock(mu_);
  PruneRetiredLocked();
  if (stream.kind() == Stream::Kind::kLegacy) {
    for (const auto& other : streams_) {
      if (other->syncs_with_legacy()) after.push_back({other, other->tail()});
    }
  } else if (stream.syncs_with_legacy()) {
    after.push_back({legacy_, legacy_->tail()});
  }
  return stream.EnqueueRaw(std::move(work), std::move(after));
}

void DeviceContext::WaitIdle() {
  absl::InlinedVector<StreamPosition, 8> tails;  // no allocation for a few streams
  {
    std::lock_guard lock(mu_);
    tails.push_back({legacy_, legacy_->tail()});
    for (const auto& s : streams_) tails.push_back({s, s->tail()});
  }
  for (const StreamPosition& t : tails) t.stream->WaitUntil(t.position);
}

bool DeviceContext::Idle(const Stream& stream) const {
  if (!stream.idle()) return false;
  if (stream.kind() != Stream::Kind::kLegacy) return true;
  std::lock_guard lock(mu_);
  for (const auto& other : streams_) {
    if (other->syncs_with_legacy() && !other->idle()) return false;
  }
  return true;
}

absl::Status DeviceContext::sticky_error() const {
  std::lock_guard lock(mu_);
  return error_;
}

uint64_t DeviceContext::sticky_generation() const {
  std::lock_guard lock(mu_);
  return error_generation_;
}

void DeviceContext::RecordAsyncError(const absl::Status& status) {
  Log().error("device {}: asynchronous error: {}", ordinal_, status.message());
  std::lock_guard lock(mu_);
  if (error_.ok()) {
    error_ = status;
    ++error_generation_;
  }
}

void DeviceContext::Reset() {
  WaitIdle();
  std::lock_guard lock(mu_);
  error_ = absl::OkStatus();
  ++error_generation_;
  limits_ = DefaultLimits();
  flags_ = 0;
}

absl::Status DeviceContext::SetLimit(cudaLimit limit, size_t value) {
  std::lock_guard lock(mu_);
  auto it = limits_.find(limit);
  if (it == limits_.end()) {
    return CudaError(cudaErrorInvalidValue, absl::StrCat("unsupported limit ", limit));
  }
  if (limit == cudaLimitMaxL2FetchGranularity && (value < 32 || value > 128)) {
    return CudaError(cudaErrorInvalidValue, "L2 fetch granularity must be in [32, 128]");
  }
  it->second = value;
  return absl::OkStatus();
}

absl::StatusOr<size_t> DeviceContext::GetLimit(cudaLimit limit) const {
  std::lock_guard lock(mu_);
  auto it = limits_.find(limit);
  if (it == limits_.end()) {
    return CudaError(cudaErrorInvalidValue, absl::StrCat("unsupported limit ", limit));
  }
  return it->second;
}

void DeviceContext::set_flags(unsigned flags) {
  std::lock_guard lock(mu_);
  flags_ = flags;
}

unsigned DeviceContext::flags() const {
  std::lock_guard lock(mu_);
  return flags_;
}

}  // namespace cudashim::core
