// nvcc-flags: -Xcompiler -frounding-math
// Double precision arithmetic: + - * / sqrt (IEEE round-to-nearest), the explicitly rounded
// intrinsics __dadd_*/__dsub_*/__dmul_*/__ddiv_*/__dsqrt_*/__drcp_*/__fma_* in all four modes,
// fmin/fmax with NaN, copysign, rounding to integral values, fmod/remainder, and a block
// reduction whose order differs from the host's (checked within a relative bound).
#include <cfenv>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

static const int kModes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
template <class F>
static double rounded(int mode, F f) {
  std::fesetround(kModes[mode]);
  volatile double r = f();
  std::fesetround(FE_TONEAREST);
  return r;
}

__global__ void k_f64_basic(const double* a, const double* b, double* out, size_t n) {
  TID();
  double x = a[i], y = b[i];
  double* o = out + 6 * i;
  o[0] = x + y;
  o[1] = x - y;
  o[2] = x * y;
  o[3] = x / y;
  o[4] = sqrt(x);
  o[5] = -fabs(y);
}

__global__ void k_f64_rounding(const double* a, const double* b, const double* c, double* out,
                               size_t n) {
  TID();
  double x = a[i], y = b[i], z = c[i];
  double* o = out + 28 * i;
  o[0] = __dadd_rn(x, y); o[1] = __dadd_rz(x, y); o[2] = __dadd_ru(x, y); o[3] = __dadd_rd(x, y);
  o[4] = __dsub_rn(x, y); o[5] = __dsub_rz(x, y); o[6] = __dsub_ru(x, y); o[7] = __dsub_rd(x, y);
  o[8] = __dmul_rn(x, y); o[9] = __dmul_rz(x, y); o[10] = __dmul_ru(x, y); o[11] = __dmul_rd(x, y);
  o[12] = __ddiv_rn(x, y); o[13] = __ddiv_rz(x, y); o[14] = __ddiv_ru(x, y); o[15] = __ddiv_rd(x, y);
  o[16] = __dsqrt_rn(x); o[17] = __dsqrt_rz(x); o[18] = __dsqrt_ru(x); o[19] = __dsqrt_rd(x);
  o[20] = __drcp_rn(y); o[21] = __drcp_rz(y); o[22] = __drcp_ru(y); o[23] = __drcp_rd(y);
  o[24] = __fma_rn(x, y, z); o[25] = __fma_rz(x, y, z); o[26] = __fma_ru(x, y, z);
  o[27] = __fma_rd(x, y, z);
}

__global__ void k_f64_minmax_sign(const double* a, const double* b, double* out, size_t n) {
  TID();
  double x = a[i], y = b[i];
  double* o = out + 4 * i;
  o[0] = fmin(x, y);
  o[1] = fmax(x, y);
  o[2] = copysign(x, y);
  o[3] = fdim(x, y);
}

__global__ void k_f64_to_integral(const double* a, const double* b, double* out, size_t n) {
  TID();
  double x = a[i], y = b[i];
  double* o = out + 8 * i;
  o[0] = floor(x);
  o[1] = ceil(x);
  o[2] = trunc(x);
  o[3] = rint(x);
  o[4] = round(x);
  o[5] = fmod(x, y);
  o[6] = remainder(x, y);
  o[7] = ldexp(x, (int)(i % 128) - 64);
}

