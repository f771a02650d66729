#include "runtime/core/module_registry.h"

#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/core/allocation_table.h"
#include "runtime/core/device_context.h"
#include "runtime/core/kernel_resources.h"
#include "runtime/core/logging.h"
#include "runtime/core/runtime.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/fatbin.h"

namespace cudashim::core {
namespace {

// The PTX front end speaks absl codes; here they become the CUDA errors a program sees.
absl::Status AsModuleError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return CudaError(cudaErrorNoKernelImageForDevice, status.message());
    case absl::StatusCode::kUnimplemented:
      return CudaError(cudaErrorNotSupported, status.message());
    default:
      return CudaError(cudaErrorInvalidPtx, status.message());
  }
}

absl::StatusOr<std::shared_ptr<const ptx::Module>> ParseModule(const void* wrapper, int max_arch) {
  absl::StatusOr<std::vector<ptx::PtxImage>> images = ptx::ExtractPtx(wrapper, max_arch);
  if (!images.ok()) return AsModuleError(images.status());
  std::vector<ptx::Module> modules;
  for (size_t i = 0; i < images->size(); ++i) {
    absl::StatusOr<ptx::Module> m =
        ptx::Parse((*images)[i].text, absl::StrCat("ptx module ", i, " (sm_", (*images)[i].arch, ")"));
    if (!m.ok()) return AsModuleError(m.status());
    modules.push_back(*std::move(m));
  }
  ptx::Module linked;
  if (modules.size() == 1) {
    linked = std::move(modules[0]);
  } else {
    absl::StatusOr<ptx::Module> m = ptx::Link(std::move(modules));
    if (!m.ok()) return AsModuleError(m.status());
    linked = *std::move(m);
  }
  if (absl::Status verified = ptx::Verify(linked); !verified.ok()) return AsModuleError(verified);
  return std::make_shared<const ptx::Module>(std::move(linked));
}

// Storage a module variable lives in: initializer bytes first, then zero.
void Initialize(const ptx::Variable& v, void* storage, size_t bytes) {
  std::memset(storage, 0, bytes);
  std::memcpy(storage, v.init.data(), std::min(v.init.size(), bytes));
}

// Writes addresses of other variables into initializers (`.u64 p = generic(x)+4`).
void ApplyAddressInits(const ptx::Variable& v, void* storage, const hal::SymbolAddresses& symbols) {
  for (const ptx::AddressInit& a : v.address_inits) {
    auto it = symbols.find(a.symbol);
    if (it == symbols.end()) {
      WarnOnce(absl::StrCat("addrinit:", v.name, a.symbol),
               absl::StrCat("variable ", v.name, ": address of '", a.symbol,
                            "' in its initializer is not available; left as 0"));
      continue;
    }
    uint64_t address = reinterpret_cast<uint64_t>(it->second) + a.addend;
    std::memcpy(static_cast<char*>(storage) + a.offset, &address, std::min<uint32_t>(a.size, 8));
  }
}

bool HasDeviceStorage(const ptx::Variable& v) {
  return (v.space == ptx::StateSpace::kGlobal || v.space == ptx::StateSpace::kConst) &&
         v.linkage != ptx::Linkage::kExtern;
}

}  // namespace

ModuleRecord* ModuleRegistry::RegisterFatBinary(const void* wrapper) {
  auto module = std::make_unique<ModuleRecord>();
  module->wrapper = wrapper;
  ModuleRecord* handle = module.get();
  std::lock_guard lock(mu_);
  modules_[handle] = std::move(module);
  return handle;
}

bool ModuleRegistry::IsModule(const void* handle) const {
  std::lock_guard lock(mu_);
  return modules_.contains(handle);
}

void ModuleRegistry::RegisterFunction(ModuleRecord* module, const void* host_function,
                                      std::string name) {
  auto kernel = std::make_unique<KernelRecord>();
  kernel->module = module;
  kernel->host_function = host_function;
  kernel->name = std::move(name);
  std::lock_guard lock(mu_);
  kernels_by_host_[host_function] = kernel.get();
  kernels_by_handle_[kernel.get()] = kernel.get();
  module->kernels.push_back(std::move(kernel));
}

void ModuleRegistry::RegisterVariable(ModuleRecord* module, const void* host_variable,
                                      std::string name, size_t size, bool constant, bool managed) {
  auto variable = std::make_unique<VariableRecord>();
  variable->module = module;
  variable->host_variable = host_variable;
  variable->name = std::move(name);
  variable->size = size;
  variable->constant = constant;
  variable->managed = managed;
  std::lock_guard lock(mu_);
  variables_by_host_[host_variable] = variable.get();
  module->variables.push_back(std::move(variable));
}

