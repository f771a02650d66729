#include "absl/strings/string_view.h"
#include "runtime/backends/emu/emu_profile.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/backends/host_info.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

absl::Status BadProfile(absl::string_view what) {
  return CudaError(cudaErrorInvalidValue, absl::StrCat("CUDASHIM_EMU_PROFILE: ", what));
}

bool ParseSize(absl::string_view text, uint64_t* out) {
  uint64_t scale = 1;
  if (!text.empty()) {
    switch (absl::ascii_toupper(text.back())) {
      case 'K': scale = uint64_t{1} << 10; break;
      case 'M': scale = uint64_t{1} << 20; break;
      case 'G': scale = uint64_t{1} << 30; break;
      case 'T': scale = uint64_t{1} << 40; break;
      default: break;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  uint64_t value = 0;
  if (!absl::SimpleAtoi(text, &value) || value > UINT64_MAX / scale) return false;
  *out = value * scale;
  return true;
}

}  // namespace

absl::StatusOr<hal::DeviceProfile> ParseEmuProfile(absl::string_view spec, int ordinal) {
  const HostInfo& host = GetHostInfo();
  hal::DeviceProfile p;
  p.name = "cudashim emulated accelerator";
  // Default device memory: a quarter of the host's, at most 16 GiB, so the reservation never
  // dominates the machine.
  p.total_memory = std::min<uint64_t>(host.physical_memory / 4, uint64_t{16} << 30);
  p.multiprocessors = host.cores;
  p.pci_bus_id = ordinal;
  p.uuid = {'c', 'u', 'd', 'a', 's', 'h', 'i', 'm', '-', 'e', 'm', 'u', 0, 0, 0,
            static_cast<uint8_t>(ordinal)};

  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    std::string key(absl::StripAsciiWhitespace(kv.first));
    absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    uint64_t number = 0;
    if (key == "name") {
      p.name = std::string(value);
    } else if (key == "cc") {
      std::pair<absl::string_view, absl::string_view> mm = absl::StrSplit(value, absl::MaxSplits('.', 1));
      if (!absl::SimpleAtoi(mm.first, &p.cc_major) || !absl::SimpleAtoi(mm.second, &p.cc_minor) ||
          p.cc_major * 10 + p.cc_minor < 75) {
        return BadProfile(absl::StrCat("cc must look like 8.0 (>= 7.5), got '", value, "'"));
      }
    } else if (!ParseSize(value, &number) || number == 0) {
      return BadProfile(absl::StrCat("bad value '", value, "' for '", key, "'"));
    } else if (key == "memory") {
      p.total_memory = number;
    } else if (key == "sms") {
      p.multiprocessors = static_cast<int>(number);
    } else if (key == "threads_per_block") {
      p.max_threads_per_block = static_cast<int>(std::min<uint64_t>(number, 1024));
      p.max_block_dims = {p.max_threads_per_block, p.max_threads_per_block,
                          std::min(64, p.max_threads_per_block)};
    } else if (key == "shared_per_block") {
      p.shared_per_block = number;
      p.shared_per_block_optin = std::max<size_t>(p.shared_per_block_optin, number);
    } else if (key == "shared_optin") {
      p.shared_per_block_optin = number;
    } else if (key == "clock_mhz") {
      p.clock_rate_khz = static_cast<int>(number * 1000);
    } else {
      return BadProfile(absl::StrCat("unknown key '", key, "'"));
    }
  }
  return p;
}

}  // namespace cudashim::backends
