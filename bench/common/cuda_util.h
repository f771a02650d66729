// CUDA-side helpers for bench/cuda/*.cu: error checks that still print a result line, and the
// Result pre-filled with the device's name.
#pragma once

#include <cuda_runtime.h>

#include "bench.h"

namespace cu {

inline bench::Result*& current() {
  static bench::Result* r = nullptr;
  return r;
}

[[noreturn]] inline void fail(const char* what, cudaError_t e) {
  std::string msg = std::string(what) + ": " + cudaGetErrorName(e) + ": " + cudaGetErrorString(e);
  std::fprintf(stderr, "%s\n", msg.c_str());
  if (current()) {
    current()->error = msg;
    current()->check.ok = false;
    bench::emit(*current());
  }
  std::exit(1);
}

#define CK(call)                               \
  do {                                         \
    cudaError_t e_ = (call);                   \
    if (e_ != cudaSuccess) cu::fail(#call, e_); \
  } while (0)

// After a launch: launch errors first, then execution errors.
inline void sync() {
  CK(cudaGetLastError());
  CK(cudaDeviceSynchronize());
}

inline void start(const bench::Args& a, bench::Result* r) {
  r->bench = a.bench;
  r->impl = "cudashim";
  r->size = bench::size_string(a.bench, a.n);
  current() = r;
  int dev = 0;
  cudaDeviceProp p;
  CK(cudaGetDevice(&dev));
  CK(cudaGetDeviceProperties(&p, dev));
  r->device = p.name;
}

template <class T>
T* alloc(size_t n) {
  T* p = nullptr;
  CK(cudaMalloc(&p, n * sizeof(T)));
  CK(cudaMemset(p, 0, n * sizeof(T)));  // touch it, so the first launch does not pay page faults
  return p;
}
template <class T>
void to_device(T* d, const std::vector<T>& h) {
  CK(cudaMemcpy(d, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice));
}
template <class T>
std::vector<T> to_host(const T* d, size_t n) {
  std::vector<T> h(n);
  CK(cudaMemcpy(h.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost));
  return h;
}

}  // namespace cu
