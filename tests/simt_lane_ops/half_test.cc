// f16 / bf16 scalar and packed (x2) arithmetic: add sub mul fma with .rn, .ftz, .sat, .relu;
// min/max; abs/neg; ex2/tanh approximations.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"
#include "tests/simt_lane_ops/reference.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::Rounding;
using ptx::ScalarType;
using testing::BF16Table;
using testing::F16Table;
using testing::Mods;
using testing::Q;
using testing::Rng;

constexpr ScalarType kF16 = ScalarType::kF16;
constexpr ScalarType kBF16 = ScalarType::kBF16;

const testing::HalfTable& Table(ScalarType t) { return t == kF16 ? F16Table() : BF16Table(); }

bool IsNaN(ScalarType t, uint16_t h) { return (h & 0x7FFF) > (t == kF16 ? 0x7C00 : 0x7F80); }

// A random half whose exponent is near the middle of the range for bf16 (so that sums of two
// are exact in a quad) and anything for f16.
uint16_t RandomHalf(Rng& rng, ScalarType t) {
  for (;;) {
    uint16_t h = static_cast<uint16_t>(rng.U32());
    if (t == kBF16)
      h = static_cast<uint16_t>((h & 0x807F) | ((0x3F00 + (rng.U32() % 0x600)) & 0x7F80));
    if (!IsNaN(t, h)) return h;
  }
}

Q Value(ScalarType t, uint16_t h) { return static_cast<Q>(Table(t).Value(h)); }

TEST(HalfTest, AddSubMulRoundOnceToNearestEven) {
  Rng rng(21);
  for (ScalarType t : {kF16, kBF16}) {
    for (int i = 0; i < 300000; ++i) {
      const uint16_t a = RandomHalf(rng, t), b = RandomHalf(rng, t);
      const Q x = Value(t, a), y = Value(t, b);
      const auto m = Mods(Rounding::kRn);
      ASSERT_TRUE(testing::SameHalf(t == kBF16, FloatBinary(Opcode::kAdd, t, m, a, b),
                                    Table(t).Round(x + y, Rounding::kRn)))
          << std::hex << a << " + " << b;
      ASSERT_TRUE(testing::SameHalf(t == kBF16, FloatBinary(Opcode::kSub, t, m, a, b),
                                    Table(t).Round(x - y, Rounding::kRn)))
          << std::hex << a << " - " << b;
      ASSERT_TRUE(testing::SameHalf(t == kBF16, FloatBinary(Opcode::kMul, t, m, a, b),
                                    Table(t).Round(x * y, Rounding::kRn)))
          << std::hex << a << " * " << b;
    }
  }
}

TEST(HalfTest, FmaRoundsOnce) {
  Rng rng(22);
  for (ScalarType t : {kF16, kBF16}) {
    for (int i = 0; i < 300000; ++i) {
      const uint16_t a = RandomHalf(rng, t), b = RandomHalf(rng, t), c = RandomHalf(rng, t);
      const Q want_exact = Value(t, a) * Value(t, b) + Value(t, c);
      ASSERT_TRUE(testing::SameHalf(t == kBF16, FloatFma(t, Mods(Rounding::kRn), a, b, c),
                                    Table(t).Round(want_exact, Rounding::kRn)))
          << std::hex << a << " " << b << " " << c;
    }
  }
  // 35/32 * 11/8 = 1.5 + 2^-8 is exactly a bf16 tie (between 0x3FC0 and 0x3FC1); an addend
  // far below the double's precision still decides it.
  const uint16_t tiny = 0x0D80;  // 2^-100
  EXPECT_EQ(FloatFma(kBF16, Mods(Rounding::kRn), 0x3F8C, 0x3FB0, 0x0000), 0x3FC0u);
  EXPECT_EQ(FloatFma(kBF16, Mods(Rounding::kRn), 0x3F8C, 0x3FB0, tiny), 0x3FC1u);
  EXPECT_EQ(FloatFma(kBF16, Mods(Rounding::kRn), 0x3F8C, 0x3FB0, tiny | 0x8000), 0x3FC0u);
  EXPECT_EQ(FloatFma(kBF16, Mods(Rounding::kRn), 0xBF8C, 0x3FB0, tiny | 0x8000), 0xBFC1u);
}

TEST(HalfTest, F16FtzFlushesSubnormalInputsAndResults) {
  const auto ftz = Mods(Rounding::kRn, true);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, ftz, 0x0001, 0x0000), 0x0000u);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, Mods(Rounding::kRn), 0x0001, 0x0000), 0x0001u);
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF16, ftz, 0x8400, 0x3800), 0x8000u);  // -2^-14 * 0.5
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF16, Mods(Rounding::kRn), 0x8400, 0x3800), 0x8200u);
  EXPECT_EQ(FloatFma(kF16, ftz, 0x0200, 0x7800, 0x0000), 0x0000u);  // subnormal a flushed
}

