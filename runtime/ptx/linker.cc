// -rdc linking (NVCC_ABI §2.5): several PTX modules become one. Definitions with external
// linkage (.visible, .weak, .common) are looked up by name; every .extern declaration is bound
// to one; internal symbols stay private to their module (renamed if their name is taken).

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

constexpr std::string_view kDeviceServices[] = {"vprintf", "malloc", "free", "__assertfail"};

bool IsDeviceService(std::string_view name) {
  return std::find(std::begin(kDeviceServices), std::end(kDeviceServices), name) !=
         std::end(kDeviceServices);
}

bool Exported(Linkage l) {
  return l == Linkage::kVisible || l == Linkage::kWeak || l == Linkage::kCommon;
}

// The winning definition of an exported name.
struct Definition {
  size_t module;
  size_t index;
  Linkage linkage;
  uint64_t size = 0;  // .common variables: the largest wins
};

std::string Where(const std::vector<Module>& modules, size_t m, int line) {
  return Cat(modules[m].source_name, ":", line);
}

// Chooses, for each exported name, the definition every reference will use.
template <typename T, typename IsDefinition>
absl::Status CollectDefinitions(const std::vector<Module>& modules,
                                const std::vector<T> Module::*table, IsDefinition is_definition,
                                std::string_view what,
                                absl::flat_hash_map<std::string, Definition>& out) {
  for (size_t m = 0; m < modules.size(); ++m) {
    const std::vector<T>& items = modules[m].*table;
    for (size_t i = 0; i < items.size(); ++i) {
      const T& item = items[i];
      if (!is_definition(item) || !Exported(item.linkage)) continue;
      Definition d{m, i, item.linkage, 0};
      if constexpr (std::is_same_v<T, Variable>) d.size = item.size;
      auto [it, inserted] = out.emplace(item.name, d);
      if (inserted) continue;
      Definition& prior = it->second;
      if (prior.linkage == Linkage::kVisible && item.linkage == Linkage::kVisible) {
        const T& first = (modules[prior.module].*table)[prior.index];
        return absl::InvalidArgumentError(Cat("link: ", what, " '", item.name, "' is defined in ",
                                              Where(modules, m, item.line), " and in ",
                                              Where(modules, prior.module, first.line)));
      }
      bool replace = (item.linkage == Linkage::kVisible && prior.linkage != Linkage::kVisible) ||
                     (item.linkage == Linkage::kCommon && prior.linkage == Linkage::kCommon &&
                      d.size > prior.size);
      if (replace) prior = d;
    }
  }
  return absl::OkStatus();
}

class Linker {
 public:
  explicit Linker(std::vector<Module> modules) : modules_(std::move(modules)) {}

  absl::StatusOr<Module> Run() {
    auto function_defined = [](const Function& f) { return f.has_body; };
    auto variable_defined = [](const Variable& v) { return v.linkage != Linkage::kExtern; };
    if (absl::Status s = CollectDefinitions(modules_, &Module::functions, function_defined,
                                            "function", functions_);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CollectDefinitions(modules_, &Module::variables, variable_defined,
                                            "variable", variables_);
        !s.ok()) {
      return s;
    }
    SetHeader();
    function_map_.resize(modules_.size());
    variable_map_.resize(modules_.size());
    renamed_.resize(modules_.size());
    owned_functions_.resize(modules_.size());
    owned_variables_.resize(modules_.size());
    // Pass 1: every definition that survives gets its index in the output.
    for (size_t m = 0; m < modules_.size(); ++m) {
      AssignOwned(m, &Module::variables, variable_map_[m], owned_variables_[m], variables_,
                  out_.variables, [](const Variable& v) { return v.linkage != Linkage::kExtern; });
      AssignOwned(m, &Module::functions, function_map_[m], owned_functions_[m], functions_,
                  out_.functions, [](const Function& f) { return f.has_body; });
    }
    // Pass 2: declarations are bound to those definitions.
    for (size_t m = 0; m < modules_.size(); ++m) {
      if (absl::Status s = BindDeclarations(m); !s.ok()) return s;
    }
    // Pass 3: the bodies move over with their symbol references renumbered.
    for (size_t m = 0; m < modules_.size(); ++m) MoveOwned(m);
    return std::move(out_);
  }

 private:
  static constexpr uint32_t kUnassigned = ~0u;

  void SetHeader() {
    for (const Module& m : modules_) {
      if (std::tie(m.version_major, m.version_minor) >
          std::tie(out_.version_major, out_.version_minor)) {
        out_.version_major = m.version_major;
        out_.version_minor = m.version_minor;
      }
      if (m.target_sm >= out_.target_sm) {
        out_.target_sm = m.target_sm;
        out_.target = m.target;
        out_.target_options = m.target_options;
      }
      out_.address_size = m.address_size;
    }
    out_.source_name = "linked";
    for (size_t i = 0; i < modules_.size(); ++i) {
      CatTo(&out_.source_name, i ? "+" : "(", modules_[i].source_name);
    }
    out_.source_name += ")";
  }

