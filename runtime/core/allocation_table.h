// Every block of memory the runtime handed out or registered, found from any pointer inside it.
// Backs cudaFree's validation, cudaPointerGetAttributes, cudaMemGetInfo and the range checks of
// memcpy/memset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace cudashim::core {

enum class MemoryKind {
  kDevice,          // cudaMalloc, cudaMallocPitch/3D, cudaMallocAsync
  kHost,            // cudaHostAlloc / cudaMallocHost (page-locked host memory)
  kHostRegistered,  // cudaHostRegister'ed user memory
  kManaged,         // cudaMallocManaged, __managed__ variables
  kModuleVariable,  // storage of a module's __device__/__constant__ variables
  kArray,           // the texels of a CUDA array (cudaMallocArray / cudaMalloc3DArray)
};

struct Allocation {
  uintptr_t base = 0;
  size_t size = 0;
  MemoryKind kind = MemoryKind::kDevice;
  int device = 0;      // the device whose memory it is (or that was current, for host memory)
  unsigned flags = 0;  // cudaHostAlloc / cudaMallocManaged / cudaHostRegister flags
  void* pool = nullptr;  // the core::MemPool of a cudaMallocAsync allocation

  const void* ptr() const { return reinterpret_cast<const void*>(base); }
  bool Contains(uintptr_t p, size_t bytes = 1) const {
    return p >= base && p - base < size && bytes <= size - (p - base);
  }
};

class AllocationTable {
 public:
  void Insert(const Allocation& allocation);
  // The allocation holding `ptr` (any interior pointer), if any.
  std::optional<Allocation> Find(const void* ptr) const;
  // Whether any allocation overlaps [ptr, ptr + bytes).
  bool Overlaps(const void* ptr, size_t bytes) const;
  // Removes the allocation that starts exactly at `base`.
  std::optional<Allocation> Remove(const void* base);
  // Bytes of device memory allocated on `device` (for cudaMemGetInfo).
  size_t DeviceBytesInUse(int device) const;
  // Removes and returns every allocation of `kind` on `device` (cudaDeviceReset).
  std::vector<Allocation> RemoveAll(int device, MemoryKind kind);

 private:
  mutable std::mutex mu_;
  std::map<uintptr_t, Allocation> by_base_;
};

}  // namespace cudashim::core
