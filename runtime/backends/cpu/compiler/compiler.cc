#include "runtime/backends/cpu/compiler/compiler.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/backends/cpu/compiler/abi.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "runtime/backends/cpu/compiler/lane_calls.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::jit {
namespace {

constexpr uint32_t kFreshPc = 0xFFFFFFFEu;

struct CompiledKernel final : hal::Kernel {
  std::string name;
  std::shared_ptr<const ptx::Module> module;  // keeps the call sites' instructions alive
  std::shared_ptr<Library> library;
  CsKernelFn fn = nullptr;
  size_t state_bytes = 0;
  bool has_barriers = false;
  bool block_wide = false;  // fn runs a whole block per call (GeneratedKernel::block_wide)
  bool transposed = false;  // threads y-fastest into warps (GeneratedKernel::transposed)
  uint32_t static_shared_bytes = 0;
  uint32_t local_stride = 0;
  std::vector<uint64_t> symbols;
  std::vector<const void*> call_sites;
};

const absl::StatusOr<Toolchain>& SharedToolchain() {
  static const absl::StatusOr<Toolchain> tc = DetectToolchain();
  return tc;
}

// The longest run length R (a power of two) such that in every run of R lanes %tid.x counts up
// by one and %tid.y, %tid.z stay the same (CsWarp::run).
uint32_t LaneRun(const CsWarp& w) {
  for (uint32_t r = kCsLanes; r > 1; r /= 2) {
    bool ok = true;
    for (uint32_t l = 0; l < kCsLanes && ok; ++l) {
      const uint32_t j = l - l % r;  // the run's first lane
      ok = w.tid[0][l] == w.tid[0][j] + (l - j) && w.tid[1][l] == w.tid[1][j] && w.tid[2][l] == w.tid[2][j];
    }
    if (ok) return r;
  }
  return 1;
}

}  // namespace

bool CompileEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_COMPILE");
    return v == nullptr || std::strcmp(v, "0") != 0;
  }();
  return on;
}

// CUDASHIM_LANE_ORDER=x: every kernel's threads fill warps x-fastest, as on a GPU (for
// comparisons and bisecting; GeneratedKernel::transposed).
bool LaneOrderEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_LANE_ORDER");
    return v == nullptr || std::strcmp(v, "x") != 0;
  }();
  return on;
}

// CUDASHIM_WARP_TRACE=0: no kernel runs its likely path warp by warp first (for comparisons and
// bisecting; CodegenOptions::warp_trace).
bool WarpTraceEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_WARP_TRACE");
    return v == nullptr || std::strcmp(v, "0") != 0;
  }();
  return on;
}

// CUDASHIM_BLOCK_WIDE=0: every kernel runs warp by warp (for comparisons and bisecting).
bool BlockWideEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_BLOCK_WIDE");
    return v == nullptr || std::strcmp(v, "0") != 0;
  }();
  return on;
}

bool LogEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("CUDASHIM_LOG");
    return v != nullptr && *v != '\0' && std::strcmp(v, "off") != 0 && std::strcmp(v, "error") != 0;
  }();
  return on;
}

struct Compiler::Scratch {
  std::vector<char> shared;
  std::vector<char> local;  // .local frames: warp i, lane l at (i * 32 + l) * stride
  std::vector<CsWarp> warps;
  std::vector<uint8_t> done;  // per warp: finished (barrier kernels)
  uint32_t red[4] = {};       // CsCtx::red
  char* regs = nullptr;
  size_t regs_bytes = 0;
  ~Scratch() { std::free(regs); }
  char* Regs(size_t bytes) {
    if (regs_bytes < bytes) {
      std::free(regs);
      regs = static_cast<char*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64));
      regs_bytes = bytes;
    }
    return regs;
  }
};

Compiler::Compiler(int workers, int multiprocessors)
    : multiprocessors_(multiprocessors), pool_(workers) {
  for (int i = 0; i < pool_.size(); ++i) scratch_.push_back(std::make_unique<Scratch>());
}

Compiler::~Compiler() = default;

bool Compiler::Owns(const hal::Kernel& kernel) {
  return dynamic_cast<const CompiledKernel*>(&kernel) != nullptr;
}

