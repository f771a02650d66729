/* cudashim: profiler control (CUDA 13 ABI). */
#ifndef CUDASHIM_CUDA_PROFILER_API_H
#define CUDASHIM_CUDA_PROFILER_API_H

#include "cuda_runtime_api.h"

#if defined(__cplusplus)
extern "C" {
#endif

cudaError_t cudaProfilerStart(void);
cudaError_t cudaProfilerStop(void);

#if defined(__cplusplus)
} /* extern "C" */
#endif

#endif /* CUDASHIM_CUDA_PROFILER_API_H */
