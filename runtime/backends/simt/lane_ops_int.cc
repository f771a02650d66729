// Integer comparisons, multiplication, division, dot products and bit-field operations.

#include <bit>
#include <cstdint>

#include "runtime/backends/simt/lane_ops.h"

namespace cudashim::simt {

bool IntCompare(CmpOp op, ScalarType t, uint64_t a, uint64_t b) {
  const uint64_t x = ExtendInt(t, a), y = ExtendInt(t, b);
  const bool s = IsSignedInt(t);
  const int64_t sx = static_cast<int64_t>(x), sy = static_cast<int64_t>(y);
  switch (op) {
    case CmpOp::kEq:
      return x == y;
    case CmpOp::kNe:
      return x != y;
    case CmpOp::kLt:
      return s ? sx < sy : x < y;
    case CmpOp::kLe:
      return s ? sx <= sy : x <= y;
    case CmpOp::kGt:
      return s ? sx > sy : x > y;
    case CmpOp::kGe:
      return s ? sx >= sy : x >= y;
    case CmpOp::kLo:
      return x < y;
    case CmpOp::kLs:
      return x <= y;
    case CmpOp::kHi:
      return x > y;
    case CmpOp::kHs:
      return x >= y;
    default:
      return false;
  }
}

uint64_t IntMul(MulMode mode, ScalarType t, uint64_t a, uint64_t b) {
  const int w = BitWidth(t);
  const bool s = IsSignedInt(t);
  const uint64_t x = ExtendInt(t, a), y = ExtendInt(t, b);
  if (w == 64) {
    if (mode != MulMode::kHi) return x * y;
    if (s) {
      const __int128 p = static_cast<__int128>(static_cast<int64_t>(x)) * static_cast<int64_t>(y);
      return static_cast<uint64_t>(p >> 64);
    }
    return static_cast<uint64_t>((static_cast<unsigned __int128>(x) * y) >> 64);
  }
  // Both operands fit in 32 bits (signed or not): the full product fits in 64.
  const uint64_t p =
      s ? static_cast<uint64_t>(static_cast<int64_t>(x) * static_cast<int64_t>(y)) : x * y;
  switch (mode) {
    case MulMode::kHi:
      return (p >> w) & WidthMask(w);
    case MulMode::kWide:
      return p & WidthMask(2 * w);
    default:
      return p & WidthMask(w);
  }
}

uint64_t IntMad(MulMode mode, ScalarType t, bool sat, uint64_t a, uint64_t b, uint64_t c) {
  const int w = BitWidth(t);
  const uint64_t p = IntMul(mode, t, a, b);
  if (mode == MulMode::kWide) return (p + c) & WidthMask(2 * w);
  if (sat && mode == MulMode::kHi && t == ScalarType::kS32) {
    int64_t sum = SignExtend(p, 32) + SignExtend(c, 32);
    sum = sum > INT32_MAX ? INT32_MAX : (sum < INT32_MIN ? INT32_MIN : sum);
    return static_cast<uint64_t>(sum) & 0xFFFFFFFFull;
  }
  return (p + c) & WidthMask(w);
}

uint64_t IntDiv(ScalarType t, uint64_t a, uint64_t b) {
  const int w = BitWidth(t);
  const uint64_t m = WidthMask(w);
  if ((b & m) == 0) return m;
  if (IsSignedInt(t)) {
    const int64_t x = SignExtend(a, w), y = SignExtend(b, w);
    if (y == -1) return (0 - static_cast<uint64_t>(x)) & m;  // INT_MIN / -1 wraps
    return static_cast<uint64_t>(x / y) & m;
  }
  return (a & m) / (b & m);
}

uint64_t IntRem(ScalarType t, uint64_t a, uint64_t b) {
  const int w = BitWidth(t);
  const uint64_t m = WidthMask(w);
  if ((b & m) == 0) return a & m;
  if (IsSignedInt(t)) {
    const int64_t x = SignExtend(a, w), y = SignExtend(b, w);
    if (y == -1) return 0;
    return static_cast<uint64_t>(x % y) & m;
  }
  return (a & m) % (b & m);
}

uint64_t MadCarry(MulMode mode, ScalarType t, uint64_t a, uint64_t b, uint64_t c, bool carry_in,
                  bool* carry_out) {
  const uint64_t p = IntMul(mode == MulMode::kHi ? MulMode::kHi : MulMode::kLo, t, a, b);
  return AddCarry(t, p, c, carry_in, carry_out);
}

uint64_t Mul24(MulMode mode, ScalarType t, uint64_t a, uint64_t b) {
  const int64_t x = IsSignedInt(t) ? SignExtend(a, 24) : static_cast<int64_t>(a & 0xFFFFFF);
  const int64_t y = IsSignedInt(t) ? SignExtend(b, 24) : static_cast<int64_t>(b & 0xFFFFFF);
  const uint64_t p = static_cast<uint64_t>(x * y);  // 48 significant bits
  return (mode == MulMode::kHi ? p >> 16 : p) & 0xFFFFFFFFull;
}

uint64_t Mad24(MulMode mode, ScalarType t, bool sat, uint64_t a, uint64_t b, uint64_t c) {
  const uint64_t p = Mul24(mode, t, a, b);
  if (sat && mode == MulMode::kHi && t == ScalarType::kS32) {
    int64_t sum = SignExtend(p, 32) + SignExtend(c, 32);
    sum = sum > INT32_MAX ? INT32_MAX : (sum < INT32_MIN ? INT32_MIN : sum);
    return static_cast<uint64_t>(sum) & 0xFFFFFFFFull;
  }
  return (p + c) & 0xFFFFFFFFull;
}

uint64_t Sad(ScalarType t, uint64_t a, uint64_t b, uint64_t c) {
  const uint64_t x = ExtendInt(t, a), y = ExtendInt(t, b);
  const bool less = IsSignedInt(t) ? static_cast<int64_t>(x) < static_cast<int64_t>(y) : x < y;
  const uint64_t diff = less ? y - x : x - y;
  return (c + diff) & TypeMask(t);
}

namespace {

inline int32_t Byte(uint32_t v, int i, bool is_signed) {
  const uint32_t byte = (v >> (8 * i)) & 0xFF;
  return is_signed ? static_cast<int8_t>(byte) : static_cast<int32_t>(byte);
}
inline int32_t Half16(uint32_t v, int i, bool is_signed) {
  const uint32_t h = (v >> (16 * i)) & 0xFFFF;
  return is_signed ? static_cast<int16_t>(h) : static_cast<int32_t>(h);
}

}  // namespace

uint32_t Dp4a(ScalarType ta, ScalarType tb, uint32_t a, uint32_t b, uint32_t c) {
  const bool sa = IsSignedInt(ta), sb = IsSignedInt(tb);
  uint32_t sum = c;
  for (int i = 0; i < 4; ++i) {
    sum += static_cast<uint32_t>(Byte(a, i, sa) * Byte(b, i, sb));
  }
  return sum;
}

uint32_t Dp2a(bool hi, ScalarType ta, ScalarType tb, uint32_t a, uint32_t b, uint32_t c) {
  const bool sa = IsSignedInt(ta), sb = IsSignedInt(tb);
  const int k = hi ? 2 : 0;
  return c + static_cast<uint32_t>(Half16(a, 0, sa) * Byte(b, k, sb)) +
         static_cast<uint32_t>(Half16(a, 1, sa) * Byte(b, k + 1, sb));
}

uint32_t Prmt(uint32_t a, uint32_t b, uint32_t sel, PrmtMode mode) {
  const uint64_t src = (static_cast<uint64_t>(b) << 32) | a;
  auto byte = [src](uint32_t i) { return static_cast<uint32_t>(src >> (8 * (i & 7))) & 0xFF; };
  if (mode == PrmtMode::kNone) {
    uint32_t d = 0;
    for (int i = 0; i < 4; ++i) {
      const uint32_t s = (sel >> (4 * i)) & 0xF;
      uint32_t v = byte(s);
      if (s & 8) v = (v & 0x80) ? 0xFF : 0;  // replicate the byte's sign bit
      d |= v << (8 * i);
    }
    return d;
  }
  const uint32_t n = sel & 3;
  uint32_t idx[4];
  for (uint32_t i = 0; i < 4; ++i) {
    switch (mode) {
      case PrmtMode::kF4e:
        idx[i] = n + i;
        break;
      case PrmtMode::kB4e:
        idx[i] = n - i;  // mod 8 by byte()
        break;
      case PrmtMode::kRc8:
        idx[i] = n;
        break;
      case PrmtMode::kEcl:
        idx[i] = i > n ? i : n;
        break;
      case PrmtMode::kEcr:
        idx[i] = i < n ? i : n;
        break;
      default:  // kRc16
        idx[i] = ((n & 1) << 1) | (i & 1);
        break;
    }
  }
  return byte(idx[0]) | (byte(idx[1]) << 8) | (byte(idx[2]) << 16) | (byte(idx[3]) << 24);
}

uint64_t Bfe(ScalarType t, uint64_t a, uint32_t pos, uint32_t len) {
  const int w = BitWidth(t) == 64 ? 64 : 32;
  const uint64_t m = WidthMask(w);
  a &= m;
  pos &= 0xFF;
  len &= 0xFF;
  bool sbit = false;
  if (IsSignedInt(t) && len != 0) {
    const uint32_t top = pos + len - 1 < static_cast<uint32_t>(w - 1) ? pos + len - 1 : w - 1;
    sbit = (a >> top) & 1;
  }
  uint64_t field = 0;
  int n = 0;  // the bits taken from a
  if (pos < static_cast<uint32_t>(w)) {
    n = static_cast<int>(len < w - pos ? len : w - pos);
    field = (a >> pos) & WidthMask(n);
  }
  return (field | (sbit ? ~WidthMask(n) : 0)) & m;
}

uint64_t Bfi(ScalarType t, uint64_t a, uint64_t b, uint32_t pos, uint32_t len) {
  const int w = BitWidth(t) == 64 ? 64 : 32;
  const uint64_t m = WidthMask(w);
  pos &= 0xFF;
  len &= 0xFF;
  if (pos >= static_cast<uint32_t>(w) || len == 0) return b & m;
  const int n = static_cast<int>(len < w - pos ? len : w - pos);
  const uint64_t field = WidthMask(n) << pos;
  return ((b & ~field) | ((a << pos) & field)) & m;
}

uint32_t Bfind(ScalarType t, uint64_t a, bool shiftamt) {
  const int w = BitWidth(t) == 64 ? 64 : 32;
  uint64_t x = a & WidthMask(w);
  if (IsSignedInt(t) && ((x >> (w - 1)) & 1)) x = ~x & WidthMask(w);
  if (x == 0) return 0xFFFFFFFFu;
  const uint32_t pos = 63 - std::countl_zero(x);
  return shiftamt ? static_cast<uint32_t>(w - 1) - pos : pos;
}

uint32_t Fns(uint32_t mask, uint32_t base, int32_t offset) {
  if (base > 31) return 0xFFFFFFFFu;
  if (offset == 0) return ((mask >> base) & 1) ? base : 0xFFFFFFFFu;
  // The candidates: bits at or above base (offset > 0) or at or below it (offset < 0).
  uint32_t m = offset > 0 ? mask & (0xFFFFFFFFu << base)
                          : mask & static_cast<uint32_t>(WidthMask(static_cast<int>(base) + 1));
  const uint32_t k = offset > 0 ? static_cast<uint32_t>(offset)
                                : static_cast<uint32_t>(-static_cast<int64_t>(offset));
  if (static_cast<uint32_t>(std::popcount(m)) < k) return 0xFFFFFFFFu;
  if (offset > 0) {
    for (uint32_t i = 1; i < k; ++i) m &= m - 1;  // drop the lowest set bit
    return std::countr_zero(m);
  }
  for (uint32_t i = 1; i < k; ++i) m &= ~(0x80000000u >> std::countl_zero(m));
  return 31 - std::countl_zero(m);
}

}  // namespace cudashim::simt
