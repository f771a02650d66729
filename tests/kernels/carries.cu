// Carry chains and wide multiplies: 128-bit add/sub through add.cc/addc/sub.cc/subc (32- and
// 64-bit limbs), 64x64->128 multiplication through mad.lo.cc/madc.hi, mul.hi and mul.wide,
// __umulhi/__mulhi/__umul64hi/__mul64hi. Exact; the host uses unsigned __int128.
#include "kcheck.h"

using kc::Dev;
typedef unsigned __int128 u128;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

// 128-bit values as four 32-bit limbs, least significant first.
struct U128 {
  unsigned w[4];
};
static u128 to128(const U128& x) {
  return ((u128)x.w[3] << 96) | ((u128)x.w[2] << 64) | ((u128)x.w[1] << 32) | x.w[0];
}

// a + b and a - b on 32-bit limbs; the last carry/borrow out is returned in a fifth word.
__global__ void k_add_sub_128_cc32(const U128* a, const U128* b, U128* sum, U128* diff,
                                   unsigned* flags, size_t n) {
  TID();
  U128 x = a[i], y = b[i], s, d;
  unsigned cout, bout;
  asm("add.cc.u32 %0, %5, %9;\n\t"
      "addc.cc.u32 %1, %6, %10;\n\t"
      "addc.cc.u32 %2, %7, %11;\n\t"
      "addc.cc.u32 %3, %8, %12;\n\t"
      "addc.u32 %4, 0, 0;"
      : "=r"(s.w[0]), "=r"(s.w[1]), "=r"(s.w[2]), "=r"(s.w[3]), "=r"(cout)
      : "r"(x.w[0]), "r"(x.w[1]), "r"(x.w[2]), "r"(x.w[3]), "r"(y.w[0]), "r"(y.w[1]),
        "r"(y.w[2]), "r"(y.w[3]));
  asm("sub.cc.u32 %0, %5, %9;\n\t"
      "subc.cc.u32 %1, %6, %10;\n\t"
      "subc.cc.u32 %2, %7, %11;\n\t"
      "subc.cc.u32 %3, %8, %12;\n\t"
      "subc.u32 %4, 0, 0;"
      : "=r"(d.w[0]), "=r"(d.w[1]), "=r"(d.w[2]), "=r"(d.w[3]), "=r"(bout)
      : "r"(x.w[0]), "r"(x.w[1]), "r"(x.w[2]), "r"(x.w[3]), "r"(y.w[0]), "r"(y.w[1]),
        "r"(y.w[2]), "r"(y.w[3]));
  sum[i] = s;
  diff[i] = d;
  flags[2 * i] = cout;
  flags[2 * i + 1] = bout;  // 0 - 0 - borrow: 0xffffffff when a < b
}

// The same with 64-bit limbs (add.cc.u64 / addc.u64, sub.cc.u64 / subc.u64).
__global__ void k_add_sub_128_cc64(const U128* a, const U128* b, U128* sum, U128* diff,
                                   size_t n) {
  TID();
  unsigned long long xl = ((unsigned long long)a[i].w[1] << 32) | a[i].w[0];
  unsigned long long xh = ((unsigned long long)a[i].w[3] << 32) | a[i].w[2];
  unsigned long long yl = ((unsigned long long)b[i].w[1] << 32) | b[i].w[0];
  unsigned long long yh = ((unsigned long long)b[i].w[3] << 32) | b[i].w[2];
  unsigned long long sl, sh, dl, dh;
  asm("add.cc.u64 %0, %2, %4;\n\taddc.u64 %1, %3, %5;"
      : "=l"(sl), "=l"(sh) : "l"(xl), "l"(xh), "l"(yl), "l"(yh));
  asm("sub.cc.u64 %0, %2, %4;\n\tsubc.u64 %1, %3, %5;"
      : "=l"(dl), "=l"(dh) : "l"(xl), "l"(xh), "l"(yl), "l"(yh));
  sum[i] = U128{{(unsigned)sl, (unsigned)(sl >> 32), (unsigned)sh, (unsigned)(sh >> 32)}};
  diff[i] = U128{{(unsigned)dl, (unsigned)(dl >> 32), (unsigned)dh, (unsigned)(dh >> 32)}};
}

