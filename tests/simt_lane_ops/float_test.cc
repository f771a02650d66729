// f32 and f64: add sub mul div fma sqrt rcp with every rounding, min/max/copysign, the .approx
// functions, setp comparisons and testp.

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"
#include "tests/simt_lane_ops/reference.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::Rounding;
using ptx::ScalarType;
using testing::B;
using testing::D;
using testing::F;
using testing::kModes;
using testing::Mods;
using testing::Q;
using testing::Rng;
using testing::RoundQ;

constexpr ScalarType kF32 = ScalarType::kF32;
constexpr ScalarType kF64 = ScalarType::kF64;

uint64_t Op32(Opcode op, Rounding r, float a, float b) {
  return FloatBinary(op, kF32, Mods(r), B(a), B(b));
}
uint64_t Op64(Opcode op, Rounding r, double a, double b) {
  return FloatBinary(op, kF64, Mods(r), B(a), B(b));
}

Q Exact(Opcode op, Q a, Q b) {
  switch (op) {
    case Opcode::kAdd:
      return a + b;
    case Opcode::kSub:
      return a - b;
    case Opcode::kMul:
      return a * b;
    default:
      return a / b;
  }
}

// --- Arithmetic with rounding modes ---------------------------------------------------------

TEST(FloatTest, F32ArithmeticMatchesReferenceInEveryMode) {
  Rng rng(11);
  const Opcode kOps[] = {Opcode::kAdd, Opcode::kSub, Opcode::kMul, Opcode::kDiv};
  for (int i = 0; i < 200000; ++i) {
    // Operands close enough in magnitude that a quad holds the exact sum; products and
    // quotients over the whole range (they are exact, or never ties, in a quad).
    const float a = rng.F32InRange(-40, 40), b = rng.F32InRange(-40, 40);
    const float c = F(rng.AnyF32()), d = F(rng.AnyF32());
    for (Opcode op : kOps) {
      for (Rounding r : kModes) {
        const float want = RoundQ<float>(Exact(op, a, b), r);
        ASSERT_TRUE(testing::SameF32(Op32(op, r, a, b), B(want)))
            << a << " op " << static_cast<int>(op) << " " << b << " mode " << static_cast<int>(r);
        if (op == Opcode::kMul || op == Opcode::kDiv) {
          const float want2 = RoundQ<float>(Exact(op, c, d), r);
          ASSERT_TRUE(testing::SameF32(Op32(op, r, c, d), B(want2)))
              << c << " op " << static_cast<int>(op) << " " << d << " mode " << static_cast<int>(r);
        }
      }
    }
  }
}

TEST(FloatTest, F32FmaRoundsOnceInEveryMode) {
  Rng rng(12);
  for (int i = 0; i < 200000; ++i) {
    const float a = rng.F32InRange(-20, 20), b = rng.F32InRange(-20, 20);
    const float c = rng.F32InRange(-40, 40);
    for (Rounding r : kModes) {
      const float want = RoundQ<float>(static_cast<Q>(a) * b + c, r);
      ASSERT_TRUE(testing::SameF32(FloatFma(kF32, Mods(r), B(a), B(b), B(c)), B(want)))
          << a << "*" << b << "+" << c << " mode " << static_cast<int>(r);
    }
  }
  // The product is not rounded before the add.
  const float a = 1.0f + 0x1p-12f;
  EXPECT_EQ(FloatFma(kF32, Mods(Rounding::kRn), B(a), B(a), B(-1.0f)), B(0x1.0008p-11f));
}

