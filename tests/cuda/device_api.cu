// Device management, properties, attributes, limits, flags, versions and error strings.
// Needs no kernel to run.
#include <cuda_runtime.h>

#include <cstring>
#include <string>
#include <thread>

#include "check.h"

using chk::eq;
using chk::err;
using chk::ok;
using chk::that;

static void test_count_and_current() {
  int n = -1;
  ok("GetDeviceCount", cudaGetDeviceCount(&n));
  that("GetDeviceCount.count", n >= 1, ">= 1", n);
  err("GetDeviceCount(nullptr)", cudaErrorInvalidValue, cudaGetDeviceCount(nullptr));

  int d = -1;
  ok("GetDevice", cudaGetDevice(&d));
  eq("GetDevice.initial", 0, d);
  err("GetDevice(nullptr)", cudaErrorInvalidValue, cudaGetDevice(nullptr));
  ok("SetDevice(0)", cudaSetDevice(0));
  ok("GetDevice.after_set0", cudaGetDevice(&d));
  eq("GetDevice.value_after_set0", 0, d);

  // The current device is per host thread: a new std::thread starts on device 0 even when this
  // thread selected another one.
  if (n > 1) {
    ok("SetDevice(last)", cudaSetDevice(n - 1));
  }
  int thread_dev = -1;
  cudaError_t thread_rc = cudaErrorUnknown;
  std::thread t([&] { thread_rc = cudaGetDevice(&thread_dev); });
  t.join();
  ok("thread.GetDevice", thread_rc);
  eq("thread.GetDevice.value", 0, thread_dev);
  ok("GetDevice.main_after_thread", cudaGetDevice(&d));
  eq("GetDevice.main_value_after_thread", n > 1 ? n - 1 : 0, d);
  // A thread that selects a device does not change this thread's device.
  std::thread t2([&] { thread_rc = cudaSetDevice(0); });
  t2.join();
  ok("thread.SetDevice(0)", thread_rc);
  ok("GetDevice.main_after_thread_set", cudaGetDevice(&d));
  eq("GetDevice.main_value_after_thread_set", n > 1 ? n - 1 : 0, d);
  ok("SetDevice(0).restore", cudaSetDevice(0));

  // Invalid ordinals.
  err("SetDevice(-1)", cudaErrorInvalidDevice, cudaSetDevice(-1));
  err("SetDevice(count)", cudaErrorInvalidDevice, cudaSetDevice(n));
  err("SetDevice(1000)", cudaErrorInvalidDevice, cudaSetDevice(1000));
  ok("GetDevice.after_invalid_set", cudaGetDevice(&d));
  eq("GetDevice.unchanged_after_invalid_set", 0, d);
  cudaDeviceProp p;
  err("GetDeviceProperties(-1)", cudaErrorInvalidDevice, cudaGetDeviceProperties(&p, -1));
  err("GetDeviceProperties(count)", cudaErrorInvalidDevice, cudaGetDeviceProperties(&p, n));
  err("GetDeviceProperties(nullptr)", cudaErrorInvalidValue, cudaGetDeviceProperties(nullptr, 0));
  int v = 0;
  err("DeviceGetAttribute(dev -1)", cudaErrorInvalidDevice,
      cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, -1));
  err("DeviceGetAttribute(dev count)", cudaErrorInvalidDevice,
      cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, n));
}

