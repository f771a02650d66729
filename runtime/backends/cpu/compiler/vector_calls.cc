#include "runtime/backends/cpu/compiler/vector_calls.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace cudashim::jit {
namespace {

// The guard under which generated code uses the intrinsic versions: g++'s `simd` attribute
// (clang has no equivalent outside OpenMP) and the AVX-512 instructions the bodies use
// (vrangeps is AVX512DQ).
const char kGuard[] =
    "#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__GNUC__) && "
    "!defined(__clang__)\n";

// One helper `float name(float, ...)` of `arity` arguments whose body is `body`, a statement
// block over `__m512 a, b, c` returning an __m512: the simd declaration, the vector variants for
// each ISA class g++ may call (b: SSE 4 lanes, c: AVX 8, d: AVX2 8, e: AVX-512 16, named by the
// x86-64 vector function ABI, _ZGV<isa>N<lanes><v per argument>_<name>) and the scalar function.
// The narrower variants widen to 512 bits (zeros above) so one body serves all. The scalar one
// is an alias of cs_scalar_<name>: defining a `simd`-declared function under its own name makes
// g++ generate the variants itself from its body.
std::string VectorCall(const std::string& name, int arity, const std::string& body) {
  const char* kArgs[] = {"a", "b", "c"};
  auto params = [&](const std::string& type) {
    std::string s;
    for (int i = 0; i < arity; ++i) absl::StrAppend(&s, i ? ", " : "", type, " ", kArgs[i]);
    return s;
  };
  auto args = [&](const std::string& wrap) {
    std::string s;
    for (int i = 0; i < arity; ++i) absl::StrAppend(&s, i ? ", " : "", wrap, "(", kArgs[i], ")");
    return s;
  };
  const std::string v(arity, 'v');
  const std::string hidden = "extern \"C\" __attribute__((visibility(\"hidden\"), used)) ";
  std::string s = absl::StrCat("extern \"C\" float ", name, "(", params("float"),
                               ") __attribute__((simd(\"notinbranch\"), const, nothrow));\n",
                               "static inline __m512 cs_body_", name, "(", params("__m512"), ") ", body, "\n");
  absl::StrAppend(&s, hidden, "__m512 _ZGVeN16", v, "_", name, "(", params("__m512"), ") { return cs_body_", name,
                  "(", args(""), "); }\n");
  for (const char* isa : {"c", "d"}) {
    absl::StrAppend(&s, hidden, "__m256 _ZGV", isa, "N8", v, "_", name, "(", params("__m256"),
                    ") { return _mm512_castps512_ps256(cs_body_", name, "(", args("_mm512_zextps256_ps512"), ")); }\n");
  }
  absl::StrAppend(&s, hidden, "__m128 _ZGVbN4", v, "_", name, "(", params("__m128"),
                  ") { return _mm512_castps512_ps128(cs_body_", name, "(", args("_mm512_zextps128_ps512"), ")); }\n");
  absl::StrAppend(&s, hidden, "float cs_scalar_", name, "(", params("float"), ") { return _mm512_cvtss_f32(cs_body_",
                  name, "(", args("_mm512_set1_ps"), ")); }\n");
  absl::StrAppend(&s, "asm(\".globl ", name, "\\n.hidden ", name, "\\n.set ", name, ", cs_scalar_", name, "\\n\");\n");
  return s;
}

// The canonical NaN (0x7FFFFFFF) where `r` is NaN, as the portable helpers return.
const char kCanonicalNaN[] =
    "_mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(r, r, _CMP_UNORD_Q), _mm512_castsi512_ps(_mm512_set1_epi32(0x7FFFFFFF)))";

// fma with a directed rounding: one FMA under AVX-512's embedded rounding (the portable
// version emulates it in double: ~60 vector operations per 16 lanes).
std::string FmaRounded(const char* name, const char* mode) {
  return VectorCall(name, 3, absl::StrCat("{\n  const __m512 r = _mm512_fmadd_round_ps(a, b, c, ", mode,
                                          " | _MM_FROUND_NO_EXC);\n  return ", kCanonicalNaN, ";\n}"));
}

// max/min with PTX's rules (cs_minmax32): vrangeps orders -0 below +0 (imm bits 3:2 = 01: the
// sign of the selected operand); a NaN operand yields the other one, two NaNs the canonical NaN.
std::string MinMax(const char* name, int select) {
  return VectorCall(name, 2, absl::StrCat(R"({
  __m512 r = _mm512_range_ps(a, b, )", 4 | select, R"();
  r = _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q), a);
  r = _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), b);
  return )", kCanonicalNaN, R"(;
})"));
}

