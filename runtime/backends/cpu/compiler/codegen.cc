// PTX IR -> C++ for one kernel. The shape of the generated code (README.md has the why):
//
//   - One function per kernel runs ONE warp: `int k(const CsCtx*, CsWarp*, void* regs)`. Each
//     basic block is a label; its straight-line instructions become a few `for (l = 0; l < 32)`
//     lane loops ("segments") that the C++ compiler vectorises, masked by the warp's active mask.
//   - Registers are 32-lane arrays of their declared width in a per-kernel State struct; a
//     register used only inside one segment is a plain scalar in the loop body; a register whose
//     only definition computes from uniform values (params, ctaid, ntid, ...) is one scalar.
//   - Divergence: the reconvergence stack of the interpreter at block granularity (immediate
//     post-dominators). A branch whose active lanes agree costs one ballot and a compare; a
//     branch on a uniform predicate costs an if.
//   - bar.sync: the function saves pc/mask/stack into CsWarp and returns kCsParked; the block
//     driver runs the other warps and calls it again (it resumes at the barrier's label). Kernels
//     with barriers keep registers in the warp's own State; others keep State on the stack.
//   - Memory ordering: lanes run one segment at a time, so a segment holds at most one store (and
//     no load before it that the store may alias: MayAlias): what one lane writes is visible to
//     the others exactly as when the interpreter runs the warp instruction by instruction.
//   - Everything not inline here calls the interpreter's lane_ops through CsCtx::lane_op, so
//     the two paths agree bit for bit.
#include "runtime/backends/cpu/compiler/codegen.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "runtime/backends/cpu/compiler/abi.h"
#include "runtime/backends/cpu/compiler/vector_calls.h"
#include "runtime/backends/simt/ex2_approx.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/ptx/analysis/post_dominators.h"
#include "runtime/ptx/analysis/uniformity.h"

namespace cudashim::jit {
namespace {

using ptx::Opcode;
using ptx::Operand;
using ptx::ScalarType;
using ptx::SpecialReg;
using ptx::StateSpace;
using ptx::SymbolKind;
using absl::StrCat;

constexpr uint32_t kNone = 0xFFFFFFFFu;

int Width(ScalarType t) { return t == ScalarType::kPred ? 1 : simt::BitWidth(t); }
// Predicates (w == 1) are 32-bit 0/1 values (cs_pred): a lane loop that writes a byte array
// is vectorised with byte vectors as wide as its trip count allows (32 bytes for 32 lanes, 16
// in a fused half-warp loop), and g++ then runs its 32-bit arithmetic at that width too: a
// quarter or half of an AVX-512 register.
std::string UType(int w) {
  switch (w) {
    case 1: return "cs_pred";
    case 8: return "uint8_t";
    case 16: return "uint16_t";
    case 32: return "uint32_t";
    default: return "uint64_t";
  }
}
std::string Hex(uint64_t v) { return StrCat("0x", absl::Hex(v), "ull"); }

// After the ABI structs (it needs CsWarp).
const char kPreludeAfterAbi[] = R"(
// The offset of a local access of `bytes` at `a` if it lies inside the lane's frame; else 0,
// with the fault recorded (the driver fails the launch).
static inline uint32_t cs_local_ok(CsWarp* w, uint32_t a, uint32_t bytes, uint32_t stride) {
  const bool ok = a <= stride && bytes <= stride - a;
  w->fault |= !ok;
  return ok ? a : 0u;
}
// Block-wide code: no lane of the block's nw warps is active.
static inline bool cs_none(const uint32_t* M, uint32_t nw) {
  uint32_t any = 0;
  for (uint32_t i = 0; i < nw; ++i) any |= M[i];
  return any == 0;
}
// Block-wide code: every lane of the block's nw warps is active. The loop stops at the first
// partial warp, so g++ keeps it scalar: a vector load of M just stored warp by warp would wait
// for the stores to retire.
static inline bool cs_full(const uint32_t* M, uint32_t nw) {
  for (uint32_t i = 0; i < nw; ++i) {
    if (M[i] != 0xFFFFFFFFu) return false;
  }
  return true;
}
)";

const char kPrelude[] = R"(
#include <stdint.h>
#include <string.h>
typedef uint32_t cs_pred;  // a predicate register's lane (UType)
typedef uint8_t  cs_a8  __attribute__((may_alias));
typedef uint16_t cs_a16 __attribute__((may_alias));
typedef uint32_t cs_a32 __attribute__((may_alias));
typedef uint64_t cs_a64 __attribute__((may_alias));
typedef int8_t   cs_s8  __attribute__((may_alias));
typedef int16_t  cs_s16 __attribute__((may_alias));
typedef int32_t  cs_s32 __attribute__((may_alias));
static inline float F(uint32_t x) { return __builtin_bit_cast(float, x); }
static inline uint32_t BF(float x) { return __builtin_bit_cast(uint32_t, x); }
static inline double D(uint64_t x) { return __builtin_bit_cast(double, x); }
static inline uint64_t BD(double x) { return __builtin_bit_cast(uint64_t, x); }
static inline char* P(uint64_t a) { return (char*)(uintptr_t)a; }
// Selects written as bit arithmetic: in a large kernel function g++ turns `c ? a : b` back into
// branches (with loads inside them) that its if-conversion then gives up on, and the lane loop
// stays scalar. cs_sel has no branch to begin with.
template <typename T> static inline T cs_sel(bool c, T a, T b) {
  const T mk = (T)((T)0 - (T)c);
  return (T)((a & mk) | (b & (T)~mk));
}
static inline double cs_seld(bool c, double a, double b) {
  return __builtin_bit_cast(double, cs_sel<uint64_t>(c, __builtin_bit_cast(uint64_t, a), __builtin_bit_cast(uint64_t, b)));
}
// f32 semantics of lane_ops_float.cc, inline so that lane loops vectorise.
static inline uint32_t cs_flush32(uint32_t b) { return cs_sel<uint32_t>((b & 0x7F800000u) == 0, b & 0x80000000u, b); }
// A result: canonical NaN, then .ftz, then .sat (NaN -> +0, -0 -> +0).
static inline uint32_t cs_fin32(uint32_t b, int ftz, int sat) {
  const bool nan = (b & 0x7FFFFFFFu) > 0x7F800000u;
  uint32_t r = ftz ? cs_flush32(b) : b;
  if (sat) r = cs_sel<uint32_t>((r & 0x80000000u) != 0, 0u, cs_sel<uint32_t>(r > 0x3F800000u, 0x3F800000u, r));
  return cs_sel<uint32_t>(nan, sat ? 0u : 0x7FFFFFFFu, r);
}
// div/rem.{u32,s32} (lane_ops_int.cc IntDiv/IntRem). The operands' quotient in double,
// truncated, is exact: its rounding error (under q * 2^-53 < 2^-21 / b) stays below the
// distance to the next integer (at least 1 / b), and it vectorises (vdivpd) where an integer
// division would keep the lane loop scalar. Division by zero gives all ones (rem: the dividend);
// INT_MIN / -1 wraps to INT_MIN (rem 0), which the double quotient 2^31 also gives.
static inline uint32_t cs_divu32(uint32_t a, uint32_t b) {
  const uint32_t q = (uint32_t)(int64_t)((double)a / (double)cs_sel<uint32_t>(b == 0, 1u, b));
  return cs_sel<uint32_t>(b == 0, 0xFFFFFFFFu, q);
}
static inline uint32_t cs_divs32(uint32_t a, uint32_t b) {
  const uint32_t q = (uint32_t)(int64_t)((double)(int32_t)a / (double)cs_sel<int32_t>(b == 0, 1, (int32_t)b));
  return cs_sel<uint32_t>(b == 0, 0xFFFFFFFFu, q);
}
static inline uint32_t cs_remu32(uint32_t a, uint32_t b) { return cs_sel<uint32_t>(b == 0, a, a - cs_divu32(a, b) * b); }
static inline uint32_t cs_rems32(uint32_t a, uint32_t b) { return cs_sel<uint32_t>(b == 0, a, a - cs_divs32(a, b) * b); }
// clz.b32 (32 for zero) without a branch; lop3.b32: the OR of the LUT's minterms (an immediate
// LUT folds to a few bitwise operations); shf.b32: the funnel shift of b:a (lane_ops.h Shf).
static inline uint32_t cs_clz32(uint32_t x) { return cs_sel<uint32_t>(x == 0, 32u, (uint32_t)__builtin_clz(x | 1u)); }
static inline uint32_t cs_lop3(uint32_t a, uint32_t b, uint32_t c, uint32_t lut) {
  uint32_t r = 0;
  for (uint32_t i = 0; i < 8; ++i) {
    r |= ((i & 4) ? a : ~a) & ((i & 2) ? b : ~b) & ((i & 1) ? c : ~c) & (0u - ((lut >> i) & 1u));
  }
  return r;
}
static inline uint32_t cs_shf(int left, int clamp, uint32_t a, uint32_t b, uint32_t c) {
  const uint32_t n = clamp ? cs_sel<uint32_t>(c > 32, 32u, c) : (c & 31u);
  const uint64_t v = ((uint64_t)b << 32) | a;
  return left ? (uint32_t)((v << n) >> 32) : (uint32_t)(v >> n);
}
// Bit fields (lane_ops_int.cc Bfe/Bfi/Bfind, lane_ops.h Brev) on 32-bit values, branch-free:
// positions and lengths are taken mod 256; a field past bit 31 is cut there (bfe.s32 then
// repeats its top bit); bfind of 0 (or of all ones, signed) is 0xFFFFFFFF.
static inline uint32_t cs_lowbits32(uint32_t n) { return cs_sel<uint32_t>(n >= 32, ~0u, (1u << (n & 31)) - 1u); }
static inline uint32_t cs_bfe32(int sgn, uint32_t a, uint32_t pos, uint32_t len) {
  pos &= 0xFF;
  len &= 0xFF;
  const uint32_t end = pos + len - 1;
  const uint32_t sbit = (uint32_t)(sgn != 0) & (uint32_t)(len != 0) & (a >> cs_sel<uint32_t>(end < 31u, end, 31u));
  const uint32_t n = cs_sel<uint32_t>(pos < 32, cs_sel<uint32_t>(len < 32 - pos, len, 32 - pos), 0u);
  const uint32_t fm = cs_lowbits32(n);
  const uint32_t field = cs_sel<uint32_t>(pos < 32, (a >> (pos & 31)) & fm, 0u);
  return field | ((0u - (sbit & 1u)) & ~fm);
}
static inline uint32_t cs_bfi32(uint32_t a, uint32_t b, uint32_t pos, uint32_t len) {
  pos &= 0xFF;
  len &= 0xFF;
  const uint32_t n = cs_sel<uint32_t>(len < 32 - pos, len, 32 - pos);  // used only for pos < 32
  const uint32_t fm = cs_lowbits32(n) << (pos & 31);
  return cs_sel<uint32_t>((pos >= 32) | (len == 0), b, (b & ~fm) | ((a << (pos & 31)) & fm));
}
static inline uint32_t cs_bfind32(int sgn, int shiftamt, uint32_t a) {
  const uint32_t x = cs_sel<uint32_t>((sgn != 0) & ((int32_t)a < 0), ~a, a);
  const uint32_t pos = 31u - (uint32_t)__builtin_clz(x | 1u);
  return cs_sel<uint32_t>(x == 0, 0xFFFFFFFFu, shiftamt ? 31u - pos : pos);
}
static inline uint32_t cs_brev32(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  return __builtin_bswap32(x);
}
// prmt.b32 in its default mode: byte i of the result is byte (sel >> 4i) & 7 of b:a, or that
// byte's sign bit repeated where bit 3 of the selector nibble is set.
static inline uint32_t cs_prmt(uint32_t a, uint32_t b, uint32_t sel) {
  const uint64_t src = ((uint64_t)b << 32) | a;
  uint32_t d = 0;
  for (uint32_t i = 0; i < 4; ++i) {
    const uint32_t s = (sel >> (4 * i)) & 0xF;
    const uint32_t v = (uint32_t)(src >> (8 * (s & 7))) & 0xFF;
    d |= (cs_sel<uint32_t>((s & 8) != 0, 0u - (v >> 7), v) & 0xFFu) << (8 * i);
  }
  return d;
}
// cvt between f32 and f16/bf16 (lane_ops_convert.cc Convert): exact widenings, round to
// nearest even narrowings (overflow to infinity), NaNs canonical (0x7FFFFFFF, 0x7FFF).
static inline uint32_t cs_h2f(uint32_t h) {
  const uint32_t sign = (h & 0x8000u) << 16, e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
  const uint32_t normal = sign | ((e + 112) << 23) | (m << 13);
  const uint32_t sub = sign | BF((float)m * 0x1p-24f);  // m * 2^-24: exact
  const uint32_t special = cs_sel<uint32_t>(m != 0, 0x7FFFFFFFu, sign | 0x7F800000u);
  return cs_sel<uint32_t>(e == 0x1F, special, cs_sel<uint32_t>(e == 0, sub, normal));
}
static inline uint32_t cs_bf2f(uint32_t h) {
  return cs_sel<uint32_t>((h & 0x7FFFu) > 0x7F80u, 0x7FFFFFFFu, (h & 0xFFFFu) << 16);
}
static inline uint32_t cs_f2h(uint32_t x) {
  const uint32_t sign = (x >> 16) & 0x8000u, ax = x & 0x7FFFFFFFu;
  // Normal: rebias the exponent (127 -> 15) and round the mantissa's 13 dropped bits to even;
  // a carry into the exponent is right, up to infinity at 65520.
  const uint32_t normal = (ax - 0x38000000u + 0xFFFu + ((ax >> 13) & 1u)) >> 13;
  // Below 2^-14: adding 0.5 rounds the value to a multiple of 2^-24 (the f16 subnormal step,
  // to even), which lands in the sum's low mantissa bits.
  const uint32_t sub = BF(F(ax) + 0.5f) - 0x3F000000u;
  const uint32_t r = cs_sel<uint32_t>(ax >= 0x477FF000u, 0x7C00u, cs_sel<uint32_t>(ax < 0x38800000u, sub, normal));
  return cs_sel<uint32_t>(ax > 0x7F800000u, 0x7FFFu, sign | r);
}
static inline uint32_t cs_f2bf(uint32_t x) {
  return cs_sel<uint32_t>((x & 0x7FFFFFFFu) > 0x7F800000u, 0x7FFFu, (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}
// f64 results (lane_ops_float.cc F64Binary/F64Unary): NaN canonical; .ftz (rcp/rsqrt only).
static inline uint64_t cs_nan64(uint64_t b) {
  return cs_sel<uint64_t>((b & 0x7FFFFFFFFFFFFFFFull) > 0x7FF0000000000000ull, 0x7FFFFFFFFFFFFFFFull, b);
}
static inline uint64_t cs_flush64(uint64_t b) {
  return cs_sel<uint64_t>((b & 0x7FF0000000000000ull) == 0, b & 0x8000000000000000ull, b);
}
// min/max.f64 with cs_minmax32's rules.
static inline uint64_t cs_minmax64(int is_max, uint64_t a, uint64_t b) {
  const uint64_t am = a & 0x7FFFFFFFFFFFFFFFull, bm = b & 0x7FFFFFFFFFFFFFFFull;
  const bool an = am > 0x7FF0000000000000ull, bn = bm > 0x7FF0000000000000ull;
  const int64_t ka = cs_sel<int64_t>((int64_t)a < 0, -(int64_t)am - 1, (int64_t)a);
  const int64_t kb = cs_sel<int64_t>((int64_t)b < 0, -(int64_t)bm - 1, (int64_t)b);
  const uint64_t r = cs_sel<uint64_t>(is_max ? ka >= kb : ka <= kb, a, b);
  return cs_sel<uint64_t>(an, cs_sel<uint64_t>(bn, 0x7FFFFFFFFFFFFFFFull, b), cs_sel<uint64_t>(bn, a, r));
}
// min/max: a NaN operand yields the other one; -0 orders below +0.
static inline uint32_t cs_minmax32(int is_max, uint32_t a, uint32_t b) {
  const bool an = (a & 0x7FFFFFFFu) > 0x7F800000u, bn = (b & 0x7FFFFFFFu) > 0x7F800000u;
  const int32_t ka = cs_sel<int32_t>((a & 0x80000000u) != 0, -(int32_t)(a & 0x7FFFFFFFu) - 1, (int32_t)a);
  const int32_t kb = cs_sel<int32_t>((b & 0x80000000u) != 0, -(int32_t)(b & 0x7FFFFFFFu) - 1, (int32_t)b);
  const uint32_t r = cs_sel<uint32_t>(is_max ? ka >= kb : ka <= kb, a, b);
  return cs_sel<uint32_t>(an, cs_sel<uint32_t>(bn, 0x7FFFFFFFu, b), cs_sel<uint32_t>(bn, a, r));
}
// fma.{rz,rm,rp}.f32 (mode 1, 2, 3): the exact product in double, the sum's rounding error by
// TwoSum, then the float on the requested side of the exact value.
static inline uint32_t cs_fma_dir32(int mode, uint32_t ua, uint32_t ub, uint32_t uc) {
  const double p = (double)F(ua) * (double)F(ub), z = F(uc);
  const double s0 = p + z;
  const double bb = s0 - p, e = (p - (s0 - bb)) + (z - bb);
  // Bitwise & and | throughout: && and || would be branches.
  // Sign bits by bit tests (__builtin_signbit does not vectorise).
  const bool negzero = (s0 == 0) & (mode == 2) &
                       (((int64_t)__builtin_bit_cast(uint64_t, p) < 0) | ((int64_t)__builtin_bit_cast(uint64_t, z) < 0));
  const double s = cs_seld(negzero, -0.0, s0);
  const float f = (float)s;
  const double fd = f;
  // The sign of f - exact: above (fd > s, or fd == s and e < 0) or below.
  const bool above = (fd > s) | ((fd == s) & (e < 0)), below = (fd < s) | ((fd == s) & (e > 0));
  const uint32_t b = BF(f);
  const bool neg = (b & 0x80000000u) != 0;
  const uint32_t down = cs_sel<uint32_t>(b == 0, 0x80000001u, cs_sel<uint32_t>(neg, b + 1, b - 1));
  const uint32_t up = cs_sel<uint32_t>(b == 0x80000000u, 1u, cs_sel<uint32_t>(neg, b - 1, b + 1));
  uint32_t r;
  if (mode == 2) r = cs_sel<uint32_t>(above, down, b);
  else if (mode == 3) r = cs_sel<uint32_t>(below, up, b);
  else r = cs_sel<uint32_t>(!neg & above, down, cs_sel<uint32_t>(neg & below, up, b));
  return cs_sel<uint32_t>(s != s, 0x7FFFFFFFu, r);
}
// div.approx.f32 (lane_ops_float.cc): a * (1/b), whose reciprocal flushes to zero for finite
// 2^126 < |b|: then +-0 (the sign of a * b), or NaN where a is not finite.
static inline uint32_t cs_div_approx32(uint32_t a, uint32_t b) {
  const uint32_t bm = b & 0x7FFFFFFFu;
  const bool huge = (bm > 0x7E800000u) & (bm < 0x7F800000u);
  const uint32_t special = cs_sel<uint32_t>((a & 0x7FFFFFFFu) >= 0x7F800000u, 0x7FFFFFFFu, (a ^ b) & 0x80000000u);
  return cs_sel<uint32_t>(huge, special, BF(F(a) / F(b)));
}
// cvt.{rzi,rni,rmi,rpi}.{s32,u32}.f32 after rounding: NaN -> 0, saturating.
static inline uint32_t cs_f2s32(float x) {  // x: already an integral value (or NaN, inf)
  const float c = x != x ? 0.0f : x;
  const float k = c < -2147483648.0f ? -2147483648.0f : (c > 2147483520.0f ? 2147483520.0f : c);
  return cs_sel<uint32_t>(c >= 2147483648.0f, 0x7FFFFFFFu, (uint32_t)(int32_t)k);
}
static inline uint32_t cs_f2u32(float x) {
  const float c = x != x ? 0.0f : x;
  const float k = c < 0.0f ? 0.0f : (c > 4294967040.0f ? 4294967040.0f : c);
  return cs_sel<uint32_t>(c >= 4294967296.0f, 0xFFFFFFFFu, (uint32_t)(int64_t)k);
}
// The same after rounding a double (an f64 source, or any float into 64 bits): saturating;
// NaN gives the sign-bit pattern (what the GPU gives, lane_ops_convert.cc).
static inline uint32_t cs_d2s32(double x) {
  const double c = x != x ? 0.0 : x;
  const double k = c < -2147483648.0 ? -2147483648.0 : (c > 2147483647.0 ? 2147483647.0 : c);
  return cs_sel<uint32_t>(x != x, 0x80000000u, (uint32_t)(int32_t)k);
}
static inline uint32_t cs_d2u32(double x) {
  const double c = x != x ? 0.0 : x;
  const double k = c < 0.0 ? 0.0 : (c > 4294967295.0 ? 4294967295.0 : c);
  return cs_sel<uint32_t>(x != x, 0x80000000u, (uint32_t)(int64_t)k);
}
static inline uint64_t cs_d2s64(double x) {
  const double c = x != x ? 0.0 : x;
  const double k = c < -9223372036854775808.0 ? -9223372036854775808.0 : (c > 9223372036854774784.0 ? 9223372036854774784.0 : c);
  return cs_sel<uint64_t>(x != x, 0x8000000000000000ull,
                          cs_sel<uint64_t>(c >= 9223372036854775808.0, 0x7FFFFFFFFFFFFFFFull, (uint64_t)(int64_t)k));
}
static inline uint64_t cs_d2u64(double x) {
  const double c = x != x ? 0.0 : x;
  const double k = c < 0.0 ? 0.0 : (c > 18446744073709549568.0 ? 18446744073709549568.0 : c);
  return cs_sel<uint64_t>(x != x, 0x8000000000000000ull, cs_sel<uint64_t>(c >= 18446744073709551616.0, ~0ull, (uint64_t)k));
}
// out[l] = src[ix[l] & 31] for 32 lanes: two vpermt2d where AVX-512 is (a gather from a local
// array is a slow vpgatherdd, microcoded on AMD).
static inline void cs_permute32(uint32_t* out, const uint32_t* src, const uint32_t* ix) {
  typedef uint32_t cs_u32x16 __attribute__((vector_size(64)));
  cs_u32x16 lo, hi, i0, i1;
  memcpy(&lo, src, 64); memcpy(&hi, src + 16, 64); memcpy(&i0, ix, 64); memcpy(&i1, ix + 16, 64);
  const cs_u32x16 r0 = __builtin_shuffle(lo, hi, i0 & 31u), r1 = __builtin_shuffle(lo, hi, i1 & 31u);
  memcpy(out, &r0, 64); memcpy(out + 16, &r1, 64);
}
// The lanes whose predicate (0/1 in 32 bits, cs_pred) is set: two vptestmd where AVX-512 is.
static inline uint32_t cs_ballot(const cs_pred* p) {
#ifdef __AVX512F__
  typedef int cs_i32x16 __attribute__((vector_size(64), aligned(4)));
  const cs_i32x16 one = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const uint32_t lo = __builtin_ia32_ptestmd512(*(const cs_i32x16*)p, one, 0xFFFF);
  const uint32_t hi = __builtin_ia32_ptestmd512(*(const cs_i32x16*)(p + 16), one, 0xFFFF);
  return lo | hi << 16;
#else
  uint32_t t = 0;
  for (int l = 0; l < 32; ++l) t |= (p[l] & 1u) << l;
  return t;
#endif
}
// One host access for an aligned 8- or 16-byte block (single-copy atomic SSE moves on x86-64
// with AVX), else a byte copy. Whole() says when.
static inline void cs_copy_whole(char* dst, const char* src, int bytes) {
#if defined(__x86_64__)
  typedef long long cs_v16 __attribute__((vector_size(16)));
  const uintptr_t a = (uintptr_t)src | (uintptr_t)dst;
  if (bytes == 16 && a % 16 == 0) { *(volatile cs_v16*)dst = *(const volatile cs_v16*)src; return; }
  if (bytes == 8 && a % 8 == 0) { *(volatile uint64_t*)dst = *(const volatile uint64_t*)src; return; }
#endif
  memcpy(dst, src, bytes);
}
static inline uint32_t cs_atom_add_f32(uint32_t* p, uint32_t b) {
  uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(p, &old, BF(F(old) + F(b)), true, __ATOMIC_SEQ_CST,
                                      __ATOMIC_RELAXED)) {}
  return old;
}
)";

struct RegInfo {
  // kRemat: no storage; every use recomputes it from its one definition (rematerialisation).
  // kGroup: used only within one block-wide warp group: a 32-lane array on the stack of the
  // loop over the warps (`g<r>`), reused by every warp, instead of one per warp in State.
  enum Kind : uint8_t { kArray, kUniform, kLocal, kRemat, kGroup } kind = kArray;
  int width = 32;
  int defs = 0;
  int segment = -2;  // -2: not seen; -1: seen outside a segment or in several; else the segment
  int group = -2;    // the same for multi-item warp groups (block-wide; FindLocals)
  bool first_is_full_def = false;
};

// A register whose value, in every run of lanes with consecutive %tid.x (CsWarp::run), is lane
// j's value plus sx per lane: v(j + i) = v(j) + sx * i, exactly in the register's width. `wraps`
// counts the 32-bit values widened on the way (0 or 1): a widened index that wraps inside a run
// breaks the relation, which the first-and-last-lane check of each run detects. `folded`: the
// one wrap is an `and` with 2^k - 1 (`threadIdx.x & 31`, a lane's index in its warp), a value
// taken modulo 2^k: lanes v(j) + sx * i reduced modulo 2^k are affine until one crosses a
// multiple of 2^k, where the value drops; the same run check detects that (the values move one
// way, so the first and last lane are (r - 1) * sx apart only if no lane crossed), and unlike a
// widening wrap it survives the truncation of a shared-memory address to 32 bits.
struct Affine {
  bool ok = false;
  int64_t sx = 0;
  int wraps = 0;
  bool folded = false;
};

struct Item {
  // kWarpOp: shfl, which reads other lanes' registers (its own lane loop, after every earlier
  // segment has written them).
  enum Kind : uint8_t { kSegment, kScalar, kBarrier, kGuardedExit, kFence, kWarpOp } kind;
  std::vector<uint32_t> insts;
  // The state spaces of its non-read-only loads (bits 1 << StateSpace); a store that may alias
  // one of them starts a new segment (MayAlias).
  uint32_t load_spaces = 0;
  bool has_atomic = false;
  // Its store may alias earlier loads of it, all contiguous per lane (Gen::InPlaceStore):
  // `y[i] = a * x[i] + y[i]`, `s[t] += s[t + k]`.
  bool in_place = false;
  // A warp trace's segment (Gen::EmitTrace) whose stores may alias some of its loads or each
  // other, all contiguous per lane in one space: its fused version runs only when, with one run
  // of 32, no store's range meets another such access's (a stencil reading `in` and writing
  // `out` through pointers without __restrict__; two outputs).
  bool disjoint = false;
  // Uniform instructions met inside a segment that run before all of it instead of cutting it
  // in two (see Gen::HoistableInto); emitted like a kScalar item just ahead of the segment.
  std::vector<uint32_t> pre{};
};

bool IsReadOnlyLoad(const ptx::Instruction& in) {
  if (in.op != Opcode::kLd && in.op != Opcode::kLdu) return false;
  return in.mod.space == StateSpace::kParam || in.mod.space == StateSpace::kConst || in.mod.nc ||
         in.op == Opcode::kLdu;
}
// Whether a store to `space` may write what a load from one of `load_spaces` read: shared and
// global memory are disjoint (a global address never points into a block's shared memory);
// generic and local accesses are assumed to alias anything.
bool MayAlias(uint32_t load_spaces, StateSpace space) {
  auto bit = [](StateSpace s) { return uint32_t{1} << static_cast<int>(s); };
  if (space != StateSpace::kShared && space != StateSpace::kGlobal) return load_spaces != 0;
  return (load_spaces & ~(bit(StateSpace::kShared) | bit(StateSpace::kGlobal))) != 0 || (load_spaces & bit(space)) != 0;
}

bool IsStoreLike(const ptx::Instruction& in) {
  return in.op == Opcode::kSt || in.op == Opcode::kAtom || in.op == Opcode::kRed;
}
bool HasDest(const ptx::Instruction& in) {
  switch (in.op) {
    case Opcode::kBar:
    case Opcode::kBarrier:
      return in.mod.bar_kind == ptx::BarKind::kRed && !in.operands.empty();
    case Opcode::kSt:
    case Opcode::kRed:
    case Opcode::kBarWarpSync:
    case Opcode::kBra:
    case Opcode::kExit:
    case Opcode::kRet:
    case Opcode::kMembar:
    case Opcode::kFence:
    case Opcode::kPrefetch:
    case Opcode::kPrefetchu:
      return false;
    default:
      return !in.operands.empty();
  }
}
bool IsUniformSreg(SpecialReg r) {
  switch (r) {
    case SpecialReg::kNtid:
    case SpecialReg::kCtaid:
    case SpecialReg::kNctaid:
    case SpecialReg::kWarpid:
    case SpecialReg::kNwarpid:
    case SpecialReg::kSmid:
    case SpecialReg::kNsmid:
    case SpecialReg::kDynamicSmemSize:
    case SpecialReg::kTotalSmemSize:
    case SpecialReg::kAggrSmemSize:
    case SpecialReg::kWarpsz:
      return true;
    default:
      return false;
  }
}

class Gen {
 public:
  Gen(const ptx::Module& m, const ptx::Function& f, const CodegenOptions& options)
      : m_(m), f_(f), options_(options) {}

  absl::StatusOr<GeneratedKernel> Run() {
    if (!f_.is_entry || !f_.has_body) return No("not a kernel with a body");
    if (f_.unsupported) return No(*f_.unsupported);
    for (const ptx::Register& r : f_.registers) {
      if (r.vector != 1) return No("vector registers");
    }
    for (const ptx::Variable& v : f_.locals) {
      if (v.space != StateSpace::kShared && v.space != StateSpace::kLocal) {
        return No(StrCat("a .", std::string(ptx::Name(v.space)), " variable"));
      }
    }
    LayoutLocal();
    regs_.resize(f_.registers.size());
    for (size_t i = 0; i < regs_.size(); ++i) regs_[i].width = Width(f_.registers[i].type);
    for (const ptx::Instruction& in : f_.instructions) {
      if (absl::Status s = Check(in); !s.ok()) return s;
    }
    LayoutShared();
    read_.assign(regs_.size(), false);
    for (const ptx::Instruction& in : f_.instructions) {
      std::vector<uint32_t> ss;
      Sources(in, ss);
      for (uint32_t r : ss) read_[r] = true;
    }
    param_layout_ = ptx::LayoutParams(f_);
    FindUniforms();
    ipdom_ = ptx::analysis::ImmediatePostDominators(f_);
    reconvergence_point_.assign(f_.blocks.size(), false);
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      if (f_.blocks[b].successors.size() > 1 && ipdom_[b] < f_.blocks.size()) reconvergence_point_[ipdom_[b]] = true;
    }
    FindDivergentRegions();
    FindCycles();
    FindAffine();
    ChooseLaneOrder();
    FindRemat();
    FindTidPure();
    BuildItems();
    if (options_.block_wide) {
      std::optional<std::string> why = BlockWideBlocker();
      block_ = !why.has_value();
      if (why) out_.block_wide_blocker = *why;
    }
    FindLocals();
    absl::Status s = Emit();
    if (!s.ok()) return s;
    out_.symbol = "cs_kernel";
    out_.state_symbol = "cs_state_bytes";
    out_.has_barriers = has_barriers_;
    out_.block_wide = block_;
    out_.transposed = transposed_;
    return std::move(out_);
  }

 private:
  absl::Status No(std::string_view why) const {
    return absl::UnimplementedError(std::string(why));
  }
  absl::Status NoInst(const ptx::Instruction& in, std::string_view why) const {
    return absl::UnimplementedError(
        StrCat(std::string(ptx::Name(in.op)), " (", std::string(why), ") at PTX line ", in.line));
  }

  // --- Which instructions are compiled ----------------------------------------------------

  absl::Status CheckOperand(const ptx::Instruction& in, const Operand& op) {
    switch (op.kind) {
      case Operand::Kind::kSpecialReg:
        switch (op.sreg) {
          case SpecialReg::kTid:
          case SpecialReg::kLaneid:
          case SpecialReg::kLanemaskEq:
          case SpecialReg::kLanemaskLe:
          case SpecialReg::kLanemaskLt:
          case SpecialReg::kLanemaskGe:
          case SpecialReg::kLanemaskGt:
            return absl::OkStatus();
          default:
            return IsUniformSreg(op.sreg) ? absl::OkStatus() : NoInst(in, "special register");
        }
      case Operand::Kind::kSymbol:
      case Operand::Kind::kAddress:
        if (op.kind == Operand::Kind::kAddress && op.base != Operand::Base::kSymbol) break;
        switch (op.symbol_kind) {
          case SymbolKind::kGlobalVar: break;
          case SymbolKind::kLocalVar:
            if (f_.locals[op.symbol].space != StateSpace::kShared &&
                f_.locals[op.symbol].space != StateSpace::kLocal) {
              return NoInst(in, "local symbol");
            }
            break;
          case SymbolKind::kParam: break;
          default: return NoInst(in, "symbol kind");
        }
        break;
      case Operand::Kind::kVector:
        for (const Operand& e : op.elements) {
          if (e.kind != Operand::Kind::kReg && e.kind != Operand::Kind::kSink &&
              e.kind != Operand::Kind::kImmInt && e.kind != Operand::Kind::kImmFloat) {
            return NoInst(in, "vector element");
          }
        }
        break;
      case Operand::Kind::kTexCoords:
      case Operand::Kind::kLabel:
        break;
      default:
        break;
    }
    return absl::OkStatus();
  }

