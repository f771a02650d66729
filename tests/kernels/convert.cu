// nvcc-flags: -Xcompiler -frounding-math
// cvt in every direction: float/double -> int/uint/ll/ull in the four rounding modes (PTX
// float-to-integer conversions saturate to the destination range; NaN: see to_int), ints ->
// float/double in the four modes, double -> float in the four modes, float -> half, integer
// narrowing and widening, and the reinterpreting intrinsics. Exact.
#include <cuda_fp16.h>

#include <cfenv>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

static const int kModes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
template <class F>
static auto rounded(int mode, F f) {
  std::fesetround(kModes[mode]);
  volatile auto r = f();
  std::fesetround(FE_TONEAREST);
  return r;
}
// Float -> integer reference: round in mode m, then saturate. NaN gives what NVIDIA's hardware
// gives (observed on an H100): 0 for float -> 32-bit; the sign-bit pattern 0x80..0 for
// float -> 64-bit and for double -> any width (signed and unsigned alike).
template <class I>
static I to_int(double v, int m, bool from_double = false) {
  if (std::isnan(v)) {
    if (!from_double && sizeof(I) == 4) return 0;
    return (I)((unsigned long long)1 << (8 * sizeof(I) - 1));
  }
  double r = m == 0 ? std::nearbyint(v) : m == 1 ? std::trunc(v) : m == 2 ? std::ceil(v) : std::floor(v);
  if (r <= (double)std::numeric_limits<I>::min()) return std::numeric_limits<I>::min();
  if (r >= (double)std::numeric_limits<I>::max()) return std::numeric_limits<I>::max();
  return (I)r;
}

__global__ void k_float_to_int32(const float* f, int* si, unsigned* ui, size_t n) {
  TID();
  float x = f[i];
  int* s = si + 4 * i;
  unsigned* u = ui + 4 * i;
  s[0] = __float2int_rn(x); s[1] = __float2int_rz(x); s[2] = __float2int_ru(x); s[3] = __float2int_rd(x);
  u[0] = __float2uint_rn(x); u[1] = __float2uint_rz(x); u[2] = __float2uint_ru(x); u[3] = __float2uint_rd(x);
}

__global__ void k_float_to_int64(const float* f, long long* sl, unsigned long long* ul, size_t n) {
  TID();
  float x = f[i];
  long long* s = sl + 4 * i;
  unsigned long long* u = ul + 4 * i;
  s[0] = __float2ll_rn(x); s[1] = __float2ll_rz(x); s[2] = __float2ll_ru(x); s[3] = __float2ll_rd(x);
  u[0] = __float2ull_rn(x); u[1] = __float2ull_rz(x); u[2] = __float2ull_ru(x); u[3] = __float2ull_rd(x);
}

__global__ void k_double_to_int(const double* d, int* si, unsigned* ui, long long* sl,
                                unsigned long long* ul, size_t n) {
  TID();
  double x = d[i];
  si[4 * i] = __double2int_rn(x); si[4 * i + 1] = __double2int_rz(x);
  si[4 * i + 2] = __double2int_ru(x); si[4 * i + 3] = __double2int_rd(x);
  ui[4 * i] = __double2uint_rn(x); ui[4 * i + 1] = __double2uint_rz(x);
  ui[4 * i + 2] = __double2uint_ru(x); ui[4 * i + 3] = __double2uint_rd(x);
  sl[4 * i] = __double2ll_rn(x); sl[4 * i + 1] = __double2ll_rz(x);
  sl[4 * i + 2] = __double2ll_ru(x); sl[4 * i + 3] = __double2ll_rd(x);
  ul[4 * i] = __double2ull_rn(x); ul[4 * i + 1] = __double2ull_rz(x);
  ul[4 * i + 2] = __double2ull_ru(x); ul[4 * i + 3] = __double2ull_rd(x);
}