// ex2.approx: simt/ex2_approx.h's polynomial (the same FMAs, paired the same way),
// with 2^n applied by vscalefps: q * 2^n rounded once, as ex2_approx.h's q * 2^h * 2^(n-h) whose
// first product is exact. ex2_approx.h clamps x to [-200, 200] so that its two powers of two stay
// normal; vscalefps needs no clamp (2^n of any n, rounded once, is 0 or infinity past the range
// where the clamp matters), so f = x - rint(x) comes from one vreduceps, without the clamps and
// vrndscaleps ahead of the FMA chain (the call is latency-bound: that chain is what softmax waits
// on; interleaved 0.87-0.93x, and 0.96x more for the paired terms). vreduceps gives 0 for an
// infinity (q = 1: scalef makes it inf or 0) and NaN for NaN (restored as x + x). Equal bit for
// bit to ex2_approx.h over all 2^32 inputs (checked exhaustively when written;
// tests/cpu_compiler/vector_calls_test.cc samples them, with the infinities, NaNs and the clamp
// bounds).
const char kEx2Body[] = R"({
  const __m512 n = _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_reduce_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f2 = _mm512_mul_ps(f, f);
  const __m512 c67 = _mm512_fmadd_ps(_mm512_set1_ps(1.525273380405984e-05f), f, _mm512_set1_ps(1.5403530393381608e-04f));
  const __m512 c45 = _mm512_fmadd_ps(_mm512_set1_ps(1.3333558146428443e-03f), f, _mm512_set1_ps(9.618129107628477e-03f));
  const __m512 c23 = _mm512_fmadd_ps(_mm512_set1_ps(5.550410866482158e-02f), f, _mm512_set1_ps(2.402265069591007e-01f));
  const __m512 hi = _mm512_fmadd_ps(f2, _mm512_fmadd_ps(f2, c67, c45), c23);
  __m512 q = _mm512_fmadd_ps(hi, f, _mm512_set1_ps(6.931471805599453e-01f));
  q = _mm512_fmadd_ps(q, f, _mm512_set1_ps(1.0f));
  return _mm512_mask_add_ps(_mm512_scalef_ps(q, n), _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), a, a);
})";

}  // namespace

std::string VectorCallsPrelude() {
  std::string s = R"(
// Lane helpers as AVX-512 intrinsics (vector_calls.cc). Lane loops are scalar code that g++
// vectorises, and an intrinsic in them would stay scalar; a call to a function declared `simd`
// becomes a call to its vector variant, defined here. Elsewhere the portable versions above.
)";
  absl::StrAppend(&s, kGuard, "#include <immintrin.h>\n#define CS_VECTOR_CALLS 1\n");
  absl::StrAppend(&s, FmaRounded("cs_fma_rz_v", "_MM_FROUND_TO_ZERO"), FmaRounded("cs_fma_rm_v", "_MM_FROUND_TO_NEG_INF"),
                  FmaRounded("cs_fma_rp_v", "_MM_FROUND_TO_POS_INF"), MinMax("cs_min_v", 0), MinMax("cs_max_v", 1),
                  VectorCall("cs_ex2_v", 1, kEx2Body));
  absl::StrAppend(&s, R"(static inline uint32_t cs_fma_rz32(uint32_t a, uint32_t b, uint32_t c) { return BF(cs_fma_rz_v(F(a), F(b), F(c))); }
static inline uint32_t cs_fma_rm32(uint32_t a, uint32_t b, uint32_t c) { return BF(cs_fma_rm_v(F(a), F(b), F(c))); }
static inline uint32_t cs_fma_rp32(uint32_t a, uint32_t b, uint32_t c) { return BF(cs_fma_rp_v(F(a), F(b), F(c))); }
static inline uint32_t cs_min32(uint32_t a, uint32_t b) { return BF(cs_min_v(F(a), F(b))); }
static inline uint32_t cs_max32(uint32_t a, uint32_t b) { return BF(cs_max_v(F(a), F(b))); }
static inline uint32_t cs_ex2_32(uint32_t a) { return BF(cs_ex2_v(F(a))); }
#else
#define CS_VECTOR_CALLS 0
static inline uint32_t cs_fma_rz32(uint32_t a, uint32_t b, uint32_t c) { return cs_fma_dir32(1, a, b, c); }
static inline uint32_t cs_fma_rm32(uint32_t a, uint32_t b, uint32_t c) { return cs_fma_dir32(2, a, b, c); }
static inline uint32_t cs_fma_rp32(uint32_t a, uint32_t b, uint32_t c) { return cs_fma_dir32(3, a, b, c); }
static inline uint32_t cs_min32(uint32_t a, uint32_t b) { return cs_minmax32(0, a, b); }
static inline uint32_t cs_max32(uint32_t a, uint32_t b) { return cs_minmax32(1, a, b); }
static inline uint32_t cs_ex2_32(uint32_t a) { return BF(cs_ex2_approx(F(a))); }
#endif
)");
  return s;
}

}  // namespace cudashim::jit
