// Events: record, query, synchronize, elapsed time, and cross-stream order with
// cudaStreamWaitEvent.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "host_sync.h"

namespace cudashim::testing {
namespace {

void CUDART_CB Sleep30Ms(void*) { std::this_thread::sleep_for(std::chrono::milliseconds(30)); }

class Events : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(cudaGetLastError(), cudaSuccess);
    ASSERT_EQ(cudaStreamCreate(&s1_), cudaSuccess);
    ASSERT_EQ(cudaStreamCreateWithFlags(&s2_, cudaStreamNonBlocking), cudaSuccess);
  }
  void TearDown() override {
    EXPECT_EQ(cudaStreamDestroy(s1_), cudaSuccess);
    EXPECT_EQ(cudaStreamDestroy(s2_), cudaSuccess);
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  }
  cudaStream_t s1_ = nullptr, s2_ = nullptr;
};

TEST_F(Events, QueryIsNotReadyUntilTheStreamPassesTheRecord) {
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(e), cudaSuccess);  // never recorded: complete
  Gate gate;
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(e), cudaErrorNotReady);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);  // NotReady is an answer, not an error
  gate.open = true;
  EXPECT_EQ(cudaEventSynchronize(e), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(e), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
}

TEST_F(Events, SynchronizeWaitsForWorkBeforeTheRecordOnly) {
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  OrderLog log;
  Append before{&log, 1};
  Gate later;
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Sleep30Ms, nullptr), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Append::Fn, &before), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &later), cudaSuccess);
  EXPECT_EQ(cudaEventSynchronize(e), cudaSuccess);  // returns although `later` is still closed
  EXPECT_TRUE(before.ran.load());
  later.open = true;
  EXPECT_EQ(cudaStreamSynchronize(s1_), cudaSuccess);  // `later` must outlive the work using it
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
}

TEST_F(Events, ElapsedTimeMeasuresTheWorkBetweenTwoRecords) {
  cudaEvent_t start, stop;
  ASSERT_EQ(cudaEventCreate(&start), cudaSuccess);
  ASSERT_EQ(cudaEventCreateWithFlags(&stop, cudaEventBlockingSync), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(start, s1_), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Sleep30Ms, nullptr), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(stop, s1_), cudaSuccess);
  ASSERT_EQ(cudaEventSynchronize(stop), cudaSuccess);
  float ms = -1;
  ASSERT_EQ(cudaEventElapsedTime(&ms, start, stop), cudaSuccess);
  EXPECT_GE(ms, 29.0f);
  EXPECT_LT(ms, 5000.0f);
  float back = 0;
  ASSERT_EQ(cudaEventElapsedTime(&back, stop, start), cudaSuccess);
  EXPECT_FLOAT_EQ(back, -ms);
  EXPECT_EQ(cudaEventDestroy(start), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(stop), cudaSuccess);
}

TEST_F(Events, ElapsedTimeAcrossTwoStreamsOrderedByWaitEvent) {
  cudaEvent_t start, stop;
  ASSERT_EQ(cudaEventCreate(&start), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&stop), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(start, s1_), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Sleep30Ms, nullptr), cudaSuccess);
  cudaEvent_t handoff;
  ASSERT_EQ(cudaEventCreateWithFlags(&handoff, cudaEventDisableTiming), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(handoff, s1_), cudaSuccess);
  ASSERT_EQ(cudaStreamWaitEvent(s2_, handoff, 0), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(stop, s2_), cudaSuccess);
  ASSERT_EQ(cudaEventSynchronize(stop), cudaSuccess);
  float ms = -1;
  ASSERT_EQ(cudaEventElapsedTime(&ms, start, stop), cudaSuccess);
  EXPECT_GE(ms, 29.0f);
  for (cudaEvent_t e : {start, stop, handoff}) EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
}

