// vector_calls.h: the intrinsic lane helpers (fma with directed rounding, PTX min/max, ex2.approx)
// must give the portable prelude's results bit for bit, since the interpreter and machines
// without AVX-512 run those. Builds the prelude with the system compiler (skipped when none runs)
// and compares a vectorised lane loop against the same helpers kept scalar, on special values
// and random bit patterns. The fma reference is also checked against the host's fesetround.
#include "runtime/backends/cpu/compiler/vector_calls.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cfenv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "runtime/backends/cpu/compiler/cache.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::jit {
namespace {

namespace fs = std::filesystem;

// op: 0 ex2, 1 min, 2 max, 3 fma.rz, 4 fma.rm, 5 fma.rp, 6 div.approx. `got` from a 32-lane
// loop g++ vectorises (the vector variants where CS_VECTOR_CALLS), `want` from the portable
// helpers (for div.approx, a prelude helper, `want` is only the scalar evaluation).
// got/want are __restrict, so the 32-lane loops vectorise without ivdep.
const char kHarness[] = R"(
static uint32_t cs_portable(int op, uint32_t a, uint32_t b, uint32_t c) {
  switch (op) {
    case 0: return BF(cs_ex2_approx(F(a)));
    case 1: return cs_minmax32(0, a, b);
    case 2: return cs_minmax32(1, a, b);
    case 6: return cs_fin32(cs_div_approx32(a, b), 0, 0);  // as generated code wraps it
    default: return cs_fma_dir32(op - 2, a, b, c);
  }
}
extern "C" int cs_test_vector_calls() { return CS_VECTOR_CALLS; }
extern "C" void cs_test_lanes(int op, const uint32_t* a, const uint32_t* b, const uint32_t* c,
                              uint32_t* __restrict got, uint32_t* __restrict want, int n) {
  for (int i = 0; i + 32 <= n; i += 32) {
    switch (op) {
      case 0: for (int l = 0; l < 32; ++l) got[i + l] = cs_ex2_32(a[i + l]); break;
      case 1: for (int l = 0; l < 32; ++l) got[i + l] = cs_min32(a[i + l], b[i + l]); break;
      case 2: for (int l = 0; l < 32; ++l) got[i + l] = cs_max32(a[i + l], b[i + l]); break;
      case 3: for (int l = 0; l < 32; ++l) got[i + l] = cs_fma_rz32(a[i + l], b[i + l], c[i + l]); break;
      case 4: for (int l = 0; l < 32; ++l) got[i + l] = cs_fma_rm32(a[i + l], b[i + l], c[i + l]); break;
      case 5: for (int l = 0; l < 32; ++l) got[i + l] = cs_fma_rp32(a[i + l], b[i + l], c[i + l]); break;
      case 6: for (int l = 0; l < 32; ++l) got[i + l] = cs_portable(6, a[i + l], b[i + l], 0); break;
    }
  }
  // One lane at a time through a volatile index: the scalar functions (an alias of the
  // intrinsic body applied to a broadcast) must agree too.
  for (volatile int i = n - n % 32; i < n; i = i + 1) {
    switch (op) {
      case 0: got[i] = cs_ex2_32(a[i]); break;
      case 1: got[i] = cs_min32(a[i], b[i]); break;
      case 2: got[i] = cs_max32(a[i], b[i]); break;
      case 3: got[i] = cs_fma_rz32(a[i], b[i], c[i]); break;
      case 4: got[i] = cs_fma_rm32(a[i], b[i], c[i]); break;
      case 5: got[i] = cs_fma_rp32(a[i], b[i], c[i]); break;
      case 6: got[i] = cs_portable(6, a[i], b[i], 0); break;
    }
  }
  for (volatile int i = 0; i < n; i = i + 1) want[i] = cs_portable(op, a[i], b[i], c[i]);
}
// The 32-bit integer helpers InlineInt emits: 0 div.s32, 1 div.u32, 2 rem.s32, 3 rem.u32,
// 4 clz, 5 lop3 (LUT = c & 0xFF), 6 shf.l.wrap, 7 shf.r.clamp, 8 bfe.u32 (pos b, len c),
// 9 bfe.s32, 10 bfi (pos c, len c >> 8), 11 bfind.u32, 12 bfind.shiftamt.s32, 13 brev, 14 prmt,
// 15 cvt.f32.f16, 16 cvt.f32.bf16, 17 cvt.rn.f16.f32, 18 cvt.rn.bf16.f32.
extern "C" void cs_test_int(int op, const uint32_t* a, const uint32_t* b, const uint32_t* c, uint32_t* __restrict got, int n) {
  for (int l = 0; l < n; ++l) {
    switch (op) {
      case 0: got[l] = cs_divs32(a[l], b[l]); break;
      case 1: got[l] = cs_divu32(a[l], b[l]); break;
      case 2: got[l] = cs_rems32(a[l], b[l]); break;
      case 3: got[l] = cs_remu32(a[l], b[l]); break;
      case 4: got[l] = cs_clz32(a[l]); break;
      case 5: got[l] = cs_lop3(a[l], b[l], c[l], c[l] & 0xFF); break;
      case 6: got[l] = cs_shf(1, 0, a[l], b[l], c[l]); break;
      case 7: got[l] = cs_shf(0, 1, a[l], b[l], c[l]); break;
      case 8: got[l] = cs_bfe32(0, a[l], b[l], c[l]); break;
      case 9: got[l] = cs_bfe32(1, a[l], b[l], c[l]); break;
      case 10: got[l] = cs_bfi32(a[l], b[l], c[l], c[l] >> 8); break;
      case 11: got[l] = cs_bfind32(0, 0, a[l]); break;
      case 12: got[l] = cs_bfind32(1, 1, a[l]); break;
      case 13: got[l] = cs_brev32(a[l]); break;
      case 14: got[l] = cs_prmt(a[l], b[l], c[l]); break;
      case 15: got[l] = cs_h2f(a[l]); break;
      case 16: got[l] = cs_bf2f(a[l]); break;
      case 17: got[l] = cs_f2h(a[l]); break;
      case 18: got[l] = cs_f2bf(a[l]); break;
    }
  }
}
// The wide conversions InlineCvtWide emits: 0 cvt.rzi.s32.f64, 1 cvt.rni.u32.f64,
// 2 cvt.rmi.s64.f64, 3 cvt.rpi.u64.f64, 4 cvt.rzi.s64.f32 (low 32 bits), 5 cvt.rn.f32.s64,
// 6 cvt.rn.f64.u64.
extern "C" void cs_test_cvt64(int op, const uint64_t* a, uint64_t* __restrict got, int n) {
  for (int l = 0; l < n; ++l) {
    switch (op) {
      case 0: got[l] = cs_d2s32(__builtin_trunc(D(a[l]))); break;
      case 1: got[l] = cs_d2u32(__builtin_rint(D(a[l]))); break;
      case 2: got[l] = cs_d2s64(__builtin_floor(D(a[l]))); break;
      case 3: got[l] = cs_d2u64(__builtin_ceil(D(a[l]))); break;
      case 4: got[l] = cs_d2s64(__builtin_trunc((double)F((uint32_t)a[l]))); break;
      case 5: got[l] = BF((float)(int64_t)a[l]); break;
      case 6: got[l] = BD((double)(uint64_t)a[l]); break;
    }
  }
}
// The f64 forms codegen.cc's InlineF64 emits: 0 min, 1 max, 2 div.rn, 3 rcp.approx.ftz,
// 4 rsqrt.approx.ftz, 5 sqrt.rn.
extern "C" void cs_test_lanes64(int op, const uint64_t* a, const uint64_t* b, uint64_t* __restrict got, int n) {
  for (int l = 0; l < n; ++l) {
    switch (op) {
      case 0: got[l] = cs_minmax64(0, a[l], b[l]); break;
      case 1: got[l] = cs_minmax64(1, a[l], b[l]); break;
      case 2: got[l] = cs_nan64(BD(D(a[l]) / D(b[l]))); break;
      case 3: got[l] = cs_flush64(cs_nan64(BD(1.0 / D(cs_flush64(a[l]))))); break;
      case 4: got[l] = cs_flush64(cs_nan64(BD(1.0 / __builtin_sqrt(D(cs_flush64(a[l])))))); break;
      case 5: got[l] = cs_nan64(BD(__builtin_sqrt(D(a[l])))); break;
    }
  }
}
)";