void ModuleRegistry::Unregister(ModuleRecord* module) {
  std::lock_guard lock(mu_);
  auto it = modules_.find(module);
  if (it == modules_.end()) return;
  for (const auto& k : module->kernels) {
    if (auto h = kernels_by_host_.find(k->host_function); h != kernels_by_host_.end() && h->second == k.get()) {
      kernels_by_host_.erase(h);
    }
    kernels_by_handle_.erase(k.get());
  }
  for (const auto& v : module->variables) {
    if (auto h = variables_by_host_.find(v->host_variable);
        h != variables_by_host_.end() && h->second == v.get()) {
      variables_by_host_.erase(h);
    }
  }
  for (const auto& [name, storage] : module->managed_storage) {
    if (auto h = variables_by_host_.find(storage);
        h != variables_by_host_.end() && h->second->module == module) {
      variables_by_host_.erase(h);
    }
  }
  // The record itself stays allocated: a stub's cached cudaKernel_t may still point into it.
  it->second.release();
  modules_.erase(it);
}

absl::StatusOr<KernelRecord*> ModuleRegistry::FindKernel(const void* function_or_handle) const {
  std::lock_guard lock(mu_);
  if (auto it = kernels_by_host_.find(function_or_handle); it != kernels_by_host_.end()) {
    return it->second;
  }
  if (auto it = kernels_by_handle_.find(function_or_handle); it != kernels_by_handle_.end()) {
    return it->second;
  }
  // What NVIDIA's runtime returns for a pointer that is not a kernel (observed on an H100).
  return CudaError(cudaErrorInvalidResourceHandle,
                   absl::StrCat("no kernel is registered for function ",
                                absl::Hex(reinterpret_cast<uintptr_t>(function_or_handle))));
}

absl::StatusOr<VariableRecord*> ModuleRegistry::FindVariable(const void* host_variable) const {
  std::lock_guard lock(mu_);
  if (auto it = variables_by_host_.find(host_variable); it != variables_by_host_.end()) {
    return it->second;
  }
  return CudaError(cudaErrorInvalidSymbol,
                   absl::StrCat("no device variable is registered at host address ",
                                absl::Hex(reinterpret_cast<uintptr_t>(host_variable))));
}

absl::Status ModuleRegistry::Load(ModuleRecord& module, AllocationTable& allocations) {
  std::lock_guard lock(module.mu);
  return LoadLocked(module, allocations);
}

absl::Status ModuleRegistry::LoadLocked(ModuleRecord& module, AllocationTable& allocations) {
  if (module.loaded) return module.load_status;
  module.loaded = true;
  absl::StatusOr<std::shared_ptr<const ptx::Module>> parsed =
      ParseModule(module.wrapper, Runtime::Get().max_ptx_target());
  if (!parsed.ok()) {
    Log().error("loading module: {}", parsed.status().message());
    module.load_status = parsed.status();
    return module.load_status;
  }
  module.ptx = *std::move(parsed);
  Log().debug("loaded module: {} functions, {} variables, target {}", module.ptx->functions.size(),
              module.ptx->variables.size(), module.ptx->target);

  // Managed variables exist once, in memory both the host and every device reach, and the host's
  // pointer slot must be set before __cudaInitModule returns (NVCC_ABI.md §2.2).
  for (const ptx::Variable& v : module.ptx->variables) {
    if (!v.managed || !HasDeviceStorage(v)) continue;
    size_t bytes = std::max<size_t>(v.size, 1);
    void* storage = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (storage == nullptr) {
      module.load_status = CudaError(cudaErrorMemoryAllocation,
                                     absl::StrCat("managed variable ", v.name, ": out of memory"));
      return module.load_status;
    }
    Initialize(v, storage, bytes);
    module.managed_storage[v.name] = storage;
    allocations.Insert({.base = reinterpret_cast<uintptr_t>(storage),
                        .size = bytes,
                        .kind = MemoryKind::kManaged,
                        .flags = cudaMemAttachGlobal});
  }
  for (const auto& record : module.variables) {
    if (!record->managed) continue;
    auto it = module.managed_storage.find(record->name);
    if (it == module.managed_storage.end()) {
      module.load_status = CudaError(cudaErrorInvalidSymbol,
                                     absl::StrCat("managed variable ", record->name, " not in PTX"));
      return module.load_status;
    }
    *static_cast<void**>(const_cast<void*>(record->host_variable)) = it->second;
    // Host code names a managed variable by its storage (`cudaMemcpyToSymbol(mv, ...)` passes
    // `&*slot`), so the storage address finds the record too.
    std::lock_guard lock(mu_);
    variables_by_host_[it->second] = record.get();
  }
  return module.load_status;
}

