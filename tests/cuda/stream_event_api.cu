// Streams, events, host functions and callbacks: asynchrony, ordering, cross-stream
// dependencies, default-stream semantics and timing. Needs no kernel to run: the work in the
// streams is host functions and async copies.
#include <cuda_runtime.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check.h"

using chk::eq;
using chk::err;
using chk::ok;
using chk::that;

// An ordered log that host functions append to.
struct Log {
  std::mutex m;
  std::vector<int> v;
  void push(int x) {
    std::lock_guard<std::mutex> l(m);
    v.push_back(x);
  }
  std::vector<int> get() {
    std::lock_guard<std::mutex> l(m);
    return v;
  }
  void clear() {
    std::lock_guard<std::mutex> l(m);
    v.clear();
  }
};

struct Push {
  Log* log;
  int value;
  std::atomic<bool>* done = nullptr;
  static void CUDART_CB fn(void* p) {
    Push* self = static_cast<Push*>(p);
    self->log->push(self->value);
    if (self->done) self->done->store(true);
  }
};

static std::string seq(const std::vector<int>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

static void test_stream_create() {
  int least = 99, greatest = 99;
  ok("DeviceGetStreamPriorityRange", cudaDeviceGetStreamPriorityRange(&least, &greatest));
  eq("priority least", 0, least);
  that("priority greatest <= least", greatest <= least, "<= 0", greatest);

  cudaStream_t s = nullptr;
  ok("StreamCreate", cudaStreamCreate(&s));
  that("StreamCreate handle not special",
       s != nullptr && s != cudaStreamLegacy && s != cudaStreamPerThread, "not 0/1/2",
       static_cast<void*>(s));
  unsigned flags = 99;
  ok("StreamGetFlags(default)", cudaStreamGetFlags(s, &flags));
  eq("StreamGetFlags(default) value", unsigned(cudaStreamDefault), flags);
  int prio = 99;
  ok("StreamGetPriority(default)", cudaStreamGetPriority(s, &prio));
  eq("StreamGetPriority(default) value", 0, prio);
  ok("StreamQuery(idle)", cudaStreamQuery(s));
  ok("StreamDestroy", cudaStreamDestroy(s));

  cudaStream_t nb = nullptr;
  ok("StreamCreateWithFlags(NonBlocking)", cudaStreamCreateWithFlags(&nb, cudaStreamNonBlocking));
  ok("StreamGetFlags(NonBlocking)", cudaStreamGetFlags(nb, &flags));
  eq("StreamGetFlags(NonBlocking) value", unsigned(cudaStreamNonBlocking), flags);
  cudaStreamDestroy(nb);

  cudaStream_t hi = nullptr, lo = nullptr, clamp_hi = nullptr, clamp_lo = nullptr;
  ok("StreamCreateWithPriority(greatest)",
     cudaStreamCreateWithPriority(&hi, cudaStreamNonBlocking, greatest));
  ok("StreamGetPriority(greatest)", cudaStreamGetPriority(hi, &prio));
  eq("StreamGetPriority(greatest) value", greatest, prio);
  ok("StreamGetFlags(priority stream)", cudaStreamGetFlags(hi, &flags));
  eq("StreamGetFlags(priority stream) value", unsigned(cudaStreamNonBlocking), flags);
  ok("StreamCreateWithPriority(least)", cudaStreamCreateWithPriority(&lo, 0, least));
  ok("StreamGetPriority(least)", cudaStreamGetPriority(lo, &prio));
  eq("StreamGetPriority(least) value", least, prio);
  // Out-of-range priorities are clamped (documented).
  ok("StreamCreateWithPriority(greatest-10)",
     cudaStreamCreateWithPriority(&clamp_hi, 0, greatest - 10));
  ok("StreamGetPriority(clamped high)", cudaStreamGetPriority(clamp_hi, &prio));
  eq("StreamGetPriority(clamped high) value", greatest, prio);
  ok("StreamCreateWithPriority(least+10)", cudaStreamCreateWithPriority(&clamp_lo, 0, least + 10));
  ok("StreamGetPriority(clamped low)", cudaStreamGetPriority(clamp_lo, &prio));
  eq("StreamGetPriority(clamped low) value", least, prio);
  cudaStreamDestroy(hi);
  cudaStreamDestroy(lo);
  cudaStreamDestroy(clamp_hi);
  cudaStreamDestroy(clamp_lo);

  cudaStream_t bad = nullptr;
  err("StreamCreateWithFlags(invalid 0x4)", cudaErrorInvalidValue,
      cudaStreamCreateWithFlags(&bad, 0x4));
  err("StreamCreate(nullptr)", cudaErrorInvalidValue, cudaStreamCreate(nullptr));
  ok("StreamQuery(0) idle", cudaStreamQuery(0));
  ok("StreamSynchronize(0) idle", cudaStreamSynchronize(0));
}

static void test_asynchronous() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  chk::Gate gate;
  std::atomic<bool> after{false};
  Log log;
  Push p{&log, 1, &after};
  ok("LaunchHostFunc(gate)", cudaLaunchHostFunc(s, chk::Gate::host_fn, &gate));
  ok("LaunchHostFunc(after gate)", cudaLaunchHostFunc(s, Push::fn, &p));
  cudaEvent_t e;
  cudaEventCreate(&e);
  ok("EventRecord after gate", cudaEventRecord(e, s));
  // The enqueue returned while the host function is still blocked: the work is asynchronous.
  eq("StreamQuery while gated", cudaErrorNotReady, cudaStreamQuery(s));
  eq("EventQuery while gated", cudaErrorNotReady, cudaEventQuery(e));
  eq("host func after gate not yet run", false, after.load());
  eq("GetLastError after NotReady queries", cudaSuccess, cudaGetLastError());
  gate.open = true;
  ok("StreamSynchronize after opening gate", cudaStreamSynchronize(s));
  eq("host func after gate ran", true, after.load());
  eq("gate did not time out", false, gate.timed_out.load());
  ok("StreamQuery after sync", cudaStreamQuery(s));
  ok("EventQuery after sync", cudaEventQuery(e));
  cudaEventDestroy(e);
  cudaStreamDestroy(s);
}