TEST(HalfTest, SatAndReluClamp) {
  const auto sat = Mods(Rounding::kRn, false, true);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, sat, 0x3C00, 0x3C00), 0x3C00u);  // 2 -> 1
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, sat, 0xBC00, 0x3800), 0x0000u);  // -0.5 -> 0
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF16, sat, 0x7C00, 0x0000), 0x0000u);  // NaN -> 0
  auto relu = Mods(Rounding::kRn);
  relu.relu = true;
  EXPECT_EQ(FloatFma(kF16, relu, 0xBC00, 0x4000, 0x0000), 0x0000u);  // -2 -> 0
  EXPECT_EQ(FloatFma(kBF16, relu, 0x3F80, 0x4000, 0x0000), 0x4000u);
  EXPECT_EQ(FloatFma(kBF16, relu, 0x7F80, 0x0000, 0x0000), 0x7FFFu);  // NaN stays
}

TEST(HalfTest, OverflowAndNaN) {
  const auto m = Mods(Rounding::kRn);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, m, 0x7BFF, 0x7BFF), 0x7C00u);
  EXPECT_EQ(FloatBinary(Opcode::kMul, kBF16, m, 0x7F7F, 0x4000), 0x7F80u);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, m, 0x7C00, 0xFC00), 0x7FFFu);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, m, 0x7E00, 0x3C00), 0x7FFFu);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF16, m, 0x3C00, 0xBC00), 0x0000u);
}

TEST(HalfTest, PackedOpsWorkPerHalf) {
  const auto m = Mods(Rounding::kRn);
  // {1, 2} + {3, 4} = {4, 6} (element 0 in the low half).
  EXPECT_EQ(FloatBinary(Opcode::kAdd, ScalarType::kF16x2, m, 0x40003C00, 0x44004200), 0x46004400u);
  EXPECT_EQ(FloatBinary(Opcode::kMul, ScalarType::kBF16x2, m, 0x40003F80, 0xC0004040),
            0xC0804040u);  // {1*3, 2*-2} = {3, -4}
  EXPECT_EQ(FloatFma(ScalarType::kF16x2, m, 0x3C003C00, 0x40004000, 0xBC003C00), 0x3C004200u);
  EXPECT_EQ(FloatUnary(Opcode::kNeg, ScalarType::kF16x2, m, 0x3C00BC00), 0xBC003C00u);
  EXPECT_EQ(FloatUnary(Opcode::kAbs, ScalarType::kBF16x2, m, 0xBF80BF80), 0x3F803F80u);
  EXPECT_EQ(FloatBinary(Opcode::kMax, ScalarType::kF16x2, m, 0x7E000000, 0x3C008000),
            0x3C000000u);  // {max(+0,-0), max(NaN,1)} = {+0, 1}
}

TEST(HalfTest, MinMaxNaNAndXorsignAbs) {
  auto m = Mods();
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF16, m, 0x7E00, 0x3C00), 0x3C00u);
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF16, m, 0x0000, 0x8000), 0x8000u);
  EXPECT_EQ(FloatBinary(Opcode::kMax, kBF16, m, 0xC000, 0xBF80), 0xBF80u);
  m.nan = true;
  EXPECT_EQ(FloatBinary(Opcode::kMax, kF16, m, 0x7E00, 0x3C00), 0x7FFFu);
  m.nan = false;
  m.xorsign = true;
  m.abs = true;
  EXPECT_EQ(FloatBinary(Opcode::kMax, kBF16, m, 0xC040, 0x3F80), 0xC040u);  // -|3|
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF16, m, 0xC200, 0xBC00), 0x3C00u);   // +|1|
}

TEST(HalfTest, Ex2AndTanhApproximations) {
  auto m = Mods();
  m.approx = true;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if (IsNaN(kF16, static_cast<uint16_t>(h))) continue;
    const long double x = F16Table().Value(static_cast<uint16_t>(h));
    const long double e =
        F16Table().Value(static_cast<uint16_t>(FloatUnary(Opcode::kEx2, kF16, m, h)));
    const long double want = std::exp2(x);
    if (want <= 65504 && want >= 0x1p-14L) {
      ASSERT_LE(std::fabs(e - want), want * std::exp2(-9.9L)) << std::hex << h;
    }
    const long double th =
        F16Table().Value(static_cast<uint16_t>(FloatUnary(Opcode::kTanh, kF16, m, h)));
    ASSERT_LE(std::fabs(th - std::tanh(x)), 0x1p-10L) << std::hex << h;
  }
  EXPECT_EQ(FloatUnary(Opcode::kEx2, kF16, m, 0xFC00), 0x0000u);    // ex2(-inf) = +0
  EXPECT_EQ(FloatUnary(Opcode::kEx2, kBF16, m, 0x4120), 0x4480u);   // ex2(10) = 1024
  EXPECT_EQ(FloatUnary(Opcode::kTanh, kBF16, m, 0xFF80), 0xBF80u);  // tanh(-inf) = -1
}

}  // namespace
}  // namespace cudashim::simt