TEST_F(Events, ElapsedTimeWithDisableTimingIsInvalidResourceHandle) {
  cudaEvent_t timed, untimed;
  ASSERT_EQ(cudaEventCreate(&timed), cudaSuccess);
  ASSERT_EQ(cudaEventCreateWithFlags(&untimed, cudaEventDisableTiming), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(timed, s1_), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(untimed, s1_), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(s1_), cudaSuccess);
  float ms = 123;
  EXPECT_EQ(cudaEventElapsedTime(&ms, timed, untimed), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaEventElapsedTime(&ms, untimed, timed), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaEventElapsedTime(&ms, untimed, untimed), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(ms, 123);
  EXPECT_EQ(cudaEventDestroy(timed), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(untimed), cudaSuccess);
}

TEST_F(Events, ElapsedTimeOfPendingEventIsNotReadyAndNotRecorded) {
  cudaEvent_t start, pending;
  ASSERT_EQ(cudaEventCreate(&start), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&pending), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(start, s1_), cudaSuccess);
  Gate gate;
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(pending, s1_), cudaSuccess);
  float ms = 0;
  EXPECT_EQ(cudaEventElapsedTime(&ms, start, pending), cudaErrorNotReady);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  gate.open = true;
  EXPECT_EQ(cudaEventSynchronize(pending), cudaSuccess);
  EXPECT_EQ(cudaEventElapsedTime(&ms, start, pending), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(start), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(pending), cudaSuccess);
}

TEST_F(Events, StreamWaitEventHoldsTheOtherStreamUntilTheRecordIsReached) {
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreateWithFlags(&e, cudaEventDisableTiming), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append producer{&log, 1}, consumer{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Append::Fn, &producer), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);
  ASSERT_EQ(cudaStreamWaitEvent(s2_, e, 0), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s2_, Append::Fn, &consumer), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return consumer.ran.load(); }, kQuietMs));
  EXPECT_EQ(cudaStreamQuery(s2_), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(s2_), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
}

TEST_F(Events, StreamWaitEventUsesTheRecordCurrentAtTheCall) {
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  Gate first, second;
  OrderLog log;
  Append consumer{&log, 1};
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &first), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);
  ASSERT_EQ(cudaStreamWaitEvent(s2_, e, 0), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s2_, Append::Fn, &consumer), cudaSuccess);
  // Re-recording after the wait was enqueued does not move what s2 waits for.
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &second), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);

  first.open = true;
  EXPECT_TRUE(Eventually([&] { return consumer.ran.load(); }, 5000));
  EXPECT_EQ(cudaEventQuery(e), cudaErrorNotReady);
  second.open = true;
  EXPECT_EQ(cudaEventSynchronize(e), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
}

TEST_F(Events, WaitingOnANeverRecordedEventIsANoOp) {
  cudaEvent_t never;
  ASSERT_EQ(cudaEventCreate(&never), cudaSuccess);
  OrderLog log;
  Append after{&log, 1};
  ASSERT_EQ(cudaStreamWaitEvent(s2_, never, 0), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s2_, Append::Fn, &after), cudaSuccess);
  EXPECT_EQ(cudaStreamSynchronize(s2_), cudaSuccess);
  EXPECT_TRUE(after.ran.load());
  EXPECT_EQ(cudaEventSynchronize(never), cudaSuccess);
  float ms = 0;
  EXPECT_EQ(cudaEventElapsedTime(&ms, never, never), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaEventDestroy(never), cudaSuccess);
}

TEST_F(Events, DestroyingARecordedPendingEventKeepsStreamOrder) {
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append producer{&log, 1}, consumer{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s1_, Append::Fn, &producer), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s1_), cudaSuccess);
  ASSERT_EQ(cudaStreamWaitEvent(s2_, e, 0), cudaSuccess);
  ASSERT_EQ(cudaEventDestroy(e), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(s2_, Append::Fn, &consumer), cudaSuccess);
  EXPECT_FALSE(Eventually([&] { return consumer.ran.load(); }, kQuietMs));
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(s2_), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace cudashim::testing
