#include "runtime/backends/simt/worker_pool.h"

#include "runtime/hal/spin_wait.h"

namespace cudashim::simt {

WorkerPool::WorkerPool(int workers) : workers_(workers < 1 ? 1 : workers) {}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Start() {
  for (int id = 1; id < workers_; ++id) threads_.emplace_back([this, id] { Loop(id); });
}

void WorkerPool::Loop(int id) {
  uint64_t seen = 0;
  for (;;) {
    auto published = [&] { return generation_.load(std::memory_order_acquire) != seen || stop_.load(); };
    if (!hal::SpinUntil(published)) {
      std::unique_lock lock(mu_);
      ++blocked_workers_;
      wake_.wait(lock, published);
      --blocked_workers_;
    }
    if (stop_.load()) return;
    const uint64_t g = generation_.load(std::memory_order_acquire);
    const int participants = participants_.load(std::memory_order_relaxed);
    const std::function<void(int)>* job = job_.load(std::memory_order_relaxed);
    // A later job may have been published while these were read (possible only when this worker
    // takes no part in job g): read again.
    if (generation_.load(std::memory_order_acquire) != g) continue;
    seen = g;
    if (id >= participants) continue;
    uint64_t e = entry_.load(std::memory_order_acquire);
    bool entered = false;
    while ((e >> 32) == (g & 0xFFFFFFFFu) && (e & kClosed) == 0) {
      if (entry_.compare_exchange_weak(e, e + 1, std::memory_order_acq_rel)) {
        entered = true;
        break;
      }
    }
    if (!entered) continue;  // closed: Run finished without this worker
    (*job)(id);
    // The last part wakes Run if it blocked. Run stores parts_ before it reads finished_, this
    // worker adds to finished_ before it reads parts_ (both sequentially consistent): if this
    // worker misses the store, Run sees the count and does not block.
    if (finished_.fetch_add(1) + 1 == parts_.load()) {
      std::lock_guard lock(mu_);
      if (caller_blocked_) done_.notify_all();
    }
  }
}

void WorkerPool::Run(int participants, const std::function<void(int)>& job, Joining joining) {
  if (participants > workers_) participants = workers_;
  if (participants <= 1) {
    job(0);
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (threads_.empty()) Start();
    job_.store(&job, std::memory_order_relaxed);
    participants_.store(participants, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    parts_.store(-1, std::memory_order_relaxed);
    const uint64_t g = generation_.load(std::memory_order_relaxed) + 1;
    entry_.store((g & 0xFFFFFFFFu) << 32, std::memory_order_relaxed);
    generation_.store(g, std::memory_order_release);
    if (blocked_workers_ > 0) wake_.notify_all();
  }
  job(0);
  // The parts to wait for: all, or those whose workers entered before the close.
  const int parts = joining == Joining::kEveryone
                        ? participants - 1
                        : static_cast<int>(entry_.fetch_or(kClosed, std::memory_order_acq_rel) & (kClosed - 1));
  parts_.store(parts);
  auto finished = [&] { return finished_.load() == parts; };
  if (hal::SpinUntil(finished)) return;
  std::unique_lock lock(mu_);
  caller_blocked_ = true;
  done_.wait(lock, finished);
  caller_blocked_ = false;
}

}  // namespace cudashim::simt
