// The native baseline for both reductions (shared-memory tree and warp shuffles are two GPU ways of
// one algorithm, a parallel sum): each thread sums 4096-element chunks in float with a vectorized
// loop (as the GPU sums a block in float) and adds the chunk sums; the threads' sums are combined.
#pragma once

#include "native_util.h"
#include "reference.h"

inline int reduce_main(int argc, char** argv, const char* name) {
  bench::Args args = bench::parse_args(argc, argv, name);
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  float* x = native::alloc<float>(n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) x[i] = bench::reduce_input(i);
  constexpr long kChunk = 4096;
  const long chunks = (n + kChunk - 1) / kChunk;
  double total = 0;
  auto run = [&] {
    double sum = 0;
#pragma omp parallel for schedule(dynamic, 16) reduction(+ : sum)
    for (long c = 0; c < chunks; ++c) {
      const float* p = x + c * kChunk;
      long m = std::min(kChunk, n - c * kChunk);
      float s = 0;
#pragma omp simd reduction(+ : s)
      for (long i = 0; i < m; ++i) s += p[i];
      sum += s;
    }
    total = sum;
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_sum(total, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
