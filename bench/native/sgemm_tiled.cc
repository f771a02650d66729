// SGEMM baseline, C = A * B (n x n, row-major): the same algorithm class as the tiled kernel, a
// cache-blocked loop nest (no BLAS, no hand-written assembly): 64-row x 512-column blocks of C
// spread over the threads, K in panels of 256 (the B panel stays in L2), and inside a block 8 rows x
// 32 columns of C accumulated in registers over the panel with vectorized loops.
#include "native_util.h"
#include "reference.h"

// Block sizes (measured best of a few on Zen 4/5, AVX-512): C block rows/columns, K panel, register block.
constexpr long MB = 64, NB = 512, KB = 256, RI = 8, RJ = 32;

static void sgemm(long n, const float* __restrict__ A, const float* __restrict__ B,
                  float* __restrict__ C) {
#pragma omp parallel for collapse(2) schedule(dynamic, 1)
  for (long i0 = 0; i0 < n; i0 += MB)
    for (long j0 = 0; j0 < n; j0 += NB)
      for (long k0 = 0; k0 < n; k0 += KB)
        for (long i = i0; i < i0 + MB; i += RI)
          for (long j = j0; j < std::min(j0 + NB, n); j += RJ) {
            float c[RI][RJ];
            for (long r = 0; r < RI; ++r)
#pragma omp simd
              for (long jj = 0; jj < RJ; ++jj) c[r][jj] = k0 ? C[(i + r) * n + j + jj] : 0.0f;
            for (long k = k0; k < std::min(k0 + KB, n); ++k) {
              const float* b = B + k * n + j;
#pragma GCC unroll 8
              for (long r = 0; r < RI; ++r) {
                const float a = A[(i + r) * n + k];
#pragma omp simd
                for (long jj = 0; jj < RJ; ++jj) c[r][jj] += a * b[jj];
              }
            }
            for (long r = 0; r < RI; ++r)
#pragma omp simd
              for (long jj = 0; jj < RJ; ++jj) C[(i + r) * n + j + jj] = c[r][jj];
          }
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "sgemm_tiled");
  bench::Result r;
  native::start(args, &r);
  const long n = args.n;
  if (n % MB) {
    std::fprintf(stderr, "sgemm_tiled: n must be a multiple of %ld\n", MB);
    return 2;
  }
  float* A = native::alloc<float>(n * n);
  float* B = native::alloc<float>(n * n);
  float* C = native::alloc<float>(n * n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n * n; ++i) A[i] = bench::input_float(i, 4), B[i] = bench::input_float(i, 5);
  auto run = [&] { sgemm(n, A, B, C); };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_sgemm(A, B, C, n);
  r.times = bench::repeat_ms(run, args.reps);
  double gflops = 2.0 * n * double(n) * n / (bench::median(r.times) * 1e6);
  r.extra = ",\"gflops\":" + bench::num(gflops);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