  absl::Status Check(const ptx::Instruction& in) {
    for (const Operand& op : in.operands) {
      if (absl::Status s = CheckOperand(in, op); !s.ok()) return s;
    }
    const ptx::Modifiers& m = in.mod;
    const ScalarType t = m.type;
    auto vector_ok = [&](size_t i) {
      return i < in.operands.size() && in.operands[i].kind != Operand::Kind::kVector;
    };
    switch (in.op) {
      case Opcode::kMov: {
        if (vector_ok(0) && vector_ok(1)) return absl::OkStatus();
        // Packing mov.b64 d, {lo, hi} / unpacking mov.b64 {lo, hi}, s (and b32 from/to halves).
        const bool pack = vector_ok(0);
        const Operand& v = in.operands[pack ? 1 : 0];
        const Operand& r = in.operands[pack ? 0 : 1];
        const int w = Width(t), n = static_cast<int>(v.elements.size());
        if (r.kind != Operand::Kind::kReg || (w != 32 && w != 64) || (n != 2 && n != 4) || w / n < 8) {
          return NoInst(in, "vector mov form");
        }
        return absl::OkStatus();
      }
      case Opcode::kLd:
      case Opcode::kLdu:
      case Opcode::kSt:
        if (in.op == Opcode::kSt && m.space == StateSpace::kParam) return NoInst(in, "st.param");
        if (ptx::SizeOf(t) > 8 || ptx::SizeOf(t) == 0) return NoInst(in, "element type");
        return absl::OkStatus();
      case Opcode::kAtom:
      case Opcode::kRed: {
        if (m.space == StateSpace::kLocal) return NoInst(in, "local memory");
        const bool f32add = t == ScalarType::kF32 && m.atom_op == ptx::AtomOp::kAdd;
        const bool intop = ptx::IsInteger(t) && (simt::BitWidth(t) == 32 || simt::BitWidth(t) == 64) &&
                           (m.atom_op == ptx::AtomOp::kAdd || m.atom_op == ptx::AtomOp::kExch ||
                            m.atom_op == ptx::AtomOp::kMin || m.atom_op == ptx::AtomOp::kMax ||
                            m.atom_op == ptx::AtomOp::kAnd || m.atom_op == ptx::AtomOp::kOr ||
                            m.atom_op == ptx::AtomOp::kXor || m.atom_op == ptx::AtomOp::kCas);
        if (!f32add && !intop) return NoInst(in, "atomic form");
        if (m.vector != 1) return NoInst(in, "vector atomic");
        return absl::OkStatus();
      }
      case Opcode::kBar:
      case Opcode::kBarrier: {
        if (m.bar_kind == ptx::BarKind::kRed) {  // bar.red.{popc.u32,and.pred,or.pred} d, 0, p
          if (in.operands.size() != 3 || in.operands[1].kind != Operand::Kind::kImmInt ||
              in.operands[1].imm != 0 || in.operands[0].kind != Operand::Kind::kReg) {
            return NoInst(in, "bar.red other than on barrier 0 without a count");
          }
          has_barriers_ = true;
          return absl::OkStatus();
        }
        if (m.bar_kind != ptx::BarKind::kSync && m.bar_kind != ptx::BarKind::kNone) {
          return NoInst(in, "barrier kind");
        }
        if (in.operands.size() != 1 || in.operands[0].kind != Operand::Kind::kImmInt ||
            in.operands[0].imm != 0) {
          return NoInst(in, "barrier other than bar.sync 0");
        }
        has_barriers_ = true;
        return absl::OkStatus();
      }
      case Opcode::kShfl:
        if (ptx::SizeOf(t) != 4) return NoInst(in, "shfl type");
        return absl::OkStatus();
      case Opcode::kVote:
        if (m.vote_mode == ptx::VoteMode::kNone) return NoInst(in, "vote mode");
        return absl::OkStatus();
      case Opcode::kRedux:
        if (!ptx::IsInteger(t) && t != ScalarType::kB32) return NoInst(in, "redux type");
        return absl::OkStatus();
      case Opcode::kActivemask:
        return absl::OkStatus();
      case Opcode::kNanosleep:  // a spin hint: the host's pause
      case Opcode::kPrefetch:
      case Opcode::kPrefetchu:
      case Opcode::kBarWarpSync:
      case Opcode::kMembar:
      case Opcode::kFence:
      case Opcode::kBra:
      case Opcode::kExit:
      case Opcode::kRet:
        if (in.op == Opcode::kBra && in.operands.size() != 1) return NoInst(in, "brx");
        return absl::OkStatus();
      case Opcode::kCvta:
        return absl::OkStatus();
      case Opcode::kSetp:
        if (t == ScalarType::kF16x2 || t == ScalarType::kBF16x2) return NoInst(in, "packed setp");
        if (!ptx::IsFloat(t) && !ptx::IsInteger(t)) return NoInst(in, "setp type");
        return absl::OkStatus();
      case Opcode::kSelp:
        return absl::OkStatus();
      case Opcode::kCvt: {
        if (in.operands.size() != 2) return NoInst(in, "packing cvt");
        if (t == ScalarType::kPred || m.type2 == ScalarType::kPred) return NoInst(in, "pred cvt");
        if (t == ScalarType::kF16x2 || t == ScalarType::kBF16x2 || m.type2 == ScalarType::kF16x2 ||
            m.type2 == ScalarType::kBF16x2) {
          return NoInst(in, "packed cvt");
        }
        return absl::OkStatus();
      }
      case Opcode::kAdd:
      case Opcode::kSub:
        if (m.cc) return NoInst(in, "carry");
        [[fallthrough]];
      case Opcode::kMul:
      case Opcode::kMad:
        if (in.op == Opcode::kMad && m.cc) return NoInst(in, "carry");
        if (t == ScalarType::kF16x2 || t == ScalarType::kBF16x2) return NoInst(in, "packed");
        return absl::OkStatus();
      case Opcode::kFma:
      case Opcode::kDiv:
      case Opcode::kMin:
      case Opcode::kMax:
      case Opcode::kAbs:
      case Opcode::kNeg:
      case Opcode::kSqrt:
      case Opcode::kRsqrt:
      case Opcode::kRcp:
      case Opcode::kEx2:
      case Opcode::kLg2:
      case Opcode::kSin:
      case Opcode::kCos:
      case Opcode::kTanh:
      case Opcode::kCopysign:
        if (t == ScalarType::kF16x2 || t == ScalarType::kBF16x2) return NoInst(in, "packed");
        if (m.relu && !ptx::IsFloat(t)) return NoInst(in, "relu");
        return absl::OkStatus();
      case Opcode::kAnd:
      case Opcode::kOr:
      case Opcode::kXor:
      case Opcode::kNot:
      case Opcode::kCnot:
      case Opcode::kShl:
      case Opcode::kShr:
      case Opcode::kRem:
      case Opcode::kMul24:
      case Opcode::kMad24:
      case Opcode::kPopc:
      case Opcode::kClz:
      case Opcode::kBrev:
      case Opcode::kBfind:
      case Opcode::kBfe:
      case Opcode::kBfi:
      case Opcode::kPrmt:
      case Opcode::kLop3:
      case Opcode::kShf:
      case Opcode::kSad:
      case Opcode::kTestp:
        return absl::OkStatus();
      default:
        return NoInst(in, "not compiled yet");
    }
  }

  // --- Shared memory: the decoder's layout (static variables in order of appearance) --------

  void LayoutShared() {
    uint32_t offset = 0;
    auto align = [](uint32_t v, uint32_t a) { return a <= 1 ? v : (v + a - 1) / a * a; };
    std::vector<uint32_t> dynamic;
    std::function<void(const Operand&)> visit = [&](const Operand& op) {
      bool is_symbol = op.kind == Operand::Kind::kSymbol ||
                       (op.kind == Operand::Kind::kAddress && op.base == Operand::Base::kSymbol);
      if (is_symbol && op.symbol_kind == SymbolKind::kGlobalVar && op.symbol < m_.variables.size()) {
        const ptx::Variable& v = m_.variables[op.symbol];
        if (v.space == StateSpace::kShared && !shared_global_.contains(op.symbol)) {
          if (v.unsized_array || v.size == 0) {
            shared_global_[op.symbol] = 0;
            dynamic.push_back(op.symbol);
          } else {
            offset = align(offset, std::max<uint32_t>(v.align, 1));
            shared_global_[op.symbol] = offset;
            offset += static_cast<uint32_t>(v.size);
          }
        }
      }
      for (const Operand& e : op.elements) visit(e);
    };
    for (const ptx::Instruction& in : f_.instructions) {
      for (const Operand& op : in.operands) visit(op);
    }
    std::vector<uint32_t> local_dynamic;
    for (uint32_t i = 0; i < f_.locals.size(); ++i) {
      const ptx::Variable& v = f_.locals[i];
      if (v.unsized_array || v.size == 0) {
        local_dynamic.push_back(i);
        continue;
      }
      offset = align(offset, std::max<uint32_t>(v.align, 1));
      shared_local_[i] = offset;
      offset += static_cast<uint32_t>(v.size);
    }
    out_.static_shared_bytes = align(offset, 16);
    for (uint32_t i : dynamic) shared_global_[i] = out_.static_shared_bytes;
    for (uint32_t i : local_dynamic) shared_local_[i] = out_.static_shared_bytes;
  }

  // --- Local memory: each lane's frame of .local variables (the interpreter's layout) --------

  void LayoutLocal() {
    uint32_t offset = 0;
    local_offset_.assign(f_.locals.size(), 0);
    for (uint32_t i = 0; i < f_.locals.size(); ++i) {
      const ptx::Variable& v = f_.locals[i];
      if (v.space != StateSpace::kLocal) continue;
      const uint32_t size = static_cast<uint32_t>(v.size != 0 ? v.size : ptx::SizeOf(v.type));
      const uint32_t align = std::max<uint32_t>({v.align, ptx::SizeOf(v.type), 1});
      offset = (offset + align - 1) / align * align;
      local_offset_[i] = offset;
      offset += size;
    }
    local_stride_ = (offset + 15) / 16 * 16;
    out_.local_stride = local_stride_;
  }

  // --- Uniform registers ----------------------------------------------------------------------

  // Registers written by `in` (destinations; vector elements included).
  static void Dests(const ptx::Instruction& in, std::vector<uint32_t>& out) {
    out.clear();
    if (!HasDest(in)) return;
    const Operand& d = in.operands[0];
    if (d.kind == Operand::Kind::kReg) out.push_back(d.reg);
    if (d.kind == Operand::Kind::kRegPair) {
      out.push_back(d.reg);
      out.push_back(d.reg2);
    }
    if (d.kind == Operand::Kind::kVector) {
      for (const Operand& e : d.elements) {
        if (e.kind == Operand::Kind::kReg) out.push_back(e.reg);
      }
    }
  }
  static void Sources(const ptx::Instruction& in, std::vector<uint32_t>& out) {
    out.clear();
    if (in.has_guard) out.push_back(in.guard);
    std::function<void(const Operand&)> add = [&](const Operand& op) {
      if (op.kind == Operand::Kind::kReg || op.kind == Operand::Kind::kRegPair) out.push_back(op.reg);
      if (op.kind == Operand::Kind::kAddress && op.base == Operand::Base::kReg) out.push_back(op.reg);
      for (const Operand& e : op.elements) add(e);
    };
    for (size_t i = HasDest(in) ? 1 : 0; i < in.operands.size(); ++i) add(in.operands[i]);
  }

  // Warp-wide instructions whose result is the same in every lane (uniformity.h): computed once,
  // outside lane loops, from the lanes' sources.
  static bool IsWarpCollective(const ptx::Instruction& in) {
    return in.op == Opcode::kVote || in.op == Opcode::kRedux || in.op == Opcode::kActivemask;
  }

  // Instructions that can run once per warp when every register they write is warp-uniform.
  static bool ScalarCapable(const ptx::Instruction& in) {
    if (!HasDest(in)) return false;
    switch (in.op) {
      case Opcode::kAtom:
      case Opcode::kShfl:
      case Opcode::kBar:  // bar.red: its result comes with the barrier
      case Opcode::kBarrier:
        return false;
      case Opcode::kLd:
      case Opcode::kLdu:
        return in.mod.space != StateSpace::kLocal;
      default:
        return true;
    }
  }

  // Registers the uniformity analysis proves warp-uniform become one scalar per warp (any number
  // of definitions: loop counters, strides, addresses of uniform data) as long as every
  // instruction defining them can run once per warp. Those instructions are the scalar ones.
  void FindUniforms() {
    std::vector<uint32_t> ds, ss;
    for (const ptx::Instruction& in : f_.instructions) {
      Dests(in, ds);
      for (uint32_t r : ds) ++regs_[r].defs;
    }
    const ptx::analysis::Uniformity uni = ptx::analysis::AnalyzeUniformity(f_, &m_);
    uniform_branch_ = uni.uniform_branch;
    std::vector<bool> cand(regs_.size());
    for (uint32_t r = 0; r < regs_.size(); ++r) cand[r] = uni.IsUniform(r) && regs_[r].defs > 0;
    auto scalar = [&](const ptx::Instruction& in) {
      if (!ScalarCapable(in)) return false;
      if (in.has_guard && !cand[in.guard]) return false;
      Dests(in, ds);
      if (ds.empty()) return false;
      for (uint32_t r : ds) {
        if (!cand[r]) return false;
      }
      Sources(in, ss);
      if (IsWarpCollective(in)) {  // the lane values are read as arrays; only the mask decides
        const Operand& members = in.operands.back();
        return in.op == Opcode::kActivemask || members.kind != Operand::Kind::kReg || cand[members.reg];
      }
      for (uint32_t r : ss) {
        if (!cand[r]) return false;
      }
      return true;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (const ptx::Instruction& in : f_.instructions) {
        Dests(in, ds);
        bool any = false;
        for (uint32_t r : ds) any |= cand[r];
        if (!any || scalar(in)) continue;
        Dests(in, ds);
        for (uint32_t r : ds) cand[r] = false;
        changed = true;
      }
    }
    uniform_inst_.assign(f_.instructions.size(), false);
    for (size_t i = 0; i < f_.instructions.size(); ++i) uniform_inst_[i] = scalar(f_.instructions[i]);
    for (uint32_t r = 0; r < regs_.size(); ++r) {
      if (cand[r]) regs_[r].kind = RegInfo::kUniform;
    }
    // Uniform registers set once from an immediate (nvcc's shuffle offsets and clamps, loop
    // bounds): read as the literal, so g++ folds them (a shuffle by a constant offset becomes a
    // fixed permutation) instead of loading them from the state on every use.
    for (const ptx::Instruction& in : f_.instructions) {
      Dests(in, ds);
      if (in.op != Opcode::kMov || in.has_guard || ds.size() != 1 || in.operands.size() != 2) continue;
      const uint32_t r = ds[0];
      const Operand& v = in.operands[1];
      if (regs_[r].kind != RegInfo::kUniform || regs_[r].defs != 1 || regs_[r].width == 1) continue;
      if (v.kind != Operand::Kind::kImmInt && v.kind != Operand::Kind::kImmFloat) continue;
      const int w = std::min(Width(in.mod.type), regs_[r].width);  // as the mov writes it
      if (w <= 1) continue;
      const uint64_t bits = ImmBits(v, in.mod.type);
      constant_[r] = w >= 64 ? bits : bits & ((uint64_t{1} << w) - 1);
    }
  }

  // --- Lane-affine registers (Affine) --------------------------------------------------------

  std::optional<Affine> OperandAffine(const Operand& op) const {
    switch (op.kind) {
      case Operand::Kind::kReg:
        if (regs_[op.reg].kind == RegInfo::kUniform) return Affine{true, 0, 0};
        if (aff_[op.reg].ok) return aff_[op.reg];
        return std::nullopt;
      case Operand::Kind::kImmInt:
      case Operand::Kind::kImmFloat:
      case Operand::Kind::kSymbol:
        return Affine{true, 0, 0};
      case Operand::Kind::kSpecialReg:
        if (op.sreg == SpecialReg::kTid) return Affine{true, Comp(op.component) == 0 ? 1 : 0, 0};
        if (op.sreg == SpecialReg::kLaneid) return Affine{true, 1, 0};
        if (IsUniformSreg(op.sreg)) return Affine{true, 0, 0};
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // The Affine of `in`'s single register destination from its operands', or nullopt.
  std::optional<Affine> AffineOf(const ptx::Instruction& in) const {
    if (in.has_guard && regs_[in.guard].kind != RegInfo::kUniform) return std::nullopt;
    if (in.operands.empty() || in.operands[0].kind != Operand::Kind::kReg) return std::nullopt;
    std::vector<Affine> a;
    for (size_t i = 1; i < in.operands.size(); ++i) {
      std::optional<Affine> x = OperandAffine(in.operands[i]);
      if (!x) return std::nullopt;
      a.push_back(*x);
    }
    const ptx::Modifiers& m = in.mod;
    auto imm = [&](size_t i) -> std::optional<int64_t> {
      if (i < in.operands.size() && in.operands[i].kind == Operand::Kind::kImmInt) return in.operands[i].imm;
      return std::nullopt;
    };
    bool constant = true;  // every operand the same in all lanes of a run
    for (const Affine& x : a) constant &= x.sx == 0 && x.wraps == 0;
    switch (in.op) {
      case Opcode::kLd: case Opcode::kLdu: case Opcode::kAtom: case Opcode::kShfl: case Opcode::kVote:
      case Opcode::kRedux: case Opcode::kActivemask: case Opcode::kSetp: case Opcode::kSelp:
        return std::nullopt;
      case Opcode::kCvta:  // to/from .local adds/subtracts the lane's own frame
        if (m.space == StateSpace::kLocal) return std::nullopt;
        break;
      default: break;
    }
    if (constant) return HasDest(in) ? std::optional<Affine>(Affine{true, 0, 0}) : std::nullopt;
    if (ptx::IsFloat(m.type) || m.sat || m.cc) return std::nullopt;
    Affine r{true, 0, 0};
    // a[i] * (immediate or constant operand j): the product's stride.
    auto product = [&](size_t x, size_t y, Affine* out) {  // operand indices (1-based)
      const Affine& ax = a[x - 1];
      const Affine& ay = a[y - 1];
      if (ax.sx == 0 && ay.sx == 0) {
        *out = Affine{true, 0, ax.wraps + ay.wraps, ax.folded || ay.folded};
        return true;
      }
      if (std::optional<int64_t> c = imm(y); c && ax.sx != 0) {
        *out = Affine{true, ax.sx * *c, ax.wraps, ax.folded};
        return true;
      }
      if (std::optional<int64_t> c = imm(x); c && ay.sx != 0) {
        *out = Affine{true, ay.sx * *c, ay.wraps, ay.folded};
        return true;
      }
      return false;
    };
    const bool wide = m.mul_mode == ptx::MulMode::kWide;
    switch (in.op) {
      case Opcode::kMov:
        r = a[0];
        break;
      case Opcode::kCvta:
        r = a[0];
        break;
      case Opcode::kAdd:
      case Opcode::kSub:
        r = Affine{true, in.op == Opcode::kAdd ? a[0].sx + a[1].sx : a[0].sx - a[1].sx, a[0].wraps + a[1].wraps,
                   a[0].folded || a[1].folded};
        break;
      case Opcode::kNeg:
        r = Affine{true, -a[0].sx, a[0].wraps, a[0].folded};
        break;
      case Opcode::kMul:
      case Opcode::kMad:
        if (m.mul_mode != ptx::MulMode::kLo && m.mul_mode != ptx::MulMode::kNone && !wide) return std::nullopt;
        if (!product(1, 2, &r)) return std::nullopt;
        if (wide && r.sx != 0) ++r.wraps;
        if (in.op == Opcode::kMad) r = Affine{true, r.sx + a[2].sx, r.wraps + a[2].wraps, r.folded || a[2].folded};
        break;
      case Opcode::kShl: {
        std::optional<int64_t> k = imm(2);
        if (!k || *k < 0 || *k > 62) return std::nullopt;
        r = Affine{true, a[0].sx * (int64_t{1} << *k), a[0].wraps, a[0].folded};
        break;
      }
      case Opcode::kAnd: {
        // `v & (2^k - 1)` of a lane-affine v: a fold (Affine::folded). The drop at a crossing
        // is 2^k times what scales it on the way to an address (at most 16, an access's stride):
        // with k <= 16, at most 32 drops stay far below 2^32, the one amount a 32-bit
        // shared-memory address could hide.
        std::optional<int64_t> mask = imm(2);
        if (!mask || *mask <= 0 || *mask > 0xFFFF || (*mask & (*mask + 1)) != 0 || a[0].folded) return std::nullopt;
        r = Affine{true, a[0].sx, a[0].wraps + 1, true};
        break;
      }
      case Opcode::kCvt: {
        if (ptx::IsFloat(m.type2) || m.type2 == ScalarType::kPred) return std::nullopt;
        const int wd = Width(m.type), ws = Width(m.type2);
        r = a[0];
        if (wd > ws && r.sx != 0) ++r.wraps;
        // Narrowing is arithmetic modulo 2^wd, where every step so far was exact: a wrap of the
        // wider value no longer matters.
        if (wd < ws && !r.folded) r.wraps = 0;
        break;
      }
      default:
        return std::nullopt;
    }
    if (r.wraps > 1) return std::nullopt;
    return r;
  }

  // Which blocks a divergent branch may reach before it reconverges (divergent_block_), and for
  // each such block a branch whose region holds it (divergent_by_); exit-only
  // successors do not count (those lanes just exit).
  void FindDivergentRegions() {
    divergent_block_.assign(f_.blocks.size(), false);
    divergent_by_.assign(f_.blocks.size(), kNone);
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      const ptx::BasicBlock& bb = f_.blocks[b];
      if (bb.end == bb.begin || !IsTerminator(bb, bb.end - 1)) continue;
      const uint32_t br = bb.end - 1;
      if (f_.instructions[br].op != Opcode::kBra || uniform_branch_[br] || bb.successors.size() < 2) continue;
      bool exit_side = false;
      for (uint32_t succ : bb.successors) exit_side |= ExitOnly(succ);
      if (exit_side) continue;
      const uint32_t join = ipdom_[b];
      std::vector<bool> seen(f_.blocks.size());
      std::vector<uint32_t> work(bb.successors.begin(), bb.successors.end());
      while (!work.empty()) {
        const uint32_t x = work.back();
        work.pop_back();
        if (x >= f_.blocks.size() || x == join || seen[x]) continue;
        seen[x] = true;
        divergent_block_[x] = true;
        if (divergent_by_[x] == kNone) divergent_by_[x] = br;
        for (uint32_t y : f_.blocks[x].successors) work.push_back(y);
      }
    }
    block_of_.assign(f_.instructions.size(), kNone);
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      for (uint32_t i = f_.blocks[b].begin; i < f_.blocks[b].end; ++i) block_of_[i] = b;
    }
    readers_.assign(regs_.size(), {});
    std::vector<uint32_t> ss;
    for (uint32_t i = 0; i < f_.instructions.size(); ++i) {
      Sources(f_.instructions[i], ss);
      for (uint32_t r : ss) {
        if (readers_[r].empty() || readers_[r].back() != i) readers_[r].push_back(i);
      }
    }
  }

  // Whether every lane that reads register r (defined only by instruction `def`) got its value
  // from the same execution of `def`: true when `def` never runs under divergence (all live
  // lanes run it together), or when every read follows it in its own basic block (the lanes
  // reading it are those that just ran it). A lane-affine relation between lanes needs this: a
  // definition in a divergent loop can leave lanes holding values from different iterations.
  bool SameExecutionInAllLanes(uint32_t r, uint32_t def) const {
    const uint32_t b = block_of_[def];
    if (b == kNone) return false;
    if (!divergent_block_[b]) return true;
    for (uint32_t i : readers_[r]) {
      if (block_of_[i] != b || i <= def) return false;
    }
    return true;
  }

  // An induction variable: a register defined by lane-affine starts (`p = base + tid * 4`), all
  // with one stride and outside divergent regions (run with every live lane), and by steps that
  // add the same amount in every lane to itself (`p += stride`). Lanes that have run the same
  // sequence of definitions stay `stride` apart. That holds for every live lane when the steps
  // too lie outside divergent regions (SGEMM's pointers walking along a row). A step may also lie
  // in a divergent loop of one block (DivergentLoopBlock: a grid-stride loop `for (i = tid; i < n;
  // i += stride)`): the lanes running an iteration entered together and have run as many steps,
  // but they leave at different iterations, so then all such steps must lie in one loop and
  // every read in it or after a start in its own block. The start of such a loop may also lie in
  // its guarded preheader (`if (tid < n) { i = tid; do ... while (i < n); }`, how nvcc lays out
  // `for (i = tid; i < n; i += blockDim.x)`; GuardedStart): then it must be the only start, the
  // loop entered from the preheader alone, and every read in the loop or the preheader.
  std::optional<Affine> InductionAffine(uint32_t r, const std::vector<uint32_t>& defs) const {
    std::optional<Affine> start;
    auto same_in_all_lanes = [&](const Operand& op) {
      if (op.kind == Operand::Kind::kImmInt) return true;
      if (op.kind != Operand::Kind::kReg) return false;
      if (regs_[op.reg].kind == RegInfo::kUniform) return true;
      return aff_[op.reg].ok && aff_[op.reg].sx == 0 && aff_[op.reg].wraps == 0;
    };
    std::set<uint32_t> loop_steps;  // blocks: divergent one-block loops holding a step
    int starts = 0, plain_steps = 0;
    uint32_t guarded = kNone;  // the start's instruction when it lies in a GuardedStart block
    for (uint32_t i : defs) {
      const ptx::Instruction& in = f_.instructions[i];
      const uint32_t b = block_of_[i];
      if (b == kNone) return std::nullopt;
      if (in.has_guard && regs_[in.guard].kind != RegInfo::kUniform) return std::nullopt;
      const bool step = (in.op == Opcode::kAdd || in.op == Opcode::kSub) && in.operands.size() == 3 &&
                        !in.mod.sat && !in.mod.cc && !ptx::IsFloat(in.mod.type) &&
                        in.operands[1].kind == Operand::Kind::kReg && in.operands[1].reg == r &&
                        same_in_all_lanes(in.operands[2]);
      if (divergent_block_[b]) {
        if (step && DivergentLoopBlock(b)) {
          loop_steps.insert(b);
          continue;
        }
        if (step || !GuardedStart(b)) return std::nullopt;
        guarded = i;
      } else if (step) {
        ++plain_steps;
        continue;
      }
      std::optional<Affine> a = AffineOf(in);
      if (!a || (start && (start->sx != a->sx || start->wraps != a->wraps || start->folded != a->folded))) {
        return std::nullopt;
      }
      start = a;
      ++starts;
    }
    // Two such loops: lanes leave the first at different iterations and enter the second
    // that many steps apart.
    if (loop_steps.size() > 1) return std::nullopt;
    if (guarded != kNone) {
      if (starts != 1 || plain_steps != 0 || loop_steps.size() != 1) return std::nullopt;
      const uint32_t pre = block_of_[guarded], loop = *loop_steps.begin();
      for (uint32_t p : f_.blocks[loop].predecessors) {
        if (p != loop && p != pre) return std::nullopt;
      }
      for (uint32_t i : readers_[r]) {
        if (block_of_[i] != loop && !(block_of_[i] == pre && i > guarded)) return std::nullopt;
      }
      return start;
    }
    if (!loop_steps.empty()) {
      for (uint32_t i : readers_[r]) {
        const uint32_t b = block_of_[i];
        bool ok = loop_steps.count(b) != 0;
        for (uint32_t d : defs) ok |= block_of_[d] == b && d < i && !divergent_block_[b];
        // A read no step can reach sees a start: softmax's `lane = threadIdx.x & 31` between
        // its loops reads the index a later grid-stride loop steps.
        if (!ok) ok = !Reaches(loop_steps, b);
        if (!ok) return std::nullopt;
      }
    }
    return start;
  }

  // A block run at most once, by the lanes that take one edge out of a block that every live lane
  // runs together once (no divergent region, no cycle): its definitions happen in one execution
  // for all the lanes that ever run them.
  bool GuardedStart(uint32_t b) const {
    const ptx::BasicBlock& bb = f_.blocks[b];
    if (on_cycle_[b] || bb.predecessors.size() != 1) return false;
    const uint32_t p = bb.predecessors[0];
    return p < f_.blocks.size() && !divergent_block_[p] && !on_cycle_[p];
  }

  // Whether a path of one or more edges leads from one of the blocks `from` to block `to`.
  bool Reaches(const std::set<uint32_t>& from, uint32_t to) const {
    const size_t nb = f_.blocks.size();
    std::vector<bool> seen(nb, false);
    std::vector<uint32_t> todo;
    for (uint32_t b : from) todo.insert(todo.end(), f_.blocks[b].successors.begin(), f_.blocks[b].successors.end());
    while (!todo.empty()) {
      const uint32_t x = todo.back();
      todo.pop_back();
      if (x >= nb || seen[x]) continue;
      if (x == to) return true;
      seen[x] = true;
      for (uint32_t y : f_.blocks[x].successors) todo.push_back(y);
    }
    return false;
  }

  // A block that loops on itself and is entered only from blocks on no cycle of the CFG: each
  // lane enters it at most once, and lanes that enter at different times never run it together
  // (the first ones loop to their reconvergence point before the others resume).
  bool DivergentLoopBlock(uint32_t b) const {
    const ptx::BasicBlock& bb = f_.blocks[b];
    if (std::find(bb.successors.begin(), bb.successors.end(), b) == bb.successors.end()) return false;
    for (uint32_t p : bb.predecessors) {
      if (p != b && (p >= on_cycle_.size() || on_cycle_[p])) return false;
    }
    return true;
  }

