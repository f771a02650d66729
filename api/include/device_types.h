/* cudashim: rounding modes used by device code (CUDA 13 ABI). */
#ifndef CUDASHIM_DEVICE_TYPES_H
#define CUDASHIM_DEVICE_TYPES_H

enum cudaRoundMode {
  cudaRoundNearest = 0,
  cudaRoundZero = 1,
  cudaRoundPosInf = 2,
  cudaRoundMinInf = 3,
};

#endif /* CUDASHIM_DEVICE_TYPES_H */
