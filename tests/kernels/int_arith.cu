// Integer arithmetic: add/sub/mul/mad (32 and 64 bit, wrapping), min/max/abs, shifts,
// 24-bit multiplies, averages (__hadd, __rhadd, ...), saturating add/sub, 8/16-bit types.
// Exact: every result must equal the host reference bit for bit.
#include "kcheck.h"

using kc::Dev;

// Signed overflow is undefined in C++, so wrapping arithmetic is written on unsigned values.
__host__ __device__ inline void arith32(int a, int b, int c, unsigned* o) {
  unsigned ua = a, ub = b, uc = c;
  int s = b & 31;
  o[0] = ua + ub;
  o[1] = ua - ub;
  o[2] = ua * ub;
  o[3] = ua * ub + uc;
  o[4] = 0u - ua;
  o[5] = (unsigned)min(a, b);
  o[6] = (unsigned)max(a, b);
  o[7] = min(ua, ub);
  o[8] = max(ua, ub);
  o[9] = a == INT_MIN ? 0u : (unsigned)abs(a);
  o[10] = (unsigned)(a >> s);  // arithmetic shift
  o[11] = ua >> s;
  o[12] = ua << s;
  o[13] = ~ua ^ (ua | ub) ^ (ua & uc);
}
constexpr int kArith32Out = 14;

__global__ void k_arith32(const int* a, const int* b, const int* c, unsigned* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) arith32(a[i], b[i], c[i], out + i * kArith32Out);
}

__host__ __device__ inline void arith64(long long a, long long b, long long c,
                                        unsigned long long* o) {
  unsigned long long ua = a, ub = b, uc = c;
  int s = (int)(b & 63);
  o[0] = ua + ub;
  o[1] = ua - ub;
  o[2] = ua * ub;
  o[3] = ua * ub + uc;
  o[4] = (unsigned long long)(a < b ? a : b);
  o[5] = (unsigned long long)(a > b ? a : b);
  o[6] = ua < ub ? ua : ub;
  o[7] = (unsigned long long)(a >> s);
  o[8] = ua >> s;
  o[9] = ua << s;
  o[10] = a == LLONG_MIN ? 0ull : (unsigned long long)(a < 0 ? -a : a);
  o[11] = (unsigned long long)(long long)(int)a * (unsigned long long)(long long)(int)b;  // mul.wide.s32
  o[12] = (unsigned long long)(unsigned)a * (unsigned)b;                                  // mul.wide.u32
}
constexpr int kArith64Out = 13;

__global__ void k_arith64(const long long* a, const long long* b, const long long* c,
                          unsigned long long* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) arith64(a[i], b[i], c[i], out + i * kArith64Out);
}

// __mul24/__umul24: the product of the low 24 bits (sign-extended for __mul24), low 32 bits.
__global__ void k_mul24(const int* a, const int* b, int* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[2 * i] = __mul24(a[i], b[i]);
  out[2 * i + 1] = (int)__umul24((unsigned)a[i], (unsigned)b[i]);
}
static int mul24_ref(int a, int b) {
  long long x = (long long)((a << 8) >> 8), y = (long long)((b << 8) >> 8);
  return (int)(unsigned)(unsigned long long)(x * y);
}
static int umul24_ref(int a, int b) {
  unsigned long long x = (unsigned)a & 0xffffff, y = (unsigned)b & 0xffffff;
  return (int)(unsigned)(x * y);
}

// Averages without overflow: __hadd = floor((a+b)/2), __rhadd = floor((a+b+1)/2).
__global__ void k_average(const int* a, const int* b, int* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[4 * i] = __hadd(a[i], b[i]);
  out[4 * i + 1] = __rhadd(a[i], b[i]);
  out[4 * i + 2] = (int)__uhadd((unsigned)a[i], (unsigned)b[i]);
  out[4 * i + 3] = (int)__urhadd((unsigned)a[i], (unsigned)b[i]);
}
static long long floordiv2(long long x) { return x >= 0 ? x / 2 : -((-x + 1) / 2); }

// add.sat.s32 / sub.sat.s32 clamp to [INT_MIN, INT_MAX].
__global__ void k_saturate(const int* a, const int* b, int* out, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  int s, d;
  asm("add.sat.s32 %0, %1, %2;" : "=r"(s) : "r"(a[i]), "r"(b[i]));
  asm("sub.sat.s32 %0, %1, %2;" : "=r"(d) : "r"(a[i]), "r"(b[i]));
  out[2 * i] = s;
  out[2 * i + 1] = d;
}
static int clamp32(long long v) {
  return (int)(v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v);
}

// 8- and 16-bit values: loads sign/zero-extend, arithmetic truncates on store.
struct Small {
  signed char sc;
  unsigned char uc;
  short ss;
  unsigned short us;
};
__global__ void k_small_types(const Small* in, Small* out, int* widened, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i >= n) return;
  Small x = in[i], y = in[(i + 1) % n];
  Small r;
  r.sc = (signed char)(x.sc + y.sc);
  r.uc = (unsigned char)(x.uc * y.uc);
  r.ss = (short)(x.ss - y.ss * 3);
  r.us = (unsigned short)(x.us * y.us + 7);
  out[i] = r;
  widened[4 * i] = x.sc;
  widened[4 * i + 1] = x.uc;
  widened[4 * i + 2] = x.ss >> 3;
  widened[4 * i + 3] = x.us / 3;
}

