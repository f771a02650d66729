#ifndef CUDASHIM_RUNTIME_PTX_FATBIN_H_
#define CUDASHIM_RUNTIME_PTX_FATBIN_H_

// The containers nvcc embeds in a binary (NVCC_ABI §4): the 24-byte `__fatBinC_Wrapper_t`, which
// points at one fatbin (v1) or lists per-TU fatbins (v2, -rdc), and the fatbin itself, a header
// followed by PTX and ELF entries that may be zstd- or LZ4-compressed.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cudashim::ptx {

inline constexpr uint32_t kFatbinWrapperMagic = 0x466243B1;
inline constexpr uint32_t kFatbinMagic = 0xBA55ED50;

// Entry flag bits (NVCC_ABI §4.4).
inline constexpr uint64_t kFatbinFlagLz4 = 0x2000;
inline constexpr uint64_t kFatbinFlagZstd = 0x8000;
inline constexpr uint64_t kFatbinFlagArchSpecific = 0x100000;    // sm_XXa
inline constexpr uint64_t kFatbinFlagFamilySpecific = 0x200000;  // sm_XXf

struct FatbinEntry {
  enum class Kind : uint16_t { kPtx = 1, kElf = 2 };
  Kind kind;
  uint32_t arch;  // SM number: 75, 80, 90, ...
  uint16_t ptx_major, ptx_minor;
  uint64_t flags;
  std::string payload;  // decompressed; PTX: the text without trailing NULs
};

// Reads a fatbin starting at its 16-byte header (magic 0xBA55ED50); decompresses zstd/LZ4 entries.
// Entries of other kinds are skipped. A bad magic, version or entry gives InvalidArgumentError.
absl::StatusOr<std::vector<FatbinEntry>> ReadFatbin(const void* header);

struct PtxImage {
  std::string text;
  uint32_t arch;
};

// Among `entries`, the PTX with the highest arch <= max_arch, plain preferred over a/f variants
// of the same arch (NVCC_ABI §4.6); nullptr if there is none.
const FatbinEntry* ChoosePtx(const std::vector<FatbinEntry>& entries, uint32_t max_arch);

// Reads the 24-byte __fatBinC_Wrapper_t (magic 0x466243B1): v1 -> the PTX chosen from its one
// fatbin; v2 (rdc) -> one chosen PTX per listed per-TU fatbin (the ELF-only `data` fatbin is
// ignored). No PTX at all -> NotFoundError (the runtime reports cudaErrorNoKernelImageForDevice).
absl::StatusOr<std::vector<PtxImage>> ExtractPtx(const void* wrapper, uint32_t max_arch);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_FATBIN_H_
