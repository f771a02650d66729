// Bit manipulation: prmt, bfe, bfi, bfind, brev, clz, popc, bmsk, lop3, shf, fns, szext. The
// references below transcribe the PTX ISA's pseudocode bit by bit.

#include <gtest/gtest.h>

#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"
#include "tests/simt_lane_ops/reference.h"

namespace cudashim::simt {
namespace {

using ptx::PrmtMode;
using ptx::ScalarType;
using ptx::ShfMode;
using testing::Rng;

// --- prmt -------------------------------------------------------------------------------------

// The PTX table of the special modes: the source byte of d.b0..d.b3 for each sel[1:0].
constexpr uint8_t kPrmtTable[6][4][4] = {
    {{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}},  // f4e
    {{0, 7, 6, 5}, {1, 0, 7, 6}, {2, 1, 0, 7}, {3, 2, 1, 0}},  // b4e
    {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}},  // rc8
    {{0, 1, 2, 3}, {1, 1, 2, 3}, {2, 2, 2, 3}, {3, 3, 3, 3}},  // ecl
    {{0, 0, 0, 0}, {0, 1, 1, 1}, {0, 1, 2, 2}, {0, 1, 2, 3}},  // ecr
    {{0, 1, 0, 1}, {2, 3, 2, 3}, {0, 1, 0, 1}, {2, 3, 2, 3}},  // rc16
};

TEST(BitsTest, PrmtDefaultSelectsBytesAndReplicatesSigns) {
  EXPECT_EQ(Prmt(0x33221100, 0x77665544, 0x3210, PrmtMode::kNone), 0x33221100u);
  EXPECT_EQ(Prmt(0x33221100, 0x77665544, 0x7654, PrmtMode::kNone), 0x77665544u);
  EXPECT_EQ(Prmt(0x33221100, 0x77665544, 0x0123, PrmtMode::kNone), 0x00112233u);
  EXPECT_EQ(Prmt(0x80000000, 0, 0x8883, PrmtMode::kNone), 0x00000080u);  // byte 0 sign = 0
  EXPECT_EQ(Prmt(0x80000000, 0, 0xBBB3, PrmtMode::kNone), 0xFFFFFF80u);  // byte 3 sign = 1
  EXPECT_EQ(Prmt(0x11223344, 0x55667788, 0x4444, PrmtMode::kNone), 0x88888888u);
}

TEST(BitsTest, PrmtModesFollowThePtxTable) {
  const PrmtMode kModesList[] = {PrmtMode::kF4e, PrmtMode::kB4e, PrmtMode::kEcl,
                                 PrmtMode::kEcr, PrmtMode::kRc8, PrmtMode::kRc16};
  const int kRow[] = {0, 1, 3, 4, 2, 5};
  Rng rng(41);
  for (int i = 0; i < 2000; ++i) {
    const uint32_t a = rng.U32(), b = rng.U32(), sel = rng.U32();
    const uint64_t src = (static_cast<uint64_t>(b) << 32) | a;
    for (int m = 0; m < 6; ++m) {
      uint32_t want = 0;
      for (int k = 0; k < 4; ++k) {
        want |= static_cast<uint32_t>((src >> (8 * kPrmtTable[kRow[m]][sel & 3][k])) & 0xFF)
                << (8 * k);
      }
      ASSERT_EQ(Prmt(a, b, sel, kModesList[m]), want) << m << " sel " << (sel & 3);
    }
  }
}

// --- bfe / bfi --------------------------------------------------------------------------------

uint64_t RefBfe(ScalarType t, uint64_t a, uint32_t b, uint32_t c) {
  const uint32_t msb = BitWidth(t) == 64 ? 63 : 31;
  const uint32_t pos = b & 0xFF, len = c & 0xFF;
  uint64_t sbit = 0;
  if (IsSignedInt(t) && len != 0) sbit = (a >> std::min(pos + len - 1, msb)) & 1;
  uint64_t d = 0;
  for (uint32_t i = 0; i <= msb; ++i) {
    const uint64_t bit = (i < len && pos + i <= msb) ? (a >> (pos + i)) & 1 : sbit;
    d |= bit << i;
  }
  return d;
}

uint64_t RefBfi(ScalarType t, uint64_t a, uint64_t b, uint32_t c, uint32_t d) {
  const uint32_t msb = BitWidth(t) == 64 ? 63 : 31;
  const uint32_t pos = c & 0xFF, len = d & 0xFF;
  uint64_t f = b & WidthMask(static_cast<int>(msb) + 1);
  for (uint32_t i = 0; i < len && pos + i <= msb; ++i) {
    f = (f & ~(1ull << (pos + i))) | (((a >> i) & 1) << (pos + i));
  }
  return f;
}

TEST(BitsTest, BfeAndBfiFollowThePtxPseudocode) {
  const ScalarType kBfeTypes[] = {ScalarType::kU32, ScalarType::kS32, ScalarType::kU64,
                                  ScalarType::kS64};
  Rng rng(42);
  for (int i = 0; i < 200000; ++i) {
    const uint64_t a = rng.U64(), b = rng.U64();
    // Positions and lengths around the interesting boundaries, plus garbage upper bits.
    const uint32_t pos = static_cast<uint32_t>(rng.U64() % 80) | (i % 5 == 0 ? 0xAB00u : 0u);
    const uint32_t len = static_cast<uint32_t>(rng.U64() % 80) | (i % 7 == 0 ? 0x1200u : 0u);
    for (ScalarType t : kBfeTypes) {
      const uint64_t in = BitWidth(t) == 64 ? a : a & 0xFFFFFFFFu;
      ASSERT_EQ(Bfe(t, in, pos, len), RefBfe(t, in, pos, len))
          << static_cast<int>(t) << " pos " << pos << " len " << len;
    }
    ASSERT_EQ(Bfi(ScalarType::kB32, a, b, pos, len), RefBfi(ScalarType::kB32, a, b, pos, len));
    ASSERT_EQ(Bfi(ScalarType::kB64, a, b, pos, len), RefBfi(ScalarType::kB64, a, b, pos, len));
  }
  EXPECT_EQ(Bfe(ScalarType::kS32, 0x000000F0, 4, 4), 0xFFFFFFFFu);
  EXPECT_EQ(Bfe(ScalarType::kU32, 0x000000F0, 4, 4), 0xFu);
  EXPECT_EQ(Bfe(ScalarType::kS32, 0x80000000, 40, 4), 0xFFFFFFFFu);  // pos past msb: sign
  EXPECT_EQ(Bfe(ScalarType::kS32, 0x80000000, 4, 0), 0u);            // len 0
  EXPECT_EQ(Bfi(ScalarType::kB32, 0xF, 0, 28, 8), 0xF0000000u);
}

// --- bfind, brev, clz, popc -------------------------------------------------------------------

TEST(BitsTest, BfindFindsTheMostSignificantNonSignBit) {
  EXPECT_EQ(Bfind(ScalarType::kU32, 0, false), 0xFFFFFFFFu);
  EXPECT_EQ(Bfind(ScalarType::kU32, 0, true), 0xFFFFFFFFu);
  EXPECT_EQ(Bfind(ScalarType::kU32, 1, false), 0u);
  EXPECT_EQ(Bfind(ScalarType::kU32, 1, true), 31u);
  EXPECT_EQ(Bfind(ScalarType::kU32, 0x80000000, false), 31u);
  EXPECT_EQ(Bfind(ScalarType::kS32, 0xFFFFFFFF, false), 0xFFFFFFFFu);  // -1: no zero bit
  EXPECT_EQ(Bfind(ScalarType::kS32, 0x80000000, false), 30u);
  EXPECT_EQ(Bfind(ScalarType::kS32, 0xFFFFFFFE, false), 0u);
  EXPECT_EQ(Bfind(ScalarType::kS32, 0x40000000, true), 1u);
  EXPECT_EQ(Bfind(ScalarType::kU64, 0x100000000ull, false), 32u);
  EXPECT_EQ(Bfind(ScalarType::kS64, 0x8000000000000000ull, true), 1u);
  EXPECT_EQ(Bfind(ScalarType::kU32, 0x100000000ull, false), 0xFFFFFFFFu);  // upper bits ignored
}

TEST(BitsTest, BrevClzPopc) {
  EXPECT_EQ(Brev(ScalarType::kB32, 1), 0x80000000u);
  EXPECT_EQ(Brev(ScalarType::kB32, 0x12345678), 0x1E6A2C48u);
  EXPECT_EQ(Brev(ScalarType::kB64, 1), 0x8000000000000000ull);
  EXPECT_EQ(Brev(ScalarType::kB32, 0xFFFFFFFF00000001ull), 0x80000000u);
  EXPECT_EQ(Clz(ScalarType::kB32, 0), 32u);
  EXPECT_EQ(Clz(ScalarType::kB32, 1), 31u);
  EXPECT_EQ(Clz(ScalarType::kB32, 0xFFFFFFFF00000000ull), 32u);
  EXPECT_EQ(Clz(ScalarType::kB64, 0), 64u);
  EXPECT_EQ(Clz(ScalarType::kB64, 0x80000000ull), 32u);
  EXPECT_EQ(Popc(ScalarType::kB32, 0xFFFFFFFFFFFFFFFFull), 32u);
  EXPECT_EQ(Popc(ScalarType::kB64, 0xFFFFFFFFFFFFFFFFull), 64u);
  EXPECT_EQ(Popc(ScalarType::kB32, 0x10101), 3u);
}

// --- bmsk, lop3, shf, fns, szext --------------------------------------------------------------

TEST(BitsTest, BmskWrapsOrClampsPositionAndWidth) {
  EXPECT_EQ(Bmsk(0, 32, ShfMode::kClamp), 0xFFFFFFFFu);
  EXPECT_EQ(Bmsk(0, 32, ShfMode::kWrap), 0u);  // 32 & 31 = 0
  EXPECT_EQ(Bmsk(4, 8, ShfMode::kWrap), 0xFF0u);
  EXPECT_EQ(Bmsk(28, 8, ShfMode::kClamp), 0xF0000000u);
  EXPECT_EQ(Bmsk(33, 8, ShfMode::kClamp), 0u);
  EXPECT_EQ(Bmsk(33, 8, ShfMode::kWrap), 0x1FEu);
  EXPECT_EQ(Bmsk(0, 100, ShfMode::kClamp), 0xFFFFFFFFu);
}

TEST(BitsTest, Lop3EvaluatesTheTruthTable) {
  Rng rng(43);
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = rng.U32(), b = rng.U32(), c = rng.U32(), lut = rng.U32() & 0xFF;
    uint32_t want = 0;
    for (int k = 0; k < 32; ++k) {
      const uint32_t idx = (((a >> k) & 1) << 2) | (((b >> k) & 1) << 1) | ((c >> k) & 1);
      want |= ((lut >> idx) & 1) << k;
    }
    ASSERT_EQ(Lop3(a, b, c, lut), want) << lut;
  }
  // The canonical immediates: ta = 0xF0, tb = 0xCC, tc = 0xAA.
  EXPECT_EQ(Lop3(0x12345678, 0, 0, 0xF0), 0x12345678u);
  EXPECT_EQ(Lop3(0xF0F0F0F0, 0xCCCCCCCC, 0xAAAAAAAA, 0xF0 & 0xCC & 0xAA), 0x80808080u);
  EXPECT_EQ(Lop3(1, 2, 4, 0xF0 | 0xCC | 0xAA), 7u);
  EXPECT_EQ(Lop3(0xFF, 0x0F, 0, 0xF0 ^ 0xCC), 0xF0u);
}

