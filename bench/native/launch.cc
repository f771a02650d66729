// Launch overhead baseline: an empty OpenMP parallel region stands for an empty kernel launch +
// synchronize (it wakes the thread team and joins it). launch_latency: median of n single regions,
// in microseconds; launch_grid: the same with a loop of 64 empty iterations shared by the team,
// median of n / 4; launch_rate: n regions back to back, per second, median over --reps rounds.
#include "native_util.h"
#include "reference.h"

static volatile int sink;

// One figure: `samples` runs of `region`, each timed alone, in microseconds.
template <typename Region>
void latency(const bench::Args& args, const char* name, const char* size, long samples, Region region) {
  bench::Result r;
  native::start(args, &r);
  r.bench = name;
  r.size = size;
  r.unit = "us";
  r.first_ms = bench::time_ms(region);
  for (long i = 0; i < samples; ++i) r.times.push_back(1e3 * bench::time_ms(region));
  r.check = {true, std::to_string(samples) + " samples"};
  bench::emit(r);
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "launch");
  const long n = args.n;
  auto region = [] {
#pragma omp parallel
    {
      if (omp_get_thread_num() == 0) sink = 0;
    }
  };
  latency(args, "launch_latency", "empty <<<1,1>>> + sync", n, region);
  // launch_grid: 64 empty iterations shared by the team (the 64 blocks).
  latency(args, "launch_grid", "empty <<<64,256>>> + sync", n / 4, [] {
#pragma omp parallel for schedule(dynamic)
    for (int b = 0; b < 64; ++b) sink = b;
  });

  bench::Result rate;
  native::start(args, &rate);
  rate.bench = "launch_rate";
  rate.size = std::to_string(n) + " launches, 1 stream";
  rate.unit = "launches/s";
  rate.lower_is_better = false;
  for (int r = 0; r < args.reps; ++r) {
    double ms = bench::time_ms([&] {
      for (long i = 0; i < n; ++i) region();
    });
    rate.times.push_back(n / (ms * 1e-3));
  }
  rate.check = {true, std::to_string(args.reps) + " rounds"};
  bench::emit(rate);
  return 0;
}
