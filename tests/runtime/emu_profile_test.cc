// runtime/backends/emu/emu_profile: CUDASHIM_EMU_PROFILE specs, good ones and bad ones with their
// exact errors.
#include "runtime/backends/emu/emu_profile.h"

#include <gtest/gtest.h>

#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

constexpr uint64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;

hal::DeviceProfile Parse(const char* spec, int ordinal = 0) {
  absl::StatusOr<hal::DeviceProfile> p = ParseEmuProfile(spec, ordinal);
  EXPECT_TRUE(p.ok()) << spec << ": " << p.status();
  return p.ok() ? *p : hal::DeviceProfile{};
}

// The spec is rejected with cudaErrorInvalidValue and exactly `message`.
void ExpectRejected(const char* spec, const std::string& message) {
  absl::StatusOr<hal::DeviceProfile> p = ParseEmuProfile(spec, 0);
  ASSERT_FALSE(p.ok()) << "accepted: " << spec;
  EXPECT_EQ(ToCudaError(p.status()), cudaErrorInvalidValue) << spec;
  EXPECT_EQ(p.status().message(), message) << spec;
}

TEST(EmuProfile, EmptySpecGivesTheDefaults) {
  hal::DeviceProfile p = Parse("");
  EXPECT_EQ(p.name, "cudashim emulated accelerator");
  EXPECT_EQ(p.cc_major, 9);
  EXPECT_EQ(p.cc_minor, 0);
  EXPECT_GT(p.total_memory, 0u);
  EXPECT_LE(p.total_memory, 16 * kGiB);
  EXPECT_GE(p.multiprocessors, 1);
  EXPECT_EQ(p.max_threads_per_block, 1024);
}

TEST(EmuProfile, MemorySmsAndComputeCapability) {
  hal::DeviceProfile p = Parse("memory=64M,sms=3,cc=8.0");
  EXPECT_EQ(p.total_memory, 64 * kMiB);
  EXPECT_EQ(p.multiprocessors, 3);
  EXPECT_EQ(p.cc_major, 8);
  EXPECT_EQ(p.cc_minor, 0);
  EXPECT_EQ(p.max_ptx_target(), 80);
}

TEST(EmuProfile, SizeSuffixesAreBinaryAndCaseInsensitive) {
  EXPECT_EQ(Parse("memory=3k").total_memory, 3 * kKiB);
  EXPECT_EQ(Parse("memory=3K").total_memory, 3 * kKiB);
  EXPECT_EQ(Parse("memory=5m").total_memory, 5 * kMiB);
  EXPECT_EQ(Parse("memory=2G").total_memory, 2 * kGiB);
  EXPECT_EQ(Parse("memory=1T").total_memory, 1024 * kGiB);
  EXPECT_EQ(Parse("memory=12345").total_memory, 12345u);
}

TEST(EmuProfile, WhitespaceAroundItemsKeysAndValuesIsIgnored) {
  hal::DeviceProfile p = Parse(" memory = 1G , sms=2 ,, cc = 7.5 ");
  EXPECT_EQ(p.total_memory, kGiB);
  EXPECT_EQ(p.multiprocessors, 2);
  EXPECT_EQ(p.cc_major, 7);
  EXPECT_EQ(p.cc_minor, 5);
}

TEST(EmuProfile, ThreadsPerBlockSetsBlockLimitsAndIsCappedAt1024) {
  hal::DeviceProfile p = Parse("threads_per_block=512");
  EXPECT_EQ(p.max_threads_per_block, 512);
  EXPECT_EQ(p.max_block_dims, (std::array<int, 3>{512, 512, 64}));
  hal::DeviceProfile small = Parse("threads_per_block=32");
  EXPECT_EQ(small.max_block_dims, (std::array<int, 3>{32, 32, 32}));
  EXPECT_EQ(Parse("threads_per_block=4096").max_threads_per_block, 1024);
}

TEST(EmuProfile, SharedMemoryPerBlockRaisesTheOptInLimitWhenLarger) {
  hal::DeviceProfile small = Parse("shared_per_block=32K");
  EXPECT_EQ(small.shared_per_block, 32 * kKiB);
  EXPECT_EQ(small.shared_per_block_optin, 227 * kKiB);
  hal::DeviceProfile large = Parse("shared_per_block=300K");
  EXPECT_EQ(large.shared_per_block_optin, 300 * kKiB);
  EXPECT_EQ(Parse("shared_optin=100K").shared_per_block_optin, 100 * kKiB);
}

TEST(EmuProfile, NameAndClock) {
  hal::DeviceProfile p = Parse("name=Test GPU,clock_mhz=1500");
  EXPECT_EQ(p.name, "Test GPU");
  EXPECT_EQ(p.clock_rate_khz, 1500000);
}

TEST(EmuProfile, OrdinalSetsBusIdAndUuid) {
  hal::DeviceProfile p = Parse("", 3);
  EXPECT_EQ(p.pci_bus_id, 3);
  EXPECT_EQ(p.uuid[15], 3);
  EXPECT_NE(Parse("", 0).uuid, p.uuid);
}

TEST(EmuProfile, UnknownKeyIsRejected) {
  ExpectRejected("memory=1G,warps=4", "CUDASHIM_EMU_PROFILE: unknown key 'warps'");
}

TEST(EmuProfile, BadSizesAreRejected) {
  ExpectRejected("memory=abc", "CUDASHIM_EMU_PROFILE: bad value 'abc' for 'memory'");
  ExpectRejected("memory=0", "CUDASHIM_EMU_PROFILE: bad value '0' for 'memory'");
  ExpectRejected("memory=-5", "CUDASHIM_EMU_PROFILE: bad value '-5' for 'memory'");
  ExpectRejected("memory=4X", "CUDASHIM_EMU_PROFILE: bad value '4X' for 'memory'");
  ExpectRejected("sms=", "CUDASHIM_EMU_PROFILE: bad value '' for 'sms'");
  ExpectRejected("sms", "CUDASHIM_EMU_PROFILE: bad value '' for 'sms'");
  ExpectRejected("memory=M", "CUDASHIM_EMU_PROFILE: bad value 'M' for 'memory'");
}

TEST(EmuProfile, SizeThatOverflows64BitsIsRejected) {
  // (2^34 + 1) G = 2^64 + 2^30 bytes: must not wrap around to 1 GiB.
  ExpectRejected("memory=17179869185G",
                 "CUDASHIM_EMU_PROFILE: bad value '17179869185G' for 'memory'");
}

TEST(EmuProfile, MalformedComputeCapabilityIsRejected) {
  ExpectRejected("cc=8", "CUDASHIM_EMU_PROFILE: cc must look like 8.0 (>= 7.5), got '8'");
  ExpectRejected("cc=eight", "CUDASHIM_EMU_PROFILE: cc must look like 8.0 (>= 7.5), got 'eight'");
  ExpectRejected("cc=8.x", "CUDASHIM_EMU_PROFILE: cc must look like 8.0 (>= 7.5), got '8.x'");
  ExpectRejected("cc=6.1", "CUDASHIM_EMU_PROFILE: cc must look like 8.0 (>= 7.5), got '6.1'");
}

TEST(EmuProfile, ComputeCapabilityBelow75IsRejectedAsTheMessageSays) {
  // nvcc 13's lowest target is sm_75; a 7.0 device could load no PTX nvcc 13 writes.
  ExpectRejected("cc=7.0", "CUDASHIM_EMU_PROFILE: cc must look like 8.0 (>= 7.5), got '7.0'");
  EXPECT_EQ(Parse("cc=7.5").max_ptx_target(), 75);
}

}  // namespace
}  // namespace cudashim::backends