TEST(BitsTest, ShfFunnelShiftsTheHighWordOverTheLow) {
  EXPECT_EQ(Shf(true, ShfMode::kWrap, 0x80000000, 0x00000001, 1), 0x00000003u);
  EXPECT_EQ(Shf(false, ShfMode::kWrap, 0x00000001, 0x00000003, 1), 0x80000000u);
  EXPECT_EQ(Shf(true, ShfMode::kWrap, 0xAAAAAAAA, 0x12345678, 32), 0x12345678u);  // 32 & 31 = 0
  EXPECT_EQ(Shf(true, ShfMode::kClamp, 0xAAAAAAAA, 0x12345678, 32), 0xAAAAAAAAu);
  EXPECT_EQ(Shf(true, ShfMode::kClamp, 0xAAAAAAAA, 0x12345678, 100), 0xAAAAAAAAu);
  EXPECT_EQ(Shf(false, ShfMode::kClamp, 0xAAAAAAAA, 0x12345678, 32), 0x12345678u);
  EXPECT_EQ(Shf(false, ShfMode::kWrap, 0xAAAAAAAA, 0x12345678, 36), 0x8AAAAAAAu);
  // A rotate is shf with a == b.
  EXPECT_EQ(Shf(true, ShfMode::kWrap, 0x80000001, 0x80000001, 4), 0x00000018u);
  Rng rng(44);
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = rng.U32(), b = rng.U32(), c = rng.U32() % 70;
    const uint64_t v = (static_cast<uint64_t>(b) << 32) | a;
    const uint32_t nw = c & 31, nc = std::min<uint32_t>(c, 32);
    ASSERT_EQ(Shf(true, ShfMode::kWrap, a, b, c), static_cast<uint32_t>((v << nw) >> 32));
    ASSERT_EQ(Shf(false, ShfMode::kWrap, a, b, c), static_cast<uint32_t>(v >> nw));
    ASSERT_EQ(Shf(true, ShfMode::kClamp, a, b, c), static_cast<uint32_t>((v << nc) >> 32));
    ASSERT_EQ(Shf(false, ShfMode::kClamp, a, b, c), static_cast<uint32_t>(v >> nc));
  }
}

