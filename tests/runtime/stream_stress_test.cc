// Many host threads driving their own streams at once: chains of async copies through pinned and
// device buffers of odd sizes, host functions between them, and cross-stream hand-offs with
// events. Every byte of every buffer and the order of every host function are checked.
//
// One round of thread t on streams S (producer) and T (consumer), n odd bytes:
//   S: H2D in->a, [host F1], D2D a->b, D2H b->mid, [host F2: check mid == pattern, mid ^= key],
//      H2D mid->c, record E
//   T: wait E, D2D c->d, D2H d->out, [host F3: check out == pattern ^ key]
// Expected: on each stream, host functions run in the order they were enqueued; F3 of a round
// runs after F2 of the same round (the event); F2 sees the D2H before it done, F3 sees every copy
// of S and T before it done.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cudashim::testing {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 150;

uint8_t Pattern(int thread, int round, size_t i) {
  return static_cast<uint8_t>((i * 131 + thread * 17 + round * 29 + (i >> 8)) & 0xff);
}
uint8_t Key(int thread, int round) { return static_cast<uint8_t>(0x5a ^ (thread * 7 + round)); }

struct Entry {
  int stream;  // index into the thread's streams
  int round;
  int step;    // 1, 2 or 3 (F1, F2, F3)
  bool data_ok;
};

struct ThreadLog {
  std::mutex mu;
  std::vector<Entry> entries;
  void Add(Entry e) {
    std::lock_guard lock(mu);
    entries.push_back(e);
  }
};

struct Round {
  int thread = 0, round = 0, producer = 0, consumer = 0;
  size_t n = 0;
  uint8_t *in = nullptr, *mid = nullptr, *out = nullptr;  // pinned host
  uint8_t *a = nullptr, *b = nullptr, *c = nullptr, *d = nullptr;  // device
  cudaEvent_t handoff = nullptr;
  ThreadLog* log = nullptr;
};

void CUDART_CB F1(void* p) {
  auto* r = static_cast<Round*>(p);
  r->log->Add({r->producer, r->round, 1, true});
}

void CUDART_CB F2(void* p) {
  auto* r = static_cast<Round*>(p);
  bool ok = true;
  for (size_t i = 0; i < r->n; ++i) ok &= r->mid[i] == Pattern(r->thread, r->round, i);
  for (size_t i = 0; i < r->n; ++i) r->mid[i] ^= Key(r->thread, r->round);
  r->log->Add({r->producer, r->round, 2, ok});
}

void CUDART_CB F3(void* p) {
  auto* r = static_cast<Round*>(p);
  bool ok = true;
  uint8_t key = Key(r->thread, r->round);
  for (size_t i = 0; i < r->n; ++i) ok &= r->out[i] == (Pattern(r->thread, r->round, i) ^ key);
  r->log->Add({r->consumer, r->round, 3, ok});
}

struct ThreadResult {
  std::vector<std::unique_ptr<Round>> rounds;
  ThreadLog log;
  std::vector<std::vector<std::pair<int, int>>> enqueued;  // per stream: (round, step) in order
  int api_failures = 0;
};

