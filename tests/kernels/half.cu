// nvcc-flags: -arch=sm_80
// Half precision (__half, __half2): arithmetic rounds the exact result once to nearest-even
// (__hadd __hsub __hmul __hfma, the _sat forms clamp to [0, 1]); __hdiv is checked to be
// faithful (one of the two halves around the exact quotient); conversions from float in all
// four rounding modes; half -> float exact for all 65536 encodings; int <-> half; comparisons and
// __hmax/__hmin (the other operand for one NaN) / __hmax_nan (NaN propagates).
// Host reference: exact result in double, rounded by kc::round_half.
#include <cuda_fp16.h>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

__device__ __half hb(unsigned short u) { return __ushort_as_half(u); }

static double half_value(unsigned short u) {
  int e = (u >> 10) & 0x1f, m = u & 0x3ff;
  double v;
  if (e == 0x1f) {
    v = m ? NAN : INFINITY;
  } else if (e == 0) {
    v = std::ldexp((double)m, -24);
  } else {
    v = std::ldexp((double)(m | 0x400), e - 25);
  }
  return (u & 0x8000) ? -v : v;
}
static unsigned short half_bits(double v) {  // v must be representable (or inf/nan)
  if (std::isnan(v)) return 0x7e00;
  unsigned short s = std::signbit(v) ? 0x8000 : 0;
  double a = std::fabs(v);
  if (std::isinf(a)) return s | 0x7c00;
  if (a < std::ldexp(1.0, -14)) return s | (unsigned short)(a * std::ldexp(1.0, 24));
  int e = std::ilogb(a);
  unsigned m = (unsigned)(a * std::ldexp(1.0, 10 - e)) & 0x3ff;
  return s | (unsigned short)(((e + 15) << 10) | m);
}

__global__ void k_half_arith(const unsigned short* a, const unsigned short* b,
                             const unsigned short* c, float* out, size_t n) {
  TID();
  __half x = hb(a[i]), y = hb(b[i]), z = hb(c[i]);
  float* o = out + 8 * i;
  o[0] = __half2float(__hadd(x, y));
  o[1] = __half2float(__hsub(x, y));
  o[2] = __half2float(__hmul(x, y));
  o[3] = __half2float(__hfma(x, y, z));
  o[4] = __half2float(__hneg(x));
  o[5] = __half2float(__habs(y));
  o[6] = __half2float(__hadd_sat(x, y));
  o[7] = __half2float(__hdiv(x, y));
}

__global__ void k_half2_arith(const __half2* a, const __half2* b, const __half2* c, float2* out,
                              size_t n) {
  TID();
  out[4 * i] = __half22float2(__hadd2(a[i], b[i]));
  out[4 * i + 1] = __half22float2(__hmul2(a[i], b[i]));
  out[4 * i + 2] = __half22float2(__hfma2(a[i], b[i], c[i]));
  out[4 * i + 3] = __half22float2(__hsub2(a[i], __hmul2_sat(b[i], c[i])));
}

__global__ void k_half_convert(const float* f, const int* k, unsigned short* hout, float* fout,
                               int* iout, size_t n) {
  TID();
  float x = f[i];
  unsigned short* h = hout + 7 * i;
  h[0] = __half_as_ushort(__float2half_rn(x));
  h[1] = __half_as_ushort(__float2half_rz(x));
  h[2] = __half_as_ushort(__float2half_ru(x));
  h[3] = __half_as_ushort(__float2half_rd(x));
  h[4] = __half_as_ushort(__float2half(x));
  h[5] = __half_as_ushort(__int2half_rn(k[i]));
  h[6] = __half_as_ushort(__float2half2_rn(x).y);
  // All encodings: i covers 0..65535 when n >= 65536.
  fout[i] = __half2float(__ushort_as_half((unsigned short)i));
  __half v = __ushort_as_half((unsigned short)(i & 0xffff));
  bool finite = !__hisnan(v) && !__hisinf(v);
  iout[3 * i] = finite ? __half2int_rz(v) : 0;
  iout[3 * i + 1] = finite ? __half2int_rn(v) : 0;
  iout[3 * i + 2] = finite ? __half2int_rd(v) : 0;
}

__global__ void k_half_compare(const unsigned short* a, const unsigned short* b, float* out,
                               int* flags, size_t n) {
  TID();
  __half x = hb(a[i]), y = hb(b[i]);
  out[4 * i] = __half2float(__hmax(x, y));
  out[4 * i + 1] = __half2float(__hmin(x, y));
  out[4 * i + 2] = __half2float(__hmax_nan(x, y));
  out[4 * i + 3] = __half2float(__hmin_nan(x, y));
  flags[i] = __heq(x, y) | __hlt(x, y) << 1 | __hle(x, y) << 2 | __hgt(x, y) << 3 |
             __hneu(x, y) << 4 | __hisnan(x) << 5 | __hltu(x, y) << 6 | __hge(x, y) << 7;
}