TEST(FloatTest, F32SqrtAndRcpMatchReferenceInEveryMode) {
  Rng rng(13);
  for (int i = 0; i < 200000; ++i) {
    float x = std::fabs(F(rng.AnyF32()));
    if (std::isnan(x)) x = 2.0f;
    const float y = F(rng.AnyF32());
    for (Rounding r : kModes) {
      const float want_sqrt =
          std::isinf(x) ? x
                        : RoundQ<float>(static_cast<Q>(std::sqrt(static_cast<long double>(x))), r);
      // sqrt: a long double root is within 2^-64 relative, never on a tie of a float.
      const uint64_t got = FloatUnary(Opcode::kSqrt, kF32, Mods(r), B(x));
      const long double exact_sq = static_cast<long double>(F(got)) * F(got);
      // Check the defining property instead of trusting long double rounding near ties.
      if (r == Rounding::kRz || r == Rounding::kRm) {
        ASSERT_LE(exact_sq, static_cast<long double>(x)) << x;
      } else if (r == Rounding::kRp) {
        ASSERT_GE(exact_sq, static_cast<long double>(x)) << x;
      }
      ASSERT_TRUE(testing::SameF32(got, B(want_sqrt))) << x << " mode " << static_cast<int>(r);
      const float want_rcp = RoundQ<float>(static_cast<Q>(1) / y, r);
      ASSERT_TRUE(testing::SameF32(FloatUnary(Opcode::kRcp, kF32, Mods(r), B(y)), B(want_rcp)))
          << y << " mode " << static_cast<int>(r);
    }
  }
}

TEST(FloatTest, DirectedRoundingSeesOperandsFarBelowTheResult) {
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRp, 1.0f, 1e-30f), B(std::nextafter(1.0f, 2.0f)));
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRz, 1.0f, 1e-30f), B(1.0f));
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRz, 1.0f, -1e-30f), B(std::nextafter(1.0f, 0.0f)));
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRm, 1.0f, -0x1p-149f), B(std::nextafter(1.0f, 0.0f)));
  EXPECT_EQ(Op32(Opcode::kSub, Rounding::kRm, -1.0f, 0x1p-149f), B(std::nextafter(-1.0f, -2.0f)));
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRn, 1.0f, 1e-30f), B(1.0f));
  EXPECT_EQ(Op64(Opcode::kAdd, Rounding::kRp, 1.0, 1e-300), B(std::nextafter(1.0, 2.0)));
  EXPECT_EQ(Op64(Opcode::kAdd, Rounding::kRz, -1.0, -1e-300), B(-1.0));
  EXPECT_EQ(Op64(Opcode::kAdd, Rounding::kRm, -1.0, -1e-300), B(std::nextafter(-1.0, -2.0)));
}

TEST(FloatTest, OverflowGoesToInfinityOrTheLargestFiniteByMode) {
  const float max = std::numeric_limits<float>::max();
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRn, max, 2.0f), B(INFINITY));
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRz, max, 2.0f), B(max));
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRm, max, 2.0f), B(max));
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRm, -max, 2.0f), B(-INFINITY));
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRp, -max, 2.0f), B(-max));
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRz, INFINITY, 2.0f), B(INFINITY));  // exact infinity
  const double dmax = std::numeric_limits<double>::max();
  EXPECT_EQ(Op64(Opcode::kAdd, Rounding::kRz, dmax, dmax), B(dmax));
  EXPECT_EQ(Op64(Opcode::kAdd, Rounding::kRn, dmax, dmax), B(static_cast<double>(INFINITY)));
}

TEST(FloatTest, ExactZeroSumIsNegativeOnlyWhenRoundingDown) {
  for (Rounding r : kModes) {
    const uint32_t want = r == Rounding::kRm ? 0x80000000u : 0u;
    EXPECT_EQ(Op32(Opcode::kAdd, r, 1.0f, -1.0f), want) << static_cast<int>(r);
    EXPECT_EQ(Op32(Opcode::kSub, r, 2.5f, 2.5f), want) << static_cast<int>(r);
    EXPECT_EQ(Op32(Opcode::kAdd, r, 0.0f, -0.0f), want) << static_cast<int>(r);
    EXPECT_EQ(Op32(Opcode::kAdd, r, -0.0f, -0.0f), 0x80000000u) << static_cast<int>(r);
    EXPECT_EQ(FloatFma(kF32, Mods(r), B(2.0f), B(3.0f), B(-6.0f)), want) << static_cast<int>(r);
    EXPECT_EQ(Op64(Opcode::kAdd, r, 1.0, -1.0), static_cast<uint64_t>(want) << 32)
        << static_cast<int>(r);
  }
}

