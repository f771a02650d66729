// Bit manipulation: popc, clz, ffs, brev, prmt (__byte_perm and every prmt mode), funnel shifts
// (shf), bfe/bfi/bfind, __sad/__usad, __dp4a/__dp2a. Exact. Host references follow the PTX ISA
// pseudo-code for each instruction.
#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

__global__ void k_count_bits(const unsigned* a, const unsigned long long* b, int* out, size_t n) {
  TID();
  int* o = out + 6 * i;
  o[0] = __popc(a[i]);
  o[1] = __clz((int)a[i]);
  o[2] = __ffs((int)a[i]);
  o[3] = __popcll(b[i]);
  o[4] = __clzll((long long)b[i]);
  o[5] = __ffsll((long long)b[i]);
}

__global__ void k_brev(const unsigned* a, const unsigned long long* b, unsigned long long* out,
                       size_t n) {
  TID();
  out[2 * i] = __brev(a[i]);
  out[2 * i + 1] = __brevll(b[i]);
}

// prmt in the default mode (4-bit selectors: bit 3 replicates the sign of the byte) and the
// f4e/b4e/rc8/ecl/ecr/rc16 modes; __byte_perm with 3-bit selectors.
__global__ void k_prmt(const unsigned* a, const unsigned* b, const unsigned* s, unsigned* out,
                       size_t n) {
  TID();
  unsigned x = a[i], y = b[i], c = s[i], r[8];
  asm("prmt.b32 %0, %1, %2, %3;" : "=r"(r[0]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.f4e %0, %1, %2, %3;" : "=r"(r[1]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.b4e %0, %1, %2, %3;" : "=r"(r[2]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.rc8 %0, %1, %2, %3;" : "=r"(r[3]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.ecl %0, %1, %2, %3;" : "=r"(r[4]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.ecr %0, %1, %2, %3;" : "=r"(r[5]) : "r"(x), "r"(y), "r"(c));
  asm("prmt.b32.rc16 %0, %1, %2, %3;" : "=r"(r[6]) : "r"(x), "r"(y), "r"(c));
  r[7] = __byte_perm(x, y, c & 0x7777);
  for (int k = 0; k < 8; ++k) out[8 * i + k] = r[k];
}
static unsigned prmt_ref(unsigned a, unsigned b, unsigned c, int mode) {
  unsigned char bytes[8];
  for (int k = 0; k < 4; ++k) bytes[k] = (unsigned char)(a >> (8 * k));
  for (int k = 0; k < 4; ++k) bytes[4 + k] = (unsigned char)(b >> (8 * k));
  int sel[4];
  if (mode == 0) {
    unsigned r = 0;
    for (int k = 0; k < 4; ++k) {
      unsigned nib = (c >> (4 * k)) & 0xf;
      unsigned char v = bytes[nib & 7];
      if (nib & 8) v = (v & 0x80) ? 0xff : 0x00;
      r |= (unsigned)v << (8 * k);
    }
    return r;
  }
  int m = c & 3;
  switch (mode) {
    case 1:  // f4e: bytes m..m+3 (mod 8)
      for (int k = 0; k < 4; ++k) sel[k] = (m + k) & 7;
      break;
    case 2:  // b4e: bytes m-1, m-2, ... going backwards
      for (int k = 0; k < 4; ++k) sel[k] = (m - k + 8) & 7;
      break;
    case 3:  // rc8: replicate byte m
      for (int k = 0; k < 4; ++k) sel[k] = m;
      break;
    case 4:  // ecl: edge clamp left
      for (int k = 0; k < 4; ++k) sel[k] = k > m ? k : m;
      break;
    case 5:  // ecr: edge clamp right
      for (int k = 0; k < 4; ++k) sel[k] = k < m ? k : m;
      break;
    default:  // rc16: replicate half-word c[0]
      for (int k = 0; k < 4; ++k) sel[k] = 2 * (c & 1) + (k & 1);
      break;
  }
  unsigned r = 0;
  for (int k = 0; k < 4; ++k) r |= (unsigned)bytes[sel[k]] << (8 * k);
  return r;
}

// Funnel shifts: wrap (shift mod 32) and clamp (shift min 32) forms, left and right.
__global__ void k_funnel(const unsigned* lo, const unsigned* hi, const unsigned* s, unsigned* out,
                         size_t n) {
  TID();
  out[4 * i] = __funnelshift_l(lo[i], hi[i], s[i]);
  out[4 * i + 1] = __funnelshift_lc(lo[i], hi[i], s[i]);
  out[4 * i + 2] = __funnelshift_r(lo[i], hi[i], s[i]);
  out[4 * i + 3] = __funnelshift_rc(lo[i], hi[i], s[i]);
}
static void funnel_ref(unsigned lo, unsigned hi, unsigned s, unsigned* o) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  unsigned w = s & 31, c = s < 32 ? s : 32;
  o[0] = (unsigned)((v << w) >> 32);
  o[1] = (unsigned)((v << c) >> 32);
  o[2] = (unsigned)(v >> w);
  o[3] = (unsigned)(v >> c);
}

// bfe (u32, s32, u64), bfi (b32), bfind (u32, s32, shiftamt).
__global__ void k_bitfield(const unsigned* a, const unsigned* b, const unsigned* pos,
                           const unsigned* len, unsigned long long* out, size_t n) {
  TID();
  unsigned x = a[i], y = b[i], p = pos[i], l = len[i];
  unsigned r0, r1, r2, r3, r4, r5;
  unsigned long long r6, x64 = ((unsigned long long)y << 32) | x;
  asm("bfe.u32 %0, %1, %2, %3;" : "=r"(r0) : "r"(x), "r"(p), "r"(l));
  asm("bfe.s32 %0, %1, %2, %3;" : "=r"(r1) : "r"(x), "r"(p), "r"(l));
  asm("bfi.b32 %0, %1, %2, %3, %4;" : "=r"(r2) : "r"(x), "r"(y), "r"(p), "r"(l));
  asm("bfind.u32 %0, %1;" : "=r"(r3) : "r"(x));
  asm("bfind.s32 %0, %1;" : "=r"(r4) : "r"(x));
  asm("bfind.shiftamt.u32 %0, %1;" : "=r"(r5) : "r"(x));
  // PTX defines pos/len modulo 256 for every type, but NVIDIA's bfe.u64 (observed on an H100)
  // treats values >= 256 as large instead: the 64-bit form is checked within 0..255 only.
  asm("bfe.u64 %0, %1, %2, %3;" : "=l"(r6) : "l"(x64), "r"(p & 0xff), "r"(l & 0xff));
  unsigned long long* o = out + 7 * i;
  o[0] = r0; o[1] = r1; o[2] = r2; o[3] = r3; o[4] = r4; o[5] = r5; o[6] = r6;
}
static unsigned long long bfe_ref(unsigned long long a, unsigned pos, unsigned len, int bits,
                                  bool is_signed) {
  int msb = bits - 1;
  pos &= 0xff;
  len &= 0xff;
  int sbit = 0;
  if (is_signed && len != 0) {
    unsigned top = pos + len - 1 < (unsigned)msb ? pos + len - 1 : msb;
    sbit = (a >> top) & 1;
  }
  unsigned long long d = 0;
  for (int k = 0; k <= msb; ++k) {
    int bit = ((unsigned)k < len && pos + k <= (unsigned)msb) ? (a >> (pos + k)) & 1 : sbit;
    d |= (unsigned long long)bit << k;
  }
  return d;
}
static unsigned bfi_ref(unsigned a, unsigned b, unsigned pos, unsigned len) {
  pos &= 0xff;
  len &= 0xff;
  unsigned f = b;
  for (unsigned k = 0; k < len && pos + k <= 31; ++k) {
    f = (f & ~(1u << (pos + k))) | (((a >> k) & 1) << (pos + k));
  }
  return f;
}
static unsigned bfind_ref(unsigned a, bool is_signed, bool shiftamt) {
  if (is_signed && (a & 0x80000000u)) a = ~a;
  for (int k = 31; k >= 0; --k) {
    if (a & (1u << k)) return shiftamt ? 31 - k : k;
  }
  return 0xffffffffu;
}

// Sum of absolute differences and dot products of packed bytes/halfwords.
__global__ void k_sad_dp(const int* a, const int* b, const int* c, int* out, size_t n) {
  TID();
  out[5 * i] = (int)__sad(a[i], b[i], (unsigned)c[i]);
  out[5 * i + 1] = (int)__usad((unsigned)a[i], (unsigned)b[i], (unsigned)c[i]);
  out[5 * i + 2] = __dp4a(a[i], b[i], c[i]);
  out[5 * i + 3] = (int)__dp4a((unsigned)a[i], (unsigned)b[i], (unsigned)c[i]);
  out[5 * i + 4] = __dp2a_lo(a[i], b[i], c[i]);
}

int main() {
  kc::Rng rng(2);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    // Sparse and dense bit patterns, zero and all-ones included.
    auto gen = [&]() -> unsigned {
      switch (rng.u32() % 5) {
        case 0: return 0u;
        case 1: return 1u << (rng.u32() % 32);
        case 2: return rng.u32() >> (rng.u32() % 32);
        case 3: return ~0u;
        default: return rng.u32();
      }
    };
    auto a = kc::make<unsigned>(n, gen), b = kc::make<unsigned>(n, gen);
    {
      std::vector<unsigned long long> b64(n);
      for (size_t i = 0; i < n; ++i) b64[i] = ((unsigned long long)gen() << 32) | gen();
      Dev<unsigned> da(a);
      Dev<unsigned long long> db(b64);
      Dev<int> dout(6 * n);
      k_count_bits<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_count_bits" + sz);
      std::vector<int> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        want[6 * i] = __builtin_popcount(a[i]);
        want[6 * i + 1] = a[i] ? __builtin_clz(a[i]) : 32;
        want[6 * i + 2] = __builtin_ffs((int)a[i]);
        want[6 * i + 3] = __builtin_popcountll(b64[i]);
        want[6 * i + 4] = b64[i] ? __builtin_clzll(b64[i]) : 64;
        want[6 * i + 5] = __builtin_ffsll((long long)b64[i]);
      }
      kc::compare("k_count_bits" + sz, want, dout.get());

      Dev<unsigned long long> dbr(2 * n);
      k_brev<<<bl, 256>>>(da, db, dbr, n);
      kc::launched("k_brev" + sz);
      std::vector<unsigned long long> wb(2 * n);
      for (size_t i = 0; i < n; ++i) {
        unsigned r = 0;
        unsigned long long r64 = 0;
        for (int k = 0; k < 32; ++k) r |= ((a[i] >> k) & 1u) << (31 - k);
        for (int k = 0; k < 64; ++k) r64 |= ((b64[i] >> k) & 1ull) << (63 - k);
        wb[2 * i] = r;
        wb[2 * i + 1] = r64;
      }
      kc::compare("k_brev" + sz, wb, dbr.get());
    }
    {
      auto s = kc::make<unsigned>(n, [&] { return rng.u32(); });
      Dev<unsigned> da(a), db(b), ds(s), dout(8 * n);
      k_prmt<<<bl, 256>>>(da, db, ds, dout, n);
      kc::launched("k_prmt" + sz);
      std::vector<unsigned> want(8 * n);
      for (size_t i = 0; i < n; ++i) {
        for (int m = 0; m < 7; ++m) want[8 * i + m] = prmt_ref(a[i], b[i], s[i], m);
        want[8 * i + 7] = prmt_ref(a[i], b[i], s[i] & 0x7777, 0);
      }
      auto got = dout.get();
      static const char* modes[] = {"default", "f4e", "b4e", "rc8", "ecl", "ecr", "rc16",
                                    "__byte_perm"};
      for (int m = 0; m < 8; ++m) {
        std::vector<unsigned> w, g;
        for (size_t i = 0; i < n; ++i) w.push_back(want[8 * i + m]), g.push_back(got[8 * i + m]);
        kc::compare(std::string("k_prmt ") + modes[m] + sz, w, g, [&](size_t i) {
          char t[64];
          std::snprintf(t, sizeof t, "a=%08x b=%08x c=%08x", a[i], b[i], s[i]);
          return std::string(t);
        });
      }
    }
    {
      auto s = kc::make<unsigned>(n, [&] { return rng.u32() % 80; });
      Dev<unsigned> da(a), db(b), ds(s), dout(4 * n);
      k_funnel<<<bl, 256>>>(da, db, ds, dout, n);
      kc::launched("k_funnel" + sz);
      std::vector<unsigned> want(4 * n);
      for (size_t i = 0; i < n; ++i) funnel_ref(a[i], b[i], s[i], &want[4 * i]);
      kc::compare("k_funnel" + sz, want, dout.get());
    }
    {
      // Positions and lengths beyond the word size are part of the contract (clamped / 8-bit).
      auto pos = kc::make<unsigned>(n, [&] { return rng.u32() % 4 ? rng.u32() % 40 : rng.u32(); });
      auto len = kc::make<unsigned>(n, [&] { return rng.u32() % 4 ? rng.u32() % 40 : rng.u32(); });
      Dev<unsigned> da(a), db(b), dp(pos), dl(len);
      Dev<unsigned long long> dout(7 * n);
      k_bitfield<<<bl, 256>>>(da, db, dp, dl, dout, n);
      kc::launched("k_bitfield" + sz);
      std::vector<unsigned long long> want(7 * n);
      for (size_t i = 0; i < n; ++i) {
        unsigned long long* o = &want[7 * i];
        o[0] = bfe_ref(a[i], pos[i], len[i], 32, false);
        o[1] = (unsigned)bfe_ref(a[i], pos[i], len[i], 32, true);
        o[2] = bfi_ref(a[i], b[i], pos[i], len[i]);
        o[3] = bfind_ref(a[i], false, false);
        o[4] = bfind_ref(a[i], true, false);
        o[5] = bfind_ref(a[i], false, true);
        o[6] = bfe_ref(((unsigned long long)b[i] << 32) | a[i], pos[i], len[i], 64, false);
      }
      kc::compare("k_bitfield (bfe.u32 bfe.s32 bfi bfind bfind.s32 bfind.shiftamt bfe.u64)" + sz,
                  want, dout.get(), [&](size_t i) {
                    char t[96];
                    std::snprintf(t, sizeof t, "out %zu of a=%08x b=%08x pos=%u len=%u", i % 7,
                                  a[i / 7], b[i / 7], pos[i / 7], len[i / 7]);
                    return std::string(t);
                  });
    }
    {
      auto c = kc::make<int>(n, [&] { return rng.i32(); });
      Dev<int> da(std::vector<int>(a.begin(), a.end())), db(std::vector<int>(b.begin(), b.end()));
      Dev<int> dc(c), dout(5 * n);
      k_sad_dp<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_sad_dp" + sz);
      std::vector<int> want(5 * n);
      for (size_t i = 0; i < n; ++i) {
        int x = (int)a[i], y = (int)b[i];
        long long d = (long long)x - y;
        want[5 * i] = (int)(unsigned)((unsigned)(d < 0 ? -d : d) + (unsigned)c[i]);
        unsigned ud = a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
        want[5 * i + 1] = (int)(ud + (unsigned)c[i]);
        unsigned s4 = (unsigned)c[i], u4 = (unsigned)c[i], s2 = (unsigned)c[i];
        for (int k = 0; k < 4; ++k) {
          int xb = (signed char)(x >> (8 * k)), yb = (signed char)(y >> (8 * k));
          s4 += (unsigned)(xb * yb);
          u4 += ((a[i] >> (8 * k)) & 0xff) * ((b[i] >> (8 * k)) & 0xff);
        }
        // __dp2a_lo: two signed 16-bit halves of a times the low two signed bytes of b.
        for (int k = 0; k < 2; ++k) {
          int xh = (short)(x >> (16 * k)), yb = (signed char)(y >> (8 * k));
          s2 += (unsigned)(xh * yb);
        }
        want[5 * i + 2] = (int)s4;
        want[5 * i + 3] = (int)u4;
        want[5 * i + 4] = (int)s2;
      }
      kc::compare("k_sad_dp (__sad __usad __dp4a s/u __dp2a_lo)" + sz, want, dout.get());
    }
  }
  return chk::finish();
}
