// The default streams: the legacy NULL stream (0, cudaStreamLegacy) synchronizes with every
// blocking stream, non-blocking streams never wait for it, and cudaStreamPerThread is a blocking
// stream of its own per host thread.
//
// cudashim runs each stream's work on its own worker, so a gated host function holds only its own
// stream (and what must wait for it). NVIDIA runs all host functions of a context on one thread
// (tests/cuda/README.md); these tests check stream semantics on cudashim.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "host_sync.h"

namespace cudashim::testing {
namespace {

class DefaultStream : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cudaGetLastError(), cudaSuccess); }
  void TearDown() override {
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  }
};

TEST_F(DefaultStream, LegacyStreamWaitsForEarlierWorkOfBlockingStream) {
  cudaStream_t blocking;
  ASSERT_EQ(cudaStreamCreate(&blocking), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append on_blocking{&log, 1}, on_legacy{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Append::Fn, &on_blocking), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_legacy.ran.load(); }, kQuietMs));
  EXPECT_EQ(cudaStreamQuery(0), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
  EXPECT_EQ(cudaStreamDestroy(blocking), cudaSuccess);
}

TEST_F(DefaultStream, BlockingStreamWaitsForEarlierWorkOfLegacyStream) {
  cudaStream_t blocking;
  ASSERT_EQ(cudaStreamCreateWithFlags(&blocking, cudaStreamDefault), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append on_legacy{&log, 1}, on_blocking{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(0, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Append::Fn, &on_blocking), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_blocking.ran.load(); }, kQuietMs));
  EXPECT_EQ(cudaStreamQuery(blocking), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(blocking), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
  EXPECT_EQ(cudaStreamDestroy(blocking), cudaSuccess);
}

TEST_F(DefaultStream, LegacyStreamRunsWhileNonBlockingStreamIsHeld) {
  cudaStream_t non_blocking;
  ASSERT_EQ(cudaStreamCreateWithFlags(&non_blocking, cudaStreamNonBlocking), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append on_legacy{&log, 1};
  ASSERT_EQ(cudaLaunchHostFunc(non_blocking, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);

  EXPECT_TRUE(Eventually([&] { return on_legacy.ran.load(); }, 5000));
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);  // does not wait for the gated stream
  EXPECT_EQ(cudaStreamQuery(0), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(non_blocking), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(non_blocking), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(non_blocking), cudaSuccess);
}

TEST_F(DefaultStream, NonBlockingStreamRunsWhileLegacyStreamIsHeld) {
  cudaStream_t non_blocking;
  ASSERT_EQ(cudaStreamCreateWithFlags(&non_blocking, cudaStreamNonBlocking), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append on_non_blocking{&log, 1};
  ASSERT_EQ(cudaLaunchHostFunc(0, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(non_blocking, Append::Fn, &on_non_blocking), cudaSuccess);

  EXPECT_TRUE(Eventually([&] { return on_non_blocking.ran.load(); }, 5000));
  EXPECT_EQ(cudaStreamSynchronize(non_blocking), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(0), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(non_blocking), cudaSuccess);
}

TEST_F(DefaultStream, LegacyStreamWaitsForPerThreadStream) {
  Gate gate;
  OrderLog log;
  Append on_per_thread{&log, 1}, on_legacy{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Append::Fn, &on_per_thread), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamLegacy, Append::Fn, &on_legacy), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_legacy.ran.load(); }, kQuietMs));
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamLegacy), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
}

TEST_F(DefaultStream, PerThreadStreamWaitsForLegacyStream) {
  Gate gate;
  OrderLog log;
  Append on_legacy{&log, 1}, on_per_thread{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(0, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Append::Fn, &on_per_thread), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_per_thread.ran.load(); }, kQuietMs));
  EXPECT_EQ(cudaStreamQuery(cudaStreamPerThread), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamPerThread), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
}

TEST_F(DefaultStream, LegacyStreamWaitsForAnotherThreadsPerThreadStream) {
  Gate gate;
  OrderLog log;
  Append on_other{&log, 1}, on_legacy{&log, 2};
  std::atomic<bool> enqueued{false}, finish{false};
  std::thread other([&] {
    EXPECT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Gate::Fn, &gate), cudaSuccess);
    EXPECT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Append::Fn, &on_other), cudaSuccess);
    enqueued = true;
    while (!finish.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  while (!enqueued.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_legacy.ran.load(); }, kQuietMs));
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
  finish = true;
  other.join();
}

// cudaStreamDestroy returns at once and the stream's queued work still runs (CUDA documents that
// its resources are released once the work completes); until then the work is "preceding work"
// for cudaDeviceSynchronize and for the legacy stream.
TEST_F(DefaultStream, DeviceSynchronizeWaitsForWorkOfADestroyedStream) {
  cudaStream_t blocking;
  ASSERT_EQ(cudaStreamCreate(&blocking), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append queued{&log, 1};
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Append::Fn, &queued), cudaSuccess);
  ASSERT_EQ(cudaStreamDestroy(blocking), cudaSuccess);
  std::thread opener([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.open = true;
  });
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_TRUE(queued.ran.load()) << "cudaDeviceSynchronize returned before the destroyed stream's work";
  opener.join();
  EXPECT_TRUE(Eventually([&] { return queued.ran.load(); }, 5000));
}