using LanesFn = void (*)(int, const uint32_t*, const uint32_t*, const uint32_t*, uint32_t*, uint32_t*, int);
using Lanes64Fn = void (*)(int, const uint64_t*, const uint64_t*, uint64_t*, int);
using IntFn = void (*)(int, const uint32_t*, const uint32_t*, const uint32_t*, uint32_t*, int);
using Cvt64Fn = void (*)(int, const uint64_t*, uint64_t*, int);

float F(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }
uint32_t U(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }

class VectorCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Toolchain> tc = DetectToolchain();
    if (!tc.ok()) GTEST_SKIP() << tc.status();
    dir_ = fs::temp_directory_path() / ("cudashim-vector-calls-test-" + std::to_string(getpid()));
    std::string source = LaneHelpersSource() + kHarness;
    absl::StatusOr<std::shared_ptr<Library>> lib =
        LoadOrBuild(source, *tc, dir_.string(), {"cs_test_lanes", "cs_test_lanes64", "cs_test_int", "cs_test_cvt64", "cs_test_vector_calls"});
    ASSERT_TRUE(lib.ok()) << lib.status();
    lib_ = *lib;
    lanes_ = reinterpret_cast<LanesFn>(lib_->Find("cs_test_lanes"));
    lanes64_ = reinterpret_cast<Lanes64Fn>(lib_->Find("cs_test_lanes64"));
    int_ = reinterpret_cast<IntFn>(lib_->Find("cs_test_int"));
    cvt64_ = reinterpret_cast<Cvt64Fn>(lib_->Find("cs_test_cvt64"));
    vector_calls_ = reinterpret_cast<int (*)()>(lib_->Find("cs_test_vector_calls"))();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `op` on the inputs; returns the first mismatch as text ("" when all agree).
  std::string Mismatch(int op, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                       const std::vector<uint32_t>& c) {
    const int n = static_cast<int>(a.size());
    std::vector<uint32_t> got(n), want(n);
    lanes_(op, a.data(), b.data(), c.data(), got.data(), want.data(), n);
    for (int i = 0; i < n; ++i) {
      if (got[i] != want[i]) {
        char s[160];
        snprintf(s, sizeof s, "op %d lane %d: a=%08x b=%08x c=%08x got %08x want %08x", op, i, a[i], b[i], c[i],
                 got[i], want[i]);
        return s;
      }
    }
    return "";
  }

  fs::path dir_;
  std::shared_ptr<Library> lib_;
  LanesFn lanes_ = nullptr;
  Lanes64Fn lanes64_ = nullptr;
  IntFn int_ = nullptr;
  Cvt64Fn cvt64_ = nullptr;
  int vector_calls_ = 0;
};