// Data written by host functions must flow through async copies in stream order.
struct Stamp {
  unsigned* src;
  unsigned value;
  static void CUDART_CB fn(void* p) {
    Stamp* s = static_cast<Stamp*>(p);
    for (int i = 0; i < 256; ++i) s->src[i] = s->value + unsigned(i);
  }
};
struct Verify {
  unsigned* dst;
  unsigned value;
  Log* log;
  int tag;
  static void CUDART_CB fn(void* p) {
    Verify* v = static_cast<Verify*>(p);
    bool good = true;
    for (int i = 0; i < 256; ++i) good = good && v->dst[i] == v->value + unsigned(i);
    v->log->push(good ? v->tag : -v->tag);
  }
};

static void test_in_order() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  const int rounds = 20;
  unsigned *src = nullptr, *dst = nullptr, *dev = nullptr;
  cudaMallocHost(&src, rounds * 256 * sizeof(unsigned));
  cudaMallocHost(&dst, rounds * 256 * sizeof(unsigned));
  cudaMalloc(&dev, 256 * sizeof(unsigned));  // one device buffer reused by every round
  chk::require("in_order.MallocHost pointers", src != nullptr && dst != nullptr);
  std::memset(dst, 0, rounds * 256 * sizeof(unsigned));
  chk::Gate gate;
  Log log;
  std::vector<Stamp> stamps(rounds);
  std::vector<Verify> verifies(rounds);
  std::vector<Push> pushes(rounds);
  ok("in_order.gate", cudaLaunchHostFunc(s, chk::Gate::host_fn, &gate));
  cudaError_t rc = cudaSuccess;
  for (int r = 0; r < rounds; ++r) {
    stamps[r] = {src + r * 256, 1000u * unsigned(r + 1)};
    verifies[r] = {dst + r * 256, 1000u * unsigned(r + 1), &log, 2 * r + 2};
    pushes[r] = {&log, 2 * r + 1};
    cudaError_t a = cudaLaunchHostFunc(s, Push::fn, &pushes[r]);
    cudaError_t b = cudaLaunchHostFunc(s, Stamp::fn, &stamps[r]);
    cudaError_t c =
        cudaMemcpyAsync(dev, src + r * 256, 256 * sizeof(unsigned), cudaMemcpyHostToDevice, s);
    cudaError_t d =
        cudaMemcpyAsync(dst + r * 256, dev, 256 * sizeof(unsigned), cudaMemcpyDeviceToHost, s);
    cudaError_t e = cudaLaunchHostFunc(s, Verify::fn, &verifies[r]);
    for (cudaError_t x : {a, b, c, d, e})
      if (x != cudaSuccess) rc = x;
  }
  ok("in_order.enqueue all", rc);
  eq("in_order.nothing ran before gate opened", size_t(0), log.get().size());
  gate.open = true;
  ok("in_order.StreamSynchronize", cudaStreamSynchronize(s));
  std::vector<int> want;
  for (int i = 1; i <= 2 * rounds; ++i) want.push_back(i);
  eq("in_order.sequence (negative = data not yet copied)", seq(want), seq(log.get()));
  cudaFreeHost(src);
  cudaFreeHost(dst);
  cudaFree(dev);
  cudaStreamDestroy(s);
}

