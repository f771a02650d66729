#ifndef CUDASHIM_RUNTIME_PTX_ANALYSIS_REGISTER_SET_H_
#define CUDASHIM_RUNTIME_PTX_ANALYSIS_REGISTER_SET_H_

// A set of registers of one function: a bitset over the indices of Function::registers.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cudashim::ptx::analysis {

class RegisterSet {
 public:
  RegisterSet() = default;
  // An empty set over registers 0 .. num_registers-1.
  explicit RegisterSet(std::size_t num_registers)
      : size_(num_registers), words_((num_registers + 63) / 64, 0) {}

  std::size_t universe() const { return size_; }  // the number of registers it ranges over

  bool Contains(uint32_t r) const { return r < size_ && (words_[r / 64] >> (r % 64)) & 1; }
  void Insert(uint32_t r) { words_[r / 64] |= uint64_t{1} << (r % 64); }
  void Erase(uint32_t r) { words_[r / 64] &= ~(uint64_t{1} << (r % 64)); }

  // this |= other; whether this set grew. Both sets range over the same registers.
  bool InsertAll(const RegisterSet& other) {
    bool grew = false;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      uint64_t merged = words_[w] | other.words_[w];
      grew |= merged != words_[w];
      words_[w] = merged;
    }
    return grew;
  }
  // this -= other.
  void EraseAll(const RegisterSet& other) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= ~other.words_[w];
  }
  // this &= other.
  void IntersectWith(const RegisterSet& other) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= other.words_[w];
  }

  std::size_t Count() const {
    std::size_t n = 0;
    for (uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
    return n;
  }
  bool Empty() const {
    for (uint64_t w : words_) {
      if (w != 0) return false;
    }
    return true;
  }

  // The members in increasing order.
  std::vector<uint32_t> ToVector() const {
    std::vector<uint32_t> out;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        out.push_back(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
      }
    }
    return out;
  }

  friend bool operator==(const RegisterSet&, const RegisterSet&) = default;

 private:
  std::size_t size_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace cudashim::ptx::analysis

#endif  // CUDASHIM_RUNTIME_PTX_ANALYSIS_REGISTER_SET_H_
