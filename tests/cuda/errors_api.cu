// The per-thread last error: recording, cudaGetLastError vs cudaPeekAtLastError, isolation
// between host threads. Needs no kernel to run.
#include <cuda_runtime.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "check.h"

using chk::eq;
using chk::ok;

int main() {
  ok("initial GetLastError", cudaGetLastError());
  ok("initial PeekAtLastError", cudaPeekAtLastError());

  // An invalid call returns its error and records it.
  eq("SetDevice(-1) returns", cudaErrorInvalidDevice, cudaSetDevice(-1));
  eq("PeekAtLastError after SetDevice(-1)", cudaErrorInvalidDevice, cudaPeekAtLastError());
  eq("PeekAtLastError again (peek does not reset)", cudaErrorInvalidDevice, cudaPeekAtLastError());
  // Successful calls do not clear the recorded error.
  void* p = nullptr;
  ok("Malloc succeeds while an error is recorded", cudaMalloc(&p, 256));
  ok("Memset succeeds while an error is recorded", cudaMemset(p, 0, 256));
  ok("DeviceSynchronize succeeds while an error is recorded", cudaDeviceSynchronize());
  eq("PeekAtLastError after successful calls", cudaErrorInvalidDevice, cudaPeekAtLastError());
  // cudaGetErrorName/String do not touch the last error.
  (void)cudaGetErrorName(cudaErrorInvalidValue);
  (void)cudaGetErrorString(cudaErrorInvalidValue);
  eq("PeekAtLastError after GetErrorName/String", cudaErrorInvalidDevice, cudaPeekAtLastError());
  eq("GetLastError returns it", cudaErrorInvalidDevice, cudaGetLastError());
  eq("GetLastError resets", cudaSuccess, cudaGetLastError());
  eq("PeekAtLastError after reset", cudaSuccess, cudaPeekAtLastError());

  // The most recent error wins.
  eq("SetDevice(-1) again", cudaErrorInvalidDevice, cudaSetDevice(-1));
  eq("Memcpy invalid kind", cudaErrorInvalidMemcpyDirection,
     cudaMemcpy(p, p, 4, static_cast<cudaMemcpyKind>(7)));
  eq("GetLastError is the most recent error", cudaErrorInvalidMemcpyDirection, cudaGetLastError());
  eq("GetLastError after most recent", cudaSuccess, cudaGetLastError());

  // Several API families record their errors.
  struct Case {
    const char* name;
    cudaError_t expected;
    cudaError_t (*call)();
  } cases[] = {
      {"Malloc(1 PiB)", cudaErrorMemoryAllocation,
       [] {
         void* q = nullptr;
         return cudaMalloc(&q, size_t(1) << 50);
       }},
      {"GetDeviceCount(nullptr)", cudaErrorInvalidValue,
       [] { return cudaGetDeviceCount(nullptr); }},
      {"GetDeviceProperties(dev 1000)", cudaErrorInvalidDevice,
       [] {
         cudaDeviceProp pr;
         return cudaGetDeviceProperties(&pr, 1000);
       }},
      {"Free(never allocated)", cudaErrorInvalidValue,
       [] { return cudaFree(reinterpret_cast<void*>(0x1000)); }},
      {"StreamCreate(nullptr)", cudaErrorInvalidValue, [] { return cudaStreamCreate(nullptr); }},
      {"EventCreate(nullptr)", cudaErrorInvalidValue, [] { return cudaEventCreate(nullptr); }},
  };
  for (const Case& c : cases) {
    std::string n = c.name;
    eq(n + " returns", c.expected, c.call());
    eq(n + " Peek", c.expected, cudaPeekAtLastError());
    eq(n + " Get", c.expected, cudaGetLastError());
    eq(n + " Get again", cudaSuccess, cudaGetLastError());
  }

  // Per-thread: an error in one thread is not seen by another.
  eq("main records InvalidDevice", cudaErrorInvalidDevice, cudaSetDevice(-1));
  cudaError_t t_initial = cudaErrorUnknown, t_own = cudaErrorUnknown, t_peek = cudaErrorUnknown,
              t_get = cudaErrorUnknown, t_after = cudaErrorUnknown;
  std::thread t([&] {
    t_initial = cudaGetLastError();
    t_own = cudaGetDeviceCount(nullptr);
    t_peek = cudaPeekAtLastError();
    t_get = cudaGetLastError();
    t_after = cudaGetLastError();
  });
  t.join();
  eq("thread does not see main's error", cudaSuccess, t_initial);
  eq("thread own error returned", cudaErrorInvalidValue, t_own);
  eq("thread Peek own error", cudaErrorInvalidValue, t_peek);
  eq("thread Get own error", cudaErrorInvalidValue, t_get);
  eq("thread Get after reset", cudaSuccess, t_after);
  eq("main still sees its own error", cudaErrorInvalidDevice, cudaPeekAtLastError());
  eq("main Get own error", cudaErrorInvalidDevice, cudaGetLastError());

  // Many threads at once, each with its own error pattern.
  const int nthreads = 8;
  std::atomic<int> mismatches{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> ts;
  for (int i = 0; i < nthreads; ++i) {
    ts.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      for (int r = 0; r < 200; ++r) {
        cudaError_t want = (i + r) % 2 ? cudaErrorInvalidDevice : cudaErrorInvalidValue;
        cudaError_t got =
            want == cudaErrorInvalidDevice ? cudaSetDevice(-1) : cudaGetDevice(nullptr);
        if (got != want) mismatches++;
        std::this_thread::yield();
        if (cudaPeekAtLastError() != want) mismatches++;
        if (cudaGetLastError() != want) mismatches++;
        if (cudaGetLastError() != cudaSuccess) mismatches++;
      }
    });
  }
  go = true;
  for (auto& th : ts) th.join();
  eq("8 threads x 200 rounds: per-thread last error mismatches", 0, mismatches.load());
  eq("main unaffected by other threads", cudaSuccess, cudaPeekAtLastError());

  // cudaErrorNotReady from a query is a status, not an error: it is not recorded.
  cudaStream_t s;
  cudaStreamCreate(&s);
  chk::Gate gate;
  cudaLaunchHostFunc(s, chk::Gate::host_fn, &gate);
  eq("StreamQuery while gated", cudaErrorNotReady, cudaStreamQuery(s));
  eq("NotReady is not recorded as last error", cudaSuccess, cudaGetLastError());
  gate.open = true;
  ok("StreamSynchronize", cudaStreamSynchronize(s));
  cudaStreamDestroy(s);

  cudaFree(p);
  ok("final GetLastError", cudaGetLastError());
  return chk::finish();
}