// Host functions are used to block a stream (a gate) and to record order. Whether another
// stream is blocked is observed with a chk::Marker (async copies + event), never with a second
// host function: NVIDIA runs all host functions of a context on one thread, so a gated host
// function delays every other host function, whatever its stream.
static void test_wait_event() {
  cudaStream_t s1, s2;
  cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking);
  cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking);
  cudaEvent_t ev;
  cudaEventCreateWithFlags(&ev, cudaEventDisableTiming);
  chk::Gate gate;
  Log log;
  Push p1{&log, 1}, p2{&log, 2};
  chk::Marker m;
  cudaLaunchHostFunc(s1, chk::Gate::host_fn, &gate);
  cudaLaunchHostFunc(s1, Push::fn, &p1);
  ok("wait_event.EventRecord(s1)", cudaEventRecord(ev, s1));
  ok("StreamWaitEvent(s2, ev)", cudaStreamWaitEvent(s2, ev, 0));
  ok("wait_event.copies on s2", m.enqueue(s2));
  ok("wait_event.LaunchHostFunc(s2)", cudaLaunchHostFunc(s2, Push::fn, &p2));
  // s2's copies must not run while s1 is gated.
  bool ran_early = chk::eventually([&] { return m.done(); }, 300);
  eq("wait_event.s2 copies blocked while s1 gated", false, ran_early);
  eq("wait_event.StreamQuery(s2) while gated", cudaErrorNotReady, cudaStreamQuery(s2));
  gate.open = true;
  ok("wait_event.StreamSynchronize(s2)", cudaStreamSynchronize(s2));
  eq("wait_event.s2 copies done after sync", true, m.done());
  eq("wait_event.order", seq({1, 2}), seq(log.get()));
  // A recorded event that has completed does not block.
  chk::Marker m2;
  ok("StreamWaitEvent(completed event)", cudaStreamWaitEvent(s2, ev, 0));
  ok("wait_event.copies after completed wait", m2.enqueue(s2));
  eq("wait_event.completed event does not block", true,
     chk::eventually([&] { return m2.done(); }, 3000));
  // Waiting on an event that was never recorded is a no-op.
  cudaEvent_t never;
  cudaEventCreate(&never);
  ok("StreamWaitEvent(never recorded)", cudaStreamWaitEvent(s2, never, 0));
  ok("StreamSynchronize after waiting on never-recorded event", cudaStreamSynchronize(s2));
  cudaEventDestroy(never);
  cudaEventDestroy(ev);
  cudaStreamDestroy(s1);
  cudaStreamDestroy(s2);
}

