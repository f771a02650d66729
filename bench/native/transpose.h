// Transpose baselines. naive: parallel over output rows, contiguous writes, strided reads (no
// blocking, like the naive kernel). tiled: 32x32 tiles (the kernel's tile), parallel over tiles.
#pragma once

#include "native_util.h"
#include "reference.h"

template <bool kTiled>
int transpose_main(int argc, char** argv, const char* name) {
  bench::Args args = bench::parse_args(argc, argv, name);
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  float* in = native::alloc<float>(n * n);
  float* out = native::alloc<float>(n * n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n * n; ++i) in[i] = bench::input_float(i, 3);
  auto run = [&] {
    if constexpr (kTiled) {
      constexpr long T = 32;
#pragma omp parallel for collapse(2) schedule(static)
      for (long y0 = 0; y0 < n; y0 += T)
        for (long x0 = 0; x0 < n; x0 += T)
          for (long x = x0; x < std::min(x0 + T, n); ++x)
#pragma omp simd
            for (long y = y0; y < std::min(y0 + T, n); ++y) out[x * n + y] = in[y * n + x];
    } else {
#pragma omp parallel for schedule(static)
      for (long x = 0; x < n; ++x)
        for (long y = 0; y < n; ++y) out[x * n + y] = in[y * n + x];
    }
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_transpose(in, out, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
