#include "runtime/ptx/fatbin.h"

#include <cstring>

#include "absl/status/status.h"
#include "runtime/ptx/decompress.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

// The header of every structure here is little-endian and naturally aligned in nvcc's output,
// but the reader copies fields out with memcpy so that tests (and odd loaders) may hand it
// unaligned buffers.
template <typename T>
T Load(const uint8_t* p, size_t offset) {
  T v;
  std::memcpy(&v, p + offset, sizeof(T));
  return v;
}

constexpr size_t kEntryFixedHeaderSize = 0x40;
// No real entry comes near this; it only stops a corrupt size from making us read gigabytes.
constexpr uint64_t kMaxEntrySize = uint64_t{1} << 34;

absl::StatusOr<FatbinEntry> ReadEntry(const uint8_t* e, size_t index) {
  uint32_t header_size = Load<uint32_t>(e, 0x04);
  uint64_t payload_size = Load<uint64_t>(e, 0x08);
  uint32_t compressed_size = Load<uint32_t>(e, 0x10);
  uint64_t uncompressed_size = Load<uint64_t>(e, 0x38);
  FatbinEntry entry;
  entry.kind = static_cast<FatbinEntry::Kind>(Load<uint16_t>(e, 0x00));
  entry.ptx_minor = Load<uint16_t>(e, 0x18);
  entry.ptx_major = Load<uint16_t>(e, 0x1A);
  entry.arch = Load<uint32_t>(e, 0x1C);
  entry.flags = Load<uint64_t>(e, 0x28);
  const uint8_t* payload = e + header_size;
  bool zstd = entry.flags & kFatbinFlagZstd;
  bool lz4 = entry.flags & kFatbinFlagLz4;
  if (zstd || lz4) {
    if (compressed_size > payload_size || uncompressed_size > kMaxEntrySize) {
      return absl::InvalidArgumentError(
          Cat("fatbin: entry ", index, " has inconsistent compressed sizes"));
    }
    absl::StatusOr<std::string> text =
        zstd ? DecompressZstd(payload, compressed_size, uncompressed_size)
             : DecompressLz4Block(payload, compressed_size, uncompressed_size);
    if (!text.ok()) {
      return absl::Status(text.status().code(), Cat(text.status().message(), " (entry ", index,
                                                    ", sm_", entry.arch, ")"));
    }
    entry.payload = *std::move(text);
  } else {
    entry.payload.assign(reinterpret_cast<const char*>(payload), payload_size);
  }
  if (entry.kind == FatbinEntry::Kind::kPtx) {
    size_t end = entry.payload.find_last_not_of('\0');
    entry.payload.resize(end == std::string::npos ? 0 : end + 1);
  }
  return entry;
}

}  // namespace

absl::StatusOr<std::vector<FatbinEntry>> ReadFatbin(const void* header) {
  if (header == nullptr) return absl::InvalidArgumentError("fatbin: null header");
  const auto* h = static_cast<const uint8_t*>(header);
  uint32_t magic = Load<uint32_t>(h, 0);
  if (magic != kFatbinMagic) {
    return absl::InvalidArgumentError(
        Cat("fatbin: bad magic 0x", absl::Hex(magic), " (expected 0xba55ed50)"));
  }
  uint16_t header_size = Load<uint16_t>(h, 6);
  uint64_t entries_size = Load<uint64_t>(h, 8);
  if (header_size < 16) {
    return absl::InvalidArgumentError(Cat("fatbin: bad header size ", header_size));
  }
  std::vector<FatbinEntry> entries;
  const uint8_t* begin = h + header_size;
  uint64_t offset = 0;
  while (offset < entries_size) {
    if (entries_size - offset < kEntryFixedHeaderSize) {
      return absl::InvalidArgumentError("fatbin: truncated entry header");
    }
    const uint8_t* e = begin + offset;
    uint32_t entry_header_size = Load<uint32_t>(e, 0x04);
    uint64_t payload_size = Load<uint64_t>(e, 0x08);
    if (entry_header_size < kEntryFixedHeaderSize || payload_size > kMaxEntrySize ||
        entry_header_size + payload_size > entries_size - offset) {
      return absl::InvalidArgumentError(Cat(
          "fatbin: entry ", entries.size(), " at offset ", offset, " overruns the fatbin (header ",
          entry_header_size, ", payload ", payload_size, ", fatbin ", entries_size, ")"));
    }
    uint16_t kind = Load<uint16_t>(e, 0);
    if (kind == 1 || kind == 2) {
      absl::StatusOr<FatbinEntry> entry = ReadEntry(e, entries.size());
      if (!entry.ok()) return entry.status();
      entries.push_back(*std::move(entry));
    }
    offset += entry_header_size + payload_size;
  }
  return entries;
}

