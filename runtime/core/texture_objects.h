// Texture and surface objects: cudaCreateTextureObject / cudaCreateSurfaceObject and their
// queries. Each object owns a hal::TextureDescriptor in memory that never moves; its address is
// the handle the application passes to kernels (hal/texture.h), so handles are never 0.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "driver_types.h"
#include "surface_types.h"
#include "texture_types.h"

namespace cudashim::core {

// `view` may be null. Validation follows NVIDIA's: cudaErrorInvalidValue for bad descriptors,
// unknown arrays, misaligned linear memory, filters or read modes a format does not allow.
absl::StatusOr<cudaTextureObject_t> CreateTextureObject(const cudaResourceDesc& resource,
                                                        const cudaTextureDesc& texture,
                                                        const cudaResourceViewDesc* view);
// Only arrays created with cudaArraySurfaceLoadStore back surfaces.
absl::StatusOr<cudaSurfaceObject_t> CreateSurfaceObject(const cudaResourceDesc& resource);

// Destroying waits for the device's queued work first (kernels may still sample the object).
// 0 is accepted and ignored; any other unknown handle is cudaErrorInvalidValue.
absl::Status DestroyTextureObject(cudaTextureObject_t handle);
absl::Status DestroySurfaceObject(cudaSurfaceObject_t handle);

absl::StatusOr<cudaResourceDesc> TextureResourceDesc(cudaTextureObject_t handle);
absl::StatusOr<cudaTextureDesc> TextureDesc(cudaTextureObject_t handle);
absl::StatusOr<cudaResourceViewDesc> TextureResourceViewDesc(cudaTextureObject_t handle);
absl::StatusOr<cudaResourceDesc> SurfaceResourceDesc(cudaSurfaceObject_t handle);

// For hal::LaunchConfig::is_texture_object: whether `handle` is a live object of that kind.
bool IsLiveTextureObject(uint64_t handle, bool surface);

}  // namespace cudashim::core
