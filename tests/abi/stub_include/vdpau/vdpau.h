/* Minimal stand-in for libvdpau's public header, used only by tests/abi when the real one is not
 * installed: both probe programs (toolkit headers and cudashim headers) see the same typedefs. */
#ifndef CUDASHIM_TEST_STUB_VDPAU_H
#define CUDASHIM_TEST_STUB_VDPAU_H
#include <stdint.h>
typedef uint32_t VdpDevice;
typedef uint32_t VdpFuncId;
typedef uint32_t VdpVideoSurface;
typedef uint32_t VdpOutputSurface;
typedef int VdpStatus;
typedef VdpStatus VdpGetProcAddress(VdpDevice device, VdpFuncId function_id,
                                    void **function_pointer);
#endif
