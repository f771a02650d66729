// Row softmax baseline: parallel over rows; per row a vectorized max, one vectorized pass that
// stores exp(x - max) and sums it, and a scaling pass. expf is vectorized through glibc's libmvec
// (declared SIMD-callable below, which is what <math.h> does itself under -ffast-math); no
// -ffast-math, so the arithmetic is the same IEEE float arithmetic as the kernel's.
#include <cmath>

#include "native_util.h"
#include "reference.h"

#pragma omp declare simd notinbranch simdlen(16)
extern "C" float expf(float) noexcept;

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "softmax");
  bench::Result r;
  native::start(args, &r);
  const long rows = args.n, cols = bench::kSoftmaxCols;
  float* in = native::alloc<float>(rows * cols);
  float* out = native::alloc<float>(rows * cols);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < rows * cols; ++i) in[i] = bench::softmax_input(i);
  auto run = [&] {
#pragma omp parallel for schedule(dynamic, 16)
    for (long row = 0; row < rows; ++row) {
      const float* x = in + row * cols;
      float* y = out + row * cols;
      float m = -INFINITY;
#pragma omp simd reduction(max : m)
      for (long j = 0; j < cols; ++j) m = std::max(m, x[j]);
      float s = 0;
#pragma omp simd reduction(+ : s)
      for (long j = 0; j < cols; ++j) {
        float e = expf(x[j] - m);
        y[j] = e;
        s += e;
      }
      const float inv = 1.0f / s;
#pragma omp simd
      for (long j = 0; j < cols; ++j) y[j] *= inv;
    }
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_softmax(in, out, rows, cols);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
