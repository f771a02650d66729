// tex, suld.b and sust.b on texture and surface objects. The handle in each lane is the address
// of a hal::TextureDescriptor (hal/texture.h); it is validated through the launch's
// is_texture_object hook before it is read, so a bad handle faults the launch instead of crashing.
// The sampling itself is texture_sampling.cc.
#include <bit>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/backends/simt/handlers.h"
#include "runtime/backends/simt/state.h"
#include "runtime/backends/simt/texture_sampling.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::TexGeom;

int DimsOf(TexGeom g) {
  switch (g) {
    case TexGeom::k1d:
    case TexGeom::kA1d: return 1;
    case TexGeom::k2d:
    case TexGeom::kA2d: return 2;
    default: return 3;
  }
}
bool Layered(TexGeom g) { return g == TexGeom::kA1d || g == TexGeom::kA2d; }

// Resolves the handles of a warp one distinct value at a time (they are nearly always uniform).
class Handles {
 public:
  Handles(Exec& x, const Op& op, bool surface) : x_(x), op_(op), surface_(surface) {}

  const hal::TextureDescriptor* Get(uint64_t handle) {
    if (handle == last_ && desc_ != nullptr) return desc_;
    auto* check = x_.launch->config.is_texture_object;
    const auto* d = reinterpret_cast<const hal::TextureDescriptor*>(handle);
    bool ok = handle != 0 && handle % alignof(hal::TextureDescriptor) == 0 &&
              (check != nullptr ? check(handle, surface_) : true);
    ok = ok && (surface_ ? d->is_surface() : d->is_texture());
    if (!ok) {
      x_.launch->Fail(CudaError(
          cudaErrorIllegalAddress,
          absl::StrCat(Describe(x_, op_), ": 0x", absl::Hex(handle), " is not a live ",
                       surface_ ? "surface" : "texture", " object, block (", x_.block->ctaid[0], ",",
                       x_.block->ctaid[1], ",", x_.block->ctaid[2], ")")));
      return nullptr;
    }
    last_ = handle;
    desc_ = d;
    return d;
  }

 private:
  Exec& x_;
  const Op& op_;
  bool surface_;
  uint64_t last_ = 0;
  const hal::TextureDescriptor* desc_ = nullptr;
};

uint64_t Lane(const Exec& x, uint32_t slot, int l) {
  return slot == kNoSlot ? 0 : x.Reg(slot)[l];
}

Flow Tex(Exec& x, const Op& op) {
  Handles handles(x, op, false);
  const TexGeom geom = op.mod.geom;
  const bool layered = Layered(geom);
  const bool integer = op.mod.type2 == ptx::ScalarType::kS32;
  const int dims = DimsOf(geom);
  const uint32_t* coord_slots[3] = {&op.b, &op.c, &op.e};
  bool failed = false;
  ForLanes(x.mask, [&](int l) {
    if (failed) return;
    const hal::TextureDescriptor* t = handles.Get(x.Reg(op.a)[l]);
    if (t == nullptr) {
      failed = true;
      return;
    }
    TexCoords c;
    c.integer = integer;
    int first = 0;
    if (layered) {
      c.layer = static_cast<uint32_t>(Lane(x, op.b, l));
      first = 1;
    }
    for (int d = 0; d < dims; ++d) {
      uint64_t bits = Lane(x, *coord_slots[first + d], l);
      c.i[d] = static_cast<int32_t>(bits);
      c.f[d] = std::bit_cast<float>(static_cast<uint32_t>(bits));
    }
    uint32_t out[4];
    SampleTexture(*t, dims, c, out);
    for (int k = 0; k < op.vec; ++k) {
      if (op.v[k] != kNoSlot) x.Reg(op.v[k])[l] = out[k];
    }
  });
  return failed ? Flow::kFault : Flow::kNext;
}