// Zeros, infinities, NaNs (quiet, signalling, negative), subnormals, one, the ex2 clamp bounds.
const uint32_t kSpecial[] = {0,          0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00001u,
                             0x7F800001u, 1u,         0x80000001u, 0x007FFFFFu, 0x3F800000u, 0xBF800000u,
                             0x43480000u, 0xC3480000u, 0x43480001u, 0xC3480001u, 0xC3150000u, 0x42FE0000u};

std::vector<uint32_t> Inputs(std::mt19937& rng, size_t n) {
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t r = rng();
    if (i % 8 == 0) r = kSpecial[rng() % std::size(kSpecial)];
    v[i] = r;
  }
  return v;
}

TEST_F(VectorCallsTest, IntrinsicsAreUsedWhereTheTargetHasAvx512) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  // Generated code is built with -march=native; a g++ there has the simd attribute.
  if (avx512 && DetectToolchain()->identity.find("clang") == std::string::npos) {
    EXPECT_EQ(vector_calls_, 1);
  }
#endif
  RecordProperty("vector_calls", vector_calls_);
}

TEST_F(VectorCallsTest, Ex2AgreesOnEveryExponentAndSampledMantissas) {
  std::vector<uint32_t> a;
  // Every 4099th bit pattern (all exponents, both signs, spread mantissas), plus the specials.
  for (uint64_t u = 0; u < (1ull << 32); u += 4099) a.push_back(static_cast<uint32_t>(u));
  // Densely around the clamp bounds and where results turn subnormal (x near -126..-149).
  for (float x = -151.0f; x <= -124.0f; x += 1.0f / 512) a.push_back(U(x));
  for (float x = 199.0f; x <= 201.0f; x += 1.0f / 512) a.push_back(U(x)), a.push_back(U(-x));
  a.insert(a.end(), std::begin(kSpecial), std::end(kSpecial));
  std::vector<uint32_t> zero(a.size());
  EXPECT_EQ(Mismatch(0, a, zero, zero), "");
}

