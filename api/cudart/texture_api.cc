// Texture and surface objects: creation, destruction and the descriptor queries. The objects
// themselves (and what kernels see through their handles) live in runtime/core/texture_objects.
#include "api/cudart/api_boundary.h"
#include "runtime/core/texture_objects.h"

using namespace cudashim;
using namespace cudashim::api;

CUDASHIM_EXPORT cudaError_t cudaCreateTextureObject(cudaTextureObject_t* pTexObject,
                                                    const cudaResourceDesc* pResDesc,
                                                    const cudaTextureDesc* pTexDesc,
                                                    const cudaResourceViewDesc* pResViewDesc) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pTexObject);
  CUDASHIM_REQUIRE_NONNULL(pResDesc);
  CUDASHIM_REQUIRE_NONNULL(pTexDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pTexObject, core::CreateTextureObject(*pResDesc, *pTexDesc, pResViewDesc));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject) {
  CUDASHIM_TRACE();
  CUDASHIM_RETURN(core::DestroyTextureObject(texObject));
}

CUDASHIM_EXPORT cudaError_t cudaGetTextureObjectResourceDesc(cudaResourceDesc* pResDesc,
                                                             cudaTextureObject_t texObject) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pResDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pResDesc, core::TextureResourceDesc(texObject));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetTextureObjectTextureDesc(cudaTextureDesc* pTexDesc,
                                                            cudaTextureObject_t texObject) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pTexDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pTexDesc, core::TextureDesc(texObject));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetTextureObjectResourceViewDesc(cudaResourceViewDesc* pResViewDesc,
                                                                 cudaTextureObject_t texObject) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pResViewDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pResViewDesc, core::TextureResourceViewDesc(texObject));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t* pSurfObject,
                                                    const cudaResourceDesc* pResDesc) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pSurfObject);
  CUDASHIM_REQUIRE_NONNULL(pResDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pSurfObject, core::CreateSurfaceObject(*pResDesc));
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject) {
  CUDASHIM_TRACE();
  CUDASHIM_RETURN(core::DestroySurfaceObject(surfObject));
}

CUDASHIM_EXPORT cudaError_t cudaGetSurfaceObjectResourceDesc(cudaResourceDesc* pResDesc,
                                                             cudaSurfaceObject_t surfObject) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(pResDesc);
  CUDASHIM_ASSIGN_OR_RETURN(*pResDesc, core::SurfaceResourceDesc(surfObject));
  return cudaSuccess;
}
