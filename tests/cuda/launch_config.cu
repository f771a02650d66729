// Launch configurations that the runtime rejects before any kernel runs, function attributes
// and occupancy queries. No kernel ever executes in this program: every launch below is invalid.
#include <cuda_runtime.h>

#include <cstring>
#include <string>

#include "check.h"

using chk::eq;
using chk::err;
using chk::ok;
using chk::that;

__global__ void kern(int* p) {
  if (p) p[blockIdx.x * blockDim.x + threadIdx.x] = 1;
}

__global__ void kern_smem(int* p) {
  __shared__ int buf[256];
  buf[threadIdx.x % 256] = p[threadIdx.x];
  __syncthreads();
  p[threadIdx.x] = buf[(threadIdx.x + 1) % 256];
}

__global__ void __launch_bounds__(128) kern_bounded(int* p) {
  if (p) p[threadIdx.x] = 2;
}

// A host function with a kernel-like signature: not a kernel.
void host_not_kernel(int* p) {
  if (p) *p = 3;
}

struct Config {
  const char* name;
  dim3 grid, block;
  size_t smem;
};

// <<<>>> with an invalid configuration: nothing runs, cudaGetLastError reports the error.
static void chevron(const Config& c, cudaError_t expected) {
  std::string n = std::string("<<<>>> ") + c.name;
  kern<<<c.grid, c.block, c.smem>>>(nullptr);
  eq(n + " PeekAtLastError", expected, cudaPeekAtLastError());
  eq(n + " GetLastError", expected, cudaGetLastError());
  eq(n + " GetLastError reset (not sticky)", cudaSuccess, cudaGetLastError());
}

// cudaLaunchKernel with the same configuration returns the error (and records it).
static void launch_kernel(const Config& c, cudaError_t expected) {
  std::string n = std::string("cudaLaunchKernel ") + c.name;
  int* arg = nullptr;
  void* args[] = {&arg};
  eq(n + " returns", expected,
     cudaLaunchKernel(reinterpret_cast<const void*>(kern), c.grid, c.block, args, c.smem, 0));
  eq(n + " GetLastError", expected, cudaGetLastError());
}

