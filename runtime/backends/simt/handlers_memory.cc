// ld/ldu/st in every space, vector forms, cvta and isspacep. Handlers are specialised by element
// size, sign extension, space, whether the address is per lane, and (emu) whether accesses are
// checked, so the cpu device's loads are a plain gather.
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/heap.h"
#include "runtime/backends/simt/memory.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::ScalarType;

template <int Size>
struct Word;
template <> struct Word<1> { using U = uint8_t; using S = int8_t; };
template <> struct Word<2> { using U = uint16_t; using S = int16_t; };
template <> struct Word<4> { using U = uint32_t; using S = int32_t; };
template <> struct Word<8> { using U = uint64_t; using S = int64_t; };

template <int Size, bool Signed>
inline uint64_t LoadWord(const char* p) {
  using W = Word<Size>;
  typename W::U v;
  std::memcpy(&v, p, Size);
  if constexpr (Signed) {
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<typename W::S>(v)));
  } else {
    return v;
  }
}

template <int Size>
inline void StoreWord(char* p, uint64_t v) {
  typename Word<Size>::U w = static_cast<typename Word<Size>::U>(v);
  std::memcpy(p, &w, Size);
}

// A vector access of `bytes` (<= 16) as one host access where it is naturally aligned: code that
// publishes a {flag, value} pair with one st.v2 (CUB's decoupled look-back tile status) relies
// on readers never seeing half of it. Aligned 8- and 16-byte SSE moves are single-copy atomic on
// x86-64 processors with AVX (Intel SDM 8.1.1; AMD APM 7.3.2); elsewhere plain copies.
inline void CopyWhole(char* dst, const char* src, int bytes) {
#if defined(__x86_64__)
  typedef long long V16 __attribute__((vector_size(16)));
  const uintptr_t a = reinterpret_cast<uintptr_t>(src) | reinterpret_cast<uintptr_t>(dst);
  if (bytes == 16 && a % 16 == 0) {
    *reinterpret_cast<volatile V16*>(dst) = *reinterpret_cast<const volatile V16*>(src);
    return;
  }
  if (bytes == 8 && a % 8 == 0) {
    *reinterpret_cast<volatile uint64_t*>(dst) = *reinterpret_cast<const volatile uint64_t*>(src);
    return;
  }
#endif
  std::memcpy(dst, src, bytes);
}

template <int Size, bool Signed, Space S, bool PerLane, bool Checked>
Flow Load(Exec& x, const Op& o) {
  const uint64_t* base = PerLane ? x.Reg(o.a) : nullptr;
  const uint64_t uniform = PerLane ? 0 : UniformAddress(x, o);
  if (o.vec == 1) {
    uint64_t* d = x.Reg(o.d);
    if constexpr (Checked) {
      LaneMask m = x.mask;
      while (m != 0) {
        int l = std::countr_zero(m);
        m &= m - 1;
        uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
        const char* p = HostPointer<S>(x, a, l);
        if (!CheckAccess(x, o, S, a, p, Size, Size)) return Flow::kFault;
        d[l] = LoadWord<Size, Signed>(p);
      }
    } else {
      ForLanes(x.mask, [&](int l) {
        uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
        d[l] = LoadWord<Size, Signed>(HostPointer<S>(x, a, l));
      });
    }
    return Flow::kNext;
  }
  // Vectors: the elements are consecutive; read them all before writing (a destination may be
  // the address register).
  LaneMask m = x.mask;
  while (m != 0) {
    int l = std::countr_zero(m);
    m &= m - 1;
    uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
    const char* p = HostPointer<S>(x, a, l);
    if constexpr (Checked) {
      if (!CheckAccess(x, o, S, a, p, Size * o.vec, Size * o.vec)) return Flow::kFault;
    }
    alignas(16) char whole[4 * 8];
    CopyWhole(whole, p, Size * o.vec);
    uint64_t v[4];
    for (int i = 0; i < o.vec; ++i) v[i] = LoadWord<Size, Signed>(whole + i * Size);
    for (int i = 0; i < o.vec; ++i) {
      if (o.v[i] != kNoSlot) x.Reg(o.v[i])[l] = v[i];
    }
  }
  return Flow::kNext;
}

