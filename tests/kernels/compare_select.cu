// Comparisons and selects: setp on signed/unsigned 32/64-bit integers, ordered and unordered float
// comparisons with NaN, classification (isnan/isinf/isfinite/signbit), selp through ?:, and
// predicate logic (and/or/xor/not of comparison results, short-circuit evaluation), and every
// setp comparison form through inline PTX. Exact.
#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

template <class T>
__host__ __device__ unsigned cmp_mask(T a, T b) {
  return (a == b) | (a != b) << 1 | (a < b) << 2 | (a <= b) << 3 | (a > b) << 4 | (a >= b) << 5;
}

__global__ void k_int_compare(const long long* a, const long long* b, unsigned* out, size_t n) {
  TID();
  long long x = a[i], y = b[i];
  out[4 * i] = cmp_mask<int>((int)x, (int)y);
  out[4 * i + 1] = cmp_mask<unsigned>((unsigned)x, (unsigned)y);
  out[4 * i + 2] = cmp_mask<long long>(x, y);
  out[4 * i + 3] = cmp_mask<unsigned long long>((unsigned long long)x, (unsigned long long)y);
}

__host__ __device__ unsigned fcmp_mask(float a, float b) {
  unsigned m = cmp_mask<float>(a, b);
  // Unordered forms: true when either operand is NaN.
  m |= (!(a < b)) << 6 | (!(a >= b)) << 7 | (!(a == b)) << 8 | (a != a || b != b) << 9;
  m |= isnan(a) << 10 | isinf(a) << 11 | isfinite(a) << 12 | (signbit(a) != 0) << 13;
  return m;
}
__global__ void k_float_compare(const float* a, const float* b, const double* c,
                                const double* d, unsigned* out, size_t n) {
  TID();
  out[2 * i] = fcmp_mask(a[i], b[i]);
  double x = c[i], y = d[i];
  out[2 * i + 1] = cmp_mask<double>(x, y) | (!(x < y)) << 6 | (!(x == y)) << 8 |
                   (isnan(x) || isnan(y)) << 9 | (signbit(x) != 0) << 13;
}

// Every setp.f32 comparison as PTX spells it (C reaches only some: `!=` is neu, and ordered ne,
// num and the .ftz forms need inline PTX), bit k for the k-th form below; f64 likewise.
#define CS_SETP(cmp, bit) "setp." cmp " p, %1, %2; selp.u32 t, " #bit ", 0, p; or.b32 %0, %0, t;\n"
#define CS_SETP_FORMS(ty)                                                                          \
  CS_SETP("eq." ty, 1) CS_SETP("ne." ty, 2) CS_SETP("lt." ty, 4) CS_SETP("le." ty, 8)             \
  CS_SETP("gt." ty, 16) CS_SETP("ge." ty, 32) CS_SETP("equ." ty, 64) CS_SETP("neu." ty, 128)      \
  CS_SETP("ltu." ty, 256) CS_SETP("leu." ty, 512) CS_SETP("gtu." ty, 1024)                        \
  CS_SETP("geu." ty, 2048) CS_SETP("num." ty, 4096) CS_SETP("nan." ty, 8192)
__global__ void k_setp_forms(const float* a, const float* b, const double* c, const double* d,
                             unsigned* out, size_t n) {
  TID();
  unsigned m, m_ftz, m64;
  asm("{\n .reg .pred p;\n .reg .u32 t;\n mov.u32 %0, 0;\n" CS_SETP_FORMS("f32") "}"
      : "=r"(m) : "f"(a[i]), "f"(b[i]));
  asm("{\n .reg .pred p;\n .reg .u32 t;\n mov.u32 %0, 0;\n" CS_SETP_FORMS("ftz.f32") "}"
      : "=r"(m_ftz) : "f"(a[i]), "f"(b[i]));
  asm("{\n .reg .pred p;\n .reg .u32 t;\n mov.u32 %0, 0;\n" CS_SETP_FORMS("f64") "}"
      : "=r"(m64) : "d"(c[i]), "d"(d[i]));
  out[3 * i] = m, out[3 * i + 1] = m_ftz, out[3 * i + 2] = m64;
}
// The PTX ISA's definitions: ordered forms are false and unordered ones true when an operand is
// NaN; .ftz compares subnormal f32 inputs as zeros of their sign.
template <class T>
unsigned setp_forms(T x, T y) {
  const bool nan = std::isnan(x) || std::isnan(y);
  const bool rel[6] = {x == y, x != y, x < y, x <= y, x > y, x >= y};
  unsigned m = 0;
  for (int k = 0; k < 6; ++k) m |= unsigned(!nan && rel[k]) << k;        // eq ne lt le gt ge
  for (int k = 0; k < 6; ++k) m |= unsigned(nan || rel[k]) << (6 + k);   // equ neu ltu leu gtu geu
  return m | unsigned(!nan) << 12 | unsigned(nan) << 13;
}
float flush(float x) { return std::fpclassify(x) == FP_SUBNORMAL ? std::copysign(0.0f, x) : x; }

