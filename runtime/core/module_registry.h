// Modules registered by nvcc's generated constructors (NVCC_ABI.md §2): fatbin handle -> module,
// host-side kernel stub -> kernel, host shadow variable -> device variable.
//
// Registration runs before main, so it only records names; the PTX is extracted, parsed and
// linked on first use (a Thrust binary carries ~450 KB of PTX). Variable storage is created per
// device on first use, initialized from the PTX initializers.
#pragma once

#include <atomic>
#include <map>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "runtime/hal/device.h"
#include "runtime/ptx/ir.h"

namespace cudashim::core {

class AllocationTable;
class DeviceContext;
struct ModuleRecord;

// Static resources of a kernel, from its PTX (cudaFuncGetAttributes, occupancy, launch checks).
struct KernelResources {
  size_t static_shared_bytes = 0;
  size_t const_bytes = 0;
  size_t local_bytes = 0;
  int max_threads_per_block = 0;  // from .maxntid/.reqntid, else the device limit
};

// One registered kernel; its address is the cudaKernel_t handed to generated code.
struct KernelRecord {
  ModuleRecord* module = nullptr;
  const void* host_function = nullptr;
  std::string name;

  // Set by ModuleRegistry::Resolve, once.
  const ptx::Function* function = nullptr;
  ptx::ParamLayout params;
  KernelResources resources;

  // cudaFuncSetAttribute values.
  std::atomic<int> max_dynamic_shared_bytes{-1};  // -1: the device's default per-block limit
  std::atomic<int> preferred_shared_carveout{-1};
  std::atomic<int> cache_config{0};

  // Per device ordinal: the backend's prepared kernel, or why it could not be prepared.
  std::mutex prepared_mu;
  std::map<int, absl::StatusOr<std::shared_ptr<hal::Kernel>>> prepared;
};

struct VariableRecord {
  ModuleRecord* module = nullptr;
  const void* host_variable = nullptr;  // the host shadow; for managed: the pointer slot
  std::string name;
  size_t size = 0;
  bool constant = false;
  bool managed = false;
};

struct ModuleRecord {
  const void* wrapper = nullptr;
  std::vector<std::unique_ptr<KernelRecord>> kernels;
  std::vector<std::unique_ptr<VariableRecord>> variables;

  std::mutex mu;  // everything below
  bool loaded = false;
  absl::Status load_status;
  std::shared_ptr<const ptx::Module> ptx;
  // Managed variables: one storage for all devices and the host.
  hal::SymbolAddresses managed_storage;
  // .global/.const storage (and managed addresses) per device ordinal.
  absl::flat_hash_map<int, std::unique_ptr<hal::SymbolAddresses>> device_symbols;
};

class ModuleRegistry {
 public:
  ModuleRecord* RegisterFatBinary(const void* wrapper);
  void RegisterFunction(ModuleRecord* module, const void* host_function, std::string name);
  void RegisterVariable(ModuleRecord* module, const void* host_variable, std::string name,
                        size_t size, bool constant, bool managed);
  // Drops every lookup of the module's kernels and variables (atexit or dlclose: host addresses
  // may be reused afterwards). Storage is not freed: work may still be in flight at exit.
  void Unregister(ModuleRecord* module);
  bool IsModule(const void* handle) const;

  // A kernel by registered host stub address or by cudaKernel_t handle.
  absl::StatusOr<KernelRecord*> FindKernel(const void* function_or_handle) const;
  absl::StatusOr<VariableRecord*> FindVariable(const void* host_variable) const;

  // Parses the module's PTX (once) and resolves the kernel in it.
  absl::Status Resolve(KernelRecord& kernel, AllocationTable& allocations);
  // Loads the module; managed variables get their storage and their host slots are set.
  absl::Status Load(ModuleRecord& module, AllocationTable& allocations);
  // The module's variables in `device`'s memory, created and initialized on first use.
  absl::StatusOr<const hal::SymbolAddresses*> Symbols(ModuleRecord& module, DeviceContext& device,
                                                       AllocationTable& allocations);
  // The backend's prepared kernel for `device` (cached, failures too).
  absl::StatusOr<std::shared_ptr<hal::Kernel>> Prepare(KernelRecord& kernel, DeviceContext& device,
                                                       AllocationTable& allocations);

 private:
  absl::Status LoadLocked(ModuleRecord& module, AllocationTable& allocations);

  mutable std::mutex mu_;
  absl::flat_hash_map<const void*, std::unique_ptr<ModuleRecord>> modules_;
  absl::flat_hash_map<const void*, KernelRecord*> kernels_by_host_;
  absl::flat_hash_map<const void*, KernelRecord*> kernels_by_handle_;
  absl::flat_hash_map<const void*, VariableRecord*> variables_by_host_;
};

}  // namespace cudashim::core