absl::StatusOr<std::unique_ptr<hal::Kernel>> Compiler::Prepare(const hal::KernelImage& image) {
  const absl::StatusOr<Toolchain>& tc = SharedToolchain();
  if (!tc.ok()) {
    static std::once_flag logged;
    std::call_once(logged, [&] {
      if (LogEnabled()) {
        std::fprintf(stderr, "[cudashim cpu] compilation off, kernels are interpreted: %s\n",
                     std::string(tc.status().message()).c_str());
      }
    });
    return tc.status();
  }
  const ptx::Function& f = *image.function;
  auto fail = [&](const absl::Status& s) {
    if (LogEnabled()) {
      std::fprintf(stderr, "[cudashim cpu] kernel %s is interpreted: %s\n", f.name.c_str(),
                   std::string(s.message()).c_str());
    }
    return s;
  };
  const auto t0 = std::chrono::steady_clock::now();
  CodegenOptions options;
  options.block_wide = BlockWideEnabled();
  options.lane_order = LaneOrderEnabled();
  options.warp_trace = WarpTraceEnabled();
  absl::StatusOr<GeneratedKernel> gen = GenerateKernel(*image.module, f, options);
  if (!gen.ok()) return fail(gen.status());
  // Large kernels (CUB's sorts and scans) without the extra segment versions, which would
  // multiply g++'s time on them; the plain shape keeps such kernels at their earlier cost. The
  // limits apply to the kernel's own code: they were set with ~13 KiB of shared prelude, which
  // has grown since (more inline helpers) without making any kernel slower to compile.
  constexpr size_t kLeanAboveBytes = 147 << 10;
  if (gen->source.size() - gen->prelude_bytes > kLeanAboveBytes) {
    options.lean = true;
    gen = GenerateKernel(*image.module, f, options);
    if (!gen.ok()) return fail(gen.status());
  }
  // g++ -O3 time grows faster than linearly with function size: CUB's largest radix-sort kernel
  // (4.7 MB of generated C++) takes ~10 minutes, a 1.5 MB one over a minute, while kernels under
  // 0.4 MB take seconds. Very large kernels are interpreted rather than stall the first launch.
  constexpr size_t kMaxSourceBytes = (1 << 20) - (13 << 10);
  if (gen->source.size() - gen->prelude_bytes > kMaxSourceBytes) {
    return fail(absl::UnimplementedError(absl::StrCat("generated code too large to compile quickly (",
                                                      (gen->source.size() - gen->prelude_bytes) >> 10,
                                                      " KiB of C++, limit ", kMaxSourceBytes >> 10, " KiB)")));
  }
  auto k = std::make_unique<CompiledKernel>();
  k->name = f.name;
  k->module = image.module;
  k->has_barriers = gen->has_barriers;
  k->block_wide = gen->block_wide;
  k->transposed = gen->transposed;
  k->static_shared_bytes = gen->static_shared_bytes;
  k->local_stride = gen->local_stride;
  for (const std::string& name : gen->symbols) {
    auto it = image.symbols != nullptr ? image.symbols->find(name) : decltype(image.symbols->end()){};
    if (image.symbols == nullptr || it == image.symbols->end()) {
      return fail(absl::UnimplementedError(absl::StrCat("variable '", name, "' has no storage")));
    }
    k->symbols.push_back(reinterpret_cast<uint64_t>(it->second));
  }
  for (const ptx::Instruction* in : gen->call_sites) k->call_sites.push_back(in);
  absl::StatusOr<std::shared_ptr<Library>> lib =
      LoadOrBuild(gen->source, *tc, DefaultCacheDir(), {gen->symbol, gen->state_symbol});
  if (!lib.ok()) return fail(lib.status());
  k->library = *lib;
  k->fn = reinterpret_cast<CsKernelFn>((*lib)->Find(gen->symbol.c_str()));
  k->state_bytes = *static_cast<const unsigned long*>((*lib)->Find(gen->state_symbol.c_str()));
  if (LogEnabled()) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const std::string shape = absl::StrCat(
        gen->block_wide ? "block-wide" : absl::StrCat("per warp: ", gen->block_wide_blocker.empty()
                                                                        ? std::string("block-wide off")
                                                                        : gen->block_wide_blocker),
        gen->transposed ? ", lanes y-fastest" : "");
    std::fprintf(stderr, "[cudashim cpu] kernel %s compiled (%s, %s, %.1f ms): %s\n", f.name.c_str(),
                 shape.c_str(), (*lib)->built() ? "built" : "cached", ms, (*lib)->path().c_str());
  }
  return std::unique_ptr<hal::Kernel>(std::move(k));
}

