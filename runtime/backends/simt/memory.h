// Addresses of memory operands, and the emu device's access checks.
//
// Global, const, generic and the kernel parameter buffer are host addresses (device memory is in
// the process). Shared addresses are offsets in the block's shared buffer and local addresses
// offsets in the lane's local memory; their generic forms (cvta) are the real host addresses of
// those buffers, so a generic access needs no window lookup.
#pragma once

#include "runtime/backends/simt/state.h"

namespace cudashim::simt {

// The uniform part of an address (every mode but kReg).
inline uint64_t UniformAddress(const Exec& x, const Op& o) {
  switch (o.addr_mode) {
    case AddrMode::kFrame: return x.frame_local + static_cast<uint64_t>(o.imm);
    case AddrMode::kParamBuffer: return reinterpret_cast<uint64_t>(x.launch->params + o.imm);
    default: return static_cast<uint64_t>(o.imm);
  }
}

// The space address of lane l.
template <bool PerLane>
inline uint64_t SpaceAddress(const Exec& x, const Op& o, const uint64_t* base, uint64_t uniform,
                             int l) {
  if constexpr (PerLane) {
    return base[l] + static_cast<uint64_t>(o.imm);
  } else {
    return uniform;
  }
}

template <Space S>
inline char* HostPointer(const Exec& x, uint64_t address, int l) {
  if constexpr (S == Space::kShared) {
    return x.block->shared + static_cast<uint32_t>(address);
  } else if constexpr (S == Space::kLocal) {
    return x.LaneLocal(l) + address;
  } else {
    return reinterpret_cast<char*>(address);
  }
}

// emu: whether `bytes` at `address` (in space S) may be accessed; on failure the launch fails
// with cudaErrorIllegalAddress or cudaErrorMisalignedAddress and the result is false.
bool CheckAccess(Exec& x, const Op& o, Space space, uint64_t address, const char* host,
                 uint32_t bytes, uint32_t align);

}  // namespace cudashim::simt
