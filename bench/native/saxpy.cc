// saxpy baseline: one vectorized parallel loop.
#include "native_util.h"
#include "reference.h"

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "saxpy");
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  const float a = bench::kSaxpyA;
  float* x = native::alloc<float>(n);
  float* y = native::alloc<float>(n);
  float* y0 = native::alloc<float>(n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) x[i] = bench::input_float(i, 1), y[i] = y0[i] = bench::input_float(i, 2);
  auto run = [&] {
#pragma omp parallel for simd schedule(dynamic, 65536)
    for (long i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_saxpy(x, y0, y, n, a);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
