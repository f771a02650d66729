// __device__ / __constant__ / __managed__ variables through the symbol API: initial values,
// round trips with offsets, bounds, addresses, sizes, unknown symbols and async variants.
// Needs no kernel to run.
#include <cuda_runtime.h>

#include <cstring>
#include <string>
#include <vector>

#include "check.h"

using chk::eq;
using chk::err;
using chk::ok;
using chk::that;

__device__ int dv = 5;
__constant__ float cv[4] = {1, 2, 3, 4};
__device__ double darr[1000];
namespace ns {
__device__ int nsv = 11;
namespace inner {
__constant__ long long big = 0x0123456789abcdefLL;
}
}  // namespace ns
template <class T>
__device__ T tv = T(3);
template __device__ int tv<int>;
template __device__ double tv<double>;
__managed__ int mv = 7;

// Kernels that reference the variables (never launched), so they are surely kept.
__global__ void touch(int* out) {
  out[0] = dv + ns::nsv + int(cv[0]) + int(darr[1]) + int(ns::inner::big) + tv<int> +
           int(tv<double>) + mv;
}

int host_only_global = 1;  // an ordinary host variable: not a symbol

static void test_initial_values() {
  int x = 0;
  ok("MemcpyFromSymbol(dv)", cudaMemcpyFromSymbol(&x, dv, sizeof(int)));
  eq("dv initial", 5, x);
  float f[4] = {0, 0, 0, 0};
  ok("MemcpyFromSymbol(cv)", cudaMemcpyFromSymbol(f, cv, sizeof(f)));
  eq("cv initial", std::string("1,2,3,4"),
     std::to_string(int(f[0])) + "," + std::to_string(int(f[1])) + "," + std::to_string(int(f[2])) +
         "," + std::to_string(int(f[3])));
  std::vector<double> d(1000, -1.0);
  ok("MemcpyFromSymbol(darr)", cudaMemcpyFromSymbol(d.data(), darr, sizeof(double) * 1000));
  size_t nonzero = 0;
  for (double v : d) nonzero += v != 0.0;
  eq("darr initial zero-filled (nonzero count)", size_t(0), nonzero);
  ok("MemcpyFromSymbol(ns::nsv)", cudaMemcpyFromSymbol(&x, ns::nsv, sizeof(int)));
  eq("ns::nsv initial", 11, x);
  long long ll = 0;
  ok("MemcpyFromSymbol(ns::inner::big)", cudaMemcpyFromSymbol(&ll, ns::inner::big, sizeof(ll)));
  eq("ns::inner::big initial", 0x0123456789abcdefLL, ll);
  ok("MemcpyFromSymbol(tv<int>)", cudaMemcpyFromSymbol(&x, tv<int>, sizeof(int)));
  eq("tv<int> initial", 3, x);
  double dd = 0;
  ok("MemcpyFromSymbol(tv<double>)", cudaMemcpyFromSymbol(&dd, tv<double>, sizeof(double)));
  eq("tv<double> initial", 3.0, dd);
}