static void test_legacy_default_stream() {
  // (a) Work on a blocking stream, then work on stream 0: stream 0 waits for it.
  {
    cudaStream_t b;
    cudaStreamCreate(&b);
    chk::Gate gate;
    Log log;
    Push pb{&log, 1}, pl{&log, 2};
    chk::Marker m;
    cudaLaunchHostFunc(b, chk::Gate::host_fn, &gate);
    cudaLaunchHostFunc(b, Push::fn, &pb);
    ok("legacy(a).copies on stream 0", m.enqueue(0));
    ok("legacy(a).LaunchHostFunc(0)", cudaLaunchHostFunc(0, Push::fn, &pl));
    bool early = chk::eventually([&] { return m.done(); }, 300);
    eq("legacy(a).stream 0 waits for blocking stream", false, early);
    eq("legacy(a).StreamQuery(0) while gated", cudaErrorNotReady, cudaStreamQuery(0));
    gate.open = true;
    ok("legacy(a).DeviceSynchronize", cudaDeviceSynchronize());
    eq("legacy(a).order", seq({1, 2}), seq(log.get()));
    cudaStreamDestroy(b);
  }
  // (b) Work on stream 0, then work on a blocking stream: the blocking stream waits.
  {
    cudaStream_t b;
    cudaStreamCreate(&b);
    chk::Gate gate;
    Log log;
    Push pl{&log, 1}, pb{&log, 2};
    chk::Marker m;
    cudaLaunchHostFunc(0, chk::Gate::host_fn, &gate);
    cudaLaunchHostFunc(0, Push::fn, &pl);
    ok("legacy(b).copies on blocking stream", m.enqueue(b));
    ok("legacy(b).LaunchHostFunc(blocking)", cudaLaunchHostFunc(b, Push::fn, &pb));
    bool early = chk::eventually([&] { return m.done(); }, 300);
    eq("legacy(b).blocking stream waits for stream 0", false, early);
    eq("legacy(b).StreamQuery(blocking) while gated", cudaErrorNotReady, cudaStreamQuery(b));
    gate.open = true;
    ok("legacy(b).StreamSynchronize(blocking)", cudaStreamSynchronize(b));
    eq("legacy(b).order", seq({1, 2}), seq(log.get()));
    cudaStreamDestroy(b);
  }
  // (c) A non-blocking stream does not synchronize with stream 0, in either direction.
  {
    cudaStream_t nb;
    cudaStreamCreateWithFlags(&nb, cudaStreamNonBlocking);
    chk::Gate gate;
    chk::Marker m;
    cudaLaunchHostFunc(nb, chk::Gate::host_fn, &gate);
    ok("legacy(c).copies on stream 0", m.enqueue(0));
    bool ran = chk::eventually([&] { return m.done(); }, 3000);
    eq("legacy(c).stream 0 runs while non-blocking stream is gated", true, ran);
    ok("legacy(c).StreamQuery(0)", ran ? cudaStreamQuery(0) : cudaErrorNotReady);
    eq("legacy(c).StreamQuery(nb) gated", cudaErrorNotReady, cudaStreamQuery(nb));
    gate.open = true;
    ok("legacy(c).StreamSynchronize(nb)", cudaStreamSynchronize(nb));

    chk::Gate gate0;
    chk::Marker m2;
    cudaLaunchHostFunc(0, chk::Gate::host_fn, &gate0);
    ok("legacy(c).copies on nb", m2.enqueue(nb));
    bool ran2 = chk::eventually([&] { return m2.done(); }, 3000);
    eq("legacy(c).non-blocking stream runs while stream 0 is gated", true, ran2);
    ok("legacy(c).StreamQuery(nb)", ran2 ? cudaStreamQuery(nb) : cudaErrorNotReady);
    eq("legacy(c).StreamQuery(0) gated", cudaErrorNotReady, cudaStreamQuery(0));
    gate0.open = true;
    ok("legacy(c).DeviceSynchronize", cudaDeviceSynchronize());
    cudaStreamDestroy(nb);
  }
}

struct CbInfo {
  cudaStream_t stream = nullptr;
  cudaError_t status = cudaErrorUnknown;
  void* user = nullptr;
  std::atomic<int> calls{0};
};
static void CUDART_CB stream_cb(cudaStream_t s, cudaError_t status, void* user) {
  CbInfo* i = static_cast<CbInfo*>(user);
  i->stream = s;
  i->status = status;
  i->user = user;
  i->calls++;
}

static void test_callbacks() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  CbInfo info;
  ok("StreamAddCallback", cudaStreamAddCallback(s, stream_cb, &info, 0));
  ok("callback.StreamSynchronize", cudaStreamSynchronize(s));
  eq("callback.calls", 1, info.calls.load());
  eq("callback.status", cudaSuccess, info.status);
  eq("callback.stream", static_cast<void*>(s), static_cast<void*>(info.stream));
  eq("callback.userData", static_cast<void*>(&info), info.user);
  CbInfo info2;
  err("StreamAddCallback(flags 1)", cudaErrorInvalidValue,
      cudaStreamAddCallback(s, stream_cb, &info2, 1));
  err("LaunchHostFunc(nullptr fn)", cudaErrorInvalidValue, cudaLaunchHostFunc(s, nullptr, nullptr));
  cudaStreamSynchronize(s);
  eq("callback(flags 1) never called", 0, info2.calls.load());
  cudaStreamDestroy(s);
}

