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

  const int workers_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  int participants_ = 0;
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<int> remaining_{0};
  bool stop_ = false;
};

}  // namespace cudashim::simt
