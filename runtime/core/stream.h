// A stream: an ordered queue of work run by its own worker thread.
//
// Work is enqueued with a list of positions in other streams it must wait for; that one mechanism
// gives cudaStreamWaitEvent, the legacy default stream's implicit synchronization (added by
// DeviceContext::Enqueue) and event completion. A position is the count of commands enqueued on a
// stream so far; a stream has "reached" a position once that many commands have finished.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "runtime/core/ring_queue.h"

namespace cudashim::core {

class DeviceContext;
class Stream;

struct StreamPosition {
  std::shared_ptr<Stream> stream;
  uint64_t position = 0;
};

class Stream : public std::enable_shared_from_this<Stream> {
 public:
  enum class Kind {
    kLegacy,       // the device's NULL stream: synchronizes with every blocking stream
    kPerThread,    // cudaStreamPerThread: blocking, one per host thread and device
    kBlocking,     // cudaStreamDefault
    kNonBlocking,  // cudaStreamNonBlocking: never waits for the legacy stream
  };
  // Work returns the error it met; a failure becomes the device's sticky error.
  using Work = absl::AnyInvocable<absl::Status()>;

  Stream(DeviceContext& device, Kind kind, unsigned flags, int priority);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  DeviceContext& device() const { return device_; }
  Kind kind() const { return kind_; }
  unsigned flags() const { return flags_; }
  int priority() const { return priority_; }
  // Whether the legacy stream and this one wait for each other.
  bool syncs_with_legacy() const { return kind_ == Kind::kBlocking || kind_ == Kind::kPerThread; }

  // Use DeviceContext::Enqueue, which adds the legacy-stream dependencies. Returns the position
  // that is reached when `work` has run.
  uint64_t EnqueueRaw(Work work, std::vector<StreamPosition> after);

  uint64_t tail() const;                  // position of the last enqueued command
  bool Reached(uint64_t position) const;  // has that command (and all before it) finished?
  void WaitUntil(uint64_t position) const;
  void WaitIdle() const { WaitUntil(tail()); }
  bool idle() const { return Reached(tail()); }

  // cudaStreamDestroy: enqueued work still runs, then the worker thread ends on its own.
  void Retire();
  bool retired() const;

 private:
  struct Command {
    Work work;
    std::vector<StreamPosition> after;
  };
  void Run();  // the worker thread

  DeviceContext& device_;
  const Kind kind_;
  const unsigned flags_;
  const int priority_;

  // The counters and retired_ change under mu_ but are atomics so that waiters can spin on them
  // without the lock (hal/spin_wait.h); notifies happen only when someone is blocked.
  mutable std::mutex mu_;
  mutable std::condition_variable progress_;  // completed_ advanced
  std::condition_variable work_ready_;        // queue_ grew or retired_
  RingQueue<Command> queue_;
  std::atomic<uint64_t> enqueued_{0};
  std::atomic<uint64_t> completed_{0};
  bool worker_started_ = false;
  std::atomic<bool> retired_{false};
  bool worker_blocked_ = false;      // the worker sleeps on work_ready_
  mutable int blocked_waiters_ = 0;  // threads sleeping on progress_
};

}  // namespace cudashim::core