// Sum of products per block (tree reduction in shared memory), then one atomicAdd per block.
__global__ void k_f64_dot(const double* a, const double* b, double* partial, size_t n) {
  __shared__ double s[256];
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? a[i] * b[i] : 0.0;
  __syncthreads();
  for (unsigned k = blockDim.x / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

// fmin/fmax as CUDA defines them: a NaN operand (quiet or signalling) yields the other operand.
// (glibc quiets a signalling NaN instead, so it is not the reference.)
static double cuda_fmin(double x, double y) { return std::isnan(x) ? y : std::isnan(y) ? x : std::fmin(x, y); }
static double cuda_fmax(double x, double y) { return std::isnan(x) ? y : std::isnan(y) ? x : std::fmax(x, y); }

static bool same_or_both_zero(double a, double b) { return kc::same(a, b) || (a == 0 && b == 0); }

int main() {
  kc::Rng rng(6);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto a = kc::make<double>(n, [&] { return rng.any_double(); });
    auto b = kc::make<double>(n, [&] { return rng.any_double(); });
    auto c = kc::make<double>(n, [&] { return rng.any_double(); });
    for (size_t i = 0; i + 1 < n; i += 5) b[i] = a[i] * rng.uniform(0.5, 2.0);
    auto desc = [&](int per) {
      return [&, per](size_t j) {
        return "op " + std::to_string(j % per) + " a=" + kc::show(a[j / per]) +
               " b=" + kc::show(b[j / per]);
      };
    };
    Dev<double> da(a), db(b), dc(c);
    {
      Dev<double> dout(6 * n);
      k_f64_basic<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f64_basic" + sz);
      std::vector<double> want(6 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile double x = a[i], y = b[i];
        want[6 * i] = x + y;
        want[6 * i + 1] = x - y;
        want[6 * i + 2] = x * y;
        want[6 * i + 3] = x / y;
        want[6 * i + 4] = std::sqrt((double)x);
        want[6 * i + 5] = -std::fabs((double)y);
      }
      kc::compare("k_f64_basic (+ - * / sqrt)" + sz, want, dout.get(), desc(6));
    }
    {
      Dev<double> dout(28 * n);
      k_f64_rounding<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_f64_rounding" + sz);
      std::vector<double> want(28 * n);
      for (size_t i = 0; i < n; ++i) {
        volatile double x = a[i], y = b[i], z = c[i], one = 1.0;
        double* o = &want[28 * i];
        for (int m = 0; m < 4; ++m) {
          o[m] = rounded(m, [&] { return x + y; });
          o[4 + m] = rounded(m, [&] { return x - y; });
          o[8 + m] = rounded(m, [&] { return x * y; });
          o[12 + m] = rounded(m, [&] { return x / y; });
          o[16 + m] = rounded(m, [&] { return std::sqrt((double)x); });
          o[20 + m] = rounded(m, [&] { return one / y; });
          o[24 + m] = rounded(m, [&] { return std::fma((double)x, (double)y, (double)z); });
        }
      }
      kc::compare("k_f64_rounding (__dadd __dsub __dmul __ddiv __dsqrt __drcp __fma x rn/rz/ru/rd)" +
                      sz,
                  want, dout.get(), desc(28));
    }
    {
      Dev<double> dout(4 * n);
      k_f64_minmax_sign<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f64_minmax_sign" + sz);
      std::vector<double> want(4 * n);
      for (size_t i = 0; i < n; ++i) {
        double x = a[i], y = b[i];
        volatile double vx = x, vy = y;
        want[4 * i] = cuda_fmin(x, y);
        want[4 * i + 1] = cuda_fmax(x, y);
        want[4 * i + 2] = std::copysign(x, y);
        want[4 * i + 3] = std::isnan(x) || std::isnan(y) ? NAN : x > y ? vx - vy : 0.0;
      }
      kc::compare_with("k_f64_minmax_sign (fmin fmax copysign fdim)" + sz, want, dout.get(),
                       same_or_both_zero, desc(4));
    }
    {
      Dev<double> dout(8 * n);
      k_f64_to_integral<<<bl, 256>>>(da, db, dout, n);
      kc::launched("k_f64_to_integral" + sz);
      std::vector<double> want(8 * n);
      for (size_t i = 0; i < n; ++i) {
        double x = a[i], y = b[i];
        double* o = &want[8 * i];
        o[0] = std::floor(x);
        o[1] = std::ceil(x);
        o[2] = std::trunc(x);
        o[3] = std::rint(x);
        o[4] = std::round(x);
        o[5] = std::fmod(x, y);
        o[6] = std::remainder(x, y);
        // IEEE 754: a zero remainder has the sign of x. glibc gets the sign wrong when y is the
        // smallest subnormal; CUDA's libdevice follows the standard.
        if (o[6] == 0) o[6] = std::copysign(0.0, x);
        o[7] = std::ldexp(x, (int)(i % 128) - 64);
      }
      kc::compare("k_f64_to_integral (floor ceil trunc rint round fmod remainder ldexp)" + sz,
                  want, dout.get(), desc(8));
    }
    {
      auto x = kc::make<double>(n, [&] { return rng.uniform(-1, 1); });
      auto y = kc::make<double>(n, [&] { return rng.uniform(-1, 1); });
      Dev<double> dx(x), dy(y), dp(bl);
      k_f64_dot<<<bl, 256>>>(dx, dy, dp, n);
      kc::launched("k_f64_dot" + sz);
      auto part = dp.get();
      double got = 0, want = 0, mag = 0;
      for (double p : part) got += p;
      for (size_t i = 0; i < n; ++i) want += x[i] * y[i], mag += std::fabs(x[i] * y[i]);
      double err = std::fabs(got - want);
      chk::that("k_f64_dot" + sz, err <= 1e-13 * mag + 1e-300,
                "|sum - host| <= 1e-13 * sum|x*y| (" + kc::show(want) + ")", kc::show(got));
    }
  }
  return chk::finish();
}