static void test_round_trips() {
  int x = 42;
  ok("MemcpyToSymbol(dv)", cudaMemcpyToSymbol(dv, &x, sizeof(int)));
  x = 0;
  ok("MemcpyFromSymbol(dv) after write", cudaMemcpyFromSymbol(&x, dv, sizeof(int)));
  eq("dv after write", 42, x);

  float two[2] = {20, 30};
  ok("MemcpyToSymbol(cv, offset 8)", cudaMemcpyToSymbol(cv, two, sizeof(two), 8));
  float f[4] = {0, 0, 0, 0};
  ok("MemcpyFromSymbol(cv) after offset write", cudaMemcpyFromSymbol(f, cv, sizeof(f)));
  eq("cv after offset write", std::string("1,2,20,30"),
     std::to_string(int(f[0])) + "," + std::to_string(int(f[1])) + "," + std::to_string(int(f[2])) +
         "," + std::to_string(int(f[3])));
  float one = 0;
  ok("MemcpyFromSymbol(cv, offset 12)", cudaMemcpyFromSymbol(&one, cv, sizeof(float), 12));
  eq("cv[3] via offset", 30.0f, one);

  std::vector<double> src(100), back(100, 0);
  for (int i = 0; i < 100; ++i) src[i] = i * 0.5 + 1;
  ok("MemcpyToSymbol(darr, offset 500*8)",
     cudaMemcpyToSymbol(darr, src.data(), 100 * sizeof(double), 500 * sizeof(double)));
  ok("MemcpyFromSymbol(darr, offset 500*8)",
     cudaMemcpyFromSymbol(back.data(), darr, 100 * sizeof(double), 500 * sizeof(double)));
  eq("darr offset round trip", true, std::memcmp(src.data(), back.data(), 800) == 0);
  double edge = 0;
  ok("MemcpyFromSymbol(darr, last element)",
     cudaMemcpyFromSymbol(&edge, darr, sizeof(double), 999 * sizeof(double)));
  eq("darr[999]", 0.0, edge);
  ok("MemcpyFromSymbol(darr[499])", cudaMemcpyFromSymbol(&edge, darr, 8, 499 * 8));
  eq("darr[499] untouched", 0.0, edge);
  ok("MemcpyFromSymbol(darr[600])", cudaMemcpyFromSymbol(&edge, darr, 8, 600 * 8));
  eq("darr[600] untouched", 0.0, edge);

  // Device-to-device to and from a symbol.
  int* d = nullptr;
  cudaMalloc(&d, sizeof(int));
  int v = 77;
  cudaMemcpy(d, &v, sizeof(int), cudaMemcpyHostToDevice);
  ok("MemcpyToSymbol(dv, device src, DeviceToDevice)",
     cudaMemcpyToSymbol(dv, d, sizeof(int), 0, cudaMemcpyDeviceToDevice));
  ok("MemcpyFromSymbol(tv<int> -> device, DeviceToDevice)",
     cudaMemcpyFromSymbol(d, tv<int>, sizeof(int), 0, cudaMemcpyDeviceToDevice));
  int y = 0;
  cudaMemcpy(&y, d, sizeof(int), cudaMemcpyDeviceToHost);
  eq("tv<int> copied to device buffer", 3, y);
  ok("MemcpyFromSymbol(dv) after D2D", cudaMemcpyFromSymbol(&y, dv, sizeof(int)));
  eq("dv after D2D", 77, y);
  ok("MemcpyToSymbol(dv, Default kind)",
     cudaMemcpyToSymbol(dv, &v, sizeof(int), 0, cudaMemcpyDefault));
  cudaFree(d);
  ok("MemcpyToSymbol size 0", cudaMemcpyToSymbol(dv, &v, 0));
}

static void test_bounds_and_unknown() {
  long long big = 0;
  float f8[8] = {0};
  err("MemcpyToSymbol(dv, 8 bytes > 4)", cudaErrorInvalidValue,
      cudaMemcpyToSymbol(dv, &big, sizeof(big)));
  err("MemcpyFromSymbol(dv, 8 bytes > 4)", cudaErrorInvalidValue,
      cudaMemcpyFromSymbol(&big, dv, sizeof(big)));
  err("MemcpyToSymbol(cv, offset 12 size 8)", cudaErrorInvalidValue,
      cudaMemcpyToSymbol(cv, f8, 8, 12));
  err("MemcpyFromSymbol(cv, offset 16 size 4)", cudaErrorInvalidValue,
      cudaMemcpyFromSymbol(f8, cv, 4, 16));
  err("MemcpyFromSymbol(darr, offset 999*8 size 16)", cudaErrorInvalidValue,
      cudaMemcpyFromSymbol(f8, darr, 16, 999 * 8));
  int x = 0;
  err("MemcpyToSymbol(host global)", cudaErrorInvalidSymbol,
      cudaMemcpyToSymbol(host_only_global, &x, sizeof(int)));
  err("MemcpyFromSymbol(host global)", cudaErrorInvalidSymbol,
      cudaMemcpyFromSymbol(&x, host_only_global, sizeof(int)));
  err("MemcpyFromSymbol(host stack var)", cudaErrorInvalidSymbol,
      cudaMemcpyFromSymbol(&x, reinterpret_cast<const void*>(&big), sizeof(int)));
  void* p = nullptr;
  err("GetSymbolAddress(host global)", cudaErrorInvalidSymbol,
      cudaGetSymbolAddress(&p, host_only_global));
  size_t sz = 0;
  err("GetSymbolSize(host global)", cudaErrorInvalidSymbol,
      cudaGetSymbolSize(&sz, host_only_global));
  err("MemcpyToSymbol(dv, kind DeviceToHost)", cudaErrorInvalidMemcpyDirection,
      cudaMemcpyToSymbol(dv, &x, sizeof(int), 0, cudaMemcpyDeviceToHost));
  err("MemcpyFromSymbol(dv, kind HostToDevice)", cudaErrorInvalidMemcpyDirection,
      cudaMemcpyFromSymbol(&x, dv, sizeof(int), 0, cudaMemcpyHostToDevice));
}