const FatbinEntry* ChoosePtx(const std::vector<FatbinEntry>& entries, uint32_t max_arch) {
  const FatbinEntry* best = nullptr;
  auto plain = [](const FatbinEntry& e) {
    return (e.flags & (kFatbinFlagArchSpecific | kFatbinFlagFamilySpecific)) == 0;
  };
  for (const FatbinEntry& e : entries) {
    if (e.kind != FatbinEntry::Kind::kPtx || e.arch > max_arch) continue;
    if (best == nullptr || e.arch > best->arch ||
        (e.arch == best->arch && plain(e) && !plain(*best))) {
      best = &e;
    }
  }
  return best;
}

absl::StatusOr<std::vector<PtxImage>> ExtractPtx(const void* wrapper, uint32_t max_arch) {
  if (wrapper == nullptr) return absl::InvalidArgumentError("fatbin: null wrapper");
  const auto* w = static_cast<const uint8_t*>(wrapper);
  uint32_t magic = Load<uint32_t>(w, 0);
  uint32_t version = Load<uint32_t>(w, 4);
  const void* data = Load<const void*>(w, 8);
  const void* const* fatbins = Load<const void* const*>(w, 16);
  if (magic != kFatbinWrapperMagic) {
    return absl::InvalidArgumentError(
        Cat("fatbin: bad wrapper magic 0x", absl::Hex(magic), " (expected 0x466243b1)"));
  }
  std::vector<const void*> headers;
  if (version == 1) {
    headers.push_back(data);
  } else if (version == 2) {
    // The nvlink output in `data` is ELF only; the PTX lives in the per-TU fatbins.
    for (size_t i = 0; fatbins != nullptr && fatbins[i] != nullptr; ++i)
      headers.push_back(fatbins[i]);
  } else {
    return absl::InvalidArgumentError(Cat("fatbin: unknown wrapper version ", version));
  }
  std::vector<PtxImage> images;
  for (size_t i = 0; i < headers.size(); ++i) {
    absl::StatusOr<std::vector<FatbinEntry>> entries = ReadFatbin(headers[i]);
    if (!entries.ok()) return entries.status();
    const FatbinEntry* chosen = ChoosePtx(*entries, max_arch);
    if (chosen == nullptr) {
      bool any_ptx = false;
      for (const FatbinEntry& e : *entries) any_ptx |= e.kind == FatbinEntry::Kind::kPtx;
      std::string which = version == 2 ? Cat(" (rdc fatbin ", i, ")") : "";
      return absl::NotFoundError(
          any_ptx ? Cat("fatbin: no PTX for an architecture <= sm_", max_arch, which)
                  : Cat("fatbin: no PTX in the binary, ELF only", which,
                        "; rebuild with -arch=sm_XX or code=compute_XX"));
    }
    images.push_back(PtxImage{chosen->payload, chosen->arch});
  }
  if (images.empty()) return absl::NotFoundError("fatbin: rdc wrapper lists no fatbins");
  return images;
}

}  // namespace cudashim::ptx