TEST_F(DefaultStream, DeviceSynchronizeWaitsForWorkOfAnExitedThreadsPerThreadStream) {
  Gate gate;
  OrderLog log;
  Append queued{&log, 1};
  std::thread other([&] {
    EXPECT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Gate::Fn, &gate), cudaSuccess);
    EXPECT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Append::Fn, &queued), cudaSuccess);
  });
  other.join();
  std::thread opener([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.open = true;
  });
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_TRUE(queued.ran.load()) << "cudaDeviceSynchronize returned before the exited thread's work";
  opener.join();
  EXPECT_TRUE(Eventually([&] { return queued.ran.load(); }, 5000));
}

TEST_F(DefaultStream, LegacyStreamWaitsForEarlierWorkOfADestroyedBlockingStream) {
  cudaStream_t blocking;
  ASSERT_EQ(cudaStreamCreate(&blocking), cudaSuccess);
  Gate gate;
  OrderLog log;
  Append on_blocking{&log, 1}, on_legacy{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(blocking, Append::Fn, &on_blocking), cudaSuccess);
  ASSERT_EQ(cudaStreamDestroy(blocking), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &on_legacy), cudaSuccess);

  EXPECT_FALSE(Eventually([&] { return on_legacy.ran.load(); }, kQuietMs));
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_TRUE(Eventually([&] { return on_blocking.ran.load() && on_legacy.ran.load(); }, 5000));
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
}

TEST_F(DefaultStream, PerThreadStreamsOfTwoThreadsDoNotWaitForEachOther) {
  Gate gate;
  OrderLog log;
  Append on_mine{&log, 1};
  unsigned long long other_id = 0, my_id = 0;
  std::thread other([&] {
    EXPECT_EQ(cudaStreamGetId(cudaStreamPerThread, &other_id), cudaSuccess);
    EXPECT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Gate::Fn, &gate), cudaSuccess);
  });
  other.join();
  ASSERT_EQ(cudaStreamGetId(cudaStreamPerThread, &my_id), cudaSuccess);
  EXPECT_NE(my_id, other_id);
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamPerThread, Append::Fn, &on_mine), cudaSuccess);

  EXPECT_TRUE(Eventually([&] { return on_mine.ran.load(); }, 5000));
  gate.open = true;
  // The other thread's stream still references `gate`: drain it before the gate goes away.
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
}

TEST_F(DefaultStream, ZeroAndCudaStreamLegacyAreTheSameStream) {
  unsigned long long zero_id = 0, legacy_id = 1;
  ASSERT_EQ(cudaStreamGetId(0, &zero_id), cudaSuccess);
  ASSERT_EQ(cudaStreamGetId(cudaStreamLegacy, &legacy_id), cudaSuccess);
  EXPECT_EQ(zero_id, legacy_id);

  Gate gate;
  OrderLog log;
  Append first{&log, 1}, second{&log, 2};
  ASSERT_EQ(cudaLaunchHostFunc(0, Gate::Fn, &gate), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(cudaStreamLegacy, Append::Fn, &first), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(0, Append::Fn, &second), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(cudaStreamLegacy), cudaErrorNotReady);
  gate.open = true;
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamLegacy), cudaSuccess);
  EXPECT_EQ(log.values(), (std::vector<int>{1, 2}));
}

void CUDART_CB CountCallback(cudaStream_t, cudaError_t status, void* data) {
  if (status == cudaSuccess) ++*static_cast<std::atomic<int>*>(data);
}

class SpecialStreamHandle : public ::testing::TestWithParam<uintptr_t> {
 protected:
  cudaStream_t stream() const { return reinterpret_cast<cudaStream_t>(GetParam()); }
};