TEST_F(VectorCallsTest, MinMaxAgreeIncludingNaNsAndSignedZeros) {
  std::mt19937 rng(7);
  std::vector<uint32_t> a = Inputs(rng, 1 << 16), b = Inputs(rng, 1 << 16), c(a.size());
  for (size_t i = 0; i < a.size(); i += 5) b[i] = a[i] ^ 0x80000000u;  // x and -x: +-0 among them
  for (size_t i = 3; i < a.size(); i += 7) b[i] = a[i];
  EXPECT_EQ(Mismatch(1, a, b, c), "");
  EXPECT_EQ(Mismatch(2, a, b, c), "");
}

TEST_F(VectorCallsTest, DirectedFmaAgreesWithTheHostsRounding) {
  std::mt19937 rng(11);
  const size_t n = 1 << 16;
  std::vector<uint32_t> a = Inputs(rng, n), b = Inputs(rng, n), c = Inputs(rng, n);
  for (size_t i = 2; i < n; i += 3) {  // a result near c's magnitude: cancellation, ties to care about
    a[i] = U(std::ldexp(F((a[i] & 0x807FFFFFu) | 0x3F800000u), static_cast<int>(rng() % 40) - 20));
    b[i] = U(F((b[i] & 0x807FFFFFu) | 0x3F800000u));
    c[i] = i % 2 ? U(-(F(a[i]) * F(b[i]))) : U(F(a[i]) * std::ldexp(1.0f, static_cast<int>(rng() % 30)));
  }
  for (int op = 3; op <= 5; ++op) EXPECT_EQ(Mismatch(op, a, b, c), "") << "fma mode " << op - 2;
  // The portable reference against the host FPU: fma under fesetround.
  const int modes[] = {FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
  std::vector<uint32_t> got(n), want(n);
  for (int op = 3; op <= 5; ++op) {
    lanes_(op, a.data(), b.data(), c.data(), got.data(), want.data(), static_cast<int>(n));
    std::fesetround(modes[op - 3]);
    size_t bad = 0;
    for (size_t i = 0; i < n; ++i) {
      volatile float x = F(a[i]), y = F(b[i]), z = F(c[i]);
      const float h = std::fma((float)x, (float)y, (float)z);
      bad += std::isnan(h) ? !std::isnan(F(got[i])) : U(h) != got[i];
    }
    std::fesetround(FE_TONEAREST);
    EXPECT_EQ(bad, 0u) << "fma mode " << op - 2;
  }
}

// div.approx.f32 is inline in generated code (cs_div_approx32); the interpreter's FloatBinary
// is the reference: huge divisors (reciprocal flushed), infinities, NaNs, signed zeros.
TEST_F(VectorCallsTest, DivApproxAgreesWithTheInterpreter) {
  std::mt19937 rng(13);
  const size_t n = 1 << 16;
  std::vector<uint32_t> a = Inputs(rng, n), b = Inputs(rng, n), c(n);
  for (size_t i = 1; i < n; i += 4) b[i] = (b[i] & 0x80000000u) | (0x7E800000u + rng() % 0x00800000u);
  for (size_t i = 2; i < n; i += 16) b[i] = (b[i] & 0x80000000u) | 0x7E800000u;  // exactly 2^126
  std::vector<uint32_t> got(n), want(n);
  lanes_(6, a.data(), b.data(), c.data(), got.data(), want.data(), static_cast<int>(n));
  ptx::Modifiers m;
  m.type = ptx::ScalarType::kF32;
  m.approx = true;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t ref = static_cast<uint32_t>(simt::FloatBinary(ptx::Opcode::kDiv, ptx::ScalarType::kF32, m, a[i], b[i]));
    ASSERT_EQ(got[i], ref) << std::hex << "a=" << a[i] << " b=" << b[i];
  }
}