static void test_address_and_size() {
  size_t sz = 0;
  ok("GetSymbolSize(dv)", cudaGetSymbolSize(&sz, dv));
  eq("GetSymbolSize(dv) value", sizeof(int), sz);
  ok("GetSymbolSize(cv)", cudaGetSymbolSize(&sz, cv));
  eq("GetSymbolSize(cv) value", 4 * sizeof(float), sz);
  ok("GetSymbolSize(darr)", cudaGetSymbolSize(&sz, darr));
  eq("GetSymbolSize(darr) value", 1000 * sizeof(double), sz);
  ok("GetSymbolSize(ns::inner::big)", cudaGetSymbolSize(&sz, ns::inner::big));
  eq("GetSymbolSize(ns::inner::big) value", sizeof(long long), sz);
  ok("GetSymbolSize(tv<double>)", cudaGetSymbolSize(&sz, tv<double>));
  eq("GetSymbolSize(tv<double>) value", sizeof(double), sz);

  int* pdv = nullptr;
  ok("GetSymbolAddress(dv)", cudaGetSymbolAddress(reinterpret_cast<void**>(&pdv), dv));
  that("GetSymbolAddress(dv) non-null", pdv != nullptr, "non-null", static_cast<void*>(pdv));
  int a = 0, b = 1;
  cudaMemcpyFromSymbol(&a, dv, sizeof(int));
  ok("Memcpy D2H from symbol address", cudaMemcpy(&b, pdv, sizeof(int), cudaMemcpyDeviceToHost));
  eq("symbol address reads the same value", a, b);
  int w = 4242;
  ok("Memcpy H2D to symbol address", cudaMemcpy(pdv, &w, sizeof(int), cudaMemcpyHostToDevice));
  ok("MemcpyFromSymbol(dv) after write through address", cudaMemcpyFromSymbol(&a, dv, sizeof(int)));
  eq("write through address visible via symbol", 4242, a);
  cudaPointerAttributes pa;
  std::memset(&pa, 0, sizeof(pa));
  ok("PointerGetAttributes(symbol address)", cudaPointerGetAttributes(&pa, pdv));
  eq("symbol address type", int(cudaMemoryTypeDevice), int(pa.type));

  double* pd = nullptr;
  ok("GetSymbolAddress(darr)", cudaGetSymbolAddress(reinterpret_cast<void**>(&pd), darr));
  std::vector<double> via_sym(1000), via_ptr(1000);
  cudaMemcpyFromSymbol(via_sym.data(), darr, 8000);
  ok("Memcpy D2H of darr via address", cudaMemcpy(via_ptr.data(), pd, 8000, cudaMemcpyDefault));
  eq("darr bytes via address == via symbol", true,
     std::memcmp(via_sym.data(), via_ptr.data(), 8000) == 0);
  float* pc = nullptr;
  ok("GetSymbolAddress(cv)", cudaGetSymbolAddress(reinterpret_cast<void**>(&pc), cv));
  float c3 = 0;
  cudaMemcpy(&c3, pc + 3, sizeof(float), cudaMemcpyDeviceToHost);
  eq("cv[3] via address", 30.0f, c3);
  that("distinct symbols have distinct addresses",
       static_cast<void*>(pdv) != static_cast<void*>(pd) &&
           static_cast<void*>(pd) != static_cast<void*>(pc),
       "distinct", static_cast<void*>(pd));
}

