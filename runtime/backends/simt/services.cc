// Device services (NVCC_ABI §6): the bodiless extern functions nvcc calls — vprintf, malloc,
// free, __assertfail. They run as builtins at the call op: arguments come from the caller's
// call-site .param scratch, results go back to its return slots, per lane in lane order.
#include <cstdio>

#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/heap.h"
#include "runtime/backends/simt/printf.h"
#include "runtime/backends/simt/state.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {
namespace {

const CallSite& Site(const Exec& x, const Op& o) { return x.warp->frames.back().fn->calls[o.aux]; }

uint64_t Arg(const Exec& x, const CallSite& site, size_t i, int lane) {
  if (i >= site.args.size()) return 0;
  const CallSite::Value& v = site.args[i];
  if (v.mode == AddrMode::kReg) return x.Reg(v.slot)[lane];
  uint64_t value = 0;
  std::memcpy(&value, x.LaneLocal(lane) + x.frame_local + v.offset, std::min<uint32_t>(v.size, 8));
  return value;
}

void SetReturn(const Exec& x, const CallSite& site, int lane, uint64_t value) {
  if (site.returns.empty()) return;
  const CallSite::Value& v = site.returns[0];
  if (v.mode == AddrMode::kReg) {
    x.Reg(v.slot)[lane] = value;
  } else {
    std::memcpy(x.LaneLocal(lane) + x.frame_local + v.offset, &value, std::min<uint32_t>(v.size, 8));
  }
}

Flow Vprintf(Exec& x, const Op& o) {
  const CallSite& site = Site(x, o);
  ForLanes(x.mask, [&](int l) {
    const char* format = reinterpret_cast<const char*>(Arg(x, site, 0, l));
    const char* args = reinterpret_cast<const char*>(Arg(x, site, 1, l));
    FormatResult r = FormatDevicePrintf(format, args);
    x.launch->printf.Append(x.block->linear_id, x.block->printf_seq++, std::move(r.text));
    SetReturn(x, site, l, static_cast<uint32_t>(r.args));
  });
  return Flow::kNext;
}

Flow Malloc(Exec& x, const Op& o) {
  const CallSite& site = Site(x, o);
  DeviceHeap* heap = x.launch->env->heap;
  ForLanes(x.mask, [&](int l) {
    void* p = heap != nullptr ? heap->Malloc(Arg(x, site, 0, l)) : nullptr;
    SetReturn(x, site, l, reinterpret_cast<uint64_t>(p));
  });
  return Flow::kNext;
}

Flow Free(Exec& x, const Op& o) {
  const CallSite& site = Site(x, o);
  DeviceHeap* heap = x.launch->env->heap;
  ForLanes(x.mask, [&](int l) {
    if (heap != nullptr) heap->Free(reinterpret_cast<void*>(Arg(x, site, 0, l)));
  });
  return Flow::kNext;
}

// The GPU's message, one line per failing thread, then the grid stops with cudaErrorAssert.
Flow AssertFail(Exec& x, const Op& o) {
  const CallSite& site = Site(x, o);
  std::string first;
  ForLanes(x.mask, [&](int l) {
    auto str = [&](size_t i) {
      const char* s = reinterpret_cast<const char*>(Arg(x, site, i, l));
      return s != nullptr ? s : "?";
    };
    const uint32_t t = x.warp->index * kWarpSize + l;
    (void)t;
    std::string line = ptx::Cat(str(1), ":", static_cast<uint32_t>(Arg(x, site, 2, l)), ": ", str(3),
                                ": block: [", x.block->ctaid[0], ",", x.block->ctaid[1], ",",
                                x.block->ctaid[2], "], thread: [", x.warp->tid[0][l], ",",
                                x.warp->tid[1][l], ",", x.warp->tid[2][l], "] Assertion `", str(0),
                                "` failed.\n");
    std::fputs(line.c_str(), stderr);
    if (first.empty()) first = line.substr(0, line.size() - 1);
  });
  std::fflush(stderr);
  return x.Fault(CudaError(cudaErrorAssert, ptx::Cat("device-side assertion failed: ", first)));
}

}  // namespace

Handler BuiltinFor(std::string_view name) {
  if (name == "vprintf") return Vprintf;
  if (name == "malloc") return Malloc;
  if (name == "free") return Free;
  if (name == "__assertfail") return AssertFail;
  return nullptr;
}

}  // namespace cudashim::simt
