// Bad input never crashes and gets the code NVIDIA's runtime gives: NULL out-pointers, unknown or
// destroyed handles, bad frees, bad copy kinds and ranges, impossible sizes, invalid flags.
// Each call's error is also the thread's last error.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace cudashim::testing {
namespace {

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cudaGetLastError(), cudaSuccess); }
  void TearDown() override {
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);  // nothing became sticky
    EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  }
  // `code` was returned and recorded; the record is then cleared.
  static void ExpectError(cudaError_t code, cudaError_t returned) {
    EXPECT_EQ(returned, code);
    EXPECT_EQ(cudaGetLastError(), code);
  }
};

TEST_F(BadInput, NullOutPointersAreInvalidValue) {
  cudaStream_t s;
  ASSERT_EQ(cudaStreamCreate(&s), cudaSuccess);
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 256), cudaSuccess);

  ExpectError(cudaErrorInvalidValue, cudaMalloc(nullptr, 16));
  ExpectError(cudaErrorInvalidValue, cudaMallocHost(nullptr, 16));
  ExpectError(cudaErrorInvalidValue, cudaHostAlloc(nullptr, 16, cudaHostAllocDefault));
  ExpectError(cudaErrorInvalidValue, cudaMallocManaged(nullptr, 16, cudaMemAttachGlobal));
  size_t pitch = 0;
  ExpectError(cudaErrorInvalidValue, cudaMallocPitch(nullptr, &pitch, 16, 16));
  ExpectError(cudaErrorInvalidValue, cudaMallocPitch(&d, nullptr, 16, 16));
  ExpectError(cudaErrorInvalidValue, cudaMallocAsync(nullptr, 16, s));
  ExpectError(cudaErrorInvalidValue, cudaStreamCreate(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaStreamCreateWithFlags(nullptr, cudaStreamNonBlocking));
  ExpectError(cudaErrorInvalidValue, cudaStreamCreateWithPriority(nullptr, 0, 0));
  ExpectError(cudaErrorInvalidValue, cudaEventCreate(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaEventCreateWithFlags(nullptr, cudaEventDisableTiming));
  ExpectError(cudaErrorInvalidValue, cudaEventElapsedTime(nullptr, e, e));
  ExpectError(cudaErrorInvalidValue, cudaStreamGetFlags(s, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaStreamGetPriority(s, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaStreamGetDevice(s, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaStreamGetId(s, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaGetDeviceCount(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaGetDevice(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaGetDeviceProperties(nullptr, 0));
  ExpectError(cudaErrorInvalidValue, cudaDeviceGetAttribute(nullptr, cudaDevAttrWarpSize, 0));
  ExpectError(cudaErrorInvalidValue, cudaDeviceGetLimit(nullptr, cudaLimitStackSize));
  ExpectError(cudaErrorInvalidValue, cudaRuntimeGetVersion(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaDriverGetVersion(nullptr));
  ExpectError(cudaErrorInvalidValue, cudaPointerGetAttributes(nullptr, d));
  ExpectError(cudaErrorInvalidValue, cudaLaunchHostFunc(s, nullptr, nullptr));

  EXPECT_EQ(cudaFree(d), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(s), cudaSuccess);
}

// Handles that name no stream: a pointer to random bytes, and a stream destroyed before use.
std::vector<cudaStream_t> UnknownStreams(std::vector<uint64_t>& garbage) {
  garbage.assign(64, 0xdeadbeefcafef00dULL);
  cudaStream_t destroyed = nullptr;
  EXPECT_EQ(cudaStreamCreate(&destroyed), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(destroyed), cudaSuccess);
  return {reinterpret_cast<cudaStream_t>(garbage.data()),
          reinterpret_cast<cudaStream_t>(uintptr_t{0x7f00deadbee0}), destroyed};
}

TEST_F(BadInput, UnknownStreamHandlesAreInvalidResourceHandle) {
  std::vector<uint64_t> garbage;
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 256), cudaSuccess);
  void* h = nullptr;
  ASSERT_EQ(cudaMallocHost(&h, 256), cudaSuccess);
  cudaEvent_t e;
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  for (cudaStream_t s : UnknownStreams(garbage)) {
    SCOPED_TRACE(::testing::Message() << "stream " << static_cast<void*>(s));
    unsigned flags = 0;
    int value = 0;
    unsigned long long id = 0;
    void* p = nullptr;
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamSynchronize(s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamQuery(s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamDestroy(s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamGetFlags(s, &flags));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamGetPriority(s, &value));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamGetDevice(s, &value));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamGetId(s, &id));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamWaitEvent(s, e, 0));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventRecord(e, s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaMemcpyAsync(d, h, 256, cudaMemcpyHostToDevice, s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaMemsetAsync(d, 0, 256, s));
    ExpectError(cudaErrorInvalidResourceHandle,
                cudaLaunchHostFunc(s, [](void*) {}, nullptr));
    ExpectError(cudaErrorInvalidResourceHandle, cudaMallocAsync(&p, 256, s));
    ExpectError(cudaErrorInvalidResourceHandle, cudaFreeAsync(d, s));
  }
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
  EXPECT_EQ(cudaFreeHost(h), cudaSuccess);
  EXPECT_EQ(cudaFree(d), cudaSuccess);  // the failed cudaFreeAsync freed nothing
}

TEST_F(BadInput, UnknownEventHandlesAreInvalidResourceHandle) {
  std::vector<uint64_t> garbage(64, 0x0123456789abcdefULL);
  // Both exist before one is destroyed, so the good one cannot reuse the destroyed one's address.
  cudaEvent_t destroyed, good;
  ASSERT_EQ(cudaEventCreate(&destroyed), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&good), cudaSuccess);
  ASSERT_EQ(cudaEventDestroy(destroyed), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(good, 0), cudaSuccess);
  ASSERT_EQ(cudaEventSynchronize(good), cudaSuccess);
  for (cudaEvent_t e : {reinterpret_cast<cudaEvent_t>(garbage.data()), destroyed}) {
    SCOPED_TRACE(::testing::Message() << "event " << static_cast<void*>(e));
    float ms = 0;
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventRecord(e, 0));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventRecordWithFlags(e, 0, 0));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventQuery(e));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventSynchronize(e));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventDestroy(e));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, e, good));
    ExpectError(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, good, e));
    ExpectError(cudaErrorInvalidResourceHandle, cudaStreamWaitEvent(0, e, 0));
  }
  EXPECT_EQ(cudaEventDestroy(good), cudaSuccess);
}

