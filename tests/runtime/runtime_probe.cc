// A child process for api_test's environment tests: reports what the runtime shows under the
// environment it was started with, as `key=value` lines on stdout. It never writes to stderr
// itself, so whatever appears there came from cudashim.
//
//   runtime_probe describe            device count, then per device: properties and memory info
//   runtime_probe malloc DEV BYTES... cudaMalloc each size in turn on DEV (keeping them allocated)
//   runtime_probe calls               a fixed list of successful API calls (for CUDASHIM_LOG)
#include <cuda_runtime_api.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int Describe() {
  int count = -1;
  cudaError_t e = cudaGetDeviceCount(&count);
  std::printf("count.error=%d\ncount=%d\n", static_cast<int>(e), count);
  for (int d = 0; d < count && e == cudaSuccess; ++d) {
    cudaDeviceProp p;
    std::memset(&p, 0, sizeof(p));
    cudaError_t pe = cudaGetDeviceProperties(&p, d);
    std::printf("device%d.props.error=%d\n", d, static_cast<int>(pe));
    std::printf("device%d.name=%s\n", d, p.name);
    std::printf("device%d.totalGlobalMem=%zu\n", d, p.totalGlobalMem);
    std::printf("device%d.multiProcessorCount=%d\n", d, p.multiProcessorCount);
    std::printf("device%d.major=%d\ndevice%d.minor=%d\n", d, p.major, d, p.minor);
    std::printf("device%d.maxThreadsPerBlock=%d\n", d, p.maxThreadsPerBlock);
    std::printf("device%d.uuid15=%d\n", d, static_cast<unsigned char>(p.uuid.bytes[15]));
    size_t free_bytes = 0, total_bytes = 0;
    cudaError_t se = cudaSetDevice(d);
    cudaError_t me = cudaMemGetInfo(&free_bytes, &total_bytes);
    std::printf("device%d.setdevice.error=%d\n", d, static_cast<int>(se));
    std::printf("device%d.meminfo.error=%d\ndevice%d.free=%zu\ndevice%d.total=%zu\n", d,
                static_cast<int>(me), d, free_bytes, d, total_bytes);
  }
  return 0;
}

int Malloc(int argc, char** argv) {
  int device = std::atoi(argv[2]);
  std::printf("setdevice.error=%d\n", static_cast<int>(cudaSetDevice(device)));
  for (int i = 3; i < argc; ++i) {
    size_t bytes = std::strtoull(argv[i], nullptr, 10);
    void* p = nullptr;
    cudaError_t e = cudaMalloc(&p, bytes);
    std::printf("malloc%d.error=%d\n", i - 3, static_cast<int>(e));
    std::printf("malloc%d.aligned256=%d\n", i - 3, (reinterpret_cast<uintptr_t>(p) % 256) == 0);
    size_t free_bytes = 0, total_bytes = 0;
    cudaMemGetInfo(&free_bytes, &total_bytes);
    std::printf("malloc%d.free=%zu\n", i - 3, free_bytes);
    std::printf("malloc%d.lasterror=%d\n", i - 3, static_cast<int>(cudaGetLastError()));
  }
  return 0;
}

// Each call succeeds and none calls another exported function, so CUDASHIM_LOG=info shows exactly
// one line for each.
int Calls() {
  int count = 0;
  cudaGetDeviceCount(&count);
  void* p = nullptr;
  cudaMalloc(&p, 1024);
  cudaMemset(p, 0, 1024);
  cudaFree(p);
  cudaStream_t s = nullptr;
  cudaStreamCreate(&s);
  cudaStreamSynchronize(s);
  cudaStreamDestroy(s);
  cudaDeviceSynchronize();
  std::printf("calls=done\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "describe") return Describe();
  if (mode == "malloc" && argc > 3) return Malloc(argc, argv);
  if (mode == "calls") return Calls();
  std::printf("usage: runtime_probe describe | malloc DEV BYTES... | calls\n");
  return 2;
}
