// nvcc-flags: -Xcompiler -frounding-math
// Single precision arithmetic without -use_fast_math: + - * / sqrt are IEEE-754 round-to-nearest
// (div.rn, sqrt.rn), denormals are kept (no -ftz). The explicitly rounded intrinsics
// (__fadd_rz, __fmul_ru, __fdiv_rd, __fsqrt_*, __frcp_*, __fmaf_*) round in the named mode.
// fmaf rounds once. fminf/fmaxf return the other operand for one NaN. All exact: the host
// computes the same IEEE operation under fesetround. NaN payloads are not compared.
#include <cfenv>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

static const int kModes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

// Host: evaluates f() with the rounding mode set; inputs must be read through volatile.
template <class F>
static auto rounded(int mode, F f) {
  std::fesetround(kModes[mode]);
  volatile auto r = f();
  std::fesetround(FE_TONEAREST);
  return r;
}

__global__ void k_f32_basic(const float* a, const float* b, float* out, size_t n) {
  TID();
  float x = a[i], y = b[i];
  float* o = out + 7 * i;
  o[0] = x + y;
  o[1] = x - y;
  o[2] = x * y;
  o[3] = x / y;
  o[4] = sqrtf(x);
  o[5] = -x;
  o[6] = fabsf(y);
}

__global__ void k_f32_add_mul_rounding(const float* a, const float* b, float* out, size_t n) {
  TID();
  float x = a[i], y = b[i];
  float* o = out + 12 * i;
  o[0] = __fadd_rn(x, y);
  o[1] = __fadd_rz(x, y);
  o[2] = __fadd_ru(x, y);
  o[3] = __fadd_rd(x, y);
  o[4] = __fsub_rn(x, y);
  o[5] = __fsub_rz(x, y);
  o[6] = __fsub_ru(x, y);
  o[7] = __fsub_rd(x, y);
  o[8] = __fmul_rn(x, y);
  o[9] = __fmul_rz(x, y);
  o[10] = __fmul_ru(x, y);
  o[11] = __fmul_rd(x, y);
}

__global__ void k_f32_div_sqrt_rcp_rounding(const float* a, const float* b, float* out,
                                            size_t n) {
  TID();
  float x = a[i], y = b[i];
  float* o = out + 12 * i;
  o[0] = __fdiv_rn(x, y);
  o[1] = __fdiv_rz(x, y);
  o[2] = __fdiv_ru(x, y);
  o[3] = __fdiv_rd(x, y);
  o[4] = __fsqrt_rn(x);
  o[5] = __fsqrt_rz(x);
  o[6] = __fsqrt_ru(x);
  o[7] = __fsqrt_rd(x);
  o[8] = __frcp_rn(y);
  o[9] = __frcp_rz(y);
  o[10] = __frcp_ru(y);
  o[11] = __frcp_rd(y);
}

__global__ void k_f32_fma(const float* a, const float* b, const float* c, float* out, size_t n) {
  TID();
  float x = a[i], y = b[i], z = c[i];
  float* o = out + 6 * i;
  o[0] = fmaf(x, y, z);
  o[1] = __fmaf_rn(x, y, z);
  o[2] = __fmaf_rz(x, y, z);
  o[3] = __fmaf_ru(x, y, z);
  o[4] = __fmaf_rd(x, y, z);
  o[5] = __fadd_rn(__fmul_rn(x, y), z);  // never contracted into an fma
}

__global__ void k_f32_minmax_sign(const float* a, const float* b, float* out, size_t n) {
  TID();
  float x = a[i], y = b[i];
  float* o = out + 6 * i;
  o[0] = fminf(x, y);
  o[1] = fmaxf(x, y);
  o[2] = copysignf(x, y);
  o[3] = __saturatef(x);  // clamp to [0, 1], NaN -> 0
  o[4] = fdimf(x, y);
  o[5] = fabsf(x) * (signbit(y) ? -1.0f : 1.0f);
}