static void test_properties() {
  cudaDeviceProp p;
  std::memset(&p, 0, sizeof(p));
  ok("GetDeviceProperties(0)", cudaGetDeviceProperties(&p, 0));
  that("prop.name non-empty", p.name[0] != '\0', "non-empty", std::string(p.name));
  eq("prop.warpSize", 32, p.warpSize);
  eq("prop.maxThreadsPerBlock", 1024, p.maxThreadsPerBlock);
  eq("prop.sharedMemPerBlock", size_t(48 * 1024), p.sharedMemPerBlock);
  that("prop.totalGlobalMem > 0", p.totalGlobalMem > 0, "> 0", p.totalGlobalMem);
  that("prop.multiProcessorCount > 0", p.multiProcessorCount > 0, "> 0", p.multiProcessorCount);
  that("prop.major >= 7", p.major >= 7, ">= 7", p.major);
  that("prop.minor >= 0", p.minor >= 0, ">= 0", p.minor);
  eq("prop.maxThreadsDim[0]", 1024, p.maxThreadsDim[0]);
  eq("prop.maxThreadsDim[1]", 1024, p.maxThreadsDim[1]);
  eq("prop.maxThreadsDim[2]", 64, p.maxThreadsDim[2]);
  eq("prop.maxGridSize[0]", 2147483647, p.maxGridSize[0]);
  eq("prop.maxGridSize[1]", 65535, p.maxGridSize[1]);
  eq("prop.maxGridSize[2]", 65535, p.maxGridSize[2]);
  eq("prop.totalConstMem", size_t(65536), p.totalConstMem);
  eq("prop.regsPerBlock", 65536, p.regsPerBlock);
  that("prop.maxThreadsPerMultiProcessor >= 1024", p.maxThreadsPerMultiProcessor >= 1024, ">= 1024",
       p.maxThreadsPerMultiProcessor);
  that("prop.sharedMemPerBlockOptin >= sharedMemPerBlock",
       p.sharedMemPerBlockOptin >= p.sharedMemPerBlock, ">= 49152", p.sharedMemPerBlockOptin);
  that("prop.sharedMemPerMultiprocessor >= sharedMemPerBlockOptin",
       p.sharedMemPerMultiprocessor >= p.sharedMemPerBlockOptin, ">= sharedMemPerBlockOptin",
       p.sharedMemPerMultiprocessor);
  eq("prop.unifiedAddressing", 1, p.unifiedAddressing);
  eq("prop.managedMemory", 1, p.managedMemory);
  eq("prop.canMapHostMemory", 1, p.canMapHostMemory);
  eq("prop.integrated", 0, p.integrated);
  that("prop.texturePitchAlignment > 0", p.texturePitchAlignment > 0, "> 0",
       p.texturePitchAlignment);
  that("prop.maxBlocksPerMultiProcessor > 0", p.maxBlocksPerMultiProcessor > 0, "> 0",
       p.maxBlocksPerMultiProcessor);

  struct A {
    const char* name;
    cudaDeviceAttr attr;
    long long prop;
  } table[] = {
      {"MaxThreadsPerBlock", cudaDevAttrMaxThreadsPerBlock, p.maxThreadsPerBlock},
      {"MaxBlockDimX", cudaDevAttrMaxBlockDimX, p.maxThreadsDim[0]},
      {"MaxBlockDimY", cudaDevAttrMaxBlockDimY, p.maxThreadsDim[1]},
      {"MaxBlockDimZ", cudaDevAttrMaxBlockDimZ, p.maxThreadsDim[2]},
      {"MaxGridDimX", cudaDevAttrMaxGridDimX, p.maxGridSize[0]},
      {"MaxGridDimY", cudaDevAttrMaxGridDimY, p.maxGridSize[1]},
      {"MaxGridDimZ", cudaDevAttrMaxGridDimZ, p.maxGridSize[2]},
      {"MaxSharedMemoryPerBlock", cudaDevAttrMaxSharedMemoryPerBlock,
       static_cast<long long>(p.sharedMemPerBlock)},
      {"TotalConstantMemory", cudaDevAttrTotalConstantMemory,
       static_cast<long long>(p.totalConstMem)},
      {"WarpSize", cudaDevAttrWarpSize, p.warpSize},
      {"MaxRegistersPerBlock", cudaDevAttrMaxRegistersPerBlock, p.regsPerBlock},
      {"MultiProcessorCount", cudaDevAttrMultiProcessorCount, p.multiProcessorCount},
      {"ComputeCapabilityMajor", cudaDevAttrComputeCapabilityMajor, p.major},
      {"ComputeCapabilityMinor", cudaDevAttrComputeCapabilityMinor, p.minor},
      {"MaxThreadsPerMultiProcessor", cudaDevAttrMaxThreadsPerMultiProcessor,
       p.maxThreadsPerMultiProcessor},
      {"L2CacheSize", cudaDevAttrL2CacheSize, p.l2CacheSize},
      {"UnifiedAddressing", cudaDevAttrUnifiedAddressing, p.unifiedAddressing},
      {"ManagedMemory", cudaDevAttrManagedMemory, p.managedMemory},
      {"MaxSharedMemoryPerBlockOptin", cudaDevAttrMaxSharedMemoryPerBlockOptin,
       static_cast<long long>(p.sharedMemPerBlockOptin)},
      {"MaxSharedMemoryPerMultiprocessor", cudaDevAttrMaxSharedMemoryPerMultiprocessor,
       static_cast<long long>(p.sharedMemPerMultiprocessor)},
      {"MaxRegistersPerMultiprocessor", cudaDevAttrMaxRegistersPerMultiprocessor,
       p.regsPerMultiprocessor},
      {"ConcurrentKernels", cudaDevAttrConcurrentKernels, p.concurrentKernels},
      {"CanMapHostMemory", cudaDevAttrCanMapHostMemory, p.canMapHostMemory},
      {"TexturePitchAlignment", cudaDevAttrTexturePitchAlignment,
       static_cast<long long>(p.texturePitchAlignment)},
      {"CooperativeLaunch", cudaDevAttrCooperativeLaunch, p.cooperativeLaunch},
      {"MaxBlocksPerMultiprocessor", cudaDevAttrMaxBlocksPerMultiprocessor,
       p.maxBlocksPerMultiProcessor},
      {"MemoryPoolsSupported", cudaDevAttrMemoryPoolsSupported, p.memoryPoolsSupported},
      {"ConcurrentManagedAccess", cudaDevAttrConcurrentManagedAccess, p.concurrentManagedAccess},
  };
  for (const A& a : table) {
    int v = -12345;
    std::string n = std::string("attr.") + a.name;
    ok(n + ".rc", cudaDeviceGetAttribute(&v, a.attr, 0));
    eq(n + " == prop", a.prop, static_cast<long long>(v));
  }
  int v = 0;
  err("DeviceGetAttribute(invalid attr 100000)", cudaErrorInvalidValue,
      cudaDeviceGetAttribute(&v, static_cast<cudaDeviceAttr>(100000), 0));
  err("DeviceGetAttribute(nullptr)", cudaErrorInvalidValue,
      cudaDeviceGetAttribute(nullptr, cudaDevAttrWarpSize, 0));
}