TEST(FloatTest, F64ArithmeticMatchesReferenceInEveryMode) {
  Rng rng(14);
  const Opcode kOps[] = {Opcode::kAdd, Opcode::kSub, Opcode::kMul, Opcode::kDiv};
  for (int i = 0; i < 100000; ++i) {
    const double a = rng.F64InRange(-25, 25), b = rng.F64InRange(-25, 25);
    const double c = rng.F64InRange(-1074, 1023), d = rng.F64InRange(-1074, 1023);
    for (Opcode op : kOps) {
      for (Rounding r : kModes) {
        ASSERT_TRUE(testing::SameF64(Op64(op, r, a, b), B(RoundQ<double>(Exact(op, a, b), r))))
            << a << " op " << static_cast<int>(op) << " " << b << " mode " << static_cast<int>(r);
        if (op == Opcode::kMul || op == Opcode::kDiv) {
          ASSERT_TRUE(testing::SameF64(Op64(op, r, c, d), B(RoundQ<double>(Exact(op, c, d), r))))
              << c << " op " << static_cast<int>(op) << " " << d;
        }
      }
    }
    const double s = std::fabs(c);
    for (Rounding r : kModes) {
      const uint64_t got = FloatUnary(Opcode::kSqrt, kF64, Mods(r), B(s));
      const Q sq = static_cast<Q>(D(got)) * D(got);  // exact in a quad
      if (r == Rounding::kRz || r == Rounding::kRm) {
        EXPECT_LE(sq, static_cast<Q>(s));
      }
      if (r == Rounding::kRp) {
        EXPECT_GE(sq, static_cast<Q>(s));
      }
      if (r != Rounding::kRn) {
        // The neighbour on the other side is on the other side of the root.
        const double other = std::nextafter(D(got), r == Rounding::kRp ? 0.0 : INFINITY);
        const Q osq = static_cast<Q>(other) * other;
        if (r == Rounding::kRp) {
          EXPECT_LT(osq, static_cast<Q>(s)) << s;
        } else {
          EXPECT_GT(osq, static_cast<Q>(s)) << s;
        }
      }
    }
  }
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

TEST(FloatTest, F64FmaDirectedRoundingBracketsTheNearestResult) {
  Rng rng(15);
  for (int i = 0; i < 50000; ++i) {
    const double a = rng.F64InRange(-30, 30), b = rng.F64InRange(-30, 30);
    const double c = rng.F64InRange(-60, 60);
    const double rn = D(FloatFma(kF64, Mods(Rounding::kRn), B(a), B(b), B(c)));
    const double rm = D(FloatFma(kF64, Mods(Rounding::kRm), B(a), B(b), B(c)));
    const double rp = D(FloatFma(kF64, Mods(Rounding::kRp), B(a), B(b), B(c)));
    const double rz = D(FloatFma(kF64, Mods(Rounding::kRz), B(a), B(b), B(c)));
    ASSERT_EQ(rn, std::fma(a, b, c));
    ASSERT_LE(rm, rn);
    ASSERT_GE(rp, rn);
    ASSERT_TRUE(rm == rp || std::nextafter(rm, INFINITY) == rp);
    ASSERT_EQ(rz, rn >= 0 ? rm : rp);
  }
  EXPECT_EQ(FloatFma(kF64, Mods(Rounding::kRp), B(1.0), B(1.0), B(1e-300)),
            B(std::nextafter(1.0, 2.0)));
  EXPECT_EQ(FloatFma(kF64, Mods(Rounding::kRz), B(1.0), B(1.0), B(-1e-300)),
            B(std::nextafter(1.0, 0.0)));
}

// --- ftz and sat ------------------------------------------------------------------------------

TEST(FloatTest, FtzFlushesSubnormalInputsAndResults) {
  const float sub = 0x1p-140f;
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, Mods(Rounding::kRn, true), B(sub), B(0.0f)), 0u);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, Mods(Rounding::kRn, false), B(sub), B(0.0f)), B(sub));
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF32, Mods(Rounding::kRn, true), B(-0x1p-70f), B(0x1p-70f)),
            0x80000000u);
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF32, Mods(Rounding::kRn, false), B(-0x1p-70f), B(0x1p-70f)),
            B(-0x1p-140f));
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF32, Mods(Rounding::kRz, true), B(0x1p-70f), B(0x1p-70f)),
            0u);
  // Flushing happens after rounding: a result that rounds up to the smallest normal stays.
  EXPECT_EQ(
      FloatBinary(Opcode::kMul, kF32, Mods(Rounding::kRp, true), B(0x1.fffffep-64f), B(0x1p-63f)),
      B(0x1p-126f));
  EXPECT_EQ(FloatFma(kF32, Mods(Rounding::kRn, true), B(sub), B(1e30f), B(1.0f)), B(1.0f));
  EXPECT_TRUE(FloatCompare(ptx::CmpOp::kEq, kF32, B(sub), 0, true));
  EXPECT_FALSE(FloatCompare(ptx::CmpOp::kEq, kF32, B(sub), 0, false));
}

