// copy baseline: one vectorized parallel loop.
#include "native_util.h"
#include "reference.h"

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "copy");
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  float* in = native::alloc<float>(n);
  float* out = native::alloc<float>(n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) in[i] = bench::input_float(i, 1);
  auto run = [&] {
#pragma omp parallel for simd schedule(dynamic, 65536)
    for (long i = 0; i < n; ++i) out[i] = in[i];
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_copy(in, out, n);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