__global__ void k_f32_to_integral(const float* a, const float* b, float* out, int* iout,
                                  size_t n) {
  TID();
  float x = a[i], y = b[i];
  float* o = out + 10 * i;
  o[0] = floorf(x);
  o[1] = ceilf(x);
  o[2] = truncf(x);
  o[3] = rintf(x);
  o[4] = roundf(x);
  o[5] = fmodf(x, y);
  o[6] = remainderf(x, y);
  o[7] = ldexpf(x, (int)(i % 64) - 32);
  int e;
  o[8] = frexpf(x, &e);
  o[9] = nextafterf(x, y);
  iout[2 * i] = isfinite(x) && x != 0 ? e : 0;
  iout[2 * i + 1] = ilogbf(x);
}

// fmin/fmax as CUDA defines them: a NaN operand (quiet or signalling) yields the other operand.
// (glibc quiets a signalling NaN instead, so it is not the reference.)
static float cuda_fmin(float x, float y) { return std::isnan(x) ? y : std::isnan(y) ? x : std::fmin(x, y); }
static float cuda_fmax(float x, float y) { return std::isnan(x) ? y : std::isnan(y) ? x : std::fmax(x, y); }

static bool same_or_both_zero(float a, float b) {
  return kc::same(a, b) || (a == 0 && b == 0);
}

