// Transpose baselines (see below).
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
  // Both walk 32x32 tiles in parallel, as the kernels' 32x8-thread blocks do (the naive kernel
  // is tiled by its launch shape too; a plain row-by-row loop would be a weaker algorithm).
  // naive: each tile moved directly, reads along rows, writes strided (the naive kernel's access).
  // tiled: each tile staged through a local 32x33 buffer, read and written along rows (the tiled
  // kernel's shared-memory tile).
  constexpr long T = 32;
  auto run = [&] {
#pragma omp parallel for collapse(2) schedule(dynamic, 4)
    for (long y0 = 0; y0 < n; y0 += T)
      for (long x0 = 0; x0 < n; x0 += T) {
        const long ym = std::min(T, n - y0), xm = std::min(T, n - x0);
        if constexpr (kTiled) {
          float tile[T][T + 1];
          for (long j = 0; j < ym; ++j)
#pragma omp simd
            for (long i = 0; i < xm; ++i) tile[j][i] = in[(y0 + j) * n + x0 + i];
          for (long i = 0; i < xm; ++i)
#pragma omp simd
            for (long j = 0; j < ym; ++j) out[(x0 + i) * n + y0 + j] = tile[j][i];
        } else {
          for (long j = 0; j < ym; ++j)
            for (long i = 0; i < xm; ++i) out[(x0 + i) * n + y0 + j] = in[(y0 + j) * n + x0 + i];
        }
      }
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_transpose(in, out, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
