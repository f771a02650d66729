#include "absl/strings/string_view.h"
#include "runtime/core/launch.h"
#include "runtime/core/texture_objects.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "runtime/core/logging.h"
#include "runtime/core/runtime.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {

// What a launch hands to its stream: the prepared kernel, the configuration and a copy of the
// arguments. Records are recycled, and the stream's closure holds only a pointer to one, so a
// launch allocates nothing in the steady state (no params vector, no heap-stored closure).
struct LaunchRecord {
  std::shared_ptr<hal::Kernel> kernel;
  hal::LaunchConfig config;
  absl::InlinedVector<uint8_t, 256> params;
};

class LaunchRecordPool {
 public:
  struct Recycle {
    void operator()(LaunchRecord* r) const;
  };
  using Handle = std::unique_ptr<LaunchRecord, Recycle>;

  static LaunchRecordPool& Get() {
    static auto* pool = new LaunchRecordPool;  // outlives static destruction (NVCC_ABI.md §1.2)
    return *pool;
  }
  Handle Take() {
    std::lock_guard lock(mu_);
    if (free_.empty()) return Handle(new LaunchRecord);
    LaunchRecord* r = free_.back();
    free_.pop_back();
    return Handle(r);
  }
  void Give(LaunchRecord* r) {
    r->kernel.reset();  // the kernel (and its module) need not outlive the launch
    std::lock_guard lock(mu_);
    if (free_.size() < kKeep) {
      free_.push_back(r);
      return;
    }
    delete r;
  }

 private:
  static constexpr size_t kKeep = 256;  // enough for a deep queue of launches in flight
  std::mutex mu_;
  std::vector<LaunchRecord*> free_;
};

void LaunchRecordPool::Recycle::operator()(LaunchRecord* r) const { LaunchRecordPool::Get().Give(r); }

std::string Dims(const dim3& d) { return absl::StrCat("(", d.x, ",", d.y, ",", d.z, ")"); }

// NVIDIA's runtime answers every invalid launch configuration with cudaErrorInvalidValue, not the
// documented cudaErrorInvalidConfiguration (observed on an H100, CUDA 13.0: tests/cuda/launch_config.cu).
absl::Status BadConfiguration(const KernelRecord& kernel, absl::string_view why) {
  return CudaError(cudaErrorInvalidValue,
                   absl::StrCat("launch of ", kernel.name, ": ", why));
}

absl::Status CheckConfiguration(const KernelRecord& kernel, const LaunchRequest& r,
                                const hal::DeviceProfile& p) {
  const dim3& b = r.block;
  const dim3& g = r.grid;
  if (b.x == 0 || b.y == 0 || b.z == 0) return BadConfiguration(kernel, "block " + Dims(b) + " has a zero dimension");
  if (g.x == 0 || g.y == 0 || g.z == 0) return BadConfiguration(kernel, "grid " + Dims(g) + " has a zero dimension");
  if (b.x > unsigned(p.max_block_dims[0]) || b.y > unsigned(p.max_block_dims[1]) ||
      b.z > unsigned(p.max_block_dims[2])) {
    return BadConfiguration(kernel, "block " + Dims(b) + " exceeds the maximum block dimensions");
  }
  uint64_t threads = uint64_t{b.x} * b.y * b.z;
  if (threads > uint64_t(p.max_threads_per_block)) {
    return BadConfiguration(kernel, absl::StrCat("block of ", threads, " threads exceeds ",
                                                 p.max_threads_per_block));
  }
  if (g.x > unsigned(p.max_grid_dims[0]) || g.y > unsigned(p.max_grid_dims[1]) ||
      g.z > unsigned(p.max_grid_dims[2])) {
    return BadConfiguration(kernel, "grid " + Dims(g) + " exceeds the maximum grid dimensions");
  }
  if (threads > uint64_t(kernel.resources.max_threads_per_block)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("launch of ", kernel.name, ": block of ", threads,
                                  " threads exceeds the kernel's limit of ",
                                  kernel.resources.max_threads_per_block, " (.maxntid/.reqntid)"));
  }
  if (kernel.function->reqntid) {
    const auto& req = *kernel.function->reqntid;
    if (b.x != req[0] || b.y != std::max(1u, req[1]) || b.z != std::max(1u, req[2])) {
      return CudaError(cudaErrorInvalidValue, absl::StrCat("launch of ", kernel.name, ": block ",
                                                           Dims(b), " differs from .reqntid"));
    }
  }
  if (r.shared_bytes > MaxDynamicSharedBytes(kernel, p)) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("launch of ", kernel.name, ": ", r.shared_bytes,
                                  " bytes of dynamic shared memory exceed the kernel's limit of ",
                                  MaxDynamicSharedBytes(kernel, p)));
  }
  return absl::OkStatus();
}

// Pinned, registered and managed host memory is reachable from kernels (one address space); the
// emu device asks here about addresses outside its own arena.
bool IsMappedForKernels(uintptr_t address, size_t bytes) {
  std::optional<Allocation> a = Runtime::Get().allocations().Find(reinterpret_cast<const void*>(address));
  return a.has_value() && a->Contains(address, bytes);
}

}  // namespace

size_t MaxDynamicSharedBytes(const KernelRecord& kernel, const hal::DeviceProfile& profile) {
  int attribute = kernel.max_dynamic_shared_bytes.load();
  size_t static_bytes = kernel.resources.static_shared_bytes;
  if (attribute >= 0) return static_cast<size_t>(attribute);
  return profile.shared_per_block > static_bytes ? profile.shared_per_block - static_bytes : 0;
}

