// A FIFO over one growable ring buffer: unlike std::deque, which frees and reallocates a block
// every few hundred bytes of traffic, it stops allocating once it has grown to the deepest queue
// seen (a stream's commands: launches allocate nothing in the steady state).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cudashim::core {

template <typename T>
class RingQueue {
 public:
  bool empty() const { return count_ == 0; }
  T& front() { return slots_[head_]; }
  void pop_front() {
    slots_[head_] = T{};  // release what the element holds now, not when the slot is reused
    head_ = (head_ + 1) % slots_.size();
    --count_;
  }
  void push_back(T value) {
    if (count_ == slots_.size()) Grow();
    slots_[(head_ + count_) % slots_.size()] = std::move(value);
    ++count_;
  }

 private:
  void Grow() {
    std::vector<T> bigger(slots_.empty() ? 16 : slots_.size() * 2);
    for (size_t i = 0; i < count_; ++i) bigger[i] = std::move(slots_[(head_ + i) % slots_.size()]);
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace cudashim::core
