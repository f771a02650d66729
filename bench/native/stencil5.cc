// 5-point stencil baseline: parallel over rows, the interior of each row in one vectorized loop.
#include "native_util.h"
#include "reference.h"

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "stencil5");
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  float* in = native::alloc<float>(n * n);
  float* out = native::alloc<float>(n * n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n * n; ++i) in[i] = bench::input_float(i, 6);
  auto run = [&] {
#pragma omp parallel for schedule(dynamic, 16)
    for (long y = 0; y < n; ++y) {
      const float* c = in + y * n;
      float* o = out + y * n;
      if (y == 0 || y == n - 1) {
        for (long x = 0; x < n; ++x) o[x] = c[x];
        continue;
      }
      const float* up = c - n;
      const float* dn = c + n;
      o[0] = c[0];
#pragma omp simd
      for (long x = 1; x < n - 1; ++x)
        o[x] = 0.5f * c[x] + 0.125f * (c[x - 1] + c[x + 1] + up[x] + dn[x]);
      o[n - 1] = c[n - 1];
    }
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_stencil5(in, out, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
