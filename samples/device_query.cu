// Lists the devices and their main properties (host API only).
#include <cstdio>

int main() {
  int count = 0, runtime = 0, driver = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  std::printf("runtime %d, driver %d, %d device(s) (%s)\n", runtime, driver, count, cudaGetErrorString(err));
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp p;
    cudaGetDeviceProperties(&p, d);
    int coop = 0;
    cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, d);
    std::printf("device %d: %s, compute %d.%d, %d SMs, %.1f GiB, warp %d, max threads/block %d, "
                "shared/block %zu KiB, cooperative %d\n",
                d, p.name, p.major, p.minor, p.multiProcessorCount, p.totalGlobalMem / 1073741824.0, p.warpSize,
                p.maxThreadsPerBlock, p.sharedMemPerBlock / 1024, coop);
  }
  bool ok = err == cudaSuccess && count > 0;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