template <int Size, Space S, bool PerLane, bool Checked>
Flow Store(Exec& x, const Op& o) {
  const uint64_t* base = PerLane ? x.Reg(o.a) : nullptr;
  const uint64_t uniform = PerLane ? 0 : UniformAddress(x, o);
  if (o.vec == 1) {
    const uint64_t* src = x.Reg(o.b);
    if constexpr (Checked) {
      LaneMask m = x.mask;
      while (m != 0) {
        int l = std::countr_zero(m);
        m &= m - 1;
        uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
        char* p = HostPointer<S>(x, a, l);
        if (!CheckAccess(x, o, S, a, p, Size, Size)) return Flow::kFault;
        StoreWord<Size>(p, src[l]);
      }
    } else {
      // Lane order matters when lanes store to the same address: the highest lane wins, as
      // programs written for the GPU tend to assume.
      ForLanes(x.mask, [&](int l) {
        uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
        StoreWord<Size>(HostPointer<S>(x, a, l), src[l]);
      });
    }
    return Flow::kNext;
  }
  LaneMask m = x.mask;
  while (m != 0) {
    int l = std::countr_zero(m);
    m &= m - 1;
    uint64_t a = SpaceAddress<PerLane>(x, o, base, uniform, l);
    char* p = HostPointer<S>(x, a, l);
    if constexpr (Checked) {
      if (!CheckAccess(x, o, S, a, p, Size * o.vec, Size * o.vec)) return Flow::kFault;
    }
    alignas(16) char whole[4 * 8];
    for (int i = 0; i < o.vec; ++i) StoreWord<Size>(whole + i * Size, x.Reg(o.v[i])[l]);
    CopyWhole(p, whole, Size * o.vec);
  }
  return Flow::kNext;
}

template <int Size, bool Signed, Space S, bool Checked>
Handler PickLoad(bool per_lane) {
  return per_lane ? &Load<Size, Signed, S, true, Checked> : &Load<Size, Signed, S, false, Checked>;
}
// .local accesses are checked even where others are not (the cpu device's interpreter): the
// frames are host memory next to each other, and an access past one would write another
// thread's frame or whatever follows them; the compiled path checks them too (cs_local_ok).
template <int Size, bool Signed, bool Checked>
Handler PickLoad(Space s, bool per_lane) {
  switch (s) {
    case Space::kHost: return PickLoad<Size, Signed, Space::kHost, Checked>(per_lane);
    case Space::kShared: return PickLoad<Size, Signed, Space::kShared, Checked>(per_lane);
    case Space::kLocal: return PickLoad<Size, Signed, Space::kLocal, true>(per_lane);
  }
  return nullptr;
}
template <int Size, bool Checked>
Handler PickStore(Space s, bool per_lane) {
  switch (s) {
    case Space::kHost:
      return per_lane ? &Store<Size, Space::kHost, true, Checked> : &Store<Size, Space::kHost, false, Checked>;
    case Space::kShared:
      return per_lane ? &Store<Size, Space::kShared, true, Checked> : &Store<Size, Space::kShared, false, Checked>;
    case Space::kLocal:  // checked always, as loads
      return per_lane ? &Store<Size, Space::kLocal, true, true> : &Store<Size, Space::kLocal, false, true>;
  }
  return nullptr;
}

template <bool Checked>
Handler SelectLoadStore(const Op& op, const ptx::Instruction& inst) {
  const ScalarType t = inst.mod.type;
  const uint32_t size = ptx::SizeOf(t);
  const bool sign = IsSigned(t);
  const bool per_lane = op.addr_mode == AddrMode::kReg;
  if (inst.op == Opcode::kSt) {
    switch (size) {
      case 1: return PickStore<1, Checked>(op.space, per_lane);
      case 2: return PickStore<2, Checked>(op.space, per_lane);
      case 4: return PickStore<4, Checked>(op.space, per_lane);
      case 8: return PickStore<8, Checked>(op.space, per_lane);
      default: return nullptr;
    }
  }
  switch (size) {
    case 1: return sign ? PickLoad<1, true, Checked>(op.space, per_lane) : PickLoad<1, false, Checked>(op.space, per_lane);
    case 2: return sign ? PickLoad<2, true, Checked>(op.space, per_lane) : PickLoad<2, false, Checked>(op.space, per_lane);
    case 4: return sign ? PickLoad<4, true, Checked>(op.space, per_lane) : PickLoad<4, false, Checked>(op.space, per_lane);
    case 8: return PickLoad<8, false, Checked>(op.space, per_lane);
    default: return nullptr;
  }
}

// cvta: generic <-> shared/local windows. Global, const and param addresses are already host
// addresses, so their cvta is a move.
Flow CvtaIdentity(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t m = o.mod.type == ScalarType::kU32 ? 0xFFFFFFFFull : ~0ull;
  ForLanes(x.mask, [&](int l) { d[l] = a[l] & m; });
  return Flow::kNext;
}
Flow CvtaShared(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t base = reinterpret_cast<uint64_t>(x.block->shared);
  ForLanes(x.mask, [&](int l) { d[l] = base + static_cast<uint32_t>(a[l]); });
  return Flow::kNext;
}
Flow CvtaToShared(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t base = reinterpret_cast<uint64_t>(x.block->shared);
  const uint64_t m = o.mod.type == ScalarType::kU32 ? 0xFFFFFFFFull : ~0ull;
  ForLanes(x.mask, [&](int l) { d[l] = (a[l] - base) & m; });
  return Flow::kNext;
}
Flow CvtaLocal(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  ForLanes(x.mask, [&](int l) { d[l] = reinterpret_cast<uint64_t>(x.LaneLocal(l)) + a[l]; });
  return Flow::kNext;
}
Flow CvtaToLocal(Exec& x, const Op& o) {
  uint64_t* d = x.Reg(o.d);
  const uint64_t* a = x.Reg(o.a);
  const uint64_t m = o.mod.type == ScalarType::kU32 ? 0xFFFFFFFFull : ~0ull;
  ForLanes(x.mask, [&](int l) { d[l] = (a[l] - reinterpret_cast<uint64_t>(x.LaneLocal(l))) & m; });
  return Flow::kNext;
}

