// Persistent worker threads of a device, created once (CPU_PERFORMANCE.md: creating threads per
// launch costs ~44 µs). The thread that launches takes part as worker 0.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cudashim::simt {

class WorkerPool {
 public:
  // `workers` participants at most: the caller plus workers - 1 threads, started lazily.
  explicit WorkerPool(int workers);
  ~WorkerPool();

  int size() const { return workers_; }

  // Runs job(0..participants-1), job(0) on the calling thread, and returns when all are done.
  // One Run at a time (callers serialise).
  void Run(int participants, const std::function<void(int)>& job);

 private:
  void Start();
  void Loop(int id);

  // A job is published by storing job_ and participants_, then generation_ (release). Idle
  // workers spin on generation_ for a while (hal/spin_wait.h) before they block on wake_; Run
  // notifies only when some are blocked, and blocks on done_ only after spinning itself.
  const int workers_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> participants_{0};
  std::atomic<const std::function<void(int)>*> job_{nullptr};
  std::atomic<int> remaining_{0};
  std::atomic<bool> stop_{false};
  int blocked_workers_ = 0;  // under mu_
  bool caller_blocked_ = false;  // under mu_: Run sleeps on done_
};

}  // namespace cudashim::simt