int main() {
  kc::Rng rng(5);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto a = kc::make<float>(n, [&] { return rng.any_float(); });
    auto b = kc::make<float>(n, [&] { return rng.any_float(); });
    auto c = kc::make<float>(n, [&] { return rng.any_float(); });
    // Nearby magnitudes make cancellation and exact halfway cases likelier.
    for (size_t i = 0; i + 1 < n; i += 5) b[i] = a[i] * (float)rng.uniform(0.5, 2.0);
    // fma's directed roundings where they are hardest: c cancels the rounded product (the
    // result is the product's tiny rounding error), or the exact product (an exact zero,
    // -0 under round-down: the GPU's and the host's IEEE rule).
    for (size_t i = 3; i < n; i += 7) c[i] = -(a[i] * b[i]);
    for (size_t i = 4; i < n; i += 9) {
      a[i] = (float)(int)rng.uniform(-4096, 4096);
      b[i] = (float)(int)rng.uniform(-4096, 4096);
      c[i] = -(a[i] * b[i]);
    }
    auto desc = [&](size_t k, int per) {
      return [&, per](size_t j) {
        return "op " + std::to_string(j % per) + " a=" + kc::show(a[j / per]) +
               " b=" + kc::show(b[j / per]);
      };
    };
    Dev<float> da(a), db(b), dc(c);
    {
      Dev<float> dout(7 * n);
      k_f32_basic<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f32_basic" + sz);
      std::vector<float> want(7 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile float x = a[i], y = b[i];
        want[7 * i] = x + y;
        want[7 * i + 1] = x - y;
        want[7 * i + 2] = x * y;
        want[7 * i + 3] = x / y;
        want[7 * i + 4] = std::sqrt((float)x);
        want[7 * i + 5] = -x;
        want[7 * i + 6] = std::fabs((float)y);
      }
      kc::compare("k_f32_basic (+ - * / sqrtf neg fabsf)" + sz, want, dout.get(), desc(0, 7));
    }
    {
      Dev<float> dout(12 * n);
      k_f32_add_mul_rounding<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f32_add_mul_rounding" + sz);
      std::vector<float> want(12 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile float x = a[i], y = b[i];
        for (int m = 0; m < 4; ++m) {
          want[12 * i + m] = rounded(m, [&] { return x + y; });
          want[12 * i + 4 + m] = rounded(m, [&] { return x - y; });
          want[12 * i + 8 + m] = rounded(m, [&] { return x * y; });
        }
      }
      kc::compare("k_f32_add_mul_rounding (__fadd/__fsub/__fmul _rn _rz _ru _rd)" + sz, want,
                  dout.get(), desc(0, 12));
    }
    {
      Dev<float> dout(12 * n);
      k_f32_div_sqrt_rcp_rounding<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f32_div_sqrt_rcp_rounding" + sz);
      std::vector<float> want(12 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile float x = a[i], y = b[i], one = 1.0f;
        for (int m = 0; m < 4; ++m) {
          want[12 * i + m] = rounded(m, [&] { return x / y; });
          want[12 * i + 4 + m] = rounded(m, [&] { return std::sqrt((float)x); });
          want[12 * i + 8 + m] = rounded(m, [&] { return one / y; });
        }
      }
      kc::compare("k_f32_div_sqrt_rcp_rounding (__fdiv/__fsqrt/__frcp _rn _rz _ru _rd)" + sz,
                  want, dout.get(), desc(0, 12));
    }
    {
      Dev<float> dout(6 * n);
      k_f32_fma<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_f32_fma" + sz);
      std::vector<float> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile float x = a[i], y = b[i], z = c[i];
        want[6 * i] = std::fma((float)x, (float)y, (float)z);
        for (int m = 0; m < 4; ++m)
          want[6 * i + 1 + m] = rounded(m, [&] { return std::fma((float)x, (float)y, (float)z); });
        volatile float p = x * y;
        want[6 * i + 5] = p + z;
      }
      kc::compare("k_f32_fma (fmaf __fmaf_rn/rz/ru/rd, mul then add)" + sz, want, dout.get(),
                  [&](size_t j) {
                    size_t k = j / 6;
                    return "op " + std::to_string(j % 6) + " a=" + kc::show(a[k]) +
                           " b=" + kc::show(b[k]) + " c=" + kc::show(c[k]);
                  });
    }
    {
      Dev<float> dout(6 * n);
      k_f32_minmax_sign<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f32_minmax_sign" + sz);
      std::vector<float> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        float x = a[i], y = b[i];
        want[6 * i] = cuda_fmin(x, y);
        want[6 * i + 1] = cuda_fmax(x, y);
        want[6 * i + 2] = std::copysign(x, y);
        want[6 * i + 3] = std::isnan(x) ? 0.0f : x < 0 ? 0.0f : x > 1 ? 1.0f : x;
        volatile float vx = x, vy = y;
        want[6 * i + 4] = std::isnan(x) || std::isnan(y) ? NAN : x > y ? vx - vy : 0.0f;
        want[6 * i + 5] = std::fabs(x) * (std::signbit(y) ? -1.0f : 1.0f);
      }
      // The sign of a zero result of fminf/fmaxf/__saturatef for +-0 inputs is not specified.
      kc::compare_with("k_f32_minmax_sign (fminf fmaxf copysignf __saturatef fdimf)" + sz, want,
                       dout.get(), same_or_both_zero, desc(0, 6));
    }
    {
      Dev<float> dout(10 * n);
      Dev<int> di(2 * n);
      k_f32_to_integral<<<bl, 256>>>(da, db, dout, di, n);
      kc::launched("k_f32_to_integral" + sz);
      std::vector<float> want(10 * n);
      std::vector<int> wi(2 * n);
      for (size_t i = 0; i < n; ++i) {
        float x = a[i], y = b[i];
        float* o = &want[10 * i];
        o[0] = std::floor(x);
        o[1] = std::ceil(x);
        o[2] = std::trunc(x);
        o[3] = std::rint(x);
        o[4] = std::round(x);
        o[5] = std::fmod(x, y);
        o[6] = std::remainder(x, y);
        o[7] = std::ldexp(x, (int)(i % 64) - 32);
        int e = 0;
        o[8] = std::frexp(x, &e);
        o[9] = std::nextafter(x, y);
        wi[2 * i] = std::isfinite(x) && x != 0 ? e : 0;
        wi[2 * i + 1] = std::ilogb(x);
      }
      kc::compare("k_f32_to_integral (floor ceil trunc rint round fmod remainder ldexp frexp "
                  "nextafter)" + sz,
                  want, dout.get(), desc(0, 10));
      kc::compare("k_f32_to_integral (frexp exponent, ilogbf)" + sz, wi, di.get(), [&](size_t j) {
        return "a=" + kc::show(a[j / 2]);
      });
    }
  }
  return chk::finish();
}