static void test_limits() {
  struct L {
    const char* name;
    cudaLimit limit;
    size_t value;
  } limits[] = {
      {"StackSize", cudaLimitStackSize, 4096},
      {"PrintfFifoSize", cudaLimitPrintfFifoSize, 2u << 20},
      {"MallocHeapSize", cudaLimitMallocHeapSize, 64u << 20},
  };
  for (const L& l : limits) {
    std::string n = std::string("limit.") + l.name;
    size_t orig = 0;
    ok(n + ".get", cudaDeviceGetLimit(&orig, l.limit));
    that(n + ".initial > 0", orig > 0, "> 0", orig);
    ok(n + ".set", cudaDeviceSetLimit(l.limit, l.value));
    size_t got = 0;
    ok(n + ".get_after_set", cudaDeviceGetLimit(&got, l.limit));
    eq(n + ".round_trip", l.value, got);
    ok(n + ".restore", cudaDeviceSetLimit(l.limit, orig));
    ok(n + ".get_after_restore", cudaDeviceGetLimit(&got, l.limit));
    eq(n + ".restored", orig, got);
  }
  size_t v = 0;
  // The documentation lists cudaErrorUnsupportedLimit; NVIDIA's runtime 13.0 (driver 580, H100)
  // returns cudaErrorInvalidValue for a limit value outside the enum.
  err("DeviceGetLimit(invalid 0x1234)", cudaErrorInvalidValue,
      cudaDeviceGetLimit(&v, static_cast<cudaLimit>(0x1234)));
  err("DeviceSetLimit(invalid 0x1234)", cudaErrorInvalidValue,
      cudaDeviceSetLimit(static_cast<cudaLimit>(0x1234), 1));
  err("DeviceGetLimit(nullptr)", cudaErrorInvalidValue,
      cudaDeviceGetLimit(nullptr, cudaLimitStackSize));
}