bool InShared(const Exec& x, uint64_t a) {
  uint64_t base = reinterpret_cast<uint64_t>(x.block->shared);
  return a >= base && a < base + x.block->shared_bytes;
}
bool InLocal(const Exec& x, uint64_t a, int l) {
  uint64_t base = reinterpret_cast<uint64_t>(x.LaneLocal(l));
  return a >= base && a < base + x.launch->local_stride;
}

Flow Isspacep(Exec& x, const Op& o) {
  const uint64_t* a = x.Reg(o.a);
  LaneMask r = 0;
  const ptx::StateSpace s = o.mod.space;
  ForLanes(x.mask, [&](int l) {
    bool v;
    switch (s) {
      case ptx::StateSpace::kShared: v = InShared(x, a[l]); break;
      case ptx::StateSpace::kLocal: v = InLocal(x, a[l], l); break;
      case ptx::StateSpace::kParam: {
        uint64_t p = reinterpret_cast<uint64_t>(x.launch->params);
        v = a[l] >= p && a[l] < p + x.launch->param_bytes;
        break;
      }
      default: v = !InShared(x, a[l]) && !InLocal(x, a[l], l); break;
    }
    r |= LaneMask(v) << l;
  });
  x.SetPred(o.d, r, x.mask);
  return Flow::kNext;
}

}  // namespace

bool CheckAccess(Exec& x, const Op& o, Space space, uint64_t address, const char* host,
                 uint32_t bytes, uint32_t align) {
  const uintptr_t p = reinterpret_cast<uintptr_t>(host);
  if (align > 1 && (p % align) != 0) {
    x.launch->Fail(CudaError(cudaErrorMisalignedAddress,
                             ptx::Cat("misaligned address 0x", absl::Hex(p), " for a ", bytes,
                                      "-byte access by ", Describe(x, o))));
    return false;
  }
  bool ok = false;
  switch (space) {
    case Space::kShared: ok = address + bytes <= x.block->shared_bytes; break;
    case Space::kLocal: ok = address + bytes <= x.launch->local_stride; break;
    case Space::kHost: {
      const LaunchEnv& env = *x.launch->env;
      uintptr_t shared = reinterpret_cast<uintptr_t>(x.block->shared);
      uintptr_t params = reinterpret_cast<uintptr_t>(x.launch->params);
      uintptr_t local = reinterpret_cast<uintptr_t>(x.block->local_begin);
      if (p >= env.arena_begin && p + bytes <= env.arena_end) {
        ok = true;
      } else if (p >= shared && p + bytes <= shared + x.block->shared_bytes) {
        ok = true;
      } else if (p >= local && p + bytes <= reinterpret_cast<uintptr_t>(x.block->local_end)) {
        ok = true;
      } else if (p >= params && p + bytes <= params + x.launch->param_bytes) {
        ok = true;
      } else if (x.launch->coop_workspace != 0 && p >= x.launch->coop_workspace &&
                 p + bytes <= x.launch->coop_workspace + 64) {
        ok = true;
      } else if (env.heap != nullptr && env.heap->Contains(p, bytes)) {
        ok = true;
      } else if (env.is_mapped) {
        ok = env.is_mapped(p, bytes);
      }
      break;
    }
  }
  if (!ok) {
    x.launch->Fail(CudaError(
        cudaErrorIllegalAddress,
        ptx::Cat("illegal address: ", bytes, "-byte access at ",
                 space == Space::kShared ? "shared offset 0x" : space == Space::kLocal ? "local offset 0x" : "0x",
                 absl::Hex(space == Space::kHost ? p : address), " by ", Describe(x, o),
                 ", block (", x.block->ctaid[0], ",", x.block->ctaid[1], ",", x.block->ctaid[2], ")")));
  }
  return ok;
}

Handler SelectMemoryHandler(const Op& op, const ptx::Instruction& inst, const SelectContext& ctx) {
  switch (inst.op) {
    case Opcode::kLd:
    case Opcode::kLdu:
    case Opcode::kSt:
      return ctx.checked ? SelectLoadStore<true>(op, inst) : SelectLoadStore<false>(op, inst);
    case Opcode::kCvta:
      switch (inst.mod.space) {
        case ptx::StateSpace::kShared: return inst.mod.to ? CvtaToShared : CvtaShared;
        case ptx::StateSpace::kLocal: return inst.mod.to ? CvtaToLocal : CvtaLocal;
        default: return CvtaIdentity;
      }
    case Opcode::kIsspacep:
      return Isspacep;
    default:
      return nullptr;
  }
}

}  // namespace cudashim::simt
