#include "runtime/ptx/fatbin.h"

#include <cstring>

#include "gtest/gtest.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using testing::ReadTestData;

// A fatbin file's bytes, 8-byte aligned like nvcc's .nv_fatbin section.
struct AlignedBytes {
  explicit AlignedBytes(const std::string& s) : words((s.size() + 7) / 8) {
    std::memcpy(words.data(), s.data(), s.size());
  }
  const void* data() const { return words.data(); }
  std::vector<uint64_t> words;
};

struct Wrapper {
  uint32_t magic = kFatbinWrapperMagic;
  uint32_t version = 1;
  const void* data = nullptr;
  const void* const* fatbins = nullptr;
};
static_assert(sizeof(Wrapper) == 24);

TEST(Fatbin, ReadsZstdEntries) {
  AlignedBytes bytes(ReadTestData("vecadd_zstd.fatbin"));
  absl::StatusOr<std::vector<FatbinEntry>> entries = ReadFatbin(bytes.data());
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].kind, FatbinEntry::Kind::kElf);
  EXPECT_EQ((*entries)[0].payload.substr(0, 4),
            "\x7f"
            "ELF");
  const FatbinEntry& ptx = (*entries)[1];
  EXPECT_EQ(ptx.kind, FatbinEntry::Kind::kPtx);
  EXPECT_EQ(ptx.arch, 75u);
  EXPECT_EQ(ptx.ptx_major, 9);
  EXPECT_EQ(ptx.ptx_minor, 0);
  EXPECT_TRUE(ptx.flags & kFatbinFlagZstd);
  EXPECT_NE(ptx.payload.find(".entry vecadd("), std::string::npos);
  EXPECT_NE(ptx.payload.back(), '\0');
}

TEST(Fatbin, Lz4RawAndZstdGiveTheSamePtx) {
  AlignedBytes zstd(ReadTestData("vecadd_zstd.fatbin"));
  AlignedBytes lz4(ReadTestData("vecadd_lz4.fatbin"));
  AlignedBytes raw(ReadTestData("vecadd_raw.fatbin"));
  auto z = ReadFatbin(zstd.data());
  auto l = ReadFatbin(lz4.data());
  auto r = ReadFatbin(raw.data());
  ASSERT_TRUE(z.ok() && l.ok() && r.ok()) << z.status() << l.status() << r.status();
  EXPECT_TRUE((*l)[1].flags & kFatbinFlagLz4);
  EXPECT_FALSE((*r)[1].flags & (kFatbinFlagLz4 | kFatbinFlagZstd));
  EXPECT_EQ((*z)[1].payload, (*l)[1].payload);
  EXPECT_EQ((*z)[1].payload, (*r)[1].payload);
}

TEST(Fatbin, EmbeddedPtxParses) {
  // The fatbin's PTX is the canonicalised text (comments stripped, whitespace collapsed).
  AlignedBytes bytes(ReadTestData("vecadd_zstd.fatbin"));
  Wrapper w;
  w.data = bytes.data();
  absl::StatusOr<std::vector<PtxImage>> images = ExtractPtx(&w, 75);
  ASSERT_TRUE(images.ok()) << images.status();
  ASSERT_EQ(images->size(), 1u);
  absl::StatusOr<Module> m = Parse((*images)[0].text, "vecadd_zstd.fatbin");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_NE(m->FindFunction("vecadd"), nullptr);
  EXPECT_NE(m->FindFunction("layout"), nullptr);
}

TEST(Fatbin, ElfOnlyIsNotFound) {
  AlignedBytes bytes(ReadTestData("vecadd_elfonly.fatbin"));
  Wrapper w;
  w.data = bytes.data();
  absl::StatusOr<std::vector<PtxImage>> images = ExtractPtx(&w, 120);
  EXPECT_EQ(images.status().code(), absl::StatusCode::kNotFound) << images.status();
  EXPECT_NE(images.status().message().find("ELF only"), std::string::npos);
}

TEST(Fatbin, ChoosesHighestArchNotAboveTheDevicePreferringPlain) {
  // warp_multi.fatbin: PTX for compute_75, compute_80, compute_90a and compute_90.
  AlignedBytes bytes(ReadTestData("warp_multi.fatbin"));
  Wrapper w;
  w.data = bytes.data();
  auto at = [&](uint32_t max_arch) -> absl::StatusOr<PtxImage> {
    auto images = ExtractPtx(&w, max_arch);
    if (!images.ok()) return images.status();
    return (*images)[0];
  };
  ASSERT_TRUE(at(75).ok());
  EXPECT_EQ(at(75)->arch, 75u);
  EXPECT_EQ(at(86)->arch, 80u);
  EXPECT_EQ(at(90)->arch, 90u);
  EXPECT_NE(at(90)->text.find(".target sm_90\n"), std::string::npos) << at(90)->text.substr(0, 200);
  EXPECT_EQ(at(120)->arch, 90u);
  EXPECT_EQ(at(70).status().code(), absl::StatusCode::kNotFound);
}

TEST(Fatbin, RdcWrapperCollectsThePtxOfEveryListedFatbin) {
  AlignedBytes a(ReadTestData("rdc_a.fatbin"));
  AlignedBytes b(ReadTestData("rdc_b.fatbin"));
  AlignedBytes linked(ReadTestData("vecadd_elfonly.fatbin"));  // stands in for nvlink's ELF
  const void* list[] = {a.data(), b.data(), nullptr};
  Wrapper w;
  w.version = 2;
  w.data = linked.data();
  w.fatbins = list;
  absl::StatusOr<std::vector<PtxImage>> images = ExtractPtx(&w, 75);
  ASSERT_TRUE(images.ok()) << images.status();
  ASSERT_EQ(images->size(), 2u);
  EXPECT_NE((*images)[0].text.find("akernel"), std::string::npos);
  EXPECT_NE((*images)[1].text.find("bkernel"), std::string::npos);
}

TEST(Fatbin, BadMagicIsInvalidArgument) {
  uint64_t zeros[8] = {};
  EXPECT_EQ(ReadFatbin(zeros).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExtractPtx(zeros, 75).status().code(), absl::StatusCode::kInvalidArgument);
  Wrapper w;
  w.version = 7;
  w.data = zeros;
  EXPECT_EQ(ExtractPtx(&w, 75).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Fatbin, CorruptCompressedEntryIsInvalidArgument) {
  std::string bytes = ReadTestData("vecadd_zstd.fatbin");
  // Damage the zstd frame of the PTX entry (the second entry; its payload follows a 0x50 header).
  size_t ptx_entry = 16 + 0x40 + 9264;
  bytes[ptx_entry + 0x50 + 20] ^= 0x5a;
  bytes[ptx_entry + 0x50 + 21] ^= 0xa5;
  AlignedBytes damaged(bytes);
  absl::StatusOr<std::vector<FatbinEntry>> entries = ReadFatbin(damaged.data());
  EXPECT_EQ(entries.status().code(), absl::StatusCode::kInvalidArgument) << entries.status();
}

TEST(Fatbin, OverrunningEntryIsInvalidArgument) {
  std::string bytes = ReadTestData("vecadd_raw.fatbin");
  uint64_t huge = 1ull << 40;
  std::memcpy(&bytes[16 + 8], &huge, 8);  // first entry's payload_size
  AlignedBytes damaged(bytes);
  EXPECT_EQ(ReadFatbin(damaged.data()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cudashim::ptx