static void CUDART_CB sleep20(void*) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }

static void test_events() {
  cudaEvent_t e1, e2, nt, bs, never;
  ok("EventCreate", cudaEventCreate(&e1));
  ok("EventCreateWithFlags(Default)", cudaEventCreateWithFlags(&e2, cudaEventDefault));
  ok("EventCreateWithFlags(DisableTiming)", cudaEventCreateWithFlags(&nt, cudaEventDisableTiming));
  ok("EventCreateWithFlags(BlockingSync)", cudaEventCreateWithFlags(&bs, cudaEventBlockingSync));
  ok("EventCreate(never recorded)", cudaEventCreate(&never));
  cudaEvent_t ipc;
  ok("EventCreateWithFlags(Interprocess|DisableTiming)",
     cudaEventCreateWithFlags(&ipc, cudaEventInterprocess | cudaEventDisableTiming));
  cudaEventDestroy(ipc);
  cudaEvent_t bad;
  err("EventCreateWithFlags(Interprocess without DisableTiming)", cudaErrorInvalidValue,
      cudaEventCreateWithFlags(&bad, cudaEventInterprocess));
  err("EventCreateWithFlags(invalid 0x100)", cudaErrorInvalidValue,
      cudaEventCreateWithFlags(&bad, 0x100));
  err("EventCreate(nullptr)", cudaErrorInvalidValue, cudaEventCreate(nullptr));

  ok("EventQuery(never recorded)", cudaEventQuery(never));
  ok("EventSynchronize(never recorded)", cudaEventSynchronize(never));

  cudaStream_t s;
  cudaStreamCreate(&s);
  ok("EventRecord(e1)", cudaEventRecord(e1, s));
  ok("LaunchHostFunc(sleep 20 ms)", cudaLaunchHostFunc(s, sleep20, nullptr));
  ok("EventRecord(e2)", cudaEventRecord(e2, s));
  ok("EventRecord(nt)", cudaEventRecord(nt, s));
  ok("EventRecord(bs)", cudaEventRecord(bs, s));
  ok("EventSynchronize(e2)", cudaEventSynchronize(e2));
  ok("EventSynchronize(bs)", cudaEventSynchronize(bs));
  ok("EventQuery(e2) after sync", cudaEventQuery(e2));
  float ms = -1;
  ok("EventElapsedTime(e1, e2)", cudaEventElapsedTime(&ms, e1, e2));
  that("EventElapsedTime(e1, e2) >= 19 ms", ms >= 19.0f && ms < 5000.0f, "in [19, 5000)", ms);
  float back = 0;
  ok("EventElapsedTime(e2, e1)", cudaEventElapsedTime(&back, e2, e1));
  that("EventElapsedTime(e2, e1) negative", back <= -19.0f, "<= -19", back);
  err("EventElapsedTime(DisableTiming)", cudaErrorInvalidResourceHandle,
      cudaEventElapsedTime(&ms, e1, nt));
  err("EventElapsedTime(never recorded)", cudaErrorInvalidResourceHandle,
      cudaEventElapsedTime(&ms, e1, never));
  err("EventElapsedTime(nullptr ms)", cudaErrorInvalidValue, cudaEventElapsedTime(nullptr, e1, e2));

  // Recorded but not yet completed -> cudaErrorNotReady.
  chk::Gate gate;
  cudaEvent_t pending;
  cudaEventCreate(&pending);
  cudaLaunchHostFunc(s, chk::Gate::host_fn, &gate);
  ok("EventRecord(pending)", cudaEventRecord(pending, s));
  eq("EventQuery(pending)", cudaErrorNotReady, cudaEventQuery(pending));
  err("EventElapsedTime(pending)", cudaErrorNotReady, cudaEventElapsedTime(&ms, e1, pending));
  // Re-recording e1 while it is still pending, then destroying an event with pending work.
  ok("EventRecord(e1 again, pending)", cudaEventRecord(e1, s));
  eq("EventQuery(e1 re-recorded, pending)", cudaErrorNotReady, cudaEventQuery(e1));
  ok("EventDestroy(pending)", cudaEventDestroy(pending));
  gate.open = true;
  ok("events.StreamSynchronize", cudaStreamSynchronize(s));
  ok("EventQuery(e1 re-recorded, done)", cudaEventQuery(e1));
  // Record on stream 0 and the special handles.
  ok("EventRecord(stream 0)", cudaEventRecord(e2, 0));
  ok("EventSynchronize(stream 0 record)", cudaEventSynchronize(e2));
  ok("EventRecord(cudaStreamLegacy)", cudaEventRecord(e2, cudaStreamLegacy));
  ok("EventSynchronize(cudaStreamLegacy record)", cudaEventSynchronize(e2));
  ok("EventRecord(cudaStreamPerThread)", cudaEventRecord(e2, cudaStreamPerThread));
  ok("EventSynchronize(cudaStreamPerThread record)", cudaEventSynchronize(e2));
  for (cudaEvent_t e : {e1, e2, nt, bs, never}) cudaEventDestroy(e);
  cudaStreamDestroy(s);
}