uint32_t ElementBytes(ptx::ScalarType t) {
  switch (t) {
    case ptx::ScalarType::kB8: return 1;
    case ptx::ScalarType::kB16: return 2;
    case ptx::ScalarType::kB32: return 4;
    case ptx::ScalarType::kB64: return 8;
    default: return 0;
  }
}

template <bool Store>
Flow Surface(Exec& x, const Op& op) {
  Handles handles(x, op, true);
  const TexGeom geom = op.mod.geom;
  const bool layered = Layered(geom);
  const int dims = DimsOf(geom);
  const uint32_t element = ElementBytes(op.mod.type);
  const uint32_t bytes = element * op.vec;
  const uint32_t* coord_slots[3] = {&op.b, &op.c, &op.e};
  bool failed = false;
  ForLanes(x.mask, [&](int l) {
    if (failed) return;
    const hal::TextureDescriptor* s = handles.Get(x.Reg(op.a)[l]);
    if (s == nullptr) {
      failed = true;
      return;
    }
    int first = layered ? 1 : 0;
    uint32_t layer = layered ? static_cast<uint32_t>(Lane(x, op.b, l)) : 0;
    int32_t pos[3] = {0, 0, 0};
    for (int d = 0; d < dims; ++d) pos[d] = static_cast<int32_t>(Lane(x, *coord_slots[first + d], l));
    bool trap = false;
    uint8_t* p = SurfaceAddress(*s, dims, pos[0], pos[1], pos[2], layer, bytes, op.mod.surf_clamp, &trap);
    if (trap) {
      x.launch->Fail(CudaError(
          cudaErrorIllegalAddress,
          absl::StrCat(Describe(x, op), ": ", bytes, "-byte surface access at (byte ", pos[0], ", ",
                       pos[1], ", ", layered ? layer : static_cast<uint32_t>(pos[2]),
                       ") is outside the surface (", s->width * s->format.bytes(), " bytes x ",
                       s->height, " x ", s->layered ? s->layers : s->depth, "), block (",
                       x.block->ctaid[0], ",", x.block->ctaid[1], ",", x.block->ctaid[2], ")")));
      failed = true;
      return;
    }
    for (int k = 0; k < op.vec; ++k) {
      if constexpr (Store) {
        if (p == nullptr) return;  // .zero: dropped
        uint64_t v = x.Reg(op.v[k])[l];
        std::memcpy(p + k * element, &v, element);
      } else {
        uint64_t v = 0;
        if (p != nullptr) std::memcpy(&v, p + k * element, element);
        if (op.v[k] != kNoSlot) x.Reg(op.v[k])[l] = v;
      }
    }
  });
  return failed ? Flow::kFault : Flow::kNext;
}

}  // namespace

Handler SelectTextureHandler(const Op& op, const ptx::Instruction& inst, const SelectContext&) {
  switch (inst.mod.geom) {
    case TexGeom::k1d:
    case TexGeom::k2d:
    case TexGeom::k3d:
    case TexGeom::kA1d:
    case TexGeom::kA2d: break;
    default: return nullptr;  // cube maps, multisample
  }
  if (inst.op == Opcode::kTex) {
    bool result_ok = inst.mod.type == ptx::ScalarType::kF32 || inst.mod.type == ptx::ScalarType::kS32 ||
                     inst.mod.type == ptx::ScalarType::kU32;
    bool coord_ok = inst.mod.type2 == ptx::ScalarType::kF32 || inst.mod.type2 == ptx::ScalarType::kS32;
    if (!result_ok || !coord_ok || op.vec != 4) return nullptr;
    return Tex;
  }
  if (!inst.mod.sampler_b || ElementBytes(inst.mod.type) == 0) return nullptr;  // formatted .p
  if (op.vec != 1 && op.vec != 2 && op.vec != 4) return nullptr;
  return inst.op == Opcode::kSust ? Surface<true> : Surface<false>;
}

}  // namespace cudashim::simt
