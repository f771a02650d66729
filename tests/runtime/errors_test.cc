// Errors: the per-thread last error, which errors stay (sticky) and which are cleared, and the
// names and descriptions of codes.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace cudashim::testing {
namespace {

class Errors : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cudaGetLastError(), cudaSuccess); }
  void TearDown() override { EXPECT_EQ(cudaGetLastError(), cudaSuccess); }
};

TEST_F(Errors, LastErrorIsRecordedPerHostThread) {
  ASSERT_EQ(cudaSetDevice(-1), cudaErrorInvalidDevice);
  cudaError_t seen_by_other = cudaErrorUnknown, other_own = cudaErrorUnknown;
  std::thread other([&] {
    seen_by_other = cudaPeekAtLastError();
    EXPECT_EQ(cudaGetDevice(nullptr), cudaErrorInvalidValue);
    other_own = cudaGetLastError();
  });
  other.join();
  EXPECT_EQ(seen_by_other, cudaSuccess);
  EXPECT_EQ(other_own, cudaErrorInvalidValue);
  EXPECT_EQ(cudaPeekAtLastError(), cudaErrorInvalidDevice);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidDevice);
}

TEST_F(Errors, ManyThreadsEachSeeOnlyTheirOwnErrors) {
  constexpr int kThreads = 8;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &mismatches] {
      for (int round = 0; round < 500; ++round) {
        bool device_error = (t + round) % 2 == 1;
        cudaError_t want = device_error ? cudaErrorInvalidDevice : cudaErrorInvalidValue;
        cudaError_t got = device_error ? cudaSetDevice(1000) : cudaStreamCreate(nullptr);
        if (got != want) ++mismatches;
        std::this_thread::yield();
        if (cudaPeekAtLastError() != want) ++mismatches;
        if (cudaGetLastError() != want) ++mismatches;
        if (cudaGetLastError() != cudaSuccess) ++mismatches;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(Errors, SuccessfulCallsDoNotClearTheLastError) {
  ASSERT_EQ(cudaStreamCreate(nullptr), cudaErrorInvalidValue);
  void* p = nullptr;
  ASSERT_EQ(cudaMalloc(&p, 64), cudaSuccess);
  ASSERT_EQ(cudaFree(p), cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(cudaPeekAtLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
}

TEST_F(Errors, OutOfMemoryIsNotSticky) {
  void* p = reinterpret_cast<void*>(0x1234);
  ASSERT_EQ(cudaMalloc(&p, size_t{1} << 50), cudaErrorMemoryAllocation);
  EXPECT_EQ(cudaGetLastError(), cudaErrorMemoryAllocation);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  // The context stays usable: allocation, copies and synchronization succeed afterwards.
  void* q = nullptr;
  ASSERT_EQ(cudaMalloc(&q, 4096), cudaSuccess);
  EXPECT_EQ(cudaMemset(q, 1, 4096), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_EQ(cudaFree(q), cudaSuccess);
  EXPECT_EQ(cudaPeekAtLastError(), cudaSuccess);
}

TEST_F(Errors, InvalidArgumentErrorsAreNotSticky) {
  ASSERT_EQ(cudaMemcpy(nullptr, nullptr, 16, static_cast<cudaMemcpyKind>(9)),
            cudaErrorInvalidMemcpyDirection);
  ASSERT_EQ(cudaSetDevice(-1), cudaErrorInvalidDevice);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidDevice);  // the most recent error wins
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  int device = -1;
  EXPECT_EQ(cudaGetDevice(&device), cudaSuccess);
  EXPECT_EQ(device, 0);  // a failed cudaSetDevice leaves the current device alone
}

TEST_F(Errors, NotReadyFromQueriesIsNeverRecorded) {
  cudaStream_t s;
  ASSERT_EQ(cudaStreamCreate(&s), cudaSuccess);
  std::atomic<bool> open{false};
  ASSERT_EQ(cudaLaunchHostFunc(
                s,
                [](void* p) {
                  while (!static_cast<std::atomic<bool>*>(p)->load()) std::this_thread::yield();
                },
                &open),
            cudaSuccess);
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(e, s), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(s), cudaErrorNotReady);
  EXPECT_EQ(cudaEventQuery(e), cudaErrorNotReady);
  EXPECT_EQ(cudaPeekAtLastError(), cudaSuccess);
  open = true;
  EXPECT_EQ(cudaStreamSynchronize(s), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(s), cudaSuccess);
}

TEST(ErrorText, NameAndStringAreNeverNullFromMinusOneTo10000) {
  for (int code = -1; code <= 10000; ++code) {
    const char* name = cudaGetErrorName(static_cast<cudaError_t>(code));
    const char* text = cudaGetErrorString(static_cast<cudaError_t>(code));
    ASSERT_NE(name, nullptr) << code;
    ASSERT_NE(text, nullptr) << code;
    ASSERT_GT(std::string(name).size(), 0u) << code;
    ASSERT_GT(std::string(text).size(), 0u) << code;
  }
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);  // neither records anything
}

TEST(ErrorText, KnownCodesHaveTheirEnumeratorNames) {
  struct Known {
    int code;
    const char* name;
  };
  for (Known k : {Known{0, "cudaSuccess"}, Known{1, "cudaErrorInvalidValue"},
                  Known{2, "cudaErrorMemoryAllocation"}, Known{21, "cudaErrorInvalidMemcpyDirection"},
                  Known{100, "cudaErrorNoDevice"}, Known{101, "cudaErrorInvalidDevice"},
                  Known{400, "cudaErrorInvalidResourceHandle"}, Known{600, "cudaErrorNotReady"},
                  Known{712, "cudaErrorHostMemoryAlreadyRegistered"},
                  Known{713, "cudaErrorHostMemoryNotRegistered"},
                  Known{719, "cudaErrorLaunchFailure"}, Known{801, "cudaErrorNotSupported"},
                  Known{999, "cudaErrorUnknown"}}) {
    EXPECT_STREQ(cudaGetErrorName(static_cast<cudaError_t>(k.code)), k.name) << k.code;
    EXPECT_STRNE(cudaGetErrorString(static_cast<cudaError_t>(k.code)), "unrecognized error code")
        << k.code;
  }
}

TEST(ErrorText, UnknownCodesAreUnrecognized) {
  // 10000 is cudaErrorApiFailureBase, a real code.
  for (int code : {-1, 9999, 12345, 65535}) {
    EXPECT_STREQ(cudaGetErrorName(static_cast<cudaError_t>(code)), "unrecognized error code") << code;
    EXPECT_STREQ(cudaGetErrorString(static_cast<cudaError_t>(code)), "unrecognized error code") << code;
  }
}

}  // namespace
}  // namespace cudashim::testing