uint32_t RefFns(uint32_t mask, uint32_t base, int32_t offset) {
  if (offset == 0) return (base < 32 && ((mask >> base) & 1)) ? base : 0xFFFFFFFFu;
  int64_t pos = base;
  int64_t count = (offset > 0 ? static_cast<int64_t>(offset) : -static_cast<int64_t>(offset)) - 1;
  const int inc = offset > 0 ? 1 : -1;
  while (pos >= 0 && pos < 32) {
    if ((mask >> pos) & 1) {
      if (count == 0) return static_cast<uint32_t>(pos);
      --count;
    }
    pos += inc;
  }
  return 0xFFFFFFFFu;
}

TEST(BitsTest, FnsFindsTheNthSetBitFromBase) {
  EXPECT_EQ(Fns(0b10110, 0, 1), 1u);
  EXPECT_EQ(Fns(0b10110, 0, 2), 2u);
  EXPECT_EQ(Fns(0b10110, 0, 3), 4u);
  EXPECT_EQ(Fns(0b10110, 0, 4), 0xFFFFFFFFu);
  EXPECT_EQ(Fns(0b10110, 4, -1), 4u);
  EXPECT_EQ(Fns(0b10110, 4, -3), 1u);
  EXPECT_EQ(Fns(0b10110, 1, 0), 1u);
  EXPECT_EQ(Fns(0b10110, 0, 0), 0xFFFFFFFFu);
  Rng rng(45);
  for (int i = 0; i < 100000; ++i) {
    const uint32_t mask = rng.U32() & rng.U32();
    const uint32_t base = rng.U32() % 34;
    const int32_t offset = static_cast<int32_t>(rng.U32() % 41) - 20;
    ASSERT_EQ(Fns(mask, base, offset), RefFns(mask, base, offset))
        << std::hex << mask << std::dec << " base " << base << " offset " << offset;
  }
  EXPECT_EQ(Fns(0xFFFFFFFF, 0, INT32_MIN), 0xFFFFFFFFu);
  EXPECT_EQ(Fns(0xFFFFFFFF, 31, 1), 31u);
}

TEST(BitsTest, SzextExtendsFromTheGivenWidth) {
  EXPECT_EQ(Szext(ShfMode::kClamp, ScalarType::kS32, 0x80, 8), 0xFFFFFF80u);
  EXPECT_EQ(Szext(ShfMode::kClamp, ScalarType::kU32, 0xFFFFFF80, 8), 0x80u);
  EXPECT_EQ(Szext(ShfMode::kClamp, ScalarType::kS32, 0x12345678, 40), 0x12345678u);
  EXPECT_EQ(Szext(ShfMode::kWrap, ScalarType::kS32, 0x12345678, 40), 0x78u);  // 40 & 31 = 8
  EXPECT_EQ(Szext(ShfMode::kClamp, ScalarType::kS32, 0xFF, 0), 0u);
}

}  // namespace
}  // namespace cudashim::simt