  // Registers whose value is lane-affine (Affine): one definition (SameExecutionInAllLanes) or
  // an induction variable (InductionAffine), to a fixed point.
  void FindAffine() {
    aff_.assign(regs_.size(), Affine{});
    std::vector<uint32_t> ds;
    std::map<uint32_t, std::vector<uint32_t>> multi;  // multi-definition registers -> definitions
    for (size_t i = 0; i < f_.instructions.size(); ++i) {
      Dests(f_.instructions[i], ds);
      for (uint32_t r : ds) {
        if (regs_[r].defs > 1 && regs_[r].kind != RegInfo::kUniform) multi[r].push_back(static_cast<uint32_t>(i));
      }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [r, defs] : multi) {
        if (aff_[r].ok) continue;
        bool single_dest = true;
        for (uint32_t i : defs) {
          Dests(f_.instructions[i], ds);
          single_dest &= ds.size() == 1;
        }
        if (!single_dest) continue;
        if (std::optional<Affine> a = InductionAffine(r, defs)) {
          aff_[r] = *a;
          changed = true;
        }
      }
      for (size_t i = 0; i < f_.instructions.size(); ++i) {
        if (uniform_inst_[i]) continue;
        const ptx::Instruction& in = f_.instructions[i];
        Dests(in, ds);
        if (ds.size() != 1 || regs_[ds[0]].defs != 1 || aff_[ds[0]].ok) continue;
        if (regs_[ds[0]].kind == RegInfo::kUniform) continue;
        if (std::optional<Affine> a = AffineOf(in); a && SameExecutionInAllLanes(ds[0], static_cast<uint32_t>(i))) {
          aff_[ds[0]] = *a;
          changed = true;
        }
      }
    }
  }

  // --- Lane order (GeneratedKernel::transposed) ----------------------------------------------

  // The generated code's component for the kernel's %tid / %ntid component `c`. Lanes run along
  // the code's component 0 (CsWarp::run, Affine::sx); with transposed lanes that is the kernel's
  // y, and the driver stores y in CsWarp::tid[0] and CsCtx::ntid[0] (and x in [1]).
  int Comp(int c) const { return transposed_ && c < 2 ? 1 - c : c; }

  // Whether the kernel cannot tell which of its threads share a warp: no barrier, no warp-level
  // operation, no lane or warp number, no call (a callee might do any of those; printf's order
  // would change), and no shared memory (without barriers, threads share it only through
  // pre-Volta warp-synchronous code, which assumes CUDA's warps). Only then may its threads run
  // y-fastest, and only if it reads %tid.y at all.
  bool LaneOrderFree() const {
    bool reads_tid_y = false;
    for (const ptx::Instruction& in : f_.instructions) {
      if (in.mod.space == StateSpace::kShared) return false;  // ld/st/atom/cvta (dynamic shared too)
      switch (in.op) {
        case Opcode::kBar: case Opcode::kBarrier: case Opcode::kBarWarpSync: case Opcode::kShfl:
        case Opcode::kVote: case Opcode::kRedux: case Opcode::kActivemask: case Opcode::kMatch:
        case Opcode::kElect: case Opcode::kCall:
          return false;
        default: break;
      }
      for (const Operand& op : in.operands) {
        const bool symbol = op.kind == Operand::Kind::kSymbol ||
                            (op.kind == Operand::Kind::kAddress && op.base == Operand::Base::kSymbol);
        if (symbol && op.symbol_kind == SymbolKind::kLocalVar && f_.locals[op.symbol].space == StateSpace::kShared) {
          return false;  // a shared variable's address
        }
        if (op.kind != Operand::Kind::kSpecialReg) continue;
        if (op.sreg == SpecialReg::kTid) {
          reads_tid_y |= op.component == 1;
        } else if (!IsUniformSreg(op.sreg) || op.sreg == SpecialReg::kWarpid) {
          return false;  // %laneid, %lanemask_*, %warpid
        }
      }
    }
    return reads_tid_y;
  }

  // Global accesses contiguous along the lanes under the current analysis (aff_), a store
  // counting twice: a store scattered over 32 lines in a warp costs more than a load (each line
  // is read for ownership, and lines of a column 2^k bytes apart compete for one L1 set).
  int ContiguousAccessScore() const {
    int score = 0;
    for (const ptx::Instruction& in : f_.instructions) {
      if (in.op != Opcode::kLd && in.op != Opcode::kLdu && in.op != Opcode::kSt) continue;
      const StateSpace sp = in.mod.space;
      if (sp == StateSpace::kShared || sp == StateSpace::kLocal || sp == StateSpace::kParam || sp == StateSpace::kConst) {
        continue;
      }
      const Operand& a = in.op == Opcode::kSt ? in.operands[0] : in.operands[1];
      if (a.kind != Operand::Kind::kReg && !(a.kind == Operand::Kind::kAddress && a.base == Operand::Base::kReg)) continue;
      const Affine& af = aff_[a.reg];
      if (af.ok && af.sx == ptx::SizeOf(in.mod.type) * std::max<int64_t>(in.mod.vector, 1)) score += in.op == Opcode::kSt ? 2 : 1;
    }
    return score;
  }

  // Transposed lanes (threads numbered y-fastest into warps) where the kernel allows it and its
  // accesses are contiguous along y rather than x: a naive transpose's `out[x * n + y]` then
  // writes each 16-lane step to one run of a row instead of 16 rows 16 KiB apart.
  void ChooseLaneOrder() {
    if (!options_.lane_order || !LaneOrderFree()) return;
    const int along_x = ContiguousAccessScore();
    transposed_ = true;
    FindAffine();
    if (ContiguousAccessScore() > along_x) return;
    transposed_ = false;
    FindAffine();
  }

  // --- Rematerialised registers (RegInfo::kRemat) ---------------------------------------------

  // 64-bit integer arithmetic with one definition (the widened, scaled, based addresses nvcc
  // computes from an index), computed only from immediates, %tid, uniform registers and 32-bit
  // registers that are each defined once: the value in a lane is a pure function of values that
  // no longer change, so each use recomputes it instead of reading a 32 x 8-byte array. A
  // contiguous access then evaluates it for the first and last lane of each run only. (32-bit
  // registers stay stored: recomputing shared-memory indexes in unrolled inner loops costs more
  // than it saves.)
  bool RematForm(const ptx::Instruction& in) const {
    const ptx::Modifiers& m = in.mod;
    if (in.has_guard || in.operands.empty() || in.operands[0].kind != Operand::Kind::kReg) return false;
    const ScalarType t = m.type;
    if (!ptx::IsInteger(t) || Width(t) < 16 || m.sat || m.cc) return false;
    const bool wide32 = m.mul_mode == ptx::MulMode::kWide && (t == ScalarType::kS32 || t == ScalarType::kU32);
    const bool lo = (m.mul_mode == ptx::MulMode::kLo || m.mul_mode == ptx::MulMode::kNone);
    switch (in.op) {
      case Opcode::kMov: case Opcode::kAdd: case Opcode::kSub: case Opcode::kShl: case Opcode::kShr:
      case Opcode::kAnd: case Opcode::kOr: case Opcode::kXor: case Opcode::kNot: case Opcode::kNeg:
        return true;
      case Opcode::kMul:
      case Opcode::kMad:
        return lo || wide32;
      case Opcode::kCvta:
        return m.space != StateSpace::kLocal;
      case Opcode::kCvt: {  // the widenings and truncations Value() writes inline
        if (m.rounding != ptx::Rounding::kNone || m.ftz || m.relu) return false;
        const ScalarType d = t, s2 = m.type2;
        const bool to64 = d == ScalarType::kS64 || d == ScalarType::kU64;
        const bool to32 = d == ScalarType::kS32 || d == ScalarType::kU32;
        return (d == ScalarType::kS64 && s2 == ScalarType::kS32) || (to64 && s2 == ScalarType::kU32) ||
               (to32 && (s2 == ScalarType::kU64 || s2 == ScalarType::kS64));
      }
      default:
        return false;
    }
  }

  // A stored register a recomputation may read: defined once, and not inside a loop (else a use
  // after a later iteration redefined it would see the new value where the stored register it
  // replaces held the old one).
  bool RematOperand(const Operand& op) const {
    switch (op.kind) {
      case Operand::Kind::kReg:
        if (regs_[op.reg].kind == RegInfo::kRemat) return true;
        return (regs_[op.reg].kind == RegInfo::kUniform || regs_[op.reg].kind == RegInfo::kArray) &&
               regs_[op.reg].defs == 1 && !def_in_loop_[op.reg];
      case Operand::Kind::kImmInt:
        return true;
      case Operand::Kind::kSpecialReg:
        return op.sreg == SpecialReg::kTid || IsUniformSreg(op.sreg);
      default:
        return false;
    }
  }

  // on_cycle_: blocks that lie on a cycle of the CFG.
  void FindCycles() {
    const size_t nb = f_.blocks.size();
    on_cycle_.assign(nb, false);
    for (uint32_t b = 0; b < nb; ++b) {  // can b reach itself?
      std::vector<bool> seen(nb, false);
      std::vector<uint32_t> todo(f_.blocks[b].successors.begin(), f_.blocks[b].successors.end());
      while (!todo.empty() && !on_cycle_[b]) {
        const uint32_t x = todo.back();
        todo.pop_back();
        if (x >= nb || seen[x]) continue;
        seen[x] = true;
        if (x == b) on_cycle_[b] = true;
        for (uint32_t y : f_.blocks[x].successors) todo.push_back(y);
      }
    }
  }

  // def_in_loop_: registers with a definition in a block that lies on a cycle of the CFG.
  void FindLoopDefs() {
    const size_t nb = f_.blocks.size();
    def_in_loop_.assign(regs_.size(), false);
    std::vector<uint32_t> ds;
    for (uint32_t b = 0; b < nb; ++b) {
      if (!on_cycle_[b]) continue;
      for (uint32_t i = f_.blocks[b].begin; i < f_.blocks[b].end; ++i) {
        Dests(f_.instructions[i], ds);
        for (uint32_t r : ds) def_in_loop_[r] = true;
      }
    }
  }

  // A 32-bit register may be rematerialised (FindRemat) when it is a small function of %tid,
  // immediates and uniform registers set once (a block's thread index, `blockIdx.x * blockDim.x
  // + threadIdx.x`) and nothing in a loop reads it or a 64-bit value computed from it: then
  // no lane loop stores it per warp, a bounds check on it is a compare in the ballot
  // (FoldedCompare, ClosedFormBallot) instead of a loop over the warps of its own, and run
  // checks recompute it. Indices read in loops stay stored (recomputing a shared-memory index
  // in an unrolled inner loop costs more than it saves), and so do all of a kernel with
  // barriers (its phases each recomputed them: a tiled transpose ran ~15% slower).
  // Interleaved, 8-10 processes: copy 0.89x, stencil5 0.91x, saxpy 0.99x.
  static constexpr int kMaxIndexNodes = 6;
  bool TidIndex(uint32_t r) const {
    auto read_in_loop = [&](uint32_t x) {
      for (uint32_t i : readers_[x]) {
        if (on_cycle_[block_of_[i]]) return true;
      }
      return false;
    };
    if (read_in_loop(r)) return false;
    std::vector<uint32_t> ds;
    for (uint32_t i : readers_[r]) {  // values computed from it (addresses): their reads too
      Dests(f_.instructions[i], ds);
      for (uint32_t d : ds) {
        if (read_in_loop(d)) return false;
      }
    }
    return true;
  }

  // To a fixed point over the non-uniform RematForm instructions with one register
  // destination r: `take(i, in, r, size)` returns whether it recorded r as a value computed from
  // its definition (i); `size` holds the expression nodes of the registers taken so far (to
  // keep recomputation cheap), and take sets size[r].
  static constexpr int kMaxNodes = 24;
  template <typename Take>
  void RematFixedPoint(Take take) {
    std::vector<uint32_t> ds;
    std::vector<int> size(regs_.size(), 0);
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < f_.instructions.size(); ++i) {
        const ptx::Instruction& in = f_.instructions[i];
        if (uniform_inst_[i] || !RematForm(in)) continue;
        Dests(in, ds);
        if (ds.size() == 1 && take(static_cast<uint32_t>(i), in, ds[0], size)) changed = true;
      }
    }
  }

  void FindRemat() {
    FindLoopDefs();
    RematFixedPoint([&](uint32_t i, const ptx::Instruction& in, uint32_t r, std::vector<int>& size) {
      if (regs_[r].kind != RegInfo::kArray || regs_[r].defs != 1) return false;
      const bool index = regs_[r].width == 32;  // a cheap %tid index (TidIndex)
      if (!index && regs_[r].width != 64) return false;
      // A plain copy of %tid (`mov.u32 %r, %tid.x`) costs a load from CsWarp::tid wherever it is
      // read, as its own lane array would, and needs no store: recomputed even across barriers
      // and in loops, where other indices stay stored.
      const bool tid_copy = in.op == Opcode::kMov && in.operands.size() == 2 &&
                            in.operands[1].kind == Operand::Kind::kSpecialReg && in.operands[1].sreg == SpecialReg::kTid;
      if (index && !tid_copy && (has_barriers_ || !TidIndex(r))) return false;
      int nodes = 1;
      bool ok = true;
      for (size_t k = 1; k < in.operands.size() && ok; ++k) {
        const Operand& op = in.operands[k];
        ok = RematOperand(op) && (!index || op.kind != Operand::Kind::kReg || regs_[op.reg].kind != RegInfo::kArray);
        if (ok && op.kind == Operand::Kind::kReg) nodes += std::max(size[op.reg], 1);
      }
      if (!ok || nodes > (index ? kMaxIndexNodes : kMaxNodes)) return false;
      regs_[r].kind = RegInfo::kRemat;
      size[r] = nodes;
      remat_def_[r] = i;
      return true;
    });
    // Expressions in dependency order (an operand's before its users'). The stored registers
    // they read stay 32-lane arrays (FindLocals leaves them alone): a use may be in any segment.
    for (uint32_t r = 0; r < regs_.size(); ++r) {
      if (regs_[r].kind != RegInfo::kRemat) continue;
      RematExpr(r);
      for (const Operand& op : f_.instructions[remat_def_[r]].operands) {
        if (op.kind == Operand::Kind::kReg && regs_[op.reg].kind == RegInfo::kArray) remat_input_.insert(op.reg);
      }
    }
  }

  // Registers whose value in a lane is a pure function of %tid, immediates and uniform registers
  // set once (TidPure): one integer definition (RematForm) outside any loop over such operands
  // or other TidPure registers. The run checks before a vector access read an address for a few
  // lanes (0, 15, 16, 31); read from its lane array, which an earlier loop has often just
  // written by whole-vector stores, such a 4-byte load is not forwarded from the store on x86
  // and waits until that store, and every store before it (a warp's cache-missing output rows),
  // has reached the cache: ~48% of a tiled transpose's samples. Recomputed from CsWarp::tid,
  // written once per launch, it waits for nothing. Only registers defined in the access's own
  // basic block are recomputed (RegRef): arrays written in earlier blocks were stored passes
  // ago, and reading them is cheaper than recomputing (SGEMM's tile addresses, ~8%).
  void FindTidPure() {
    tid_def_.assign(regs_.size(), kNone);
    RematFixedPoint([&](uint32_t i, const ptx::Instruction& in, uint32_t r, std::vector<int>& size) {
      if (tid_def_[r] != kNone || regs_[r].kind == RegInfo::kUniform || regs_[r].defs != 1 || def_in_loop_[r]) {
        return false;
      }
      int nodes = 1;
      bool ok = true;
      for (size_t k = 1; k < in.operands.size() && ok; ++k) {
        const Operand& op = in.operands[k];
        switch (op.kind) {
          case Operand::Kind::kImmInt: break;
          case Operand::Kind::kSpecialReg: ok = op.sreg == SpecialReg::kTid || IsUniformSreg(op.sreg); break;
          case Operand::Kind::kReg:
            if (regs_[op.reg].kind == RegInfo::kUniform) {
              ok = regs_[op.reg].defs == 1 && !def_in_loop_[op.reg];
            } else {
              ok = tid_def_[op.reg] != kNone;
              nodes += size[op.reg];
            }
            break;
          default: ok = false;
        }
      }
      if (!ok || nodes > kMaxNodes) return false;
      tid_def_[r] = i;
      size[r] = nodes;
      return true;
    });
  }

  const std::string& RematExpr(uint32_t r) {
    auto it = remat_expr_.find(r);
    if (it != remat_expr_.end()) return it->second;
    const ptx::Instruction& in = f_.instructions[remat_def_.at(r)];
    for (size_t k = 1; k < in.operands.size(); ++k) {
      if (in.operands[k].kind == Operand::Kind::kReg && regs_[in.operands[k].reg].kind == RegInfo::kRemat) {
        RematExpr(in.operands[k].reg);
      }
    }
    bool unsafe = false;
    absl::StatusOr<std::string> v = Value(in, &unsafe);
    // RematForm admits only forms Value() writes inline.
    std::string e = v.ok() && !unsafe ? *v : std::string("0");
    return remat_expr_[r] = StrCat("((", UType(regs_[r].width), ")", e, ")");
  }

  // --- Segments -------------------------------------------------------------------------------

  bool IsTerminator(const ptx::BasicBlock& b, uint32_t i) const {
    if (i + 1 != b.end) return false;
    const ptx::Instruction& in = f_.instructions[i];
    if (in.op == Opcode::kBra) return true;
    return (in.op == Opcode::kExit || in.op == Opcode::kRet) && !in.has_guard;
  }

  // Whether instruction i defines a kRemat register (it emits nothing: its uses recompute it).
  bool Rematerialised(uint32_t i) const {
    const ptx::Instruction& in = f_.instructions[i];
    return HasDest(in) && in.operands[0].kind == Operand::Kind::kReg && regs_[in.operands[0].reg].kind == RegInfo::kRemat;
  }

  // The predicate of block `b`'s conditional branch, when the branch can compute it in its
  // ballot instead (Ballot, FoldedExpr) and the instructions computing it need not run: setps
  // comparing on the host (InlineCompare), combined by and/or/xor/not.pred, each result read
  // by nothing else, per lane (a uniform predicate is already a scalar), with no write to a
  // compared register between its setp and the branch, and no other lane work between the
  // block's last barrier or warp op and the branch.
  // A tree reduction's `if (t < k)` step then takes one vector compare into a mask per warp
  // instead of a loop over the warps storing 0/1 lanes that the ballot reads back (~8%).
  // Returns the root (the instruction defining the branch's predicate), or kNone; fills
  // folded_inst_ with the tree.
  uint32_t FoldedCompare(uint32_t b) {
    const ptx::BasicBlock& bb = f_.blocks[b];
    if (bb.end == bb.begin || !IsTerminator(bb, bb.end - 1) || bb.successors.size() != 2) return kNone;
    const uint32_t br = bb.end - 1;
    const ptx::Instruction& bi = f_.instructions[br];
    if (bi.op != Opcode::kBra || !bi.has_guard) return kNone;
    std::vector<uint32_t> tree;
    const uint32_t root = FoldTree(bi.guard, br, br, bb, tree);
    if (root == kNone) return kNone;
    // Only where the compare would be a segment (a loop over the warps) of its own: inside a
    // segment with other lane work it is one more vector op there, and a grid-stride loop's
    // bound check moved into the ballot measured ~5% slower (reduce_shuffle).
    for (uint32_t i = br; i-- > bb.begin;) {  // back to the barrier or warp op ending the previous segment
      const Opcode op = f_.instructions[i].op;
      if (op == Opcode::kBar || op == Opcode::kBarrier || op == Opcode::kShfl || op == Opcode::kVote) break;
      if (!uniform_inst_[i] && !Rematerialised(i) && std::find(tree.begin(), tree.end(), i) == tree.end()) return kNone;
    }
    for (uint32_t i : tree) folded_inst_[i] = true;
    return root;
  }

  // FoldedCompare for predicate `p` read by instruction `reader` only: its definition in
  // [bb.begin, reader) (appended to `tree` with the definitions below it), or kNone.
  uint32_t FoldTree(uint32_t p, uint32_t reader, uint32_t br, const ptx::BasicBlock& bb, std::vector<uint32_t>& tree) {
    if (regs_[p].width != 1 || regs_[p].defs != 1 || readers_[p].size() != 1 || readers_[p][0] != reader) return kNone;
    std::vector<uint32_t> ss, ds;
    for (uint32_t i = reader; i-- > bb.begin;) {
      const ptx::Instruction& in = f_.instructions[i];
      Dests(in, ds);
      if (std::find(ds.begin(), ds.end(), p) == ds.end()) continue;
      if (in.has_guard || uniform_inst_[i] || in.operands[0].kind != Operand::Kind::kReg) return kNone;
      tree.push_back(i);
      if (in.op == Opcode::kSetp) {
        if (in.operands.size() != 3 || InlineCompare(in, {"a", "b"}).empty()) return kNone;
        Sources(in, ss);
        for (uint32_t j = i + 1; j < br; ++j) {
          Dests(f_.instructions[j], ds);
          for (uint32_t r : ds) {
            if (std::find(ss.begin(), ss.end(), r) != ss.end()) return kNone;
          }
        }
        return i;
      }
      const bool logic = in.op == Opcode::kAnd || in.op == Opcode::kOr || in.op == Opcode::kXor || in.op == Opcode::kNot;
      if (!logic || in.mod.type != ScalarType::kPred) return kNone;
      for (size_t k = 1; k < in.operands.size(); ++k) {
        if (in.operands[k].kind != Operand::Kind::kReg || FoldTree(in.operands[k].reg, i, br, bb, tree) == kNone) {
          return kNone;
        }
      }
      return i;
    }
    return kNone;
  }

  // The shape of a ClosedFormBallot, for MonotonePast.
  struct ClosedFormShape {
    bool equal = false;      // an eq/ne compare: cs_ge is the one lane equal to the bound (or not)
    bool negated = false;    // cs_ge holds the lanes failing `a >= bound` (a <, <= compare)
    bool is_signed = false;  // a compared as int32 (else uint32)
    bool tid_pure = false;   // a is computed from %tid, immediates and uniforms only (TidPure)
    // For SpanSide: a's value in lane 0 and lane 31 of warp w (expressions reading w or s), and
    // the bound the lanes' values are compared with (cs_ge holds the lanes with a >= bound).
    std::string v0, v31, bound;
  };
  // A folded setp comparing a lane-affine 32-bit index of lane stride 1 (`%tid.x`, a tree
  // reduction's `t < k`) with a uniform bound, in closed form for a full warp in one run of 32
  // lanes whose values do not wrap: lanes v0 + l pass `>= b` from l = b - v0 on, and `== b` at
  // that lane alone (`if (threadIdx.x == 0)`). Returns the opening `if (...)` that defines
  // cs_v0, cs_d and cs_ge (the ballot, before any negation of the branch) when it applies at run
  // time, or "" when the shape does not fit; `shape` describes it.
  std::string ClosedFormBallot(const ptx::Instruction& in, ClosedFormShape* shape = nullptr) {
    if (in.op != Opcode::kSetp || Width(in.mod.type) != 32 || ptx::IsFloat(in.mod.type)) return "";
    auto affine = [&](const Operand& op) {
      return op.kind == Operand::Kind::kReg &&
             (regs_[op.reg].kind == RegInfo::kArray || (regs_[op.reg].kind == RegInfo::kRemat && regs_[op.reg].width == 32)) &&
             aff_[op.reg].ok && aff_[op.reg].sx == 1 && aff_[op.reg].wraps == 0;
    };
    auto bound = [&](const Operand& op) {
      return op.kind == Operand::Kind::kImmInt || (op.kind == Operand::Kind::kReg && regs_[op.reg].kind == RegInfo::kUniform);
    };
    const bool swap = !affine(in.operands[1]);  // `b op a`: mirrored below
    const Operand& a = in.operands[swap ? 2 : 1];
    const Operand& b = in.operands[swap ? 1 : 2];
    if (!affine(a) || !bound(b)) return "";
    bool sgn = simt::IsSignedInt(in.mod.type), equal = false;
    // cs_ge counts lanes with a >= bound; a > b is a >= b + 1; < and <= are their complements.
    std::string plus, neg;
    switch (in.mod.cmp) {
      case ptx::CmpOp::kGe: plus = swap ? "1" : "0"; neg = swap ? "~" : ""; break;  // b >= a: !(a >= b + 1)
      case ptx::CmpOp::kGt: plus = swap ? "0" : "1"; neg = swap ? "~" : ""; break;  // b > a: !(a >= b)
      case ptx::CmpOp::kLt: plus = swap ? "1" : "0"; neg = swap ? "" : "~"; break;  // b < a: a >= b + 1
      case ptx::CmpOp::kLe: plus = swap ? "0" : "1"; neg = swap ? "" : "~"; break;  // b <= a: a >= b
      case ptx::CmpOp::kHs: plus = swap ? "1" : "0"; neg = swap ? "~" : ""; sgn = false; break;
      case ptx::CmpOp::kHi: plus = swap ? "0" : "1"; neg = swap ? "~" : ""; sgn = false; break;
      case ptx::CmpOp::kLo: plus = swap ? "1" : "0"; neg = swap ? "" : "~"; sgn = false; break;
      case ptx::CmpOp::kLs: plus = swap ? "0" : "1"; neg = swap ? "" : "~"; sgn = false; break;
      case ptx::CmpOp::kEq: plus = "0"; equal = true; break;  // `if (threadIdx.x == 0)`
      case ptx::CmpOp::kNe: plus = "0"; neg = "~"; equal = true; break;
      default: return "";
    }
    const std::string T = sgn ? "(int64_t)(int32_t)" : "(int64_t)(uint32_t)";
    std::string v0, v31;
    if (regs_[a.reg].kind == RegInfo::kRemat) {  // lanes 0 and 31 of its expression
      const std::string lane = StrCat("[&](int l) -> int64_t { return ", T, RematExpr(a.reg), "; }");
      v0 = StrCat(lane, "(0)");
      v31 = StrCat(lane, "(31)");
    } else {
      const std::string arr = LaneArray(a.reg);
      v0 = StrCat(T, arr, "[0]");
      v31 = StrCat(T, arr, "[31]");
    }
    if (shape != nullptr) {
      *shape = ClosedFormShape{equal, !neg.empty(), sgn, tid_def_[a.reg] != kNone, v0, v31,
                               StrCat(T, Read(b, ScalarType::kU32), " + ", plus)};
    }
    return StrCat("const int64_t cs_v0 = ", v0, ";\n",
                  "      const int64_t cs_d = ", T, Read(b, ScalarType::kU32), " + ", plus, " - cs_v0;\n",
                  "      const uint32_t cs_ge = ", neg,
                  // Lanes v0 + l equal the bound at l = cs_d alone (the 32 values do not wrap).
                  equal ? "(cs_d < 0 || cs_d >= 32 ? 0u : 1u << cs_d);\n"
                        : "(cs_d <= 0 ? 0xFFFFFFFFu : cs_d >= 32 ? 0u : 0xFFFFFFFFu << cs_d);\n",
                  "      if (m == 0xFFFFFFFFu && w->run == 32 && ", v31, " - cs_v0 == 31)");
  }

  // The value of a FoldedCompare tree rooted at instruction `i`, in lane l, as a bool.
  std::string FoldedExpr(uint32_t i) {
    const ptx::Instruction& in = f_.instructions[i];
    if (in.op == Opcode::kSetp) return InlineCompare(in, Srcs(in));
    auto def = [&](const Operand& op) {
      for (uint32_t j = i; j-- > 0;) {
        if (folded_inst_[j] && f_.instructions[j].operands[0].reg == op.reg) return FoldedExpr(j);
      }
      return std::string("false");  // not reached: FoldTree found each operand's definition
    };
    if (in.op == Opcode::kNot) return StrCat("(!", def(in.operands[1]), ")");
    const char* op = in.op == Opcode::kAnd ? " & " : in.op == Opcode::kOr ? " | " : " ^ ";
    return StrCat("((bool)", def(in.operands[1]), op, "(bool)", def(in.operands[2]), ")");
  }

  void BuildItems() {
    items_.resize(f_.blocks.size());
    folded_.assign(f_.blocks.size(), kNone);
    folded_inst_.assign(f_.instructions.size(), false);
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      const ptx::BasicBlock& bb = f_.blocks[b];
      std::vector<Item>& items = items_[b];
      folded_[b] = FoldedCompare(b);
      auto open = [&]() -> Item& {
        if (items.empty() || items.back().kind != Item::kSegment) items.push_back(Item{Item::kSegment, {}});
        return items.back();
      };
      auto close = [&] {
        if (!items.empty() && items.back().kind == Item::kSegment) items.push_back(Item{Item::kScalar, {}});
      };
      for (uint32_t i = bb.begin; i < bb.end; ++i) {
        if (IsTerminator(bb, i)) break;
        if (folded_inst_[i]) continue;  // computed by the branch's ballot
        const ptx::Instruction& in = f_.instructions[i];
        if (uniform_inst_[i]) {
          if (!items.empty() && items.back().kind == Item::kSegment && HoistableInto(i, items.back())) {
            items.back().pre.push_back(i);
          } else {
            items.push_back(Item{Item::kScalar, {i}});
          }
        } else if (in.op == Opcode::kBar || in.op == Opcode::kBarrier) {
          items.push_back(Item{Item::kBarrier, {i}});
        } else if (in.op == Opcode::kExit || in.op == Opcode::kRet) {
          items.push_back(Item{Item::kGuardedExit, {i}});
        } else if (in.op == Opcode::kMembar || in.op == Opcode::kFence) {
          items.push_back(Item{Item::kFence, {i}});
        } else if (in.op == Opcode::kBarWarpSync || in.op == Opcode::kPrefetch || in.op == Opcode::kPrefetchu) {
          continue;  // warps run in lockstep here; prefetches are hints
        } else if (in.op == Opcode::kNanosleep) {
          items.push_back(Item{Item::kFence, {i}});  // emitted as a pause (see Emit)
        } else if (in.op == Opcode::kShfl || in.op == Opcode::kVote) {  // (a uniform vote is scalar)
          items.push_back(Item{Item::kWarpOp, {i}});
        } else if (IsStoreLike(in)) {
          if (!items.empty() && items.back().kind == Item::kSegment && MayAlias(items.back().load_spaces, in.mod.space)) {
            if (InPlaceStore(items.back(), i)) {
              items.back().in_place = true;
            } else {
              close();
            }
          }
          Item& s = open();
          s.insts.push_back(i);
          s.has_atomic |= in.op != Opcode::kSt;
          close();
        } else {
          Item& s = open();
          s.insts.push_back(i);
          if ((in.op == Opcode::kLd || in.op == Opcode::kLdu) && !IsReadOnlyLoad(in)) {
            s.load_spaces |= uint32_t{1} << static_cast<int>(in.mod.space);
          }
        }
      }
      // Drop the empty scalar items `close` used as separators.
      std::erase_if(items, [](const Item& it) { return it.kind == Item::kScalar && it.insts.empty(); });
    }
  }

  // A uniform instruction inside a straight run of lane instructions (nvcc's `mov.f32 %f, imm`
  // constants, strides) would cut the segment in two, and values crossing the cut go through
  // State arrays instead of staying in vector registers. It can run before the whole segment
  // when that is unobservable: it computes from uniform registers and immediates only (lane
  // instructions never write those), reads no memory a store of the segment could change, and
  // no lane instruction of the segment before it reads a register it writes (directly, or
  // through a rematerialised expression: AddressInputs).
  bool HoistableInto(uint32_t i, const Item& seg) const { return HoistableOver(i, seg.insts); }

  // HoistableInto for the lane instructions `insts` that come before it.
  bool HoistableOver(uint32_t i, const std::vector<uint32_t>& insts) const {
    const ptx::Instruction& in = f_.instructions[i];
    if (IsWarpCollective(in)) return false;  // reads the lanes' sources
    if ((in.op == Opcode::kLd || in.op == Opcode::kLdu) && in.mod.space != StateSpace::kParam &&
        in.mod.space != StateSpace::kConst) {
      return false;
    }
    std::vector<uint32_t> ds, ss;
    Dests(in, ds);
    std::set<uint32_t> read;
    for (uint32_t j : insts) {
      Sources(f_.instructions[j], ss);
      for (uint32_t r : ss) AddressInputs(r, read);
    }
    for (uint32_t r : ds) {
      if (read.contains(r)) return false;
    }
    return true;
  }

  // A store that may alias earlier loads of its segment stays in it when the store and every
  // such load are contiguous per lane (MaskedContiguousCandidate) in the same explicit space
  // with the same element size: the split versions of the segment keep each of them in a lane
  // loop of its own (all lanes load before any lane stores, as in the interpreter), and the
  // fused version checks at run time that no lane reads what an earlier lane wrote.
  bool InPlaceStore(const Item& seg, uint32_t i) const {
    const ptx::Instruction& st = f_.instructions[i];
    if (!kFullMaskPath || st.op != Opcode::kSt || Strong(st) || !MaskedContiguousCandidate(st)) return false;
    if (st.mod.space != StateSpace::kGlobal && st.mod.space != StateSpace::kShared) return false;
    for (uint32_t j : seg.insts) {
      const ptx::Instruction& ld = f_.instructions[j];
      if ((ld.op != Opcode::kLd && ld.op != Opcode::kLdu) || IsReadOnlyLoad(ld)) continue;
      if (!MayAlias(uint32_t{1} << static_cast<int>(ld.mod.space), st.mod.space)) continue;
      if (ld.mod.space != st.mod.space || Strong(ld) || !MaskedContiguousCandidate(ld) ||
          ptx::SizeOf(ld.mod.type) != ptx::SizeOf(st.mod.type)) {
        return false;
      }
    }
    return true;
  }

  // Registers whose every use is in one segment become kLocal, and block-wide, those whose
  // every use is in one warp group (the items EmitWarpGroup runs in one loop over the warps)
  // kGroup, when their first use there writes every active lane (a register read before it is
  // written would read the previous warp's values). kGroup arrays are reused by each warp, so
  // a block's registers no longer take one State array per warp: softmax's unrolled shuffle
  // chains had 140 arrays per warp, 156 KiB per block of 8 warps, far past L1 (now 25 KiB).
  void FindLocals() {
    int seg_id = 0, group_id = 0;
    std::vector<uint32_t> ds, ss;
    auto see = [&](uint32_t r, int seg, int group, bool def, bool full) {
      RegInfo& ri = regs_[r];
      if (ri.segment == -2) {
        ri.segment = seg;
        ri.group = group;
        ri.first_is_full_def = def && full;
        return;
      }
      if (ri.segment != seg) ri.segment = -1;
      if (ri.group != group) ri.group = -1;
    };
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      const std::vector<Item>& items = items_[b];
      size_t group_end = 0;  // items before it belong to the current group (if group >= 0)
      int group = -1;
      for (size_t k = 0; k < items.size(); ++k) {
        const Item& it = items[k];
        if (k >= group_end) {
          group = -1;
          if (block_ && (it.kind == Item::kSegment || it.kind == Item::kWarpOp)) {
            if (const size_t e = WarpGroupEnd(items, k); e > k + 1) {
              group = group_id++;
              group_end = e;
            }
          }
        }
        int seg = it.kind == Item::kSegment ? seg_id++ : -1;
        const int g = it.kind == Item::kSegment || it.kind == Item::kWarpOp ? group : -1;
        for (uint32_t i : it.insts) {
          const ptx::Instruction& in = f_.instructions[i];
          Sources(in, ss);
          for (uint32_t r : ss) see(r, seg, g, false, false);
          Dests(in, ds);
          for (uint32_t r : ds) see(r, seg, g, true, !in.has_guard);
        }
      }
      const ptx::BasicBlock& bb = f_.blocks[b];
      if (bb.end > bb.begin && IsTerminator(bb, bb.end - 1)) {
        Sources(f_.instructions[bb.end - 1], ss);
        for (uint32_t r : ss) see(r, -1, -1, false, false);
      }
      for (uint32_t i = bb.begin; i < bb.end; ++i) {
        if (!folded_inst_[i]) continue;
        Sources(f_.instructions[i], ss);  // read by the branch's ballot, outside any segment
        for (uint32_t r : ss) see(r, -1, -1, false, false);
      }
    }
    for (const ptx::Instruction& in : f_.instructions) {
      if (in.op == Opcode::kAtom && in.operands[0].kind == Operand::Kind::kReg) {
        regs_[in.operands[0].reg].segment = -1;
        regs_[in.operands[0].reg].group = -1;
      }
    }
    for (uint32_t r = 0; r < regs_.size(); ++r) {
      RegInfo& ri = regs_[r];
      if (ri.kind != RegInfo::kArray || !ri.first_is_full_def || remat_input_.contains(r)) continue;
      if (ri.segment >= 0) {
        ri.kind = RegInfo::kLocal;
      } else if (ri.group >= 0 && !kNoGroupRegisters) {
        ri.kind = RegInfo::kGroup;
      }
    }
  }

  // A lane-array register's array: its State array, or kGroup's stack array. State holds only
  // the arrays the code names (a predicate computed in its branch's ballot has none).
  std::string LaneArray(uint32_t r) {
    if (regs_[r].kind == RegInfo::kGroup) return StrCat("g", r);
    state_arrays_.insert(r);
    return StrCat("s->r", r);
  }

  // --- Operands as C++ expressions ------------------------------------------------------------

  std::string RegRef(uint32_t r) {
    if (lane_reads_ && tid_def_[r] != kNone &&
        (block_of_[tid_def_[r]] == check_block_ || block_of_[tid_def_[r]] == merged_parent_)) {  // TidPure
      bool unsafe = false;
      absl::StatusOr<std::string> v = Value(f_.instructions[tid_def_[r]], &unsafe);
      if (v.ok() && !unsafe) return StrCat("((", UType(regs_[r].width), ")", *v, ")");
    }
    if (!ahead_.empty()) {  // its definition (in the segment, or a kRemat one), evaluated in place
      auto d = ahead_.find(r);
      if (d != ahead_.end() || regs_[r].kind == RegInfo::kRemat) {
        bool unsafe = false;
        absl::StatusOr<std::string> v =
            Value(f_.instructions[d != ahead_.end() ? d->second : remat_def_.at(r)], &unsafe);
        return StrCat("((", UType(regs_[r].width), ")", v.ok() && !unsafe ? *v : std::string("0"), ")");
      }
    }
    switch (regs_[r].kind) {
      case RegInfo::kUniform:
        if (auto k = constant_.find(r); k != constant_.end()) return StrCat("((", UType(regs_[r].width), ")", Hex(k->second), ")");
        return segment_uniforms_.contains(r) ? StrCat("cu", r) : StrCat("u->u", r);
      case RegInfo::kRemat: return remat_expr_.at(r);
      case RegInfo::kLocal: return (full_ || split_) && !fused_ ? StrCat("t", r, "[l]") : StrCat("t", r);
      default: return StrCat(LaneArray(r), "[l]");
    }
  }

  uint64_t ImmBits(const Operand& op, ScalarType type) const {
    if (type == ScalarType::kPred) {
      return (op.kind == Operand::Kind::kImmFloat ? op.fimm != 0 : op.imm != 0) ? 1 : 0;
    }
    if (op.kind == Operand::Kind::kImmFloat) {
      switch (type) {
        case ScalarType::kF64: return std::bit_cast<uint64_t>(op.fimm);
        case ScalarType::kF16: return simt::F32ToF16(static_cast<float>(op.fimm));
        case ScalarType::kBF16: return simt::F32ToBF16(static_cast<float>(op.fimm));
        case ScalarType::kB64:
        case ScalarType::kU64:
        case ScalarType::kS64:
          return op.f32_literal ? std::bit_cast<uint32_t>(static_cast<float>(op.fimm))
                                : std::bit_cast<uint64_t>(op.fimm);
        default: return std::bit_cast<uint32_t>(static_cast<float>(op.fimm));
      }
    }
    switch (type) {
      case ScalarType::kF64: return std::bit_cast<uint64_t>(static_cast<double>(op.imm));
      case ScalarType::kF32: return std::bit_cast<uint32_t>(static_cast<float>(op.imm));
      default: return static_cast<uint64_t>(op.imm);
    }
  }

  uint32_t SymIndex(const std::string& name) {
    auto it = std::find(out_.symbols.begin(), out_.symbols.end(), name);
    if (it != out_.symbols.end()) return static_cast<uint32_t>(it - out_.symbols.begin());
    out_.symbols.push_back(name);
    return static_cast<uint32_t>(out_.symbols.size() - 1);
  }

  // The value of a symbol as an address: host address, shared offset or parameter address.
  std::string SymbolValue(const Operand& op, bool* shared) {
    *shared = false;
    const std::string off = StrCat("(uint64_t)", op.imm, "ll");
    switch (op.symbol_kind) {
      case SymbolKind::kGlobalVar: {
        const ptx::Variable& v = m_.variables[op.symbol];
        if (v.space == StateSpace::kShared) {
          *shared = true;
          return StrCat("((uint64_t)", shared_global_[op.symbol], "u + ", off, ")");
        }
        return StrCat("(c->syms[", SymIndex(v.name), "] + ", off, ")");
      }
      case SymbolKind::kLocalVar:
        if (f_.locals[op.symbol].space == StateSpace::kLocal) {  // an offset in the lane's frame
          return StrCat("((uint64_t)", local_offset_[op.symbol], "u + ", off, ")");
        }
        *shared = true;
        return StrCat("((uint64_t)", shared_local_[op.symbol], "u + ", off, ")");
      case SymbolKind::kParam:
        return StrCat("((uint64_t)(uintptr_t)(c->params + ", param_layout_.offsets[op.symbol], ") + ",
                      off, ")");
      default:
        return "0";
    }
  }

  std::string Sreg(const Operand& op) const {
    const int comp = op.component < 3 ? op.component : 0;
    switch (op.sreg) {
      case SpecialReg::kTid: return StrCat("w->tid[", Comp(comp), "][l]");
      case SpecialReg::kNtid: return StrCat("c->ntid[", Comp(comp), "]");
      case SpecialReg::kCtaid: return StrCat("c->ctaid[", comp, "]");
      case SpecialReg::kNctaid: return StrCat("c->nctaid[", comp, "]");
      case SpecialReg::kLaneid: return "(uint32_t)l";
      case SpecialReg::kWarpid: return "w->index";
      case SpecialReg::kNwarpid: return "c->nwarps";
      case SpecialReg::kSmid: return "c->worker";
      case SpecialReg::kNsmid: return "c->nsm";
      case SpecialReg::kDynamicSmemSize: return "c->dynamic_smem";
      case SpecialReg::kTotalSmemSize:
      case SpecialReg::kAggrSmemSize: return "c->total_smem";
      case SpecialReg::kWarpsz: return "32u";
      case SpecialReg::kLanemaskEq: return "(1u << l)";
      case SpecialReg::kLanemaskLe: return "(uint32_t)((2ull << l) - 1)";
      case SpecialReg::kLanemaskLt: return "((1u << l) - 1)";
      case SpecialReg::kLanemaskGe: return "(~((1u << l) - 1))";
      case SpecialReg::kLanemaskGt: return "(uint32_t)(~((2ull << l) - 1))";
      default: return "0";
    }
  }

  // Operand `op` read as raw bits of `type` (an unsigned C++ type of its width; pred: 0/1).
  std::string Read(const Operand& op, ScalarType type) {
    const int w = Width(type);
    const std::string ut = UType(w);
    switch (op.kind) {
      case Operand::Kind::kReg:
      case Operand::Kind::kRegPair: {
        std::string ref = RegRef(op.reg);
        if (type == ScalarType::kPred || regs_[op.reg].width == 1) {
          std::string v = StrCat("(", ref, " & 1)");
          if (op.negated) v = StrCat("(", v, " ^ 1)");
          return type == ScalarType::kPred ? v : StrCat("(", ut, ")", v);
        }
        return StrCat("((", ut, ")", ref, ")");
      }
      case Operand::Kind::kImmInt:
      case Operand::Kind::kImmFloat:
        return StrCat("((", ut, ")", Hex(ImmBits(op, type)), ")");
      case Operand::Kind::kSpecialReg:
        return StrCat("((", ut, ")", Sreg(op), ")");
      case Operand::Kind::kSymbol: {
        bool shared;
        return StrCat("((", ut, ")", SymbolValue(op, &shared), ")");
      }
      default:
        return "0";
    }
  }

  // --- Instructions ---------------------------------------------------------------------------

  std::string Call(const ptx::Instruction& in, const std::vector<std::string>& args) {
    out_.call_sites.push_back(&in);
    std::string s = StrCat("c->lane_op(c->insts[", out_.call_sites.size() - 1, "]");
    for (size_t i = 0; i < 4; ++i) {
      s += ", ";
      s += i < args.size() ? StrCat("(uint64_t)", args[i]) : std::string("0");
    }
    return s + ")";
  }

  // Reads sources 1..n of `in` in the instruction's type(s).
  // raw: registers as their whole storage (the interpreter hands lane_ops whole 64-bit slots).
  std::vector<std::string> Srcs(const ptx::Instruction& in, bool raw = false) {
    const size_t first = 1;
    std::vector<std::string> v;
    for (size_t i = first; i < in.operands.size(); ++i) {
      ScalarType t = in.mod.type;
      switch (in.op) {
        case Opcode::kCvt: t = in.mod.type2; break;
        case Opcode::kShl: case Opcode::kShr: case Opcode::kBfe: case Opcode::kBfi:
        case Opcode::kShf: case Opcode::kPrmt: case Opcode::kLop3:
          if (i >= 2) t = ScalarType::kU32;
          break;
        case Opcode::kSelp: if (i == 3) t = ScalarType::kPred; break;
        case Opcode::kSetp: if (i == 3) t = ScalarType::kPred; break;
        case Opcode::kMad:
          if (i == 3 && in.mod.mul_mode == ptx::MulMode::kWide) t = Wider(t);
          break;
        default: break;
      }
      const Operand& op = in.operands[i];
      if (raw && op.kind == Operand::Kind::kReg && t != ScalarType::kPred) {
        v.push_back(StrCat("((uint64_t)", RegRef(op.reg), ")"));
      } else {
        v.push_back(Read(op, t));
      }
    }
    return v;
  }
  static ScalarType Wider(ScalarType t) {
    switch (t) {
      case ScalarType::kS16: return ScalarType::kS32;
      case ScalarType::kU16: return ScalarType::kU32;
      case ScalarType::kS32: return ScalarType::kS64;
      case ScalarType::kU32: return ScalarType::kU64;
      default: return t;
    }
  }

  // The value of an arithmetic instruction as raw bits, or "" if not handled. *unsafe: the
  // expression must only run for active lanes (calls into the runtime, loads).
  absl::StatusOr<std::string> Value(const ptx::Instruction& in, bool* unsafe) {
    const ptx::Modifiers& m = in.mod;
    const ScalarType t = m.type;
    const int w = Width(t);
    const std::string ut = UType(w);
    std::vector<std::string> a = Srcs(in);
    auto S = [&](const std::string& x) {  // signed view
      return StrCat("((int", w == 1 ? 32 : w, "_t)", x, ")");
    };
    auto call = [&] { *unsafe = true; return Call(in, Srcs(in, true)); };
    if (ptx::IsFloat(t) && in.op != Opcode::kCvt && in.op != Opcode::kMov && in.op != Opcode::kSelp &&
        in.op != Opcode::kLd) {
      const bool rn = m.rounding == ptx::Rounding::kNone || m.rounding == ptx::Rounding::kRn;
      const bool fast = (t == ScalarType::kF32 || t == ScalarType::kF64) && !m.ftz && !m.sat &&
                        !m.relu && rn;
      const std::string V = t == ScalarType::kF32 ? "F" : "D", B = t == ScalarType::kF32 ? "BF" : "BD";
      const std::string fma = t == ScalarType::kF32 ? "__builtin_fmaf" : "__builtin_fma";
      const std::string fabs = t == ScalarType::kF32 ? "__builtin_fabsf" : "__builtin_fabs";
      // The plain forms first: exactly the interpreter's fast handlers (no NaN canonicalisation).
      if (t == ScalarType::kF32 && !m.relu && !fast) {
        if (std::string v = InlineF32(in, a); !v.empty()) return v;
      }
      if (t == ScalarType::kF64 && !m.relu && !m.sat) {
        if (std::string v = InlineF64(in, a); !v.empty()) return v;
      }
      if (fast) {
        switch (in.op) {
          case Opcode::kMin:
          case Opcode::kMax:
          case Opcode::kRcp:
          case Opcode::kSqrt:
          case Opcode::kEx2:
          case Opcode::kDiv:
          case Opcode::kRsqrt:
            if (t == ScalarType::kF32) {
              if (std::string v = InlineF32(in, a); !v.empty()) return v;
            }
            break;
          case Opcode::kAdd: return StrCat(B, "(", V, a[0], " + ", V, a[1], ")");
          case Opcode::kSub: return StrCat(B, "(", V, a[0], " - ", V, a[1], ")");
          case Opcode::kMul: return StrCat(B, "(", V, a[0], " * ", V, a[1], ")");
          case Opcode::kFma: return StrCat(B, "(", fma, "(", V, a[0], ", ", V, a[1], ", ", V, a[2], "))");
          case Opcode::kMad:
            if (m.rounding == ptx::Rounding::kRn) {
              return StrCat(B, "(", fma, "(", V, a[0], ", ", V, a[1], ", ", V, a[2], "))");
            }
            break;
          case Opcode::kNeg: return StrCat(B, "(-", V, a[0], ")");
          case Opcode::kAbs: return StrCat(B, "(", fabs, "(", V, a[0], "))");
          default: break;
        }
      }
      switch (in.op) {
        case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kDiv:
        case Opcode::kMin: case Opcode::kMax: case Opcode::kCopysign: case Opcode::kFma:
        case Opcode::kMad: case Opcode::kAbs: case Opcode::kNeg: case Opcode::kSqrt:
        case Opcode::kRsqrt: case Opcode::kRcp: case Opcode::kEx2: case Opcode::kLg2:
        case Opcode::kSin: case Opcode::kCos: case Opcode::kTanh: case Opcode::kTestp:
          return call();
        default:
          return NoInst(in, "float form");
      }
    }
    const bool plain = !m.sat && !m.cc;
    switch (in.op) {
      case Opcode::kMov: return a[0];
      case Opcode::kAdd:
        if (plain && w >= 16) return StrCat("(", ut, ")(", a[0], " + ", a[1], ")");
        return call();
      case Opcode::kSub:
        if (plain && w >= 16) return StrCat("(", ut, ")(", a[0], " - ", a[1], ")");
        return call();
      case Opcode::kMul:
        if ((m.mul_mode == ptx::MulMode::kLo || m.mul_mode == ptx::MulMode::kNone) && w >= 16) {
          return StrCat("(", ut, ")(", a[0], " * ", a[1], ")");
        }
        if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kS32) {
          return StrCat("(uint64_t)((int64_t)(int32_t)", a[0], " * (int64_t)(int32_t)", a[1], ")");
        }
        if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kU32) {
          return StrCat("((uint64_t)", a[0], " * (uint64_t)", a[1], ")");
        }
        // The high half of a 32-bit product: nvcc's division by a constant (`i / 3`).
        if (m.mul_mode == ptx::MulMode::kHi && t == ScalarType::kS32) {
          return StrCat("(uint32_t)((uint64_t)((int64_t)(int32_t)", a[0], " * (int64_t)(int32_t)", a[1], ") >> 32)");
        }
        if (m.mul_mode == ptx::MulMode::kHi && t == ScalarType::kU32) {
          return StrCat("(uint32_t)(((uint64_t)(uint32_t)", a[0], " * (uint64_t)(uint32_t)", a[1], ") >> 32)");
        }
        return call();
      case Opcode::kMad:
        if (m.mul_mode == ptx::MulMode::kLo && !m.sat && w >= 16) {
          return StrCat("(", ut, ")(", a[0], " * ", a[1], " + ", a[2], ")");
        }
        if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kS32) {
          return StrCat("(uint64_t)((int64_t)(int32_t)", a[0], " * (int64_t)(int32_t)", a[1],
                        " + (int64_t)", a[2], ")");
        }
        if (m.mul_mode == ptx::MulMode::kWide && t == ScalarType::kU32) {
          return StrCat("((uint64_t)", a[0], " * (uint64_t)", a[1], " + ", a[2], ")");
        }
        return call();
      case Opcode::kMin:
      case Opcode::kMax:
        if (w >= 16) {
          const bool sgn = simt::IsSignedInt(t);
          std::string x = sgn ? S(a[0]) : a[0], y = sgn ? S(a[1]) : a[1];
          const char* op = in.op == Opcode::kMin ? " < " : " > ";
          return StrCat("(", ut, ")(", x, op, y, " ? ", x, " : ", y, ")");
        }
        return call();
      case Opcode::kNeg:
        if (w >= 16) return StrCat("(", ut, ")(0 - ", a[0], ")");
        return call();
      case Opcode::kAnd:
      case Opcode::kOr:
      case Opcode::kXor: {
        const char* op = in.op == Opcode::kAnd ? " & " : in.op == Opcode::kOr ? " | " : " ^ ";
        if (w == 1) return StrCat("(cs_pred)(", a[0], op, a[1], ")");
        if (w >= 16) return StrCat("(", ut, ")(", a[0], op, a[1], ")");
        return call();
      }
      case Opcode::kNot:
        if (w == 1) return StrCat("(cs_pred)(", a[0], " ^ 1)");
        if (w >= 16) return StrCat("(", ut, ")(~", a[0], ")");
        return call();
      case Opcode::kCnot:
        if (w == 1) return StrCat("(cs_pred)(", a[0], " ^ 1)");
        return call();
      case Opcode::kShl:
        if (w >= 16) return StrCat("(", a[1], " >= ", w, "u ? (", ut, ")0 : (", ut, ")(", a[0], " << ", a[1], "))");
        return call();
      case Opcode::kShr:
        if (w >= 16) {
          if (simt::IsSignedInt(t)) {
            return StrCat("(", ut, ")(", S(a[0]), " >> (", a[1], " > ", w - 1, "u ? ", w - 1, "u : ", a[1], "))");
          }
          return StrCat("(", a[1], " >= ", w, "u ? (", ut, ")0 : (", ut, ")(", a[0], " >> ", a[1], "))");
        }
        return call();
      case Opcode::kSelp:
        return StrCat("(", a[2], " ? ", a[0], " : ", a[1], ")");
      case Opcode::kCvt: {
        const ScalarType d = t, s = m.type2;
        const bool cplain = !m.sat && !m.ftz && !m.relu;
        const bool crn = m.rounding == ptx::Rounding::kNone || m.rounding == ptx::Rounding::kRn;
        if (std::string v = InlineCvt(in, a[0]); !v.empty()) return v;
        if (cplain) {
          if (d == ScalarType::kS64 && s == ScalarType::kS32) return StrCat("(uint64_t)(int64_t)(int32_t)", a[0]);
          if ((d == ScalarType::kU64 || d == ScalarType::kS64) && s == ScalarType::kU32) return StrCat("(uint64_t)(uint32_t)", a[0]);
          if ((d == ScalarType::kU32 || d == ScalarType::kS32) &&
              (s == ScalarType::kU64 || s == ScalarType::kS64)) {
            return StrCat("(uint32_t)", a[0]);
          }
          if (crn && d == ScalarType::kF32 && s == ScalarType::kS32) return StrCat("BF((float)(int32_t)", a[0], ")");
          if (crn && d == ScalarType::kF32 && s == ScalarType::kU32) return StrCat("BF((float)(uint32_t)", a[0], ")");
          if (d == ScalarType::kF64 && s == ScalarType::kS32) return StrCat("BD((double)(int32_t)", a[0], ")");
          if (d == ScalarType::kF64 && s == ScalarType::kF32) return StrCat("BD((double)F(", a[0], "))");
          if (crn && d == ScalarType::kF32 && s == ScalarType::kF64) return StrCat("BF((float)D(", a[0], "))");
        }
        return call();
      }
      case Opcode::kCvta: {
        if (m.space == StateSpace::kLocal) {  // lane l's frame is w->local + l * stride
          const std::string base = StrCat("(uint64_t)(uintptr_t)(w->local + (uintptr_t)l * ", local_stride_, "u)");
          if (m.to) {
            const std::string mask = t == ScalarType::kU32 ? "0xFFFFFFFFull" : "~0ull";
            return StrCat("((", a[0], " - ", base, ") & ", mask, ")");
          }
          return StrCat("(", base, " + (uint32_t)", a[0], ")");
        }
        if (m.space == StateSpace::kShared) {
          if (m.to) {
            const std::string mask = t == ScalarType::kU32 ? "0xFFFFFFFFull" : "~0ull";
            return StrCat("((", a[0], " - (uint64_t)(uintptr_t)c->shared) & ", mask, ")");
          }
          return StrCat("((uint64_t)(uintptr_t)c->shared + (uint32_t)", a[0], ")");
        }
        return StrCat("(", a[0], " & ", t == ScalarType::kU32 ? "0xFFFFFFFFull" : "~0ull", ")");
      }
      case Opcode::kDiv: case Opcode::kRem: case Opcode::kAbs: case Opcode::kPopc: case Opcode::kClz:
      case Opcode::kLop3: case Opcode::kShf: case Opcode::kMul24: case Opcode::kMad24: case Opcode::kBrev:
      case Opcode::kBfind: case Opcode::kBfe: case Opcode::kBfi: case Opcode::kPrmt: case Opcode::kSad:
        if (std::string v = InlineInt(in, a); !v.empty()) return v;
        return call();
      default:
        return NoInst(in, "form");
    }
  }

  // 32-bit integer forms inline with lane_ops_int.cc's semantics (prelude helpers); "" where
  // lane_ops is still needed (64-bit division: no exact vector form).
  std::string InlineInt(const ptx::Instruction& in, const std::vector<std::string>& a) const {
    const ScalarType t = in.mod.type;
    const bool s32 = t == ScalarType::kS32, u32 = t == ScalarType::kU32;
    const bool w32 = Width(t) == 32;
    auto u = [&](size_t i) { return StrCat("(uint32_t)", a[i]); };
    switch (in.op) {
      case Opcode::kDiv:
      case Opcode::kRem: {
        const bool div = in.op == Opcode::kDiv;
        if (t == ScalarType::kS32) return StrCat(div ? "cs_divs32(" : "cs_rems32(", u(0), ", ", u(1), ")");
        if (t == ScalarType::kU32) return StrCat(div ? "cs_divu32(" : "cs_remu32(", u(0), ", ", u(1), ")");
        return "";
      }
      case Opcode::kAbs:
        if (t != ScalarType::kS32) return "";
        return StrCat("cs_sel<uint32_t>((int32_t)", u(0), " < 0, 0u - ", u(0), ", ", u(0), ")");
      case Opcode::kPopc: return t == ScalarType::kB32 ? StrCat("(uint32_t)__builtin_popcount(", u(0), ")") : "";
      case Opcode::kClz: return t == ScalarType::kB32 ? StrCat("cs_clz32(", u(0), ")") : "";
      case Opcode::kLop3: return StrCat("cs_lop3(", u(0), ", ", u(1), ", ", u(2), ", ", u(3), ")");
      case Opcode::kShf:
        return StrCat("cs_shf(", in.mod.left ? 1 : 0, ", ", in.mod.shf_mode == ptx::ShfMode::kClamp ? 1 : 0, ", ",
                      u(0), ", ", u(1), ", ", u(2), ")");
      case Opcode::kBfe:
        if (!s32 && !u32) return "";
        return StrCat("cs_bfe32(", s32 ? 1 : 0, ", ", u(0), ", ", u(1), ", ", u(2), ")");
      case Opcode::kBfi: return w32 ? StrCat("cs_bfi32(", u(0), ", ", u(1), ", ", u(2), ", ", u(3), ")") : "";
      case Opcode::kBfind:
        if (!s32 && !u32) return "";
        return StrCat("cs_bfind32(", s32 ? 1 : 0, ", ", in.mod.shiftamt ? 1 : 0, ", ", u(0), ")");
      case Opcode::kBrev: return w32 ? StrCat("cs_brev32(", u(0), ")") : "";
      case Opcode::kPrmt:
        if (in.mod.prmt_mode != ptx::PrmtMode::kNone) return "";
        return StrCat("cs_prmt(", u(0), ", ", u(1), ", ", u(2), ")");
      case Opcode::kMul24:
      case Opcode::kMad24: {
        // 24-bit operands, sign- or zero-extended: .lo is the 32-bit product, .hi bits 16..47.
        if ((!s32 && !u32) || (in.mod.sat && in.op == Opcode::kMad24)) return "";
        auto ext = [&](size_t i) {
          return s32 ? StrCat("(int64_t)((int32_t)(", u(i), " << 8) >> 8)") : StrCat("(int64_t)(", u(i), " & 0xFFFFFFu)");
        };
        const std::string p = StrCat("(uint64_t)(", ext(0), " * ", ext(1), ")");
        std::string v = in.mod.mul_mode == ptx::MulMode::kHi ? StrCat("(uint32_t)(", p, " >> 16)") : StrCat("(uint32_t)", p);
        if (in.op == Opcode::kMad24) v = StrCat("(", v, " + ", u(2), ")");
        return v;
      }
      case Opcode::kSad:
        if (s32) return StrCat("(", u(2), " + cs_sel<uint32_t>((int32_t)", u(0), " < (int32_t)", u(1), ", ", u(1), " - ", u(0), ", ", u(0), " - ", u(1), "))");
        if (u32) return StrCat("(", u(2), " + cs_sel<uint32_t>(", u(0), " < ", u(1), ", ", u(1), " - ", u(0), ", ", u(0), " - ", u(1), "))");
        return "";
      default: return "";
    }
  }

  // f64 division, square root, reciprocal (square root) and min/max in round-to-nearest,
  // inline with the semantics of lane_ops_float.cc; "" where lane_ops is still needed.
  std::string InlineF64(const ptx::Instruction& in, const std::vector<std::string>& a) const {
    const ptx::Modifiers& m = in.mod;
    if (m.rounding != ptx::Rounding::kNone && m.rounding != ptx::Rounding::kRn) return "";
    // Only rcp.approx.ftz.f64 and rsqrt.approx.ftz.f64 flush (input and result).
    const bool ftz = m.ftz && (in.op == Opcode::kRcp || in.op == Opcode::kRsqrt);
    auto dx = [&](size_t i) { return ftz ? StrCat("D(cs_flush64(", a[i], "))") : StrCat("D(", a[i], ")"); };
    auto fin = [&](const std::string& v) {
      return ftz ? StrCat("cs_flush64(cs_nan64(BD(", v, ")))") : StrCat("cs_nan64(BD(", v, "))");
    };
    switch (in.op) {
      case Opcode::kDiv: return fin(StrCat(dx(0), " / ", dx(1)));
      case Opcode::kSqrt: return fin(StrCat("__builtin_sqrt(", dx(0), ")"));
      case Opcode::kRcp: return fin(StrCat("1.0 / ", dx(0)));
      case Opcode::kRsqrt: return fin(StrCat("1.0 / __builtin_sqrt(", dx(0), ")"));
      case Opcode::kMin:
      case Opcode::kMax:
        if (m.abs || m.nan || m.xorsign || m.ftz) return "";
        return StrCat("cs_minmax64(", in.op == Opcode::kMax ? 1 : 0, ", ", a[0], ", ", a[1], ")");
      default: return "";
    }
  }

  // f32 arithmetic with .ftz/.sat and the approximate and directed forms, inline with the
  // semantics of lane_ops_float.cc (prelude helpers); "" where lane_ops is still needed.
  std::string InlineF32(const ptx::Instruction& in, const std::vector<std::string>& a) const {
    const ptx::Modifiers& m = in.mod;
    const std::string ftz = m.ftz ? "1" : "0", sat = m.sat ? "1" : "0";
    auto x = [&](size_t i) { return m.ftz ? StrCat("cs_flush32(", a[i], ")") : a[i]; };
    auto fx = [&](size_t i) { return StrCat("F(", x(i), ")"); };
    auto fin = [&](const std::string& bits) { return StrCat("cs_fin32(", bits, ", ", ftz, ", ", sat, ")"); };
    const bool rn = m.rounding == ptx::Rounding::kNone || m.rounding == ptx::Rounding::kRn;
    int dir = 0;
    if (m.rounding == ptx::Rounding::kRz) dir = 1;
    if (m.rounding == ptx::Rounding::kRm) dir = 2;
    if (m.rounding == ptx::Rounding::kRp) dir = 3;
    switch (in.op) {
      case Opcode::kAdd: if (rn) return fin(StrCat("BF(", fx(0), " + ", fx(1), ")")); break;
      case Opcode::kSub: if (rn) return fin(StrCat("BF(", fx(0), " - ", fx(1), ")")); break;
      case Opcode::kMul: if (rn) return fin(StrCat("BF(", fx(0), " * ", fx(1), ")")); break;
      case Opcode::kFma:
      case Opcode::kMad:
        if (rn && (in.op == Opcode::kFma || m.rounding == ptx::Rounding::kRn)) {
          return fin(StrCat("BF(__builtin_fmaf(", fx(0), ", ", fx(1), ", ", fx(2), "))"));
        }
        if (dir != 0) {
          static constexpr const char* kFmaDirected[] = {"", "cs_fma_rz32(", "cs_fma_rm32(", "cs_fma_rp32("};
          return fin(StrCat(kFmaDirected[dir], x(0), ", ", x(1), ", ", x(2), ")"));
        }
        break;
      case Opcode::kMin:
      case Opcode::kMax:
        if (!m.abs && !m.nan && !m.xorsign) {
          return StrCat(in.op == Opcode::kMax ? "cs_max32(" : "cs_min32(", x(0), ", ", x(1), ")");
        }
        break;
      case Opcode::kNeg: return StrCat("(", x(0), " ^ 0x80000000u)");
      case Opcode::kAbs: return StrCat("(", x(0), " & 0x7FFFFFFFu)");
      case Opcode::kRcp: if (rn) return fin(StrCat("BF(1.0f / ", fx(0), ")")); break;
      // div.rn/full as IEEE division; div.approx flushes huge divisors' reciprocals (cs_div_approx32).
      case Opcode::kDiv:
        if (!rn) break;
        if (m.approx && !m.full) return fin(StrCat("cs_div_approx32(", x(0), ", ", x(1), ")"));
        return fin(StrCat("BF(", fx(0), " / ", fx(1), ")"));
      // rsqrt.approx: the interpreter's correctly rounded double result (vsqrtpd + vdivpd).
      case Opcode::kRsqrt: if (rn) return fin(StrCat("BF((float)(1.0 / __builtin_sqrt((double)", fx(0), ")))")); break;
      case Opcode::kSqrt: if (rn) return fin(StrCat("BF(__builtin_sqrtf(", fx(0), "))")); break;
      // No input flush: 2^x of a subnormal x rounds to 1.0, as 2^0 does.
      case Opcode::kEx2: return fin(StrCat("cs_ex2_32(", a[0], ")"));
      default: break;
    }
    return "";
  }

  // cvt forms that vectorise: f32 -> f32 (.sat, integer rounding), f32 -> s32/u32.
  std::string InlineCvt(const ptx::Instruction& in, const std::string& a) const {
    const ptx::Modifiers& m = in.mod;
    if (std::string v = InlineCvtWide(in, a); !v.empty()) return v;
    if (std::string v = InlineCvtInt(in, a); !v.empty()) return v;
    if (!m.ftz && !m.sat && !m.relu) {  // f16/bf16 <-> f32
      const bool none = m.rounding == ptx::Rounding::kNone;
      const bool rn = none || m.rounding == ptx::Rounding::kRn;
      if (m.type == ScalarType::kF32 && none && m.type2 == ScalarType::kF16) return StrCat("cs_h2f((uint32_t)", a, ")");
      if (m.type == ScalarType::kF32 && none && m.type2 == ScalarType::kBF16) return StrCat("cs_bf2f((uint32_t)", a, ")");
      if (m.type2 == ScalarType::kF32 && rn && m.type == ScalarType::kF16) return StrCat("cs_f2h((uint32_t)", a, ")");
      if (m.type2 == ScalarType::kF32 && rn && m.type == ScalarType::kBF16) return StrCat("cs_f2bf((uint32_t)", a, ")");
    }
    if (m.type2 != ScalarType::kF32 || m.relu) return "";
    const std::string x = m.ftz ? StrCat("cs_flush32(", a, ")") : a;
    std::string round;
    switch (m.rounding) {
      case ptx::Rounding::kRzi: round = "__builtin_truncf"; break;
      case ptx::Rounding::kRni: round = "__builtin_rintf"; break;
      case ptx::Rounding::kRmi: round = "__builtin_floorf"; break;
      case ptx::Rounding::kRpi: round = "__builtin_ceilf"; break;
      default: break;
    }
    if (m.type == ScalarType::kF32) {
      const std::string v = round.empty() ? x : StrCat("BF(", round, "(F(", x, ")))");
      if (!round.empty() || m.rounding == ptx::Rounding::kNone) {
        return StrCat("cs_fin32(", v, ", ", m.ftz ? 1 : 0, ", ", m.sat ? 1 : 0, ")");
      }
      return "";
    }
    if ((m.type == ScalarType::kS32 || m.type == ScalarType::kU32) && !round.empty()) {
      return StrCat(m.type == ScalarType::kS32 ? "cs_f2s32(" : "cs_f2u32(", round, "(F(", x, ")))");
    }
    return "";
  }

  // cvt between integer types (lane_ops_convert.cc Convert): the source sign- or zero-extended
  // from its width, then cut to the destination's (zero-extended in the register) or, with
  // .sat, clamped to its range.
  std::string InlineCvtInt(const ptx::Instruction& in, const std::string& a) const {
    const ptx::Modifiers& m = in.mod;
    const ScalarType d = m.type, s = m.type2;
    if (ptx::IsFloat(d) || ptx::IsFloat(s) || d == ScalarType::kPred || s == ScalarType::kPred) return "";
    const int sw = Width(s), dw = Width(d);
    if ((sw != 8 && sw != 16 && sw != 32 && sw != 64) || (dw != 8 && dw != 16 && dw != 32 && dw != 64)) return "";
    const bool ss = simt::IsSignedInt(s), ds = simt::IsSignedInt(d);
    const std::string v = StrCat("(", ss ? "int" : "uint", sw, "_t)", a);  // the extended source
    const std::string mask = Hex(simt::WidthMask(dw));
    if (!m.sat) return StrCat("((uint64_t)(int64_t)", v, " & ", mask, ")");
    const uint64_t umax = simt::WidthMask(dw), smax = simt::WidthMask(dw - 1);
    if (ss) {
      const std::string x = StrCat("(int64_t)", v);
      if (ds) {
        return StrCat("((uint64_t)(", x, " > (int64_t)", Hex(smax), " ? (int64_t)", Hex(smax), " : ", x,
                      " < -(int64_t)", Hex(smax), " - 1 ? -(int64_t)", Hex(smax), " - 1 : ", x, ") & ", mask, ")");
      }
      return StrCat("(", x, " < 0 ? 0ull : (uint64_t)", x, " > ", Hex(umax), " ? ", Hex(umax), " : (uint64_t)", x, ")");
    }
    const std::string x = StrCat("(uint64_t)", v), hi = Hex(ds ? smax : umax);
    return StrCat("(", x, " > ", hi, " ? ", hi, " : ", x, ")");
  }

  // cvt with 64-bit integers or an f64 source into integers, without ftz/sat: float -> integer
  // rounded by the instruction's mode (cs_d2*), 64-bit and unsigned 32-bit integers -> float in
  // round-to-nearest (the host's conversions, IEEE); "" otherwise.
  std::string InlineCvtWide(const ptx::Instruction& in, const std::string& a) const {
    const ptx::Modifiers& m = in.mod;
    if (m.ftz || m.sat || m.relu) return "";
    const ScalarType d = m.type, s = m.type2;
    const bool crn = m.rounding == ptx::Rounding::kNone || m.rounding == ptx::Rounding::kRn;
    const bool s64 = s == ScalarType::kS64, u64 = s == ScalarType::kU64;
    if ((s64 || u64) && crn && (d == ScalarType::kF32 || d == ScalarType::kF64)) {
      const std::string i = StrCat(s64 ? "(int64_t)" : "(uint64_t)", a);
      return d == ScalarType::kF32 ? StrCat("BF((float)", i, ")") : StrCat("BD((double)", i, ")");
    }
    if (s == ScalarType::kU32 && d == ScalarType::kF64) return StrCat("BD((double)(uint32_t)", a, ")");
    if (s != ScalarType::kF64 && s != ScalarType::kF32) return "";
    const char* round = nullptr;
    switch (m.rounding) {
      case ptx::Rounding::kRzi: round = "__builtin_trunc"; break;
      case ptx::Rounding::kRni: round = "__builtin_rint"; break;
      case ptx::Rounding::kRmi: round = "__builtin_floor"; break;
      case ptx::Rounding::kRpi: round = "__builtin_ceil"; break;
      default: return "";
    }
    const std::string x = StrCat(round, "(", s == ScalarType::kF64 ? "D(" : "(double)F(", a, "))");
    switch (d) {
      case ScalarType::kS64: return StrCat("cs_d2s64(", x, ")");
      case ScalarType::kU64: return StrCat("cs_d2u64(", x, ")");
      case ScalarType::kS32: return s == ScalarType::kF64 ? StrCat("cs_d2s32(", x, ")") : "";
      case ScalarType::kU32: return s == ScalarType::kF64 ? StrCat("cs_d2u32(", x, ")") : "";
      default: return "";
    }
  }

  // A setp's comparison as a C++ expression of its operands `a` when it is the host's own (ints
  // of 32/64 bits; f32/f64 ordered compares without ftz: C's != is not PTX's ordered ne), else "".
  static std::string InlineCompare(const ptx::Instruction& in, const std::vector<std::string>& a) {
    const ptx::Modifiers& m = in.mod;
    const ScalarType t = m.type;
    const char* op = nullptr;
    bool uns = false;  // lo/ls/hi/hs: unsigned order
    switch (m.cmp) {
      case ptx::CmpOp::kEq: op = " == "; break;
      case ptx::CmpOp::kNe: op = " != "; break;
      case ptx::CmpOp::kLt: op = " < "; break;
      case ptx::CmpOp::kLe: op = " <= "; break;
      case ptx::CmpOp::kGt: op = " > "; break;
      case ptx::CmpOp::kGe: op = " >= "; break;
      case ptx::CmpOp::kLo: op = " < "; uns = true; break;
      case ptx::CmpOp::kLs: op = " <= "; uns = true; break;
      case ptx::CmpOp::kHi: op = " > "; uns = true; break;
      case ptx::CmpOp::kHs: op = " >= "; uns = true; break;
      default: break;
    }
    if (ptx::IsFloat(t)) {
      // IEEE compares on the host: the ordered ones are C's (but ne, which C makes unordered),
      // an unordered one the negation of the opposite ordered one; .ftz flushes the operands.
      if (t != ScalarType::kF32 && t != ScalarType::kF64) return "";
      const bool f32 = t == ScalarType::kF32;
      auto v = [&](size_t i) {
        return m.ftz && f32 ? StrCat("F(cs_flush32(", a[i], "))") : StrCat(f32 ? "F(" : "D(", a[i], ")");
      };
      const std::string x = v(0), y = v(1);
      auto c = [&](const char* o) { return StrCat("(", x, o, y, ")"); };
      switch (m.cmp) {
        case ptx::CmpOp::kEq: return c(" == ");
        case ptx::CmpOp::kNe: return StrCat("(", c(" < "), " | ", c(" > "), ")");
        case ptx::CmpOp::kLt: return c(" < ");
        case ptx::CmpOp::kLe: return c(" <= ");
        case ptx::CmpOp::kGt: return c(" > ");
        case ptx::CmpOp::kGe: return c(" >= ");
        case ptx::CmpOp::kEqu: return StrCat("(!(", c(" < "), " | ", c(" > "), "))");
        case ptx::CmpOp::kNeu: return c(" != ");
        case ptx::CmpOp::kLtu: return StrCat("(!", c(" >= "), ")");
        case ptx::CmpOp::kLeu: return StrCat("(!", c(" > "), ")");
        case ptx::CmpOp::kGtu: return StrCat("(!", c(" <= "), ")");
        case ptx::CmpOp::kGeu: return StrCat("(!", c(" < "), ")");
        case ptx::CmpOp::kNum: return StrCat("((", x, " == ", x, ") & (", y, " == ", y, "))");
        case ptx::CmpOp::kNan: return StrCat("((", x, " != ", x, ") | (", y, " != ", y, "))");
        default: return "";
      }
    }
    if (op == nullptr) return "";
    const int w = Width(t);
    if (w != 32 && w != 64) return "";
    if (uns || !simt::IsSignedInt(t)) return StrCat("(", a[0], op, a[1], ")");
    const std::string st = StrCat("(int", w, "_t)");
    return StrCat("((", st, a[0], ")", op, "(", st, a[1], "))");
  }

  // Emits `in` into `o`. scalar: outside lane loops (uniform instruction). In lane context the
  // enclosing loop defines `l` and `act`.
  absl::Status EmitInst(const ptx::Instruction& in, bool scalar, std::string& o) {
    if (HasDest(in) && in.operands[0].kind == Operand::Kind::kReg &&
        regs_[in.operands[0].reg].kind == RegInfo::kRemat) {
      return absl::OkStatus();  // recomputed where it is used
    }
    std::string cond = "act";
    if (!scalar && in.has_guard) {
      cond = StrCat("(act && ", in.guard_negated ? "!" : "", "(", RegRef(in.guard), " & 1))");
    }
    auto write = [&](uint32_t r, const std::string& v) {
      const std::string st = UType(regs_[r].width);
      switch (regs_[r].kind) {
        case RegInfo::kUniform:
          o += StrCat("    u->u", r, " = (", st, ")(", v, ");\n");
          break;
        case RegInfo::kLocal:
          if (fused_) {  // one lane loop for the whole segment: scalars, no blend unless guarded
            if (!declared_.contains(r)) {
              declared_.insert(r);
              o += StrCat("    ", st, " t", r, " = (", st, ")(", v, ");\n");
            } else if (cond == "act") {
              o += StrCat("    t", r, " = (", st, ")(", v, ");\n");
            } else {
              o += StrCat("    t", r, " = cs_sel<", st, ">(", cond, ", (", st, ")(", v, "), t", r, ");\n");
            }
          } else if (full_) {  // full mask: segment-local arrays, no blend unless guarded
            if (cond == "act") {
              o += StrCat("    t", r, "[l] = (", st, ")(", v, ");\n");
            } else {
              o += StrCat("    t", r, "[l] = cs_sel<", st, ">(", cond, ", (", st, ")(", v, "), t", r, "[l]);\n");
            }
          } else if (split_ && !declared_.contains(r)) {  // masked, split: arrays declared ahead
            declared_.insert(r);
            o += StrCat("    t", r, "[l] = (", st, ")(", v, ");\n");
          } else if (split_) {
            o += StrCat("    t", r, "[l] = cs_sel<", st, ">(", cond, ", (", st, ")(", v, "), t", r, "[l]);\n");
          } else if (!declared_.contains(r)) {
            declared_.insert(r);
            o += StrCat("    ", st, " t", r, " = (", st, ")(", v, ");\n");
          } else {
            o += StrCat("    t", r, " = cs_sel<", st, ">(", cond, ", (", st, ")(", v, "), t", r, ");\n");
          }
          break;
        default:
          if (full_ && cond == "act") {
            o += StrCat("    ", LaneArray(r), "[l] = (", st, ")(", v, ");\n");
          } else {
            o += StrCat("    ", LaneArray(r), "[l] = cs_sel<", st, ">(", cond, ", (", st, ")(", v, "), ", LaneArray(r),
                        "[l]);\n");
          }
      }
    };
    const ptx::Modifiers& m = in.mod;
    switch (in.op) {
      case Opcode::kLd:
      case Opcode::kLdu:
      case Opcode::kSt:
      case Opcode::kAtom:
      case Opcode::kRed:
        return EmitMemory(in, scalar, cond, write, o);
      case Opcode::kShfl:
        return EmitShfl(in, write, o);
      case Opcode::kVote:
        return EmitLaneVote(in, write, o);
      case Opcode::kRedux:
      case Opcode::kActivemask:
        // Uniform ones are scalar (EmitCollective); a per-lane guard or member mask is not.
        return NoInst(in, "per-lane guard or member mask");
      case Opcode::kMov:
        if (in.operands[0].kind == Operand::Kind::kVector || in.operands[1].kind == Operand::Kind::kVector) {
          return EmitVectorMov(in, write);
        }
        break;
      case Opcode::kSetp: {
        std::vector<std::string> a = Srcs(in);
        std::string cmp = InlineCompare(in, a);
        if (cmp.empty()) {
          std::string v = Call(in, {a[0], a[1]});
          cmp = scalar ? StrCat("(", v, " != 0)") : StrCat("(act && ", v, " != 0)");
        }
        std::string p = StrCat("(cs_pred)", cmp), q = StrCat("(cs_pred)!", cmp);
        if (in.operands.size() > 3) {
          const char* op = m.bool_op == ptx::BoolOp::kAnd ? " & " : m.bool_op == ptx::BoolOp::kOr ? " | " : " ^ ";
          p = StrCat("(cs_pred)((cs_pred)", cmp, op, a[2], ")");
          q = StrCat("(cs_pred)((cs_pred)!", cmp, op, a[2], ")");
        }
        const Operand& d = in.operands[0];
        if (d.kind == Operand::Kind::kSink) return absl::OkStatus();
        write(d.reg, p);
        if (d.kind == Operand::Kind::kRegPair) write(d.reg2, q);
        return absl::OkStatus();
      }
      default: break;
    }
    bool unsafe = false;
    absl::StatusOr<std::string> v = Value(in, &unsafe);
    if (!v.ok()) return v.status();
    const Operand& d = in.operands[0];
    if (d.kind == Operand::Kind::kSink) return absl::OkStatus();
    if (d.kind != Operand::Kind::kReg) return NoInst(in, "destination");
    std::string val = *v;
    if (unsafe && !scalar) val = StrCat("(", cond, " ? ", val, " : 0)");
    write(d.reg, val);
    return absl::OkStatus();
  }

  // shfl.sync.mode.b32 d(|p), a, b, c, membermask, lane by lane as the PTX ISA's pseudo-code
  // (handlers_warp.cc): every lane's `a` is copied first, so no lane sees a neighbour's new d.
  template <typename Write>
  absl::Status EmitShfl(const ptx::Instruction& in, Write& write, std::string& o) {
    const Operand& d = in.operands[0];
    if (d.kind != Operand::Kind::kReg && d.kind != Operand::Kind::kRegPair) return NoInst(in, "destination");
    o += StrCat("  {\n    alignas(64) uint32_t cs_src[32];\n    for (int l = 0; l < 32; ++l) cs_src[l] = (uint32_t)",
                Read(in.operands[1], ScalarType::kB32), ";\n");
    const std::string b = Read(in.operands[2], ScalarType::kU32), c = Read(in.operands[3], ScalarType::kU32);
    const std::string params = StrCat("    const int cs_b = (int)(", b, " & 31u), cs_c = (int)(", c, " & 31u), cs_seg = (int)((", c,
                                      " >> 8) & 31u);\n    const int cs_max = (l & cs_seg) | (cs_c & ~cs_seg);\n    int j; bool p;\n");
    std::string source;  // the source lane j and whether it is in range, p
    switch (in.mod.shfl_mode) {
      case ptx::ShflMode::kUp: source = "    j = l - cs_b; p = j >= cs_max;\n"; break;
      case ptx::ShflMode::kDown: source = "    j = l + cs_b; p = j <= cs_max;\n"; break;
      case ptx::ShflMode::kBfly: source = "    j = l ^ cs_b; p = j <= cs_max;\n"; break;
      default: source = "    j = (l & cs_seg) | (cs_b & ~cs_seg); p = j <= cs_max;\n"; break;
    }
    source += "    j = p ? j : l;\n";
    // Every lane active: the source lanes first, then one permutation of the warp's values
    // (constant when b and c are: nvcc's reductions), then the writes.
    o += StrCat("  if (m == 0xFFFFFFFFu) {\n    alignas(64) uint32_t cs_ix[32], cs_sh[32];\n    alignas(64) cs_pred cs_in[32];\n",
                "  _Pragma(\"GCC ivdep\")\n  for (int l = 0; l < 32; ++l) {\n", params, source,
                "    cs_ix[l] = (uint32_t)j; cs_in[l] = p;\n  }\n  cs_permute32(cs_sh, cs_src, cs_ix);\n",
                "  _Pragma(\"GCC ivdep\")\n  for (int l = 0; l < 32; ++l) {\n    const bool act = true; (void)act;\n");
    full_ = true;
    write(d.reg, "cs_sh[l]");
    if (d.kind == Operand::Kind::kRegPair) write(d.reg2, "cs_in[l]");
    full_ = false;
    // Some lanes inactive: lane by lane, masked writes. The gather is unconditional (in bounds)
    // so the loop if-converts.
    o += StrCat("  }\n  } else {\n  _Pragma(\"GCC ivdep\")\n  for (int l = 0; l < 32; ++l) {\n    const bool act = (m >> l) & 1; (void)act;\n",
                params, source, "    const uint32_t cs_v = cs_src[j & 31];\n");
    write(d.reg, "cs_v");
    if (d.kind == Operand::Kind::kRegPair) write(d.reg2, "(cs_pred)p");
    o += "  }\n  }\n  }\n";
    return absl::OkStatus();
  }

  // mov between a register and a vector of its parts; element 0 is the least significant.
  template <typename Write>
  absl::Status EmitVectorMov(const ptx::Instruction& in, Write& write) {
    const bool pack = in.operands[0].kind == Operand::Kind::kReg;
    const Operand& v = in.operands[pack ? 1 : 0];
    const int w = Width(in.mod.type), n = static_cast<int>(v.elements.size()), ew = w / n;
    const ScalarType part = ew == 8 ? ScalarType::kB8 : ew == 16 ? ScalarType::kB16 : ScalarType::kB32;
    const ScalarType whole = w == 32 ? ScalarType::kB32 : ScalarType::kB64;
    const std::string wt = UType(w);
    if (pack) {
      std::string e = StrCat("(", wt, ")0");
      for (int i = 0; i < n; ++i) {
        if (v.elements[i].kind == Operand::Kind::kSink) continue;
        e = StrCat("(", e, " | (", wt, ")((", wt, ")", Read(v.elements[i], part), " << ", i * ew, "))");
      }
      write(in.operands[0].reg, e);
      return absl::OkStatus();
    }
    const std::string src = Read(in.operands[1], whole);
    for (int i = 0; i < n; ++i) {
      if (v.elements[i].kind != Operand::Kind::kReg) continue;
      write(v.elements[i].reg, StrCat("(", UType(ew), ")(", src, " >> ", i * ew, ")"));
    }
    return absl::OkStatus();
  }

  // vote.sync whose member mask or guard differs between lanes (its own item, like shfl): the
  // voters are the executing lanes' predicates; each lane answers for its own members.
  template <typename Write>
  absl::Status EmitLaneVote(const ptx::Instruction& in, Write& write, std::string& o) {
    const Operand& d = in.operands[0];
    if (d.kind == Operand::Kind::kSink) return absl::OkStatus();
    if (d.kind != Operand::Kind::kReg) return NoInst(in, "destination");
    o += "  {\n    uint32_t cs_x = m;\n";
    if (in.has_guard) {
      o += StrCat("    { uint32_t cs_g = 0; for (int l = 0; l < 32; ++l) cs_g |= (uint32_t)(", in.guard_negated ? "!" : "",
                  "(", RegRef(in.guard), " & 1)) << l; cs_x &= cs_g; }\n");
    }
    o += StrCat("    uint32_t cs_vv = 0;\n    for (int l = 0; l < 32; ++l) cs_vv |= (uint32_t)",
                Read(in.operands[1], ScalarType::kPred), " << l;\n    cs_vv &= cs_x;\n");
    o += "  _Pragma(\"GCC ivdep\")\n  for (int l = 0; l < 32; ++l) {\n    const bool act = (cs_x >> l) & 1; (void)act;\n";
    o += StrCat("    const uint32_t cs_mem = ",
                in.mod.sync ? StrCat("(uint32_t)", Read(in.operands.back(), ScalarType::kB32), " & cs_x") : "cs_x",
                ";\n    const uint32_t cs_v = cs_vv & cs_mem;\n");
    std::string v;
    switch (in.mod.vote_mode) {
      case ptx::VoteMode::kBallot: v = "cs_v"; break;
      case ptx::VoteMode::kAll: v = "(cs_pred)(cs_v == cs_mem)"; break;
      case ptx::VoteMode::kAny: v = "(cs_pred)(cs_v != 0)"; break;
      default: v = "(cs_pred)(cs_v == 0 || cs_v == cs_mem)"; break;
    }
    write(d.reg, v);
    o += "  }\n  }\n";
    return absl::OkStatus();
  }

  // vote / redux / activemask whose result is warp-uniform: one value from the lanes' sources
  // (handlers_warp.cc), computed outside lane loops. Members are the executing lanes the
  // membermask names.
  absl::Status EmitCollective(const ptx::Instruction& in, std::string& o) {
    const Operand& d = in.operands[0];
    if (d.kind == Operand::Kind::kSink) return absl::OkStatus();
    if (d.kind != Operand::Kind::kReg) return NoInst(in, "destination");
    std::string v;
    o += "  {\n";
    if (in.op == Opcode::kActivemask) {
      v = "m";
    } else {
      const std::string members =
          in.mod.sync ? StrCat("((uint32_t)", Read(in.operands.back(), ScalarType::kB32), " & m)") : "m";
      o += StrCat("    const uint32_t cs_mem = ", members, ";\n");
      if (in.op == Opcode::kVote) {
        o += StrCat("    uint32_t cs_v = 0;\n    for (int l = 0; l < 32; ++l) cs_v |= (uint32_t)",
                    Read(in.operands[1], ScalarType::kPred), " << l;\n    cs_v &= cs_mem;\n");
        switch (in.mod.vote_mode) {
          case ptx::VoteMode::kBallot: v = "cs_v"; break;
          case ptx::VoteMode::kAll: v = "(cs_pred)(cs_v == cs_mem)"; break;
          case ptx::VoteMode::kAny: v = "(cs_pred)(cs_v != 0)"; break;
          default: v = "(cs_pred)(cs_v == 0 || cs_v == cs_mem)"; break;
        }
      } else {  // redux.sync.op.{u32,s32,b32}
        const bool sgn = in.mod.type == ScalarType::kS32;
        std::string op;
        switch (in.mod.atom_op) {
          case ptx::AtomOp::kAdd: op = "r + x"; break;
          case ptx::AtomOp::kAnd: op = "r & x"; break;
          case ptx::AtomOp::kOr: op = "r | x"; break;
          case ptx::AtomOp::kXor: op = "r ^ x"; break;
          case ptx::AtomOp::kMin:
            op = sgn ? "((int32_t)x < (int32_t)r ? x : r)" : "(x < r ? x : r)";
            break;
          case ptx::AtomOp::kMax:
            op = sgn ? "((int32_t)x > (int32_t)r ? x : r)" : "(x > r ? x : r)";
            break;
          default: return NoInst(in, "redux operation");
        }
        o += StrCat("    uint32_t r = 0; bool first = true;\n    for (int l = 0; l < 32; ++l) {\n",
                    "      if (!((cs_mem >> l) & 1)) continue;\n      const uint32_t x = (uint32_t)",
                    Read(in.operands[1], ScalarType::kB32), ";\n      r = first ? x : (uint32_t)(", op,
                    ");\n      first = false;\n    }\n");
        v = "r";
      }
    }
    o += StrCat("    u->u", d.reg, " = (", UType(regs_[d.reg].width), ")(", v, ");\n  }\n");
    return absl::OkStatus();
  }

  // A uniform instruction: once per warp, under its (uniform) guard.
  absl::Status EmitScalar(const ptx::Instruction& in, std::string& o) {
    if (in.has_guard) o += StrCat("  if (", in.guard_negated ? "!" : "", "(u->u", in.guard, " & 1)) {\n");
    absl::Status s = IsWarpCollective(in) ? EmitCollective(in, o) : EmitInst(in, true, o);
    if (in.has_guard) o += "  }\n";
    return s;
  }

  // The head of a vectorisable lane loop over `range` ("l = 0; l < 32; ++l"), with `act` the
  // lane's activity (the loop body and its closing brace follow).
  static std::string LaneLoop(const std::string& range, const std::string& act) {
    return StrCat("    _Pragma(\"GCC ivdep\")\n    for (int ", range, ") {\n    const bool act = ", act, "; (void)act;\n");
  }

  template <typename Write>
  absl::Status EmitMemory(const ptx::Instruction& in, bool scalar, const std::string& cond,
                          Write& write, std::string& o) {
    const ptx::Modifiers& m = in.mod;
    const bool is_load = in.op == Opcode::kLd || in.op == Opcode::kLdu;
    const bool is_atom = in.op == Opcode::kAtom;
    const Operand& addr = is_load || is_atom ? in.operands[1] : in.operands[0];
    bool shared = m.space == StateSpace::kShared;
    auto address = [&]() -> std::string {
      if (addr.kind == Operand::Kind::kReg) return Read(addr, ScalarType::kU64);
      const std::string off = StrCat("(uint64_t)", addr.imm, "ll");
      switch (addr.base) {
        case Operand::Base::kReg: {
          Operand r;
          r.kind = Operand::Kind::kReg;
          r.reg = addr.reg;
          return StrCat("(", Read(r, ScalarType::kU64), " + ", off, ")");
        }
        case Operand::Base::kNone: return off;
        case Operand::Base::kSymbol: {
          bool sym_shared = false;
          std::string v = SymbolValue(addr, &sym_shared);
          if (sym_shared) shared = true;
          return v;
        }
      }
      return off;
    };
    if (addr.kind != Operand::Kind::kReg && addr.kind != Operand::Kind::kAddress) return NoInst(in, "address");
    const std::string a = address();
    std::string ptr = shared ? StrCat("(c->shared + (uint32_t)", a, ")") : StrCat("P(", a, ")");
    // The same address for the run checks' few lanes (cs_at), from %tid where it can (TidPure).
    auto check_pointer = [&]() {
      lane_reads_ = true;
      check_block_ = block_of_[&in - f_.instructions.data()];
      const std::string check_a = address();
      lane_reads_ = false;
      return shared ? StrCat("(c->shared + (uint32_t)", check_a, ")") : StrCat("P(", check_a, ")");
    };
    if (m.space == StateSpace::kLocal) {
      // Lane l's frame; an access outside it (a program bug) is redirected to the frame's start
      // and recorded, and the launch fails with an error naming it (as the interpreter does).
      const uint32_t bytes = ptx::SizeOf(m.type) * std::max<uint32_t>(m.vector, 1);
      ptr = StrCat("(w->local + (uintptr_t)l * ", local_stride_, "u + cs_local_ok(w, (uint32_t)", a, ", ", bytes, "u, ",
                   local_stride_, "u))");
    }
    const ScalarType t = m.type;
    const uint32_t size = ptx::SizeOf(t);
    const std::string at = size == 1 ? "cs_a8" : size == 2 ? "cs_a16" : size == 4 ? "cs_a32" : "cs_a64";
    const std::string ut = UType(static_cast<int>(size) * 8);
    auto emit_ld_st = [&](const std::string& ptr) {
      if (is_load) {
        const Operand& d = in.operands[0];
        std::vector<const Operand*> elems;
        if (d.kind == Operand::Kind::kVector) {
          for (const Operand& e : d.elements) elems.push_back(&e);
        } else {
          elems.push_back(&d);
        }
        const bool sgn = simt::IsSignedInt(t) && size < 8;
        const bool masked = !scalar && !(full_ && cond == "act");
        std::string whole_buf;
        if (Whole(in, elems.size(), size)) {
          whole_buf = StrCat("cs_w", whole_id_++);
          o += StrCat("    alignas(16) char ", whole_buf, "[16];\n");
          const std::string copy = StrCat("cs_copy_whole(", whole_buf, ", (const char*)", ptr, ", ", size * elems.size(), ")");
          o += masked ? StrCat("    if (", cond, ") ", copy, "; else __builtin_memset(", whole_buf, ", 0, 16);\n")
                      : StrCat("    ", copy, ";\n");
        }
        for (size_t i = 0; i < elems.size(); ++i) {
          if (elems[i]->kind != Operand::Kind::kReg) continue;
          std::string p = i == 0 ? ptr : StrCat("(", ptr, " + ", i * size, ")");
          if (!whole_buf.empty()) p = StrCat("(", whole_buf, " + ", i * size, ")");
          // A strong load (.volatile/.relaxed/.acquire) is a volatile access: code spinning on
          // another block's flag must see each new value, so g++ may not hoist it out of a loop.
          const std::string vol = Strong(in) ? "volatile " : "";
          std::string load = sgn ? StrCat("(uint64_t)(int64_t)*(const ", vol, "cs_s", size * 8, "*)", p)
                                 : StrCat("(uint64_t)*(const ", vol, at, "*)", p);
          if (masked && whole_buf.empty()) load = StrCat("(", cond, " ? ", load, " : 0)");
          write(elems[i]->reg, load);
        }
        return;
      }
      const Operand& v = in.operands[1];
      std::vector<const Operand*> elems;
      if (v.kind == Operand::Kind::kVector) {
        for (const Operand& e : v.elements) elems.push_back(&e);
      } else {
        elems.push_back(&v);
      }
      const bool uncond = (full_ && cond == "act") || scalar;
      if (!uncond) o += StrCat("    if (", cond, ") {\n");
      if (Whole(in, elems.size(), size)) {
        o += "    {\n      alignas(16) char cs_w[16];\n";
        for (size_t i = 0; i < elems.size(); ++i) {
          o += StrCat("      *(", at, "*)(cs_w + ", i * size, ") = (", ut, ")", Read(*elems[i], t), ";\n");
        }
        o += StrCat("      cs_copy_whole((char*)", ptr, ", cs_w, ", size * elems.size(), ");\n    }\n");
      } else {
        for (size_t i = 0; i < elems.size(); ++i) {
          std::string p = i == 0 ? ptr : StrCat("(", ptr, " + ", i * size, ")");
          o += StrCat("      *(", Strong(in) ? "volatile " : "", at, "*)", p, " = (", ut, ")", Read(*elems[i], t), ";\n");
        }
      }
      if (!uncond) o += "    }\n";
    };
    if (fast_mem_ && fused_) {  // EmitFusedSegment checked the runs: base cs_b<k> per run
      const Operand& a0 = is_load || is_atom ? in.operands[1] : in.operands[0];
      const int64_t sx = fused_stride_.at(a0.reg);
      const int64_t imm = a0.kind == Operand::Kind::kAddress ? a0.imm : 0;
      emit_ld_st(StrCat("(cs_b", fused_base_.at(a0.reg), " + (intptr_t)", imm, " + (uintptr_t)(l - cs_j) * ", sx, "u)"));
      return absl::OkStatus();
    }
    if (fast_mem_ && !full_) {
      // Some lanes masked off (MaskedContiguousCandidate: a lane-affine address, stride =
      // element size). Every lane that is active here got its address from one execution of
      // its definition (SameExecutionInAllLanes), so within one run of 32 lanes the active
      // lanes' addresses are the first active lane's plus (lane distance) * size, unless a
      // 32-bit index wrapped between them, which comparing the first and last active lane
      // catches: then one masked vector access (vmovdqu32 with a mask register), else lane by lane.
      o += StrCat("  {\n    auto cs_at = [&](int l) -> char* { return (char*)", check_pointer(), "; };\n",
                  "    const int cs_f = __builtin_ctz(m | 0x80000000u), cs_e = 31 - __builtin_clz(m | 1u);\n",
                  "    char* cs_p0 = cs_at(cs_f) - (uintptr_t)cs_f * ", size, "u;\n",
                  "    if (w->run == 32 && (uintptr_t)cs_at(cs_e) - (uintptr_t)cs_at(cs_f) == (uintptr_t)(cs_e - cs_f) * ",
                  size, "u) {\n", LaneLoop("l = 0; l < 32; ++l", "(m >> l) & 1"));
      emit_ld_st(StrCat("(cs_p0 + (uintptr_t)l * ", size, "u)"));
      o += StrCat("    }\n    } else {\n", LaneLoop("l = 0; l < 32; ++l", "(m >> l) & 1"));
      emit_ld_st(ptr);
      o += "    }\n    }\n  }\n";
      return absl::OkStatus();
    }
    if (fast_mem_) {
      // Full mask, one element per lane, a per-lane address. The lanes form runs (CsWarp::run:
      // 32 when blockDim.x is a multiple of 32, 16 for 16-wide tiles, ...); when each run's
      // addresses are consecutive elements (or, for a load, all the same) the access is one
      // vector load/store (or broadcast) per run, else a per-lane loop. Whether they are:
      //  - a lane-affine address (FindAffine) with stride = element size (or 0): known but for a
      //    32-bit index wrapping inside a run, which comparing each run's first and last lane
      //    catches;
      //  - any other address: compared lane by lane (one vector compare), stride = element size.
      // Addresses are distinct in the store case, so lane order does not matter.
      const Operand* base = addr.kind == Operand::Kind::kReg ||
                                    (addr.kind == Operand::Kind::kAddress && addr.base == Operand::Base::kReg)
                                ? &addr
                                : nullptr;
      const Affine* af = base != nullptr && aff_[base->reg].ok ? &aff_[base->reg] : nullptr;
      const bool affine = af != nullptr && (af->sx == size || (af->sx == 0 && is_load)) &&
                          (af->wraps == 0 || af->folded || !shared);
      const uint64_t sx = affine ? static_cast<uint64_t>(af->sx) : size;
      o += StrCat("  {\n    const uint32_t cs_r = w->run;\n    auto cs_at = [&](int l) -> char* { return (char*)", check_pointer(),
                  "; };\n    bool cs_ok;\n");
      if (affine) {
        o += StrCat("    cs_ok = cs_r > 1;\n    for (int j = 0; j < 32 && cs_ok; j += (int)cs_r)\n"
                    "      cs_ok = (uintptr_t)cs_at(j + (int)cs_r - 1) - (uintptr_t)cs_at(j) == (uintptr_t)(cs_r - 1) * ",
                    sx, "u;\n");
      } else {
        // One run of 32: every lane against lane 0's address (a broadcast, no gather). Lanes 0
        // and 1 first: a scattered access (a column, a gather) fails there, and the loop over
        // all lanes, scalar for runs under 32, cost more than the gather it was to avoid.
        o += StrCat("    {\n      uint32_t cs_bad = cs_r < 2 || (uintptr_t)cs_at(1) - (uintptr_t)cs_at(0) != ", sx, "u;\n",
                    "      if (cs_bad == 0 && cs_r == 32) {\n        const uintptr_t cs_q = (uintptr_t)cs_at(0);\n"
                    "        for (int l = 0; l < 32; ++l) cs_bad |= (uint32_t)((uintptr_t)cs_at(l) != cs_q + (uintptr_t)l * ",
                    sx, "u);\n      } else if (cs_bad == 0) {\n        const int cs_m = (int)cs_r - 1;\n"
                    "        for (int l = 0; l < 32; ++l) cs_bad |= (uint32_t)((uintptr_t)cs_at(l) != "
                    "(uintptr_t)cs_at(l & ~cs_m) + (uintptr_t)(l & cs_m) * ", sx, "u);\n      }\n      cs_ok = cs_bad == 0;\n    }\n");
      }
      o += "    if (cs_ok && cs_r == 32) {\n    char* cs_p0 = cs_at(0);\n";
      if (is_load && !shared && PrefetchLoop(block_of_[&in - f_.instructions.data()])) {
        o += Prefetch("cs_p0", "cs_p0", sx);
      } else if (!shared && affine && PrefetchNextBlocks(block_of_[&in - f_.instructions.data()])) {
        o += Prefetch("cs_p0", "cs_p0", sx, /*write=*/!is_load);
      }
      o += LaneLoop("l = 0; l < 32; ++l", "true");
      emit_ld_st(StrCat("(cs_p0 + (uintptr_t)l * ", sx, "u)"));
      // Runs of 16 (16x16 tiles) with a constant trip count: one vector access per half warp.
      o += StrCat("    }\n    } else if (cs_ok && cs_r == 16) {\n    for (int j = 0; j < 32; j += 16) {\n    char* cs_p0 = cs_at(j);\n",
                  LaneLoop("l = j; l < j + 16; ++l", "true"));
      emit_ld_st(StrCat("(cs_p0 + (uintptr_t)(l - j) * ", sx, "u)"));
      o += StrCat("    }\n    }\n    } else if (cs_ok && cs_r > 1) {\n    for (int j = 0; j < 32; j += (int)cs_r) {\n    char* cs_p0 = cs_at(j);\n",
                  LaneLoop("l = j; l < j + (int)cs_r; ++l", "true"));
      emit_ld_st(StrCat("(cs_p0 + (uintptr_t)(l - j) * ", sx, "u)"));
      o += StrCat("    }\n    }\n    } else {\n", LaneLoop("l = 0; l < 32; ++l", "true"));
      emit_ld_st(ptr);
      o += "    }\n    }\n  }\n";
      return absl::OkStatus();
    }
    if (is_load || in.op == Opcode::kSt) {
      emit_ld_st(ptr);
      return absl::OkStatus();
    }
    // atom / red
    const size_t vi = is_atom ? 2 : 1;
    std::string b = Read(in.operands[vi], t);
    std::string cv = vi + 1 < in.operands.size() ? Read(in.operands[vi + 1], t) : "0";
    const bool sgn = simt::IsSignedInt(t);
    const std::string st = StrCat("int", size * 8, "_t");
    std::string nv;  // the new value from `old` and b (c for cas)
    const char* builtin = nullptr;
    switch (m.atom_op) {
      case ptx::AtomOp::kAdd:
        nv = t == ScalarType::kF32 ? "BF(F(old) + F(bv))" : "(old + bv)";
        builtin = t == ScalarType::kF32 ? nullptr : "__atomic_fetch_add";
        break;
      case ptx::AtomOp::kAnd: nv = "(old & bv)"; builtin = "__atomic_fetch_and"; break;
      case ptx::AtomOp::kOr: nv = "(old | bv)"; builtin = "__atomic_fetch_or"; break;
      case ptx::AtomOp::kXor: nv = "(old ^ bv)"; builtin = "__atomic_fetch_xor"; break;
      case ptx::AtomOp::kExch: nv = "bv"; builtin = "__atomic_exchange_n"; break;
      case ptx::AtomOp::kCas: nv = "(old == bv ? cv : old)"; break;
      case ptx::AtomOp::kMin:
      case ptx::AtomOp::kMax: {
        const char* op = m.atom_op == ptx::AtomOp::kMin ? " < " : " > ";
        nv = sgn ? StrCat("((", st, ")old", op, "(", st, ")bv ? old : bv)")
                 : StrCat("(old", op, "bv ? old : bv)");
        break;
      }
      default: return NoInst(in, "atomic op");
    }
    o += StrCat("    if (", cond, ") {\n      ", ut, " bv = (", ut, ")", b, ", cv = (", ut, ")", cv,
                "; (void)cv;\n      ", ut, "* p = (", ut, "*)", ptr, ";\n      ", ut, " old;\n");
    if (shared) {
      // One worker runs the block: a plain read-modify-write, lanes in order (atomics.cc).
      o += StrCat("      old = *p; *p = (", ut, ")", nv, ";\n");
    } else if (builtin != nullptr) {
      o += StrCat("      old = ", builtin, "(p, bv, __ATOMIC_SEQ_CST);\n");
    } else if (t == ScalarType::kF32) {
      o += "      old = cs_atom_add_f32(p, bv);\n";
    } else {
      o += StrCat("      old = __atomic_load_n(p, __ATOMIC_RELAXED);\n      while (!__atomic_compare_exchange_n(p, &old, (",
                  ut, ")", nv, ", true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {}\n");
    }
    // A result nothing reads (atomicAdd(&h[b], 1) as a statement) is not stored: a histogram
    // pays one store per lane for it otherwise.
    if (is_atom && in.operands[0].kind == Operand::Kind::kReg && read_[in.operands[0].reg]) {
      // Atomic results are never segment-local (FindLocals): the write sits inside the if.
      const uint32_t r = in.operands[0].reg;
      o += StrCat("      ", LaneArray(r), "[l] = (", UType(regs_[r].width), ")old;\n");
    }
    o += "    }\n";
    return absl::OkStatus();
  }

  // A strong (.relaxed/.acquire/.release/.volatile) vector access of 8 or 16 bytes is one host
  // access (cs_copy_whole): code that publishes a {flag, value} pair with one st.v2 relies on
  // readers never seeing half of it. Weak ones stay element-wise (they vectorise).
  static bool Strong(const ptx::Instruction& in) {
    return in.mod.sem != ptx::MemSem::kNone && in.mod.sem != ptx::MemSem::kWeak;
  }
  static bool Whole(const ptx::Instruction& in, size_t elements, uint32_t size) {
    return Strong(in) && elements > 1 && (elements * size == 8 || elements * size == 16);
  }

  // --- Block-wide execution -------------------------------------------------------------------

  // A block holding nothing but an unguarded ret/exit: lanes branching there simply exit.
  bool ExitOnly(uint32_t b) const {
    if (b >= f_.blocks.size()) return false;
    const ptx::BasicBlock& bb = f_.blocks[b];
    if (bb.end != bb.begin + 1) return false;
    const ptx::Instruction& in = f_.instructions[bb.begin];
    return (in.op == Opcode::kExit || in.op == Opcode::kRet) && !in.has_guard;
  }

  // Why the kernel cannot run block-wide, or nullopt. Block-wide code runs the block as one wide
  // warp: every segment loops over the block's warps, control flow is decided for the whole
  // block (a branch diverges when any two lanes of the block disagree) and a barrier needs no
  // switch between warps, because the static check below guarantees that every live lane of the
  // block arrives at it together. Running warps in lockstep is one of the schedules CUDA allows.
  // Not block-wide: vote/redux/activemask/match (their results are uniform per warp only, but
  // uniform registers are kept once per block), %warpid, strong loads (a spin-wait on another
  // warp of the block could wait on lanes parked behind it in the reconvergence stack), and
  // barriers that a divergent branch may reach before its reconvergence point. Shuffles are fine: a result per
  // lane, computed per warp (kWarpOp items loop over the warps) under the mask the warp would
  // have on its own, since the block's branches split each warp's lanes as the warp's would.
  std::optional<std::string> BlockWideBlocker() const {
    auto where = [](const ptx::Instruction& in) { return StrCat(" at PTX line ", in.line); };
    for (const ptx::Instruction& in : f_.instructions) {
      switch (in.op) {
        case Opcode::kVote: case Opcode::kRedux: case Opcode::kActivemask: case Opcode::kMatch:
          return StrCat("warp-level ", std::string(ptx::Name(in.op)), where(in));
        case Opcode::kLd: case Opcode::kLdu:
          if (Strong(in)) return StrCat("strong load", where(in));
          break;
        case Opcode::kBar: case Opcode::kBarrier:
          if (in.has_guard) return StrCat("guarded barrier", where(in));
          break;
        default:
          break;
      }
      for (const Operand& op : in.operands) {
        if (op.kind == Operand::Kind::kSpecialReg && op.sreg == SpecialReg::kWarpid) {
          return StrCat("%warpid", where(in));
        }
      }
    }
    if (!has_barriers_) return std::nullopt;
    std::vector<bool> has_bar(f_.blocks.size());
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      for (uint32_t i = f_.blocks[b].begin; i < f_.blocks[b].end; ++i) {
        const Opcode op = f_.instructions[i].op;
        has_bar[b] = has_bar[b] || op == Opcode::kBar || op == Opcode::kBarrier;
      }
    }
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      if (has_bar[b] && divergent_block_[b]) {
        return StrCat("a barrier under the divergent branch", where(f_.instructions[divergent_by_[b]]));
      }
    }
    return std::nullopt;
  }

  // A segment's uniform instructions hoisted before it (Item::pre).
  absl::Status EmitPre(const Item& it, std::string& body) {
    if (it.pre.empty()) return absl::OkStatus();
    body += "  {\n";
    for (uint32_t i : it.pre) {
      if (absl::Status s = EmitScalar(f_.instructions[i], body); !s.ok()) return s;
    }
    body += "  }\n";
    return absl::OkStatus();
  }

  // A segment's code for one warp (reads m, w and s): the fused, full-mask and masked versions.
  absl::Status EmitSegment(const Item& it, std::string& seg) {
    // The uniform registers the segment reads, copied into locals first: read through
    // `u->`, g++ cannot tell that the segment's stores to lane arrays leave them
    // unchanged, and a lane loop reading one after such a store stays scalar. (Segments
    // never write uniform registers; scalar items do.)
    std::string cus = "  {\n";
    std::vector<uint32_t> ss;
    for (uint32_t i : it.insts) {
      Sources(f_.instructions[i], ss);
      for (uint32_t r : ss) {
        if (regs_[r].kind == RegInfo::kUniform && !constant_.contains(r) && segment_uniforms_.insert(r).second) {
          cus += StrCat("  const ", UType(regs_[r].width), " cu", r, " = u->u", r, ";\n");
        }
      }
    }
    seg += cus;
    span_code_.clear();
    const bool fused = kFullMaskPath && !options_.lean && Fusable(it) && EmitFusedSegment(it, seg);
    if (!span_code_.empty()) span_code_ = cus + span_code_;  // SpanSide closes both braces
    if (kFullMaskPath) {
      if (absl::Status s = EmitFullSegment(it, seg); !s.ok()) return s;
    }
    // Split masked versions pay off in short segments run under partial masks (a tree
    // reduction's steps); long ones (unrolled inner loops) run full-mask, and a third
    // copy of them only costs compile time.
    constexpr size_t kMaxMaskedSplit = 16;
    bool contiguous_candidate = false;
    for (uint32_t i : it.insts) contiguous_candidate |= MaskedContiguousCandidate(f_.instructions[i]);
    contiguous_candidate &= it.insts.size() <= kMaxMaskedSplit && !options_.lean;
    if (contiguous_candidate || it.in_place) {  // in place: the split version, always
      if (absl::Status s = EmitFullSegment(it, seg, /*masked=*/true); !s.ok()) return s;
    } else if (WritesPerLane(it)) {
      // A store or atomic lane by lane keeps the loop scalar (a branch per lane): visit only
      // the active lanes, in order (`if (lane == 0) sums[warp] = v`: one lane, not 32 tests).
      declared_.clear();
      seg += "  for (uint32_t cs_mm = m; cs_mm != 0; cs_mm &= cs_mm - 1) {\n"
             "    const int l = __builtin_ctz(cs_mm);\n    const bool act = true; (void)act;\n";
      for (uint32_t i : it.insts) {
        if (absl::Status s = EmitInst(f_.instructions[i], false, seg); !s.ok()) return s;
      }
      seg += "  }\n";
    } else {
      declared_.clear();
      if (!it.has_atomic) seg += "  _Pragma(\"GCC ivdep\")\n";
      seg += "  for (int l = 0; l < 32; ++l) {\n    const bool act = (m >> l) & 1; (void)act;\n";
      for (uint32_t i : it.insts) {
        if (absl::Status s = EmitInst(f_.instructions[i], false, seg); !s.ok()) return s;
      }
      seg += "  }\n";
    }
    if (kFullMaskPath) seg += "  }\n";
    if (fused) seg += StrCat("  F", fused_label_++, ":;\n");
    seg += "  }\n";
    segment_uniforms_.clear();
    return absl::OkStatus();
  }

  // Whether a segment's masked version writes memory lane by lane: a store or atomic (its
  // masked contiguous stores take the split version instead).
  bool WritesPerLane(const Item& it) const {
    for (uint32_t i : it.insts) {
      const Opcode op = f_.instructions[i].op;
      if (op == Opcode::kSt || op == Opcode::kAtom || op == Opcode::kRed) return true;
    }
    return false;
  }

  // Block-wide, consecutive lane items (segments, shuffles) share one loop over the warps:
  // items[k, end) with the uniform instructions among them (scalar items, segments' `pre`)
  // run before the loop (HoistableOver the lane instructions before them). Without a barrier
  // between them the warps are independent, so running each warp's items back to back is a
  // schedule the GPU may also take; the per-warp entry (mask, pointers, run checks, uniform
  // copies) is paid once, not per item (a tiled transpose's four row copies).
  size_t WarpGroupEnd(const std::vector<Item>& items, size_t k) const {
    std::vector<uint32_t> lanes(items[k].insts);  // the group's lane instructions so far
    size_t end = k + 1;
    for (size_t e = k + 1; e < items.size(); ++e) {
      const Item& it = items[e];
      const std::vector<uint32_t>& hoisted = it.kind == Item::kScalar ? it.insts : it.pre;
      if (it.kind != Item::kScalar && it.kind != Item::kSegment && it.kind != Item::kWarpOp) break;
      bool ok = true;
      for (uint32_t i : hoisted) ok = ok && HoistableOver(i, lanes);
      if (!ok) break;
      if (it.kind == Item::kScalar) continue;  // joins only with a lane item after it
      lanes.insert(lanes.end(), it.insts.begin(), it.insts.end());
      end = e + 1;
    }
    return end;
  }

  // A warp group's code in two parts (EmitWarpGroupParts).
  struct WarpGroupCode {
    std::string hoisted, lanes;
  };

  absl::Status EmitWarpGroup(const std::vector<Item>& items, size_t k, size_t end, std::string& body) {
    std::string hoisted, lanes;
    if (absl::Status s = EmitWarpGroupParts(items, k, end, hoisted, lanes); !s.ok()) return s;
    body += hoisted + ForEachWarp(lanes);
    return absl::OkStatus();
  }

  // EmitWarpGroup's two parts: the uniform instructions run before the loop over the warps, and
  // the lane code run once per warp in it (reading m, w and s; kGroup arrays declared first).
  absl::Status EmitWarpGroupParts(const std::vector<Item>& items, size_t k, size_t end, std::string& hoisted,
                                  std::string& lanes) {
    std::set<uint32_t> group_regs;
    std::vector<uint32_t> rs;
    for (size_t j = k; j < end; ++j) {
      for (uint32_t i : items[j].insts) {
        Dests(f_.instructions[i], rs);
        for (uint32_t r : rs) {
          if (regs_[r].kind == RegInfo::kGroup && group_regs.insert(r).second) {
            lanes += StrCat("    alignas(64) ", UType(regs_[r].width), " g", r, "[32];\n");
          }
        }
      }
    }
    for (size_t j = k; j < end; ++j) {
      const Item& it = items[j];
      if (it.kind == Item::kScalar) {
        hoisted += "  {\n";
        for (uint32_t i : it.insts) {
          if (absl::Status s = EmitScalar(f_.instructions[i], hoisted); !s.ok()) return s;
        }
        hoisted += "  }\n";
      } else if (it.kind == Item::kSegment) {
        if (absl::Status s = EmitPre(it, hoisted); !s.ok()) return s;
        if (absl::Status s = EmitSegment(it, lanes); !s.ok()) return s;
      } else if (absl::Status s = EmitInst(f_.instructions[it.insts[0]], false, lanes); !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }

  // Block-wide: `code` (which reads m, w and s as in a warp's function) once per warp of the
  // block with any active lane.
  std::string ForEachWarp(const std::string& code) const {
    return StrCat("  for (uint32_t cw = 0; cw < nw; ++cw) {\n    const uint32_t m = ", warp_mask_,
                  "; if (m == 0) continue;\n",
                  "    CsWarp* __restrict w = W + cw; State* __restrict s = S + cw; (void)w; (void)s;\n", code,
                  "  }\n");
  }

  // Block-wide: the rest of the block's lanes exit. With nothing on the reconvergence stack they
  // are the last ones and the block is done: nothing reads CsWarp::exited after kCsDone (the
  // driver resets it per block), so the pass over the warps that records them is skipped
  // (every block of every kernel ends here).
  static constexpr char kBlockExit[] =
      "  if (sp == 0) return kCsDone;\n"
      "  for (uint32_t cw = 0; cw < nw; ++cw) { W[cw].exited |= M[cw]; M[cw] = 0; }\n  goto dispatch;\n";
  // The same for a warp's function.
  static constexpr char kWarpExit[] = "  if (sp == 0) return kCsDone;\n  w->exited |= m; m = 0; goto dispatch;\n";

  // Block-wide terminator of block `b`: a conditional branch to T (else F).
  // `tail`: the block's last warp group (EmitItems; where TailJoinsBranch), run in the branch's
  // loop over the warps just before each warp's ballot, so the predicate is read back while it
  // is in cache and the block pays one pass over its warps, not two.
  absl::Status EmitBlockBranch(uint32_t b, const ptx::Instruction& br, uint32_t T, uint32_t F, std::string& body,
                               const WarpGroupCode& tail = {}) {
    const std::string tail_lanes = tail.lanes.empty() ? "" : StrCat("    if (m != 0) {\n", tail.lanes, "    }\n");
    body += tail.hoisted;
    if (regs_[br.guard].kind == RegInfo::kUniform) {
      body += StrCat("  if (", br.guard_negated ? "!" : "", "(u->u", br.guard, " & 1)) { ", Goto(T), " }\n  ",
                     Goto(F), "\n");
      return absl::OkStatus();
    }
    const uint32_t P = ipdom_[b] >= f_.blocks.size() ? kNone : ipdom_[b];
    if (const uint32_t side = InlineSide(b, T, F, P); side != kNone && MergeableSide(side)) {
      // One loop over the warps: each takes its ballot and runs the side under its lanes that
      // take it. No decision for the block as a whole is needed: a warp with none skips it.
      std::string hoisted, lanes;
      // The side runs in the same pass over the warps as b's last items: b's TidPure registers
      // were stored moments ago, so its run checks recompute them too (RegRef).
      merged_parent_ = b;
      span_request_ = !options_.lean;
      span_tail_ = tail_lanes.empty() ? "" : StrCat("    for (uint32_t cw = 0; cw < nw; ++cw) {\n",
                                                    "    CsWarp* __restrict w = W + cw; State* __restrict s = S + cw; (void)w; (void)s;\n",
                                                    tail_lanes, "    }\n");
      absl::Status emitted = EmitWarpGroupParts(items_[side], 0, items_[side].size(), hoisted, lanes);
      span_request_ = false;
      merged_parent_ = kNone;
      if (!emitted.ok()) return emitted;
      const std::string span = SpanSide(br, side, T, P, tail_lanes);
      span_code_.clear();
      body += StrCat("  // B", side, " in place, under the lanes that take it (InlineSide, MergeableSide)\n", hoisted, span,
                     "  for (uint32_t cw = 0; cw < nw; ++cw) {\n    const uint32_t cs_wm = M[cw]; if (cs_wm == 0) continue;\n",
                     "    CsWarp* __restrict w = W + cw; State* __restrict s = S + cw; (void)w; (void)s;\n",
                     "    uint32_t cs_t;\n    bool cs_past = false; (void)cs_past;\n",
                     "    { const uint32_t m = cs_wm;\n", tail_lanes, "      ",
                     // With no lane work of b's in the pass, the warps past the index's bound
                     // need not be visited at all (a tree reduction's late `if (t < k)` steps).
                     Ballot(br, tail.lanes.empty() ? int{side != T} : -1), " cs_t = t; }\n",
                     "    if (cs_past) break;\n",
                     "    const uint32_t m = ", side == T ? "cs_t" : "cs_wm & ~cs_t", "; if (m == 0) continue;\n", lanes,
                     "  }\n  ", Goto(P), "\n");
      return absl::OkStatus();
    }
    body += "  { uint32_t cs_tk[32]; bool cs_all = true, cs_no = true;\n"
            "    for (uint32_t cw = 0; cw < nw; ++cw) {\n      const uint32_t m = M[cw]; State* __restrict s = S + cw;\n"
            "      CsWarp* __restrict w = W + cw; (void)w;\n";
    body += StrCat(tail_lanes, "      ", Ballot(br), "\n      cs_tk[cw] = t; cs_all &= t == m; cs_no &= t == 0;\n    }\n");
    body += StrCat("    if (cs_all) { ", Goto(T), " }\n    if (cs_no) { ", Goto(F), " }\n");
    if (ExitOnly(T)) {
      body += StrCat("    for (uint32_t cw = 0; cw < nw; ++cw) { W[cw].exited |= cs_tk[cw]; M[cw] &= ~cs_tk[cw]; }\n    ",
                     Goto(F), " }\n");
      return absl::OkStatus();
    }
    if (ExitOnly(F)) {
      body += StrCat("    for (uint32_t cw = 0; cw < nw; ++cw) { W[cw].exited |= M[cw] & ~cs_tk[cw]; M[cw] = cs_tk[cw]; }\n    ",
                     Goto(T), " }\n");
      return absl::OkStatus();
    }
    if (const uint32_t side = InlineSide(b, T, F, P); side != kNone) {
      // The side's lanes per warp: cs_tk when it is the taken side, else the rest of M.
      warp_mask_ = side == T ? "cs_tk[cw]" : "(M[cw] & ~cs_tk[cw])";
      std::string code;
      uint32_t no_resume = 0;
      const absl::Status s = EmitItems(side, code, no_resume);
      warp_mask_ = "M[cw]";
      if (!s.ok()) return s;
      body += StrCat("    // B", side, " in place, under the lanes that take it (InlineSide)\n", code, "    ", Goto(P),
                     " }\n");
      return absl::OkStatus();
    }
    body += "    if (sp + 2 > kCsStack) return 2;\n";
    body += StrCat("    if (", P, "u != rc) { stk_pc[sp] = ", P,
                   "u; stk_rc[sp] = rc; for (uint32_t cw = 0; cw < nw; ++cw) stk_m[sp][cw] = M[cw]; ++sp; }\n");
    // The lanes of a side that is the reconvergence point itself just wait there (in the entry
    // above), so only the other side runs (no entry pushed and popped for them; ~10% on the
    // tree reduction's `if (t < k)` steps). Through dispatch: jumping to the block directly
    // was slower (g++ lays out the kernel's control flow worse).
    if (T == P) {
      body += StrCat("    pc = ", F, "u; rc = ", P, "u; for (uint32_t cw = 0; cw < nw; ++cw) M[cw] &= ~cs_tk[cw]; goto dispatch; }\n");
      return absl::OkStatus();
    }
    if (F != P) {
      body += StrCat("    stk_pc[sp] = ", F, "u; stk_rc[sp] = ", P,
                     "u; for (uint32_t cw = 0; cw < nw; ++cw) stk_m[sp][cw] = M[cw] & ~cs_tk[cw]; ++sp;\n");
    }
    body += StrCat("    pc = ", T, "u; rc = ", P, "u; for (uint32_t cw = 0; cw < nw; ++cw) M[cw] = cs_tk[cw]; goto dispatch; }\n");
    return absl::OkStatus();
  }

  // The merged side of a branch (EmitBlockBranch: InlineSide + MergeableSide) over a whole 1-D
  // block at once, ahead of the pass over its warps: when every warp is full (cs_lin,
  // cs_full), the branch's ballot is a closed form (ClosedFormBallot) that puts all of the
  // block's lanes on the side (its compared index, an affine function of the thread index,
  // checked at the block's first and last lanes) and the side is one fused segment whose
  // accesses run contiguously over the block (EmitFusedSegment's span_code_), the segment runs
  // as one loop of 16-lane steps over the block's threads; the per-warp ballots, masks and run
  // checks go (`if (i < n) y[i] = a * x[i] + y[i]` with 256-thread blocks: eight passes
  // through them per block before). "" where that does not apply.
  std::string SpanSide(const ptx::Instruction& br, uint32_t side, uint32_t T, uint32_t P, const std::string& tail_lanes) {
    if (span_code_.empty()) return "";
    size_t lane_items = 0;
    for (const Item& it : items_[side]) {
      if (it.kind == Item::kScalar) continue;
      if (it.kind != Item::kSegment) return "";
      ++lane_items;
    }
    // The block's lanes run twice when the span declines: its code must be safe to duplicate.
    if (lane_items != 1 || tail_lanes.find("goto ") != std::string::npos) return "";
    const uint32_t at = static_cast<uint32_t>(&br - f_.instructions.data());
    const uint32_t k = folded_[block_of_[at]];
    if (k == kNone || at + 1 != f_.blocks[block_of_[at]].end) return "";
    ClosedFormShape shape;
    if (ClosedFormBallot(f_.instructions[k], &shape).empty() || shape.equal || !shape.tid_pure) return "";
    if (shape.v0.find("s->") != std::string::npos || shape.v31.find("s->") != std::string::npos) return "";
    // As in Ballot: the side holds the lanes failing `a >= bound` when these add up odd.
    const bool below = ((side != T) ^ br.guard_negated ^ shape.negated) & 1;
    return StrCat("  if (cs_lin && cs_full(M, nw)) {\n    bool cs_go;\n",
                  "    { CsWarp* w = W; State* s = S; (void)w; (void)s; const int64_t cs_n = (int64_t)nw * 32;\n",
                  "      const int64_t cs_v0 = ", shape.v0, ";\n      const int64_t cs_d = ", shape.bound, " - cs_v0;\n",
                  "      w = W + (nw - 1); s = S + (nw - 1);\n      cs_go = ", shape.v31, " - cs_v0 == cs_n - 1 && ",
                  below ? "cs_d >= cs_n" : "cs_d <= 0", "; }\n",
                  "    if (cs_go) {\n", span_code_, "    ", Goto(P), "\n    }\n  }\n    }\n  }\n");
  }

  // Whether block `b`'s last warp group runs in its branch's loop over the warps (Emit,
  // EmitBlockBranch's tail): for a loop's back edge (a grid-stride loop: reduce_shuffle ~5%)
  // and a branch whose side shares that loop too (InlineSide + MergeableSide: a guarded load,
  // reduce_shared ~11%). Elsewhere it gained nothing measurable: stencil5's bounds and border
  // checks ran 0-6% slower merged, within what layout alone moves it.
  bool TailJoinsBranch(uint32_t b) const {
    const ptx::BasicBlock& bb = f_.blocks[b];
    const uint32_t T = f_.instructions[bb.end - 1].operands[0].label;
    const uint32_t F = bb.successors[0] == T ? bb.successors[1] : bb.successors[0];
    if (T == b || F == b) return true;
    const uint32_t P = ipdom_[b] >= f_.blocks.size() ? kNone : ipdom_[b];
    const uint32_t side = InlineSide(b, T, F, P);
    return side != kNone && MergeableSide(side);
  }

  // An InlineSide that can share the branch's loop over the warps: its items are one warp
  // group whose uniform instructions may run before the ballot even when no lane takes the side
  // (arithmetic that cannot trap or read memory, writing registers read only in the side).
  bool MergeableSide(uint32_t side) const {
    const std::vector<Item>& items = items_[side];
    size_t first_lane = 0;
    while (first_lane < items.size() && items[first_lane].kind == Item::kScalar) ++first_lane;
    if (first_lane == items.size()) return false;
    if (WarpGroupEnd(items, first_lane) != items.size()) return false;
    std::vector<uint32_t> ds;
    for (const Item& it : items) {
      for (uint32_t i : it.kind == Item::kScalar ? it.insts : it.pre) {
        switch (f_.instructions[i].op) {
          case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kMad: case Opcode::kShl:
          case Opcode::kShr: case Opcode::kAnd: case Opcode::kOr: case Opcode::kXor: case Opcode::kNot:
          case Opcode::kMov: case Opcode::kCvta: case Opcode::kSetp: case Opcode::kSelp: case Opcode::kMin:
          case Opcode::kMax: case Opcode::kNeg: case Opcode::kAbs:
            break;
          default:
            return false;
        }
        Dests(f_.instructions[i], ds);
        for (uint32_t r : ds) {
          for (uint32_t reader : readers_[r]) {
            if (block_of_[reader] != side) return false;
          }
        }
      }
    }
    return true;
  }

  // A divergent branch (block-wide) whose one side is its reconvergence point P and whose other
  // side is one basic block going straight on to P (`if (t < k) s[t] += s[t + k];`): that
  // block runs in place, each warp under the lanes taking it, and then the union goes on to
  // P: no reconvergence entry pushed and popped, no two trips through `dispatch` (a tree
  // reduction's step is then three loops over the warps instead of about eight). The side
  // must hold nothing that changes the masks or the stack (exits, barriers) or jumps.
  uint32_t InlineSide(uint32_t b, uint32_t T, uint32_t F, uint32_t P) const {
    if (P == kNone || (T != P && F != P)) return kNone;
    const uint32_t side = T == P ? F : T;
    // Lanes reaching a reconvergence point (`rc`) wait there instead of running it.
    if (side == b || side >= f_.blocks.size() || reconvergence_point_[side]) return kNone;
    const ptx::BasicBlock& sb = f_.blocks[side];
    if (sb.successors.size() != 1 || sb.successors[0] != P) return kNone;
    if (sb.end > sb.begin && IsTerminator(sb, sb.end - 1)) {
      const ptx::Instruction& t = f_.instructions[sb.end - 1];
      if (t.op != Opcode::kBra || t.has_guard) return kNone;
    }
    for (const Item& it : items_[side]) {
      if (it.kind != Item::kScalar && it.kind != Item::kSegment && it.kind != Item::kWarpOp) return kNone;
    }
    return side;
  }

  // Block-wide bar.sync / bar.red: every live lane of the block is here (BlockWideBlocker), so
  // the barrier itself is a check; bar.red hands out the block's counts. A live lane that is not
  // active waits in a reconvergence stack entry (exits retire lanes for good), so an empty stack
  // is the check: comparing each warp's mask with its live lanes cost reduce_shared ~10% (nine
  // barriers per block, each reading every warp's CsWarp).
  void EmitBlockBarrier(const ptx::Instruction& in, std::string& body) {
    const bool red = in.mod.bar_kind == ptx::BarKind::kRed;
    body += "  if (sp != 0) return 3;\n";
    if (!red) return;
    body += "  { uint32_t cs_tr = 0, cs_fa = 0;\n";
    body += ForEachWarp(StrCat("    uint32_t cs_t = 0; for (int l = 0; l < 32; ++l) cs_t |= (uint32_t)",
                               Read(in.operands[2], ScalarType::kPred),
                               " << l; cs_t &= m;\n    cs_tr += (uint32_t)__builtin_popcount(cs_t); "
                               "cs_fa += (uint32_t)__builtin_popcount(m & ~cs_t);\n"));
    const uint32_t d = in.operands[0].reg;
    std::string v = "cs_tr";
    if (in.mod.type == ScalarType::kPred) {
      v = in.mod.bool_op == ptx::BoolOp::kAnd ? "(cs_pred)(cs_fa == 0)" : "(cs_pred)(cs_tr != 0)";
    }
    const std::string st = UType(regs_[d].width);
    body += ForEachWarp(StrCat("    for (int l = 0; l < 32; ++l) ", LaneArray(d), "[l] = cs_sel<", st, ">((m >> l) & 1, (",
                               st, ")", v, ", ", LaneArray(d), "[l]);\n"));
    body += "  }\n";
  }

  // The jump from `dispatch:` to the basic block in `pc`, then the blocks and the closing brace.
  std::string DispatchAndBody(const std::string& body) const {
    std::string src = "  switch (pc) {\n";
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) src += StrCat("    case ", b, ": goto B", b, ";\n");
    return StrCat(src, "    default: return kCsDone;\n  }\n", body, "}\n");
  }

  // The block-wide kernel function: `W` holds the block's c->nwarps warps, `regs` one State
  // each; control state (masks per warp, the reconvergence stack) lives in the call.
  void EmitBlockFunction(const std::string& body, const std::string& trace, std::string& src) {
    src += "extern \"C\" int cs_kernel(const CsCtx* __restrict c, CsWarp* __restrict W, void* regs) {\n";
    src += "  State* __restrict S = (State*)regs;\n  State* const u = S;  // uniform registers\n";
    src += "  const uint32_t nw = c->nwarps;\n  uint32_t M[32];\n  uint32_t rc = 0xFFFFFFFFu, sp = 0, pc = 0;\n";
    src += "  uint32_t stk_pc[kCsStack], stk_rc[kCsStack], stk_m[kCsStack][32];\n";
    // A fresh block: the driver leaves CsWarp::exited to the block-wide function (one pass
    // over the warps per block, not two).
    src += "  for (uint32_t cw = 0; cw < nw; ++cw) { W[cw].exited = 0; M[cw] = W[cw].exists; }\n";
    // A 1-D block of whole warps: warp cw's lane l is thread 32 * cw + l (SpanSide).
    src += "  const bool cs_lin = c->ntid[1] == 1 && c->ntid[2] == 1 && c->ntid[0] == nw * 32u; (void)cs_lin;\n";
    src += trace + "  goto B0;\n";
    src += "dispatch:\n  while (pc == rc || cs_none(M, nw)) {\n    if (sp == 0) return kCsDone;\n    --sp;\n"
           "    pc = stk_pc[sp]; rc = stk_rc[sp];\n"
           "    for (uint32_t cw = 0; cw < nw; ++cw) M[cw] = stk_m[sp][cw] & ~W[cw].exited;\n  }\n";
    src += DispatchAndBody(body);
  }

  // --- Warp traces ----------------------------------------------------------------------------

  // A barrier-free block-wide kernel's likely path from its entry to an exit, which EmitTrace
  // runs warp by warp ahead of the general code. On the way, every lane branch goes one way (a
  // bounds check's side that does not return, else the side with more instructions before the
  // branches meet), every block holds uniform instructions and lane code only, the lane code is
  // one fused segment (Fusable; a store that may meet another access is checked apart from it
  // at run time, Item::disjoint) and every branch's predicate
  // is computed from %tid and uniform values alone. So a warp decides, before it runs anything,
  // whether all of its lanes follow the path; one that does runs the whole path as one lane
  // loop per half warp, with no ballot passes over the block's warps and no values through
  // State arrays between them. A 2-D stencil's bounds check, border test and interior update
  // were five passes over the block's warps: stencil5 0.74x at 4096^2 (10.1 -> 7.4 ms), 0.58x
  // at 1024^2, interleaved over 8-10 processes.
  struct Trace {
    std::vector<uint32_t> blocks;    // from B0 to a block ending in ret/exit
    std::vector<uint32_t> branches;  // the lane branches on the way (their instructions)
    std::vector<bool> taken;         // ... whether the path follows each one's label
    std::vector<uint32_t> hoisted;   // the path's uniform instructions, in order
    Item lanes{Item::kSegment, {}};  // its lane instructions, less those only the branches read
    bool span_candidate = false;     // its one branch has a side SpanSide may run over a 1-D block
  };
  static constexpr size_t kMaxTraceBlocks = 16;

  // Instructions in the blocks reachable from `b` before `stop` (an estimate of a side's work).
  size_t SideWork(uint32_t b, uint32_t stop) const {
    std::vector<bool> seen(f_.blocks.size());
    std::vector<uint32_t> todo{b};
    size_t n = 0;
    while (!todo.empty()) {
      const uint32_t x = todo.back();
      todo.pop_back();
      if (x >= f_.blocks.size() || x == stop || seen[x]) continue;
      seen[x] = true;
      n += f_.blocks[x].end - f_.blocks[x].begin;
      for (uint32_t s : f_.blocks[x].successors) todo.push_back(s);
    }
    return n;
  }

  // Whether operand `op` can be evaluated in any lane before the path runs: immediates, %tid
  // and uniform special registers, uniform registers set once, and registers set once on the
  // path by inline integer forms (RematForm) of such values (`defs`: the path's registers
  // defined once, with their definitions).
  bool TraceAheadable(const Operand& op, const std::map<uint32_t, uint32_t>& defs, int depth = 0) const {
    if (depth > 16) return false;
    switch (op.kind) {
      case Operand::Kind::kImmInt:
      case Operand::Kind::kImmFloat:
        return true;
      case Operand::Kind::kSpecialReg:
        return op.sreg == SpecialReg::kTid || IsUniformSreg(op.sreg);
      case Operand::Kind::kReg: {
        if (op.negated || regs_[op.reg].width == 1) return false;
        if (regs_[op.reg].kind == RegInfo::kUniform) return regs_[op.reg].defs == 1 || constant_.contains(op.reg);
        const auto d = defs.find(op.reg);
        const uint32_t def = d != defs.end() ? d->second
                             : regs_[op.reg].kind == RegInfo::kRemat ? remat_def_.at(op.reg) : kNone;
        if (def == kNone || !RematForm(f_.instructions[def])) return false;
        const ptx::Instruction& in = f_.instructions[def];
        for (size_t k = 1; k < in.operands.size(); ++k) {
          if (!TraceAheadable(in.operands[k], defs, depth + 1)) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  // Predicate `p` in lane l as a 0/1 uint32_t expression, evaluated ahead (a setp of
  // TraceAheadable values, and/or/xor/not of such predicates), or nullopt. Needs ahead_ = `defs`.
  // Integers, not bools: g++ broadcasts a lane-independent part (a 2-D stencil's row tests) as
  // one vpbroadcastd, where a scalar bool became a 16-bit mask assembled bit by bit.
  std::optional<std::string> TracePredicate(uint32_t p, const std::map<uint32_t, uint32_t>& defs, int depth = 0) {
    const auto d = defs.find(p);
    if (depth > 16 || d == defs.end()) return std::nullopt;
    const ptx::Instruction& in = f_.instructions[d->second];
    if (in.has_guard || in.operands[0].kind != Operand::Kind::kReg) return std::nullopt;
    if (in.op == Opcode::kSetp) {
      if (in.operands.size() != 3) return std::nullopt;
      for (size_t k = 1; k < 3; ++k) {
        if (!TraceAheadable(in.operands[k], defs)) return std::nullopt;
      }
      std::string cmp = InlineCompare(in, Srcs(in));
      if (cmp.empty()) return std::nullopt;
      return StrCat("(uint32_t)", cmp);
    }
    if (in.mod.type != ScalarType::kPred) return std::nullopt;
    std::vector<std::string> a;
    for (size_t k = 1; k < in.operands.size(); ++k) {
      const Operand& op = in.operands[k];
      if (op.kind != Operand::Kind::kReg || op.negated) return std::nullopt;
      std::optional<std::string> v = TracePredicate(op.reg, defs, depth + 1);
      if (!v) return std::nullopt;
      a.push_back(*v);
    }
    if (in.op == Opcode::kNot && a.size() == 1) return StrCat("(", a[0], " ^ 1u)");
    if (a.size() != 2) return std::nullopt;
    const char* op = in.op == Opcode::kAnd   ? " & "
                     : in.op == Opcode::kOr  ? " | "
                     : in.op == Opcode::kXor ? " ^ "
                                             : nullptr;
    if (op == nullptr) return std::nullopt;
    return StrCat("(", a[0], op, a[1], ")");
  }

  // The predicates whose OR is `p` (nested or.pred instructions set once on the path, see
  // TracePredicate), appended to `out`.
  void OrTerms(uint32_t p, const std::map<uint32_t, uint32_t>& defs, std::vector<uint32_t>& out, int depth = 0) const {
    const auto d = defs.find(p);
    if (depth < 16 && d != defs.end()) {
      const ptx::Instruction& in = f_.instructions[d->second];
      if (in.op == Opcode::kOr && in.mod.type == ScalarType::kPred && !in.has_guard && in.operands.size() == 3 &&
          in.operands[1].kind == Operand::Kind::kReg && !in.operands[1].negated &&
          in.operands[2].kind == Operand::Kind::kReg && !in.operands[2].negated) {
        OrTerms(in.operands[1].reg, defs, out, depth + 1);
        OrTerms(in.operands[2].reg, defs, out, depth + 1);
        return;
      }
    }
    out.push_back(p);
  }

  // The kernel's warp trace (see Trace), or nullopt where it has none.
  std::optional<Trace> FindTrace() const {
    if (!block_ || has_barriers_ || options_.lean || !options_.warp_trace || !kFullMaskPath) return std::nullopt;
    Trace tr;
    std::vector<bool> seen(f_.blocks.size());
    for (uint32_t b = 0;;) {
      if (b >= f_.blocks.size() || seen[b] || on_cycle_[b] || tr.blocks.size() == kMaxTraceBlocks) return std::nullopt;
      seen[b] = true;
      tr.blocks.push_back(b);
      for (const Item& it : items_[b]) {
        if (it.kind != Item::kScalar && it.kind != Item::kSegment) return std::nullopt;
      }
      const ptx::BasicBlock& bb = f_.blocks[b];
      const bool term = bb.end > bb.begin && IsTerminator(bb, bb.end - 1);
      const ptx::Instruction* last = term ? &f_.instructions[bb.end - 1] : nullptr;
      if (last == nullptr) {
        if (bb.successors.empty()) break;  // falls off the end: an exit
        b = bb.successors[0];
        continue;
      }
      if (last->op != Opcode::kBra) break;  // ret / exit
      const uint32_t T = last->operands[0].label;
      uint32_t F = kNone;
      for (uint32_t s : bb.successors) {
        if (s != T) F = s;
      }
      if (!last->has_guard || F == kNone) {
        b = T;
        continue;
      }
      if (regs_[last->guard].kind == RegInfo::kUniform) return std::nullopt;
      const uint32_t P = ipdom_[b] >= f_.blocks.size() ? kNone : ipdom_[b];
      const bool take = ExitOnly(F) || (!ExitOnly(T) && SideWork(T, P) > SideWork(F, P));
      if (tr.branches.empty() && InlineSide(b, T, F, P) == (take ? T : F) && MergeableSide(take ? T : F)) {
        // SpanSide runs a side of one segment.
        size_t segments = 0;
        for (const Item& it : items_[take ? T : F]) segments += it.kind != Item::kScalar;
        tr.span_candidate = segments == 1;
      }
      tr.branches.push_back(bb.end - 1);
      tr.taken.push_back(take);
      b = take ? T : F;
    }
    if (tr.branches.empty()) return std::nullopt;  // one warp group already
    tr.span_candidate &= tr.branches.size() == 1;
    // The lane instructions in path order, the uniform ones hoisted ahead of them all.
    std::vector<uint32_t> lanes;
    for (uint32_t b : tr.blocks) {
      for (const Item& it : items_[b]) {
        for (uint32_t i : it.kind == Item::kScalar ? it.insts : it.pre) {
          if (!HoistableOver(i, lanes)) return std::nullopt;
          tr.hoisted.push_back(i);
        }
        if (it.kind != Item::kSegment) continue;
        if (it.has_atomic) return std::nullopt;
        lanes.insert(lanes.end(), it.insts.begin(), it.insts.end());
      }
    }
    // Those whose results only the path's branches read (their predicates, computed ahead) go.
    std::set<uint32_t> on_path(tr.branches.begin(), tr.branches.end()), dropped;
    on_path.insert(lanes.begin(), lanes.end());
    std::vector<uint32_t> ds;
    for (size_t k = lanes.size(); k-- > 0;) {
      const ptx::Instruction& in = f_.instructions[lanes[k]];
      if (in.op == Opcode::kLd || in.op == Opcode::kLdu || IsStoreLike(in)) continue;
      Dests(in, ds);
      bool only_branches = !ds.empty();
      for (uint32_t r : ds) {
        for (uint32_t reader : readers_[r]) {
          if (on_path.contains(reader) && !dropped.contains(reader) &&
              std::find(tr.branches.begin(), tr.branches.end(), reader) == tr.branches.end()) {
            only_branches = false;
          }
        }
      }
      if (only_branches) dropped.insert(lanes[k]);
    }
    std::vector<const ptx::Instruction*> stores;
    uint32_t load_spaces = 0, store_spaces = 0;
    for (uint32_t i : lanes) {
      if (dropped.contains(i)) continue;
      const ptx::Instruction& in = f_.instructions[i];
      tr.lanes.insts.push_back(i);
      if (IsStoreLike(in)) {
        stores.push_back(&in);
        store_spaces |= uint32_t{1} << static_cast<int>(in.mod.space);
      } else if ((in.op == Opcode::kLd || in.op == Opcode::kLdu) && !IsReadOnlyLoad(in)) {
        load_spaces |= uint32_t{1} << static_cast<int>(in.mod.space);
      }
    }
    if (stores.empty()) return std::nullopt;
    // Lanes run the path one after another, not instruction by instruction: where a store may
    // meet another access (a load, or a second store), all of them must be contiguous accesses
    // in one space, which EmitFusedSegment checks apart at run time.
    bool meet = false;
    for (const ptx::Instruction* st : stores) {
      meet |= MayAlias(load_spaces | (store_spaces & ~(uint32_t{1} << static_cast<int>(st->mod.space))), st->mod.space);
    }
    for (size_t x = 0; x < stores.size(); ++x) {
      for (size_t y = x + 1; y < stores.size(); ++y) {
        meet |= MayAlias(uint32_t{1} << static_cast<int>(stores[y]->mod.space), stores[x]->mod.space);
      }
    }
    if (meet) {
      const StateSpace space = stores[0]->mod.space;
      for (uint32_t i : tr.lanes.insts) {
        const ptx::Instruction& in = f_.instructions[i];
        if (in.op == Opcode::kLd || in.op == Opcode::kLdu) {
          if (IsReadOnlyLoad(in) || !MayAlias(store_spaces, in.mod.space)) continue;
        } else if (in.op != Opcode::kSt) {
          continue;
        }
        if (in.mod.space != space || Strong(in) || !MaskedContiguousCandidate(in)) return std::nullopt;
      }
      tr.lanes.disjoint = true;
    }
    if (!Fusable(tr.lanes)) return std::nullopt;
    return tr;
  }

  // The code run first in a block-wide function (EmitBlockFunction) for a kernel with a warp
  // trace: each full warp in one run of 32 lanes (the run checks then fold to constants) or two
  // of 16 (16-wide tiles) whose lanes all follow the path runs it (one fused segment) and
  // is done; the others are left to the general code, which starts over from B0 with those warps
  // only. Nothing they ran had an effect: the path's predicates are computed before any of its
  // instructions, its uniform instructions compute the same values again, and a warp entering
  // the fused loop (every run check passed) runs it to the end. Running some warps of a block
  // to completion before the others start is a schedule CUDA allows without barriers. Blocks of
  // whole warps (cs_lin) whose one branch SpanSide can run over the block at once skip it.
  absl::StatusOr<std::string> EmitTrace() {
    std::optional<Trace> tr = FindTrace();
    if (!tr) return std::string();
    std::map<uint32_t, uint32_t> defs;  // the path's lane registers set once, for TracePredicate
    std::map<uint32_t, int> count;
    std::vector<uint32_t> ds;
    for (uint32_t b : tr->blocks) {
      for (uint32_t i = f_.blocks[b].begin; i < f_.blocks[b].end; ++i) {
        Dests(f_.instructions[i], ds);
        for (uint32_t r : ds) {
          if (regs_[r].kind != RegInfo::kUniform && ++count[r] == 1) defs[r] = i;
        }
      }
    }
    for (const auto& [r, n] : count) {
      if (n > 1) defs.erase(r);
    }
    // Lane l leaves the path where any branch goes the other way: the OR of `leaves` (terms
    // that read %tid.x) and `row_leaves` (terms that do not: the same in every lane of a run of
    // 32, tested once per warp before the lane loop).
    std::string leaves, row_leaves;
    ahead_ = defs;
    for (size_t k = 0; k < tr->branches.size(); ++k) {
      const ptx::Instruction& br = f_.instructions[tr->branches[k]];
      // The lane takes the label when the guard (negated or not) holds; it leaves the path when
      // the guard's value differs from `want`, so an OR of terms when `want` is false.
      const bool want = tr->taken[k] != br.guard_negated;
      std::vector<uint32_t> terms;
      if (want) {
        terms.push_back(br.guard);
      } else {
        OrTerms(br.guard, defs, terms);
      }
      for (uint32_t t : terms) {
        std::optional<std::string> p = TracePredicate(t, defs);
        if (!p) {
          ahead_.clear();
          return std::string();
        }
        std::string& to = p->find("w->tid[0][l]") == std::string::npos ? row_leaves : leaves;
        to += StrCat(to.empty() ? "" : " | ", "(", *p, want ? " ^ 1u" : "", ")");
      }
    }
    ahead_.clear();
    std::string hoisted;
    for (uint32_t i : tr->hoisted) {
      hoisted += "    {\n";
      if (absl::Status s = EmitScalar(f_.instructions[i], hoisted); !s.ok()) return s;
      hoisted += "    }\n";
    }
    // The fused segment, as EmitSegment emits it: uniform copies first. Every lane register the
    // path writes is dead after it (the warp is done), so it is a scalar of the loop instead of
    // a State or group array; rematerialised values are written anew to read those scalars.
    // (A dead store to a State array in the loop kept g++ from vectorising it.)
    std::string cus = "      {\n";
    std::vector<uint32_t> ss;
    std::vector<std::pair<uint32_t, RegInfo::Kind>> kinds;
    std::set<uint32_t> written;
    for (uint32_t i : tr->lanes.insts) {
      Sources(f_.instructions[i], ss);
      for (uint32_t r : ss) {
        if (regs_[r].kind == RegInfo::kUniform && !constant_.contains(r) && segment_uniforms_.insert(r).second) {
          cus += StrCat("      const ", UType(regs_[r].width), " cu", r, " = u->u", r, ";\n");
        }
      }
      Dests(f_.instructions[i], ds);
      for (uint32_t r : ds) {
        // A loop scalar is declared by its first write, which must then set every lane.
        if (!written.insert(r).second || f_.instructions[i].has_guard) continue;
        if (regs_[r].kind == RegInfo::kArray || regs_[r].kind == RegInfo::kGroup) {
          kinds.emplace_back(r, regs_[r].kind);
          regs_[r].kind = RegInfo::kLocal;
        }
      }
    }
    std::map<uint32_t, std::string> remat;
    remat.swap(remat_expr_);
    for (uint32_t r = 0; r < regs_.size(); ++r) {
      if (regs_[r].kind == RegInfo::kRemat) RematExpr(r);
    }
    // Warps in one run of 32 (rows of 32 or more threads) take a version specialised for it;
    // 16-wide rows (16x16 tiles) the general one, both jumping to the same label when done.
    std::string seg32 = cus, seg16 = cus;
    fused_run32_ = true;
    bool fused = EmitFusedSegment(tr->lanes, seg32);
    fused_run32_ = false;
    fused = fused && EmitFusedSegment(tr->lanes, seg16);
    remat.swap(remat_expr_);
    for (const auto& [r, kind] : kinds) regs_[r].kind = kind;
    segment_uniforms_.clear();
    span_code_.clear();
    if (!fused) return std::string();
    const int label = fused_label_++;
    // In one run of 32, lane l is thread (x0 + l, y0, z0): %tid.y/z are scalars and %tid.x an
    // iota, so what the path computes from %tid.y alone (a 2-D stencil's row tests) is computed
    // once per warp, and no lane reads CsWarp::tid.
    const std::vector<std::pair<std::string, std::string>> lanes_of_run = {
        {"w->tid[0][l]", "(cs_tx + (uint32_t)l)"}, {"w->tid[1][l]", "cs_ty"}, {"w->tid[2][l]", "cs_tz"}};
    seg32 = absl::StrReplaceAll(seg32, lanes_of_run);
    auto ballot = [](const std::string& terms) {
      return StrCat("      { alignas(64) cs_pred cs_b[32];\n",
                    "        _Pragma(\"GCC ivdep\") for (int l = 0; l < 32; ++l)\n",
                    "          cs_b[l] = (cs_pred)(", terms, ");\n",
                    "        if (cs_ballot(cs_b) != 0) { cs_rest = true; continue; } }\n");
    };
    std::string decide32, decide16;
    if (!row_leaves.empty()) {
      decide32 += StrCat("      if (", absl::StrReplaceAll(row_leaves, lanes_of_run), ") { cs_rest = true; continue; }\n");
    }
    if (!leaves.empty()) decide32 += ballot(absl::StrReplaceAll(leaves, lanes_of_run));
    decide16 = ballot(leaves.empty() ? row_leaves : row_leaves.empty() ? leaves : StrCat(row_leaves, " | ", leaves));
    return StrCat("  // The warp trace through B", absl::StrJoin(tr->blocks, ", B"), " (EmitTrace)\n",
                  "  if (", tr->span_candidate ? "!cs_lin" : "true", ") {\n", hoisted, "    bool cs_rest = false;\n",
                  "    for (uint32_t cw = 0; cw < nw; ++cw) {\n      const uint32_t m = M[cw];\n",
                  "      CsWarp* __restrict w = W + cw; State* __restrict s = S + cw; (void)w; (void)s;\n",
                  "      if (m != 0xFFFFFFFFu) { cs_rest = true; continue; }\n",
                  "      if (w->run == 32) {\n",
                  "      const uint32_t cs_tx = w->tid[0][0], cs_ty = w->tid[1][0], cs_tz = w->tid[2][0];\n",
                  "      (void)cs_tx; (void)cs_ty; (void)cs_tz;\n", decide32, seg32, "      }\n",
                  "      } else if (w->run == 16) {\n", decide16, seg16, "      }\n      }\n",
                  "      cs_rest = true;\n      continue;\n    F", label, ":\n      M[cw] = 0;\n    }\n",
                  "    if (!cs_rest) return kCsDone;\n  }\n");
  }

  // --- The function -------------------------------------------------------------------------

  std::string Goto(uint32_t target) {
    return StrCat("if (", target, "u == rc) { pc = ", target, "u; goto dispatch; } goto B", target, ";");
  }

  // Whether the compared index, cs_v0 at lane 0 of warp cw, grows by one per lane over the rest
  // of the block: a 1-D block numbers its warps' lanes by %tid.x in order, a TidPure index of
  // lane stride 1 is cs_v0 + (%tid.x - 32 * cw) there, and the 32-bit value does not wrap
  // before the block's last lane.
  static std::string MonotonePast(bool is_signed) {
    return StrCat("c->ntid[1] == 1 && c->ntid[2] == 1 && cs_v0 + ((int64_t)nw - cw) * 32 - 1 <= ",
                  is_signed ? "(int64_t)INT32_MAX" : "(int64_t)UINT32_MAX");
  }

  // `past_side`: for a side in place (EmitBlockBranch) that runs for the lanes whose index is
  // below a bound: where the closed form applies and a warp's lanes are all at or above it, sets
  // cs_past when every later warp's are too (MonotonePast), so the pass over the warps can end.
  std::string Ballot(const ptx::Instruction& in, int past_side = -1) {
    const RegInfo& ri = regs_[in.guard];
    const char* neg = in.guard_negated ? "!" : "";
    if (ri.kind == RegInfo::kUniform) {
      return StrCat("uint32_t t = ", neg, "(u->u", in.guard, " & 1) ? m : 0u;");
    }
    const uint32_t at = static_cast<uint32_t>(&in - f_.instructions.data());
    if (const uint32_t k = folded_[block_of_[at]]; k != kNone && at + 1 == f_.blocks[block_of_[at]].end) {
      // FoldedCompare: g++ keeps cs_b in a register (a vpcmpd into a mask, then vptestmd).
      const std::string vector = StrCat("alignas(64) cs_pred cs_b[32];\n      _Pragma(\"GCC ivdep\") for (int l = 0; l < 32; ++l) cs_b[l] = (cs_pred)",
                                        FoldedExpr(k), ";\n      t = ", in.guard_negated ? "~" : "", "cs_ballot(cs_b) & m;");
      ClosedFormShape shape;
      const std::string closed = ClosedFormBallot(f_.instructions[k], &shape);
      if (closed.empty()) return StrCat("uint32_t t;\n      { ", vector, " }");
      std::string past;
      // The side runs for the lanes failing `a >= bound` when the side's polarity (taken or
      // not), the guard's negation and the compare's add up odd.
      if (past_side >= 0 && !shape.equal && shape.tid_pure && ((past_side ^ in.guard_negated ^ shape.negated) & 1)) {
        past = StrCat("        cs_past = cs_d <= 0 && ", MonotonePast(shape.is_signed), ";\n");
      }
      return StrCat("uint32_t t;\n      ", closed, " {\n        t = ", in.guard_negated ? "~" : "",
                    "cs_ge & m;\n", past, "      } else { ", vector, " }");
    }
    return StrCat("uint32_t t = ", in.guard_negated ? "~" : "", "cs_ballot(", LaneArray(in.guard), ") & m;");
  }

  // ld/st with one element, no guard and a per-lane address: the contiguous fast path applies.
  bool FastMemCandidate(const ptx::Instruction& in) const {
    if (in.op != Opcode::kLd && in.op != Opcode::kLdu && in.op != Opcode::kSt) return false;
    if (in.mod.space == StateSpace::kLocal) return false;  // lanes' frames are apart
    if (in.has_guard || in.mod.vector > 1) return false;
    const bool is_load = in.op != Opcode::kSt;
    const Operand& addr = is_load ? in.operands[1] : in.operands[0];
    const Operand& val = is_load ? in.operands[0] : in.operands[1];
    if (val.kind == Operand::Kind::kVector) return false;
    if (is_load && val.kind != Operand::Kind::kReg) return false;
    if (addr.kind != Operand::Kind::kReg &&
        !(addr.kind == Operand::Kind::kAddress && addr.base == Operand::Base::kReg)) {
      return false;
    }
    return regs_[addr.reg].kind != RegInfo::kUniform;
  }

  // The registers an address operand's value is computed from at the access: itself, or for a
  // rematerialised one the stored registers its expression reads.
  void AddressInputs(uint32_t r, std::set<uint32_t>& out) const {
    if (regs_[r].kind != RegInfo::kRemat) {
      out.insert(r);
      return;
    }
    const ptx::Instruction& def = f_.instructions[remat_def_.at(r)];
    for (size_t k = 1; k < def.operands.size(); ++k) {
      if (def.operands[k].kind == Operand::Kind::kReg) AddressInputs(def.operands[k].reg, out);
    }
  }

  // How a fused segment checks the runs of an access's address register: a lane-affine one
  // compares each run's first and last lane at its stride (the element size, 0 for a broadcast,
  // or a load's gather stride); any other (a grid-stride loop's index, whose lanes the analysis
  // cannot prove come from one iteration) compares every lane with its run's first at the
  // element size, which needs no proof.
  struct FusedCheck {
    bool affine;
    int64_t stride;
  };
  FusedCheck FusedAccessCheck(const ptx::Instruction& in) const {
    const bool is_load = in.op != Opcode::kSt;
    const Affine& af = aff_[(is_load ? in.operands[1] : in.operands[0]).reg];
    const int64_t size = ptx::SizeOf(in.mod.type);
    if (af.ok && (af.sx == size || (is_load && af.sx >= 0)) && !(af.wraps != 0 && !af.folded && in.mod.space == StateSpace::kShared)) {
      return {true, af.sx};
    }
    return {false, size};
  }

  // A segment whose every memory access has an address the segment can compute before it
  // starts (ComputableAhead): its full-mask version can check all runs first (FusedAccessCheck)
  // and then run the whole segment as ONE lane loop per run (values stay in vector registers
  // instead of passing between loops through stack arrays), which is what an unrolled
  // shared-memory inner loop such as SGEMM's needs. Lanes then run the segment one after
  // another rather than instruction by instruction; that is safe here because a segment's loads
  // before its one store are read-only or from memory the store cannot alias (BuildItems), and
  // the store's lanes write distinct addresses.
  bool Fusable(const Item& it) const {
    if (it.has_atomic) return false;
    std::map<uint32_t, size_t> def_pos;  // register -> position of its first definition
    std::set<uint32_t> multi;             // registers defined more than once in the segment
    std::vector<uint32_t> ds;
    for (size_t pos = 0; pos < it.insts.size(); ++pos) {
      Dests(f_.instructions[it.insts[pos]], ds);
      for (uint32_t r : ds) {
        if (!def_pos.emplace(r, pos).second) multi.insert(r);
      }
    }
    std::map<uint32_t, std::vector<size_t>> uses;  // address register -> positions of its accesses
    for (size_t pos = 0; pos < it.insts.size(); ++pos) {
      const ptx::Instruction& in = f_.instructions[it.insts[pos]];
      const bool mem = in.op == Opcode::kLd || in.op == Opcode::kLdu || in.op == Opcode::kSt;
      if (!mem) {
        if (in.op == Opcode::kAtom || in.op == Opcode::kRed || in.op == Opcode::kCvta) return false;
        continue;
      }
      if (!FastMemCandidate(in) || Strong(in)) return false;
      const uint32_t reg = (in.op != Opcode::kSt ? in.operands[1] : in.operands[0]).reg;
      std::vector<size_t>& at = uses[reg];
      if (!at.empty()) {  // one base per register: the same check and stride for every access
        const FusedCheck a = FusedAccessCheck(in), b = FusedAccessCheck(f_.instructions[it.insts[at[0]]]);
        if (a.affine != b.affine || a.stride != b.stride) return false;
      }
      at.push_back(pos);
    }
    for (const auto& [reg, at] : uses) {
      // The base is computed once, as the first access reads the register; no register it is
      // computed from may change before the last access.
      std::set<uint32_t> touched;
      if (!ComputableAhead(it, reg, at.front(), at.front(), def_pos, multi, touched)) return false;
      for (uint32_t r : touched) {
        if (def_pos.at(r) >= at.front() && def_pos.at(r) < at.back()) return false;
      }
    }
    return !uses.empty();
  }

  // Whether register `r`'s value at position `pos` of segment `it` can be computed before the
  // segment runs, for an access at position `limit` (>= pos): it is not written in the segment
  // before `pos` (its stored value is the one read there; a definition from `pos` on must then
  // come after `limit`, where it is not substituted), or its one definition in the segment
  // comes earlier and is an inline integer form (RematForm) of values computable ahead in
  // turn. A stencil's neighbour addresses, computed from the centre index inside the segment,
  // and a grid-stride loop's address, read before the index steps, are such. EmitFusedSegment
  // evaluates them in place (`ahead_`: the definitions before the first access). `touched`
  // collects the registers with a definition in the segment that the value depends on.
  bool ComputableAhead(const Item& it, uint32_t r, size_t pos, size_t limit, const std::map<uint32_t, size_t>& def_pos,
                       const std::set<uint32_t>& multi, std::set<uint32_t>& touched) const {
    if (regs_[r].kind == RegInfo::kRemat) {  // no storage: its expression, read at `pos`
      const ptx::Instruction& def = f_.instructions[remat_def_.at(r)];
      for (size_t k = 1; k < def.operands.size(); ++k) {
        const Operand& op = def.operands[k];
        if (op.kind == Operand::Kind::kReg && !ComputableAhead(it, op.reg, pos, limit, def_pos, multi, touched)) {
          return false;
        }
      }
      return true;
    }
    if (multi.contains(r)) return false;
    auto d = def_pos.find(r);
    if (d == def_pos.end()) return true;
    touched.insert(r);
    if (d->second >= pos) return d->second >= limit;
    const ptx::Instruction& def = f_.instructions[it.insts[d->second]];
    if (!RematForm(def)) return false;
    for (size_t k = 1; k < def.operands.size(); ++k) {
      const Operand& op = def.operands[k];
      if (op.kind == Operand::Kind::kReg && !ComputableAhead(it, op.reg, d->second, limit, def_pos, multi, touched)) {
        return false;
      }
      if (op.kind != Operand::Kind::kReg && !RematOperand(op)) return false;
    }
    return true;
  }

  // The fused full-mask version (Fusable): `if (full mask, runs of 32 or 16, every access's
  // runs contiguous) { one lane loop per half warp; goto F<n> }`; the caller follows it with the
  // split full-mask version and the masked one, and puts F<n> after them. Emits nothing and
  // returns false when the fused body would call into the runtime (lane_op: not vectorisable).
  bool EmitFusedSegment(const Item& it, std::string& body) {
    // One base per address register (accesses through it differ by immediate offsets, which
    // do not change whether a run is contiguous; for shared memory that holds unless an
    // offset wraps the 32-bit shared window, which no valid access does).
    std::string checks, bases, loop, prefetch;
    // The same segment over a whole 1-D block (SpanSide): each access's block-wide run checked
    // from the first lane of the first warp to the last lane of the last.
    std::string span_checks, span_bases;
    bool span = span_request_;
    std::vector<uint32_t> ds;
    const bool in_loop = PrefetchLoop(block_of_[it.insts[0]]);
    fused_base_.clear();
    fused_stride_.clear();
    for (size_t first = 0; first < it.insts.size(); ++first) {
      const ptx::Instruction& in = f_.instructions[it.insts[first]];
      if (in.op != Opcode::kLd && in.op != Opcode::kLdu && in.op != Opcode::kSt) continue;
      const bool is_load = in.op != Opcode::kSt;
      const uint32_t reg = (is_load ? in.operands[1] : in.operands[0]).reg;
      if (fused_base_.contains(reg)) continue;
      const size_t k = fused_base_.size();
      const FusedCheck check = FusedAccessCheck(in);
      fused_base_[reg] = k;
      fused_stride_[reg] = check.stride;
      Operand base;
      base.kind = Operand::Kind::kReg;
      base.reg = reg;
      // Registers defined in the segment before the first access are evaluated from their
      // definitions (Fusable checked ComputableAhead); later ones read their stored values.
      for (size_t pos = 0; pos < first; ++pos) {
        Dests(f_.instructions[it.insts[pos]], ds);
        for (uint32_t r : ds) ahead_.emplace(r, it.insts[pos]);
      }
      lane_reads_ = true;  // TidPure: lanes' values from %tid, not from arrays just stored
      check_block_ = block_of_[it.insts[first]];
      const std::string a = Read(base, ScalarType::kU64);
      lane_reads_ = false;
      ahead_.clear();
      const bool shared = in.mod.space == StateSpace::kShared;
      const std::string ptr = shared ? StrCat("(c->shared + (uint32_t)", a, ")") : StrCat("P(", a, ")");
      const std::string at = StrCat("cs_at", k), stride = StrCat(check.stride, "u");
      // The first lane of each half (cs_f: lanes 0-15, cs_h: 16-31); with one run of 32 the
      // second is the first plus 16 strides once the check passed, so each address register
      // is evaluated for two lanes, not four.
      const std::string f = StrCat("cs_f", k), h = StrCat("cs_h", k);
      checks += StrCat("    auto ", at, " = [&](int l) -> char* { return (char*)", ptr, "; };\n",
                       "    char* const ", f, " = ", at, "(0);\n",
                       "    char* const ", h, " = cs_r == 32 ? ", f, " + (uintptr_t)16 * ", stride, " : ", at, "(16);\n");
      if (check.affine) {
        checks += StrCat("    cs_fz = cs_fz && (uintptr_t)", at, "((int)cs_r - 1) - (uintptr_t)", f,
                         " == (uintptr_t)(cs_r - 1) * ", stride, " &&\n            (cs_r == 32 || (uintptr_t)", at,
                         "(31) - (uintptr_t)", h, " == (uintptr_t)15 * ", stride, ");\n");
      } else {  // each lane against its run's first (no gather), lane 1 first (as EmitMemory)
        checks += StrCat("    cs_fz = cs_fz && (uintptr_t)", at, "(1) - (uintptr_t)", f, " == (uintptr_t)", stride, ";\n",
                         "    if (cs_fz) {\n      uint32_t cs_bad = 0;\n",
                         "      for (int l = 0; l < 32; ++l) cs_bad |= (uint32_t)((uintptr_t)", at, "(l) != (uintptr_t)", f,
                         " + (uintptr_t)(cs_r == 32 ? l : l & 15) * ", stride, " + (cs_r == 16 && l >= 16 ? (uintptr_t)",
                         h, " - (uintptr_t)", f, " : 0));\n      cs_fz = cs_bad == 0;\n    }\n");
      }
      bases += StrCat("    char* const cs_b", k, " = cs_j ? ", h, " : ", f, ";\n");
      // Over the block, one check of the ends holds only for an address that is one affine
      // function of the thread index in every warp: computed from %tid and uniforms alone (no
      // per-warp state `s->`), not folded, and with at most one 32-bit wrap (whose drop, in one
      // direction, the ends see).
      const Affine& af = aff_[reg];
      span = span && check.affine && af.ok && !af.folded && af.wraps <= 1 && ptr.find("s->") == std::string::npos;
      span_checks += StrCat("    auto ", at, " = [&](int l) -> char* { return (char*)", ptr, "; };\n",
                            "    char* const ", f, " = ", at, "(0);\n",
                            "    w = W + (nw - 1);\n    cs_fz = cs_fz && (uintptr_t)", at, "(31) - (uintptr_t)", f,
                            " == (uintptr_t)(cs_n - 1) * ", stride, ";\n    w = W;\n");
      span_bases += StrCat("    char* const cs_b", k, " = ", f, " + (uintptr_t)cs_s * ", stride, ";\n");
      if (is_load && in_loop && !shared && (check.stride == 0 || check.stride == ptx::SizeOf(in.mod.type))) {
        prefetch += Prefetch(f, h, check.stride);
      } else if (!shared && check.affine && check.stride == ptx::SizeOf(in.mod.type) &&
                 PrefetchNextBlocks(block_of_[it.insts[first]])) {
        prefetch += Prefetch(f, h, check.stride, /*write=*/!is_load);
      }
    }
    if (it.in_place) {
      // Lanes run one after another here: with one run of 32, lane j's load at A + j * size
      // cannot see lane i's (i < j) store at B + i * size when B <= A, or when the 32 lanes'
      // ranges do not meet.
      const ptx::Instruction* st = nullptr;
      for (uint32_t i : it.insts) {
        if (f_.instructions[i].op == Opcode::kSt) st = &f_.instructions[i];
      }
      auto first_lane = [&](const ptx::Instruction& in) {
        const Operand& a = in.op == Opcode::kSt ? in.operands[0] : in.operands[1];
        return StrCat("((uintptr_t)cs_f", fused_base_.at(a.reg), " + (uintptr_t)(intptr_t)",
                      a.kind == Operand::Kind::kAddress ? a.imm : 0, ")");
      };
      const std::string b = first_lane(*st);
      checks += "    cs_fz = cs_fz && cs_r == 32;\n";
      for (uint32_t i : it.insts) {
        const ptx::Instruction& ld = f_.instructions[i];
        if ((ld.op != Opcode::kLd && ld.op != Opcode::kLdu) || IsReadOnlyLoad(ld) || ld.mod.space != st->mod.space) continue;
        const std::string a = first_lane(ld);
        checks += StrCat("    cs_fz = cs_fz && (", b, " <= ", a, " || ", b, " >= ", a, " + 32u * ",
                         ptx::SizeOf(st->mod.type), "u);\n");
        // Over the block the lanes run in order too: the same with the block's extent.
        span_checks += StrCat("    cs_fz = cs_fz && (", b, " <= ", a, " || ", b, " >= ", a, " + (uintptr_t)cs_n * ",
                              ptx::SizeOf(st->mod.type), "u);\n");
      }
    }
    if (it.disjoint) {
      // A warp trace: with one run of 32 lanes, no lane may read what any lane of the warp
      // stores, and no two stores may meet (each store's range against every other access in
      // its space that is not a read-only load; FindTrace made them all contiguous).
      std::vector<const ptx::Instruction*> accesses;
      for (uint32_t i : it.insts) {
        const ptx::Instruction& in = f_.instructions[i];
        if (in.op == Opcode::kSt || ((in.op == Opcode::kLd || in.op == Opcode::kLdu) && !IsReadOnlyLoad(in))) {
          accesses.push_back(&in);
        }
      }
      auto range = [&](const ptx::Instruction& in, std::string* end) {
        const Operand& a = in.op == Opcode::kSt ? in.operands[0] : in.operands[1];
        const std::string first = StrCat("((uintptr_t)cs_f", fused_base_.at(a.reg), " + (uintptr_t)(intptr_t)",
                                         a.kind == Operand::Kind::kAddress ? a.imm : 0, ")");
        *end = StrCat("(", first, " + 32u * ", ptx::SizeOf(in.mod.type), "u)");
        return first;
      };
      checks += "    cs_fz = cs_fz && cs_r == 32;\n";
      for (size_t x = 0; x < accesses.size(); ++x) {
        if (accesses[x]->op != Opcode::kSt) continue;
        std::string st_end;
        const std::string b = range(*accesses[x], &st_end);
        for (size_t y = 0; y < accesses.size(); ++y) {
          const ptx::Instruction& other = *accesses[y];
          if (y == x || (other.op == Opcode::kSt && y < x) || other.mod.space != accesses[x]->mod.space) continue;
          std::string other_end;
          const std::string a = range(other, &other_end);
          checks += StrCat("    cs_fz = cs_fz && (", st_end, " <= ", a, " || ", other_end, " <= ", b, ");\n");
        }
      }
    }
    declared_.clear();
    full_ = true;
    fused_ = true;
    absl::Status status;
    for (uint32_t i : it.insts) {
      const ptx::Instruction& in = f_.instructions[i];
      const bool mem = in.op == Opcode::kLd || in.op == Opcode::kLdu || in.op == Opcode::kSt;
      fast_mem_ = mem;
      if (status.ok()) status = EmitInst(in, false, loop);
      fast_mem_ = false;
    }
    full_ = false;
    fused_ = false;
    declared_.clear();
    if (!status.ok() || loop.find("lane_op") != std::string::npos) return false;
    body += StrCat("  if (m == 0xFFFFFFFFu && ", fused_run32_ ? "w->run == 32" : "(w->run == 32 || w->run == 16)",
                   ") {\n    const uint32_t cs_r = ", fused_run32_ ? "32" : "w->run", ";\n",
                   "    bool cs_fz = true;\n", checks, "    if (cs_fz) {\n", prefetch,
                   // Halves of 16 lanes either way (a run of 32 is contiguous in each half):
                   // a constant trip count, so each instruction is exactly one 16-lane vector op.
                   // `unroll 1`: g++ otherwise unrolls a small 16-trip loop completely before
                   // vectorising, and the straight-line vectoriser, which ignores ivdep, keeps a
                   // load and a store through unrelated pointers scalar.
                   "    for (int cs_j = 0; cs_j < 32; cs_j += 16) {\n", bases,
                   "    _Pragma(\"GCC ivdep\")\n    _Pragma(\"GCC unroll 1\")\n",
                   "    for (int l = cs_j; l < cs_j + 16; ++l) {\n",
                   "    const bool act = true; (void)act;\n", loop, "    }\n    }\n    goto F", fused_label_,
                   ";\n    }\n  }\n");
    // A segment whose warps prefetch (a barrier kernel's or a loop's accesses, State::pf per
    // warp) keeps the per-warp version: a span would run without those prefetches.
    if (span && prefetch.empty()) {
      // Every warp full, in one run of 32: the per-warp version's loop, 16 lanes at a time from
      // the block's first thread to its last, w and s following the warp (what the segment
      // reads of them is per lane). The caller closes it (SpanSide).
      span_code_ = StrCat("    const uint32_t m = 0xFFFFFFFFu, cs_r = 32, cs_n = nw * 32u; (void)m; (void)cs_r;\n",
                          "    CsWarp* w = W; State* s = S; (void)s;\n    bool cs_fz = true;\n", span_checks,
                          "    if (cs_fz) {\n", span_tail_, "    for (uint32_t cs_s = 0; cs_s < cs_n; cs_s += 16) {\n",
                          "    CsWarp* __restrict w = W + (cs_s >> 5); State* __restrict s = S + (cs_s >> 5); (void)w; (void)s;\n",
                          "    const int cs_j = (int)(cs_s & 31);\n", span_bases,
                          "    _Pragma(\"GCC ivdep\")\n    _Pragma(\"GCC unroll 1\")\n",
                          "    for (int l = cs_j; l < cs_j + 16; ++l) {\n",
                          "    const bool act = true; (void)act;\n", loop, "    }\n    }\n");
    }
    return true;
  }

  // A software stride prefetcher for a contiguous (or broadcast) global load of a fused segment
  // in a one-block loop without barriers: each warp keeps the first lane's address of the last
  // run (State::pf<n>) and prefetches the lines kPrefetchAhead iterations ahead at the same
  // step. A grid-stride loop steps by the whole grid (1 MiB in reduce_shuffle), a stride the
  // hardware prefetchers do not follow across pages (reduce_shuffle ~18 -> ~12 ms). A wrong
  // guess (the first iteration, an irregular loop) costs a prefetch, never a fault.
  static constexpr int kPrefetchAhead = 4;
  // Where Prefetch applies: a block of lane code that loops on itself (a grid-stride loop). A
  // tiled kernel's loop with barriers (SGEMM's, its tiles mostly in L3) gained nothing from it
  // and paid the instructions.
  bool PrefetchLoop(uint32_t b) const {
    if (b >= f_.blocks.size()) return false;
    const std::vector<uint32_t>& next = f_.blocks[b].successors;
    bool loop = std::find(next.begin(), next.end(), b) != next.end();
    for (const Item& x : items_[b]) loop &= x.kind != Item::kBarrier;
    return loop;
  }
  // Where Prefetch also applies: a contiguous global access outside any loop of a block-wide
  // kernel with barriers (a shared-memory reduction's `s[t] = in[i]`, a tiled transpose's tile
  // rows in and out). A worker runs a chunk of consecutive blocks, so State::pf learns the step
  // from one block's run to the next one's and the access prefetches four blocks ahead; a store
  // prefetches for writing (its line is read for ownership first). Such a block spends a few
  // hundred cycles on barrier phases per kilobyte it moves, and the hardware prefetchers, paced
  // by demand misses and blind across pages (a transpose's next output rows), keep too few lines
  // in flight: interleaved A/B, reduce_shared 0.80x (loads), transpose_tiled 0.84x (loads) and
  // 0.71x more (stores). Kernels without barriers keep their accesses back to back and the
  // hardware prefetcher ahead: prefetching loads there measured 20-30% slower (saxpy, copy),
  // stores no different; in loops PrefetchLoop decides.
  bool PrefetchNextBlocks(uint32_t b) const {
    return block_ && has_barriers_ && b < on_cycle_.size() && !on_cycle_[b];
  }
  std::string Prefetch(const std::string& f, const std::string& h, int64_t stride, bool write = false) {
    const std::string slot = StrCat("s->pf", prefetch_slots_++);
    const std::string rw = write ? ", 1" : "";  // prefetchw
    const int lines = stride == 0 ? 1 : static_cast<int>(std::clamp<int64_t>(32 * stride / 64, 1, 4));
    std::string o = StrCat("    { const uintptr_t cs_d = ((uintptr_t)", f, " - ", slot, ") * ", kPrefetchAhead, "u; ",
                           slot, " = (uintptr_t)", f, ";\n");
    for (int l = 0; l < lines; ++l) {
      o += StrCat("      __builtin_prefetch((const char*)((uintptr_t)", f, " + cs_d + ", 64 * l, "u)", rw, ");\n");
    }
    // Two runs of 16 (16-wide tiles): the second half's own lines.
    o += StrCat("      if (cs_r != 32) __builtin_prefetch((const char*)((uintptr_t)", h, " + cs_d)", rw, ");\n    }\n");
    return o;
  }

  // A FastMemCandidate whose address is lane-affine with stride = element size: the masked
  // version of its segment is split around it too (a masked vector access, see EmitMemory).
  bool MaskedContiguousCandidate(const ptx::Instruction& in) const {
    if (!FastMemCandidate(in)) return false;
    const bool is_load = in.op != Opcode::kSt;
    const Operand& addr = is_load ? in.operands[1] : in.operands[0];
    const Affine& af = aff_[addr.reg];
    return af.ok && af.sx == ptx::SizeOf(in.mod.type) &&
           (af.wraps == 0 || af.folded || in.mod.space != StateSpace::kShared);  // as the full-mask path
  }

  // The full-mask version of a segment: `if (m == full) { ... } else {` (the caller emits the
  // masked version and closes the brace). No blends; segment-local registers become lane
  // arrays so the segment can be cut into several lane loops around its contiguous loads and
  // stores (running instruction groups one after another over all lanes is the interpreter's
  // instruction-at-a-time order, so memory behaves the same).
  //
  // With `masked`, the same split shape for a partial mask (selects on writes, masked
  // accesses): worth it when the segment has a contiguous-access candidate (a masked vector
  // load/store instead of a per-lane loop), e.g. a tree reduction's `if (t < k)` steps.
  absl::Status EmitFullSegment(const Item& it, std::string& body, bool masked = false) {
    if (!masked) body += "  if (m == 0xFFFFFFFFu) {\n";
    declared_.clear();
    std::set<uint32_t> locals;
    std::vector<uint32_t> ds;
    for (uint32_t i : it.insts) {
      Dests(f_.instructions[i], ds);
      for (uint32_t r : ds) {
        if (regs_[r].kind == RegInfo::kLocal) locals.insert(r);
      }
    }
    for (uint32_t r : locals) {
      body += StrCat("    alignas(64) ", UType(regs_[r].width), " t", r, "[32];\n");
    }
    full_ = !masked;
    split_ = true;
    const std::string act = masked ? "(m >> l) & 1" : "true";
    absl::Status status;
    size_t k = 0;
    while (k < it.insts.size() && status.ok()) {
      const ptx::Instruction& in = f_.instructions[it.insts[k]];
      auto fast = [&](const ptx::Instruction& x) { return masked ? MaskedContiguousCandidate(x) : FastMemCandidate(x); };
      if (fast(in)) {
        fast_mem_ = true;
        status = EmitInst(in, false, body);
        fast_mem_ = false;
        ++k;
        continue;
      }
      size_t j = k;
      bool atomic = false;
      while (j < it.insts.size() && !fast(f_.instructions[it.insts[j]])) {
        const Opcode op = f_.instructions[it.insts[j]].op;
        atomic |= op == Opcode::kAtom || op == Opcode::kRed;
        ++j;
      }
      if (!atomic && !it.has_atomic) body += "  _Pragma(\"GCC ivdep\")\n";
      body += StrCat("  for (int l = 0; l < 32; ++l) {\n    const bool act = ", act, "; (void)act;\n");
      for (; k < j && status.ok(); ++k) status = EmitInst(f_.instructions[it.insts[k]], false, body);
      body += "  }\n";
    }
    full_ = false;
    split_ = false;
    if (!status.ok()) return status;
    if (!masked) body += "  } else {\n";
    return absl::OkStatus();
  }

  // The items of block `b` (all but its terminator).
  // With `tail`, a last warp group (block-wide) is left to the caller in two parts instead.
  absl::Status EmitItems(uint32_t b, std::string& body, uint32_t& resume, WarpGroupCode* tail = nullptr) {
    const std::vector<Item>& items = items_[b];
    for (size_t k = 0; k < items.size(); ++k) {
      const Item& it = items[k];
      if (block_ && (it.kind == Item::kSegment || it.kind == Item::kWarpOp)) {
        if (const size_t e = WarpGroupEnd(items, k); tail != nullptr && e == items.size()) {
          return EmitWarpGroupParts(items, k, e, tail->hoisted, tail->lanes);
        } else if (e > k + 1) {
          if (absl::Status s = EmitWarpGroup(items, k, e, body); !s.ok()) return s;
          k = e - 1;
          continue;
        }
      }
      switch (it.kind) {
        case Item::kScalar: {
          body += "  {\n";
          for (uint32_t i : it.insts) {
            if (absl::Status s = EmitScalar(f_.instructions[i], body); !s.ok()) return s;
          }
          body += "  }\n";
          break;
        }
        case Item::kWarpOp: {  // its lanes are one warp's: block-wide, once per warp
          std::string op;
          if (absl::Status s = EmitInst(f_.instructions[it.insts[0]], false, op); !s.ok()) return s;
          body += block_ ? ForEachWarp(op) : op;
          break;
        }
        case Item::kSegment: {
          if (absl::Status s = EmitPre(it, body); !s.ok()) return s;
          std::string seg;
          if (absl::Status s = EmitSegment(it, seg); !s.ok()) return s;
          body += block_ ? ForEachWarp(seg) : seg;
          break;
        }
        case Item::kFence:
          if (f_.instructions[it.insts[0]].op == Opcode::kNanosleep) {
            body += "#if defined(__x86_64__)\n  __builtin_ia32_pause();\n#endif\n";
          } else {
            body += "  __atomic_thread_fence(__ATOMIC_SEQ_CST);\n";
          }
          break;
        case Item::kBarrier: {
          const ptx::Instruction& in = f_.instructions[it.insts[0]];
          const bool red = in.mod.bar_kind == ptx::BarKind::kRed;
          if (block_) {
            EmitBlockBarrier(in, body);
            break;
          }
          if (red) {  // this warp's part of the block-wide count (CsCtx::red)
            body += StrCat("  { uint32_t cs_t = 0; for (int l = 0; l < 32; ++l) cs_t |= (uint32_t)",
                           Read(in.operands[2], ScalarType::kPred), " << l; cs_t &= m;\n",
                           "    c->red[0] += (uint32_t)__builtin_popcount(cs_t); c->red[1] += "
                           "(uint32_t)__builtin_popcount(m & ~cs_t); }\n");
          }
          body += StrCat("  w->pc = ", resume, "u; w->m = m; w->rc = rc; w->sp = sp; return kCsParked;\n",
                         "R", resume, ":\n");
          ++resume;
          if (red) {  // every arriving lane gets the block's result (red[2], red[3] after it)
            const uint32_t d = in.operands[0].reg;
            std::string v = "c->red[2]";
            if (in.mod.type == ScalarType::kPred) {
              v = in.mod.bool_op == ptx::BoolOp::kAnd ? "(cs_pred)(c->red[3] == 0)" : "(cs_pred)(c->red[2] != 0)";
            }
            const std::string st = UType(regs_[d].width);
            body += StrCat("  for (int l = 0; l < 32; ++l) ", LaneArray(d), "[l] = cs_sel<", st, ">((m >> l) & 1, (", st,
                           ")", v, ", ", LaneArray(d), "[l]);\n");
          }
          break;
        }
        case Item::kGuardedExit: {
          const ptx::Instruction& in = f_.instructions[it.insts[0]];
          if (block_) {
            body += ForEachWarp(StrCat("    ", in.has_guard ? Ballot(in) : "uint32_t t = m;",
                                       " w->exited |= t; M[cw] = m & ~t;\n"));
            body += "  if (cs_none(M, nw)) goto dispatch;\n";
            break;
          }
          body += StrCat("  { ", in.has_guard ? Ballot(in) : "uint32_t t = m;",
                         " w->exited |= t; m &= ~t; if (m == 0) goto dispatch; }\n");
          break;
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status Emit() {
    std::string body;
    uint32_t resume = 0;
    for (uint32_t b = 0; b < f_.blocks.size(); ++b) {
      const ptx::BasicBlock& bb = f_.blocks[b];
      body += StrCat("B", b, ":\n");
      // The terminator.
      const ptx::Instruction* last = bb.end > bb.begin ? &f_.instructions[bb.end - 1] : nullptr;
      const bool lane_branch = block_ && last != nullptr && IsTerminator(bb, bb.end - 1) && last->op == Opcode::kBra &&
                               last->has_guard && bb.successors.size() == 2 &&
                               regs_[last->guard].kind != RegInfo::kUniform && TailJoinsBranch(b);
      WarpGroupCode tail;
      if (absl::Status st = EmitItems(b, body, resume, lane_branch ? &tail : nullptr); !st.ok()) return st;
      if (last != nullptr && IsTerminator(bb, bb.end - 1) && last->op != Opcode::kBra) {
        body += block_ ? kBlockExit : kWarpExit;
      } else if (last != nullptr && IsTerminator(bb, bb.end - 1)) {
        const uint32_t T = last->operands[0].label;
        uint32_t F = kNone;
        for (uint32_t s : bb.successors) {
          if (s != T) F = s;
        }
        if (!last->has_guard || F == kNone) {
          body += StrCat("  ", Goto(T), "\n");
        } else if (block_) {
          if (absl::Status st = EmitBlockBranch(b, *last, T, F, body, tail); !st.ok()) return st;
        } else {
          const uint32_t P = ipdom_[b] >= f_.blocks.size() ? kNone : ipdom_[b];
          body += StrCat("  { ", Ballot(*last), "\n    if (t == m) { ", Goto(T), " }\n    if (t == 0) { ",
                         Goto(F), " }\n    uint32_t nt = m & ~t;\n    if (sp + 2 > kCsStack) return 2;\n");
          body += StrCat("    if (", P, "u != rc) { w->stk_pc[sp] = ", P, "u; w->stk_rc[sp] = rc; w->stk_m[sp] = m; ++sp; }\n");
          // As in EmitBlockBranch: a side that is the reconvergence point waits there.
          if (T == P) {
            body += StrCat("    pc = ", F, "u; rc = ", P, "u; m = nt; goto dispatch; }\n");
          } else {
            if (F != P) {
              body += StrCat("    w->stk_pc[sp] = ", F, "u; w->stk_rc[sp] = ", P, "u; w->stk_m[sp] = nt; ++sp;\n");
            }
            body += StrCat("    pc = ", T, "u; rc = ", P, "u; m = t; goto dispatch; }\n");
          }
        }
      } else if (!bb.successors.empty()) {
        body += StrCat("  ", Goto(bb.successors[0]), "\n");
      } else {
        body += block_ ? kBlockExit : kWarpExit;
      }
    }

    // Before the State struct: the trace may name State arrays too (LaneArray).
    absl::StatusOr<std::string> trace = block_ ? EmitTrace() : std::string();
    if (!trace.ok()) return trace.status();
    std::string& src = out_.source;
    src = StrCat("// generated by cudashim (codegen v", kCodegenVersion, ") from kernel ", f_.name, "\n");
    src += LaneHelpersSource();
    src += kJitAbiSource;
    src += kPreludeAfterAbi;
    out_.prelude_bytes = src.size();
    src += "\nstruct State {\n";
    for (uint32_t r = 0; r < regs_.size(); ++r) {
      const std::string st = UType(regs_[r].width);
      if (regs_[r].kind == RegInfo::kUniform) src += StrCat("  ", st, " u", r, ";\n");
      if (regs_[r].kind == RegInfo::kArray && state_arrays_.contains(r)) src += StrCat("  alignas(64) ", st, " r", r, "[32];\n");
    }
    for (int k = 0; k < prefetch_slots_; ++k) src += StrCat("  uint64_t pf", k, " = 0;  // Prefetch\n");
    src += "  char pad_;\n};\n";
    src += "extern \"C\" const unsigned long cs_state_bytes = sizeof(State);\n";
    if (block_) {
      EmitBlockFunction(body, *trace, src);
      return absl::OkStatus();
    }
    src += "extern \"C\" int cs_kernel(const CsCtx* __restrict c, CsWarp* __restrict w, void* regs) {\n";
    if (has_barriers_) {
      src += "  State* __restrict s = (State*)regs;\n";
    } else {
      src += "  State st_; State* __restrict s = &st_; (void)regs;\n";
    }
    src += "  State* const u = s;  // uniform registers\n  uint32_t m, rc, sp, pc;\n";
    src += "  if (w->pc == 0xFFFFFFFEu) { m = w->exists & ~w->exited; rc = 0xFFFFFFFFu; sp = 0; pc = 0; goto B0; }\n";
    src += "  m = w->m; rc = w->rc; sp = w->sp; pc = 0;\n  switch (w->pc) {\n";
    for (uint32_t r = 0; r < resume; ++r) src += StrCat("    case ", r, ": goto R", r, ";\n");
    src += "    default: return 0;\n  }\n";
    src += "dispatch:\n  while (pc == rc || m == 0) {\n    if (sp == 0) return kCsDone;\n    --sp;\n"
           "    pc = w->stk_pc[sp]; rc = w->stk_rc[sp]; m = w->stk_m[sp] & ~w->exited;\n  }\n";
    src += DispatchAndBody(body);
    return absl::OkStatus();
  }

  const ptx::Module& m_;
  const ptx::Function& f_;
  const CodegenOptions options_;
  GeneratedKernel out_;
  std::vector<RegInfo> regs_;
  std::vector<bool> uniform_inst_;
  std::vector<Affine> aff_;
  std::vector<uint32_t> local_offset_;  // per f_.locals entry in .local: its offset in the frame
  uint32_t local_stride_ = 0;           // bytes of local memory per lane
  int whole_id_ = 0;                    // names of cs_copy_whole buffers
  std::vector<bool> def_in_loop_;               // per register (FindLoopDefs)
  std::vector<bool> on_cycle_;                  // per block (FindCycles)
  std::map<uint32_t, uint32_t> remat_def_;     // kRemat register -> its defining instruction
  std::map<uint32_t, std::string> remat_expr_;  // kRemat register -> its value in lane l
  std::vector<bool> read_;                      // registers some instruction reads
  std::set<uint32_t> remat_input_;              // stored registers that kRemat values read
  std::vector<std::vector<Item>> items_;
  std::vector<uint32_t> folded_;  // per block: its branch's predicate, computed in the ballot (FoldedCompare)
  std::vector<bool> folded_inst_;  // per instruction: computed in a branch's ballot instead
  std::vector<uint32_t> ipdom_;
  std::vector<bool> reconvergence_point_;
  std::set<uint32_t> state_arrays_;  // kArray registers the code names (LaneArray)  // per block: some branch's ipdom (a possible `rc`)
  absl::flat_hash_map<uint32_t, uint32_t> shared_global_, shared_local_;
  ptx::ParamLayout param_layout_;
  std::set<uint32_t> declared_;
  bool has_barriers_ = false;
  bool transposed_ = false;  // ChooseLaneOrder
  bool block_ = false;     // block-wide: one call runs the whole block (BlockWideBlocker)
  std::vector<bool> uniform_branch_;  // per instruction (ptx::analysis::Uniformity)
  std::vector<bool> divergent_block_;     // per block: inside a divergent branch's region
  std::vector<uint32_t> divergent_by_;    // per block: a branch whose region holds it (or kNone)
  std::vector<uint32_t> block_of_;        // per instruction: its basic block
  std::vector<std::vector<uint32_t>> readers_;  // per register: the instructions reading it
  bool full_ = false;      // emitting the full-mask version of a segment
  bool lane_reads_ = false;  // evaluating a run check's lanes: TidPure registers from their definitions
  uint32_t check_block_ = 0;  // ... when defined in this block (earlier blocks' arrays are long stored)
  uint32_t merged_parent_ = kNone;  // ... or in this block, whose pass over the warps a side shares
  std::vector<uint32_t> tid_def_;  // per register: its one definition when TidPure, else kNone
  bool split_ = false;     // emitting a segment split around contiguous accesses (locals are arrays)
  bool fused_ = false;     // emitting a fused full-mask segment (EmitFusedSegment)
  std::map<uint32_t, uint32_t> ahead_;      // register -> its in-segment definition, read in place
  std::map<uint32_t, size_t> fused_base_;     // address register -> its base cs_b<k> in a fused segment
  std::map<uint32_t, int64_t> fused_stride_;  // address register -> its lane stride in a fused segment
  bool span_request_ = false;  // EmitFusedSegment also writes span_code_ (SpanSide) where it can
  std::string span_code_, span_tail_;  // ... running span_tail_ (the branch's block's lanes) first
  std::map<uint32_t, uint64_t> constant_;   // uniform register -> its one value (FindUniforms)
  std::set<uint32_t> segment_uniforms_;     // uniform registers copied into locals (cu<r>) in a segment
  int fused_label_ = 0;    // labels after fused segments (F<n>)
  int prefetch_slots_ = 0;  // State::pf<n>, one per prefetched access (Prefetch)
  bool fast_mem_ = false;  // emitting a FastMemCandidate in the full-mask version
  bool fused_run32_ = false;  // EmitFusedSegment for warps in one run of 32 only (EmitTrace)
  std::string warp_mask_ = "M[cw]";  // a warp's active lanes in ForEachWarp (InlineSide: a branch side's)
  // Emit every segment twice: a full-mask version (no blends, contiguous ld/st fast path) and
  // the masked one.
  static constexpr bool kFullMaskPath = true;
  // Off: every register a kGroup would be keeps its State array (to measure or bisect kGroup).
  static constexpr bool kNoGroupRegisters = false;
};

}  // namespace

std::string LaneHelpersSource() {
  // ex2_approx.h's text is builtins only; cs_ex2_32 (vector_calls.cc) calls it.
  return StrCat(simt::kEx2ApproxSource, "\n", kPrelude, VectorCallsPrelude());
}

absl::StatusOr<GeneratedKernel> GenerateKernel(const ptx::Module& module, const ptx::Function& entry,
                                               const CodegenOptions& options) {
  return Gen(module, entry, options).Run();
}

}  // namespace cudashim::jit
