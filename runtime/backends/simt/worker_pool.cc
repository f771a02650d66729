#include "runtime/backends/simt/worker_pool.h"

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
    const std::function<void(int)>* job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (id >= participants_) continue;
      job = job_;
    }
    (*job)(id);
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard lock(mu_);
      done_.notify_all();
    }
  }
}

void WorkerPool::Run(int participants, const std::function<void(int)>& job) {
  if (participants > workers_) participants = workers_;
  if (participants <= 1) {
    job(0);
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (threads_.empty()) Start();
    job_ = &job;
    participants_ = participants;
    remaining_.store(participants - 1, std::memory_order_release);
    ++generation_;
  }
  wake_.notify_all();
  job(0);
  // Spin briefly: short grids finish within microseconds of each other.
  for (int i = 0; i < 20000 && remaining_.load(std::memory_order_acquire) != 0; ++i) {
    __builtin_ia32_pause();
  }
  std::unique_lock lock(mu_);
  done_.wait(lock, [&] { return remaining_.load(std::memory_order_acquire) == 0; });
}

}  // namespace cudashim::simt
