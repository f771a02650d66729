#include "runtime/core/kernel_resources.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {
namespace {

// Walks the call graph from the kernel, collecting the module variables and functions reached.
struct Reach {
  absl::flat_hash_set<uint32_t> variables;
  absl::flat_hash_set<const ptx::Function*> functions;
};

void VisitOperand(const ptx::Module& module, const ptx::Operand& op, Reach& reach,
                  std::vector<const ptx::Function*>& pending) {
  bool is_symbol = op.kind == ptx::Operand::Kind::kSymbol ||
                   (op.kind == ptx::Operand::Kind::kAddress && op.base == ptx::Operand::Base::kSymbol);
  if (is_symbol && op.symbol_kind == ptx::SymbolKind::kGlobalVar) reach.variables.insert(op.symbol);
  if (is_symbol && op.symbol_kind == ptx::SymbolKind::kFunction && op.symbol < module.functions.size()) {
    const ptx::Function* callee = &module.functions[op.symbol];
    if (reach.functions.insert(callee).second) pending.push_back(callee);
  }
  for (const ptx::Operand& element : op.elements) VisitOperand(module, element, reach, pending);
}

Reach ReachableFrom(const ptx::Module& module, const ptx::Function& kernel) {
  Reach reach;
  std::vector<const ptx::Function*> pending = {&kernel};
  reach.functions.insert(&kernel);
  while (!pending.empty()) {
    const ptx::Function* f = pending.back();
    pending.pop_back();
    for (const ptx::Instruction& inst : f->instructions) {
      for (const ptx::Operand& op : inst.operands) VisitOperand(module, op, reach, pending);
    }
  }
  return reach;
}

}  // namespace

absl::Status CheckSupported(const ptx::Module& module, const ptx::Function& kernel) {
  for (const ptx::Function* f : ReachableFrom(module, kernel).functions) {
    if (f->unsupported) {
      return CudaError(cudaErrorNotSupported,
                       absl::StrCat("kernel ", kernel.name, " cannot run on cudashim: ", *f->unsupported));
    }
  }
  return absl::OkStatus();
}

KernelResources ComputeKernelResources(const ptx::Module& module, const ptx::Function& kernel,
                                       const hal::DeviceProfile& profile) {
  Reach reach = ReachableFrom(module, kernel);

  KernelResources r;
  for (uint32_t index : reach.variables) {
    if (index >= module.variables.size()) continue;
    const ptx::Variable& v = module.variables[index];
    if (v.space == ptx::StateSpace::kShared && !v.unsized_array) r.static_shared_bytes += v.size;
    if (v.space == ptx::StateSpace::kConst) r.const_bytes += v.size;
  }
  for (const ptx::Function* f : reach.functions) {
    for (const ptx::Variable& v : f->locals) {
      if (v.space == ptx::StateSpace::kShared && !v.unsized_array) r.static_shared_bytes += v.size;
      if (v.space == ptx::StateSpace::kLocal) r.local_bytes += v.size;
    }
  }

  r.max_threads_per_block = profile.max_threads_per_block;
  auto limit = [&](const std::array<uint32_t, 3>& dims) {
    uint64_t n = uint64_t{dims[0]} * std::max(1u, dims[1]) * std::max(1u, dims[2]);
    r.max_threads_per_block = static_cast<int>(std::min<uint64_t>(n, r.max_threads_per_block));
  };
  if (kernel.maxntid) limit(*kernel.maxntid);
  if (kernel.reqntid) limit(*kernel.reqntid);
  return r;
}

}  // namespace cudashim::core
