#include "api/cudart/device_properties.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::api {

cudaDeviceProp MakeDeviceProperties(const hal::DeviceProfile& p) {
  cudaDeviceProp prop;
  std::memset(&prop, 0, sizeof(prop));
  std::strncpy(prop.name, p.name.c_str(), sizeof(prop.name) - 1);
  std::memcpy(prop.uuid.bytes, p.uuid.data(), sizeof(prop.uuid.bytes));
  prop.totalGlobalMem = p.total_memory;
  prop.sharedMemPerBlock = p.shared_per_block;
  prop.regsPerBlock = p.regs_per_block;
  prop.warpSize = p.warp_size;
  prop.memPitch = p.mem_pitch;
  prop.maxThreadsPerBlock = p.max_threads_per_block;
  for (int i = 0; i < 3; ++i) {
    prop.maxThreadsDim[i] = p.max_block_dims[i];
    prop.maxGridSize[i] = p.max_grid_dims[i];
  }
  prop.totalConstMem = p.const_memory;
  prop.major = p.cc_major;
  prop.minor = p.cc_minor;
  prop.textureAlignment = p.texture_alignment;
  prop.texturePitchAlignment = p.texture_pitch_alignment;
  prop.multiProcessorCount = p.multiprocessors;
  prop.integrated = p.integrated;
  prop.canMapHostMemory = 1;
  // Texture/surface limits of a current data-center GPU.
  prop.maxTexture1D = 131072;
  prop.maxTexture1DMipmap = 32768;
  prop.maxTexture2D[0] = 131072; prop.maxTexture2D[1] = 65536;
  prop.maxTexture2DMipmap[0] = 32768; prop.maxTexture2DMipmap[1] = 32768;
  prop.maxTexture2DLinear[0] = 131072; prop.maxTexture2DLinear[1] = 65000; prop.maxTexture2DLinear[2] = 2097120;
  prop.maxTexture2DGather[0] = 32768; prop.maxTexture2DGather[1] = 32768;
  prop.maxTexture3D[0] = prop.maxTexture3D[1] = prop.maxTexture3D[2] = 16384;
  prop.maxTexture3DAlt[0] = prop.maxTexture3DAlt[1] = 8192; prop.maxTexture3DAlt[2] = 32768;
  prop.maxTextureCubemap = 32768;
  prop.maxTexture1DLayered[0] = 32768; prop.maxTexture1DLayered[1] = 2048;
  prop.maxTexture2DLayered[0] = prop.maxTexture2DLayered[1] = 32768; prop.maxTexture2DLayered[2] = 2048;
  prop.maxTextureCubemapLayered[0] = 32768; prop.maxTextureCubemapLayered[1] = 2046;
  prop.maxSurface1D = 32768;
  prop.maxSurface2D[0] = 131072; prop.maxSurface2D[1] = 65536;
  prop.maxSurface3D[0] = prop.maxSurface3D[1] = prop.maxSurface3D[2] = 16384;
  prop.maxSurface1DLayered[0] = 32768; prop.maxSurface1DLayered[1] = 2048;
  prop.maxSurface2DLayered[0] = prop.maxSurface2DLayered[1] = 32768; prop.maxSurface2DLayered[2] = 2048;
  prop.maxSurfaceCubemap = 32768;
  prop.maxSurfaceCubemapLayered[0] = 32768; prop.maxSurfaceCubemapLayered[1] = 2046;
  prop.surfaceAlignment = 512;
  prop.concurrentKernels = 1;
  prop.pciBusID = p.pci_bus_id;
  prop.asyncEngineCount = 2;
  prop.unifiedAddressing = 1;
  prop.memoryBusWidth = p.memory_bus_width;
  prop.l2CacheSize = p.l2_cache_bytes;
  prop.maxThreadsPerMultiProcessor = p.max_threads_per_multiprocessor;
  prop.streamPrioritiesSupported = 1;
  prop.globalL1CacheSupported = 1;
  prop.localL1CacheSupported = 1;
  prop.sharedMemPerMultiprocessor = p.shared_per_multiprocessor;
  prop.regsPerMultiprocessor = p.regs_per_multiprocessor;
  prop.managedMemory = 1;
  prop.hostNativeAtomicSupported = 1;
  prop.pageableMemoryAccess = 1;  // one address space: kernels can touch any host memory
  prop.concurrentManagedAccess = 1;
  prop.computePreemptionSupported = 0;
  prop.canUseHostPointerForRegisteredMem = 1;
  prop.cooperativeLaunch = 1;
  prop.sharedMemPerBlockOptin = p.shared_per_block_optin;
  prop.pageableMemoryAccessUsesHostPageTables = 1;
  prop.directManagedMemAccessFromHost = 1;
  prop.maxBlocksPerMultiProcessor = p.max_blocks_per_multiprocessor;
  prop.reservedSharedMemPerBlock = p.reserved_shared_per_block;
  prop.hostRegisterSupported = 1;
  prop.memoryPoolsSupported = 1;
  prop.clusterLaunch = 0;
  prop.deviceNumaId = -1;
  prop.hostNumaId = -1;
  return prop;
}