  // Reserves output slots (placeholders, filled in MoveOwned) for module m's definitions.
  template <typename T, typename IsDefinition>
  void AssignOwned(size_t m, std::vector<T> Module::*table, std::vector<uint32_t>& map,
                   std::vector<bool>& owned,
                   const absl::flat_hash_map<std::string, Definition>& exported,
                   std::vector<T>& out, IsDefinition is_definition) {
    const std::vector<T>& items = modules_[m].*table;
    map.assign(items.size(), kUnassigned);
    owned.assign(items.size(), false);
    for (size_t i = 0; i < items.size(); ++i) {
      const T& item = items[i];
      if (!is_definition(item)) continue;
      if (Exported(item.linkage)) {
        const Definition& d = exported.at(item.name);
        if (d.module != m || d.index != i) continue;  // a losing weak/common copy
      }
      map[i] = static_cast<uint32_t>(out.size());
      owned[i] = true;
      out.emplace_back();
      std::string name = item.name;
      if (!Exported(item.linkage) && (exported.contains(name) || taken_.contains(name))) {
        name = Cat(name, "$rdc", m);  // an internal symbol whose name is used elsewhere
        renamed_[m][item.name] = name;
      }
      taken_.insert({name, true});
      out.back().name = name;
    }
  }

  absl::Status BindDeclarations(size_t m) {
    Module& mod = modules_[m];
    for (size_t i = 0; i < mod.functions.size(); ++i) {
      if (function_map_[m][i] != kUnassigned) continue;
      const Function& f = mod.functions[i];
      auto it = functions_.find(f.name);
      if (it != functions_.end()) {
        function_map_[m][i] = function_map_[it->second.module][it->second.index];
        const Function& def = modules_[it->second.module].functions[it->second.index];
        if (def.params.size() != f.params.size() || def.returns.size() != f.returns.size()) {
          return absl::InvalidArgumentError(Cat(
              "link: ", Where(modules_, m, f.line), ": the declaration of '", f.name,
              "' does not match its definition at ", Where(modules_, it->second.module, def.line)));
        }
        continue;
      }
      if (!IsDeviceService(f.name)) {
        return absl::InvalidArgumentError(Cat("link: ", Where(modules_, m, f.line),
                                              ": unresolved external function '", f.name, "'"));
      }
      // One shared declaration per device service.
      auto [service, inserted] =
          services_.emplace(f.name, static_cast<uint32_t>(out_.functions.size()));
      if (inserted) out_.functions.push_back(f);
      function_map_[m][i] = service->second;
    }
    for (size_t i = 0; i < mod.variables.size(); ++i) {
      if (variable_map_[m][i] != kUnassigned) continue;
      Variable& v = mod.variables[i];
      auto it = variables_.find(v.name);
      if (it != variables_.end()) {
        variable_map_[m][i] = variable_map_[it->second.module][it->second.index];
        continue;
      }
      if (v.space == StateSpace::kShared) {
        // `.extern .shared x[]` is the dynamic shared memory window, not a link-time symbol.
        auto [shared, inserted] =
            extern_shared_.emplace(v.name, static_cast<uint32_t>(out_.variables.size()));
        if (inserted) out_.variables.push_back(v);
        Variable& merged = out_.variables[shared->second];
        merged.align = std::max(merged.align, v.align);
        variable_map_[m][i] = shared->second;
        continue;
      }
      return absl::InvalidArgumentError(Cat("link: ", Where(modules_, m, v.line),
                                            ": unresolved external variable '", v.name, "'"));
    }
    return absl::OkStatus();
  }

  void Renumber(size_t m, Operand& o) {
    if (o.kind == Operand::Kind::kSymbol ||
        (o.kind == Operand::Kind::kAddress && o.base == Operand::Base::kSymbol)) {
      if (o.symbol_kind == SymbolKind::kGlobalVar) o.symbol = variable_map_[m][o.symbol];
      if (o.symbol_kind == SymbolKind::kFunction) o.symbol = function_map_[m][o.symbol];
    }
    for (Operand& e : o.elements) Renumber(m, e);
  }

  void RenameAddressInits(size_t m, Variable& v) {
    for (AddressInit& a : v.address_inits) {
      auto it = renamed_[m].find(a.symbol);
      if (it != renamed_[m].end()) a.symbol = it->second;
    }
  }

  void MoveOwned(size_t m) {
    Module& mod = modules_[m];
    for (size_t i = 0; i < mod.variables.size(); ++i) {
      if (!owned_variables_[m][i]) continue;
      Variable& slot = out_.variables[variable_map_[m][i]];
      std::string name = std::move(slot.name);
      slot = std::move(mod.variables[i]);
      slot.name = std::move(name);
      RenameAddressInits(m, slot);
    }
    for (size_t i = 0; i < mod.functions.size(); ++i) {
      if (!owned_functions_[m][i]) continue;
      uint32_t target = function_map_[m][i];
      std::string name = out_.functions[target].name;
      Function f = std::move(mod.functions[i]);
      f.name = name;
      for (Instruction& inst : f.instructions) {
        for (Operand& o : inst.operands) Renumber(m, o);
      }
      for (Variable& local : f.locals) RenameAddressInits(m, local);
      out_.functions[target] = std::move(f);
    }
  }

  std::vector<Module> modules_;
  Module out_;
  absl::flat_hash_map<std::string, Definition> functions_, variables_;
  std::vector<std::vector<uint32_t>> function_map_, variable_map_;
  std::vector<std::vector<bool>> owned_functions_, owned_variables_;
  std::vector<absl::flat_hash_map<std::string, std::string>> renamed_;
  absl::flat_hash_map<std::string, bool> taken_;
  absl::flat_hash_map<std::string, uint32_t> services_, extern_shared_;
};

}  // namespace

absl::StatusOr<Module> Link(std::vector<Module> modules) {
  if (modules.empty()) return absl::InvalidArgumentError("link: no modules");
  return Linker(std::move(modules)).Run();
}

}  // namespace cudashim::ptx