TEST(FloatTest, SatClampsToTheUnitIntervalAndNaNToZero) {
  const auto sat = Mods(Rounding::kRn, false, true);
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, sat, B(0.5f), B(0.75f)), B(1.0f));
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, sat, B(-1.0f), B(0.5f)), B(0.0f));
  EXPECT_EQ(FloatBinary(Opcode::kMul, kF32, sat, B(-0.0f), B(1.0f)), B(0.0f));
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, sat, B(INFINITY), B(-INFINITY)), B(0.0f));
  EXPECT_EQ(FloatBinary(Opcode::kAdd, kF32, sat, B(0.25f), B(0.25f)), B(0.5f));
  EXPECT_EQ(FloatFma(kF32, sat, B(2.0f), B(2.0f), B(0.0f)), B(1.0f));
  EXPECT_EQ(FloatUnary(
                Opcode::kEx2, kF32,
                [] {
                  auto m = Mods(Rounding::kNone, false, true);
                  m.approx = true;
                  return m;
                }(),
                B(3.0f)),
            B(1.0f));
}

TEST(FloatTest, NaNResultsAreCanonical) {
  EXPECT_EQ(Op32(Opcode::kAdd, Rounding::kRn, NAN, 1.0f), 0x7FFFFFFFu);
  EXPECT_EQ(Op32(Opcode::kMul, Rounding::kRn, 0.0f, INFINITY), 0x7FFFFFFFu);
  EXPECT_EQ(Op32(Opcode::kDiv, Rounding::kRz, 0.0f, 0.0f), 0x7FFFFFFFu);
  EXPECT_EQ(Op32(Opcode::kDiv, Rounding::kRn, 1.0f, 0.0f), B(INFINITY));
  EXPECT_EQ(Op32(Opcode::kDiv, Rounding::kRn, -1.0f, 0.0f), B(-INFINITY));
  EXPECT_TRUE(std::isnan(D(Op64(Opcode::kSub, Rounding::kRn, INFINITY, INFINITY))));
}

// --- div.approx / div.full -----------------------------------------------------------------

TEST(FloatTest, DivApproxIsZeroForDivisorsAboveTwoToThe126) {
  auto approx = Mods();
  approx.approx = true;
  auto full = Mods();
  full.full = true;
  EXPECT_EQ(FloatBinary(Opcode::kDiv, kF32, approx, B(1.0f), B(0x1p127f)), 0u);
  EXPECT_EQ(FloatBinary(Opcode::kDiv, kF32, approx, B(-1.0f), B(0x1p127f)), 0x80000000u);
  EXPECT_TRUE(std::isnan(F(FloatBinary(Opcode::kDiv, kF32, approx, B(INFINITY), B(0x1p127f)))));
  EXPECT_EQ(FloatBinary(Opcode::kDiv, kF32, full, B(1.0f), B(0x1p127f)), B(0x1p-127f));
  EXPECT_EQ(FloatBinary(Opcode::kDiv, kF32, approx, B(1.0f), B(3.0f)), B(1.0f / 3.0f));
  EXPECT_EQ(FloatBinary(Opcode::kDiv, kF32, approx, B(6.0f), B(INFINITY)), 0u);
}

// --- min / max / copysign ---------------------------------------------------------------------