TEST_F(BadInput, FreeingWhatWasNotAllocatedIsInvalidValue) {
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 1000), cudaSuccess);
  int on_stack = 0;
  ExpectError(cudaErrorInvalidValue, cudaFree(static_cast<char*>(d) + 1));    // interior
  ExpectError(cudaErrorInvalidValue, cudaFree(static_cast<char*>(d) + 999));  // last byte
  ExpectError(cudaErrorInvalidValue, cudaFree(&on_stack));                    // never allocated
  ExpectError(cudaErrorInvalidValue, cudaFree(reinterpret_cast<void*>(0x1000)));
  ASSERT_EQ(cudaFree(d), cudaSuccess);  // the interior frees left the allocation alone
  ExpectError(cudaErrorInvalidValue, cudaFree(d));  // double free
  EXPECT_EQ(cudaFree(nullptr), cudaSuccess);
}

TEST_F(BadInput, FreeingHostMemoryWithTheWrongCallIsInvalidValue) {
  void* h = nullptr;
  ASSERT_EQ(cudaMallocHost(&h, 512), cudaSuccess);
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 512), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaFreeHost(d));
  ExpectError(cudaErrorInvalidValue, cudaFreeHost(static_cast<char*>(h) + 8));
  ExpectError(cudaErrorInvalidValue, cudaFree(h));
  ASSERT_EQ(cudaFreeHost(h), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaFreeHost(h));  // double free
  ASSERT_EQ(cudaFree(d), cudaSuccess);
}

TEST_F(BadInput, InvalidMemcpyKindIsInvalidMemcpyDirection) {
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 64), cudaSuccess);
  std::vector<char> host(64);
  for (int kind : {-1, 5, 7, 1000}) {
    SCOPED_TRACE(kind);
    auto k = static_cast<cudaMemcpyKind>(kind);
    ExpectError(cudaErrorInvalidMemcpyDirection, cudaMemcpy(d, host.data(), 64, k));
    ExpectError(cudaErrorInvalidMemcpyDirection, cudaMemcpyAsync(d, host.data(), 64, k, 0));
    ExpectError(cudaErrorInvalidMemcpyDirection, cudaMemcpy2D(d, 8, host.data(), 8, 8, 8, k));
  }
  ASSERT_EQ(cudaFree(d), cudaSuccess);
}