absl::Status ModuleRegistry::Resolve(KernelRecord& kernel, AllocationTable& allocations) {
  ModuleRecord& module = *kernel.module;
  std::lock_guard lock(module.mu);
  if (kernel.function != nullptr) return absl::OkStatus();
  if (absl::Status loaded = LoadLocked(module, allocations); !loaded.ok()) return loaded;
  const ptx::Function* function = module.ptx->FindFunction(kernel.name);
  if (function == nullptr || !function->is_entry) {
    return CudaError(cudaErrorInvalidDeviceFunction,
                     absl::StrCat("kernel ", kernel.name, " is not an .entry of its module's PTX"));
  }
  kernel.params = ptx::LayoutParams(*function);
  absl::StatusOr<DeviceContext*> device = Runtime::Get().Device(0);
  hal::DeviceProfile profile = device.ok() ? (*device)->profile() : hal::DeviceProfile{};
  kernel.resources = ComputeKernelResources(*module.ptx, *function, profile);
  kernel.function = function;
  return absl::OkStatus();
}

absl::StatusOr<const hal::SymbolAddresses*> ModuleRegistry::Symbols(ModuleRecord& module,
                                                                     DeviceContext& device,
                                                                     AllocationTable& allocations) {
  std::lock_guard lock(module.mu);
  if (absl::Status loaded = LoadLocked(module, allocations); !loaded.ok()) return loaded;
  auto& slot = module.device_symbols[device.ordinal()];
  if (slot) return slot.get();

  auto symbols = std::make_unique<hal::SymbolAddresses>(module.managed_storage);
  for (const ptx::Variable& v : module.ptx->variables) {
    if (!HasDeviceStorage(v) || v.managed) continue;
    size_t bytes = std::max<size_t>(v.size, 1);
    absl::StatusOr<void*> storage = device.device().Allocate(bytes);
    if (!storage.ok()) return storage.status();
    Initialize(v, *storage, bytes);
    (*symbols)[v.name] = *storage;
    allocations.Insert({.base = reinterpret_cast<uintptr_t>(*storage),
                        .size = bytes,
                        .kind = MemoryKind::kModuleVariable,
                        .device = device.ordinal()});
  }
  for (const ptx::Variable& v : module.ptx->variables) {
    if (HasDeviceStorage(v) && !v.address_inits.empty()) {
      ApplyAddressInits(v, (*symbols)[v.name], *symbols);
    }
  }
  slot = std::move(symbols);
  return slot.get();
}

absl::StatusOr<std::shared_ptr<hal::Kernel>> ModuleRegistry::Prepare(KernelRecord& kernel,
                                                                     DeviceContext& device,
                                                                     AllocationTable& allocations) {
  {
    std::lock_guard lock(kernel.prepared_mu);
    if (auto it = kernel.prepared.find(device.ordinal()); it != kernel.prepared.end()) {
      return it->second;
    }
  }
  if (absl::Status resolved = Resolve(kernel, allocations); !resolved.ok()) return resolved;
  if (absl::Status supported = CheckSupported(*kernel.module->ptx, *kernel.function); !supported.ok()) {
    Log().error("{}", supported.message());
    std::lock_guard lock(kernel.prepared_mu);
    return kernel.prepared.emplace(device.ordinal(), supported).first->second;
  }
  absl::StatusOr<const hal::SymbolAddresses*> symbols = Symbols(*kernel.module, device, allocations);
  if (!symbols.ok()) return symbols.status();

  hal::KernelImage image{.module = kernel.module->ptx, .function = kernel.function, .symbols = *symbols};
  absl::StatusOr<std::unique_ptr<hal::Kernel>> prepared = device.device().PrepareKernel(image);
  absl::StatusOr<std::shared_ptr<hal::Kernel>> result =
      prepared.ok() ? absl::StatusOr<std::shared_ptr<hal::Kernel>>(std::shared_ptr<hal::Kernel>(
                          std::move(*prepared)))
                    : absl::StatusOr<std::shared_ptr<hal::Kernel>>(prepared.status());
  if (!result.ok()) Log().error("{}", result.status().message());
  std::lock_guard lock(kernel.prepared_mu);
  return kernel.prepared.emplace(device.ordinal(), std::move(result)).first->second;
}

}  // namespace cudashim::core