__global__ void k_int_to_float(const int* a, const long long* l, float* out, size_t n) {
  TID();
  int x = a[i];
  long long y = l[i];
  float* o = out + 16 * i;
  o[0] = __int2float_rn(x); o[1] = __int2float_rz(x); o[2] = __int2float_ru(x); o[3] = __int2float_rd(x);
  o[4] = __uint2float_rn((unsigned)x); o[5] = __uint2float_rz((unsigned)x);
  o[6] = __uint2float_ru((unsigned)x); o[7] = __uint2float_rd((unsigned)x);
  o[8] = __ll2float_rn(y); o[9] = __ll2float_rz(y); o[10] = __ll2float_ru(y); o[11] = __ll2float_rd(y);
  o[12] = __ull2float_rn((unsigned long long)y); o[13] = __ull2float_rz((unsigned long long)y);
  o[14] = __ull2float_ru((unsigned long long)y); o[15] = __ull2float_rd((unsigned long long)y);
}

__global__ void k_int_to_double(const int* a, const long long* l, double* out, size_t n) {
  TID();
  long long y = l[i];
  double* o = out + 10 * i;
  o[0] = __ll2double_rn(y); o[1] = __ll2double_rz(y); o[2] = __ll2double_ru(y); o[3] = __ll2double_rd(y);
  o[4] = __ull2double_rn((unsigned long long)y); o[5] = __ull2double_rz((unsigned long long)y);
  o[6] = __ull2double_ru((unsigned long long)y); o[7] = __ull2double_rd((unsigned long long)y);
  o[8] = __int2double_rn(a[i]);
  o[9] = __uint2double_rn((unsigned)a[i]);
}

__global__ void k_double_to_float(const double* d, float* out, size_t n) {
  TID();
  double x = d[i];
  float* o = out + 5 * i;
  o[0] = __double2float_rn(x); o[1] = __double2float_rz(x);
  o[2] = __double2float_ru(x); o[3] = __double2float_rd(x);
  o[4] = (float)x;
}

// Narrowing truncates, widening sign- or zero-extends; float <-> small ints and float -> double.
__global__ void k_int_widths(const long long* l, const float* f, long long* out, double* dout,
                             size_t n) {
  TID();
  long long y = l[i];
  long long* o = out + 8 * i;
  o[0] = (signed char)y;
  o[1] = (unsigned char)y;
  o[2] = (short)y;
  o[3] = (unsigned short)y;
  o[4] = (int)y;
  o[5] = (unsigned)y;
  o[6] = (long long)(unsigned long long)(unsigned)(int)(short)y;
  o[7] = (long long)(float)(short)y;
  dout[2 * i] = (double)f[i];
  dout[2 * i + 1] = (double)(unsigned short)y + (double)(signed char)y;
}

// cvt.sat between integer types (C has no such conversion: inline PTX): the source clamped to
// the destination's range; 8- and 16-bit results in 16-bit registers.
__global__ void k_int_sat(const long long* l, long long* out, size_t n) {
  TID();
  const long long y = l[i];
  const int r = (int)y;
  unsigned short h[4];
  unsigned w[2];
  unsigned long long q[2];
  asm("cvt.sat.u8.s32 %0, %1;" : "=h"(h[0]) : "r"(r));
  asm("cvt.sat.s8.s32 %0, %1;" : "=h"(h[1]) : "r"(r));
  asm("cvt.sat.s16.u32 %0, %1;" : "=h"(h[2]) : "r"(r));
  asm("cvt.sat.u16.s64 %0, %1;" : "=h"(h[3]) : "l"(y));
  asm("cvt.sat.s32.u64 %0, %1;" : "=r"(w[0]) : "l"(y));
  asm("cvt.sat.u32.s64 %0, %1;" : "=r"(w[1]) : "l"(y));
  asm("cvt.sat.u64.s32 %0, %1;" : "=l"(q[0]) : "r"(r));
  asm("cvt.sat.s64.u64 %0, %1;" : "=l"(q[1]) : "l"(y));
  long long* o = out + 8 * i;
  for (int k = 0; k < 4; ++k) o[k] = h[k];
  o[1] &= 0xFF;  // how an s8 result extends into its 16-bit register is not checked here
  o[4] = w[0], o[5] = w[1], o[6] = (long long)q[0], o[7] = (long long)q[1];
}
long long clamp_to(long long v, long long lo, long long hi) { return v < lo ? lo : v > hi ? hi : v; }