TEST(FloatTest, MinMaxReturnTheNumberWhenOneIsNaN) {
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, NAN, 2.0f), B(2.0f));
  EXPECT_EQ(Op32(Opcode::kMax, Rounding::kNone, 2.0f, NAN), B(2.0f));
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, NAN, NAN), 0x7FFFFFFFu);
  EXPECT_EQ(Op64(Opcode::kMax, Rounding::kNone, 3.0, NAN), B(3.0));
  auto nan = Mods();
  nan.nan = true;
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF32, nan, B(NAN), B(2.0f)), 0x7FFFFFFFu);
  EXPECT_EQ(FloatBinary(Opcode::kMax, kF32, nan, B(1.0f), B(2.0f)), B(2.0f));
}

TEST(FloatTest, MinMaxOrderNegativeZeroBelowPositiveZero) {
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, 0.0f, -0.0f), B(-0.0f));
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, -0.0f, 0.0f), B(-0.0f));
  EXPECT_EQ(Op32(Opcode::kMax, Rounding::kNone, -0.0f, 0.0f), B(0.0f));
  EXPECT_EQ(Op64(Opcode::kMax, Rounding::kNone, 0.0, -0.0), B(0.0));
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, -INFINITY, -3.0f), B(-INFINITY));
  EXPECT_EQ(Op32(Opcode::kMax, Rounding::kNone, -5.0f, -3.0f), B(-3.0f));
  EXPECT_EQ(Op32(Opcode::kMin, Rounding::kNone, 0x1p-149f, 0.0f), B(0.0f));
  EXPECT_EQ(FloatBinary(Opcode::kMax, kF32, Mods(Rounding::kNone, true), B(-0x1p-149f), B(-0.0f)),
            B(-0.0f));
  Rng rng(16);
  for (int i = 0; i < 100000; ++i) {
    const float a = F(rng.AnyF32()), b = F(rng.AnyF32());
    if (std::isnan(a) || std::isnan(b)) continue;
    ASSERT_EQ(F(Op32(Opcode::kMin, Rounding::kNone, a, b)), std::fmin(a, b));
    ASSERT_EQ(F(Op32(Opcode::kMax, Rounding::kNone, a, b)), std::fmax(a, b));
  }
}

TEST(FloatTest, MinMaxXorsignAbs) {
  auto m = Mods();
  m.xorsign = true;
  m.abs = true;
  EXPECT_EQ(FloatBinary(Opcode::kMax, kF32, m, B(-3.0f), B(2.0f)), B(-3.0f));
  EXPECT_EQ(FloatBinary(Opcode::kMax, kF32, m, B(-3.0f), B(-2.0f)), B(3.0f));
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF32, m, B(-3.0f), B(2.0f)), B(-2.0f));
  EXPECT_EQ(FloatBinary(Opcode::kMin, kF32, m, B(NAN), B(-2.0f)) & 0x7FFFFFFF, B(2.0f));
}

TEST(FloatTest, CopysignTakesTheSignFromTheFirstOperand) {
  EXPECT_EQ(Op32(Opcode::kCopysign, Rounding::kNone, -1.0f, 5.0f), B(-5.0f));
  EXPECT_EQ(Op32(Opcode::kCopysign, Rounding::kNone, 1.0f, -5.0f), B(5.0f));
  EXPECT_EQ(Op64(Opcode::kCopysign, Rounding::kNone, -0.0, 2.0), B(-2.0));
  EXPECT_EQ(Op32(Opcode::kCopysign, Rounding::kNone, -1.0f, NAN) & 0x80000000u, 0x80000000u);
}

// --- abs / neg and the .approx functions ------------------------------------------------------

TEST(FloatTest, AbsAndNegFlipOnlyTheSignBit) {
  EXPECT_EQ(FloatUnary(Opcode::kAbs, kF32, Mods(), B(-0.0f)), 0u);
  EXPECT_EQ(FloatUnary(Opcode::kNeg, kF32, Mods(), B(0.0f)), 0x80000000u);
  EXPECT_EQ(FloatUnary(Opcode::kNeg, kF32, Mods(), 0x00000001), 0x80000001u);
  EXPECT_EQ(FloatUnary(Opcode::kNeg, kF32, Mods(Rounding::kNone, true), 0x00000001), 0x80000000u);
  EXPECT_EQ(FloatUnary(Opcode::kAbs, kF32, Mods(Rounding::kNone, true), 0x80000001), 0u);
  EXPECT_EQ(FloatUnary(Opcode::kAbs, kF64, Mods(), B(-2.0)), B(2.0));
  EXPECT_EQ(FloatUnary(Opcode::kNeg, kF64, Mods(), B(2.0)), B(-2.0));
}

