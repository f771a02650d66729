// cvt: every direction, every rounding, .ftz/.sat/.relu/.satfinite.

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "runtime/backends/simt/lane_ops.h"
#include "tests/simt_lane_ops/reference.h"

namespace cudashim::simt {
namespace {

using ptx::Rounding;
using ptx::ScalarType;
using testing::B;
using testing::BF16Table;
using testing::D;
using testing::F;
using testing::F16Table;
using testing::kModes;
using testing::Q;
using testing::Rng;

constexpr ScalarType kF16 = ScalarType::kF16;
constexpr ScalarType kBF16 = ScalarType::kBF16;
constexpr ScalarType kF32 = ScalarType::kF32;
constexpr ScalarType kF64 = ScalarType::kF64;
constexpr ScalarType kS8 = ScalarType::kS8;
constexpr ScalarType kU8 = ScalarType::kU8;
constexpr ScalarType kS16 = ScalarType::kS16;
constexpr ScalarType kU16 = ScalarType::kU16;
constexpr ScalarType kS32 = ScalarType::kS32;
constexpr ScalarType kU32 = ScalarType::kU32;
constexpr ScalarType kS64 = ScalarType::kS64;
constexpr ScalarType kU64 = ScalarType::kU64;

uint64_t Cvt(ScalarType dst, ScalarType src, Rounding rnd, uint64_t bits) {
  return Convert(dst, src, rnd, false, false, bits);
}

// --- Half widening ---------------------------------------------------------------------------

TEST(ConvertTest, EveryF16WidensExactlyToF32AndF64) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const long double want = F16Table().Value(static_cast<uint16_t>(h));
    const float got = F(Cvt(kF32, kF16, Rounding::kNone, h));
    const double got64 = D(Cvt(kF64, kF16, Rounding::kNone, h));
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << h;
      EXPECT_TRUE(std::isnan(got64)) << h;
      continue;
    }
    ASSERT_EQ(static_cast<long double>(got), want) << std::hex << h;
    ASSERT_EQ(std::signbit(got), (h & 0x8000) != 0) << std::hex << h;
    ASSERT_EQ(static_cast<long double>(got64), want) << std::hex << h;
  }
}

TEST(ConvertTest, EveryBF16WidensExactlyToF32) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const long double want = BF16Table().Value(static_cast<uint16_t>(h));
    const float got = F(Cvt(kF32, kBF16, Rounding::kNone, h));
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << h;
      continue;
    }
    ASSERT_EQ(static_cast<long double>(got), want) << std::hex << h;
    ASSERT_EQ(B(got), h << 16);
  }
}

TEST(ConvertTest, F16WideningIgnoresUpperRegisterBits) {
  EXPECT_EQ(Cvt(kF32, kF16, Rounding::kNone, 0xABCD3C00), B(1.0f));
}

// --- Narrowing to halves ---------------------------------------------------------------------

TEST(ConvertTest, F32ToF16EdgeCases) {
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(65504.0f)), 0x7BFFu);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(65519.0f)), 0x7BFFu);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(65520.0f)), 0x7C00u);  // the tie goes to inf
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRz, B(65520.0f)), 0x7BFFu);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRz, B(INFINITY)), 0x7C00u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRm, B(1e9f)), 0x7BFFu);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRm, B(-1e9f)), 0xFC00u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x1p-24f)), 0x0001u);  // smallest subnormal
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x1p-25f)), 0x0000u);  // tie to even (zero)
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x1.000002p-25f)), 0x0001u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x3p-25f)), 0x0002u);  // tie 1.5 ulp -> 2
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRm, B(-0x1p-40f)), 0x8001u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRp, B(0x1p-40f)), 0x0001u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRz, B(-0x1p-40f)), 0x8000u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(-0.0f)), 0x8000u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x1.ff8p-15f)), 0x03FFu);  // largest subnormal
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(0x1.ffcp-15f)), 0x0400u);  // tie: up to normal
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRz, B(0x1.ffep-15f)), 0x03FFu);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(1.0f + 0x1p-11f)), 0x3C00u);
  EXPECT_EQ(Cvt(kF16, kF32, Rounding::kRn, B(1.0f + 0x3p-11f)), 0x3C02u);
  const uint64_t nan = Cvt(kF16, kF32, Rounding::kRn, 0x7FC00001);
  EXPECT_GT(nan & 0x7FFF, 0x7C00u);
}