// 64x64 -> 128 schoolbook multiplication on 32-bit limbs with mad.lo.cc / madc.hi.cc chains.
__global__ void k_mul_64x64_madc(const unsigned long long* a, const unsigned long long* b,
                                 U128* out, size_t n) {
  TID();
  unsigned a0 = (unsigned)a[i], a1 = (unsigned)(a[i] >> 32);
  unsigned b0 = (unsigned)b[i], b1 = (unsigned)(b[i] >> 32);
  unsigned r0, r1, r2, r3;
  asm("{\n\t"
      ".reg .u32 t1, t2, t3;\n\t"
      "mul.lo.u32 %0, %4, %6;\n\t"
      "mul.hi.u32 t1, %4, %6;\n\t"
      "mad.lo.cc.u32 t1, %5, %6, t1;\n\t"
      "madc.hi.u32 t2, %5, %6, 0;\n\t"
      "mad.lo.cc.u32 %1, %4, %7, t1;\n\t"
      "madc.hi.cc.u32 t2, %4, %7, t2;\n\t"
      "addc.u32 t3, 0, 0;\n\t"
      "mad.lo.cc.u32 %2, %5, %7, t2;\n\t"
      "madc.hi.u32 %3, %5, %7, t3;\n\t"
      "}"
      : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3)
      : "r"(a0), "r"(a1), "r"(b0), "r"(b1));
  out[i] = U128{{r0, r1, r2, r3}};
}

// High halves and wide products through the intrinsics.
__global__ void k_mul_hi_wide(const long long* a, const long long* b, unsigned long long* out,
                              size_t n) {
  TID();
  int x = (int)a[i], y = (int)b[i];
  unsigned long long* o = out + 6 * i;
  o[0] = (unsigned)__mulhi(x, y);
  o[1] = __umulhi((unsigned)x, (unsigned)y);
  o[2] = (unsigned long long)__mul64hi(a[i], b[i]);
  o[3] = __umul64hi((unsigned long long)a[i], (unsigned long long)b[i]);
  o[4] = (unsigned long long)((long long)x * (long long)y);               // mul.wide.s32
  o[5] = (unsigned long long)(unsigned)x * (unsigned long long)(unsigned)y;  // mul.wide.u32
}

// A 256-bit accumulator: sums of 128-bit products carried through four 64-bit limbs.
__global__ void k_mac_256(const unsigned long long* a, const unsigned long long* b,
                          unsigned long long* out, size_t n, int terms) {
  TID();
  unsigned long long r0 = 0, r1 = 0, r2 = 0;
  for (int t = 0; t < terms; ++t) {
    unsigned long long x = a[(i + t) % n], y = b[(i * 7 + t) % n];
    unsigned long long lo = x * y, hi = __umul64hi(x, y);
    asm("add.cc.u64 %0, %0, %3;\n\taddc.cc.u64 %1, %1, %4;\n\taddc.u64 %2, %2, 0;"
        : "+l"(r0), "+l"(r1), "+l"(r2) : "l"(lo), "l"(hi));
  }
  out[3 * i] = r0;
  out[3 * i + 1] = r1;
  out[3 * i + 2] = r2;
}

