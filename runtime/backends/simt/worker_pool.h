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

  // Who must take part in a job.
  enum class Joining {
    // Every participant runs its part (a cooperative launch divides its resident blocks among
    // them: a missing one would leave blocks behind a grid barrier).
    kEveryone,
    // job(0) runs; a worker that has not started its part when job(0) returns skips it, and Run
    // does not wait for it. For jobs whose parts take work from a shared counter, so that any
    // participant can finish it alone: a worker asleep in the kernel (woken in tens of
    // microseconds on a loaded or virtualised machine) then does not hold up a short launch.
    kWhoeverIsReady,
  };

  // Runs job(0) on the calling thread and job(1..participants-1) on the pool's threads, and
  // returns when every part that ran is done. One Run at a time (callers serialise).
  void Run(int participants, const std::function<void(int)>& job, Joining joining = Joining::kEveryone);

 private:
  void Start();
  void Loop(int id);

  // A job is published by storing job_, participants_ and entry_, then generation_ (release).
  // Idle workers spin on generation_ for a while (hal/spin_wait.h) before they block on wake_;
  // Run notifies only when some are blocked, and blocks on done_ only after spinning itself.
  // A worker runs its part only after entering the job: one compare-exchange on entry_, which
  // holds the job's generation (high 32 bits), whether Run closed it (kClosed) and how many
  // workers entered. Run closes a kWhoeverIsReady job when job(0) returns and then waits for
  // the workers that entered (finished_) alone; a later worker finds it closed.
  const int workers_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> participants_{0};
  std::atomic<const std::function<void(int)>*> job_{nullptr};
  static constexpr uint64_t kClosed = uint64_t{1} << 31;
  std::atomic<uint64_t> entry_{0};
  std::atomic<int> finished_{0};
  std::atomic<int> parts_{-1};  // the parts Run waits for, once job(0) returned
  std::atomic<bool> stop_{false};
  int blocked_workers_ = 0;  // under mu_
  bool caller_blocked_ = false;  // under mu_: Run sleeps on done_
};

}  // namespace cudashim::simt
