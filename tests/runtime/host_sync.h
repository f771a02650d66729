// Host-side helpers for tests that observe stream order through host functions.
#pragma once

#include <cuda_runtime_api.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cudashim::testing {

// A host function that blocks its stream until the test opens it.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<bool> entered{false};
  static void CUDART_CB Fn(void* p) {
    auto* gate = static_cast<Gate*>(p);
    gate->entered = true;
    while (!gate->open.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
};

// An ordered record of host functions that ran; Append is called from stream workers.
class OrderLog {
 public:
  void Append(int value) {
    std::lock_guard lock(mu_);
    values_.push_back(value);
  }
  std::vector<int> values() const {
    std::lock_guard lock(mu_);
    return values_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<int> values_;
};

// A host function that appends `value` to `log` and raises `ran`.
struct Append {
  OrderLog* log = nullptr;
  int value = 0;
  std::atomic<bool> ran{false};
  static void CUDART_CB Fn(void* p) {
    auto* self = static_cast<Append*>(p);
    self->log->Append(self->value);
    self->ran = true;
  }
};

// Polls `condition` for up to `ms` milliseconds.
inline bool Eventually(const std::function<bool()>& condition, int ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return condition();
}

// How long a test waits to conclude that something did NOT happen.
inline constexpr int kQuietMs = 200;

}  // namespace cudashim::testing