// f64 division, square roots, reciprocals and min/max are inline in generated code
// (InlineF64); the interpreter's FloatBinary/FloatUnary are the reference.
TEST_F(VectorCallsTest, F64FormsAgreeWithTheInterpreter) {
  std::mt19937_64 rng(17);
  const uint64_t kSpecial64[] = {0, 0x8000000000000000ull, 0x7FF0000000000000ull, 0xFFF0000000000000ull,
                                 0x7FF8000000000000ull, 0xFFF8000000000001ull, 0x7FF0000000000001ull, 1,
                                 0x800FFFFFFFFFFFFFull, 0x3FF0000000000000ull, 0x7FEFFFFFFFFFFFFFull};
  const size_t n = 1 << 15;
  std::vector<uint64_t> a(n), b(n), got(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = i % 8 == 0 ? kSpecial64[rng() % std::size(kSpecial64)] : rng();
    b[i] = i % 8 == 1 ? kSpecial64[rng() % std::size(kSpecial64)] : i % 5 == 2 ? a[i] ^ 0x8000000000000000ull : rng();
    if (i % 16 == 3) a[i] &= 0x800FFFFFFFFFFFFFull;  // subnormals for .ftz
  }
  const ptx::Opcode kOps[] = {ptx::Opcode::kMin, ptx::Opcode::kMax, ptx::Opcode::kDiv,
                              ptx::Opcode::kRcp, ptx::Opcode::kRsqrt, ptx::Opcode::kSqrt};
  for (int op = 0; op < 6; ++op) {
    lanes64_(op, a.data(), b.data(), got.data(), static_cast<int>(n));
    ptx::Modifiers m;
    m.type = ptx::ScalarType::kF64;
    m.approx = op == 3 || op == 4;
    m.ftz = m.approx;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t ref = op <= 2 ? simt::FloatBinary(kOps[op], ptx::ScalarType::kF64, m, a[i], b[i])
                                   : simt::FloatUnary(kOps[op], ptx::ScalarType::kF64, m, a[i]);
      ASSERT_EQ(got[i], ref) << std::hex << "op " << op << " a=" << a[i] << " b=" << b[i];
    }
  }
}

