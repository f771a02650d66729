// Runs a program as a child process with extra environment variables and collects its exit
// status, stdout and stderr separately. The runtime reads CUDASHIM_DEVICES, CUDASHIM_EMU_PROFILE
// and CUDASHIM_LOG once per process, so every configuration under test gets its own process.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cudashim::testing {

struct ChildResult {
  int exit_status = -1;  // exit code, or 128 + signal number
  std::string out;
  std::string err;
};

// `env` is added to (and overrides) this process's environment; a value of "\x01unset" removes the
// variable instead.
ChildResult RunChild(const std::string& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env);

inline constexpr const char* kUnset = "\x01unset";

// runtime_probe's `key=value` output lines as a map (later lines win).
std::map<std::string, std::string> ParseKeyValues(const std::string& text);

// Lines of `text`, without their newlines.
std::vector<std::string> Lines(const std::string& text);

}  // namespace cudashim::testing
