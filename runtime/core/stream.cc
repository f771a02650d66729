#include "runtime/core/stream.h"

#include "runtime/core/device_context.h"

namespace cudashim::core {

Stream::Stream(DeviceContext& device, Kind kind, unsigned flags, int priority)
    : device_(device), kind_(kind), flags_(flags), priority_(priority) {}

uint64_t Stream::EnqueueRaw(Work work, std::vector<StreamPosition> after) {
  std::lock_guard lock(mu_);
  queue_.push_back(Command{std::move(work), std::move(after)});
  uint64_t position = ++enqueued_;
  if (!worker_started_) {
    // The worker owns a reference, so a destroyed stream finishes its work. It is detached and
    // never joined: like all runtime state it may outlive static destruction (NVCC_ABI.md §1.2).
    worker_started_ = true;
    std::thread([self = shared_from_this()] { self->Run(); }).detach();
  } else {
    work_ready_.notify_one();
  }
  return position;
}

uint64_t Stream::tail() const {
  std::lock_guard lock(mu_);
  return enqueued_;
}

bool Stream::Reached(uint64_t position) const {
  std::lock_guard lock(mu_);
  return completed_ >= position;
}

void Stream::WaitUntil(uint64_t position) const {
  std::unique_lock lock(mu_);
  progress_.wait(lock, [&] { return completed_ >= position; });
}

void Stream::Retire() {
  std::lock_guard lock(mu_);
  retired_ = true;
  work_ready_.notify_one();
}

bool Stream::retired() const {
  std::lock_guard lock(mu_);
  return retired_;
}

void Stream::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    work_ready_.wait(lock, [&] { return !queue_.empty() || retired_; });
    if (queue_.empty()) return;  // retired and drained
    Command command = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();

    for (const StreamPosition& dependency : command.after) {
      if (dependency.stream.get() != this) dependency.stream->WaitUntil(dependency.position);
    }
    absl::Status status = command.work();
    if (!status.ok()) device_.RecordAsyncError(status);
    command = Command{};  // release captured state before reporting progress

    lock.lock();
    ++completed_;
    progress_.notify_all();
  }
}

}  // namespace cudashim::core
