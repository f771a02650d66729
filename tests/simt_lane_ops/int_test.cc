// Integer arithmetic: setp, add/sub (.sat), mul/mad (lo, hi, wide, .sat), div/rem, min/max/abs/
// neg, shifts, carry chains, mul24/mad24, sad, dp4a/dp2a.

#include <gtest/gtest.h>

#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"
#include "tests/simt_lane_ops/reference.h"

namespace cudashim::simt {
namespace {

using ptx::CmpOp;
using ptx::MulMode;
using ptx::ScalarType;
using testing::Rng;

constexpr ScalarType kS16 = ScalarType::kS16;
constexpr ScalarType kU16 = ScalarType::kU16;
constexpr ScalarType kS32 = ScalarType::kS32;
constexpr ScalarType kU32 = ScalarType::kU32;
constexpr ScalarType kS64 = ScalarType::kS64;
constexpr ScalarType kU64 = ScalarType::kU64;
constexpr ScalarType kB32 = ScalarType::kB32;

constexpr uint64_t kIntMin32 = 0x80000000u;
constexpr uint64_t kMinusOne32 = 0xFFFFFFFFu;

TEST(IntTest, CompareBySignednessAndUnsignedOps) {
  EXPECT_TRUE(IntCompare(CmpOp::kLt, kS32, kMinusOne32, 1));
  EXPECT_FALSE(IntCompare(CmpOp::kLt, kU32, kMinusOne32, 1));
  EXPECT_FALSE(IntCompare(CmpOp::kLt, kB32, kMinusOne32, 1));
  EXPECT_TRUE(IntCompare(CmpOp::kHi, kS32, kMinusOne32, 1));
  EXPECT_TRUE(IntCompare(CmpOp::kLo, kU32, 1, kMinusOne32));
  EXPECT_TRUE(IntCompare(CmpOp::kLs, kU32, 5, 5));
  EXPECT_TRUE(IntCompare(CmpOp::kHs, kU16, 0xFFFF, 0x8000));
  EXPECT_TRUE(IntCompare(CmpOp::kLt, kS16, 0x8000, 0x7FFF));
  EXPECT_TRUE(IntCompare(CmpOp::kEq, kS16, 0x1FFFF, 0xFFFF));  // upper bits ignored
  EXPECT_TRUE(IntCompare(CmpOp::kGe, kS64, 0, 0x8000000000000000ull));
  EXPECT_TRUE(IntCompare(CmpOp::kNe, kU32, 1, 2));
  EXPECT_TRUE(IntCompare(CmpOp::kLe, kS32, kIntMin32, kIntMin32));
  EXPECT_TRUE(IntCompare(CmpOp::kGt, kS32, 0, kIntMin32));
}

TEST(IntTest, AddSubWrapAndSaturate) {
  EXPECT_EQ(IntAdd(kS32, false, 0x7FFFFFFF, 1), kIntMin32);
  EXPECT_EQ(IntAdd(kS32, true, 0x7FFFFFFF, 1), 0x7FFFFFFFu);
  EXPECT_EQ(IntAdd(kS32, true, kIntMin32, kMinusOne32), kIntMin32);
  EXPECT_EQ(IntSub(kS32, true, kIntMin32, 1), kIntMin32);
  EXPECT_EQ(IntSub(kS32, true, 0x7FFFFFFF, kMinusOne32), 0x7FFFFFFFu);
  EXPECT_EQ(IntSub(kS32, true, 5, 7), 0xFFFFFFFEu);
  EXPECT_EQ(IntAdd(kU16, false, 0xFFFF, 2), 1u);
  EXPECT_EQ(IntSub(kU64, false, 0, 1), ~0ull);
}

__int128 Ext(ScalarType t, uint64_t v) {
  return IsSignedInt(t) ? static_cast<__int128>(SignExtend(v, BitWidth(t)))
                        : static_cast<__int128>(v & TypeMask(t));
}

TEST(IntTest, MulLoHiWideMatchA128BitProduct) {
  Rng rng(31);
  const ScalarType kTypes[] = {kS16, kU16, kS32, kU32, kS64, kU64};
  for (int i = 0; i < 100000; ++i) {
    const uint64_t a = rng.U64(), b = rng.U64();
    for (ScalarType t : kTypes) {
      const int w = BitWidth(t);
      const __int128 p = Ext(t, a) * Ext(t, b);  // exact except u64*u64 (taken unsigned)
      const unsigned __int128 up =
          t == kU64 ? static_cast<unsigned __int128>(a) * b : static_cast<unsigned __int128>(p);
      ASSERT_EQ(IntMul(MulMode::kLo, t, a, b), static_cast<uint64_t>(up) & WidthMask(w));
      ASSERT_EQ(IntMul(MulMode::kHi, t, a, b), static_cast<uint64_t>(up >> w) & WidthMask(w));
      if (w < 64) {
        ASSERT_EQ(IntMul(MulMode::kWide, t, a, b), static_cast<uint64_t>(up) & WidthMask(2 * w));
      }
    }
  }
  EXPECT_EQ(IntMul(MulMode::kHi, kS64, 0x8000000000000000ull, 0x8000000000000000ull),
            0x4000000000000000ull);
  EXPECT_EQ(IntMul(MulMode::kHi, kS32, kMinusOne32, 1), kMinusOne32);
  EXPECT_EQ(IntMul(MulMode::kWide, kS32, kIntMin32, kIntMin32), 0x4000000000000000ull);
  EXPECT_EQ(IntMul(MulMode::kWide, kS16, 0xFFFF, 2), 0xFFFFFFFEull);
}

TEST(IntTest, MadAddsInTheResultWidth) {
  EXPECT_EQ(IntMad(MulMode::kLo, kU32, false, 0x10000, 0x10000, 5), 5u);
  EXPECT_EQ(IntMad(MulMode::kHi, kU32, false, 0x10000, 0x10000, 5), 6u);
  EXPECT_EQ(IntMad(MulMode::kWide, kU32, false, 0xFFFFFFFF, 0xFFFFFFFF, 1), 0xFFFFFFFE00000002ull);
  EXPECT_EQ(IntMad(MulMode::kWide, kS32, false, kMinusOne32, 1, 0), ~0ull);
  // mad.hi.sat.s32: the high word plus c, clamped.
  EXPECT_EQ(IntMad(MulMode::kHi, kS32, true, 0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF), 0x7FFFFFFFu);
  EXPECT_EQ(IntMad(MulMode::kHi, kS32, true, kIntMin32, 0x7FFFFFFF, kIntMin32), kIntMin32);
  EXPECT_EQ(IntMad(MulMode::kHi, kS32, false, 0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF), 0xBFFFFFFEu);
  EXPECT_EQ(IntMad(MulMode::kHi, kS32, true, 4, 5, 6), 6u);
}

TEST(IntTest, DivRemTruncateTowardZeroAndNeverTrap) {
  EXPECT_EQ(IntDiv(kS32, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-3));
  EXPECT_EQ(IntRem(kS32, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-1));
  EXPECT_EQ(IntRem(kS32, 7, static_cast<uint32_t>(-2)), 1u);
  EXPECT_EQ(IntDiv(kS32, kIntMin32, kMinusOne32), kIntMin32);
  EXPECT_EQ(IntRem(kS32, kIntMin32, kMinusOne32), 0u);
  EXPECT_EQ(IntDiv(kS64, 0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
  EXPECT_EQ(IntDiv(kU32, 7, 0), 0xFFFFFFFFu);
  EXPECT_EQ(IntDiv(kS32, 7, 0), 0xFFFFFFFFu);
  EXPECT_EQ(IntRem(kU32, 7, 0), 7u);
  EXPECT_EQ(IntRem(kS64, 7, 0), 7u);
  EXPECT_EQ(IntDiv(kU32, 7, 0x100000000ull), 0xFFFFFFFFu);  // b's upper bits are ignored
  EXPECT_EQ(IntDiv(kS16, 0x8000, 0xFFFF), 0x8000u);
  EXPECT_EQ(IntDiv(kU16, 0xFFFF, 2), 0x7FFFu);
  Rng rng(32);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t a = rng.U64() >> (rng.U64() % 64), b = rng.U64() >> (rng.U64() % 64);
    if (b == 0 || static_cast<uint32_t>(b) == 0) continue;
    const int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
    if (!(sa == INT32_MIN && sb == -1)) {
      ASSERT_EQ(IntDiv(kS32, a, b), static_cast<uint32_t>(sa / sb));
      ASSERT_EQ(IntRem(kS32, a, b), static_cast<uint32_t>(sa % sb));
    }
    ASSERT_EQ(IntDiv(kU32, a, b), static_cast<uint32_t>(a) / static_cast<uint32_t>(b));
    ASSERT_EQ(IntDiv(kU64, a, b), a / b);
    ASSERT_EQ(IntRem(kU64, a, b), a % b);
  }
}

TEST(IntTest, MinMaxAbsNeg) {
  EXPECT_EQ(IntMin(kS32, kMinusOne32, 1), kMinusOne32);
  EXPECT_EQ(IntMin(kU32, kMinusOne32, 1), 1u);
  EXPECT_EQ(IntMax(kS16, 0x8000, 0x7FFF), 0x7FFFu);
  EXPECT_EQ(IntMax(kU64, ~0ull, 0), ~0ull);
  EXPECT_EQ(IntAbs(kS32, kIntMin32), kIntMin32);
  EXPECT_EQ(IntAbs(kS32, static_cast<uint32_t>(-5)), 5u);
  EXPECT_EQ(IntAbs(kS16, 0xFFFF), 1u);
  EXPECT_EQ(IntNeg(kS32, 1), kMinusOne32);
  EXPECT_EQ(IntNeg(kS32, kIntMin32), kIntMin32);
  EXPECT_EQ(IntNeg(kS64, 0), 0u);
}

TEST(IntTest, ShiftsByTheWidthOrMore) {
  EXPECT_EQ(Shl(kB32, 1, 31), 0x80000000u);
  EXPECT_EQ(Shl(kB32, 1, 32), 0u);
  EXPECT_EQ(Shl(kB32, 1, 0xFFFFFFFF), 0u);
  EXPECT_EQ(Shl(ScalarType::kB16, 0x8001, 1), 2u);
  EXPECT_EQ(Shl(ScalarType::kB64, 1, 63), 0x8000000000000000ull);
  EXPECT_EQ(Shl(ScalarType::kB64, 1, 64), 0u);
  EXPECT_EQ(Shr(kU32, 0x80000000, 31), 1u);
  EXPECT_EQ(Shr(kU32, 0x80000000, 32), 0u);
  EXPECT_EQ(Shr(kB32, 0xFFFFFFFF, 40), 0u);
  EXPECT_EQ(Shr(kS32, 0x80000000, 31), 0xFFFFFFFFu);
  EXPECT_EQ(Shr(kS32, 0x80000000, 1000), 0xFFFFFFFFu);
  EXPECT_EQ(Shr(kS32, 0x7FFFFFFF, 1000), 0u);
  EXPECT_EQ(Shr(kS16, 0x8000, 4), 0xF800u);
  EXPECT_EQ(Shr(kS64, 0x8000000000000000ull, 64), ~0ull);
  EXPECT_EQ(Shr(kU64, ~0ull, 64), 0u);
}

TEST(IntTest, CarryChainsAdd128BitNumbers) {
  Rng rng(33);
  for (int i = 0; i < 100000; ++i) {
    const unsigned __int128 x = (static_cast<unsigned __int128>(rng.U64()) << 64) | rng.U64();
    const unsigned __int128 y = (static_cast<unsigned __int128>(rng.U64()) << 64) | rng.U64();
    uint64_t w[4];
    bool c = false;
    for (int k = 0; k < 4; ++k) {  // add.cc.u32 then three addc.cc.u32
      w[k] = AddCarry(kU32, static_cast<uint64_t>(x >> (32 * k)),
                      static_cast<uint64_t>(y >> (32 * k)), c, &c);
    }
    const unsigned __int128 sum = x + y;
    for (int k = 0; k < 4; ++k) ASSERT_EQ(w[k], static_cast<uint32_t>(sum >> (32 * k)));
    bool carry64 = false;
    const uint64_t lo =
        AddCarry(kU64, static_cast<uint64_t>(x), static_cast<uint64_t>(y), false, &carry64);
    const uint64_t hi =
        AddCarry(kU64, static_cast<uint64_t>(x >> 64), static_cast<uint64_t>(y >> 64), carry64, &c);
    ASSERT_EQ(lo, static_cast<uint64_t>(sum));
    ASSERT_EQ(hi, static_cast<uint64_t>(sum >> 64));
    ASSERT_EQ(c, sum < x);  // the final carry out
    // sub.cc / subc.
    bool borrow = false;
    const unsigned __int128 diff = x - y;
    for (int k = 0; k < 4; ++k) {
      w[k] = SubBorrow(kU32, static_cast<uint64_t>(x >> (32 * k)),
                       static_cast<uint64_t>(y >> (32 * k)), borrow, &borrow);
    }
    for (int k = 0; k < 4; ++k) ASSERT_EQ(w[k], static_cast<uint32_t>(diff >> (32 * k)));
    ASSERT_EQ(borrow, x < y);
    const uint64_t dlo =
        SubBorrow(kU64, static_cast<uint64_t>(x), static_cast<uint64_t>(y), false, &borrow);
    const uint64_t dhi = SubBorrow(kU64, static_cast<uint64_t>(x >> 64),
                                   static_cast<uint64_t>(y >> 64), borrow, &borrow);
    ASSERT_EQ(dlo, static_cast<uint64_t>(diff));
    ASSERT_EQ(dhi, static_cast<uint64_t>(diff >> 64));
  }
}

TEST(IntTest, MadCarryChainsMultiplyWideNumbers) {
  // (2^32-1)*(2^32-1) built from mad.lo.cc / madc.hi: lo = 1, hi = 0xFFFFFFFE.
  bool c = false;
  const uint64_t lo = MadCarry(MulMode::kLo, kU32, 0xFFFFFFFF, 0xFFFFFFFF, 0, false, &c);
  const uint64_t hi = MadCarry(MulMode::kHi, kU32, 0xFFFFFFFF, 0xFFFFFFFF, 0, c, &c);
  EXPECT_EQ(lo, 1u);
  EXPECT_EQ(hi, 0xFFFFFFFEu);
  EXPECT_FALSE(c);
  EXPECT_EQ(MadCarry(MulMode::kLo, kU32, 2, 3, 0xFFFFFFFF, true, &c), 6u);
  EXPECT_TRUE(c);
}

TEST(IntTest, Mul24UsesTheLow24BitsOfEachOperand) {
  EXPECT_EQ(Mul24(MulMode::kLo, kU32, 0xFF000002, 3), 6u);
  EXPECT_EQ(Mul24(MulMode::kLo, kS32, 0x00FFFFFF, 3), static_cast<uint32_t>(-3));
  EXPECT_EQ(Mul24(MulMode::kHi, kU32, 0xFFFFFF, 0xFFFFFF), 0xFFFFFE00u);  // (2^24-1)^2 >> 16
  EXPECT_EQ(Mul24(MulMode::kHi, kS32, 0x800000, 0x800000), 0x40000000u);  // (-2^23)^2 >> 16
  EXPECT_EQ(Mul24(MulMode::kHi, kS32, 0x800000, 1), 0xFFFFFF80u);
  EXPECT_EQ(Mad24(MulMode::kLo, kU32, false, 2, 3, 4), 10u);
  EXPECT_EQ(Mad24(MulMode::kHi, kS32, true, 0x7FFFFF, 0x7FFFFF, 0x7FFFFFFF), 0x7FFFFFFFu);
  Rng rng(34);
  for (int i = 0; i < 100000; ++i) {
    const uint32_t a = rng.U32(), b = rng.U32();
    const int64_t sp = SignExtend(a, 24) * SignExtend(b, 24);
    const uint64_t up = static_cast<uint64_t>(a & 0xFFFFFF) * (b & 0xFFFFFF);
    ASSERT_EQ(Mul24(MulMode::kLo, kS32, a, b), static_cast<uint32_t>(sp));
    ASSERT_EQ(Mul24(MulMode::kHi, kS32, a, b), static_cast<uint32_t>(sp >> 16));
    ASSERT_EQ(Mul24(MulMode::kLo, kU32, a, b), static_cast<uint32_t>(up));
    ASSERT_EQ(Mul24(MulMode::kHi, kU32, a, b), static_cast<uint32_t>(up >> 16));
  }
}

TEST(IntTest, SadAddsTheAbsoluteDifference) {
  EXPECT_EQ(Sad(kU32, 3, 10, 100), 107u);
  EXPECT_EQ(Sad(kU32, 10, 3, 100), 107u);
  EXPECT_EQ(Sad(kS32, static_cast<uint32_t>(-5), 5, 1), 11u);
  EXPECT_EQ(Sad(kU32, 0xFFFFFFFF, 0, 1), 0u);  // wraps in 32 bits
  EXPECT_EQ(Sad(kS16, 0x8000, 0x7FFF, 0), 0xFFFFu);
}

TEST(IntTest, DotProductsOfBytesAndHalves) {
  Rng rng(35);
  const ScalarType kSU[] = {kU32, kS32};
  for (int i = 0; i < 100000; ++i) {
    const uint32_t a = rng.U32(), b = rng.U32(), c = rng.U32();
    for (ScalarType ta : kSU) {
      for (ScalarType tb : kSU) {
        int64_t sum4 = static_cast<int32_t>(c);
        for (int k = 0; k < 4; ++k) {
          const uint32_t ab = (a >> (8 * k)) & 0xFF, bb = (b >> (8 * k)) & 0xFF;
          sum4 += (IsSignedInt(ta) ? SignExtend(ab, 8) : static_cast<int64_t>(ab)) *
                  (IsSignedInt(tb) ? SignExtend(bb, 8) : static_cast<int64_t>(bb));
        }
        ASSERT_EQ(Dp4a(ta, tb, a, b, c), static_cast<uint32_t>(sum4));
        for (int hi = 0; hi < 2; ++hi) {
          int64_t sum2 = static_cast<int32_t>(c);
          for (int k = 0; k < 2; ++k) {
            const int64_t ah = IsSignedInt(ta) ? SignExtend(a >> (16 * k), 16)
                                               : static_cast<int64_t>((a >> (16 * k)) & 0xFFFF);
            const uint32_t byte = (b >> (8 * (2 * hi + k))) & 0xFF;
            const int64_t bb = IsSignedInt(tb) ? SignExtend(byte, 8) : static_cast<int64_t>(byte);
            sum2 += ah * bb;
          }
          ASSERT_EQ(Dp2a(hi == 1, ta, tb, a, b, c), static_cast<uint32_t>(sum2));
        }
      }
    }
  }
  EXPECT_EQ(Dp4a(kS32, kS32, 0xFFFFFFFF, 0x01010101, 10), 6u);  // 4 * (-1 * 1) + 10
  EXPECT_EQ(Dp4a(kU32, kS32, 0xFFFFFFFF, 0x01010101, 0), 1020u);
}

}  // namespace
}  // namespace cudashim::simt