static void test_flags_choose_versions() {
  ok("SetDeviceFlags(BlockingSync)", cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync));
  unsigned flags = 0;
  ok("GetDeviceFlags", cudaGetDeviceFlags(&flags));
  eq("GetDeviceFlags & ScheduleMask", unsigned(cudaDeviceScheduleBlockingSync),
     flags & unsigned(cudaDeviceScheduleMask));
  ok("SetDeviceFlags(ScheduleAuto)", cudaSetDeviceFlags(cudaDeviceScheduleAuto));
  ok("GetDeviceFlags.2", cudaGetDeviceFlags(&flags));
  eq("GetDeviceFlags.2 & ScheduleMask", unsigned(cudaDeviceScheduleAuto),
     flags & unsigned(cudaDeviceScheduleMask));
  err("SetDeviceFlags(0xFFFF0000)", cudaErrorInvalidValue, cudaSetDeviceFlags(0xFFFF0000u));
  err("GetDeviceFlags(nullptr)", cudaErrorInvalidValue, cudaGetDeviceFlags(nullptr));

  int n = 0;
  cudaGetDeviceCount(&n);
  cudaDeviceProp want;
  std::memset(&want, 0, sizeof(want));
  want.major = 7;
  int dev = -1;
  ok("ChooseDevice", cudaChooseDevice(&dev, &want));
  that("ChooseDevice.in_range", dev >= 0 && dev < n, "[0, count)", dev);
  err("ChooseDevice(prop nullptr)", cudaErrorInvalidValue, cudaChooseDevice(&dev, nullptr));

  int rv = 0, dv = 0;
  ok("RuntimeGetVersion", cudaRuntimeGetVersion(&rv));
  that("RuntimeGetVersion >= 13000", rv >= 13000, ">= 13000", rv);
  ok("DriverGetVersion", cudaDriverGetVersion(&dv));
  that("DriverGetVersion >= 13000", dv >= 13000, ">= 13000", dv);
  err("RuntimeGetVersion(nullptr)", cudaErrorInvalidValue, cudaRuntimeGetVersion(nullptr));
  err("DriverGetVersion(nullptr)", cudaErrorInvalidValue, cudaDriverGetVersion(nullptr));
}

static void test_sync_reset() {
  ok("DeviceSynchronize", cudaDeviceSynchronize());
  void* p = nullptr;
  ok("Malloc.before_reset", cudaMalloc(&p, 1024));
  ok("DeviceReset", cudaDeviceReset());
  // After a reset the device is usable again (a new primary context is created lazily).
  void* q = nullptr;
  ok("Malloc.after_reset", cudaMalloc(&q, 1024));
  that("Malloc.after_reset non-null", q != nullptr, "non-null", q);
  ok("Memset.after_reset", cudaMemset(q, 0, 1024));
  ok("Free.after_reset", cudaFree(q));
  ok("DeviceSynchronize.after_reset", cudaDeviceSynchronize());
  ok("GetLastError.after_reset", cudaGetLastError());
}

