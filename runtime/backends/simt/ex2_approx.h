// ex2.approx.f32 as cudashim computes it. One text serves the interpreter (lane_ops_float.cc)
// and the cpu compiler's generated code (pasted from kEx2ApproxSource), so both paths agree bit
// for bit. PTX documents ex2.approx.f32 as an approximation with a maximum relative error of
// about 2^-22 (2 ulp); this one stays within 1 ulp of 2^x
// (tests/simt_lane_ops/float_test.cc), in float arithmetic only and without branches so that
// the compiler's lane loops vectorise it (16 lanes per AVX-512 operation; evaluating exp2 in
// double took a quarter of softmax's time).
//
// 2^x = 2^n * 2^f with n = rint(x), |f| <= 1/2: 2^f by its Taylor series to degree 7 (the
// remainder is under 0.1 ulp) in fused multiply-adds, the terms from f^2 on paired (a shorter
// dependency chain: the compiled path's calls wait on it; within 1 ulp over every input,
// checked exhaustively); 2^n as two powers of two so that every
// n in [-200, 200] stays a normal float and the final product rounds once (to a subnormal or
// infinity where the result is one). Beyond +-200 the result is 0 or infinity anyway.
#pragma once

#define CUDASHIM_EX2_APPROX(...) \
  __VA_ARGS__                    \
  inline constexpr const char kEx2ApproxSource[] = #__VA_ARGS__;

namespace cudashim::simt {

CUDASHIM_EX2_APPROX(
    static inline float cs_ex2_sel(bool c, float a, float b) {
      const unsigned m = 0u - (unsigned)c;
      return __builtin_bit_cast(float, (__builtin_bit_cast(unsigned, a) & m) | (__builtin_bit_cast(unsigned, b) & ~m));
    }
    static inline float cs_ex2_approx(float x) {
      const float lo = cs_ex2_sel(x >= -200.0f, x, -200.0f);  /* NaN -> -200, restored below */
      const float c = cs_ex2_sel(lo <= 200.0f, lo, 200.0f);
      const float n = __builtin_rintf(c), f = c - n;
      /* 1 + f * (c1 + f * hi), hi = c2 + ... + c7 f^5 in pairs (Estrin): 4 dependent FMAs after */
      /* the pairs instead of 7; hi's rounding reaches the result scaled by f^2 <= 1/4. */
      const float f2 = f * f;
      const float c67 = __builtin_fmaf(1.525273380405984e-05f, f, 1.5403530393381608e-04f);
      const float c45 = __builtin_fmaf(1.3333558146428443e-03f, f, 9.618129107628477e-03f);
      const float c23 = __builtin_fmaf(5.550410866482158e-02f, f, 2.402265069591007e-01f);
      const float hi = __builtin_fmaf(f2, __builtin_fmaf(f2, c67, c45), c23);
      float q = __builtin_fmaf(hi, f, 6.931471805599453e-01f);
      q = __builtin_fmaf(q, f, 1.0f);
      const int k = (int)n, h = k >> 1;
      const float s1 = __builtin_bit_cast(float, (unsigned)(h + 127) << 23);
      const float s2 = __builtin_bit_cast(float, (unsigned)(k - h + 127) << 23);
      return cs_ex2_sel(x != x, x + x, q * s1 * s2);
    })

}  // namespace cudashim::simt
