// Self-checking helpers for the CUDA host-API test programs in tests/cuda/.
// Plain CUDA C++ (toolkit headers only). Every check prints exactly one line
//   CHECK <name>: expected <x> got <y> [ok|FAIL]
// and check_exit() prints "PASS" or "FAIL (<n> failures)" and returns the exit status.
#pragma once

#include <cuda_runtime.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace chk {

inline std::mutex& out_mutex() {
  static std::mutex m;
  return m;
}
inline std::atomic<int>& failures() {
  static std::atomic<int> n{0};
  return n;
}
inline std::atomic<int>& checks() {
  static std::atomic<int> n{0};
  return n;
}

// Formats a value for the CHECK line.
inline std::string fmt(cudaError_t e) {
  const char* n = cudaGetErrorName(e);
  std::ostringstream o;
  o << (n ? n : "(null)") << "(" << static_cast<int>(e) << ")";
  return o.str();
}
inline std::string fmt(bool b) { return b ? "true" : "false"; }
inline std::string fmt(const char* s) { return s ? std::string("\"") + s + "\"" : "(null)"; }
inline std::string fmt(const std::string& s) { return "\"" + s + "\""; }
inline std::string fmt(const void* p) {
  std::ostringstream o;
  o << p;
  if (!p) return "nullptr";
  return o.str();
}
inline std::string fmt(void* p) { return fmt(static_cast<const void*>(p)); }
// Any other pointer prints as an address (never as a string: it may point at device memory).
template <class T>
std::string fmt(T* p) {
  return fmt(static_cast<const void*>(p));
}
template <class T>
std::string fmt(const T& v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

// Records one check and prints its line.
inline bool report(const std::string& name, const std::string& expected, const std::string& got,
                   bool ok) {
  checks()++;
  if (!ok) failures()++;
  std::lock_guard<std::mutex> lock(out_mutex());
  std::printf("CHECK %s: expected %s got %s [%s]\n", name.c_str(), expected.c_str(), got.c_str(),
              ok ? "ok" : "FAIL");
  std::fflush(stdout);
  return ok;
}

// expected == got
template <class A, class B>
bool eq(const std::string& name, const A& expected, const B& got) {
  return report(name, fmt(expected), fmt(got), expected == got);
}
inline bool eq(const std::string& name, cudaError_t expected, cudaError_t got) {
  return report(name, fmt(expected), fmt(got), expected == got);
}
inline bool eq(const std::string& name, const char* expected, const char* got) {
  bool ok = expected && got && std::strcmp(expected, got) == 0;
  return report(name, fmt(expected), fmt(got), ok);
}
// A condition; `expected` describes it (e.g. ">= 1"), `got` is the observed value.
template <class B>
bool that(const std::string& name, bool cond, const std::string& expected, const B& got) {
  return report(name, expected, fmt(got), cond);
}
// Call returns cudaSuccess.
inline bool ok(const std::string& name, cudaError_t got) { return eq(name, cudaSuccess, got); }
// Call returns `expected`; then the thread's last error is cleared so the next checks start clean.
inline bool err(const std::string& name, cudaError_t expected, cudaError_t got) {
  bool r = eq(name, expected, got);
  (void)cudaGetLastError();
  return r;
}

inline int finish() {
  int n = failures().load();
  std::lock_guard<std::mutex> lock(out_mutex());
  std::printf("%d checks\n", checks().load());
  if (n == 0) {
    std::printf("PASS\n");
  } else {
    std::printf("FAIL (%d failures)\n", n);
  }
  std::fflush(stdout);
  return n == 0 ? 0 : 1;
}

// Stops the program (reporting FAIL) when a precondition of the following checks is missing,
// e.g. a host allocation that returned nullptr and would be written next.
inline void require(const std::string& name, bool cond) {
  if (cond) return;
  report(name + " (required to continue)", "true", "false", false);
  std::exit(finish());
}

// A gate that host functions block on until the host thread opens it. Waits at most
// `timeout_ms` so that a runtime that never opens it cannot hang the test forever.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<bool> timed_out{false};
  int timeout_ms = 10000;
  void wait() {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!open.load()) {
      if (std::chrono::steady_clock::now() > end) {
        timed_out = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  static void CUDART_CB host_fn(void* g) { static_cast<Gate*>(g)->wait(); }
};

// Polls `pred` for up to `timeout_ms`; true as soon as it holds.
template <class F>
bool eventually(F pred, int timeout_ms = 3000) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// Work that needs no host-function thread: an async copy round trip followed by an event.
// done() polls the event. Used to observe whether a stream is blocked without relying on host
// functions of different streams running concurrently (NVIDIA runs all host functions of a
// context on one thread, so a blocked host function delays every other one).
struct Marker {
  unsigned char* h = nullptr;
  unsigned char* d = nullptr;
  cudaEvent_t ev = nullptr;
  Marker() {
    cudaMallocHost(&h, 64);
    cudaMalloc(&d, 64);
    cudaEventCreateWithFlags(&ev, cudaEventDisableTiming);
  }
  ~Marker() {
    cudaEventSynchronize(ev);
    cudaEventDestroy(ev);
    cudaFree(d);
    cudaFreeHost(h);
  }
  Marker(const Marker&) = delete;
  Marker& operator=(const Marker&) = delete;
  cudaError_t enqueue(cudaStream_t s) {
    cudaError_t a = cudaMemcpyAsync(d, h, 64, cudaMemcpyHostToDevice, s);
    cudaError_t b = cudaMemcpyAsync(h, d, 64, cudaMemcpyDeviceToHost, s);
    cudaError_t c = cudaEventRecord(ev, s);
    return a != cudaSuccess ? a : b != cudaSuccess ? b : c;
  }
  bool done() { return cudaEventQuery(ev) == cudaSuccess; }
};

// Deterministic pseudo-random bytes.
inline void fill_random(unsigned char* p, size_t n, unsigned seed) {
  unsigned x = seed * 2654435761u + 12345u;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = static_cast<unsigned char>(x >> 3);
  }
}

}  // namespace chk
