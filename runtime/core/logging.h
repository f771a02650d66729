// cudashim's log: spdlog, level from CUDASHIM_LOG (off by default; `info` shows each API call,
// `debug` adds internals). Construct-on-first-use and never destroyed (NVCC_ABI.md §1.2).
#pragma once

#include "absl/strings/string_view.h"
#include <string_view>

#include "absl/strings/string_view.h"
#include "spdlog/spdlog.h"

// Lets log lines format absl::string_view (e.g. absl::Status::message()) directly.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view s, FormatContext& ctx) const {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};

namespace cudashim {

spdlog::logger& Log();

// Logs `message` at warning level the first time `key` is seen (thread-safe).
void WarnOnce(absl::string_view key, absl::string_view message);

}  // namespace cudashim