TEST_P(SpecialStreamHandle, IsAcceptedByEveryStreamTakingCall) {
  const cudaStream_t s = stream();
  constexpr size_t kBytes = 4099;
  unsigned char *host_in = nullptr, *host_out = nullptr, *device = nullptr, *managed = nullptr;
  ASSERT_EQ(cudaHostAlloc(reinterpret_cast<void**>(&host_in), kBytes, cudaHostAllocDefault), cudaSuccess);
  ASSERT_EQ(cudaHostAlloc(reinterpret_cast<void**>(&host_out), kBytes, cudaHostAllocDefault), cudaSuccess);
  ASSERT_EQ(cudaMalloc(reinterpret_cast<void**>(&device), kBytes), cudaSuccess);
  ASSERT_EQ(cudaMallocManaged(reinterpret_cast<void**>(&managed), kBytes, cudaMemAttachGlobal), cudaSuccess);
  for (size_t i = 0; i < kBytes; ++i) host_in[i] = static_cast<unsigned char>(i * 7 + 3);
  std::memset(host_out, 0, kBytes);

  cudaEvent_t event;
  ASSERT_EQ(cudaEventCreate(&event), cudaSuccess);
  EXPECT_EQ(cudaStreamSynchronize(s), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(s), cudaSuccess);
  EXPECT_EQ(cudaMemcpyAsync(device, host_in, kBytes, cudaMemcpyHostToDevice, s), cudaSuccess);
  EXPECT_EQ(cudaMemsetAsync(device + 4000, 0xAB, 99, s), cudaSuccess);
  EXPECT_EQ(cudaMemcpy2DAsync(managed, 64, device, 64, 64, kBytes / 64, cudaMemcpyDeviceToDevice, s),
            cudaSuccess);
  EXPECT_EQ(cudaMemcpyAsync(host_out, device, kBytes, cudaMemcpyDeviceToHost, s), cudaSuccess);
  EXPECT_EQ(cudaEventRecord(event, s), cudaSuccess);
  EXPECT_EQ(cudaEventRecordWithFlags(event, s, 0), cudaSuccess);
  EXPECT_EQ(cudaStreamWaitEvent(s, event, 0), cudaSuccess);
  OrderLog log;
  Append append{&log, 7};
  EXPECT_EQ(cudaLaunchHostFunc(s, Append::Fn, &append), cudaSuccess);
  std::atomic<int> callbacks{0};
  EXPECT_EQ(cudaStreamAddCallback(s, CountCallback, &callbacks, 0), cudaSuccess);
  void* async_block = nullptr;
  EXPECT_EQ(cudaMallocAsync(&async_block, 512, s), cudaSuccess);
  EXPECT_EQ(cudaFreeAsync(async_block, s), cudaSuccess);
  EXPECT_EQ(cudaStreamAttachMemAsync(s, managed, 0, cudaMemAttachGlobal), cudaSuccess);
  cudaMemLocation location{};
  location.type = cudaMemLocationTypeDevice;
  location.id = 0;
  EXPECT_EQ(cudaMemPrefetchAsync(managed, kBytes, location, 0, s), cudaSuccess);
  unsigned flags = 99;
  EXPECT_EQ(cudaStreamGetFlags(s, &flags), cudaSuccess);
  int priority = 99, device_of_stream = 99;
  EXPECT_EQ(cudaStreamGetPriority(s, &priority), cudaSuccess);
  EXPECT_EQ(priority, 0);
  EXPECT_EQ(cudaStreamGetDevice(s, &device_of_stream), cudaSuccess);
  EXPECT_EQ(device_of_stream, 0);
  unsigned long long id = 0;
  EXPECT_EQ(cudaStreamGetId(s, &id), cudaSuccess);
  cudaStreamCaptureStatus capture = cudaStreamCaptureStatusActive;
  EXPECT_EQ(cudaStreamIsCapturing(s, &capture), cudaSuccess);
  EXPECT_EQ(capture, cudaStreamCaptureStatusNone);
  EXPECT_EQ(cudaStreamSynchronize(s), cudaSuccess);

  EXPECT_EQ(cudaEventQuery(event), cudaSuccess);
  EXPECT_EQ(log.values(), std::vector<int>{7});
  EXPECT_EQ(callbacks.load(), 1);
  for (size_t i = 0; i < kBytes; ++i) {
    unsigned char want = (i >= 4000 && i < 4099) ? 0xAB : static_cast<unsigned char>(i * 7 + 3);
    ASSERT_EQ(host_out[i], want) << "byte " << i;
    if (i < kBytes / 64 * 64) {
      ASSERT_EQ(managed[i], want) << "managed byte " << i;
    }
  }
  EXPECT_EQ(cudaEventDestroy(event), cudaSuccess);
  EXPECT_EQ(cudaFree(managed), cudaSuccess);
  EXPECT_EQ(cudaFree(device), cudaSuccess);
  EXPECT_EQ(cudaFreeHost(host_in), cudaSuccess);
  EXPECT_EQ(cudaFreeHost(host_out), cudaSuccess);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
}

TEST_P(SpecialStreamHandle, CannotBeDestroyed) {
  EXPECT_EQ(cudaStreamDestroy(stream()), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaStreamSynchronize(stream()), cudaSuccess);
}

std::string HandleName(const ::testing::TestParamInfo<uintptr_t>& info) {
  static const char* const kNames[] = {"Zero", "CudaStreamLegacy", "CudaStreamPerThread"};
  return kNames[info.param];
}

INSTANTIATE_TEST_SUITE_P(ZeroLegacyPerThread, SpecialStreamHandle,
                         ::testing::Values(uintptr_t{0}, uintptr_t{1}, uintptr_t{2}), HandleName);

}  // namespace
}  // namespace cudashim::testing
