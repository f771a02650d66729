// The device abstraction layer: the whole contract between the runtime core and a backend.
//
// A backend (runtime/backends/<name>/) implements `Device` and `Kernel`; the core owns everything
// else (streams, events, the allocation table, modules, argument layout). A new accelerator is one
// new folder implementing these few operations plus one line in runtime/backends/device_factory.cc.
//
// Memory model: device memory is addressable by the host in one address space, so the core copies
// with memmove in stream order; a backend only decides *where* allocations live.
#pragma once

#include "absl/strings/string_view.h"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/hal/device_profile.h"

namespace cudashim::ptx {
struct Module;
struct Function;
}  // namespace cudashim::ptx

namespace cudashim::hal {

struct Dim3 {
  uint32_t x = 1, y = 1, z = 1;
  uint64_t count() const { return uint64_t{x} * y * z; }
};

// Addresses of a loaded module's variables (.global, .const, managed) in this device's memory.
using SymbolAddresses = absl::flat_hash_map<std::string, void*>;

// Everything a backend needs to turn one kernel of a module into something it can run.
struct KernelImage {
  std::shared_ptr<const ptx::Module> module;
  const ptx::Function* function = nullptr;  // the .entry, owned by `module`
  const SymbolAddresses* symbols = nullptr;  // stable while the module stays loaded
};

struct LaunchConfig {
  Dim3 grid;
  Dim3 block;
  uint32_t dynamic_shared_bytes = 0;
  bool cooperative = false;
  // The launching context's limits (cudaDeviceSetLimit).
  size_t stack_bytes = 1024;              // cudaLimitStackSize, per thread
  size_t printf_fifo_bytes = 1 << 20;     // cudaLimitPrintfFifoSize
  size_t malloc_heap_bytes = 8 << 20;     // cudaLimitMallocHeapSize
  // Whether [address, address + bytes) lies in memory the core mapped for kernels outside the
  // device's own allocations (pinned host, managed, registered memory). Devices that check
  // accesses consult it; may be null.
  bool (*is_mapped)(uintptr_t address, size_t bytes) = nullptr;
  // Whether `handle` is a live texture (or, with `surface`, surface) object, i.e. the address of a
  // hal::TextureDescriptor (texture.h) the core created and has not destroyed. May be null: then
  // a backend trusts non-zero handles.
  bool (*is_texture_object)(uint64_t handle, bool surface) = nullptr;
};

// A kernel prepared for one device (an interpreter plan, compiled code, ...).
class Kernel {
 public:
  virtual ~Kernel() = default;
};

class Device {
 public:
  virtual ~Device() = default;

  virtual absl::string_view kind() const = 0;  // "cpu", "emu", ...
  virtual const DeviceProfile& profile() const = 0;

  // Device memory, 256-byte aligned. `bytes` > 0. Fails with cudaErrorMemoryAllocation.
  virtual absl::StatusOr<void*> Allocate(size_t bytes) = 0;
  virtual void Free(void* ptr, size_t bytes) = 0;

  // Prepares a kernel once; the core caches the result per device.
  virtual absl::StatusOr<std::unique_ptr<Kernel>> PrepareKernel(const KernelImage& image) = 0;

  // Runs a prepared kernel to completion on the calling thread (a stream's worker). `params` is
  // the parameter buffer laid out per the PTX .param list, valid for the whole call. A fault inside
  // the kernel comes back as the CUDA error the GPU would report (see cuda_status.h).
  virtual absl::Status Launch(Kernel& kernel, const LaunchConfig& config, const void* params,
                              size_t param_bytes) = 0;
};

// Implemented by runtime/backends: the device of `kind` ("cpu", "emu") with ordinal `ordinal`.
absl::StatusOr<std::unique_ptr<Device>> CreateDevice(absl::string_view kind, int ordinal);

}  // namespace cudashim::hal