ptx::Modifiers Approx(bool ftz = false) {
  auto m = Mods(Rounding::kNone, ftz);
  m.approx = true;
  return m;
}

float Ulp(float x) {
  x = std::fabs(x);
  return std::nextafter(x, INFINITY) - x;
}

TEST(FloatTest, ApproxFunctionsStayWithinTheDocumentedErrors) {
  Rng rng(17);
  for (int i = 0; i < 200000; ++i) {
    const float x = rng.F32InRange(-20, 6);
    const long double lx = x;
    // ex2: 2 ulp documented; cudashim's (ex2_approx.h) stays within 1 ulp of the exact value.
    const float e = F(FloatUnary(Opcode::kEx2, kF32, Approx(), B(x)));
    const long double ee = std::exp2(lx);
    if (ee < 0x1p127L && ee > 0x1p-126L) {
      ASSERT_LE(std::fabs(e - ee), 2 * Ulp(e)) << x;
      ASSERT_LE(std::fabs(e - ee), Ulp(static_cast<float>(ee))) << x;
    }
    // lg2: 2^-22 absolute/relative.
    const float ax = std::fabs(x);
    const float l = F(FloatUnary(Opcode::kLg2, kF32, Approx(), B(ax)));
    const long double le = std::log2(static_cast<long double>(ax));
    ASSERT_LE(std::fabs(l - le), std::max(0x1p-22L, std::fabs(le) * 0x1p-22L)) << ax;
    // sin/cos: 2^-20.5 absolute in [-pi, pi].
    const float t = static_cast<float>(std::fmod(x, 3.14159265f));
    const float s = F(FloatUnary(Opcode::kSin, kF32, Approx(), B(t)));
    const float c = F(FloatUnary(Opcode::kCos, kF32, Approx(), B(t)));
    ASSERT_LE(std::fabs(s - std::sin(static_cast<long double>(t))), 0x1.6a09e6p-21L) << t;
    ASSERT_LE(std::fabs(c - std::cos(static_cast<long double>(t))), 0x1.6a09e6p-21L) << t;
    // tanh: 2^-11 relative.
    const float th = F(FloatUnary(Opcode::kTanh, kF32, Approx(), B(x)));
    const long double the = std::tanh(lx);
    ASSERT_LE(std::fabs(th - the), std::fabs(the) * 0x1p-11L) << x;
    // rsqrt: 2^-22.9 relative; rcp.approx and sqrt.approx: 1 ulp.
    const float rs = F(FloatUnary(Opcode::kRsqrt, kF32, Approx(), B(ax)));
    const long double rse = 1.0L / std::sqrt(static_cast<long double>(ax));
    ASSERT_LE(std::fabs(rs - rse), rse * 0x1.1p-23L) << ax;
    const float rc = F(FloatUnary(Opcode::kRcp, kF32, Approx(), B(x)));
    ASSERT_LE(std::fabs(rc - 1.0L / lx), Ulp(rc)) << x;
    const float sq = F(FloatUnary(Opcode::kSqrt, kF32, Approx(), B(ax)));
    ASSERT_LE(std::fabs(sq - std::sqrt(static_cast<long double>(ax))), Ulp(sq)) << ax;
  }
}

