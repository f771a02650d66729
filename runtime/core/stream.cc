#include "runtime/core/stream.h"

#include "runtime/core/device_context.h"
#include "runtime/hal/spin_wait.h"

namespace cudashim::core {

Stream::Stream(DeviceContext& device, Kind kind, unsigned flags, int priority)
    : device_(device), kind_(kind), flags_(flags), priority_(priority) {}

uint64_t Stream::EnqueueRaw(Work work, std::vector<StreamPosition> after) {
  std::lock_guard lock(mu_);
  queue_.push_back(Command{std::move(work), std::move(after)});
  const uint64_t position = enqueued_.load(std::memory_order_relaxed) + 1;
  enqueued_.store(position, std::memory_order_release);
  if (!worker_started_) {
    // The worker owns a reference, so a destroyed stream finishes its work. It is detached and
    // never joined: like all runtime state it may outlive static destruction (NVCC_ABI.md §1.2).
    worker_started_ = true;
    std::thread([self = shared_from_this()] { self->Run(); }).detach();
  } else if (worker_blocked_) {
    work_ready_.notify_one();
  }
  return position;
}

uint64_t Stream::tail() const {
  std::lock_guard lock(mu_);
  return enqueued_;
}

bool Stream::Reached(uint64_t position) const {
  return completed_.load(std::memory_order_acquire) >= position;
}

void Stream::WaitUntil(uint64_t position) const {
  if (hal::SpinUntil([&] { return Reached(position); })) return;
  std::unique_lock lock(mu_);
  ++blocked_waiters_;
  progress_.wait(lock, [&] { return Reached(position); });
  --blocked_waiters_;
}

void Stream::Retire() {
  std::lock_guard lock(mu_);
  retired_ = true;
  work_ready_.notify_one();
}

bool Stream::retired() const { return retired_.load(std::memory_order_acquire); }

void Stream::Run() {
  uint64_t taken = 0;  // commands popped so far: the queue is empty when it equals enqueued_
  std::unique_lock lock(mu_);
  while (true) {
    if (queue_.empty() && !retired_) {
      lock.unlock();
      hal::SpinUntil([&] {
        return enqueued_.load(std::memory_order_acquire) != taken || retired_.load(std::memory_order_acquire);
      });
      lock.lock();
      worker_blocked_ = true;
      work_ready_.wait(lock, [&] { return !queue_.empty() || retired_; });
      worker_blocked_ = false;
    }
    if (queue_.empty()) return;  // retired and drained
    Command command = std::move(queue_.front());
    queue_.pop_front();
    ++taken;
    lock.unlock();

    for (const StreamPosition& dependency : command.after) {
      if (dependency.stream.get() != this) dependency.stream->WaitUntil(dependency.position);
    }
    absl::Status status = command.work();
    if (!status.ok()) device_.RecordAsyncError(status);
    command = Command{};  // release captured state before reporting progress

    lock.lock();
    completed_.store(completed_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    if (blocked_waiters_ > 0) progress_.notify_all();
  }
}

}  // namespace cudashim::core
