// Device printf: many formats (%d %i %u %x %X %o %c %s %f %e %g %lld %llu, widths, precision,
// flags, %%) from several blocks. The program captures its own stdout around the kernel (the
// output appears at the synchronisation), then checks that every expected line is present exactly
// once, that each thread's lines keep their order, and printf's return value (the number of
// arguments).
#include <fcntl.h>
#include <unistd.h>

#include <cstdarg>
#include <fstream>
#include <map>
#include <sstream>

#include "kcheck.h"

using kc::Dev;

__device__ const char d_word[] = "device-string";

__global__ void k_printf_formats(int* rets) {
  int b = blockIdx.x, t = threadIdx.x, g = b * blockDim.x + t;
  unsigned v = 0x9e3779b9u * (unsigned)(g + 1);
  float f = g * 1.25f - 3.5f;
  double d = g * -1234.5678;
  long long ll = -(1ll << 40) - g;
  unsigned long long ull = 0xfedcba9876543210ull + g;
  rets[3 * g] = printf("P1 b=%d t=%i u=%u x=%x X=%X o=%o c=%c s=%s\n", b, t, v, v, v, v, 'A' + t, d_word);
  rets[3 * g + 1] = printf("P2 b=%d t=%d f=%f e=%e g=%g w=[%8.3f] l=[%-6d] z=[%05d] %%\n", b, t, f, d, d, f, t, g);
  rets[3 * g + 2] = printf("P3 b=%d t=%d ll=%lld ull=%llu hex=%llx s=[%.3s] c=%c\n", b, t, ll, ull, ull, d_word, '#');
}

__global__ void k_printf_no_args(int* rets) { rets[0] = printf("printf without arguments\n"); }

static std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

int main() {
  const int blocks = 5, threads = 12, n = blocks * threads;
  Dev<int> rets(3 * n), ret0(1);
  char path[] = "/tmp/cudashim_printf_XXXXXX";
  int fd = mkstemp(path);
  chk::require("mkstemp", fd >= 0);
  std::fflush(stdout);
  int saved = dup(1);
  dup2(fd, 1);
  k_printf_formats<<<blocks, threads>>>(rets);
  cudaError_t e1 = cudaDeviceSynchronize();
  k_printf_no_args<<<1, 1>>>(ret0);
  cudaError_t e2 = cudaDeviceSynchronize();
  std::fflush(stdout);
  dup2(saved, 1);
  close(saved);
  close(fd);
  chk::ok("k_printf_formats runs", e1);
  chk::ok("k_printf_no_args runs", e2);

  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  unlink(path);
  chk::that("captured output lines", lines.size() == (size_t)(3 * n + 1), std::to_string(3 * n + 1),
            lines.size());

  std::map<std::string, int> position;
  for (size_t k = 0; k < lines.size(); ++k) position.emplace(lines[k], (int)k);
  int missing = 0, misordered = 0;
  std::string first_missing;
  for (int b = 0; b < blocks; ++b) {
    for (int t = 0; t < threads; ++t) {
      int g = b * threads + t;
      unsigned v = 0x9e3779b9u * (unsigned)(g + 1);
      float f = g * 1.25f - 3.5f;
      double d = g * -1234.5678;
      long long ll = -(1ll << 40) - g;
      unsigned long long ull = 0xfedcba9876543210ull + g;
      std::string want[3] = {
          fmt("P1 b=%d t=%i u=%u x=%x X=%X o=%o c=%c s=%s", b, t, v, v, v, v, 'A' + t, "device-string"),
          fmt("P2 b=%d t=%d f=%f e=%e g=%g w=[%8.3f] l=[%-6d] z=[%05d] %%", b, t, (double)f, d, d, (double)f, t, g),
          fmt("P3 b=%d t=%d ll=%lld ull=%llu hex=%llx s=[%.3s] c=%c", b, t, ll, ull, ull, "device-string", '#')};
      int prev = -1;
      for (auto& w : want) {
        auto it = position.find(w);
        if (it == position.end()) {
          if (missing++ == 0) first_missing = w;
          continue;
        }
        if (it->second < prev) misordered++;
        prev = it->second;
      }
    }
  }
  chk::that("every expected line present", missing == 0, "0 missing",
            std::to_string(missing) + (missing ? " missing, first: \"" + first_missing + "\"" : ""));
  chk::eq("lines of one thread in program order (misordered)", 0, misordered);
  chk::eq("the line without arguments", 1, (int)position.count("printf without arguments"));
  auto r = rets.get();
  std::vector<int> want_r(3 * n);
  for (int g = 0; g < n; ++g) want_r[3 * g] = 8, want_r[3 * g + 1] = 8, want_r[3 * g + 2] = 7;
  kc::compare("printf return values (number of arguments)", want_r, r);
  chk::eq("printf without arguments returns 0", 0, ret0.get()[0]);
  return chk::finish();
}