int main() {
  kc::Rng rng(4);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto limb = [&]() -> unsigned {
      switch (rng.u32() % 4) {
        case 0: return 0xffffffffu;
        case 1: return 0u;
        default: return rng.u32();
      }
    };
    std::vector<U128> a(n), b(n);
    for (size_t i = 0; i < n; ++i)
      for (int k = 0; k < 4; ++k) a[i].w[k] = limb(), b[i].w[k] = limb();
    std::vector<u128> want_sum(n), want_diff(n);
    for (size_t i = 0; i < n; ++i) {
      want_sum[i] = to128(a[i]) + to128(b[i]);
      want_diff[i] = to128(a[i]) - to128(b[i]);
    }
    auto as128 = [](const std::vector<U128>& v) {
      std::vector<u128> r;
      for (auto& x : v) r.push_back(to128(x));
      return r;
    };
    auto eq128 = [](u128 x, u128 y) { return x == y; };
    {
      Dev<U128> da(a), db(b), ds(n), dd(n);
      Dev<unsigned> df(2 * n);
      k_add_sub_128_cc32<<<bl, 256>>>(da, db, ds, dd, df, n);
      kc::launched("k_add_sub_128_cc32" + sz);
      std::vector<unsigned> want_f(2 * n);
      for (size_t i = 0; i < n; ++i) {
        want_f[2 * i] = want_sum[i] < to128(a[i]) ? 1u : 0u;
        want_f[2 * i + 1] = to128(a[i]) < to128(b[i]) ? 0xffffffffu : 0u;
      }
      kc::compare_with("k_add_sub_128_cc32 sum" + sz, want_sum, as128(ds.get()), eq128);
      kc::compare_with("k_add_sub_128_cc32 difference" + sz, want_diff, as128(dd.get()), eq128);
      kc::compare("k_add_sub_128_cc32 carry/borrow out" + sz, want_f, df.get());
    }
    {
      Dev<U128> da(a), db(b), ds(n), dd(n);
      k_add_sub_128_cc64<<<bl, 256>>>(da, db, ds, dd, n);
      kc::launched("k_add_sub_128_cc64" + sz);
      kc::compare_with("k_add_sub_128_cc64 sum" + sz, want_sum, as128(ds.get()), eq128);
      kc::compare_with("k_add_sub_128_cc64 difference" + sz, want_diff, as128(dd.get()), eq128);
    }
    std::vector<unsigned long long> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = ((unsigned long long)limb() << 32) | limb();
      y[i] = ((unsigned long long)limb() << 32) | limb();
    }
    {
      Dev<unsigned long long> dx(x), dy(y);
      Dev<U128> dout(n);
      k_mul_64x64_madc<<<bl, 256>>>(dx, dy, dout, n);
      kc::launched("k_mul_64x64_madc" + sz);
      std::vector<u128> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = (u128)x[i] * y[i];
      kc::compare_with("k_mul_64x64_madc" + sz, want, as128(dout.get()), eq128);
    }
    {
      std::vector<long long> sx(x.begin(), x.end()), sy(y.begin(), y.end());
      Dev<long long> dx(sx), dy(sy);
      Dev<unsigned long long> dout(6 * n);
      k_mul_hi_wide<<<bl, 256>>>(dx, dy, dout, n);
      kc::launched("k_mul_hi_wide" + sz);
      std::vector<unsigned long long> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        int a32 = (int)sx[i], b32 = (int)sy[i];
        want[6 * i] = (unsigned)(((long long)a32 * b32) >> 32);
        want[6 * i + 1] = (unsigned)(((unsigned long long)(unsigned)a32 * (unsigned)b32) >> 32);
        want[6 * i + 2] = (unsigned long long)(long long)(((__int128)sx[i] * sy[i]) >> 64);
        want[6 * i + 3] = (unsigned long long)(((u128)x[i] * y[i]) >> 64);
        want[6 * i + 4] = (unsigned long long)((long long)a32 * b32);
        want[6 * i + 5] = (unsigned long long)(unsigned)a32 * (unsigned)b32;
      }
      kc::compare("k_mul_hi_wide" + sz, want, dout.get());
    }
    if (n <= 100000) {
      const int terms = 16;
      Dev<unsigned long long> dx(x), dy(y), dout(3 * n);
      k_mac_256<<<bl, 256>>>(dx, dy, dout, n, terms);
      kc::launched("k_mac_256" + sz);
      std::vector<unsigned long long> want(3 * n);
      for (size_t i = 0; i < n; ++i) {
        u128 lo = 0;
        unsigned long long top = 0;
        for (int t = 0; t < terms; ++t) {
          u128 p = (u128)x[(i + t) % n] * y[(i * 7 + t) % n];
          u128 s = lo + p;
          top += s < lo;
          lo = s;
        }
        want[3 * i] = (unsigned long long)lo;
        want[3 * i + 1] = (unsigned long long)(lo >> 64);
        want[3 * i + 2] = top;
      }
      kc::compare("k_mac_256" + sz, want, dout.get());
    }
  }
  return chk::finish();
}