static void test_error_strings() {
  int null_names = 0, null_strings = 0, empty = 0;
  for (int c = 0; c <= 1000; ++c) {
    const char* n = cudaGetErrorName(static_cast<cudaError_t>(c));
    const char* s = cudaGetErrorString(static_cast<cudaError_t>(c));
    if (!n) ++null_names;
    if (!s) ++null_strings;
    if ((n && !*n) || (s && !*s)) ++empty;
  }
  eq("GetErrorName(0..1000) NULL count", 0, null_names);
  eq("GetErrorString(0..1000) NULL count", 0, null_strings);
  eq("GetErrorName/String(0..1000) empty count", 0, empty);

  struct N {
    cudaError_t code;
    int value;
    const char* name;
  } names[] = {
      {cudaSuccess, 0, "cudaSuccess"},
      {cudaErrorInvalidValue, 1, "cudaErrorInvalidValue"},
      {cudaErrorMemoryAllocation, 2, "cudaErrorMemoryAllocation"},
      {cudaErrorInitializationError, 3, "cudaErrorInitializationError"},
      {cudaErrorInvalidConfiguration, 9, "cudaErrorInvalidConfiguration"},
      {cudaErrorInvalidPitchValue, 12, "cudaErrorInvalidPitchValue"},
      {cudaErrorInvalidSymbol, 13, "cudaErrorInvalidSymbol"},
      {cudaErrorInvalidMemcpyDirection, 21, "cudaErrorInvalidMemcpyDirection"},
      {cudaErrorMissingConfiguration, 52, "cudaErrorMissingConfiguration"},
      {cudaErrorInvalidDeviceFunction, 98, "cudaErrorInvalidDeviceFunction"},
      {cudaErrorNoDevice, 100, "cudaErrorNoDevice"},
      {cudaErrorInvalidDevice, 101, "cudaErrorInvalidDevice"},
      {cudaErrorNoKernelImageForDevice, 209, "cudaErrorNoKernelImageForDevice"},
      {cudaErrorUnsupportedLimit, 215, "cudaErrorUnsupportedLimit"},
      {cudaErrorInvalidPtx, 218, "cudaErrorInvalidPtx"},
      {cudaErrorInvalidResourceHandle, 400, "cudaErrorInvalidResourceHandle"},
      {cudaErrorNotReady, 600, "cudaErrorNotReady"},
      {cudaErrorIllegalAddress, 700, "cudaErrorIllegalAddress"},
      {cudaErrorHostMemoryAlreadyRegistered, 712, "cudaErrorHostMemoryAlreadyRegistered"},
      {cudaErrorHostMemoryNotRegistered, 713, "cudaErrorHostMemoryNotRegistered"},
      {cudaErrorLaunchFailure, 719, "cudaErrorLaunchFailure"},
      {cudaErrorCooperativeLaunchTooLarge, 720, "cudaErrorCooperativeLaunchTooLarge"},
      {cudaErrorNotSupported, 801, "cudaErrorNotSupported"},
      {cudaErrorUnknown, 999, "cudaErrorUnknown"},
  };
  for (const N& x : names) {
    eq(std::string("enum value ") + x.name, x.value, static_cast<int>(x.code));
    eq(std::string("GetErrorName(") + std::to_string(x.value) + ")", x.name,
       cudaGetErrorName(x.code));
  }
  struct S {
    cudaError_t code;
    const char* str;
  } strings[] = {
      {cudaSuccess, "no error"},
      {cudaErrorInvalidValue, "invalid argument"},
      {cudaErrorMemoryAllocation, "out of memory"},
      {cudaErrorInvalidDevice, "invalid device ordinal"},
      {cudaErrorInvalidResourceHandle, "invalid resource handle"},
      {cudaErrorNotReady, "device not ready"},
      {cudaErrorInvalidDeviceFunction, "invalid device function"},
      {cudaErrorInvalidConfiguration, "invalid configuration argument"},
      {cudaErrorUnknown, "unknown error"},
  };
  for (const S& x : strings) {
    eq(std::string("GetErrorString(") + cudaGetErrorName(x.code) + ")", x.str,
       cudaGetErrorString(x.code));
  }
  // Codes that are not in the enum.
  for (int c : {10, 11, 14, 1000, 12345, -1}) {
    eq("GetErrorName(unknown " + std::to_string(c) + ")", "unrecognized error code",
       cudaGetErrorName(static_cast<cudaError_t>(c)));
    eq("GetErrorString(unknown " + std::to_string(c) + ")", "unrecognized error code",
       cudaGetErrorString(static_cast<cudaError_t>(c)));
  }
  // Querying names does not touch the last error.
  ok("GetLastError.after_names", cudaGetLastError());
}

int main() {
  test_count_and_current();
  test_properties();
  test_limits();
  test_flags_choose_versions();
  test_sync_reset();
  test_error_strings();
  return chk::finish();
}
