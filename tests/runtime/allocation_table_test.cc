// runtime/core/allocation_table: finding the allocation that holds any pointer, at and around its
// boundaries, and removing by base only.
#include "runtime/core/allocation_table.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace cudashim::core {
namespace {

const void* At(uintptr_t p) { return reinterpret_cast<const void*>(p); }

class AllocationTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_.Insert({.base = 0x10000, .size = 0x100, .kind = MemoryKind::kDevice, .device = 0});
    // Adjacent to the first: its first byte is one past the end of the first.
    table_.Insert({.base = 0x10100, .size = 0x10, .kind = MemoryKind::kHost, .device = 0});
    table_.Insert({.base = 0x20000, .size = 0x1000, .kind = MemoryKind::kDevice, .device = 1});
  }
  AllocationTable table_;
};

TEST_F(AllocationTableTest, FindsTheAllocationFromItsBaseAndEveryInteriorByte) {
  for (uintptr_t p : {0x10000u, 0x10001u, 0x10080u, 0x100ffu}) {
    auto a = table_.Find(At(p));
    ASSERT_TRUE(a.has_value()) << std::hex << p;
    EXPECT_EQ(a->base, 0x10000u);
    EXPECT_EQ(a->size, 0x100u);
  }
}

TEST_F(AllocationTableTest, OnePastTheEndBelongsToTheNextAllocationOrNone) {
  auto next = table_.Find(At(0x10100));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->base, 0x10100u);
  EXPECT_EQ(next->kind, MemoryKind::kHost);
  EXPECT_FALSE(table_.Find(At(0x10110)).has_value());
  EXPECT_FALSE(table_.Find(At(0x21000)).has_value());
}

TEST_F(AllocationTableTest, PointersBeforeAndBetweenAllocationsFindNothing) {
  EXPECT_FALSE(table_.Find(nullptr).has_value());
  EXPECT_FALSE(table_.Find(At(0xffff)).has_value());
  EXPECT_FALSE(table_.Find(At(0x18000)).has_value());
  EXPECT_FALSE(table_.Find(At(0x1ffff)).has_value());
  EXPECT_FALSE(table_.Find(At(UINTPTR_MAX)).has_value());
}

TEST_F(AllocationTableTest, RemoveTakesOnlyTheExactBase) {
  EXPECT_FALSE(table_.Remove(At(0x10001)).has_value());
  EXPECT_FALSE(table_.Remove(At(0x100ff)).has_value());
  EXPECT_TRUE(table_.Find(At(0x10000)).has_value());
  auto removed = table_.Remove(At(0x10000));
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(removed->size, 0x100u);
  EXPECT_FALSE(table_.Find(At(0x10000)).has_value());
  EXPECT_FALSE(table_.Find(At(0x100ff)).has_value());
  EXPECT_FALSE(table_.Remove(At(0x10000)).has_value());  // twice
  EXPECT_TRUE(table_.Find(At(0x10100)).has_value());     // the neighbour stays
}

TEST_F(AllocationTableTest, DeviceBytesInUseCountsDeviceAndModuleMemoryOfThatDevice) {
  EXPECT_EQ(table_.DeviceBytesInUse(0), 0x100u);  // the host allocation does not count
  EXPECT_EQ(table_.DeviceBytesInUse(1), 0x1000u);
  table_.Insert({.base = 0x30000, .size = 0x40, .kind = MemoryKind::kModuleVariable, .device = 0});
  table_.Insert({.base = 0x40000, .size = 0x80, .kind = MemoryKind::kManaged, .device = 0});
  EXPECT_EQ(table_.DeviceBytesInUse(0), 0x140u);
  EXPECT_EQ(table_.DeviceBytesInUse(7), 0u);
}

TEST_F(AllocationTableTest, RemoveAllTakesOneKindOfOneDevice) {
  table_.Insert({.base = 0x50000, .size = 0x20, .kind = MemoryKind::kDevice, .device = 0});
  auto removed = table_.RemoveAll(0, MemoryKind::kDevice);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[0].base, 0x10000u);
  EXPECT_EQ(removed[1].base, 0x50000u);
  EXPECT_FALSE(table_.Find(At(0x10000)).has_value());
  EXPECT_TRUE(table_.Find(At(0x10100)).has_value());  // host memory of device 0 stays
  EXPECT_TRUE(table_.Find(At(0x20000)).has_value());  // device 1 stays
}

TEST(Allocation, ContainsChecksTheWholeRangeWithoutOverflow) {
  Allocation a{.base = 0x1000, .size = 0x100};
  EXPECT_TRUE(a.Contains(0x1000));
  EXPECT_TRUE(a.Contains(0x1000, 0x100));
  EXPECT_FALSE(a.Contains(0x1000, 0x101));
  EXPECT_TRUE(a.Contains(0x10ff, 1));
  EXPECT_FALSE(a.Contains(0x10ff, 2));
  EXPECT_FALSE(a.Contains(0x1100, 0));
  EXPECT_FALSE(a.Contains(0xfff));
  EXPECT_FALSE(a.Contains(0x1001, SIZE_MAX));
  EXPECT_TRUE(a.Contains(0x1080, 0));  // an empty range inside is inside
}

}  // namespace
}  // namespace cudashim::core