__global__ void k_reinterpret(const double* d, const float* f, long long* out, double* dout,
                              size_t n) {
  TID();
  out[4 * i] = __double_as_longlong(d[i]);
  out[4 * i + 1] = __double2hiint(d[i]);
  out[4 * i + 2] = (unsigned)__double2loint(d[i]);
  out[4 * i + 3] = __float_as_int(f[i]) + (long long)__float_as_uint(f[i]);
  dout[2 * i] = __hiloint2double(__double2loint(d[i]), __double2hiint(d[i]));  // swapped words
  dout[2 * i + 1] = __longlong_as_double(__double_as_longlong(d[i]) ^ (1ll << 63));
}

__global__ void k_float_to_half(const float* f, unsigned short* out, size_t n) {
  TID();
  out[2 * i] = __half_as_ushort(__float2half(f[i]));
  out[2 * i + 1] = __half_as_ushort(__double2half((double)f[i] * 3.0));
}

int main() {
  kc::Rng rng(10);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    // Floats around integers, halfway points, beyond the integer ranges, NaN and inf.
    auto f = kc::make<float>(n, [&] {
      switch (rng.u32() % 6) {
        case 0: return rng.any_float();
        case 1: return (float)rng.range(-100, 100) + 0.5f;
        case 2: return (float)rng.uniform(-1e10, 1e10);
        case 3: return (float)rng.uniform(-2e19, 2e19);
        case 4: return (float)rng.uniform(-5e9, 5e9);
        default: return (float)rng.uniform(-10, 10);
      }
    });
    auto d = kc::make<double>(n, [&] {
      switch (rng.u32() % 6) {
        case 0: return rng.any_double();
        case 1: return (double)rng.range(-100, 100) + 0.5;
        case 2: return rng.uniform(-1e10, 1e10);
        case 3: return rng.uniform(-2e19, 2e19);
        case 4: return rng.uniform(-1e39, 1e39);
        default: return rng.uniform(-10, 10) * std::ldexp(1.0, -rng.range(0, 160));
      }
    });
    auto a = kc::make<int>(n, [&] { return rng.i32() >> (rng.u32() % 8 ? 0 : rng.u32() % 31); });
    auto l = kc::make<long long>(n, [&] { return (long long)rng.u64() >> (rng.u32() % 64); });
    Dev<float> df(f);
    Dev<double> dd(d);
    Dev<int> da(a);
    Dev<long long> dl(l);
    auto fdesc = [&](int per) { return [&, per](size_t j) { return "x=" + kc::show(f[j / per]); }; };
    auto ddesc = [&](int per) { return [&, per](size_t j) { return "x=" + kc::show(d[j / per]); }; };
    {
      Dev<int> ds(4 * n);
      Dev<unsigned> du(4 * n);
      k_float_to_int32<<<bl, 256>>>(df, ds, du, n);
      kc::launched("k_float_to_int32" + sz);
      std::vector<int> ws(4 * n);
      std::vector<unsigned> wu(4 * n);
      for (size_t i = 0; i < n; ++i)
        for (int m = 0; m < 4; ++m) ws[4 * i + m] = to_int<int>(f[i], m), wu[4 * i + m] = to_int<unsigned>(f[i], m);
      kc::compare("k_float_to_int32 __float2int_rn/rz/ru/rd" + sz, ws, ds.get(), fdesc(4));
      kc::compare("k_float_to_int32 __float2uint_rn/rz/ru/rd" + sz, wu, du.get(), fdesc(4));
    }
    {
      Dev<long long> ds(4 * n);
      Dev<unsigned long long> du(4 * n);
      k_float_to_int64<<<bl, 256>>>(df, ds, du, n);
      kc::launched("k_float_to_int64" + sz);
      std::vector<long long> ws(4 * n);
      std::vector<unsigned long long> wu(4 * n);
      for (size_t i = 0; i < n; ++i)
        for (int m = 0; m < 4; ++m)
          ws[4 * i + m] = to_int<long long>(f[i], m), wu[4 * i + m] = to_int<unsigned long long>(f[i], m);
      kc::compare("k_float_to_int64 __float2ll_rn/rz/ru/rd" + sz, ws, ds.get(), fdesc(4));
      kc::compare("k_float_to_int64 __float2ull_rn/rz/ru/rd" + sz, wu, du.get(), fdesc(4));
    }
    {
      Dev<int> dsi(4 * n);
      Dev<unsigned> dui(4 * n);
      Dev<long long> dsl(4 * n);
      Dev<unsigned long long> dul(4 * n);
      k_double_to_int<<<bl, 256>>>(dd, dsi, dui, dsl, dul, n);
      kc::launched("k_double_to_int" + sz);
      std::vector<int> wsi(4 * n);
      std::vector<unsigned> wui(4 * n);
      std::vector<long long> wsl(4 * n);
      std::vector<unsigned long long> wul(4 * n);
      for (size_t i = 0; i < n; ++i)
        for (int m = 0; m < 4; ++m) {
          wsi[4 * i + m] = to_int<int>(d[i], m, true);
          wui[4 * i + m] = to_int<unsigned>(d[i], m, true);
          wsl[4 * i + m] = to_int<long long>(d[i], m, true);
          wul[4 * i + m] = to_int<unsigned long long>(d[i], m, true);
        }
      kc::compare("k_double_to_int __double2int_*" + sz, wsi, dsi.get(), ddesc(4));
      kc::compare("k_double_to_int __double2uint_*" + sz, wui, dui.get(), ddesc(4));
      kc::compare("k_double_to_int __double2ll_*" + sz, wsl, dsl.get(), ddesc(4));
      kc::compare("k_double_to_int __double2ull_*" + sz, wul, dul.get(), ddesc(4));
    }
    {
      Dev<float> dout(16 * n);
      k_int_to_float<<<bl, 256>>>(da, dl, dout, n);
      kc::launched("k_int_to_float" + sz);
      std::vector<float> want(16 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile int x = a[i];
        volatile unsigned ux = (unsigned)a[i];
        volatile long long y = l[i];
        volatile unsigned long long uy = (unsigned long long)l[i];
        for (int m = 0; m < 4; ++m) {
          want[16 * i + m] = rounded(m, [&] { return (float)x; });
          want[16 * i + 4 + m] = rounded(m, [&] { return (float)ux; });
          want[16 * i + 8 + m] = rounded(m, [&] { return (float)y; });
          want[16 * i + 12 + m] = rounded(m, [&] { return (float)uy; });
        }
      }
      kc::compare("k_int_to_float __int2float/__uint2float/__ll2float/__ull2float x rn rz ru rd" + sz,
                  want, dout.get(), [&](size_t j) {
                    return "op " + std::to_string(j % 16) + " a=" + std::to_string(a[j / 16]) +
                           " l=" + std::to_string(l[j / 16]);
                  });
    }
    {
      Dev<double> dout(10 * n);
      k_int_to_double<<<bl, 256>>>(da, dl, dout, n);
      kc::launched("k_int_to_double" + sz);
      std::vector<double> want(10 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile long long y = l[i];
        volatile unsigned long long uy = (unsigned long long)l[i];
        for (int m = 0; m < 4; ++m) {
          want[10 * i + m] = rounded(m, [&] { return (double)y; });
          want[10 * i + 4 + m] = rounded(m, [&] { return (double)uy; });
        }
        want[10 * i + 8] = a[i];
        want[10 * i + 9] = (unsigned)a[i];
      }
      kc::compare("k_int_to_double __ll2double/__ull2double x rn rz ru rd, int, uint" + sz, want,
                  dout.get(), [&](size_t j) { return "l=" + std::to_string(l[j / 10]); });
    }
    {
      Dev<float> dout(5 * n);
      k_double_to_float<<<bl, 256>>>(dd, dout, n);
      kc::launched("k_double_to_float" + sz);
      std::vector<float> want(5 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile double x = d[i];
        for (int m = 0; m < 4; ++m) want[5 * i + m] = rounded(m, [&] { return (float)x; });
        want[5 * i + 4] = (float)d[i];
      }
      kc::compare("k_double_to_float __double2float_rn/rz/ru/rd, cast" + sz, want, dout.get(), ddesc(5));
    }
    {
      Dev<long long> dout(8 * n);
      Dev<double> ddo(2 * n);
      k_int_widths<<<bl, 256>>>(dl, df, dout, ddo, n);
      kc::launched("k_int_widths" + sz);
      std::vector<long long> want(8 * n);
      std::vector<double> wd(2 * n);
      for (size_t i = 0; i < n; ++i) {
        long long y = l[i];
        long long* o = &want[8 * i];
        o[0] = (signed char)y; o[1] = (unsigned char)y; o[2] = (short)y; o[3] = (unsigned short)y;
        o[4] = (int)y; o[5] = (unsigned)y;
        o[6] = (long long)(unsigned long long)(unsigned)(int)(short)y;
        o[7] = (long long)(float)(short)y;
        wd[2 * i] = (double)f[i];
        wd[2 * i + 1] = (double)(unsigned short)y + (double)(signed char)y;
      }
      kc::compare("k_int_widths narrowing/widening" + sz, want, dout.get());
      kc::compare("k_int_widths float->double, small ints->double" + sz, wd, ddo.get());
    }
    {
      Dev<long long> dout(8 * n);
      k_int_sat<<<bl, 256>>>(dl, dout, n);
      kc::launched("k_int_sat" + sz);
      std::vector<long long> want(8 * n);
      for (size_t i = 0; i < n; ++i) {
        const long long y = l[i], r = (int)y, ur = (unsigned)y;
        const unsigned long long uy = (unsigned long long)y;
        long long* o = &want[8 * i];
        o[0] = clamp_to(r, 0, 255);
        o[1] = (unsigned char)clamp_to(r, -128, 127);
        o[2] = clamp_to(ur, 0, 32767);
        o[3] = clamp_to(y, 0, 65535);
        o[4] = uy > 0x7FFFFFFFull ? 0x7FFFFFFF : (long long)uy;
        o[5] = clamp_to(y, 0, 0xFFFFFFFFll);
        o[6] = r < 0 ? 0 : r;
        o[7] = uy > 0x7FFFFFFFFFFFFFFFull ? 0x7FFFFFFFFFFFFFFFll : y;
      }
      kc::compare("k_int_sat cvt.sat between integer widths" + sz, want, dout.get());
    }
    {
      Dev<long long> dout(4 * n);
      Dev<double> ddo(2 * n);
      k_reinterpret<<<bl, 256>>>(dd, df, dout, ddo, n);
      kc::launched("k_reinterpret" + sz);
      std::vector<long long> want(4 * n);
      std::vector<double> wd(2 * n);
      for (size_t i = 0; i < n; ++i) {
        long long b;
        std::memcpy(&b, &d[i], 8);
        int fb;
        std::memcpy(&fb, &f[i], 4);
        want[4 * i] = b;
        want[4 * i + 1] = (int)(b >> 32);
        want[4 * i + 2] = (unsigned)b;
        want[4 * i + 3] = (long long)fb + (long long)(unsigned)fb;
        unsigned long long sw = ((unsigned long long)(unsigned)b << 32) | (unsigned)((unsigned long long)b >> 32);
        std::memcpy(&wd[2 * i], &sw, 8);
        unsigned long long fl = (unsigned long long)b ^ (1ull << 63);
        std::memcpy(&wd[2 * i + 1], &fl, 8);
      }
      kc::compare("k_reinterpret as_longlong hiint loint as_int" + sz, want, dout.get());
      // Bitwise (NaNs included): compare as integers.
      std::vector<long long> wb(2 * n), gb(2 * n);
      auto got = ddo.get();
      std::memcpy(wb.data(), wd.data(), 16 * n);
      std::memcpy(gb.data(), got.data(), 16 * n);
      kc::compare("k_reinterpret __hiloint2double __longlong_as_double (bits)" + sz, wb, gb);
    }
    {
      Dev<unsigned short> dout(2 * n);
      k_float_to_half<<<bl, 256>>>(df, dout, n);
      kc::launched("k_float_to_half" + sz);
      std::vector<unsigned short> want(2 * n);
      auto got = dout.get();
      auto bits = [](double v) -> unsigned short {
        if (std::isnan(v)) return 0x7e00;
        __half h = __double2half(v);  // host conversion of an exactly representable value
        return __half_as_ushort(h);
      };
      for (size_t i = 0; i < n; ++i) {
        want[2 * i] = bits(kc::round_half(f[i]));
        want[2 * i + 1] = bits(kc::round_half((double)f[i] * 3.0));
        for (int k = 0; k < 2; ++k) {
          unsigned short g = got[2 * i + k], w = want[2 * i + k];
          if ((g & 0x7c00) == 0x7c00 && (g & 0x3ff) && (w & 0x7c00) == 0x7c00 && (w & 0x3ff)) got[2 * i + k] = w;
        }
      }
      kc::compare("k_float_to_half __float2half __double2half" + sz, want, got, fdesc(2));
    }
  }
  return chk::finish();
}
