#include "runtime/backends/simt/texture_sampling.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace cudashim::simt {
namespace {

using hal::TexAddressMode;
using hal::TextureDescriptor;

// An index after the address mode; false when it falls on the border.
bool Address(TexAddressMode mode, int64_t i, int64_t n, bool linear_memory, int64_t& out) {
  if (i >= 0 && i < n) {
    out = i;
    return true;
  }
  if (linear_memory) return false;
  switch (mode) {
    case TexAddressMode::kWrap: out = ((i % n) + n) % n; return true;
    case TexAddressMode::kMirror: {
      int64_t m = ((i % (2 * n)) + 2 * n) % (2 * n);
      out = m < n ? m : 2 * n - 1 - m;
      return true;
    }
    case TexAddressMode::kClamp: out = std::clamp<int64_t>(i, 0, n - 1); return true;
    case TexAddressMode::kBorder: return false;
  }
  return false;
}

int32_t SignExtend(uint32_t v, int bits) {
  return bits >= 32 ? static_cast<int32_t>(v) : static_cast<int32_t>(v << (32 - bits)) >> (32 - bits);
}

// Channel values of one texel: floats when the texture returns floats, else 32-bit integers.
struct Texel {
  float f[4] = {0, 0, 0, 1};
  uint32_t u[4] = {0, 0, 0, 1};
};

Texel Read(const TextureDescriptor& t, int64_t x, int64_t y, int64_t z) {
  Texel out;
  const uint8_t* p = t.texel(static_cast<uint32_t>(x), static_cast<uint32_t>(y), static_cast<uint32_t>(z));
  const hal::TexelFormat& f = t.format;
  for (int c = 0; c < f.channels; ++c) {
    uint32_t raw = 0;
    std::memcpy(&raw, p + c * (f.bits / 8), f.bits / 8);
    if (f.kind == hal::TexelKind::kFloat) {
      out.f[c] = f.bits == 16 ? HalfToFloat(static_cast<uint16_t>(raw)) : std::bit_cast<float>(raw);
    } else if (t.normalized_read) {
      if (f.kind == hal::TexelKind::kUnsigned) {
        out.f[c] = static_cast<float>(raw) / static_cast<float>((1u << f.bits) - 1);
      } else {
        float scale = static_cast<float>((1u << (f.bits - 1)) - 1);
        out.f[c] = std::max(static_cast<float>(SignExtend(raw, f.bits)) / scale, -1.0f);
      }
    } else {
      out.u[c] = f.kind == hal::TexelKind::kSigned ? static_cast<uint32_t>(SignExtend(raw, f.bits)) : raw;
    }
  }
  // Missing channels read as 0 (and alpha as 1).
  for (int c = f.channels; c < 4; ++c) {
    out.f[c] = c == 3 ? 1.0f : 0.0f;
    out.u[c] = c == 3 ? 1u : 0u;
  }
  return out;
}

Texel Border(const TextureDescriptor& t) {
  Texel b;
  const hal::TexelFormat& f = t.format;
  // Read as normalized floats, an integer format's border colour is first stored in the texel
  // format (truncated), then read back: 0.5 in an 8-bit unsigned texture reads 127/255 (observed
  // on an H100, tests/kernels/texture.cu).
  bool quantize = t.normalized_read && f.kind != hal::TexelKind::kFloat && f.bits < 32;
  for (int c = 0; c < 4; ++c) {
    b.f[c] = t.linear_memory ? 0.0f : t.border[c];
    if (quantize) {
      bool is_unsigned = f.kind == hal::TexelKind::kUnsigned;
      float scale = static_cast<float>(is_unsigned ? (1u << f.bits) - 1 : (1u << (f.bits - 1)) - 1);
      float clamped = std::clamp(b.f[c], is_unsigned ? 0.0f : -1.0f, 1.0f);
      b.f[c] = std::trunc(clamped * scale) / scale;
    }
    b.u[c] = static_cast<uint32_t>(static_cast<int32_t>(b.f[c]));
  }
  return b;
}

// The texel at integer position (i) with the address modes applied per dimension.
Texel Fetch(const TextureDescriptor& t, int dims, const int64_t i[3], uint32_t layer) {
  int64_t size[3] = {t.width, t.height, t.depth};
  int64_t at[3] = {0, 0, 0};
  for (int d = 0; d < dims; ++d) {
    if (!Address(t.address[d], i[d], size[d], t.linear_memory, at[d])) return Border(t);
  }
  return Read(t, at[0], at[1], t.layered ? layer : at[2]);
}

// A float coordinate made safe for floor() and integer conversion.
double Tame(float v) {
  if (std::isnan(v)) return 0;
  return std::clamp<double>(v, -1e9, 1e9);
}

}  // namespace

float HalfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v;
  if (exp == 0) {
    v = std::ldexp(static_cast<float>(mant), -24);
  } else if (exp == 31) {
    v = mant == 0 ? INFINITY : NAN;
  } else {
    v = std::ldexp(static_cast<float>(mant | 0x400), static_cast<int>(exp) - 25);
  }
  return sign ? -v : v;
}

void SampleTexture(const TextureDescriptor& t, int dims, const TexCoords& c, uint32_t out[4]) {
  dims = std::min<int>(dims, t.dims);
  uint32_t layer = t.layered ? std::min<uint32_t>(c.layer, t.layers - 1) : 0;
  int64_t size[3] = {t.width, t.height, t.depth};
  Texel result;
  if (c.integer) {
    // Integer coordinates: the texel itself, no normalization and no filtering.
    int64_t i[3] = {c.i[0], c.i[1], c.i[2]};
    result = Fetch(t, dims, i, layer);
  } else {
    double x[3];
    for (int d = 0; d < 3; ++d) x[d] = Tame(c.f[d]) * (t.normalized_coords ? size[d] : 1);
    if (!t.linear_filter) {
      int64_t i[3];
      for (int d = 0; d < 3; ++d) i[d] = static_cast<int64_t>(std::floor(x[d]));
      result = Fetch(t, dims, i, layer);
    } else {
      // Sample at x - 0.5; the fraction becomes a 9-bit fixed-point weight (8 fractional bits).
      int64_t base[3] = {0, 0, 0};
      float w[3] = {0, 0, 0};
      for (int d = 0; d < dims; ++d) {
        double xb = x[d] - 0.5;
        double fl = std::floor(xb);
        base[d] = static_cast<int64_t>(fl);
        w[d] = static_cast<float>(std::nearbyint((xb - fl) * 256.0) / 256.0);
      }
      float acc[4] = {0, 0, 0, 0};
      int corners = 1 << dims;
      for (int k = 0; k < corners; ++k) {
        int64_t i[3] = {base[0], base[1], base[2]};
        float weight = 1.0f;
        for (int d = 0; d < dims; ++d) {
          bool upper = (k >> d) & 1;
          i[d] += upper;
          weight *= upper ? w[d] : 1.0f - w[d];
        }
        if (weight == 0.0f) continue;
        Texel s = Fetch(t, dims, i, layer);
        for (int ch = 0; ch < 4; ++ch) acc[ch] += weight * s.f[ch];
      }
      for (int ch = 0; ch < 4; ++ch) result.f[ch] = acc[ch];
    }
  }
  for (int ch = 0; ch < 4; ++ch) {
    out[ch] = t.returns_float() ? std::bit_cast<uint32_t>(result.f[ch]) : result.u[ch];
  }
}

uint8_t* SurfaceAddress(const TextureDescriptor& s, int dims, int32_t x, int32_t y, int32_t z,
                        uint32_t layer, uint32_t bytes, ptx::SurfClamp clamp, bool* trap) {
  *trap = false;
  int64_t row_bytes = int64_t{s.width} * s.format.bytes();
  int64_t pos[3] = {x, dims >= 2 ? y : 0, dims >= 3 ? z : 0};
  int64_t limit[3] = {row_bytes - bytes, int64_t{s.height} - 1, int64_t{s.depth} - 1};
  if (s.layered) {
    pos[2] = layer;
    limit[2] = int64_t{s.layers} - 1;
  }
  bool inside = true;
  for (int d = 0; d < 3; ++d) inside = inside && pos[d] >= 0 && pos[d] <= limit[d];
  if (!inside) {
    switch (clamp) {
      case ptx::SurfClamp::kZero: return nullptr;
      case ptx::SurfClamp::kClamp:
        if (limit[0] < 0) return nullptr;  // the access is wider than a row
        for (int d = 0; d < 3; ++d) pos[d] = std::clamp<int64_t>(pos[d], 0, limit[d]);
        break;
      default:
        *trap = true;
        return nullptr;
    }
  }
  return reinterpret_cast<uint8_t*>(s.base) + pos[2] * s.slice_pitch + pos[1] * s.pitch + pos[0];
}

}  // namespace cudashim::simt
