// Texture and surface objects as kernels see them (NVCC_ABI.md §5).
//
// The PTX uses a cudaTextureObject_t / cudaSurfaceObject_t directly as the first operand of
// tex / suld / sust. The core keeps one `TextureDescriptor` per object in memory that never moves
// and hands out its address as the 64-bit handle (never 0), so a backend turns a handle back into
// everything it needs to sample without calling up into the core. A backend that checks accesses
// validates the handle first (LaunchConfig::is_texture_object) and only then reads the magic.
//
// Plain data only: backends may copy it or read it from any thread while the object is alive.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cudashim::hal {

// How the bits of one channel are interpreted.
enum class TexelKind : uint8_t { kSigned, kUnsigned, kFloat };  // kFloat: 16-bit half or f32

struct TexelFormat {
  uint8_t channels = 1;   // 1, 2 or 4
  uint8_t bits = 32;      // per channel: 8, 16 or 32
  TexelKind kind = TexelKind::kFloat;

  uint32_t bytes() const { return uint32_t{channels} * bits / 8; }
};

enum class TexAddressMode : uint8_t { kWrap, kClamp, kMirror, kBorder };

struct TextureDescriptor {
  static constexpr uint64_t kTextureMagic = 0x5845'5448'5341'4443ull;  // "CDASHTEX"
  static constexpr uint64_t kSurfaceMagic = 0x4652'5548'5341'4443ull;  // "CDASHURF"

  uint64_t magic = 0;  // kTextureMagic or kSurfaceMagic while alive, 0 once destroyed
  uintptr_t base = 0;  // the first texel
  // Size in texels; unused dimensions are 1. Layered resources keep the layer count apart.
  uint32_t width = 1, height = 1, depth = 1;
  uint32_t layers = 1;
  uint8_t dims = 1;        // 1, 2 or 3 (the dimensions a coordinate addresses, layers excluded)
  bool layered = false;
  bool linear_memory = false;  // cudaResourceTypeLinear: no address modes, out of range reads 0
  size_t pitch = 0;        // bytes between rows
  size_t slice_pitch = 0;  // bytes between slices (3-D) or layers
  TexelFormat format;

  // Sampler state (textures only).
  TexAddressMode address[3] = {TexAddressMode::kClamp, TexAddressMode::kClamp,
                               TexAddressMode::kClamp};
  bool linear_filter = false;
  bool normalized_coords = false;
  bool normalized_read = false;  // cudaReadModeNormalizedFloat on an 8/16-bit integer format
  bool srgb = false;             // kept, not applied
  float border[4] = {0, 0, 0, 0};

  bool is_texture() const { return magic == kTextureMagic; }
  bool is_surface() const { return magic == kSurfaceMagic; }
  // Whether a fetch returns floats (float formats, or normalized reads of integer formats).
  bool returns_float() const { return format.kind == TexelKind::kFloat || normalized_read; }
  const uint8_t* texel(uint32_t x, uint32_t y, uint32_t z_or_layer) const {
    return reinterpret_cast<const uint8_t*>(base) + z_or_layer * slice_pitch + y * pitch +
           size_t{x} * format.bytes();
  }
};

}  // namespace cudashim::hal