TEST(ConvertTest, F32ToF16MatchesReferenceInEveryMode) {
  Rng rng(1);
  for (int i = 0; i < 400000; ++i) {
    const uint32_t x = i % 2 ? rng.AnyF32() : B(rng.F32InRange(-30, 17));
    for (Rounding r : kModes) {
      const uint16_t want = F16Table().Round(static_cast<Q>(F(x)), r);
      const uint64_t got = Cvt(kF16, kF32, r, x);
      ASSERT_TRUE(testing::SameHalf(false, got, want))
          << std::hex << "x=" << x << " mode=" << static_cast<int>(r) << " got " << got << " want "
          << want;
    }
  }
}

TEST(ConvertTest, F64ToF16AndBF16MatchReferenceInEveryMode) {
  Rng rng(2);
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 ? rng.F64InRange(-30, 17) : rng.F64InRange(-140, 130);
    for (Rounding r : kModes) {
      ASSERT_EQ(Cvt(kF16, kF64, r, B(x)), F16Table().Round(static_cast<Q>(x), r)) << x;
      ASSERT_EQ(Cvt(kBF16, kF64, r, B(x)), BF16Table().Round(static_cast<Q>(x), r)) << x;
    }
  }
}

TEST(ConvertTest, F32ToBF16MatchesReferenceInEveryMode) {
  Rng rng(3);
  for (int i = 0; i < 400000; ++i) {
    const uint32_t x = rng.AnyF32();
    for (Rounding r : kModes) {
      const uint16_t want = BF16Table().Round(static_cast<Q>(F(x)), r);
      ASSERT_TRUE(testing::SameHalf(true, Cvt(kBF16, kF32, r, x), want)) << std::hex << x;
      ASSERT_TRUE(testing::SameHalf(true, F32ToBF16(F(x), r), want)) << std::hex << x;
    }
  }
}

TEST(ConvertTest, BF16RoundsTiesToEvenAndOverflowsToInfinity) {
  EXPECT_EQ(Cvt(kBF16, kF32, Rounding::kRn, 0x3F808000), 0x3F80u);  // tie, even stays
  EXPECT_EQ(Cvt(kBF16, kF32, Rounding::kRn, 0x3F818000), 0x3F82u);  // tie, odd rounds up
  EXPECT_EQ(Cvt(kBF16, kF32, Rounding::kRn, 0x7F7FFFFF), 0x7F80u);
  EXPECT_EQ(Cvt(kBF16, kF32, Rounding::kRz, 0x7F7FFFFF), 0x7F7Fu);
  EXPECT_EQ(Cvt(kBF16, kF32, Rounding::kRp, 0x00000001), 0x0001u);  // subnormals exist
}

TEST(ConvertTest, ReluClampsNegativesAndKeepsNaN) {
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(-3.0f), true), 0u);
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(-0.0f), true), 0u);
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(3.0f), true), 0x4200u);
  EXPECT_EQ(Convert(kBF16, kF32, Rounding::kRn, false, false, B(NAN), true), 0x7FFFu);
}

TEST(ConvertTest, SatfiniteClampsToTheLargestFiniteValue) {
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(1e6f), false, true), 0x7BFFu);
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(-INFINITY), false, true), 0xFBFFu);
  EXPECT_EQ(Convert(kBF16, kF32, Rounding::kRn, false, false, B(INFINITY), false, true), 0x7F7Fu);
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, false, B(NAN), false, true) & 0x7FFF,
            0x7FFFu);
}

TEST(ConvertTest, CvtPackPutsTheFirstSourceInTheHighHalf) {
  EXPECT_EQ(CvtPack(ScalarType::kF16x2, Rounding::kRn, false, false, B(1.0f), B(2.0f)),
            0x3C004000u);
  EXPECT_EQ(CvtPack(ScalarType::kBF16x2, Rounding::kRn, false, false, B(1.0f), B(-2.0f)),
            0x3F80C000u);
  EXPECT_EQ(CvtPack(ScalarType::kF16x2, Rounding::kRn, true, false, B(-1.0f), B(2.0f)),
            0x00004000u);
}