absl::StatusOr<int> DeviceAttribute(const hal::DeviceProfile& profile, const cudaDeviceProp& prop,
                                   cudaDeviceAttr attribute) {
  switch (attribute) {
    case cudaDevAttrMaxThreadsPerBlock: return prop.maxThreadsPerBlock;
    case cudaDevAttrMaxBlockDimX: return prop.maxThreadsDim[0];
    case cudaDevAttrMaxBlockDimY: return prop.maxThreadsDim[1];
    case cudaDevAttrMaxBlockDimZ: return prop.maxThreadsDim[2];
    case cudaDevAttrMaxGridDimX: return prop.maxGridSize[0];
    case cudaDevAttrMaxGridDimY: return prop.maxGridSize[1];
    case cudaDevAttrMaxGridDimZ: return prop.maxGridSize[2];
    case cudaDevAttrMaxSharedMemoryPerBlock: return int(prop.sharedMemPerBlock);
    case cudaDevAttrTotalConstantMemory: return int(prop.totalConstMem);
    case cudaDevAttrWarpSize: return prop.warpSize;
    case cudaDevAttrMaxPitch: return int(std::min<size_t>(prop.memPitch, 2147483647));
    case cudaDevAttrMaxRegistersPerBlock: return prop.regsPerBlock;
    case cudaDevAttrClockRate: return profile.clock_rate_khz;  // not in cudaDeviceProp since CUDA 13
    case cudaDevAttrTextureAlignment: return int(prop.textureAlignment);
    case cudaDevAttrGpuOverlap: return 1;
    case cudaDevAttrMultiProcessorCount: return prop.multiProcessorCount;
    case cudaDevAttrKernelExecTimeout: return 0;
    case cudaDevAttrIntegrated: return prop.integrated;
    case cudaDevAttrCanMapHostMemory: return prop.canMapHostMemory;
    case cudaDevAttrComputeMode: return cudaComputeModeDefault;
    case cudaDevAttrMaxTexture1DWidth: return prop.maxTexture1D;
    case cudaDevAttrMaxTexture2DWidth: return prop.maxTexture2D[0];
    case cudaDevAttrMaxTexture2DHeight: return prop.maxTexture2D[1];
    case cudaDevAttrMaxTexture3DWidth: return prop.maxTexture3D[0];
    case cudaDevAttrMaxTexture3DHeight: return prop.maxTexture3D[1];
    case cudaDevAttrMaxTexture3DDepth: return prop.maxTexture3D[2];
    case cudaDevAttrMaxTexture2DLayeredWidth: return prop.maxTexture2DLayered[0];
    case cudaDevAttrMaxTexture2DLayeredHeight: return prop.maxTexture2DLayered[1];
    case cudaDevAttrMaxTexture2DLayeredLayers: return prop.maxTexture2DLayered[2];
    case cudaDevAttrSurfaceAlignment: return int(prop.surfaceAlignment);
    case cudaDevAttrConcurrentKernels: return prop.concurrentKernels;
    case cudaDevAttrEccEnabled: return prop.ECCEnabled;
    case cudaDevAttrPciBusId: return prop.pciBusID;
    case cudaDevAttrPciDeviceId: return prop.pciDeviceID;
    case cudaDevAttrTccDriver: return prop.tccDriver;
    case cudaDevAttrMemoryClockRate: return profile.memory_clock_rate_khz;
    case cudaDevAttrGlobalMemoryBusWidth: return prop.memoryBusWidth;
    case cudaDevAttrL2CacheSize: return prop.l2CacheSize;
    case cudaDevAttrMaxThreadsPerMultiProcessor: return prop.maxThreadsPerMultiProcessor;
    case cudaDevAttrAsyncEngineCount: return prop.asyncEngineCount;
    case cudaDevAttrUnifiedAddressing: return prop.unifiedAddressing;
    case cudaDevAttrMaxTexture1DLayeredWidth: return prop.maxTexture1DLayered[0];
    case cudaDevAttrMaxTexture1DLayeredLayers: return prop.maxTexture1DLayered[1];
    case cudaDevAttrMaxTexture2DGatherWidth: return prop.maxTexture2DGather[0];
    case cudaDevAttrMaxTexture2DGatherHeight: return prop.maxTexture2DGather[1];
    case cudaDevAttrMaxTexture3DWidthAlt: return prop.maxTexture3DAlt[0];
    case cudaDevAttrMaxTexture3DHeightAlt: return prop.maxTexture3DAlt[1];
    case cudaDevAttrMaxTexture3DDepthAlt: return prop.maxTexture3DAlt[2];
    case cudaDevAttrPciDomainId: return prop.pciDomainID;
    case cudaDevAttrTexturePitchAlignment: return int(prop.texturePitchAlignment);
    case cudaDevAttrMaxTextureCubemapWidth: return prop.maxTextureCubemap;
    case cudaDevAttrMaxTextureCubemapLayeredWidth: return prop.maxTextureCubemapLayered[0];
    case cudaDevAttrMaxTextureCubemapLayeredLayers: return prop.maxTextureCubemapLayered[1];
    case cudaDevAttrMaxSurface1DWidth: return prop.maxSurface1D;
    case cudaDevAttrMaxSurface2DWidth: return prop.maxSurface2D[0];
    case cudaDevAttrMaxSurface2DHeight: return prop.maxSurface2D[1];
    case cudaDevAttrMaxSurface3DWidth: return prop.maxSurface3D[0];
    case cudaDevAttrMaxSurface3DHeight: return prop.maxSurface3D[1];
    case cudaDevAttrMaxSurface3DDepth: return prop.maxSurface3D[2];
    case cudaDevAttrMaxSurface1DLayeredWidth: return prop.maxSurface1DLayered[0];
    case cudaDevAttrMaxSurface1DLayeredLayers: return prop.maxSurface1DLayered[1];
    case cudaDevAttrMaxSurface2DLayeredWidth: return prop.maxSurface2DLayered[0];
    case cudaDevAttrMaxSurface2DLayeredHeight: return prop.maxSurface2DLayered[1];
    case cudaDevAttrMaxSurface2DLayeredLayers: return prop.maxSurface2DLayered[2];
    case cudaDevAttrMaxSurfaceCubemapWidth: return prop.maxSurfaceCubemap;
    case cudaDevAttrMaxSurfaceCubemapLayeredWidth: return prop.maxSurfaceCubemapLayered[0];
    case cudaDevAttrMaxSurfaceCubemapLayeredLayers: return prop.maxSurfaceCubemapLayered[1];
    case cudaDevAttrMaxTexture1DLinearWidth: return 268435456;
    case cudaDevAttrMaxTexture2DLinearWidth: return prop.maxTexture2DLinear[0];
    case cudaDevAttrMaxTexture2DLinearHeight: return prop.maxTexture2DLinear[1];
    case cudaDevAttrMaxTexture2DLinearPitch: return prop.maxTexture2DLinear[2];
    case cudaDevAttrMaxTexture2DMipmappedWidth: return prop.maxTexture2DMipmap[0];
    case cudaDevAttrMaxTexture2DMipmappedHeight: return prop.maxTexture2DMipmap[1];
    case cudaDevAttrComputeCapabilityMajor: return prop.major;
    case cudaDevAttrComputeCapabilityMinor: return prop.minor;
    case cudaDevAttrMaxTexture1DMipmappedWidth: return prop.maxTexture1DMipmap;
    case cudaDevAttrStreamPrioritiesSupported: return prop.streamPrioritiesSupported;
    case cudaDevAttrGlobalL1CacheSupported: return prop.globalL1CacheSupported;
    case cudaDevAttrLocalL1CacheSupported: return prop.localL1CacheSupported;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: return int(prop.sharedMemPerMultiprocessor);
    case cudaDevAttrMaxRegistersPerMultiprocessor: return prop.regsPerMultiprocessor;
    case cudaDevAttrManagedMemory: return prop.managedMemory;
    case cudaDevAttrIsMultiGpuBoard: return prop.isMultiGpuBoard;
    case cudaDevAttrMultiGpuBoardGroupID: return prop.multiGpuBoardGroupID;
    case cudaDevAttrHostNativeAtomicSupported: return prop.hostNativeAtomicSupported;
    case cudaDevAttrSingleToDoublePrecisionPerfRatio: return 2;
    case cudaDevAttrPageableMemoryAccess: return prop.pageableMemoryAccess;
    case cudaDevAttrConcurrentManagedAccess: return prop.concurrentManagedAccess;
    case cudaDevAttrComputePreemptionSupported: return prop.computePreemptionSupported;
    case cudaDevAttrCanUseHostPointerForRegisteredMem: return prop.canUseHostPointerForRegisteredMem;
    case cudaDevAttrCooperativeLaunch: return prop.cooperativeLaunch;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: return int(prop.sharedMemPerBlockOptin);
    case cudaDevAttrCanFlushRemoteWrites: return 0;
    case cudaDevAttrHostRegisterSupported: return prop.hostRegisterSupported;
    case cudaDevAttrPageableMemoryAccessUsesHostPageTables: return prop.pageableMemoryAccessUsesHostPageTables;
    case cudaDevAttrDirectManagedMemAccessFromHost: return prop.directManagedMemAccessFromHost;
    case cudaDevAttrMaxBlocksPerMultiprocessor: return prop.maxBlocksPerMultiProcessor;
    case cudaDevAttrMaxPersistingL2CacheSize: return prop.persistingL2CacheMaxSize;
    case cudaDevAttrMaxAccessPolicyWindowSize: return prop.accessPolicyMaxWindowSize;
    case cudaDevAttrReservedSharedMemoryPerBlock: return int(prop.reservedSharedMemPerBlock);
    case cudaDevAttrSparseCudaArraySupported: return prop.sparseCudaArraySupported;
    case cudaDevAttrHostRegisterReadOnlySupported: return prop.hostRegisterReadOnlySupported;
    case cudaDevAttrTimelineSemaphoreInteropSupported: return prop.timelineSemaphoreInteropSupported;
    case cudaDevAttrMemoryPoolsSupported: return prop.memoryPoolsSupported;
    case cudaDevAttrGPUDirectRDMASupported: return prop.gpuDirectRDMASupported;
    case cudaDevAttrGPUDirectRDMAFlushWritesOptions: return int(prop.gpuDirectRDMAFlushWritesOptions);
    case cudaDevAttrGPUDirectRDMAWritesOrdering: return prop.gpuDirectRDMAWritesOrdering;
    case cudaDevAttrMemoryPoolSupportedHandleTypes: return int(prop.memoryPoolSupportedHandleTypes);
    case cudaDevAttrClusterLaunch: return prop.clusterLaunch;
    case cudaDevAttrDeferredMappingCudaArraySupported: return prop.deferredMappingCudaArraySupported;
    case cudaDevAttrIpcEventSupport: return prop.ipcEventSupported;
    case cudaDevAttrMemSyncDomainCount: return 1;
    case cudaDevAttrNumaConfig: return prop.deviceNumaConfig;
    case cudaDevAttrNumaId: return prop.deviceNumaId;
    case cudaDevAttrMpsEnabled: return prop.mpsEnabled;
    case cudaDevAttrHostNumaId: return prop.hostNumaId;
    case cudaDevAttrD3D12CigSupported: return 0;
    case cudaDevAttrVulkanCigSupported: return 0;
    case cudaDevAttrGpuPciDeviceId: return int(prop.gpuPciDeviceID);
    case cudaDevAttrGpuPciSubsystemId: return int(prop.gpuPciSubsystemID);
    case cudaDevAttrHostNumaMemoryPoolsSupported: return 0;
    case cudaDevAttrHostNumaMultinodeIpcSupported: return prop.hostNumaMultinodeIpcSupported;
    case cudaDevAttrHostMemoryPoolsSupported: return 0;
    case cudaDevAttrOnlyPartialHostNativeAtomicSupported: return 0;
    default:
      return CudaError(cudaErrorInvalidValue,
                       absl::StrCat("unknown device attribute ", static_cast<int>(attribute)));
  }
}

}  // namespace cudashim::api
