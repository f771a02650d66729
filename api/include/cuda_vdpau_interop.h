/* cudashim: VDPAU interoperability (CUDA 13 ABI). Needs libvdpau's header. */
#ifndef CUDASHIM_CUDA_VDPAU_INTEROP_H
#define CUDASHIM_CUDA_VDPAU_INTEROP_H

#include <vdpau/vdpau.h>

#include "cuda_runtime_api.h"

#if defined(__cplusplus)
extern "C" {
#endif

cudaError_t cudaGraphicsVDPAURegisterOutputSurface(struct cudaGraphicsResource **resource,
                                                   VdpOutputSurface vdpSurface, unsigned int flags);
cudaError_t cudaGraphicsVDPAURegisterVideoSurface(struct cudaGraphicsResource **resource,
                                                  VdpVideoSurface vdpSurface, unsigned int flags);
cudaError_t cudaVDPAUGetDevice(int *device, VdpDevice vdpDevice,
                               VdpGetProcAddress *vdpGetProcAddress);
cudaError_t cudaVDPAUSetVDPAUDevice(int device, VdpDevice vdpDevice,
                                    VdpGetProcAddress *vdpGetProcAddress);

#if defined(__cplusplus)
} /* extern "C" */
#endif

#endif /* CUDASHIM_CUDA_VDPAU_INTEROP_H */