TEST(ConvertTest, TF32RoundsToTenFractionBitsInAnF32Container) {
  const ScalarType kTF32 = ScalarType::kTF32;
  EXPECT_EQ(Cvt(kTF32, kF32, Rounding::kRna, B(1.0f + 0x1p-11f)), 0x3F802000u);  // tie away
  EXPECT_EQ(Cvt(kTF32, kF32, Rounding::kRn, B(1.0f + 0x1p-11f)), 0x3F800000u);   // tie even
  EXPECT_EQ(Cvt(kTF32, kF32, Rounding::kRz, B(1.0f + 0x1.fp-11f)), 0x3F800000u);
  Rng rng(4);
  for (int i = 0; i < 200000; ++i) {
    const uint32_t x = B(rng.F32InRange(-120, 120));
    // The classic bit trick for round-half-away on finite values that do not overflow.
    const uint32_t want = (x + 0x1000u) & ~0x1FFFu;
    ASSERT_EQ(Cvt(kTF32, kF32, Rounding::kRna, x), want) << std::hex << x;
  }
}

// --- f64 <-> f32 -----------------------------------------------------------------------------

TEST(ConvertTest, F64ToF32MatchesReferenceInEveryMode) {
  Rng rng(5);
  for (int i = 0; i < 300000; ++i) {
    const double x = i % 3 == 0   ? rng.F64InRange(-160, -120)  // f32 subnormals
                     : i % 3 == 1 ? rng.F64InRange(120, 130)    // overflow
                                  : rng.F64InRange(-126, 127);
    for (Rounding r : kModes) {
      const float want = testing::RoundQ<float>(static_cast<Q>(x), r);
      ASSERT_EQ(Cvt(kF32, kF64, r, B(x)), B(want)) << x << " mode " << static_cast<int>(r);
    }
  }
}

TEST(ConvertTest, F32ToF64IsExactAndFtzFlushesSubnormalInputs) {
  EXPECT_EQ(Cvt(kF64, kF32, Rounding::kNone, 0x00000001), B(0x1p-149));
  EXPECT_EQ(Convert(kF64, kF32, Rounding::kNone, true, false, 0x80000001), B(-0.0));
  EXPECT_EQ(Cvt(kF64, kF32, Rounding::kNone, B(-INFINITY)), B(-static_cast<double>(INFINITY)));
  EXPECT_TRUE(std::isnan(D(Cvt(kF64, kF32, Rounding::kNone, 0x7FC00000))));
}

TEST(ConvertTest, FtzFlushesF32ResultsToSignedZero) {
  EXPECT_EQ(Convert(kF32, kF64, Rounding::kRn, true, false, B(-1e-40)), 0x80000000u);
  EXPECT_EQ(Convert(kF32, kF64, Rounding::kRn, false, false, B(-1e-40)),
            B(static_cast<float>(-1e-40)));
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, true, false, 0x00000005), 0u);
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, false, 0x00000005), 5u);
}

TEST(ConvertTest, SatClampsFloatResultsToTheUnitInterval) {
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, true, B(1.5f)), B(1.0f));
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, true, B(-2.0f)), B(0.0f));
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, true, B(-0.0f)), B(0.0f));
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, true, B(NAN)), B(0.0f));
  EXPECT_EQ(Convert(kF32, kF32, Rounding::kNone, false, true, B(0.25f)), B(0.25f));
  EXPECT_EQ(Convert(kF32, kS32, Rounding::kRn, false, true, 5), B(1.0f));
  EXPECT_EQ(Convert(kF16, kF32, Rounding::kRn, false, true, B(7.0f)), 0x3C00u);
  EXPECT_EQ(Convert(kF64, kF64, Rounding::kNone, false, true, B(-3.0)), 0u);
}

// --- Float -> float integer rounding ----------------------------------------------------------