static void test_async() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  int* h = nullptr;
  cudaMallocHost(&h, 4 * sizeof(int));
  chk::require("MallocHost pointer", h != nullptr);
  h[0] = 1234;
  ok("MemcpyToSymbolAsync(dv)",
     cudaMemcpyToSymbolAsync(dv, h, sizeof(int), 0, cudaMemcpyHostToDevice, s));
  ok("MemcpyFromSymbolAsync(dv)",
     cudaMemcpyFromSymbolAsync(h + 1, dv, sizeof(int), 0, cudaMemcpyDeviceToHost, s));
  h[2] = 5678;
  ok("MemcpyToSymbolAsync(darr, offset 8)",
     cudaMemcpyToSymbolAsync(darr, h + 2, sizeof(int), 8, cudaMemcpyHostToDevice, s));
  ok("MemcpyFromSymbolAsync(darr, offset 8)",
     cudaMemcpyFromSymbolAsync(h + 3, darr, sizeof(int), 8, cudaMemcpyDeviceToHost, s));
  ok("symbols async StreamSynchronize", cudaStreamSynchronize(s));
  eq("async dv round trip", 1234, h[1]);
  eq("async darr offset round trip", 5678, h[3]);
  err("MemcpyToSymbolAsync(out of bounds)", cudaErrorInvalidValue,
      cudaMemcpyToSymbolAsync(dv, h, 2 * sizeof(int), 0, cudaMemcpyHostToDevice, s));
  err("MemcpyFromSymbolAsync(host global)", cudaErrorInvalidSymbol,
      cudaMemcpyFromSymbolAsync(h, host_only_global, sizeof(int), 0, cudaMemcpyDeviceToHost, s));
  ok("MemcpyToSymbolAsync(stream 0)",
     cudaMemcpyToSymbolAsync(dv, h + 3, sizeof(int), 0, cudaMemcpyHostToDevice, 0));
  ok("StreamSynchronize(0)", cudaStreamSynchronize(0));
  int x = 0;
  cudaMemcpyFromSymbol(&x, dv, sizeof(int));
  eq("dv after async stream 0 write", 5678, x);
  cudaFreeHost(h);
  cudaStreamDestroy(s);
}

static void test_managed() {
  eq("mv initial (host read)", 7, mv);
  mv = 9;
  int x = 0;
  ok("MemcpyFromSymbol(mv) after host write", cudaMemcpyFromSymbol(&x, mv, sizeof(int)));
  eq("mv via symbol after host write", 9, x);
  int y = 13;
  ok("MemcpyToSymbol(mv)", cudaMemcpyToSymbol(mv, &y, sizeof(int)));
  ok("DeviceSynchronize before host read of mv", cudaDeviceSynchronize());
  eq("mv host read after MemcpyToSymbol", 13, mv);
  size_t sz = 0;
  ok("GetSymbolSize(mv)", cudaGetSymbolSize(&sz, mv));
  eq("GetSymbolSize(mv) value", sizeof(int), sz);
  int* p = nullptr;
  ok("GetSymbolAddress(mv)", cudaGetSymbolAddress(reinterpret_cast<void**>(&p), mv));
  eq("GetSymbolAddress(mv) == &mv", static_cast<void*>(&mv), static_cast<void*>(p));
  cudaPointerAttributes pa;
  std::memset(&pa, 0, sizeof(pa));
  ok("PointerGetAttributes(&mv)", cudaPointerGetAttributes(&pa, &mv));
  eq("&mv type", int(cudaMemoryTypeManaged), int(pa.type));
}

int main() {
  test_initial_values();
  test_round_trips();
  test_bounds_and_unknown();
  test_address_and_size();
  test_async();
  test_managed();
  ok("final GetLastError", cudaGetLastError());
  return chk::finish();
}
