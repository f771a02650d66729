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

// One figure: `samples` launches + synchronize, each timed alone, in microseconds.
template <typename Launch>
void latency(const bench::Args& args, const char* name, const char* size, long samples, Launch launch) {
  bench::Result r;
  cu::start(args, &r);
  r.bench = name;
  r.size = size;
  r.unit = "us";
  auto once = [&] {
    launch();
    cu::sync();
  };
  r.first_ms = bench::time_ms(once);
  for (long i = 0; i < samples; ++i) r.times.push_back(1e3 * bench::time_ms(once));
  r.check = {true, std::to_string(samples) + " samples"};
  bench::emit(r);
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "launch");
  const long n = args.n;
  latency(args, "launch_latency", "empty <<<1,1>>> + sync", n, [] { empty_kernel<<<1, 1>>>(); });
  latency(args, "launch_grid", "empty <<<64,256>>> + sync", n / 4, [] { empty_kernel<<<64, 256>>>(); });

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