TEST(ConvertTest, IntegerRoundingOfFloats) {
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(2.5f)), B(2.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(3.5f)), B(4.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(-0.5f)), B(-0.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRzi, B(-1.7f)), B(-1.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRmi, B(-1.2f)), B(-2.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRpi, B(1.2f)), B(2.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRpi, B(-0.2f)), B(-0.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRmi, B(0.2f)), B(0.0f));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(INFINITY)), B(INFINITY));
  EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(0x1.fffffep22f)), B(0x1p23f));
  EXPECT_EQ(Cvt(kF64, kF64, Rounding::kRni, B(4503599627370497.0)), B(4503599627370497.0));
  EXPECT_EQ(Cvt(kF16, kF16, Rounding::kRni, 0x3E00), 0x4000u);  // 1.5 -> 2
  EXPECT_TRUE(std::isnan(F(Cvt(kF32, kF32, Rounding::kRni, B(NAN)))));
  Rng rng(6);
  for (int i = 0; i < 100000; ++i) {
    const float x = rng.F32InRange(-3, 25);
    EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRni, B(x)), B(std::nearbyint(x)));
    EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRzi, B(x)), B(std::trunc(x)));
    EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRmi, B(x)), B(std::floor(x)));
    EXPECT_EQ(Cvt(kF32, kF32, Rounding::kRpi, B(x)), B(std::ceil(x)));
  }
}

// --- Float -> integer --------------------------------------------------------------------------

// The reference: round in long double, clamp to the type, NaN -> 0.
// NaN: what an H100 gives (tests/kernels/convert.cu): 0 from f32 into up to 32 bits, the sign-bit
// pattern into 64 bits and from f64 into any width.
uint64_t RefFloatToInt(ScalarType dst, long double x, Rounding r, bool from_f64) {
  if (std::isnan(x)) {
    const int w = static_cast<int>(SizeOf(dst)) * 8;
    return (from_f64 || w == 64) ? (1ull << (w - 1)) : 0;
  }
  long double v;
  switch (r) {
    case Rounding::kRni:
      v = std::nearbyint(x);
      break;
    case Rounding::kRmi:
      v = std::floor(x);
      break;
    case Rounding::kRpi:
      v = std::ceil(x);
      break;
    default:
      v = std::trunc(x);
      break;
  }
  const int w = BitWidth(dst);
  if (IsSignedInt(dst)) {
    const long double hi = std::ldexp(1.0L, w - 1) - 1, lo = -std::ldexp(1.0L, w - 1);
    v = std::clamp(v, lo, hi);
    return static_cast<uint64_t>(static_cast<int64_t>(v)) & WidthMask(w);
  }
  v = std::clamp(v, 0.0L, std::ldexp(1.0L, w) - 1);
  return static_cast<uint64_t>(v);
}

TEST(ConvertTest, FloatToIntegerEdgeCases) {
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRni, B(2.5f)), 2u);
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRni, B(-2.5f)), static_cast<uint32_t>(-2));
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRni, B(-3.5f)), static_cast<uint32_t>(-4));
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRzi, B(1e10f)), 0x7FFFFFFFu);
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRzi, B(-1e10f)), 0x80000000u);
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRzi, B(2147483648.0f)), 0x7FFFFFFFu);
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRzi, B(-2147483648.0f)), 0x80000000u);
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kRzi, B(NAN)), 0u);
  EXPECT_EQ(Cvt(kU32, kF32, Rounding::kRzi, B(-1.5f)), 0u);
  EXPECT_EQ(Cvt(kU32, kF32, Rounding::kRmi, B(-0.5f)), 0u);
  EXPECT_EQ(Cvt(kU32, kF32, Rounding::kRzi, B(INFINITY)), 0xFFFFFFFFu);
  EXPECT_EQ(Cvt(kU32, kF32, Rounding::kRzi, B(4294967296.0f)), 0xFFFFFFFFu);
  EXPECT_EQ(Cvt(kS64, kF64, Rounding::kRzi, B(9.3e18)), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(Cvt(kS64, kF64, Rounding::kRzi, B(-9.3e18)), 0x8000000000000000ull);
  EXPECT_EQ(Cvt(kU64, kF64, Rounding::kRzi, B(1.9e19)), ~0ull);
  EXPECT_EQ(Cvt(kU64, kF64, Rounding::kRzi, B(1.8e19)), 18000000000000000000ull);
  EXPECT_EQ(Cvt(kS16, kF32, Rounding::kRni, B(40000.0f)), 0x7FFFu);
  EXPECT_EQ(Cvt(kS16, kF32, Rounding::kRni, B(-40000.0f)), 0x8000u);
  EXPECT_EQ(Cvt(kU8, kF32, Rounding::kRni, B(255.4f)), 0xFFu);
  EXPECT_EQ(Cvt(kU8, kF32, Rounding::kRni, B(300.0f)), 0xFFu);
  EXPECT_EQ(Cvt(kS8, kF16, Rounding::kRzi, 0xD800), 0x80u);                          // -128.0
  EXPECT_EQ(Cvt(kS32, kF16, Rounding::kRzi, 0x7C00), 0x7FFFFFFFu);                   // +inf
  EXPECT_EQ(Cvt(kS32, kF32, Rounding::kNone, B(-7.9f)), static_cast<uint32_t>(-7));  // rzi
  // .ftz flushes the input: a subnormal rounds up to 1 without it, to 0 with it.
  EXPECT_EQ(Convert(kS32, kF32, Rounding::kRpi, false, false, 1), 1u);
  EXPECT_EQ(Convert(kS32, kF32, Rounding::kRpi, true, false, 1), 0u);
}

