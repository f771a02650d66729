// Facts about the host machine that devices report as their own (cores, memory, clock, CPU name).
#pragma once

#include <cstdint>
#include <string>

namespace cudashim::backends {

struct HostInfo {
  std::string cpu_name;
  int cores = 1;
  uint64_t physical_memory = 0;
  int clock_khz = 1000000;
  int l2_cache_bytes = 1 << 20;
};

// Read once (from /proc/cpuinfo and sysconf) and cached.
const HostInfo& GetHostInfo();

}  // namespace cudashim::backends
