// Built the default way (static cudart): `nvcc -O2 -o static_link static_link.cu -L<dir>`.
// A device query, a memcpy round trip and a host function. Needs no kernel to run.
#include <cuda_runtime.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"

using chk::eq;
using chk::ok;
using chk::that;

static void CUDART_CB set_flag(void* p) { static_cast<std::atomic<int>*>(p)->store(42); }

int main() {
  int n = 0;
  ok("GetDeviceCount", cudaGetDeviceCount(&n));
  that("device count >= 1", n >= 1, ">= 1", n);
  cudaDeviceProp prop;
  ok("GetDeviceProperties", cudaGetDeviceProperties(&prop, 0));
  that("name non-empty", prop.name[0] != '\0', "non-empty", std::string(prop.name));
  eq("warpSize", 32, prop.warpSize);
  int rv = 0;
  ok("RuntimeGetVersion", cudaRuntimeGetVersion(&rv));
  that("RuntimeGetVersion >= 13000", rv >= 13000, ">= 13000", rv);

  const size_t bytes = 1 << 20;
  std::vector<unsigned char> src(bytes), dst(bytes, 0);
  chk::fill_random(src.data(), bytes, 9);
  void* d = nullptr;
  ok("Malloc", cudaMalloc(&d, bytes));
  ok("Memcpy H2D", cudaMemcpy(d, src.data(), bytes, cudaMemcpyHostToDevice));
  ok("Memcpy D2H", cudaMemcpy(dst.data(), d, bytes, cudaMemcpyDeviceToHost));
  eq("round trip bytes", true, std::memcmp(src.data(), dst.data(), bytes) == 0);
  ok("Free", cudaFree(d));

  cudaStream_t s;
  ok("StreamCreate", cudaStreamCreate(&s));
  std::atomic<int> flag{0};
  ok("LaunchHostFunc", cudaLaunchHostFunc(s, set_flag, &flag));
  ok("StreamSynchronize", cudaStreamSynchronize(s));
  eq("host function ran", 42, flag.load());
  ok("StreamDestroy", cudaStreamDestroy(s));
  eq("SetDevice(-1)", cudaErrorInvalidDevice, cudaSetDevice(-1));
  eq("GetLastError", cudaErrorInvalidDevice, cudaGetLastError());
  ok("GetLastError reset", cudaGetLastError());
  return chk::finish();
}