TEST(ConvertTest, FloatToIntegerMatchesReference) {
  const ScalarType kInts[] = {kS8, kU8, kS16, kU16, kS32, kU32, kS64, kU64};
  const Rounding kIntModes[] = {Rounding::kRni, Rounding::kRzi, Rounding::kRmi, Rounding::kRpi};
  Rng rng(7);
  for (int i = 0; i < 50000; ++i) {
    const float xf = i % 2 ? rng.F32InRange(-2, 66) : F(rng.AnyF32());
    const double xd = i % 2 ? rng.F64InRange(-2, 66) : rng.F64InRange(-1074, 1023);
    for (ScalarType t : kInts) {
      for (Rounding r : kIntModes) {
        ASSERT_EQ(Cvt(t, kF32, r, B(xf)), RefFloatToInt(t, xf, r, false)) << xf;
        ASSERT_EQ(Cvt(t, kF64, r, B(xd)), RefFloatToInt(t, xd, r, true)) << xd;
      }
    }
  }
}

// --- Integer -> float --------------------------------------------------------------------------

TEST(ConvertTest, IntegerToFloatMatchesReferenceInEveryMode) {
  Rng rng(8);
  for (int i = 0; i < 100000; ++i) {
    // Values of every magnitude: shift a random 64-bit value right by a random amount.
    const uint64_t u = rng.U64() >> (rng.U64() % 64);
    const int64_t s = static_cast<int64_t>(rng.U64()) >> (rng.U64() % 64);
    for (Rounding r : kModes) {
      ASSERT_EQ(Cvt(kF32, kU64, r, u), B(testing::RoundQ<float>(static_cast<Q>(u), r))) << u;
      ASSERT_EQ(Cvt(kF64, kU64, r, u), B(testing::RoundQ<double>(static_cast<Q>(u), r))) << u;
      ASSERT_EQ(Cvt(kF32, kS64, r, static_cast<uint64_t>(s)),
                B(testing::RoundQ<float>(static_cast<Q>(s), r)))
          << s;
      ASSERT_EQ(Cvt(kF64, kS64, r, static_cast<uint64_t>(s)),
                B(testing::RoundQ<double>(static_cast<Q>(s), r)))
          << s;
      const int32_t s32 = static_cast<int32_t>(s);
      ASSERT_EQ(Cvt(kF32, kS32, r, static_cast<uint32_t>(s32)),
                B(testing::RoundQ<float>(static_cast<Q>(s32), r)))
          << s32;
      ASSERT_EQ(Cvt(kF16, kS32, r, static_cast<uint32_t>(s32)),
                F16Table().Round(static_cast<Q>(s32), r))
          << s32;
      ASSERT_EQ(Cvt(kBF16, kU64, r, u), BF16Table().Round(static_cast<Q>(u), r)) << u;
    }
  }
}

