/* Build-time check: every cudashim CUDA header compiles as C11 with the project's warnings. */
#include "builtin_types.h"
#include "cuda_internal_abi.h"
#include "cuda_profiler_api.h"
#include "cuda_runtime.h"
#include "cuda_runtime_api.h"
#include "cuda_vdpau_interop.h"
#include "device_types.h"
#include "driver_types.h"
#include "surface_types.h"
#include "texture_types.h"
#include "vector_types.h"
#if defined(CUDASHIM_ABI_HAVE_GL)
#include "cuda_gl_interop.h"
#endif
#if defined(CUDASHIM_ABI_HAVE_EGL)
#include "cuda_egl_interop.h"
#endif

int cudashim_headers_compile_as_c(void);
int cudashim_headers_compile_as_c(void) { return (int)sizeof(struct cudaDeviceProp); }
