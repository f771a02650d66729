// runtime/backends/emu/arena: 256-byte alignment, first fit, coalescing of freed neighbours, and
// exhaustion as cudaErrorMemoryAllocation.
#include "runtime/backends/emu/arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

std::unique_ptr<Arena> Make(size_t capacity) {
  absl::StatusOr<std::unique_ptr<Arena>> arena = Arena::Reserve(capacity);
  EXPECT_TRUE(arena.ok()) << arena.status();
  return arena.ok() ? *std::move(arena) : nullptr;
}

uintptr_t Address(void* p) { return reinterpret_cast<uintptr_t>(p); }

TEST(Arena, CapacityIsRoundedUpToTheAlignment) {
  auto arena = Make(1000);
  ASSERT_NE(arena, nullptr);
  EXPECT_EQ(arena->capacity(), 1024u);
}

TEST(Arena, EveryAllocationIs256ByteAlignedAndRoundedUp) {
  auto arena = Make(1 << 20);
  ASSERT_NE(arena, nullptr);
  std::vector<void*> blocks;
  for (size_t bytes : {1u, 255u, 256u, 257u, 1000u, 3u}) {
    absl::StatusOr<void*> p = arena->Allocate(bytes);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(Address(*p) % 256, 0u) << bytes;
    blocks.push_back(*p);
  }
  // First fit from the start: sizes 256, 256, 256, 512, 1024, 256.
  uintptr_t base = Address(blocks[0]);
  EXPECT_EQ(Address(blocks[1]) - base, 256u);
  EXPECT_EQ(Address(blocks[2]) - base, 512u);
  EXPECT_EQ(Address(blocks[3]) - base, 768u);
  EXPECT_EQ(Address(blocks[4]) - base, 1280u);
  EXPECT_EQ(Address(blocks[5]) - base, 2304u);
}

TEST(Arena, ZeroBytesStillGetsADistinctBlock) {
  auto arena = Make(1024);
  ASSERT_NE(arena, nullptr);
  absl::StatusOr<void*> a = arena->Allocate(0);
  absl::StatusOr<void*> b = arena->Allocate(0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(Arena, ExhaustionIsMemoryAllocation) {
  auto arena = Make(1024);
  ASSERT_NE(arena, nullptr);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(arena->Allocate(256).ok()) << i;
  absl::StatusOr<void*> none = arena->Allocate(1);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(ToCudaError(none.status()), cudaErrorMemoryAllocation);
  absl::StatusOr<void*> bigger = Make(1024)->Allocate(1025);
  ASSERT_FALSE(bigger.ok());
  EXPECT_EQ(ToCudaError(bigger.status()), cudaErrorMemoryAllocation);
}

TEST(Arena, SizeWhoseRoundingOverflowsIsMemoryAllocation) {
  // Rounding SIZE_MAX (or anything above SIZE_MAX - 255) up to 256 wraps around; the request must
  // fail, not turn into a 256-byte block (hal::Device::Allocate's contract).
  auto arena = Make(1024);
  ASSERT_NE(arena, nullptr);
  for (size_t bytes : {SIZE_MAX, SIZE_MAX - 200}) {
    absl::StatusOr<void*> huge = arena->Allocate(bytes);
    ASSERT_FALSE(huge.ok()) << bytes << " bytes gave a block";
    EXPECT_EQ(ToCudaError(huge.status()), cudaErrorMemoryAllocation);
  }
}

TEST(Arena, FreedNeighboursCoalesceIntoOneRange) {
  auto arena = Make(1024);
  ASSERT_NE(arena, nullptr);
  void* blocks[4];
  for (void*& b : blocks) b = *arena->Allocate(256);
  // Free 1 then 2 (coalesce with the previous free range), then 512 fits there.
  arena->Free(blocks[1]);
  arena->Free(blocks[2]);
  absl::StatusOr<void*> middle = arena->Allocate(512);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(*middle, blocks[1]);
  // Free 3 then 0 then the middle (coalesce with both sides): the whole arena is one range again.
  arena->Free(blocks[3]);
  arena->Free(blocks[0]);
  EXPECT_FALSE(arena->Allocate(1024).ok());
  arena->Free(*middle);
  absl::StatusOr<void*> all = arena->Allocate(1024);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, blocks[0]);
}

TEST(Arena, FreeingANextNeighbourFirstAlsoCoalesces) {
  auto arena = Make(768);
  ASSERT_NE(arena, nullptr);
  void* a = *arena->Allocate(256);
  void* b = *arena->Allocate(256);
  void* c = *arena->Allocate(256);
  arena->Free(b);
  arena->Free(a);  // merges with the free range after it
  absl::StatusOr<void*> two = arena->Allocate(512);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, a);
  arena->Free(c);
}

TEST(Arena, FreeOfAnUnknownPointerChangesNothing) {
  auto arena = Make(512);
  ASSERT_NE(arena, nullptr);
  void* a = *arena->Allocate(256);
  arena->Free(static_cast<char*>(a) + 256);  // never handed out
  arena->Free(a);
  arena->Free(a);  // twice: ignored (the allocation table rejects this before it gets here)
  ASSERT_TRUE(arena->Allocate(512).ok());
  EXPECT_FALSE(arena->Allocate(1).ok());
}

TEST(Arena, ContainsCoversExactlyTheReservedRange) {
  auto arena = Make(1024);
  ASSERT_NE(arena, nullptr);
  char* a = static_cast<char*>(*arena->Allocate(256));
  EXPECT_TRUE(arena->Contains(a));
  EXPECT_TRUE(arena->Contains(a + 1023));
  EXPECT_FALSE(arena->Contains(a + 1024));
  EXPECT_FALSE(arena->Contains(a - 1));
  int on_stack = 0;
  EXPECT_FALSE(arena->Contains(&on_stack));
}

TEST(Arena, MemoryIsWritableAcrossTheWholeCapacity) {
  auto arena = Make(4096);
  ASSERT_NE(arena, nullptr);
  auto* p = static_cast<unsigned char*>(*arena->Allocate(4096));
  for (size_t i = 0; i < 4096; ++i) p[i] = static_cast<unsigned char>(i);
  for (size_t i = 0; i < 4096; ++i) ASSERT_EQ(p[i], static_cast<unsigned char>(i));
}

}  // namespace
}  // namespace cudashim::backends