absl::Status Compiler::Launch(hal::Kernel& kernel, const hal::LaunchConfig& config,
                              const void* params, size_t param_bytes) {
  (void)param_bytes;
  auto& k = static_cast<CompiledKernel&>(kernel);
  CsCtx base{};
  base.params = static_cast<const char*>(params);
  base.syms = k.symbols.data();
  base.insts = k.call_sites.data();
  base.lane_op = &LaneOp;
  // The code's thread dimensions: x and y swapped for transposed lanes (its component 0, along
  // which lanes run, is then the kernel's y), so the warps below fill y-fastest.
  const uint32_t bx = k.transposed ? config.block.y : config.block.x;
  const uint32_t by = k.transposed ? config.block.x : config.block.y;
  base.ntid[0] = bx, base.ntid[1] = by, base.ntid[2] = config.block.z;
  base.nctaid[0] = config.grid.x, base.nctaid[1] = config.grid.y, base.nctaid[2] = config.grid.z;
  const uint32_t threads = static_cast<uint32_t>(config.block.count());
  const uint32_t nwarps = (threads + kCsLanes - 1) / kCsLanes;
  base.nwarps = nwarps;
  base.dynamic_smem = config.dynamic_shared_bytes;
  base.total_smem = k.static_shared_bytes + config.dynamic_shared_bytes;
  base.nsm = static_cast<uint32_t>(multiprocessors_);
  const uint64_t blocks = config.grid.count();

  std::lock_guard lock(launch_mu_);
  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  // Why a launch failed: the first reason recorded wins.
  enum : int { kNoFault, kDivergence, kLocalFault, kBarrierFault };
  std::atomic<int> fault{kNoFault};
  auto fail = [&](int why) {
    int none = kNoFault;
    fault.compare_exchange_strong(none, why);
    failed = true;
  };
  const int participants = static_cast<int>(std::min<uint64_t>(pool_.size(), blocks));
  // Blocks per claim: small enough that the workers finish together (about 1/32 of each one's
  // share), large enough that the shared counter is not touched per block.
  const uint64_t chunk = std::clamp<uint64_t>(blocks / (uint64_t{32} * participants), 1, 64);
  auto body = [&](int worker) {
    Scratch& sc = *scratch_[worker];
    CsCtx c = base;
    c.worker = static_cast<uint32_t>(worker);
    if (sc.shared.size() < base.total_smem + 16) sc.shared.resize(base.total_smem + 16);
    c.shared = sc.shared.data();
    c.red = sc.red;
    sc.warps.resize(nwarps);
    const size_t warp_local = size_t{kCsLanes} * k.local_stride;
    if (sc.local.size() < warp_local * nwarps) sc.local.resize(warp_local * nwarps);
    for (uint32_t i = 0; i < nwarps; ++i) {
      CsWarp& w = sc.warps[i];
      w.index = i;
      w.local = sc.local.data() + warp_local * i;
      w.fault = 0;
      const uint32_t first = i * kCsLanes;
      const uint32_t count = std::min<uint32_t>(kCsLanes, threads - first);
      w.exists = count == kCsLanes ? 0xFFFFFFFFu : ((1u << count) - 1);
      for (uint32_t l = 0; l < kCsLanes; ++l) {
        const uint32_t t = first + l;
        w.tid[0][l] = t % bx;
        w.tid[1][l] = t / bx % by;
        w.tid[2][l] = t / (bx * by);
      }
      w.run = LaneRun(w);
    }
    char* regs = k.has_barriers || k.block_wide ? sc.Regs(k.state_bytes * nwarps) : nullptr;
    std::vector<uint8_t>& done = sc.done;
    if (done.size() < nwarps) done.resize(nwarps);
    // A .local access outside its frame sets CsWarp::fault (sticky for the launch; the access
    // itself went to the frame's start): block-wide kernels are checked once per chunk, not
    // after every block (8 loads from 8 cache lines: ~40% of the driver's time per empty block).
    auto local_fault = [&] {
      bool any = false;
      for (const CsWarp& w : sc.warps) any |= w.fault != 0;
      return any;
    };
    uint64_t id = 0, chunk_end = 0;
    for (;;) {
      if (id == chunk_end) {
        if (k.block_wide && local_fault()) {
          fail(kLocalFault);
          return;
        }
        // A chunk of consecutive blocks per claim: one contended atomic per chunk, not per block.
        if (failed.load(std::memory_order_relaxed)) return;
        id = next.fetch_add(chunk, std::memory_order_relaxed);
        if (id >= blocks) return;
        chunk_end = std::min(blocks, id + chunk);
        c.ctaid[0] = static_cast<uint32_t>(id % config.grid.x);
        c.ctaid[1] = static_cast<uint32_t>(id / config.grid.x % config.grid.y);
        c.ctaid[2] = static_cast<uint32_t>(id / (uint64_t{config.grid.x} * config.grid.y));
      } else if (++c.ctaid[0] == config.grid.x) {  // the next block of the chunk, x fastest
        c.ctaid[0] = 0;
        if (++c.ctaid[1] == config.grid.y) {
          c.ctaid[1] = 0;
          ++c.ctaid[2];
        }
      }
      ++id;
      if (k.block_wide) {  // one call runs the block; 2: stack overflow, 3: divergent barrier
        // (the function clears CsWarp::exited itself, and never parks: pc is unused)
        const int r = k.fn(&c, sc.warps.data(), regs);
        if (r != kCsDone) {
          fail(local_fault() ? kLocalFault : r == 3 ? kBarrierFault : kDivergence);
          return;
        }
        continue;
      }
      for (CsWarp& w : sc.warps) {
        w.exited = 0;
        w.pc = kFreshPc;
      }
      if (!k.has_barriers) {
        for (CsWarp& w : sc.warps) {
          const int r = k.fn(&c, &w, nullptr);
          if (r > kCsParked || w.fault) fail(w.fault ? kLocalFault : kDivergence);
        }
        continue;
      }
      // Barriers: run each warp until it parks or finishes; when every live warp has parked,
      // the barrier is complete and the next round resumes them.
      std::fill(done.begin(), done.begin() + nwarps, 0);
      std::fill(std::begin(sc.red), std::end(sc.red), 0u);
      uint32_t live = nwarps;
      bool first_pass = true;
      while (live > 0) {
        if (!first_pass) {  // every live warp has parked: the barrier is complete
          sc.red[2] = sc.red[0], sc.red[3] = sc.red[1];
          sc.red[0] = sc.red[1] = 0;
        }
        first_pass = false;
        for (uint32_t i = 0; i < nwarps; ++i) {
          if (done[i]) continue;
          const int r = k.fn(&c, &sc.warps[i], regs + i * k.state_bytes);
          if (sc.warps[i].fault || (r != kCsDone && r != kCsParked)) {
            fail(sc.warps[i].fault ? kLocalFault : kDivergence);
            return;
          }
          if (r == kCsDone) {
            done[i] = 1;
            --live;
          }
        }
      }
    }
  };
  // One captured reference: std::function keeps it inline, so a launch allocates nothing here.
  const std::function<void(int)> job = [&body](int worker) { body(worker); };
  // Blocks come from one counter: a worker that is not there yet need not be waited for.
  pool_.Run(participants, job, simt::WorkerPool::Joining::kWhoeverIsReady);
  if (failed && fault == kLocalFault) {
    return CudaError(cudaErrorIllegalAddress,
                     absl::StrCat("illegal address: kernel ", k.name, " accessed .local memory outside a thread's ",
                                  k.local_stride, "-byte frame"));
  }
  if (failed && fault == kBarrierFault) {  // BlockWideBlocker rules this out; a safety net
    return CudaError(cudaErrorLaunchFailure,
                     absl::StrCat("kernel ", k.name, ": a barrier reached by part of the block in block-wide code"));
  }
  if (failed) {
    return CudaError(cudaErrorLaunchFailure,
                     absl::StrCat("kernel ", k.name, ": divergence nested too deeply for compiled code"));
  }
  return absl::OkStatus();
}

}  // namespace cudashim::jit
