#include "runtime/ptx/decompress.h"

#include <lz4.h>
#include <zstd.h>

#include <limits>

#include "absl/status/status.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {

absl::StatusOr<std::string> DecompressZstd(const void* data, size_t size,
                                           size_t decompressed_size) {
  std::string out(decompressed_size, '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), data, size);
  if (ZSTD_isError(n)) {
    return absl::InvalidArgumentError(
        Cat("fatbin: zstd entry does not decompress: ", ZSTD_getErrorName(n)));
  }
  if (n != decompressed_size) {
    return absl::InvalidArgumentError(
        Cat("fatbin: zstd entry decompressed to ", n, " bytes, header says ", decompressed_size));
  }
  return out;
}

absl::StatusOr<std::string> DecompressLz4Block(const void* data, size_t size,
                                               size_t decompressed_size) {
  constexpr size_t kMax = std::numeric_limits<int>::max();
  if (size > kMax || decompressed_size > kMax) {
    return absl::InvalidArgumentError("fatbin: LZ4 entry too large");
  }
  std::string out(decompressed_size, '\0');
  int n = LZ4_decompress_safe(static_cast<const char*>(data), out.data(), static_cast<int>(size),
                              static_cast<int>(decompressed_size));
  if (n < 0 || static_cast<size_t>(n) != decompressed_size) {
    return absl::InvalidArgumentError(
        Cat("fatbin: LZ4 entry does not decompress to ", decompressed_size, " bytes"));
  }
  return out;
}

}  // namespace cudashim::ptx
