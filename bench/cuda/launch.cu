// Launch overhead with an empty kernel on the default stream. Three figures:
//   launch_latency: one launch <<<1, 1>>> + cudaDeviceSynchronize, median over n samples, in
//                   microseconds;
//   launch_grid:    the same with a grid of 64 blocks of 256 threads (every worker takes part),
//                   median over n / 4 samples;
//   launch_rate:    n launches back to back on one stream, then one synchronize; launches per
//                   second, median over --reps rounds.
#include "cuda_util.h"
#include "reference.h"

__global__ void empty_kernel() {}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "launch");
  const long n = args.n;
  bench::Result lat;
  cu::start(args, &lat);
  lat.bench = "launch_latency";
  lat.size = "empty <<<1,1>>> + sync";
  lat.unit = "us";
  lat.first_ms = bench::time_ms([] {
    empty_kernel<<<1, 1>>>();
    cu::sync();
  });
  for (long i = 0; i < n; ++i)
    lat.times.push_back(1e3 * bench::time_ms([] {
      empty_kernel<<<1, 1>>>();
      cu::sync();
    }));
  lat.check = {true, std::to_string(n) + " samples"};
  bench::emit(lat);

  bench::Result grid;
  cu::start(args, &grid);
  grid.bench = "launch_grid";
  grid.size = "empty <<<64,256>>> + sync";
  grid.unit = "us";
  grid.first_ms = bench::time_ms([] {
    empty_kernel<<<64, 256>>>();
    cu::sync();
  });
  for (long i = 0; i < n / 4; ++i)
    grid.times.push_back(1e3 * bench::time_ms([] {
      empty_kernel<<<64, 256>>>();
      cu::sync();
    }));
  grid.check = {true, std::to_string(n / 4) + " samples"};
  bench::emit(grid);

  bench::Result rate;
  cu::start(args, &rate);
  rate.bench = "launch_rate";
  rate.size = std::to_string(n) + " launches, 1 stream";
  rate.unit = "launches/s";
  rate.lower_is_better = false;
  for (int r = 0; r < args.reps; ++r) {
    double ms = bench::time_ms([&] {
      for (long i = 0; i < n; ++i) empty_kernel<<<1, 1>>>();
      cu::sync();
    });
    rate.times.push_back(n / (ms * 1e-3));
  }
  rate.check = {true, std::to_string(args.reps) + " rounds"};
  bench::emit(rate);
  return 0;
}
