// The per-lane semantics of tex / suld / sust on a hal::TextureDescriptor: addressing, point and
// linear filtering, read modes, surface bounds. Pure functions of the descriptor and coordinates,
// so an executor (interpreted or compiled) calls them per lane.
//
// Filtering follows the CUDA programming guide's texture fetching appendix: linear filtering
// samples at x - 0.5 and weighs neighbours with the fraction in 9-bit fixed point (8 fractional
// bits); wrap and mirror apply to normalized coordinates only (the core turns them into clamp
// otherwise); border reads the border color; linear memory reads 0 out of range.
#pragma once

#include <cstdint>

#include "runtime/hal/texture.h"
#include "runtime/ptx/ir.h"

namespace cudashim::simt {

// Coordinates of one lane as the instruction gives them: the layer of a1d/a2d (first in PTX) is
// taken out into `layer`; `c` are x, y, z as floats (f32 coordinates) or integers (s32).
struct TexCoords {
  bool integer = false;
  float f[3] = {0, 0, 0};
  int32_t i[3] = {0, 0, 0};
  uint32_t layer = 0;
};

// The four 32-bit result words of `tex.<geom>.v4.<type>` (f32 bits, or s32/u32 values).
void SampleTexture(const hal::TextureDescriptor& t, int dims, const TexCoords& c, uint32_t out[4]);

// Where a surface access of `bytes` at (x bytes, y, z-or-layer) lands, after `clamp` handling.
// Returns null for an access that reads 0 / is dropped (.zero), and sets `*trap` for an
// out-of-range .trap access.
uint8_t* SurfaceAddress(const hal::TextureDescriptor& s, int dims, int32_t x, int32_t y, int32_t z,
                        uint32_t layer, uint32_t bytes, ptx::SurfClamp clamp, bool* trap);

// half -> float (the storage of 16-bit float texels).
float HalfToFloat(uint16_t h);

}  // namespace cudashim::simt
