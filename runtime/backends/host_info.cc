#include "runtime/backends/host_info.h"

#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace cudashim::backends {
namespace {

HostInfo ReadHostInfo() {
  HostInfo info;
  // The CPUs this process may run on (taskset, a container's cpuset), as OpenMP counts them:
  // hardware_concurrency() counts every CPU of the machine, and a worker per CPU that the
  // process cannot use time-slices with the others on the ones it can.
  cpu_set_t allowed;
  const int usable = sched_getaffinity(0, sizeof(allowed), &allowed) == 0 ? CPU_COUNT(&allowed) : 0;
  info.cores = usable > 0 ? usable : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_size > 0) info.physical_memory = uint64_t(pages) * uint64_t(page_size);
  long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  if (l2 > 0) info.l2_cache_bytes = static_cast<int>(l2);

  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits(':', 1));
    std::string key(absl::StripAsciiWhitespace(kv.first));
    std::string value(absl::StripAsciiWhitespace(kv.second));
    if (key == "model name" && info.cpu_name.empty()) info.cpu_name = value;
    double mhz = 0;
    if (key == "cpu MHz" && absl::SimpleAtod(value, &mhz) && mhz > 0) {
      info.clock_khz = static_cast<int>(mhz * 1000);
    }
  }
  if (info.cpu_name.empty()) info.cpu_name = "unknown CPU";
  return info;
}

}  // namespace

const HostInfo& GetHostInfo() {
  static const HostInfo* info = new HostInfo(ReadHostInfo());
  return *info;
}

}  // namespace cudashim::backends
