// An event: a marker recorded into a stream, complete once the stream reaches it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/status/statusor.h"
#include "runtime/core/stream.h"

namespace cudashim::core {

class Event {
 public:
  explicit Event(unsigned flags) : flags_(flags) {}

  unsigned flags() const { return flags_; }
  bool timing_disabled() const;

  // Records the event as the next command of `stream` (re-recording replaces the marker).
  void Record(Stream& stream);
  // cudaStreamWaitEvent: the position to wait for, or none if the event was never recorded.
  std::optional<StreamPosition> position() const;
  // Recorded and reached (a never-recorded event counts as complete, as in CUDA).
  bool complete() const;
  void Wait() const;
  // Milliseconds from `start` to `end` (cudaEventElapsedTime's rules and errors).
  static absl::StatusOr<float> ElapsedMs(const Event& start, const Event& end);

 private:
  // One recording: where it sits and when the stream passed it.
  struct Marker {
    StreamPosition at;
    std::atomic<int64_t> time_ns{-1};
  };
  std::shared_ptr<Marker> marker() const;

  const unsigned flags_;
  mutable std::mutex mu_;
  std::shared_ptr<Marker> marker_;
};

}  // namespace cudashim::core
