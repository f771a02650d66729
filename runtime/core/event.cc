#include "runtime/core/event.h"

#include <chrono>

#include "runtime/core/device_context.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {
int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

bool Event::timing_disabled() const { return (flags_ & cudaEventDisableTiming) != 0; }

void Event::Record(Stream& stream) {
  auto marker = std::make_shared<Marker>();
  marker->at.stream = stream.shared_from_this();
  marker->at.position = stream.device().Enqueue(stream, [marker] {
    marker->time_ns.store(NowNs(), std::memory_order_release);
    return absl::OkStatus();
  });
  std::lock_guard lock(mu_);
  marker_ = std::move(marker);
}

std::shared_ptr<Event::Marker> Event::marker() const {
  std::lock_guard lock(mu_);
  return marker_;
}

std::optional<StreamPosition> Event::position() const {
  auto m = marker();
  if (!m) return std::nullopt;
  return m->at;
}

bool Event::complete() const {
  auto m = marker();
  return !m || m->at.stream->Reached(m->at.position);
}

void Event::Wait() const {
  if (auto m = marker()) m->at.stream->WaitUntil(m->at.position);
}

absl::StatusOr<float> Event::ElapsedMs(const Event& start, const Event& end) {
  if (start.timing_disabled() || end.timing_disabled()) {
    return CudaError(cudaErrorInvalidResourceHandle, "event created with cudaEventDisableTiming");
  }
  auto a = start.marker();
  auto b = end.marker();
  if (!a || !b) return CudaError(cudaErrorInvalidResourceHandle, "event was never recorded");
  if (!a->at.stream->Reached(a->at.position) || !b->at.stream->Reached(b->at.position)) {
    return CudaError(cudaErrorNotReady, "event has not completed yet");
  }
  int64_t ns = b->time_ns.load(std::memory_order_acquire) -
               a->time_ns.load(std::memory_order_acquire);
  return static_cast<float>(ns / 1e6);
}

}  // namespace cudashim::core