int main() {
  kc::Rng rng(1);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    // Mix of small values and full-range bit patterns.
    auto gen = [&] { return (rng.u32() & 1) ? rng.i32() : rng.range(-70, 70); };
    auto a = kc::make<int>(n, gen), b = kc::make<int>(n, gen), c = kc::make<int>(n, gen);
    if (n > 3) a[0] = INT_MIN, b[1] = INT_MIN, a[2] = INT_MAX;
    unsigned bl = kc::blocks_for(n);
    {
      Dev<int> da(a), db(b), dc(c);
      Dev<unsigned> dout(n * kArith32Out);
      k_arith32<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_arith32" + sz);
      std::vector<unsigned> want(n * kArith32Out);
      for (size_t i = 0; i < n; ++i) arith32(a[i], b[i], c[i], &want[i * kArith32Out]);
      kc::compare("k_arith32" + sz, want, dout.get());
    }
    {
      std::vector<long long> a64(n), b64(n), c64(n);
      for (size_t i = 0; i < n; ++i) {
        a64[i] = (long long)rng.u64() >> (rng.u32() % 40);
        b64[i] = (long long)rng.u64() >> (rng.u32() % 40);
        c64[i] = (long long)rng.u64();
      }
      if (n > 3) a64[0] = LLONG_MIN, b64[1] = LLONG_MAX;
      Dev<long long> da(a64), db(b64), dc(c64);
      Dev<unsigned long long> dout(n * kArith64Out);
      k_arith64<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_arith64" + sz);
      std::vector<unsigned long long> want(n * kArith64Out);
      for (size_t i = 0; i < n; ++i) arith64(a64[i], b64[i], c64[i], &want[i * kArith64Out]);
      kc::compare("k_arith64" + sz, want, dout.get());
    }
    {
      Dev<int> da(a), db(b), dout(2 * n);
      k_mul24<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_mul24" + sz);
      std::vector<int> want(2 * n);
      for (size_t i = 0; i < n; ++i) {
        want[2 * i] = mul24_ref(a[i], b[i]);
        want[2 * i + 1] = umul24_ref(a[i], b[i]);
      }
      kc::compare("k_mul24" + sz, want, dout.get());
    }
    {
      Dev<int> da(a), db(b), dout(4 * n);
      k_average<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_average" + sz);
      std::vector<int> want(4 * n);
      for (size_t i = 0; i < n; ++i) {
        long long s = (long long)a[i] + b[i];
        unsigned long long us = (unsigned long long)(unsigned)a[i] + (unsigned)b[i];
        want[4 * i] = (int)floordiv2(s);
        want[4 * i + 1] = (int)floordiv2(s + 1);
        want[4 * i + 2] = (int)(unsigned)(us >> 1);
        want[4 * i + 3] = (int)(unsigned)((us + 1) >> 1);
      }
      kc::compare("k_average" + sz, want, dout.get());
    }
    {
      Dev<int> da(a), db(b), dout(2 * n);
      k_saturate<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_saturate" + sz);
      std::vector<int> want(2 * n);
      for (size_t i = 0; i < n; ++i) {
        want[2 * i] = clamp32((long long)a[i] + b[i]);
        want[2 * i + 1] = clamp32((long long)a[i] - b[i]);
      }
      kc::compare("k_saturate" + sz, want, dout.get());
    }
    {
      std::vector<Small> in(n);
      for (auto& s : in) {
        uint64_t r = rng.u64();
        s.sc = (signed char)r;
        s.uc = (unsigned char)(r >> 8);
        s.ss = (short)(r >> 16);
        s.us = (unsigned short)(r >> 32);
      }
      Dev<Small> din(in), dout(n);
      Dev<int> dw(4 * n);
      k_small_types<<<bl, 256>>>(din, dout, dw, n);
      kc::launched("k_small_types" + sz);
      std::vector<int> want_w(4 * n), got_packed, want_packed;
      auto out = dout.get();
      for (size_t i = 0; i < n; ++i) {
        Small x = in[i], y = in[(i + 1) % n];
        want_packed.push_back((signed char)(x.sc + y.sc));
        want_packed.push_back((unsigned char)(x.uc * y.uc));
        want_packed.push_back((short)(x.ss - y.ss * 3));
        want_packed.push_back((unsigned short)(x.us * y.us + 7));
        got_packed.push_back(out[i].sc);
        got_packed.push_back(out[i].uc);
        got_packed.push_back(out[i].ss);
        got_packed.push_back(out[i].us);
        want_w[4 * i] = x.sc;
        want_w[4 * i + 1] = x.uc;
        want_w[4 * i + 2] = x.ss >> 3;
        want_w[4 * i + 3] = x.us / 3;
      }
      kc::compare("k_small_types results" + sz, want_packed, got_packed);
      kc::compare("k_small_types widened loads" + sz, want_w, dw.get());
    }
  }
  return chk::finish();
}