TEST(FloatTest, ApproxFunctionsSpecialValues) {
  auto u = [](Opcode op, float x, bool ftz = false) {
    return FloatUnary(op, kF32, Approx(ftz), B(x));
  };
  EXPECT_EQ(u(Opcode::kLg2, 0.0f), B(-INFINITY));
  EXPECT_EQ(u(Opcode::kLg2, -0.0f), B(-INFINITY));
  EXPECT_TRUE(std::isnan(F(u(Opcode::kLg2, -1.0f))));
  EXPECT_EQ(u(Opcode::kLg2, INFINITY), B(INFINITY));
  EXPECT_EQ(u(Opcode::kLg2, 0x1p-140f, true), B(-INFINITY));  // flushed to zero
  EXPECT_EQ(u(Opcode::kLg2, 0x1p-140f), B(-140.0f));
  EXPECT_EQ(u(Opcode::kEx2, -INFINITY), 0u);
  EXPECT_EQ(u(Opcode::kEx2, INFINITY), B(INFINITY));
  EXPECT_EQ(u(Opcode::kEx2, 10.0f), B(1024.0f));
  EXPECT_EQ(u(Opcode::kEx2, -140.0f), B(0x1p-140f));
  EXPECT_EQ(u(Opcode::kEx2, -140.0f, true), 0u);
  EXPECT_EQ(u(Opcode::kRsqrt, 0.0f), B(INFINITY));
  EXPECT_EQ(u(Opcode::kRsqrt, -0.0f), B(-INFINITY));
  EXPECT_EQ(u(Opcode::kRsqrt, INFINITY), 0u);
  EXPECT_TRUE(std::isnan(F(u(Opcode::kRsqrt, -4.0f))));
  EXPECT_EQ(u(Opcode::kRcp, -0.0f), B(-INFINITY));
  EXPECT_EQ(u(Opcode::kRcp, INFINITY), 0u);
  EXPECT_TRUE(std::isnan(F(u(Opcode::kSin, INFINITY))));
  EXPECT_TRUE(std::isnan(F(u(Opcode::kCos, -INFINITY))));
  EXPECT_EQ(u(Opcode::kSin, -0.0f), B(-0.0f));
  EXPECT_EQ(u(Opcode::kTanh, INFINITY), B(1.0f));
  EXPECT_EQ(u(Opcode::kTanh, -0.0f), B(-0.0f));
  EXPECT_EQ(u(Opcode::kSqrt, -0.0f), B(-0.0f));
  EXPECT_TRUE(std::isnan(F(u(Opcode::kSqrt, -1.0f))));
  EXPECT_EQ(FloatUnary(Opcode::kSqrt, kF32, Mods(Rounding::kRz), B(-0.0f)), B(-0.0f));
  EXPECT_TRUE(std::isnan(F(FloatUnary(Opcode::kSqrt, kF32, Mods(Rounding::kRp), B(-2.0f)))));
}

TEST(FloatTest, F64ReciprocalAndRoots) {
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Mods(Rounding::kRn), B(3.0)), B(1.0 / 3.0));
  // 1/3 = 0x1.5555...p-2 with the dropped bits below one half: RN truncates.
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Mods(Rounding::kRz), B(3.0)), B(1.0 / 3.0));
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Mods(Rounding::kRp), B(3.0)),
            B(std::nextafter(1.0 / 3.0, 1.0)));
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Mods(Rounding::kRm), B(-3.0)),
            B(std::nextafter(-1.0 / 3.0, -1.0)));
  // rcp.approx.ftz.f64 flushes a subnormal input (1/0 = inf) and a subnormal result.
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Approx(true), B(0x1p-1060)), B(1.0 / 0.0));
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Approx(true), B(0x1p1023)), 0u);
  EXPECT_EQ(FloatUnary(Opcode::kRcp, kF64, Approx(false), B(0x1p1023)), B(0x1p-1023));
  EXPECT_EQ(FloatUnary(Opcode::kRsqrt, kF64, Approx(), B(4.0)), B(0.5));
  EXPECT_EQ(FloatUnary(Opcode::kSqrt, kF64, Mods(Rounding::kRn), B(2.0)), B(std::sqrt(2.0)));
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

// --- setp / testp -----------------------------------------------------------------------------

