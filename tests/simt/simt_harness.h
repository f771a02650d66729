// Runs PTX kernels straight through the SIMT executor: parse, load module variables, prepare,
// launch. CUDA sources are compiled to PTX with nvcc when it is available (tests that need it
// skip otherwise).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "runtime/backends/simt/executor.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/ir.h"

namespace cudashim::simt::testing {

// The parameter buffer of a launch, laid out by the kernel's .param list.
class Args {
 public:
  template <typename T>
  Args& Add(T value) {
    values_.emplace_back(sizeof(T));
    std::memcpy(values_.back().data(), &value, sizeof(T));
    return *this;
  }
  std::vector<uint8_t> Layout(const ptx::Function& f) const {
    ptx::ParamLayout layout = ptx::LayoutParams(f);
    std::vector<uint8_t> buf(std::max<uint32_t>(layout.total_size, 8));
    for (size_t i = 0; i < values_.size() && i < layout.offsets.size(); ++i) {
      std::memcpy(buf.data() + layout.offsets[i], values_[i].data(),
                  std::min<size_t>(values_[i].size(), f.params[i].size));
    }
    return buf;
  }

 private:
  std::vector<std::vector<uint8_t>> values_;
};

// Memory the tests hand to kernels; the checked (emu) executor accepts exactly these ranges.
inline std::vector<std::pair<uintptr_t, size_t>>& MappedRanges() {
  static auto* ranges = new std::vector<std::pair<uintptr_t, size_t>>;
  return *ranges;
}
inline bool IsMapped(uintptr_t p, size_t n) {
  for (auto [base, size] : MappedRanges()) {
    if (p >= base && p + n <= base + size) return true;
  }
  return false;
}

// One loaded module on one executor.
class Program {
 public:
  explicit Program(bool checked = false) { Init(checked); }

  absl::Status Load(const std::string& ptx_text) {
    absl::StatusOr<ptx::Module> m = ptx::Parse(ptx_text, "test.ptx");
    if (!m.ok()) return m.status();
    if (absl::Status v = ptx::Verify(*m); !v.ok()) return v;
    module_ = std::make_shared<const ptx::Module>(*std::move(m));
    for (const ptx::Variable& v : module_->variables) {
      if ((v.space != ptx::StateSpace::kGlobal && v.space != ptx::StateSpace::kConst) ||
          v.linkage == ptx::Linkage::kExtern) {
        continue;
      }
      size_t bytes = std::max<size_t>(v.size, 1);
      void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
      std::memset(p, 0, bytes);
      std::memcpy(p, v.init.data(), std::min(v.init.size(), bytes));
      symbols_[v.name] = p;
      MappedRanges().push_back({reinterpret_cast<uintptr_t>(p), bytes});
    }
    return absl::OkStatus();
  }

  absl::Status Launch(const std::string& kernel, hal::Dim3 grid, hal::Dim3 block, const Args& args,
                      uint32_t shared = 0, bool cooperative = false) {
    const ptx::Function* f = module_->FindFunction(kernel);
    if (f == nullptr) return absl::NotFoundError(kernel);
    hal::KernelImage image{.module = module_, .function = f, .symbols = &symbols_};
    absl::StatusOr<std::unique_ptr<hal::Kernel>> k = executor_->Prepare(image);
    if (!k.ok()) return k.status();
    std::vector<uint8_t> params = args.Layout(*f);
    hal::LaunchConfig config;
    config.grid = grid;
    config.block = block;
    config.dynamic_shared_bytes = shared;
    config.cooperative = cooperative;
    config.is_mapped = IsMapped;
    return executor_->Launch(**k, config, params.data(), params.size());
  }

  void* Symbol(const std::string& name) { return symbols_[name]; }

  // Device memory for tests: plain host memory (checked executors accept it via is_mapped).
  template <typename T>
  T* Alloc(size_t n) {
    buffers_.emplace_back(new uint8_t[n * sizeof(T) + 64]());
    MappedRanges().push_back({reinterpret_cast<uintptr_t>(buffers_.back().get()), n * sizeof(T)});
    return reinterpret_cast<T*>(buffers_.back().get());
  }

 private:
  void Init(bool checked) {
    ExecutorOptions o;
    o.checked = checked;
    o.workers = 2;
    o.multiprocessors = 2;
    o.allocate = [](size_t n) { return std::aligned_alloc(256, (n + 255) / 256 * 256); };
    executor_ = std::make_unique<Executor>(o);
  }
  std::unique_ptr<Executor> executor_;
  std::shared_ptr<const ptx::Module> module_;
  hal::SymbolAddresses symbols_;
  std::vector<std::unique_ptr<uint8_t[]>> buffers_;
};

// nvcc -ptx of a CUDA source; empty when nvcc is not installed.
inline std::string CompileToPtx(const std::string& source, const std::string& arch = "sm_75") {
  std::string nvcc = CUDASHIM_NVCC;
  if (nvcc.empty() || nvcc.find("NOTFOUND") != std::string::npos) return "";
  static int counter = 0;
  std::string base = std::string(::testing::TempDir()) + "/simt_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++);
  { std::ofstream(base + ".cu") << source; }
  std::string cmd = nvcc + " -ptx -arch=" + arch + " -o " + base + ".ptx " + base + ".cu 2>&1";
  if (std::system(cmd.c_str()) != 0) return "";
  std::ifstream in(base + ".ptx");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#define SIMT_NEED_PTX(ptx)                                     \
  if ((ptx).empty()) GTEST_SKIP() << "nvcc is not available to compile the kernel"

}  // namespace cudashim::simt::testing