static void test_destroy_pending() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  chk::Gate gate;
  Log log;
  std::atomic<bool> done{false};
  Push p{&log, 1, &done};
  cudaLaunchHostFunc(s, chk::Gate::host_fn, &gate);
  cudaLaunchHostFunc(s, Push::fn, &p);
  ok("StreamDestroy with pending work", cudaStreamDestroy(s));
  eq("pending work not yet run at destroy", false, done.load());
  gate.open = true;
  ok("destroy_pending.DeviceSynchronize", cudaDeviceSynchronize());
  bool ran = chk::eventually([&] { return done.load(); }, 3000);
  eq("pending work completed after destroy", true, ran);
}

static void test_special_handles() {
  unsigned char *h = nullptr, *h2 = nullptr, *d = nullptr;
  cudaMallocHost(&h, 4096);
  cudaMallocHost(&h2, 4096);
  cudaMalloc(&d, 4096);
  chk::require("special.MallocHost pointers", h != nullptr && h2 != nullptr);
  chk::fill_random(h, 4096, 11);
  struct H {
    const char* name;
    cudaStream_t s;
  } handles[] = {{"cudaStreamLegacy", cudaStreamLegacy},
                 {"cudaStreamPerThread", cudaStreamPerThread},
                 {"stream 0", nullptr}};
  for (const H& x : handles) {
    std::string n = x.name;
    std::memset(h2, 0, 4096);
    ok("StreamSynchronize(" + n + ")", cudaStreamSynchronize(x.s));
    ok("StreamQuery(" + n + ")", cudaStreamQuery(x.s));
    ok("MemcpyAsync H2D (" + n + ")", cudaMemcpyAsync(d, h, 4096, cudaMemcpyHostToDevice, x.s));
    ok("MemsetAsync (" + n + ")", cudaMemsetAsync(d + 4000, 0, 96, x.s));
    ok("MemcpyAsync D2H (" + n + ")", cudaMemcpyAsync(h2, d, 4096, cudaMemcpyDeviceToHost, x.s));
    Log log;
    Push p{&log, 7};
    ok("LaunchHostFunc(" + n + ")", cudaLaunchHostFunc(x.s, Push::fn, &p));
    ok("StreamSynchronize(" + n + ") after work", cudaStreamSynchronize(x.s));
    bool good = std::memcmp(h, h2, 4000) == 0 && h2[4000] == 0 && h2[4095] == 0;
    eq("bytes via " + n, true, good);
    eq("host func via " + n, seq({7}), seq(log.get()));
    unsigned flags = 99;
    ok("StreamGetFlags(" + n + ")", cudaStreamGetFlags(x.s, &flags));
    int prio = 99;
    ok("StreamGetPriority(" + n + ")", cudaStreamGetPriority(x.s, &prio));
    eq("StreamGetPriority(" + n + ") value", 0, prio);
  }
  cudaFreeHost(h);
  cudaFreeHost(h2);
  cudaFree(d);
}

int main() {
  test_stream_create();
  test_asynchronous();
  test_in_order();
  test_wait_event();
  test_legacy_default_stream();
  test_callbacks();
  test_events();
  test_destroy_pending();
  test_special_handles();
  ok("final DeviceSynchronize", cudaDeviceSynchronize());
  ok("final GetLastError", cudaGetLastError());
  return chk::finish();
}
