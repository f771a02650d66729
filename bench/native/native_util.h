// Helpers for bench/native/*.cc: the Result pre-filled for the native baseline and page-aligned
// buffers first touched in parallel (so no page fault falls into a timed run).
//
// The timed loops use dynamic schedules with large chunks: on a shared machine a statically split
// loop waits for whichever thread the OS preempted (a whole 4 ms tick), which cudashim's and PoCL's
// work queues do not; with chunks of 64K elements / 16 rows the cost on an idle machine is nil.
#pragma once

#include <omp.h>

#include <cstdlib>
#include <new>

#include "bench.h"

namespace native {

inline void start(const bench::Args& a, bench::Result* r) {
  r->bench = a.bench;
  r->impl = "native";
  r->size = bench::size_string(a.bench, a.n);
  r->device = "C++/OpenMP, " + std::to_string(omp_get_max_threads()) + " threads";
}

template <class T>
T* alloc(size_t n) {
  size_t bytes = (n * sizeof(T) + 4095) / 4096 * 4096;
  void* p = std::aligned_alloc(4096, bytes);
  if (!p) throw std::bad_alloc();
  T* t = static_cast<T*>(p);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) t[i] = T();
  return t;
}

}  // namespace native