int main() {
  cudaDeviceProp prop;
  ok("GetDeviceProperties", cudaGetDeviceProperties(&prop, 0));
  const size_t optin = prop.sharedMemPerBlockOptin;

  const Config bad[] = {
      {"block (1025,1,1)", dim3(1), dim3(1025, 1, 1), 0},
      {"block (1,1,65)", dim3(1), dim3(1, 1, 65), 0},
      {"block (1,1025,1)", dim3(1), dim3(1, 1025, 1), 0},
      {"block (32,32,2) = 2048 threads", dim3(1), dim3(32, 32, 2), 0},
      {"grid (1,65536,1)", dim3(1, 65536, 1), dim3(32), 0},
      {"grid (1,1,65536)", dim3(1, 1, 65536), dim3(32), 0},
      {"block (0,1,1)", dim3(1), dim3(0, 1, 1), 0},
      {"block (1,0,1)", dim3(1), dim3(1, 0, 1), 0},
      {"grid (0,1,1)", dim3(0, 1, 1), dim3(32), 0},
      {"grid (1,1,0)", dim3(1, 1, 0), dim3(32), 0},
  };
  // The documentation describes cudaErrorInvalidConfiguration for these; NVIDIA's runtime 13.0
  // (driver 580, H100) returns cudaErrorInvalidValue for every one of them, from <<<>>>,
  // cudaLaunchKernel and cudaLaunchKernelEx alike. cudashim matches the observed behaviour.
  for (const Config& c : bad) chevron(c, cudaErrorInvalidValue);
  for (const Config& c : bad) launch_kernel(c, cudaErrorInvalidValue);

  // Dynamic shared memory above what the function may use (48 KiB unless opted in; the optin
  // maximum in any case).
  const Config big_smem[] = {
      {"dynamic smem 48 KiB + 1 (no opt-in)", dim3(1), dim3(32), 48 * 1024 + 1},
      {"dynamic smem optin + 1", dim3(1), dim3(32), optin + 1},
      {"dynamic smem 1 GiB", dim3(1), dim3(32), size_t(1) << 30},
  };
  for (const Config& c : big_smem) chevron(c, cudaErrorInvalidValue);
  for (const Config& c : big_smem) launch_kernel(c, cudaErrorInvalidValue);

  // Not a kernel. The documentation says cudaErrorInvalidDeviceFunction; NVIDIA's runtime 13.0
  // (driver 580, H100) returns cudaErrorInvalidResourceHandle for cudaLaunchKernel,
  // cudaFuncGetAttributes and cudaFuncSetAttribute on a pointer that is not a registered kernel.
  {
    int* arg = nullptr;
    void* args[] = {&arg};
    err("cudaLaunchKernel(host function)", cudaErrorInvalidResourceHandle,
        cudaLaunchKernel(reinterpret_cast<const void*>(host_not_kernel), dim3(1), dim3(1), args, 0,
                         0));
    int x = 0;
    err("cudaLaunchKernel(pointer to data)", cudaErrorInvalidResourceHandle,
        cudaLaunchKernel(reinterpret_cast<const void*>(&x), dim3(1), dim3(1), args, 0, 0));
  }

  // More threads than __launch_bounds__(128) allows.
  {
    kern_bounded<<<1, 256>>>(nullptr);
    eq("<<<1,256>>> on __launch_bounds__(128) kernel", cudaErrorInvalidValue, cudaGetLastError());
  }

  // cudaLaunchKernelEx (imports cudaLaunchKernelExC).
  {
    cudaLaunchConfig_t cfg = {};
    cfg.gridDim = dim3(1);
    cfg.blockDim = dim3(1025);
    err("cudaLaunchKernelEx block 1025", cudaErrorInvalidValue,
        cudaLaunchKernelEx(&cfg, kern, static_cast<int*>(nullptr)));
    cfg.blockDim = dim3(32);
    cfg.gridDim = dim3(0);
    err("cudaLaunchKernelEx grid 0", cudaErrorInvalidValue,
        cudaLaunchKernelEx(&cfg, kern, static_cast<int*>(nullptr)));
  }

  // Function attributes.
  cudaFuncAttributes a;
  std::memset(&a, 0, sizeof(a));
  ok("FuncGetAttributes(kern)", cudaFuncGetAttributes(&a, kern));
  eq("kern.maxThreadsPerBlock", 1024, a.maxThreadsPerBlock);
  that("kern.ptxVersion >= 75", a.ptxVersion >= 75, ">= 75", a.ptxVersion);
  that("kern.binaryVersion >= 75", a.binaryVersion >= 75, ">= 75", a.binaryVersion);
  eq("kern.sharedSizeBytes", size_t(0), a.sharedSizeBytes);
  eq("kern.maxDynamicSharedSizeBytes", 48 * 1024, a.maxDynamicSharedSizeBytes);
  std::memset(&a, 0, sizeof(a));
  ok("FuncGetAttributes(kern_smem)", cudaFuncGetAttributes(&a, kern_smem));
  eq("kern_smem.sharedSizeBytes", size_t(1024), a.sharedSizeBytes);
  eq("kern_smem.maxDynamicSharedSizeBytes", 48 * 1024 - 1024, a.maxDynamicSharedSizeBytes);
  std::memset(&a, 0, sizeof(a));
  ok("FuncGetAttributes(kern_bounded)", cudaFuncGetAttributes(&a, kern_bounded));
  eq("kern_bounded.maxThreadsPerBlock", 128, a.maxThreadsPerBlock);
  err("FuncGetAttributes(host function)", cudaErrorInvalidResourceHandle,
      cudaFuncGetAttributes(&a, reinterpret_cast<const void*>(host_not_kernel)));
  err("FuncGetAttributes(nullptr attr)", cudaErrorInvalidValue,
      cudaFuncGetAttributes(nullptr, reinterpret_cast<const void*>(kern)));

  ok("FuncSetAttribute(MaxDynamicSharedMemorySize 64 KiB)",
     cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, 64 * 1024));
  std::memset(&a, 0, sizeof(a));
  ok("FuncGetAttributes(kern) after set", cudaFuncGetAttributes(&a, kern));
  eq("kern.maxDynamicSharedSizeBytes after set", 64 * 1024, a.maxDynamicSharedSizeBytes);
  {
    kern<<<1, 32, 64 * 1024 + 1>>>(nullptr);
    eq("<<<>>> dynamic smem 64 KiB + 1 after opt-in of 64 KiB", cudaErrorInvalidValue,
       cudaGetLastError());
  }
  err("FuncSetAttribute(MaxDynamicSharedMemorySize optin + 1)", cudaErrorInvalidValue,
      cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, int(optin) + 1));
  ok("FuncSetAttribute(PreferredSharedMemoryCarveout 50)",
     cudaFuncSetAttribute(kern, cudaFuncAttributePreferredSharedMemoryCarveout, 50));
  ok("FuncSetCacheConfig(PreferShared)", cudaFuncSetCacheConfig(kern, cudaFuncCachePreferShared));
  err("FuncSetAttribute(host function)", cudaErrorInvalidResourceHandle,
      cudaFuncSetAttribute(reinterpret_cast<const void*>(host_not_kernel),
                           cudaFuncAttributeMaxDynamicSharedMemorySize, 1024));

  // Occupancy.
  int blocks = -1;
  ok("OccupancyMaxActiveBlocksPerMultiprocessor(256)",
     cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kern, 256, 0));
  that("OccupancyMaxActiveBlocksPerMultiprocessor(256) >= 1", blocks >= 1, ">= 1", blocks);
  that("OccupancyMaxActiveBlocksPerMultiprocessor(256) * 256 <= maxThreadsPerMultiProcessor",
       blocks * 256 <= prop.maxThreadsPerMultiProcessor,
       "<= " + std::to_string(prop.maxThreadsPerMultiProcessor), blocks * 256);
  int blocks1024 = -1;
  ok("OccupancyMaxActiveBlocksPerMultiprocessor(1024)",
     cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks1024, kern, 1024, 0));
  that("OccupancyMaxActiveBlocksPerMultiprocessor(1024) >= 1", blocks1024 >= 1, ">= 1", blocks1024);
  int min_grid = -1, block_size = -1;
  ok("OccupancyMaxPotentialBlockSize",
     cudaOccupancyMaxPotentialBlockSize(&min_grid, &block_size, kern, 0, 0));
  that("OccupancyMaxPotentialBlockSize.blockSize in [32,1024], multiple of 32",
       block_size >= 32 && block_size <= 1024 && block_size % 32 == 0, "[32,1024] % 32",
       block_size);
  that("OccupancyMaxPotentialBlockSize.minGridSize >= multiProcessorCount",
       min_grid >= prop.multiProcessorCount, ">= " + std::to_string(prop.multiProcessorCount),
       min_grid);
  ok("OccupancyMaxPotentialBlockSize(kern_bounded)",
     cudaOccupancyMaxPotentialBlockSize(&min_grid, &block_size, kern_bounded, 0, 0));
  that("OccupancyMaxPotentialBlockSize(kern_bounded).blockSize <= 128",
       block_size >= 32 && block_size <= 128, "[32,128]", block_size);

  // A cooperative launch with more blocks than can be co-resident is rejected.
  if (prop.cooperativeLaunch) {
    int* arg = nullptr;
    void* args[] = {&arg};
    unsigned too_many = unsigned(blocks1024 * prop.multiProcessorCount + 1);
    err("LaunchCooperativeKernel(too many blocks)", cudaErrorCooperativeLaunchTooLarge,
        cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(kern), dim3(too_many), dim3(1024),
                                    args, 0, 0));
  }

  ok("final DeviceSynchronize", cudaDeviceSynchronize());
  ok("final GetLastError", cudaGetLastError());
  return chk::finish();
}