TEST(ConvertTest, IntegerToFloatReadsOnlyTheSourceWidth) {
  EXPECT_EQ(Cvt(kF32, kS8, Rounding::kRn, 0xFFFFFF80), B(-128.0f));
  EXPECT_EQ(Cvt(kF32, kU8, Rounding::kRn, 0xFFFFFF80), B(128.0f));
  EXPECT_EQ(Cvt(kF32, kS16, Rounding::kRn, 0x12348000), B(-32768.0f));
  EXPECT_EQ(Cvt(kF64, kS32, Rounding::kRn, 0xFFFFFFFF), B(-1.0));
  EXPECT_EQ(Cvt(kF32, kU32, Rounding::kRn, 0), 0u);  // +0
  EXPECT_EQ(Cvt(kF32, kU32, Rounding::kRz, 0xFFFFFFFF), B(0x1.fffffep31f));
  EXPECT_EQ(Cvt(kF32, kU32, Rounding::kRn, 0xFFFFFFFF), B(0x1p32f));
  EXPECT_EQ(Cvt(kF16, kU32, Rounding::kRn, 70000), 0x7C00u);  // overflow
  EXPECT_EQ(Cvt(kF16, kU32, Rounding::kRz, 70000), 0x7BFFu);
  EXPECT_EQ(Cvt(kF32, kS64, Rounding::kRn, 0x8000000000000000ull), B(-0x1p63f));
}

// --- Integer -> integer ------------------------------------------------------------------------

TEST(ConvertTest, IntegerToIntegerTruncatesAndExtendsBySourceSignedness) {
  EXPECT_EQ(Cvt(kS32, kS8, Rounding::kNone, 0x80), 0xFFFFFF80u);
  EXPECT_EQ(Cvt(kU32, kS8, Rounding::kNone, 0xFF), 0xFFFFFFFFu);
  EXPECT_EQ(Cvt(kU32, kU8, Rounding::kNone, 0x1FF), 0xFFu);
  EXPECT_EQ(Cvt(kU8, kU32, Rounding::kNone, 0x1FF), 0xFFu);
  EXPECT_EQ(Cvt(kS64, kS32, Rounding::kNone, 0x80000000), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(Cvt(kS64, kU32, Rounding::kNone, 0xFFFFFFFF80000000ull), 0x80000000ull);
  EXPECT_EQ(Cvt(kU16, kS64, Rounding::kNone, 0xFFFFFFFFFFFF1234ull), 0x1234u);
  EXPECT_EQ(Cvt(kS16, kS8, Rounding::kNone, 0xF0), 0xFFF0u);
}

TEST(ConvertTest, IntegerSatClampsToTheDestinationRange) {
  auto sat = [](ScalarType d, ScalarType s, uint64_t v) {
    return Convert(d, s, Rounding::kNone, false, true, v);
  };
  EXPECT_EQ(sat(kU8, kS32, static_cast<uint32_t>(-5)), 0u);
  EXPECT_EQ(sat(kU8, kS32, 300), 255u);
  EXPECT_EQ(sat(kS8, kS32, static_cast<uint32_t>(-300)), 0x80u);
  EXPECT_EQ(sat(kS8, kS32, 300), 0x7Fu);
  EXPECT_EQ(sat(kS8, kS32, static_cast<uint32_t>(-100)), 0x9Cu);
  EXPECT_EQ(sat(kS32, kU32, 0x80000000), 0x7FFFFFFFu);
  EXPECT_EQ(sat(kU32, kS64, ~0ull), 0u);
  EXPECT_EQ(sat(kU32, kS32, 0x80000000), 0u);
  EXPECT_EQ(sat(kU64, kS64, 0x8000000000000000ull), 0u);
  EXPECT_EQ(sat(kS64, kU64, ~0ull), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(sat(kU16, kU64, 0x10000), 0xFFFFu);
  EXPECT_EQ(sat(kS32, kS64, 0x123456789ull), 0x7FFFFFFFu);
  EXPECT_EQ(sat(kS64, kS32, 0xFFFFFFFF), ~0ull);  // widening never saturates
}

TEST(ConvertTest, DirectedRoundingLeavesTheHostRoundingModeAlone) {
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  Cvt(kF32, kF64, Rounding::kRz, B(0.1));
  Cvt(kF16, kF32, Rounding::kRp, B(0.1f));
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

}  // namespace
}  // namespace cudashim::simt
