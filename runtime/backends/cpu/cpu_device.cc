#include "absl/strings/string_view.h"
#include "runtime/backends/cpu/cpu_device.h"

#include <sys/mman.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "runtime/backends/cpu/compiler/compiler.h"
#include "runtime/backends/host_info.h"
#include "runtime/backends/simt/executor.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

// Large allocations come straight from mmap: they start as untouched zero pages (cheap to create,
// as cudaMalloc is on a GPU) and may be backed by huge pages, which kernels streaming through
// them benefit from. Small ones come from the C heap.
constexpr size_t kMmapThreshold = 1 << 20;
constexpr size_t kAlignment = 256;

hal::DeviceProfile CpuProfile(int ordinal) {
  const HostInfo& host = GetHostInfo();
  hal::DeviceProfile p;
  p.name = absl::StrCat("cudashim CPU (", host.cpu_name, ")");
  p.total_memory = host.physical_memory;
  p.multiprocessors = host.cores;
  p.clock_rate_khz = host.clock_khz;
  p.l2_cache_bytes = host.l2_cache_bytes;
  // Not reported as integrated although device memory is host memory: programs take their
  // discrete-GPU paths (explicit copies), which are the ones worth testing.
  p.integrated = false;
  p.pci_bus_id = ordinal;
  p.uuid = {'c', 'u', 'd', 'a', 's', 'h', 'i', 'm', '-', 'c', 'p', 'u', 0, 0, 0,
            static_cast<uint8_t>(ordinal)};
  return p;
}

class CpuDevice final : public hal::Device {
 public:
  explicit CpuDevice(int ordinal)
      : profile_(CpuProfile(ordinal)),
        executor_(simt::ExecutorOptions{
            .checked = false,
            .workers = profile_.multiprocessors,
            .multiprocessors = profile_.multiprocessors,
            .allocate = [this](size_t bytes) -> void* {
              absl::StatusOr<void*> p = Allocate(bytes);
              return p.ok() ? *p : nullptr;
            },
        }),
        compiler_(profile_.multiprocessors, profile_.multiprocessors) {}

  absl::string_view kind() const override { return "cpu"; }
  const hal::DeviceProfile& profile() const override { return profile_; }

  absl::StatusOr<void*> Allocate(size_t bytes) override {
    if (bytes >= kMmapThreshold) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
      if (p == MAP_FAILED) return OutOfMemory(bytes);
      madvise(p, bytes, MADV_HUGEPAGE);
      return p;
    }
    void* p = std::aligned_alloc(kAlignment, (bytes + kAlignment - 1) / kAlignment * kAlignment);
    if (p == nullptr) return OutOfMemory(bytes);
    return p;
  }

  void Free(void* ptr, size_t bytes) override {
    if (bytes >= kMmapThreshold) {
      munmap(ptr, bytes);
    } else {
      std::free(ptr);
    }
  }

  // Kernels are compiled to native code (compiler/README.md) when the compiler handles them;
  // the others, and all of them under CUDASHIM_COMPILE=0, run on the SIMT executor, which stays
  // the reference semantics.
  absl::StatusOr<std::unique_ptr<hal::Kernel>> PrepareKernel(
      const hal::KernelImage& image) override {
    if (jit::CompileEnabled()) {
      absl::StatusOr<std::unique_ptr<hal::Kernel>> compiled = compiler_.Prepare(image);
      if (compiled.ok()) return compiled;
    }
    return executor_.Prepare(image);
  }

  absl::Status Launch(hal::Kernel& kernel, const hal::LaunchConfig& config, const void* params,
                      size_t param_bytes) override {
    if (jit::Compiler::Owns(kernel)) return compiler_.Launch(kernel, config, params, param_bytes);
    return executor_.Launch(kernel, config, params, param_bytes);
  }

 private:
  static absl::Status OutOfMemory(size_t bytes) {
    return CudaError(cudaErrorMemoryAllocation,
                     absl::StrCat("cpu device: cannot allocate ", bytes, " bytes"));
  }

  hal::DeviceProfile profile_;
  simt::Executor executor_;
  jit::Compiler compiler_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<hal::Device>> CreateCpuDevice(int ordinal) {
  return std::make_unique<CpuDevice>(ordinal);
}

}  // namespace cudashim::backends
