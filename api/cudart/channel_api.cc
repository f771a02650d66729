// Channel descriptors (plain values; CUDA arrays and textures build on them).
#include "api/cudart/api_boundary.h"

CUDASHIM_EXPORT cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w,
                                                            cudaChannelFormatKind f) {
  return cudaChannelFormatDesc{x, y, z, w, f};
}