// Integer division and remainder (through double), clz, lop3, funnel shifts, bit fields and
// byte permutes are inline in generated code (InlineInt); the interpreter's lane_ops are the
// reference, with the cases C++ leaves undefined (division by zero, INT_MIN / -1) as the
// interpreter defines them.
TEST_F(VectorCallsTest, IntegerFormsAgreeWithTheInterpreter) {
  std::mt19937 rng(19);
  const uint32_t kSpecialInt[] = {0, 1, 2, 3, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x80000001u, 31, 32, 33, 64};
  const size_t n = 1 << 16;
  std::vector<uint32_t> a(n), b(n), c(n), got(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = i % 7 == 0 ? kSpecialInt[rng() % std::size(kSpecialInt)] : rng() >> (rng() % 32);
    b[i] = i % 5 == 0 ? kSpecialInt[rng() % std::size(kSpecialInt)] : rng() >> (rng() % 32);
    c[i] = i % 3 == 0 ? rng() % 70 : rng();
    if (i % 4 == 1) b[i] = rng() % 40, c[i] = (rng() % 40) | (rng() % 40) << 8;  // bfe/bfi fields
  }
  using simt::Clz;
  for (int op = 0; op < 15; ++op) {
    int_(op, a.data(), b.data(), c.data(), got.data(), static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) {
      uint64_t ref = 0;
      switch (op) {
        case 0: ref = simt::IntDiv(ptx::ScalarType::kS32, a[i], b[i]); break;
        case 1: ref = simt::IntDiv(ptx::ScalarType::kU32, a[i], b[i]); break;
        case 2: ref = simt::IntRem(ptx::ScalarType::kS32, a[i], b[i]); break;
        case 3: ref = simt::IntRem(ptx::ScalarType::kU32, a[i], b[i]); break;
        case 4: ref = Clz(ptx::ScalarType::kB32, a[i]); break;
        case 5: ref = simt::Lop3(a[i], b[i], c[i], c[i] & 0xFF); break;
        case 6: ref = simt::Shf(true, ptx::ShfMode::kWrap, a[i], b[i], c[i]); break;
        case 7: ref = simt::Shf(false, ptx::ShfMode::kClamp, a[i], b[i], c[i]); break;
        case 8: ref = simt::Bfe(ptx::ScalarType::kU32, a[i], b[i], c[i]); break;
        case 9: ref = simt::Bfe(ptx::ScalarType::kS32, a[i], b[i], c[i]); break;
        case 10: ref = simt::Bfi(ptx::ScalarType::kB32, a[i], b[i], c[i], c[i] >> 8); break;
        case 11: ref = simt::Bfind(ptx::ScalarType::kU32, a[i], false); break;
        case 12: ref = simt::Bfind(ptx::ScalarType::kS32, a[i], true); break;
        case 13: ref = simt::Brev(ptx::ScalarType::kB32, a[i]); break;
        case 14: ref = simt::Prmt(a[i], b[i], c[i], ptx::PrmtMode::kNone); break;
      }
      ASSERT_EQ(got[i], static_cast<uint32_t>(ref)) << std::hex << "op " << op << " a=" << a[i] << " b=" << b[i] << " c=" << c[i];
    }
  }
}

// f16/bf16 <-> f32 conversions are inline (InlineCvt); the interpreter's Convert is the
// reference: every f16/bf16 value, and f32 values over all exponents (rounding ties, the
// subnormal and overflow boundaries, NaNs).
TEST_F(VectorCallsTest, HalfConversionsAgreeWithTheInterpreter) {
  using ptx::Rounding;
  using ptx::ScalarType;
  std::vector<uint32_t> halves(1 << 16), floats;
  for (uint32_t h = 0; h < (1u << 16); ++h) halves[h] = h;
  for (uint64_t u = 0; u < (1ull << 32); u += 65537) floats.push_back(static_cast<uint32_t>(u));
  for (uint32_t e = 0x33000000u; e <= 0x47800000u; e += 0x00800000u) {  // 2^-25 .. 2^16
    for (uint32_t low : {0u, 1u, 0xFFFu, 0x1000u, 0x1001u, 0x2000u, 0x3000u, 0x7FFFu, 0x8000u, 0x8001u, 0x18000u, 0x7FFFFFu}) {
      floats.push_back(e | low);
      floats.push_back((e | low) ^ 0x80000000u);
    }
  }
  for (uint32_t x : {0x477FEFFFu, 0x477FF000u, 0x477FE000u, 0x7F7FFFFFu, 0x7F800000u, 0x7FC00000u, 0xFF800001u, 0x38800000u, 0x387FFFFFu})
    floats.push_back(x);
  struct Case { int op; ScalarType dst, src; Rounding rnd; const std::vector<uint32_t>* in; };
  const Case cases[] = {{15, ScalarType::kF32, ScalarType::kF16, Rounding::kNone, &halves},
                        {16, ScalarType::kF32, ScalarType::kBF16, Rounding::kNone, &halves},
                        {17, ScalarType::kF16, ScalarType::kF32, Rounding::kRn, &floats},
                        {18, ScalarType::kBF16, ScalarType::kF32, Rounding::kRn, &floats}};
  for (const Case& k : cases) {
    const std::vector<uint32_t>& a = *k.in;
    std::vector<uint32_t> got(a.size());
    int_(k.op, a.data(), a.data(), a.data(), got.data(), static_cast<int>(a.size()));
    for (size_t i = 0; i < a.size(); ++i) {
      const uint64_t ref = simt::Convert(k.dst, k.src, k.rnd, false, false, a[i], false);
      ASSERT_EQ(got[i], static_cast<uint32_t>(ref)) << std::hex << "op " << k.op << " x=" << a[i];
    }
  }
}