static bool same_or_zeros(float a, float b) { return kc::same(a, b) || (a == 0 && b == 0); }

int main() {
  kc::Rng rng(8);
  for (size_t n : kc::kSizes) {
    if (n > 100000) n = 65536 + 3;  // covers every half encoding once
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto any_half = [&]() -> unsigned short { return (unsigned short)rng.u32(); };
    // For fma: magnitudes in [2^-6, 2^6] (or zero), so that the exact a*b+c fits a double.
    auto mid_half = [&]() -> unsigned short {
      if (rng.u32() % 16 == 0) return 0;
      return (unsigned short)(((rng.u32() & 1) << 15) | ((rng.range(9, 21)) << 10) |
                              (rng.u32() & 0x3ff));
    };
    auto a = kc::make<unsigned short>(n, any_half), b = kc::make<unsigned short>(n, any_half);
    auto c = kc::make<unsigned short>(n, mid_half);
    for (size_t i = 0; i < n; i += 3) a[i] = mid_half(), b[i] = mid_half();
    {
      Dev<unsigned short> da(a), db(b), dc(c);
      Dev<float> dout(8 * n);
      k_half_arith<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_half_arith" + sz);
      auto got = dout.get();
      std::vector<float> want, gotv, divw, divg;
      for (size_t i = 0; i < n; ++i) {
        double x = half_value(a[i]), y = half_value(b[i]), z = half_value(c[i]);
        bool fma_exact = i % 3 == 0;
        want.push_back((float)kc::round_half(x + y));
        want.push_back((float)kc::round_half(x - y));
        want.push_back((float)kc::round_half(x * y));
        want.push_back(fma_exact ? (float)kc::round_half(x * y + z) : got[8 * i + 3]);
        want.push_back((float)-x);
        want.push_back((float)std::fabs(y));
        double s = kc::round_half(x + y);
        want.push_back(std::isnan(s) ? 0.0f : (float)std::min(1.0, std::max(0.0, s)));
        for (int k = 0; k < 7; ++k) gotv.push_back(got[8 * i + k]);
        // __hdiv: faithful rounding of the exact quotient.
        double q = x / y;
        float g = got[8 * i + 7];
        bool ok = std::isnan(q) ? std::isnan(g)
                                : (g == (float)kc::round_half(q, 2) || g == (float)kc::round_half(q, 3) ||
                                   (q == 0 && g == 0));
        divw.push_back(1.0f);
        divg.push_back(ok ? 1.0f : 0.0f);
      }
      kc::compare_with("k_half_arith (__hadd __hsub __hmul __hfma __hneg __habs __hadd_sat)" + sz,
                       want, gotv, same_or_zeros, [&](size_t j) {
                         char t[64];
                         std::snprintf(t, sizeof t, "op %zu a=%04x b=%04x c=%04x", j % 7,
                                       a[j / 7], b[j / 7], c[j / 7]);
                         return std::string(t);
                       });
      kc::compare("k_half_arith __hdiv faithful" + sz, divw, divg, [&](size_t j) {
        char t[64];
        std::snprintf(t, sizeof t, "a=%04x b=%04x", a[j], b[j]);
        return std::string(t);
      });
    }
    {
      // half2: pairs of mid-range values (exact fma reference).
      std::vector<__half2> x(n), y(n), z(n);
      std::vector<double> hx(2 * n), hy(2 * n), hz(2 * n);
      for (size_t i = 0; i < n; ++i) {
        unsigned short v[6];
        for (auto& u : v) u = mid_half();
        x[i] = __halves2half2(__ushort_as_half(v[0]), __ushort_as_half(v[1]));
        y[i] = __halves2half2(__ushort_as_half(v[2]), __ushort_as_half(v[3]));
        z[i] = __halves2half2(__ushort_as_half(v[4]), __ushort_as_half(v[5]));
        hx[2 * i] = half_value(v[0]), hx[2 * i + 1] = half_value(v[1]);
        hy[2 * i] = half_value(v[2]), hy[2 * i + 1] = half_value(v[3]);
        hz[2 * i] = half_value(v[4]), hz[2 * i + 1] = half_value(v[5]);
      }
      Dev<__half2> dx(x), dy(y), dz(z);
      Dev<float2> dout(4 * n);
      k_half2_arith<<<bl, 256>>>(dx, dy, dz, dout, n);
      kc::launched("k_half2_arith" + sz);
      auto got = dout.get();
      std::vector<float> want, g;
      for (size_t i = 0; i < n; ++i) {
        for (int k = 0; k < 4; ++k) g.push_back(got[4 * i + k].x), g.push_back(got[4 * i + k].y);
        for (int k = 0; k < 4; ++k) {
          for (int l = 0; l < 2; ++l) {
            double p = hx[2 * i + l], q = hy[2 * i + l], r = hz[2 * i + l], v;
            switch (k) {
              case 0: v = kc::round_half(p + q); break;
              case 1: v = kc::round_half(p * q); break;
              case 2: v = kc::round_half(p * q + r); break;
              default: {
                double m = kc::round_half(q * r);
                m = std::min(1.0, std::max(0.0, m));
                v = kc::round_half(p - m);
              }
            }
            want.push_back((float)v);
          }
        }
      }
      kc::compare_with("k_half2_arith (__hadd2 __hmul2 __hfma2 __hsub2/__hmul2_sat)" + sz, want,
                       g, same_or_zeros);
    }
    {
      auto f = kc::make<float>(n, [&] {
        return rng.u32() % 2 ? rng.any_float()
                             : (float)rng.uniform(-70000, 70000) * std::ldexp(1.0f, -rng.range(0, 40));
      });
      auto k = kc::make<int>(n, [&] { return rng.range(-70000, 70000); });
      Dev<float> df(f), dfo(n);
      Dev<int> dk(k), dio(3 * n);
      Dev<unsigned short> dh(7 * n);
      k_half_convert<<<bl, 256>>>(df, dk, dh, dfo, dio, n);
      kc::launched("k_half_convert" + sz);
      std::vector<unsigned short> want(7 * n);
      std::vector<float> wf(n);
      std::vector<int> wi(3 * n);
      for (size_t i = 0; i < n; ++i) {
        for (int m = 0; m < 4; ++m) want[7 * i + m] = half_bits(kc::round_half(f[i], m));
        want[7 * i + 4] = want[7 * i];
        want[7 * i + 5] = half_bits(kc::round_half((double)k[i], 0));
        want[7 * i + 6] = want[7 * i];
        wf[i] = (float)half_value((unsigned short)i);
        double v = half_value((unsigned short)(i & 0xffff));
        bool fin = std::isfinite(v);
        wi[3 * i] = fin ? (int)std::trunc(v) : 0;
        wi[3 * i + 1] = fin ? (int)std::nearbyint(v) : 0;
        wi[3 * i + 2] = fin ? (int)std::floor(v) : 0;
      }
      // NaN encodings: any quiet NaN is fine.
      auto got = dh.get();
      for (size_t j = 0; j < got.size(); ++j) {
        bool wn = (want[j] & 0x7c00) == 0x7c00 && (want[j] & 0x3ff);
        bool gn = (got[j] & 0x7c00) == 0x7c00 && (got[j] & 0x3ff);
        if (wn && gn) got[j] = want[j];
      }
      kc::compare("k_half_convert float->half rn rz ru rd, default, int->half, float2half2" + sz,
                  want, got, [&](size_t j) {
                    return "mode " + std::to_string(j % 7) + " x=" + kc::show(f[j / 7]) +
                           " k=" + std::to_string(k[j / 7]);
                  });
      kc::compare("k_half_convert half->float (every encoding)" + sz, wf, dfo.get());
      kc::compare("k_half_convert half->int rz rn rd" + sz, wi, dio.get());
    }
    {
      Dev<unsigned short> da(a), db(b);
      Dev<float> dout(4 * n);
      Dev<int> dfl(n);
      k_half_compare<<<bl, 256>>>(da, db, dout, dfl, n);
      kc::launched("k_half_compare" + sz);
      std::vector<float> want(4 * n);
      std::vector<int> wf(n);
      for (size_t i = 0; i < n; ++i) {
        double x = half_value(a[i]), y = half_value(b[i]);
        want[4 * i] = (float)std::fmax(x, y);
        want[4 * i + 1] = (float)std::fmin(x, y);
        bool nan = std::isnan(x) || std::isnan(y);
        want[4 * i + 2] = nan ? NAN : (float)std::fmax(x, y);
        want[4 * i + 3] = nan ? NAN : (float)std::fmin(x, y);
        wf[i] = (x == y) | (x < y) << 1 | (x <= y) << 2 | (x > y) << 3 | (x != y) << 4 |
                std::isnan(x) << 5 | !(x >= y) << 6 | (x >= y) << 7;
      }
      kc::compare_with("k_half_compare (__hmax __hmin __hmax_nan __hmin_nan)" + sz, want,
                       dout.get(), same_or_zeros);
      kc::compare("k_half_compare (__heq __hlt __hle __hgt __hneu __hisnan __hltu __hge)" + sz, wf,
                  dfl.get(), [&](size_t j) {
                    char t[48];
                    std::snprintf(t, sizeof t, "a=%04x b=%04x", a[j], b[j]);
                    return std::string(t);
                  });
    }
  }
  return chk::finish();
}
