// Built with --default-stream per-thread: stream 0 is each host thread's own default stream
// (the program imports the _ptsz/_ptds entry points). Needs no kernel to run.
#include <cuda_runtime.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check.h"

using chk::eq;
using chk::ok;
using chk::that;

#ifndef CUDA_API_PER_THREAD_DEFAULT_STREAM
#error "build ptsz_api.cu with --default-stream per-thread"
#endif

__device__ int slots[4];

struct Log {
  std::mutex m;
  std::vector<int> v;
  void push(int x) {
    std::lock_guard<std::mutex> l(m);
    v.push_back(x);
  }
};

struct Step {
  Log* log;
  int value;
  unsigned* src;  // host function writes the pattern here before the copies
  unsigned* dst;  // and checks it arrived here after them
  bool verify;
  static void CUDART_CB fn(void* p) {
    Step* s = static_cast<Step*>(p);
    if (!s->verify) {
      for (int i = 0; i < 64; ++i) s->src[i] = unsigned(s->value * 1000 + i);
      s->log->push(s->value);
    } else {
      bool good = true;
      for (int i = 0; i < 64; ++i) good = good && s->dst[i] == unsigned(s->value * 1000 + i);
      s->log->push(good ? s->value : -s->value);
    }
  }
};

static std::string seq(const std::vector<int>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

// One worker: 50 rounds of host function -> H2D -> D2H -> host function on stream 0.
static void worker(int tid, std::atomic<int>* finished) {
  std::string t = "thread " + std::to_string(tid) + " ";
  const int rounds = 50;
  unsigned *src = nullptr, *dst = nullptr, *dev = nullptr;
  ok(t + "MallocHost src", cudaMallocHost(&src, rounds * 64 * sizeof(unsigned)));
  ok(t + "MallocHost dst", cudaMallocHost(&dst, rounds * 64 * sizeof(unsigned)));
  ok(t + "Malloc dev", cudaMalloc(&dev, 64 * sizeof(unsigned)));
  chk::require(t + "MallocHost pointers", src != nullptr && dst != nullptr);
  std::memset(dst, 0, rounds * 64 * sizeof(unsigned));
  Log log;
  std::vector<Step> pre(rounds), post(rounds);
  cudaError_t rc = cudaSuccess;
  for (int r = 0; r < rounds; ++r) {
    int value = tid * 100 + r + 1;
    pre[r] = {&log, value, src + r * 64, dst + r * 64, false};
    post[r] = {&log, value, src + r * 64, dst + r * 64, true};
    cudaError_t a = cudaLaunchHostFunc(0, Step::fn, &pre[r]);
    cudaError_t b =
        cudaMemcpyAsync(dev, src + r * 64, 64 * sizeof(unsigned), cudaMemcpyHostToDevice, 0);
    cudaError_t c =
        cudaMemcpyAsync(dst + r * 64, dev, 64 * sizeof(unsigned), cudaMemcpyDeviceToHost, 0);
    cudaError_t d = cudaLaunchHostFunc(0, Step::fn, &post[r]);
    for (cudaError_t x : {a, b, c, d})
      if (x != cudaSuccess) rc = x;
  }
  ok(t + "enqueue 50 rounds on stream 0", rc);
  cudaEvent_t e;
  cudaEventCreate(&e);
  ok(t + "EventRecord(stream 0)", cudaEventRecord(e, 0));
  ok(t + "StreamSynchronize(0)", cudaStreamSynchronize(0));
  ok(t + "EventQuery after sync", cudaEventQuery(e));
  std::vector<int> want;
  for (int r = 0; r < rounds; ++r) {
    want.push_back(tid * 100 + r + 1);
    want.push_back(tid * 100 + r + 1);
  }
  eq(t + "order (negative = copy not done before host func)", seq(want), seq(log.v));
  ok(t + "StreamQuery(0) idle", cudaStreamQuery(0));

  // Synchronous symbol copies (_ptds) at a per-thread offset.
  int v = 1000 + tid;
  ok(t + "MemcpyToSymbol(slots, offset)",
     cudaMemcpyToSymbol(slots, &v, sizeof(int), tid * sizeof(int)));
  int back = 0;
  ok(t + "MemcpyFromSymbol(slots, offset)",
     cudaMemcpyFromSymbol(&back, slots, sizeof(int), tid * sizeof(int)));
  eq(t + "slot round trip", v, back);
  ok(t + "MemcpyToSymbolAsync(stream 0)",
     cudaMemcpyToSymbolAsync(slots, &v, sizeof(int), tid * sizeof(int), cudaMemcpyHostToDevice, 0));
  ok(t + "StreamSynchronize(0) after symbol async", cudaStreamSynchronize(0));
  // Synchronous memcpy/memset (_ptds).
  ok(t + "Memset (ptds)", cudaMemset(dev, 0, 64 * sizeof(unsigned)));
  ok(t + "Memcpy (ptds)", cudaMemcpy(dst, dev, 64 * sizeof(unsigned), cudaMemcpyDeviceToHost));
  eq(t + "Memset/Memcpy (ptds) byte", 0u, dst[63]);

  cudaEventDestroy(e);
  cudaFree(dev);
  cudaFreeHost(src);
  cudaFreeHost(dst);
  ok(t + "GetLastError", cudaGetLastError());
  finished->fetch_add(1);
}

int main() {
  // Four threads each use their own stream 0 concurrently.
  std::atomic<int> finished{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back(worker, i, &finished);
  for (auto& t : ts) t.join();
  eq("all 4 workers finished", 4, finished.load());
  int all[4] = {0, 0, 0, 0};
  ok("MemcpyFromSymbol(slots) in main", cudaMemcpyFromSymbol(all, slots, sizeof(all)));
  eq("slots written by the 4 threads", std::string("1000,1001,1002,1003"),
     std::to_string(all[0]) + "," + std::to_string(all[1]) + "," + std::to_string(all[2]) + "," +
         std::to_string(all[3]));

  // Per-thread default streams are independent: while main's stream 0 is gated, another
  // thread's stream 0 work completes and its cudaStreamSynchronize(0) returns.
  chk::Gate gate;
  ok("main LaunchHostFunc(gate) on stream 0", cudaLaunchHostFunc(0, chk::Gate::host_fn, &gate));
  eq("main StreamQuery(0) gated", cudaErrorNotReady, cudaStreamQuery(0));
  eq("main StreamQuery(cudaStreamPerThread) gated (same stream)", cudaErrorNotReady,
     cudaStreamQuery(cudaStreamPerThread));
  (void)cudaGetLastError();
  // Observed with async copies + an event (chk::Marker), not a host function: NVIDIA runs all
  // host functions of a context on one thread, so main's gated host function would delay them.
  std::atomic<bool> other_done{false};
  cudaError_t other_rc = cudaErrorUnknown, other_enq = cudaErrorUnknown;
  std::thread other([&] {
    chk::Marker m;
    other_enq = m.enqueue(0);
    other_rc = cudaStreamSynchronize(0);
    other_done = true;
  });
  bool done = chk::eventually([&] { return other_done.load(); }, 3000);
  eq("other thread's stream 0 completes while main's is gated", true, done);
  gate.open = true;
  other.join();
  ok("other thread copies on its stream 0", other_enq);
  ok("other thread StreamSynchronize(0)", other_rc);
  ok("main StreamSynchronize(0)", cudaStreamSynchronize(0));
  ok("main StreamSynchronize(cudaStreamLegacy)", cudaStreamSynchronize(cudaStreamLegacy));
  ok("main DeviceSynchronize", cudaDeviceSynchronize());
  ok("main GetLastError", cudaGetLastError());
  return chk::finish();
}
