// Host references and checks, shared by all three implementations so that they are held to the same
// answer. Each runs once, outside the timed region. C++17 (nvcc host pass).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "bench.h"

namespace bench {

// Inputs, identical in every implementation.
inline void fill_floats(float* p, long n, uint32_t seed) {
  for (long i = 0; i < n; ++i) p[i] = input_float(i, seed);
}
// Reductions sum values in [0, 1) so that the relative error of a float sum stays meaningful.
inline float reduce_input(long i) { return 0.5f * input_float(i, 7) + 0.5f; }
constexpr float kSaxpyA = 2.5f;
inline float softmax_input(long i) { return 4.0f * input_float(i, 11); }

inline Check check_saxpy(const float* x, const float* y0, const float* y, long n, float a) {
  std::vector<double> want(n);
  for (long i = 0; i < n; ++i) want[i] = static_cast<double>(a) * x[i] + y0[i];
  return compare(y, want.data(), n, 1e-6, 1e-6);
}

inline Check check_copy(const float* in, const float* out, long n) {
  for (long i = 0; i < n; ++i)
    if (in[i] != out[i] && !(std::isnan(in[i]) && std::isnan(out[i]))) {
      Check c;
      c.ok = false;
      c.what = "copy differs at " + std::to_string(i);
      return c;
    }
  return Check{true, "exact over " + std::to_string(n)};
}

inline Check check_sum(double got, long n) {
  double want = 0;
  for (long i = 0; i < n; ++i) want += reduce_input(i);
  // float accumulation of up to 64M values in [0,1): allow 1e-4 relative.
  return compare_scalar(got, want, 1e-4);
}

inline Check check_transpose(const float* in, const float* out, long n) {
  for (long y = 0; y < n; ++y)
    for (long x = 0; x < n; ++x)
      if (out[x * n + y] != in[y * n + x]) {
        Check c;
        c.ok = false;
        c.what = "transpose differs at (" + std::to_string(y) + "," + std::to_string(x) + ")";
        return c;
      }
  return Check{true, "exact over " + std::to_string(n * n)};
}

// C = A * B, all n x n row-major. Checks every element for small n, else 4096 sampled elements
// (a full double-precision reference at 1024^3 would dominate the run).
inline Check check_sgemm(const float* A, const float* B, const float* C, long n) {
  std::vector<float> got;
  std::vector<double> want;
  long samples = n <= 128 ? n * n : 4096;
  for (long s = 0; s < samples; ++s) {
    long idx = n <= 128 ? s : static_cast<long>(hash32(s + 99) % static_cast<uint32_t>(n * n));
    long i = idx / n, j = idx % n;
    double acc = 0;
    for (long k = 0; k < n; ++k) acc += static_cast<double>(A[i * n + k]) * B[k * n + j];
    want.push_back(acc);
    got.push_back(C[idx]);
  }
  return compare(got.data(), want.data(), got.size(), 1e-4, 1e-4 * std::sqrt(double(n)));
}

inline Check check_histogram(const uint8_t* data, long nbytes, const uint32_t* hist) {
  std::vector<uint64_t> want(kHistBins, 0);
  for (long i = 0; i < nbytes; ++i) ++want[data[i]];
  for (int b = 0; b < kHistBins; ++b)
    if (want[b] != hist[b]) {
      Check c;
      c.ok = false;
      c.what = "bin " + std::to_string(b) + ": got " + std::to_string(hist[b]) + " want " +
               std::to_string(want[b]);
      return c;
    }
  return Check{true, "exact, 256 bins over " + std::to_string(nbytes) + " bytes"};
}

// out = in on the border; 0.5*c + 0.125*(n+s+e+w) inside.
inline Check check_stencil5(const float* in, const float* out, long n) {
  std::vector<double> want(n * n);
  for (long y = 0; y < n; ++y)
    for (long x = 0; x < n; ++x) {
      long i = y * n + x;
      if (x == 0 || y == 0 || x == n - 1 || y == n - 1) want[i] = in[i];
      else
        want[i] = 0.5 * in[i] + 0.125 * (static_cast<double>(in[i - 1]) + in[i + 1] + in[i - n] +
                                         in[i + n]);
    }
  return compare(out, want.data(), n * n, 1e-5, 1e-6);
}

inline Check check_softmax(const float* in, const float* out, long rows, long cols) {
  std::vector<double> want(rows * cols);
  for (long r = 0; r < rows; ++r) {
    const float* x = in + r * cols;
    double m = -INFINITY, s = 0;
    for (long j = 0; j < cols; ++j) m = std::max(m, static_cast<double>(x[j]));
    for (long j = 0; j < cols; ++j) s += std::exp(x[j] - m);
    for (long j = 0; j < cols; ++j) want[r * cols + j] = std::exp(x[j] - m) / s;
  }
  return compare(out, want.data(), rows * cols, 1e-4, 1e-7);
}

}  // namespace bench