TEST_F(BadInput, CopyPastTheEndOfADeviceAllocationIsInvalidValue) {
  constexpr size_t kSize = 1000;
  char *d = nullptr, *d2 = nullptr, *pinned = nullptr;
  ASSERT_EQ(cudaMalloc(reinterpret_cast<void**>(&d), kSize), cudaSuccess);
  ASSERT_EQ(cudaMalloc(reinterpret_cast<void**>(&d2), kSize), cudaSuccess);
  ASSERT_EQ(cudaMallocHost(reinterpret_cast<void**>(&pinned), 2 * kSize), cudaSuccess);
  std::vector<char> pageable(2 * kSize, 5);
  ASSERT_EQ(cudaMemset(d, 0x11, kSize), cudaSuccess);

  ExpectError(cudaErrorInvalidValue, cudaMemcpy(d, pageable.data(), kSize + 1, cudaMemcpyHostToDevice));
  ExpectError(cudaErrorInvalidValue, cudaMemcpy(d + 500, pinned, 501, cudaMemcpyHostToDevice));
  ExpectError(cudaErrorInvalidValue, cudaMemcpy(pageable.data(), d + 1, kSize, cudaMemcpyDeviceToHost));
  ExpectError(cudaErrorInvalidValue, cudaMemcpy(d2, d, kSize + 1, cudaMemcpyDeviceToDevice));
  ExpectError(cudaErrorInvalidValue, cudaMemcpy(d, pinned, 2 * kSize, cudaMemcpyDefault));
  ExpectError(cudaErrorInvalidValue,
              cudaMemcpyAsync(d + 999, pageable.data(), 2, cudaMemcpyHostToDevice, 0));
  ExpectError(cudaErrorInvalidValue, cudaMemcpyAsync(pinned, d, kSize + 1, cudaMemcpyDeviceToHost, 0));
  ExpectError(cudaErrorInvalidValue, cudaMemset(d + 1, 0, kSize));
  ExpectError(cudaErrorInvalidValue, cudaMemsetAsync(d, 0, kSize + 1, 0));
  ExpectError(cudaErrorInvalidValue, cudaMemcpy2D(d, 100, pinned, 100, 100, 11, cudaMemcpyHostToDevice));

  // Nothing was written by the rejected copies.
  std::vector<char> back(kSize);
  ASSERT_EQ(cudaMemcpy(back.data(), d, kSize, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_EQ(back, std::vector<char>(kSize, 0x11));
  // Exactly up to the end is fine.
  EXPECT_EQ(cudaMemcpy(d + 500, pinned, 500, cudaMemcpyHostToDevice), cudaSuccess);
  EXPECT_EQ(cudaMemcpy2D(d, 100, pinned, 100, 100, 10, cudaMemcpyHostToDevice), cudaSuccess);
  ASSERT_EQ(cudaFree(d), cudaSuccess);
  ASSERT_EQ(cudaFree(d2), cudaSuccess);
  ASSERT_EQ(cudaFreeHost(pinned), cudaSuccess);
}

TEST_F(BadInput, OnePebibyteMallocIsMemoryAllocationAndNotSticky) {
  void* p = nullptr;
  ExpectError(cudaErrorMemoryAllocation, cudaMalloc(&p, size_t{1} << 50));
  ExpectError(cudaErrorMemoryAllocation, cudaMallocHost(&p, size_t{1} << 50));
  ExpectError(cudaErrorMemoryAllocation, cudaMallocManaged(&p, size_t{1} << 50, cudaMemAttachGlobal));
  ExpectError(cudaErrorMemoryAllocation, cudaMalloc(&p, SIZE_MAX));
  void* q = nullptr;
  ASSERT_EQ(cudaMalloc(&q, 256), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(cudaFree(q), cudaSuccess);
}

TEST_F(BadInput, ZeroSizeManagedAllocationIsInvalidValue) {
  void* p = reinterpret_cast<void*>(0x1);
  ExpectError(cudaErrorInvalidValue, cudaMallocManaged(&p, 0, cudaMemAttachGlobal));
  // Zero-size device and host allocations succeed with NULL.
  void* d = reinterpret_cast<void*>(0x1);
  EXPECT_EQ(cudaMalloc(&d, 0), cudaSuccess);
  EXPECT_EQ(d, nullptr);
}

TEST_F(BadInput, InvalidFlagsAreInvalidValue) {
  cudaStream_t s;
  cudaEvent_t e;
  void* p = nullptr;
  ExpectError(cudaErrorInvalidValue, cudaStreamCreateWithFlags(&s, 0x2));
  ExpectError(cudaErrorInvalidValue, cudaStreamCreateWithFlags(&s, 0xffffffffu));
  ExpectError(cudaErrorInvalidValue, cudaStreamCreateWithPriority(&s, 0x4, 0));
  ExpectError(cudaErrorInvalidValue, cudaEventCreateWithFlags(&e, 0x100));
  ExpectError(cudaErrorInvalidValue, cudaEventCreateWithFlags(&e, cudaEventInterprocess));
  ExpectError(cudaErrorInvalidValue, cudaHostAlloc(&p, 64, 0x100));
  ExpectError(cudaErrorInvalidValue, cudaMallocManaged(&p, 64, 0));
  ExpectError(cudaErrorInvalidValue, cudaMallocManaged(&p, 64, 0x4));
  std::vector<char> buffer(4096);
  ExpectError(cudaErrorInvalidValue, cudaHostRegister(buffer.data(), buffer.size(), 0x100));
  ASSERT_EQ(cudaStreamCreate(&s), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&e), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaStreamWaitEvent(s, e, 0x4));
  ExpectError(cudaErrorInvalidValue, cudaEventRecordWithFlags(e, s, 0x4));
  ExpectError(cudaErrorInvalidValue, cudaStreamAddCallback(s, [](cudaStream_t, cudaError_t, void*) {}, nullptr, 1));
  EXPECT_EQ(cudaEventDestroy(e), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(s), cudaSuccess);
}

TEST_F(BadInput, OutOfRangeDeviceOrdinalIsInvalidDevice) {
  int count = 0;
  ASSERT_EQ(cudaGetDeviceCount(&count), cudaSuccess);
  ASSERT_GE(count, 1);
  cudaDeviceProp prop;
  int value = 0;
  for (int ordinal : {-1, count, count + 1, 1 << 30}) {
    SCOPED_TRACE(ordinal);
    ExpectError(cudaErrorInvalidDevice, cudaSetDevice(ordinal));
    ExpectError(cudaErrorInvalidDevice, cudaGetDeviceProperties(&prop, ordinal));
    ExpectError(cudaErrorInvalidDevice, cudaDeviceGetAttribute(&value, cudaDevAttrWarpSize, ordinal));
  }
  int device = -1;
  ASSERT_EQ(cudaGetDevice(&device), cudaSuccess);
  EXPECT_EQ(device, 0);
}

TEST_F(BadInput, UnregisteringUnregisteredMemoryIsHostMemoryNotRegistered) {
  std::vector<char> buffer(8192);
  ExpectError(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(buffer.data()));
  void* pinned = nullptr;
  ASSERT_EQ(cudaMallocHost(&pinned, 256), cudaSuccess);
  ExpectError(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(pinned));
  ASSERT_EQ(cudaFreeHost(pinned), cudaSuccess);
  ASSERT_EQ(cudaHostRegister(buffer.data(), buffer.size(), cudaHostRegisterDefault), cudaSuccess);
  ExpectError(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(buffer.data() + 16));
  ASSERT_EQ(cudaHostUnregister(buffer.data()), cudaSuccess);
  ExpectError(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(buffer.data()));
}

TEST_F(BadInput, RegisteringTwiceIsHostMemoryAlreadyRegistered) {
  std::vector<char> buffer(8192);
  ASSERT_EQ(cudaHostRegister(buffer.data(), buffer.size(), cudaHostRegisterDefault), cudaSuccess);
  ExpectError(cudaErrorHostMemoryAlreadyRegistered,
              cudaHostRegister(buffer.data(), buffer.size(), cudaHostRegisterDefault));
  ExpectError(cudaErrorHostMemoryAlreadyRegistered,
              cudaHostRegister(buffer.data() + 4096, 1024, cudaHostRegisterDefault));
  ASSERT_EQ(cudaHostUnregister(buffer.data()), cudaSuccess);
  // Once unregistered it can be registered again.
  ASSERT_EQ(cudaHostRegister(buffer.data(), buffer.size(), cudaHostRegisterDefault), cudaSuccess);
  ASSERT_EQ(cudaHostUnregister(buffer.data()), cudaSuccess);
}

TEST_F(BadInput, RegisteringARangeThatEnclosesARegisteredRangeIsAlreadyRegistered) {
  std::vector<char> buffer(3 * 4096);
  char* middle = buffer.data() + 4096;
  ASSERT_EQ(cudaHostRegister(middle, 4096, cudaHostRegisterDefault), cudaSuccess);
  // Neither end of the new range is registered, but the range covers `middle`.
  cudaError_t enclosing = cudaHostRegister(buffer.data(), buffer.size(), cudaHostRegisterDefault);
  ExpectError(cudaErrorHostMemoryAlreadyRegistered, enclosing);
  if (enclosing == cudaSuccess) {
    // Keep later tests clean: this memory goes back to the heap at the end of the test.
    EXPECT_EQ(cudaHostUnregister(buffer.data()), cudaSuccess);
  }
  ASSERT_EQ(cudaHostUnregister(middle), cudaSuccess);
  ExpectError(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(buffer.data()));
}

}  // namespace
}  // namespace cudashim::testing
