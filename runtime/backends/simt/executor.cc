#include "runtime/backends/simt/executor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/backends/simt/block.h"
#include "runtime/backends/simt/decoder.h"
#include "runtime/backends/simt/state.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {

// What a worker keeps between launches: its blocks' warps, shared and local memory.
struct Executor::WorkerScratch {
  std::vector<std::unique_ptr<BlockSlot>> slots;
  BlockSlot& Slot(size_t i) {
    while (slots.size() <= i) slots.push_back(std::make_unique<BlockSlot>());
    return *slots[i];
  }
};

void PrintfSink::Append(uint64_t block, uint32_t seq, std::string text) {
  std::lock_guard lock(mu_);
  if (bytes_ + text.size() > limit) return;  // the GPU drops what overflows its FIFO
  bytes_ += text.size();
  records_.push_back({block, seq, std::move(text)});
}

void PrintfSink::Flush() {
  std::lock_guard lock(mu_);
  if (records_.empty()) return;
  std::stable_sort(records_.begin(), records_.end(), [](const Record& a, const Record& b) {
    return a.block != b.block ? a.block < b.block : a.seq < b.seq;
  });
  std::string out;
  for (const Record& r : records_) out += r.text;
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  records_.clear();
  bytes_ = 0;
}

Executor::Executor(ExecutorOptions options)
    : options_(std::move(options)), pool_(options_.workers), heap_(options_.allocate) {
  for (int i = 0; i < pool_.size(); ++i) scratch_.push_back(std::make_unique<WorkerScratch>());
}

Executor::~Executor() = default;

absl::StatusOr<std::unique_ptr<hal::Kernel>> Executor::Prepare(const hal::KernelImage& image) {
  SelectContext ctx{.checked = options_.checked};
  absl::StatusOr<std::unique_ptr<KernelPlan>> plan = BuildKernelPlan(image, ctx);
  if (!plan.ok()) return plan.status();
  return std::unique_ptr<hal::Kernel>(std::move(*plan));
}

namespace {

// Faults are reported through the launch's status; with CUDASHIM_LOG set they are also printed
// where they happen (backends do not use the core's logger).
bool LogFaults() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_LOG");
    return v != nullptr && *v != '\0' && std::string(v) != "off" && std::string(v) != "error";
  }();
  return on;
}

void RunBlocks(LaunchState& st, std::vector<std::unique_ptr<BlockSlot>>& slots,
               std::atomic<uint64_t>& next, uint32_t worker) {
  const uint64_t blocks = st.config.grid.count();
  BlockSlot& slot = *slots[0];
  for (;;) {
    if (st.abort.load(std::memory_order_relaxed)) return;
    uint64_t id = next.fetch_add(1, std::memory_order_relaxed);
    if (id >= blocks) return;
    InitBlock(st, slot, id);
    bool finished = false;
    while (!finished) {
      if (!StepBlock(st, slot, worker, &finished)) return;
    }
  }
}

// Cooperative grids: every block stays resident; the worker interleaves its blocks' warps, and
// spinning warps yield (SpinPoint), so a block waiting at the grid barrier lets the others run.
void RunResidentBlocks(LaunchState& st, std::vector<std::unique_ptr<BlockSlot>>& slots,
                       uint32_t worker, uint32_t participants) {
  const uint64_t blocks = st.config.grid.count();
  std::vector<BlockSlot*> mine;
  for (uint64_t id = worker, i = 0; id < blocks; id += participants, ++i) {
    while (slots.size() <= i) slots.push_back(std::make_unique<BlockSlot>());
    slots[i]->constants_ready = false;
    InitBlock(st, *slots[i], id);
    mine.push_back(slots[i].get());
  }
  std::vector<bool> done(mine.size(), false);
  size_t left = mine.size();
  while (left > 0) {
    for (size_t i = 0; i < mine.size(); ++i) {
      if (done[i]) continue;
      bool finished = false;
      if (!StepBlock(st, *mine[i], worker, &finished)) return;
      if (finished) {
        done[i] = true;
        --left;
      }
    }
  }
}

}  // namespace

absl::Status Executor::Launch(hal::Kernel& kernel, const hal::LaunchConfig& config,
                              const void* params, size_t param_bytes) {
  auto* plan = dynamic_cast<KernelPlan*>(&kernel);
  if (plan == nullptr) return absl::InternalError("kernel was not prepared by the SIMT executor");

  LaunchEnv env;
  env.heap = &heap_;
  env.stack_bytes = config.stack_bytes;
  env.printf_fifo_bytes = config.printf_fifo_bytes;
  env.arena_begin = options_.arena_begin;
  env.arena_end = options_.arena_end;
  if (config.is_mapped != nullptr) env.is_mapped = config.is_mapped;
  env.multiprocessors = options_.multiprocessors;
  env.grid_id = ++grid_id_;
  heap_.SetLimit(config.malloc_heap_bytes);

  LaunchState st;
  st.kernel = plan;
  st.config = config;
  st.params = static_cast<const char*>(params);
  st.param_bytes = param_bytes;
  st.env = &env;
  st.printf.limit = config.printf_fifo_bytes;
  st.threads_per_block = static_cast<uint32_t>(config.block.count());
  st.warps_per_block = (st.threads_per_block + kWarpSize - 1) / kWarpSize;
  // Each lane's local memory: the entry frame, then cudaLimitStackSize for calls.
  st.local_stride = (plan->entry().frame_bytes + std::max<size_t>(config.stack_bytes, 1024) + 15) / 16 * 16;
  std::vector<uint64_t> workspace;
  if (config.cooperative) {
    workspace.assign(8, 0);  // the grid barrier's counter lives at +4 (NVCC_ABI §3.4)
    st.coop_workspace = reinterpret_cast<uint64_t>(workspace.data());
  }

  const uint64_t blocks = config.grid.count();
  std::lock_guard lock(launch_mu_);
  const int participants = static_cast<int>(std::min<uint64_t>(pool_.size(), blocks));
  std::atomic<uint64_t> next{0};
  for (auto& s : scratch_) {
    for (auto& slot : s->slots) slot->constants_ready = false;
    s->Slot(0);
  }
  std::function<void(int)> job = [&](int w) {
    auto& slots = scratch_[w]->slots;
    if (config.cooperative) {
      RunResidentBlocks(st, slots, w, participants);
    } else {
      RunBlocks(st, slots, next, w);
    }
  };
  // Plain launches take blocks from one counter (any worker can finish alone); a cooperative
  // one divides its resident blocks among the participants, all of which must run.
  pool_.Run(participants, job,
            config.cooperative ? WorkerPool::Joining::kEveryone : WorkerPool::Joining::kWhoeverIsReady);
  st.printf.Flush();
  std::lock_guard error_lock(st.error_mu);
  if (!st.error.ok() && LogFaults()) {
    std::fprintf(stderr, "[cudashim simt] kernel %s failed: %s\n", plan->name.c_str(),
                 std::string(st.error.message()).c_str());
  }
  return st.error;
}

}  // namespace cudashim::simt