// Float -> integer conversions from f64 (or into 64 bits) saturate and give the sign-bit pattern
// for NaN; 64-bit integers -> float round to nearest. The interpreter's Convert is the reference.
TEST_F(VectorCallsTest, WideConversionsAgreeWithTheInterpreter) {
  using ptx::Rounding;
  using ptx::ScalarType;
  std::mt19937_64 rng(23);
  const double kEdges[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 2147483647.0, 2147483647.5, 2147483648.0,
                           -2147483648.0, -2147483648.5, -2147483649.0, 4294967295.0, 4294967295.5, 4294967296.0,
                           9223372036854774784.0, 9223372036854775808.0, -9223372036854775808.0,
                           -9223372036854777856.0, 18446744073709549568.0, 18446744073709551616.0,
                           INFINITY, -INFINITY, NAN, -NAN, 1e300, -1e-300};
  const size_t n = 1 << 15;
  std::vector<uint64_t> a(n), got(n);
  for (size_t i = 0; i < n; ++i) {
    double x;
    switch (i % 4) {
      case 0: x = kEdges[rng() % std::size(kEdges)]; break;
      case 1: x = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 80) - 60); break;
      case 2: x = -std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 80) - 60); break;
      default: std::memcpy(&x, &a[i - 1], 8), x = std::nextafter(x, 0.0); break;
    }
    std::memcpy(&a[i], &x, 8);
    if (i % 16 == 5) a[i] = rng();  // any bit pattern: also the 64-bit integers of ops 5 and 6
  }
  struct Case { int op; ScalarType dst, src; Rounding rnd; };
  const Case cases[] = {{0, ScalarType::kS32, ScalarType::kF64, Rounding::kRzi}, {1, ScalarType::kU32, ScalarType::kF64, Rounding::kRni},
                        {2, ScalarType::kS64, ScalarType::kF64, Rounding::kRmi}, {3, ScalarType::kU64, ScalarType::kF64, Rounding::kRpi},
                        {4, ScalarType::kS64, ScalarType::kF32, Rounding::kRzi}, {5, ScalarType::kF32, ScalarType::kS64, Rounding::kRn},
                        {6, ScalarType::kF64, ScalarType::kU64, Rounding::kRn}};
  for (const Case& k : cases) {
    cvt64_(k.op, a.data(), got.data(), static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) {
      const uint64_t in = k.src == ScalarType::kF32 ? static_cast<uint32_t>(a[i]) : a[i];
      const uint64_t ref = simt::Convert(k.dst, k.src, k.rnd, false, false, in, false);
      ASSERT_EQ(got[i], ref) << std::hex << "op " << k.op << " x=" << a[i];
    }
  }
}

}  // namespace
}  // namespace cudashim::jit
