#include "runtime/core/texture_objects.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "runtime/core/arrays.h"
#include "runtime/core/runtime.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/hal/texture.h"

namespace cudashim::core {
namespace {

// One object. `descriptor` comes first: its address is the handle.
struct Object {
  hal::TextureDescriptor descriptor;
  cudaResourceDesc resource{};
  cudaTextureDesc texture{};
  cudaResourceViewDesc view{};
  int device = 0;
};

struct Registry {
  std::mutex mu;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Object>> live;
};
Registry& Objects() {
  static auto* r = new Registry;  // never destroyed (DESIGN.md §5)
  return *r;
}

absl::Status Invalid(absl::string_view what) { return CudaError(cudaErrorInvalidValue, what); }

uint64_t Handle(const Object& o) { return reinterpret_cast<uint64_t>(&o.descriptor); }

// The format a resource view names (cudaResViewFormat*); none for block-compressed formats.
absl::StatusOr<hal::TexelFormat> ViewFormat(cudaResourceViewFormat f) {
  int i = static_cast<int>(f) - 1;
  if (i < 0 || i >= 24) {
    return CudaError(cudaErrorNotSupported,
                     absl::StrCat("cudashim does not support resource view format ", static_cast<int>(f)));
  }
  static constexpr uint8_t kChannels[3] = {1, 2, 4};
  static constexpr uint8_t kBits[8] = {8, 8, 16, 16, 32, 32, 16, 32};
  static constexpr hal::TexelKind kKinds[8] = {
      hal::TexelKind::kUnsigned, hal::TexelKind::kSigned, hal::TexelKind::kUnsigned,
      hal::TexelKind::kSigned,   hal::TexelKind::kUnsigned, hal::TexelKind::kSigned,
      hal::TexelKind::kFloat,    hal::TexelKind::kFloat};
  return hal::TexelFormat{.channels = kChannels[i % 3], .bits = kBits[i / 3], .kind = kKinds[i / 3]};
}

// Fills the storage part of `d` (base, sizes, format) from a resource; `view` may be null.
absl::Status DescribeResource(const cudaResourceDesc& r, const cudaResourceViewDesc* view,
                              bool surface, hal::TextureDescriptor& d) {
  const hal::DeviceProfile* profile = nullptr;
  if (absl::StatusOr<DeviceContext*> dev = Runtime::Get().CurrentDevice(); dev.ok()) {
    profile = &(*dev)->profile();
  }
  if (view != nullptr && r.resType != cudaResourceTypeArray) {
    return Invalid("a resource view needs a cudaResourceTypeArray resource");
  }
  switch (r.resType) {
    case cudaResourceTypeArray: {
      absl::StatusOr<Array*> found = FindArray(r.res.array.array);
      if (!found.ok()) return found.status();
      const Array& a = **found;
      if (surface && (a.flags & cudaArraySurfaceLoadStore) == 0) {
        return Invalid("a surface object needs a CUDA array created with cudaArraySurfaceLoadStore");
      }
      d.base = reinterpret_cast<uintptr_t>(a.data);
      d.format = a.format;
      d.dims = static_cast<uint8_t>(a.dims());
      d.layered = a.layered();
      d.width = static_cast<uint32_t>(a.width);
      d.height = static_cast<uint32_t>(a.height);
      if (d.layered) {
        d.layers = static_cast<uint32_t>(a.depth);
      } else {
        d.depth = static_cast<uint32_t>(a.depth);
      }
      d.pitch = a.pitch;
      d.slice_pitch = a.slice_pitch;
      if (view != nullptr) {
        if (view->firstMipmapLevel != 0 || view->lastMipmapLevel != 0) {
          return Invalid("a CUDA array has one mipmap level; the view names others");
        }
        if (view->format != cudaResViewFormatNone) {
          absl::StatusOr<hal::TexelFormat> f = ViewFormat(view->format);
          if (!f.ok()) return f.status();
          if (f->bytes() != a.format.bytes()) {
            return Invalid(absl::StrCat("the resource view's format has ", f->bytes(),
                                        "-byte texels but the array's have ", a.format.bytes()));
          }
          d.format = *f;
        }
        auto narrow = [](size_t want, uint32_t& have) {
          if (want > have) return false;
          if (want != 0) have = static_cast<uint32_t>(want);
          return true;
        };
        bool ok = narrow(view->width, d.width) && narrow(d.dims >= 2 ? view->height : 0, d.height) &&
                  narrow(d.dims == 3 ? view->depth : 0, d.depth);
        if (d.layered) {
          if (view->lastLayer < view->firstLayer || view->lastLayer >= d.layers) {
            ok = false;
          } else if (view->lastLayer != 0 || view->firstLayer != 0) {
            d.base += view->firstLayer * d.slice_pitch;
            d.layers = view->lastLayer - view->firstLayer + 1;
          }
        }
        if (!ok) return Invalid("the resource view is larger than its array");
      }
      return absl::OkStatus();
    }
    case cudaResourceTypeMipmappedArray:
      return CudaError(cudaErrorNotSupported,
                       "cudashim does not support mipmapped arrays (cudaResourceTypeMipmappedArray)");
    case cudaResourceTypeLinear:
    case cudaResourceTypePitch2D: {
      if (surface) return Invalid("surface objects need a cudaResourceTypeArray resource");
      bool linear = r.resType == cudaResourceTypeLinear;
      void* ptr = linear ? r.res.linear.devPtr : r.res.pitch2D.devPtr;
      const cudaChannelFormatDesc& desc = linear ? r.res.linear.desc : r.res.pitch2D.desc;
      if (ptr == nullptr) return Invalid("the resource's devPtr is NULL");
      absl::StatusOr<hal::TexelFormat> f = FormatOf(desc);
      if (!f.ok()) return f.status();
      // cudaMalloc only promises 256 bytes (hal::Device::Allocate), and NVIDIA's allocations are
      // always usable for textures, so the check is against the smaller of the two.
      size_t align = std::min<size_t>(profile != nullptr ? profile->texture_alignment : 512, 256);
      if (reinterpret_cast<uintptr_t>(ptr) % align != 0) {
        return Invalid(absl::StrCat("devPtr 0x", absl::Hex(reinterpret_cast<uintptr_t>(ptr)), " is not aligned to textureAlignment (", align,
                                    " bytes)"));
      }
      d.base = reinterpret_cast<uintptr_t>(ptr);
      d.format = *f;
      size_t bytes = 0;
      if (linear) {
        size_t width = r.res.linear.sizeInBytes / f->bytes();
        if (width == 0) return Invalid("a linear resource needs sizeInBytes of at least one texel");
        if (width > (size_t{1} << 28)) return Invalid("a linear resource exceeds maxTexture1DLinear");
        d.dims = 1;
        d.linear_memory = true;
        d.width = static_cast<uint32_t>(width);
        d.pitch = d.slice_pitch = width * f->bytes();
        bytes = d.pitch;
      } else {
        const auto& p = r.res.pitch2D;
        size_t pitch_align = profile != nullptr ? profile->texture_pitch_alignment : 32;
        if (p.width == 0 || p.height == 0) return Invalid("a pitch2D resource needs width and height > 0");
        if (p.width > 131072 || p.height > 65000) return Invalid("a pitch2D resource exceeds maxTexture2DLinear");
        if (p.pitchInBytes % pitch_align != 0 || p.pitchInBytes < p.width * f->bytes()) {
          return Invalid(absl::StrCat("pitchInBytes ", p.pitchInBytes, " must be a multiple of ",
                                      pitch_align, " and hold ", p.width, " texels"));
        }
        d.dims = 2;
        d.width = static_cast<uint32_t>(p.width);
        d.height = static_cast<uint32_t>(p.height);
        d.pitch = p.pitchInBytes;
        d.slice_pitch = p.pitchInBytes * p.height;
        bytes = (p.height - 1) * p.pitchInBytes + p.width * f->bytes();
      }
      // The memory must be the runtime's, and large enough.
      std::optional<Allocation> a = Runtime::Get().allocations().Find(ptr);
      if (!a) return Invalid(absl::StrCat("devPtr 0x", absl::Hex(reinterpret_cast<uintptr_t>(ptr)), " is not device or mapped memory"));
      if (!a->Contains(reinterpret_cast<uintptr_t>(ptr), bytes)) {
        return Invalid(absl::StrCat("the resource's ", bytes, " bytes at 0x", absl::Hex(reinterpret_cast<uintptr_t>(ptr)),
                                    " run past the end of their allocation"));
      }
      return absl::OkStatus();
    }
  }
  return Invalid(absl::StrCat("unknown resource type ", static_cast<int>(r.resType)));
}

absl::Status DescribeSampler(const cudaTextureDesc& t, hal::TextureDescriptor& d) {
  for (int i = 0; i < 3; ++i) {
    if (t.addressMode[i] < cudaAddressModeWrap || t.addressMode[i] > cudaAddressModeBorder) {
      return Invalid(absl::StrCat("invalid addressMode[", i, "] ", static_cast<int>(t.addressMode[i])));
    }
    auto mode = static_cast<hal::TexAddressMode>(t.addressMode[i]);
    // Wrap and mirror exist only for normalized coordinates; otherwise the GPU clamps.
    if (!t.normalizedCoords && (mode == hal::TexAddressMode::kWrap || mode == hal::TexAddressMode::kMirror)) {
      mode = hal::TexAddressMode::kClamp;
    }
    d.address[i] = mode;
  }
  if (t.filterMode != cudaFilterModePoint && t.filterMode != cudaFilterModeLinear) {
    return Invalid(absl::StrCat("invalid filterMode ", static_cast<int>(t.filterMode)));
  }
  if (t.readMode != cudaReadModeElementType && t.readMode != cudaReadModeNormalizedFloat) {
    return Invalid(absl::StrCat("invalid readMode ", static_cast<int>(t.readMode)));
  }
  bool integer = d.format.kind != hal::TexelKind::kFloat;
  d.normalized_read = integer && t.readMode == cudaReadModeNormalizedFloat;
  if (d.normalized_read && d.format.bits == 32) {
    return Invalid("cudaReadModeNormalizedFloat needs an 8- or 16-bit integer format");
  }
  d.linear_filter = t.filterMode == cudaFilterModeLinear;
  if (d.linear_filter && !d.returns_float()) {
    return Invalid("cudaFilterModeLinear needs a texture that returns floats (a float format, or "
                   "cudaReadModeNormalizedFloat)");
  }
  d.normalized_coords = t.normalizedCoords != 0;
  d.srgb = t.sRGB != 0;
  for (int i = 0; i < 4; ++i) d.border[i] = t.borderColor[i];
  return absl::OkStatus();
}

uint64_t Register(std::unique_ptr<Object> o) {
  if (absl::StatusOr<DeviceContext*> dev = Runtime::Get().CurrentDevice(); dev.ok()) {
    o->device = (*dev)->ordinal();
  }
  uint64_t handle = Handle(*o);
  Registry& r = Objects();
  std::lock_guard lock(r.mu);
  r.live.emplace(handle, std::move(o));
  return handle;
}

absl::StatusOr<const Object*> Find(uint64_t handle, bool surface) {
  Registry& r = Objects();
  std::lock_guard lock(r.mu);
  auto it = r.live.find(handle);
  if (it == r.live.end() || it->second->descriptor.is_surface() != surface) {
    return Invalid(absl::StrCat(surface ? "surface" : "texture", " object 0x", absl::Hex(handle),
                                " is not live (destroyed, or never created)"));
  }
  return it->second.get();
}

absl::Status Destroy(uint64_t handle, bool surface) {
  if (handle == 0) return absl::OkStatus();
  std::unique_ptr<Object> o;
  {
    Registry& r = Objects();
    std::lock_guard lock(r.mu);
    auto it = r.live.find(handle);
    if (it == r.live.end() || it->second->descriptor.is_surface() != surface) {
      return Invalid(absl::StrCat(surface ? "surface" : "texture", " object 0x", absl::Hex(handle),
                                  " is not live (destroyed twice, or never created)"));
    }
    o = std::move(it->second);
    r.live.erase(it);
  }
  // Kernels queued before this call may still read the descriptor.
  if (absl::StatusOr<DeviceContext*> dev = Runtime::Get().Device(o->device); dev.ok()) (*dev)->WaitIdle();
  o->descriptor.magic = 0;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<cudaTextureObject_t> CreateTextureObject(const cudaResourceDesc& resource,
                                                        const cudaTextureDesc& texture,
                                                        const cudaResourceViewDesc* view) {
  auto o = std::make_unique<Object>();
  if (absl::Status s = DescribeResource(resource, view, false, o->descriptor); !s.ok()) return s;
  if (absl::Status s = DescribeSampler(texture, o->descriptor); !s.ok()) return s;
  o->descriptor.magic = hal::TextureDescriptor::kTextureMagic;
  o->resource = resource;
  o->texture = texture;
  if (view != nullptr) o->view = *view;
  return Register(std::move(o));
}

absl::StatusOr<cudaSurfaceObject_t> CreateSurfaceObject(const cudaResourceDesc& resource) {
  auto o = std::make_unique<Object>();
  if (absl::Status s = DescribeResource(resource, nullptr, true, o->descriptor); !s.ok()) return s;
  o->descriptor.magic = hal::TextureDescriptor::kSurfaceMagic;
  o->resource = resource;
  return Register(std::move(o));
}

absl::Status DestroyTextureObject(cudaTextureObject_t handle) { return Destroy(handle, false); }
absl::Status DestroySurfaceObject(cudaSurfaceObject_t handle) { return Destroy(handle, true); }

absl::StatusOr<cudaResourceDesc> TextureResourceDesc(cudaTextureObject_t handle) {
  absl::StatusOr<const Object*> o = Find(handle, false);
  if (!o.ok()) return o.status();
  return (*o)->resource;
}
absl::StatusOr<cudaTextureDesc> TextureDesc(cudaTextureObject_t handle) {
  absl::StatusOr<const Object*> o = Find(handle, false);
  if (!o.ok()) return o.status();
  return (*o)->texture;
}
absl::StatusOr<cudaResourceViewDesc> TextureResourceViewDesc(cudaTextureObject_t handle) {
  absl::StatusOr<const Object*> o = Find(handle, false);
  if (!o.ok()) return o.status();
  return (*o)->view;
}
absl::StatusOr<cudaResourceDesc> SurfaceResourceDesc(cudaSurfaceObject_t handle) {
  absl::StatusOr<const Object*> o = Find(handle, true);
  if (!o.ok()) return o.status();
  return (*o)->resource;
}

bool IsLiveTextureObject(uint64_t handle, bool surface) {
  Registry& r = Objects();
  std::lock_guard lock(r.mu);
  auto it = r.live.find(handle);
  return it != r.live.end() && it->second->descriptor.is_surface() == surface;
}

}  // namespace cudashim::core
