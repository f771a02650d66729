#ifndef CUDASHIM_RUNTIME_PTX_DECOMPRESS_H_
#define CUDASHIM_RUNTIME_PTX_DECOMPRESS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace cudashim::ptx {

// A single zstd frame of `size` bytes that must decode to exactly `decompressed_size` bytes.
absl::StatusOr<std::string> DecompressZstd(const void* data, size_t size, size_t decompressed_size);

// A raw LZ4 block (no frame) of `size` bytes that must decode to exactly `decompressed_size` bytes.
absl::StatusOr<std::string> DecompressLz4Block(const void* data, size_t size,
                                               size_t decompressed_size);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_DECOMPRESS_H_