void Drive(int t, ThreadResult& result) {
  auto check = [&](cudaError_t e) {
    if (e != cudaSuccess) ++result.api_failures;
  };
  // Streams: a blocking one, a non-blocking one, and this thread's per-thread default stream.
  cudaStream_t streams[3] = {nullptr, nullptr, cudaStreamPerThread};
  check(cudaStreamCreateWithFlags(&streams[0], cudaStreamDefault));
  check(cudaStreamCreateWithFlags(&streams[1], cudaStreamNonBlocking));
  result.enqueued.resize(3);
  for (int r = 0; r < kRounds; ++r) {
    auto round = std::make_unique<Round>();
    Round& R = *round;
    R.thread = t;
    R.round = r;
    R.producer = r % 3;
    R.consumer = (r + 1 + (t % 2)) % 3;
    R.n = 1 + 2 * ((t * 977 + r * 313) % 4000);  // odd, 1..7999
    R.log = &result.log;
    check(cudaMallocHost(reinterpret_cast<void**>(&R.in), R.n));
    check(cudaHostAlloc(reinterpret_cast<void**>(&R.mid), R.n, cudaHostAllocDefault));
    check(cudaHostAlloc(reinterpret_cast<void**>(&R.out), R.n, cudaHostAllocPortable));
    for (uint8_t** dev : {&R.a, &R.b, &R.c, &R.d}) check(cudaMalloc(reinterpret_cast<void**>(dev), R.n));
    check(cudaEventCreateWithFlags(&R.handoff, cudaEventDisableTiming));
    if (result.api_failures != 0) return;
    for (size_t i = 0; i < R.n; ++i) R.in[i] = Pattern(t, r, i);
    std::memset(R.mid, 0, R.n);
    std::memset(R.out, 0, R.n);

    cudaStream_t S = streams[R.producer], T = streams[R.consumer];
    check(cudaMemcpyAsync(R.a, R.in, R.n, cudaMemcpyHostToDevice, S));
    check(cudaLaunchHostFunc(S, F1, &R));
    result.enqueued[R.producer].push_back({r, 1});
    check(cudaMemcpyAsync(R.b, R.a, R.n, cudaMemcpyDeviceToDevice, S));
    check(cudaMemcpyAsync(R.mid, R.b, R.n, cudaMemcpyDeviceToHost, S));
    check(cudaLaunchHostFunc(S, F2, &R));
    result.enqueued[R.producer].push_back({r, 2});
    check(cudaMemcpyAsync(R.c, R.mid, R.n, cudaMemcpyDefault, S));
    check(cudaEventRecord(R.handoff, S));
    check(cudaStreamWaitEvent(T, R.handoff, 0));
    check(cudaMemcpyAsync(R.d, R.c, R.n, cudaMemcpyDeviceToDevice, T));
    check(cudaMemcpyAsync(R.out, R.d, R.n, cudaMemcpyDeviceToHost, T));
    check(cudaLaunchHostFunc(T, F3, &R));
    result.enqueued[R.consumer].push_back({r, 3});
    result.rounds.push_back(std::move(round));
  }
  for (cudaStream_t s : streams) check(cudaStreamSynchronize(s));
  check(cudaStreamDestroy(streams[0]));
  check(cudaStreamDestroy(streams[1]));
  check(cudaGetLastError());
}

TEST(StreamStress, EightThreadsOfCopyChainsKeepEveryByteAndHostFunctionOrder) {
  std::vector<std::unique_ptr<ThreadResult>> results;
  for (int t = 0; t < kThreads; ++t) results.push_back(std::make_unique<ThreadResult>());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(Drive, t, std::ref(*results[t]));
  for (std::thread& th : threads) th.join();
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);

  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(::testing::Message() << "thread " << t);
    ThreadResult& result = *results[t];
    ASSERT_EQ(result.api_failures, 0);
    ASSERT_EQ(result.rounds.size(), size_t{kRounds});
    // Every host function ran once and saw finished copies.
    std::vector<Entry> entries = result.log.entries;
    ASSERT_EQ(entries.size(), size_t{3 * kRounds});
    for (const Entry& e : entries) {
      EXPECT_TRUE(e.data_ok) << "round " << e.round << " step " << e.step << " saw unfinished copies";
    }
    // In order per stream.
    for (int s = 0; s < 3; ++s) {
      std::vector<std::pair<int, int>> ran;
      for (const Entry& e : entries) {
        if (e.stream == s) ran.push_back({e.round, e.step});
      }
      EXPECT_EQ(ran, result.enqueued[s]) << "host functions of stream " << s << " out of order";
    }
    // F1 before F2 before F3 in every round (F3 is ordered by the event only).
    std::map<std::pair<int, int>, size_t> position;
    for (size_t i = 0; i < entries.size(); ++i) position[std::make_pair(entries[i].round, entries[i].step)] = i;
    for (int r = 0; r < kRounds; ++r) {
      size_t f1 = position[std::make_pair(r, 1)], f2 = position[std::make_pair(r, 2)],
             f3 = position[std::make_pair(r, 3)];
      EXPECT_LT(f1, f2) << "round " << r;
      EXPECT_LT(f2, f3) << "round " << r << ": F3 ran before the event";
    }
    // Every byte of the final buffers.
    for (const auto& round : result.rounds) {
      const Round& R = *round;
      uint8_t key = Key(t, R.round);
      std::vector<uint8_t> back(R.n);
      ASSERT_EQ(cudaMemcpy(back.data(), R.d, R.n, cudaMemcpyDeviceToHost), cudaSuccess);
      for (size_t i = 0; i < R.n; ++i) {
        uint8_t want = Pattern(t, R.round, i) ^ key;
        ASSERT_EQ(R.out[i], want) << "round " << R.round << " out byte " << i << " of " << R.n;
        ASSERT_EQ(R.mid[i], want) << "round " << R.round << " mid byte " << i;
        ASSERT_EQ(back[i], want) << "round " << R.round << " device byte " << i;
        ASSERT_EQ(R.in[i], Pattern(t, R.round, i)) << "round " << R.round << " in byte " << i;
      }
    }
  }
  for (auto& result : results) {
    for (auto& round : result->rounds) {
      EXPECT_EQ(cudaEventDestroy(round->handoff), cudaSuccess);
      for (uint8_t* p : {round->a, round->b, round->c, round->d}) EXPECT_EQ(cudaFree(p), cudaSuccess);
      for (uint8_t* p : {round->in, round->mid, round->out}) EXPECT_EQ(cudaFreeHost(p), cudaSuccess);
    }
  }
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
}

