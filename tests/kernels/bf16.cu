// nvcc-flags: -arch=sm_80
// bfloat16 (__nv_bfloat16, __nv_bfloat162), built for sm_80 (bf16 arithmetic through fma.rn.bf16)
// and, as the program bf16_sm90, for sm_90 (native add/mul.bf16, cvt.f32.bf16). Arithmetic rounds
// the exact result once to nearest-even; conversions from float in all four rounding modes;
// bf16 -> float exact for every encoding; __hmax/__hmin and the _nan forms.
#include <cuda_bf16.h>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

static double bf_value(unsigned short u) {
  unsigned b = (unsigned)u << 16;
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
static unsigned short bf_bits(double v) {  // v representable (or inf/nan)
  if (std::isnan(v)) return 0x7fc0;
  float f = (float)v;
  unsigned b;
  std::memcpy(&b, &f, 4);
  return (unsigned short)(b >> 16);
}

__global__ void k_bf16_arith(const unsigned short* a, const unsigned short* b,
                             const unsigned short* c, float* out, size_t n) {
  TID();
  __nv_bfloat16 x = __ushort_as_bfloat16(a[i]), y = __ushort_as_bfloat16(b[i]),
                z = __ushort_as_bfloat16(c[i]);
  float* o = out + 6 * i;
  o[0] = __bfloat162float(__hadd(x, y));
  o[1] = __bfloat162float(__hsub(x, y));
  o[2] = __bfloat162float(__hmul(x, y));
  o[3] = __bfloat162float(__hfma(x, y, z));
  o[4] = __bfloat162float(__hmax(x, y));
  o[5] = __bfloat162float(__hmin_nan(x, y));
}

__global__ void k_bf162_arith(const __nv_bfloat162* a, const __nv_bfloat162* b,
                              const __nv_bfloat162* c, float2* out, size_t n) {
  TID();
  out[3 * i] = __bfloat1622float2(__hadd2(a[i], b[i]));
  out[3 * i + 1] = __bfloat1622float2(__hmul2(a[i], b[i]));
  out[3 * i + 2] = __bfloat1622float2(__hfma2(a[i], b[i], c[i]));
}

__global__ void k_bf16_convert(const float* f, unsigned short* hout, float* fout, size_t n) {
  TID();
  float x = f[i];
  unsigned short* h = hout + 5 * i;
  h[0] = __bfloat16_as_ushort(__float2bfloat16_rn(x));
  h[1] = __bfloat16_as_ushort(__float2bfloat16_rz(x));
  h[2] = __bfloat16_as_ushort(__float2bfloat16_ru(x));
  h[3] = __bfloat16_as_ushort(__float2bfloat16_rd(x));
  h[4] = __bfloat16_as_ushort(__float2bfloat16(x));
  fout[i] = __bfloat162float(__ushort_as_bfloat16((unsigned short)i));
}

static bool same_or_zeros(float a, float b) { return kc::same(a, b) || (a == 0 && b == 0); }

int main() {
  kc::Rng rng(9);
  for (size_t n : kc::kSizes) {
    if (n > 100000) n = 65536 + 3;
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    // Magnitudes in [2^-8, 2^8] (or zero, inf, NaN): exact sums/products/fmas fit a double.
    auto mid = [&]() -> unsigned short {
      unsigned r = rng.u32();
      if (r % 32 == 0) return (r & 64) ? 0x7f80 : 0x0000;
      if (r % 32 == 1) return 0x7fc0;
      return (unsigned short)(((r >> 8) & 1) << 15 | (unsigned)rng.range(119, 135) << 7 |
                              (rng.u32() & 0x7f));
    };
    auto a = kc::make<unsigned short>(n, mid), b = kc::make<unsigned short>(n, mid),
         c = kc::make<unsigned short>(n, mid);
    {
      Dev<unsigned short> da(a), db(b), dc(c);
      Dev<float> dout(6 * n);
      k_bf16_arith<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_bf16_arith" + sz);
      std::vector<float> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        double x = bf_value(a[i]), y = bf_value(b[i]), z = bf_value(c[i]);
        want[6 * i] = (float)kc::round_bf16(x + y);
        want[6 * i + 1] = (float)kc::round_bf16(x - y);
        want[6 * i + 2] = (float)kc::round_bf16(x * y);
        want[6 * i + 3] = (float)kc::round_bf16(x * y + z);
        want[6 * i + 4] = (float)std::fmax(x, y);
        want[6 * i + 5] = std::isnan(x) || std::isnan(y) ? NAN : (float)std::fmin(x, y);
      }
      kc::compare_with("k_bf16_arith (__hadd __hsub __hmul __hfma __hmax __hmin_nan)" + sz, want,
                       dout.get(), same_or_zeros, [&](size_t j) {
                         char t[64];
                         std::snprintf(t, sizeof t, "op %zu a=%04x b=%04x c=%04x", j % 6,
                                       a[j / 6], b[j / 6], c[j / 6]);
                         return std::string(t);
                       });
    }
    {
      std::vector<__nv_bfloat162> x(n), y(n), z(n);
      std::vector<float> want;
      for (size_t i = 0; i < n; ++i) {
        unsigned short v[6];
        for (auto& u : v) u = mid();
        x[i] = __halves2bfloat162(__ushort_as_bfloat16(v[0]), __ushort_as_bfloat16(v[1]));
        y[i] = __halves2bfloat162(__ushort_as_bfloat16(v[2]), __ushort_as_bfloat16(v[3]));
        z[i] = __halves2bfloat162(__ushort_as_bfloat16(v[4]), __ushort_as_bfloat16(v[5]));
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 2; ++l) {
            double p = bf_value(v[l]), q = bf_value(v[2 + l]), r = bf_value(v[4 + l]);
            double res = k == 0 ? p + q : k == 1 ? p * q : p * q + r;
            want.push_back((float)kc::round_bf16(res));
          }
      }
      Dev<__nv_bfloat162> dx(x), dy(y), dz(z);
      Dev<float2> dout(3 * n);
      k_bf162_arith<<<bl, 256>>>(dx, dy, dz, dout, n);
      kc::launched("k_bf162_arith" + sz);
      std::vector<float> got;
      for (auto& p : dout.get()) got.push_back(p.x), got.push_back(p.y);
      kc::compare_with("k_bf162_arith (__hadd2 __hmul2 __hfma2)" + sz, want, got, same_or_zeros);
    }
    {
      auto f = kc::make<float>(n, [&] { return rng.any_float(); });
      Dev<float> df(f), dfo(n);
      Dev<unsigned short> dh(5 * n);
      k_bf16_convert<<<bl, 256>>>(df, dh, dfo, n);
      kc::launched("k_bf16_convert" + sz);
      std::vector<unsigned short> want(5 * n);
      std::vector<float> wf(n);
      for (size_t i = 0; i < n; ++i) {
        for (int m = 0; m < 4; ++m) want[5 * i + m] = bf_bits(kc::round_bf16(f[i], m));
        want[5 * i + 4] = want[5 * i];
        wf[i] = (float)bf_value((unsigned short)i);
      }
      auto got = dh.get();
      for (size_t j = 0; j < got.size(); ++j) {
        bool wn = (want[j] & 0x7f80) == 0x7f80 && (want[j] & 0x7f);
        bool gn = (got[j] & 0x7f80) == 0x7f80 && (got[j] & 0x7f);
        if (wn && gn) got[j] = want[j];
      }
      kc::compare("k_bf16_convert float->bf16 rn rz ru rd default" + sz, want, got,
                  [&](size_t j) { return "mode " + std::to_string(j % 5) + " x=" + kc::show(f[j / 5]); });
      kc::compare("k_bf16_convert bf16->float (every encoding)" + sz, wf, dfo.get());
    }
  }
  return chk::finish();
}
