// Device printf: formats one vprintf call from its format string and argument buffer.
#pragma once

#include <cstdint>
#include <string>

namespace cudashim::simt {

// Formats `format` with arguments read from `args`, where each argument sits at the next offset
// aligned to its own size (NVCC_ABI §6: 4 or 8 bytes; floats arrive as double). `read_string`
// turns a %s pointer into text (device memory). Returns the number of arguments consumed.
struct FormatResult {
  std::string text;
  int args = 0;
};
FormatResult FormatDevicePrintf(const char* format, const char* args);

}  // namespace cudashim::simt
