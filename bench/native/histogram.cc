// Histogram baseline, the same algorithm as the kernel: each thread counts into private
// histograms (4 of them, one per byte of a 32-bit word, so consecutive increments do not wait on
// each other), then merges them into the global histogram with atomics. Zeroing the global
// histogram is timed, as in the kernel.
#include <atomic>

#include "native_util.h"
#include "reference.h"

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "histogram");
  bench::Result r;
  native::start(args, &r);
  const long nbytes = args.n & ~3L, nwords = nbytes / 4;
  uint32_t* words = native::alloc<uint32_t>(nwords);
  uint8_t* bytes = reinterpret_cast<uint8_t*>(words);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < nbytes; ++i) bytes[i] = bench::input_byte(i);
  uint32_t hist[bench::kHistBins];
  auto run = [&] {
    std::memset(hist, 0, sizeof hist);
#pragma omp parallel
    {
      uint32_t local[4][bench::kHistBins] = {};
#pragma omp for schedule(dynamic, 65536) nowait
      for (long i = 0; i < nwords; ++i) {
        uint32_t w = words[i];
        ++local[0][w & 0xff];
        ++local[1][(w >> 8) & 0xff];
        ++local[2][(w >> 16) & 0xff];
        ++local[3][w >> 24];
      }
      for (int b = 0; b < bench::kHistBins; ++b)
        __atomic_fetch_add(&hist[b], local[0][b] + local[1][b] + local[2][b] + local[3][b],
                           __ATOMIC_RELAXED);
    }
  };
  r.first_ms = bench::time_ms(run);
  r.check = bench::check_histogram(bytes, nbytes, hist);
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