TEST(FloatTest, CompareOrderedAndUnordered) {
  using ptx::CmpOp;
  struct Case {
    CmpOp op;
    bool less, equal, greater, unordered;
  };
  const Case kCases[] = {
      {CmpOp::kEq, false, true, false, false}, {CmpOp::kNe, true, false, true, false},
      {CmpOp::kLt, true, false, false, false}, {CmpOp::kLe, true, true, false, false},
      {CmpOp::kGt, false, false, true, false}, {CmpOp::kGe, false, true, true, false},
      {CmpOp::kEqu, false, true, false, true}, {CmpOp::kNeu, true, false, true, true},
      {CmpOp::kLtu, true, false, false, true}, {CmpOp::kLeu, true, true, false, true},
      {CmpOp::kGtu, false, false, true, true}, {CmpOp::kGeu, false, true, true, true},
      {CmpOp::kNum, true, true, true, false},  {CmpOp::kNan, false, false, false, true},
  };
  const ScalarType kTypes[] = {ScalarType::kF16, ScalarType::kBF16, kF32, kF64};
  for (const Case& c : kCases) {
    for (ScalarType t : kTypes) {
      const uint64_t one = FloatUnary(Opcode::kAbs, t, Mods(),
                                      Convert(t, kF32, Rounding::kRn, false, false, B(1.0f)));
      const uint64_t two = Convert(t, kF32, Rounding::kRn, false, false, B(2.0f));
      const uint64_t nan = Convert(t, kF32, Rounding::kRn, false, false, B(NAN));
      EXPECT_EQ(FloatCompare(c.op, t, one, two), c.less) << static_cast<int>(c.op);
      EXPECT_EQ(FloatCompare(c.op, t, two, two), c.equal) << static_cast<int>(c.op);
      EXPECT_EQ(FloatCompare(c.op, t, two, one), c.greater) << static_cast<int>(c.op);
      EXPECT_EQ(FloatCompare(c.op, t, nan, one), c.unordered) << static_cast<int>(c.op);
      EXPECT_EQ(FloatCompare(c.op, t, one, nan), c.unordered) << static_cast<int>(c.op);
    }
  }
  EXPECT_TRUE(FloatCompare(CmpOp::kEq, kF32, B(0.0f), B(-0.0f)));
  EXPECT_TRUE(FloatCompare(CmpOp::kLt, ScalarType::kF16, 0xBC00, 0x3C00));  // -1 < 1
}

TEST(FloatTest, TestpClassifiesEveryKindOfValue) {
  using ptx::TestpOp;
  struct Case {
    uint64_t bits;
    ScalarType t;
    bool finite, infinite, number, nan, normal, subnormal;
  };
  const Case kCases[] = {
      {B(1.0f), kF32, true, false, true, false, true, false},
      {B(0.0f), kF32, true, false, true, false, false, false},
      {0x80000001, kF32, true, false, true, false, false, true},
      {B(-INFINITY), kF32, false, true, true, false, false, false},
      {0x7FC00000, kF32, false, false, false, true, false, false},
      {B(0x1p-1074), kF64, true, false, true, false, false, true},
      {0x7FF0000000000001ull, kF64, false, false, false, true, false, false},
      {0x0001, ScalarType::kF16, true, false, true, false, false, true},
      {0x7C00, ScalarType::kF16, false, true, true, false, false, false},
      {0x7F81, ScalarType::kBF16, false, false, false, true, false, false},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(Testp(TestpOp::kFinite, c.t, c.bits), c.finite) << std::hex << c.bits;
    EXPECT_EQ(Testp(TestpOp::kInfinite, c.t, c.bits), c.infinite) << std::hex << c.bits;
    EXPECT_EQ(Testp(TestpOp::kNumber, c.t, c.bits), c.number) << std::hex << c.bits;
    EXPECT_EQ(Testp(TestpOp::kNotANumber, c.t, c.bits), c.nan) << std::hex << c.bits;
    EXPECT_EQ(Testp(TestpOp::kNormal, c.t, c.bits), c.normal) << std::hex << c.bits;
    EXPECT_EQ(Testp(TestpOp::kSubnormal, c.t, c.bits), c.subnormal) << std::hex << c.bits;
  }
}

TEST(FloatTest, SetWritesAllOnesOrOnePointZero) {
  EXPECT_EQ(SetResult(ScalarType::kU32, true), 0xFFFFFFFFu);
  EXPECT_EQ(SetResult(ScalarType::kS32, false), 0u);
  EXPECT_EQ(SetResult(kF32, true), B(1.0f));
  EXPECT_EQ(SetResult(kF32, false), 0u);
}

}  // namespace
}  // namespace cudashim::simt
