// Integer division and remainder: signed/unsigned, 32/64 bit, divisors known only at run time,
// divisors the compiler turns into multiply-high sequences (constants), and a divisor uniform
// across the grid. C semantics: quotient truncates toward zero, remainder has the dividend's sign.
// Division by zero and INT_MIN / -1 are undefined and never generated. Exact.
#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

__global__ void k_divrem_s32(const int* a, const int* b, int* out, size_t n) {
  TID();
  out[2 * i] = a[i] / b[i];
  out[2 * i + 1] = a[i] % b[i];
}
__global__ void k_divrem_u32(const unsigned* a, const unsigned* b, unsigned* out, size_t n) {
  TID();
  out[2 * i] = a[i] / b[i];
  out[2 * i + 1] = a[i] % b[i];
}
__global__ void k_divrem_s64(const long long* a, const long long* b, long long* out, size_t n) {
  TID();
  out[2 * i] = a[i] / b[i];
  out[2 * i + 1] = a[i] % b[i];
}
__global__ void k_divrem_u64(const unsigned long long* a, const unsigned long long* b,
                             unsigned long long* out, size_t n) {
  TID();
  out[2 * i] = a[i] / b[i];
  out[2 * i + 1] = a[i] % b[i];
}

// Constant divisors: nvcc emits mul.hi + shifts (and fix-ups for signed values).
__host__ __device__ inline void by_constants(int a, unsigned u, long long l, long long* o) {
  o[0] = a / 7;
  o[1] = a % 10;
  o[2] = a / -3;
  o[3] = a / 16;  // signed power of two: rounds toward zero, not down
  o[4] = a % 16;
  o[5] = u / 1000000007u;
  o[6] = u % 641u;
  o[7] = l / 1000;
  o[8] = l % 97;
  o[9] = (long long)((unsigned long long)l / 3ull);
}
__global__ void k_div_by_constants(const int* a, const unsigned* u, const long long* l,
                                   long long* out, size_t n) {
  TID();
  by_constants(a[i], u[i], l[i], out + 10 * i);
}

// One divisor for the whole grid (a kernel parameter), also used by the remainder.
__global__ void k_div_uniform(const int* a, int d, int* out, size_t n) {
  TID();
  int q = a[i] / d;
  out[i] = q * 1000 + (a[i] - q * d);
}

int main() {
  kc::Rng rng(3);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto nonzero32 = [&]() -> int {
      int v;
      do {
        v = (rng.u32() & 1) ? rng.i32() >> (rng.u32() % 31) : rng.range(-40, 40);
      } while (v == 0);
      return v;
    };
    auto a = kc::make<int>(n, [&] { return rng.i32() >> (rng.u32() % 31); });
    auto b = kc::make<int>(n, nonzero32);
    for (size_t i = 0; i < n; ++i)
      if (a[i] == INT_MIN && b[i] == -1) b[i] = 1;
    {
      Dev<int> da(a), db(b), dout(2 * n);
      k_divrem_s32<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_divrem_s32" + sz);
      std::vector<int> want(2 * n);
      for (size_t i = 0; i < n; ++i) want[2 * i] = a[i] / b[i], want[2 * i + 1] = a[i] % b[i];
      kc::compare("k_divrem_s32" + sz, want, dout.get());
    }
    {
      std::vector<unsigned> ua(a.begin(), a.end()), ub(b.begin(), b.end());
      Dev<unsigned> da(ua), db(ub), dout(2 * n);
      k_divrem_u32<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_divrem_u32" + sz);
      std::vector<unsigned> want(2 * n);
      for (size_t i = 0; i < n; ++i) want[2 * i] = ua[i] / ub[i], want[2 * i + 1] = ua[i] % ub[i];
      kc::compare("k_divrem_u32" + sz, want, dout.get());
    }
    std::vector<long long> l(n), m(n);
    for (size_t i = 0; i < n; ++i) {
      l[i] = (long long)rng.u64() >> (rng.u32() % 63);
      do {
        m[i] = (long long)rng.u64() >> (rng.u32() % 64);
      } while (m[i] == 0 || (l[i] == LLONG_MIN && m[i] == -1));
    }
    {
      Dev<long long> da(l), db(m), dout(2 * n);
      k_divrem_s64<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_divrem_s64" + sz);
      std::vector<long long> want(2 * n);
      for (size_t i = 0; i < n; ++i) want[2 * i] = l[i] / m[i], want[2 * i + 1] = l[i] % m[i];
      kc::compare("k_divrem_s64" + sz, want, dout.get());
    }
    {
      std::vector<unsigned long long> ua(l.begin(), l.end()), ub(m.begin(), m.end());
      Dev<unsigned long long> da(ua), db(ub), dout(2 * n);
      k_divrem_u64<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_divrem_u64" + sz);
      std::vector<unsigned long long> want(2 * n);
      for (size_t i = 0; i < n; ++i) want[2 * i] = ua[i] / ub[i], want[2 * i + 1] = ua[i] % ub[i];
      kc::compare("k_divrem_u64" + sz, want, dout.get());
    }
    {
      std::vector<unsigned> u(a.begin(), a.end());
      Dev<int> da(a);
      Dev<unsigned> du(u);
      Dev<long long> dl(l), dout(10 * n);
      k_div_by_constants<<<bl, 256>>>(da, du, dl, dout, n);
      kc::launched("k_div_by_constants" + sz);
      std::vector<long long> want(10 * n);
      for (size_t i = 0; i < n; ++i) by_constants(a[i], u[i], l[i], &want[10 * i]);
      kc::compare("k_div_by_constants" + sz, want, dout.get());
    }
    for (int d : {1, -1, 3, -7, 1 << 20, INT_MAX}) {
      std::vector<int> aa = a;
      if (d == -1)
        for (auto& x : aa)
          if (x == INT_MIN) x = 0;
      Dev<int> da(aa), dout(n);
      k_div_uniform<<<bl, 256>>>(da, d, dout, n);
      std::string name = "k_div_uniform d=" + std::to_string(d) + sz;
      kc::launched(name);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) {
        int q = aa[i] / d;
        want[i] = (int)((unsigned)q * 1000u + (unsigned)(aa[i] - q * d));
      }
      kc::compare(name, want, dout.get());
    }
  }
  return chk::finish();
}
