// The device worker pool (runtime/backends/simt/worker_pool.h): which parts of a job run, and
// that none runs after Run returns, in both joining modes, with workers spinning (back-to-back
// jobs) and blocked (a pause between jobs longer than their spin).
#include "runtime/backends/simt/worker_pool.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace cudashim::simt {
namespace {

using Joining = WorkerPool::Joining;

// Longer than hal::kSpinBeforeBlocking: the workers are blocked when the next job comes.
void LetWorkersBlock() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

TEST(WorkerPool, EveryoneRunsEveryPartOnce) {
  constexpr int kWorkers = 4;
  WorkerPool pool(kWorkers);
  std::vector<std::atomic<int>> runs(kWorkers);
  for (int round = 0; round < 300; ++round) {
    if (round % 10 == 0) LetWorkersBlock();
    const int participants = 1 + round % kWorkers;
    // Part 0 returns at once: Run must still wait for every other part (a cooperative launch
    // divides its blocks among the parts), blocked workers included.
    pool.Run(participants, [&](int id) { runs[id].fetch_add(1); }, Joining::kEveryone);
    for (int id = 0; id < kWorkers; ++id) {
      ASSERT_EQ(runs[id].exchange(0), id < participants ? 1 : 0) << "round " << round << " part " << id;
    }
  }
}

TEST(WorkerPool, WhoeverIsReadyFinishesTheWorkAndNothingRunsAfterRun) {
  constexpr int kWorkers = 4;
  WorkerPool pool(kWorkers);
  for (int round = 0; round < 300; ++round) {
    if (round % 10 == 0) LetWorkersBlock();
    const int participants = 1 + round % kWorkers;
    constexpr int kItems = 1000;
    std::vector<std::atomic<int>> done(kItems);
    std::atomic<int> next{0};
    std::atomic<bool> open{true};
    std::atomic<int> late{0}, part0{0};
    std::vector<std::atomic<int>> runs(kWorkers);
    pool.Run(participants, [&](int id) {
      if (!open.load()) late.fetch_add(1);
      runs[id].fetch_add(1);
      if (id == 0) part0.fetch_add(1);
      for (int i; (i = next.fetch_add(1)) < kItems;) done[i].fetch_add(1);
      if (!open.load()) late.fetch_add(1);
    }, Joining::kWhoeverIsReady);
    open = false;
    ASSERT_EQ(part0.load(), 1) << "round " << round;
    for (int i = 0; i < kItems; ++i) ASSERT_EQ(done[i].load(), 1) << "round " << round << " item " << i;
    for (int id = 0; id < kWorkers; ++id) ASSERT_LE(runs[id].load(), id < participants ? 1 : 0);
    // A worker that missed this job must not run it later, while the next one is published.
    if (round % 10 == 9) LetWorkersBlock();
    ASSERT_EQ(late.load(), 0) << "round " << round;
  }
}

TEST(WorkerPool, TheModesAlternate) {
  WorkerPool pool(3);
  std::atomic<int> total{0};
  for (int round = 0; round < 500; ++round) {
    const Joining joining = round % 2 ? Joining::kEveryone : Joining::kWhoeverIsReady;
    std::atomic<int> parts{0};
    pool.Run(3, [&](int) { parts.fetch_add(1); }, joining);
    if (joining == Joining::kEveryone) ASSERT_EQ(parts.load(), 3) << "round " << round;
    else ASSERT_GE(parts.load(), 1) << "round " << round;
    total += parts.load();
  }
  EXPECT_GE(total.load(), 250 * 3 + 250);
}

}  // namespace
}  // namespace cudashim::simt