// Host functions and copies on the legacy stream interleaved with work of blocking streams of
// several threads: each legacy host function runs after everything its thread enqueued before it
// on its blocking stream, and before what it enqueued after.
struct Stamp {
  std::atomic<uint64_t>* clock;
  std::atomic<uint64_t> at{0};
  static void CUDART_CB Fn(void* p) {
    auto* s = static_cast<Stamp*>(p);
    s->at = s->clock->fetch_add(1) + 1;
  }
};

TEST(StreamStress, LegacyStreamHostFunctionsStayBetweenBlockingStreamWork) {
  constexpr int kLegacyThreads = 4, kSteps = 40;
  std::atomic<uint64_t> clock{0};
  std::vector<std::vector<std::unique_ptr<Stamp>>> before(kLegacyThreads), legacy(kLegacyThreads),
      after(kLegacyThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kLegacyThreads; ++t) {
    threads.emplace_back([&, t] {
      cudaStream_t s;
      if (cudaStreamCreate(&s) != cudaSuccess) ++failures;
      for (int i = 0; i < kSteps; ++i) {
        for (auto* list : {&before[t], &legacy[t], &after[t]}) list->push_back(std::make_unique<Stamp>());
        before[t].back()->clock = legacy[t].back()->clock = after[t].back()->clock = &clock;
        if (cudaLaunchHostFunc(s, Stamp::Fn, before[t].back().get()) != cudaSuccess) ++failures;
        if (cudaLaunchHostFunc(0, Stamp::Fn, legacy[t].back().get()) != cudaSuccess) ++failures;
        if (cudaLaunchHostFunc(s, Stamp::Fn, after[t].back().get()) != cudaSuccess) ++failures;
      }
      if (cudaStreamSynchronize(s) != cudaSuccess) ++failures;
      if (cudaStreamDestroy(s) != cudaSuccess) ++failures;
    });
  }
  for (std::thread& th : threads) th.join();
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  ASSERT_EQ(failures.load(), 0);
  for (int t = 0; t < kLegacyThreads; ++t) {
    for (int i = 0; i < kSteps; ++i) {
      uint64_t b = before[t][i]->at, l = legacy[t][i]->at, a = after[t][i]->at;
      ASSERT_GT(b, 0u);
      ASSERT_LT(b, l) << "thread " << t << " step " << i;
      ASSERT_LT(l, a) << "thread " << t << " step " << i;
    }
  }
}

}  // namespace
}  // namespace cudashim::testing