__host__ __device__ int select_chain(int x, int y, float f, float g) {
  // Unsigned: the sums wrap instead of overflowing.
  unsigned r = x > y ? (unsigned)x - (unsigned)y : (unsigned)y - (unsigned)x;
  r += (f < g) ? 7u : 0u - 3u;
  r ^= (x & 1) && (y < 0 || f != f) ? 0x100 : 0;
  r += (x == 0) != (y == 0) ? 1000 : 0;
  float m = f > g ? f : g;  // NaN-sensitive select, not fmaxf
  r += m != m ? 50000u : (m > 0 ? 20000u : 0u);
  return (int)r;
}
__global__ void k_select(const int* a, const int* b, const float* f, const float* g, int* out,
                         size_t n) {
  TID();
  out[i] = select_chain(a[i], b[i], f[i], g[i]);
}

int main() {
  kc::Rng rng(11);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto gen64 = [&]() -> long long {
      switch (rng.u32() % 4) {
        case 0: return rng.range(-3, 3);
        case 1: return (long long)rng.u64();
        case 2: return (long long)rng.i32();
        default: return (long long)(rng.u64() & 0x80000000ffffffffull);
      }
    };
    auto a = kc::make<long long>(n, gen64), b = kc::make<long long>(n, gen64);
    for (size_t i = 0; i < n; i += 4) b[i] = a[i];
    {
      Dev<long long> da(a), db(b);
      Dev<unsigned> dout(4 * n);
      k_int_compare<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_int_compare" + sz);
      std::vector<unsigned> want(4 * n);
      for (size_t i = 0; i < n; ++i) {
        want[4 * i] = cmp_mask<int>((int)a[i], (int)b[i]);
        want[4 * i + 1] = cmp_mask<unsigned>((unsigned)a[i], (unsigned)b[i]);
        want[4 * i + 2] = cmp_mask<long long>(a[i], b[i]);
        want[4 * i + 3] = cmp_mask<unsigned long long>(a[i], b[i]);
      }
      kc::compare("k_int_compare s32 u32 s64 u64" + sz, want, dout.get());
    }
    auto f = kc::make<float>(n, [&] { return rng.any_float(); });
    auto g = kc::make<float>(n, [&] { return rng.any_float(); });
    auto c = kc::make<double>(n, [&] { return rng.any_double(); });
    auto d = kc::make<double>(n, [&] { return rng.any_double(); });
    for (size_t i = 0; i < n; i += 4) g[i] = f[i], d[i] = (i % 8) ? c[i] : -c[i];
    Dev<float> df(f), dg(g);
    Dev<double> dc(c), dd(d);
    {
      Dev<unsigned> dout(2 * n);
      k_float_compare<<<bl, 256>>>(df, dg, dc, dd, dout, n);
      kc::launched("k_float_compare" + sz);
      std::vector<unsigned> want(2 * n);
      for (size_t i = 0; i < n; ++i) {
        want[2 * i] = fcmp_mask(f[i], g[i]);
        double x = c[i], y = d[i];
        want[2 * i + 1] = cmp_mask<double>(x, y) | (!(x < y)) << 6 | (!(x == y)) << 8 |
                          (std::isnan(x) || std::isnan(y)) << 9 | (std::signbit(x) != 0) << 13;
      }
      kc::compare("k_float_compare f32 f64 ordered/unordered/classify" + sz, want, dout.get(),
                  [&](size_t j) {
                    return j % 2 ? "x=" + kc::show(c[j / 2]) + " y=" + kc::show(d[j / 2])
                                 : "x=" + kc::show(f[j / 2]) + " y=" + kc::show(g[j / 2]);
                  });
    }
    {
      Dev<unsigned> dout(3 * n);
      k_setp_forms<<<bl, 256>>>(df, dg, dc, dd, dout, n);
      kc::launched("k_setp_forms" + sz);
      std::vector<unsigned> want(3 * n);
      for (size_t i = 0; i < n; ++i) {
        want[3 * i] = setp_forms(f[i], g[i]);
        want[3 * i + 1] = setp_forms(flush(f[i]), flush(g[i]));
        want[3 * i + 2] = setp_forms(c[i], d[i]);
      }
      kc::compare("k_setp_forms setp.{eq..nan}.{f32,ftz.f32,f64}" + sz, want, dout.get(), [&](size_t j) {
        return j % 3 == 2 ? "x=" + kc::show(c[j / 3]) + " y=" + kc::show(d[j / 3])
                          : "x=" + kc::show(f[j / 3]) + " y=" + kc::show(g[j / 3]) + (j % 3 ? " ftz" : "");
      });
    }
    {
      std::vector<int> x(n), y(n);
      for (size_t i = 0; i < n; ++i) x[i] = (int)a[i], y[i] = (int)b[i] % 5;
      Dev<int> dx(x), dy(y), dout(n);
      k_select<<<bl, 256>>>(dx, dy, df, dg, dout, n);
      kc::launched("k_select" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = select_chain(x[i], y[i], f[i], g[i]);
      kc::compare("k_select" + sz, want, dout.get());
    }
  }
  return chk::finish();
}