int MaxActiveBlocksPerMultiprocessor(const KernelRecord& kernel, const hal::DeviceProfile& p,
                                     int block_size, size_t dynamic_shared_bytes) {
  if (block_size <= 0 || block_size > kernel.resources.max_threads_per_block) return 0;
  if (dynamic_shared_bytes > MaxDynamicSharedBytes(kernel, p)) return 0;
  int warps = (block_size + p.warp_size - 1) / p.warp_size;
  int blocks = std::min(p.max_blocks_per_multiprocessor,
                        p.max_threads_per_multiprocessor / (warps * p.warp_size));
  size_t shared = kernel.resources.static_shared_bytes + dynamic_shared_bytes;
  if (shared > 0) {
    size_t per_block = shared + p.reserved_shared_per_block;
    blocks = std::min<int>(blocks, static_cast<int>(p.shared_per_multiprocessor / per_block));
  }
  return std::max(blocks, 0);
}

absl::StatusOr<KernelRecord*> ResolveKernel(const void* function) {
  Runtime& runtime = Runtime::Get();
  if (function == nullptr) {
    return CudaError(cudaErrorInvalidDeviceFunction, "kernel function is NULL");
  }
  absl::StatusOr<KernelRecord*> kernel = runtime.modules().FindKernel(function);
  if (!kernel.ok()) return kernel.status();
  if (absl::Status s = runtime.modules().Resolve(**kernel, runtime.allocations()); !s.ok()) return s;
  return *kernel;
}

absl::Status Launch(const LaunchRequest& request) {
  Runtime& runtime = Runtime::Get();
  absl::StatusOr<KernelRecord*> found = ResolveKernel(request.function);
  if (!found.ok()) return found.status();
  KernelRecord& kernel = **found;

  absl::StatusOr<std::shared_ptr<Stream>> stream =
      runtime.ResolveStream(request.stream, request.per_thread_default_stream);
  if (!stream.ok()) return stream.status();
  DeviceContext& device = (*stream)->device();
  if (absl::Status sticky = device.sticky_error(); !sticky.ok()) return sticky;

  const hal::DeviceProfile& profile = device.profile();
  if (absl::Status s = CheckConfiguration(kernel, request, profile); !s.ok()) return s;
  if (request.cooperative) {
    uint64_t resident = uint64_t(profile.multiprocessors) *
                        MaxActiveBlocksPerMultiprocessor(kernel, profile,
                                                         request.block.x * request.block.y * request.block.z,
                                                         request.shared_bytes);
    uint64_t blocks = uint64_t{request.grid.x} * request.grid.y * request.grid.z;
    if (blocks > resident) {
      return CudaError(cudaErrorCooperativeLaunchTooLarge,
                       absl::StrCat("cooperative launch of ", kernel.name, ": ", blocks,
                                    " blocks exceed the ", resident, " that can be resident"));
    }
  }

  absl::StatusOr<std::shared_ptr<hal::Kernel>> prepared =
      runtime.modules().Prepare(kernel, device, runtime.allocations());
  if (!prepared.ok()) return prepared.status();

  // The arguments live in the caller's stack frame: copy them now (NVCC_ABI.md §2.2).
  const ptx::ParamLayout& layout = kernel.params;
  LaunchRecordPool::Handle record = LaunchRecordPool::Get().Take();
  auto& params = record->params;
  params.assign(layout.total_size, 0);
  if (!layout.offsets.empty() && request.args == nullptr) {
    return CudaError(cudaErrorInvalidValue,
                     absl::StrCat("launch of ", kernel.name, ": kernel takes ",
                                  layout.offsets.size(), " arguments but args is NULL"));
  }
  for (size_t i = 0; i < layout.offsets.size(); ++i) {
    if (request.args[i] == nullptr) {
      return CudaError(cudaErrorInvalidValue,
                       absl::StrCat("launch of ", kernel.name, ": argument ", i, " is NULL"));
    }
    std::memcpy(params.data() + layout.offsets[i], request.args[i],
                kernel.function->params[i].size);
  }

  hal::LaunchConfig& config = record->config;
  config = hal::LaunchConfig{
      .grid = {request.grid.x, request.grid.y, request.grid.z},
      .block = {request.block.x, request.block.y, request.block.z},
      .dynamic_shared_bytes = static_cast<uint32_t>(request.shared_bytes),
      .cooperative = request.cooperative,
  };
  auto limit = [&device](cudaLimit which, size_t fallback) {
    absl::StatusOr<size_t> v = device.GetLimit(which);
    return v.ok() ? *v : fallback;
  };
  config.stack_bytes = limit(cudaLimitStackSize, config.stack_bytes);
  config.printf_fifo_bytes = limit(cudaLimitPrintfFifoSize, config.printf_fifo_bytes);
  config.malloc_heap_bytes = limit(cudaLimitMallocHeapSize, config.malloc_heap_bytes);
  config.is_mapped = IsMappedForKernels;
  config.is_texture_object = IsLiveTextureObject;
  Log().debug("launch {} grid {} block {} shared {}", kernel.name, Dims(request.grid),
              Dims(request.block), request.shared_bytes);
  record->kernel = *std::move(prepared);
  device.Enqueue(**stream, [&device, r = std::move(record)] {
    return device.device().Launch(*r->kernel, r->config, r->params.data(), r->params.size());
  });
  return absl::OkStatus();
}

}  // namespace cudashim::core
