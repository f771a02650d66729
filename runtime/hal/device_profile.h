// What a device reports (cudaDeviceProp, cudaDeviceGetAttribute) and enforces (launch limits).
//
// Each backend fills one from the machine it runs on; the emulated accelerator lets the user
// configure it (CUDASHIM_EMU_PROFILE) so programs can be tested against other device shapes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace cudashim::hal {

struct DeviceProfile {
  std::string name;
  uint64_t total_memory = 0;
  int multiprocessors = 1;
  // The compute capability: PTX for targets up to major*10+minor is accepted.
  int cc_major = 9;
  int cc_minor = 0;
  int warp_size = 32;
  int max_threads_per_block = 1024;
  std::array<int, 3> max_block_dims = {1024, 1024, 64};
  std::array<int, 3> max_grid_dims = {2147483647, 65535, 65535};
  int max_threads_per_multiprocessor = 2048;
  int max_blocks_per_multiprocessor = 32;
  size_t shared_per_block = 48 * 1024;
  // What cudaFuncAttributeMaxDynamicSharedMemorySize may raise a kernel's limit to.
  size_t shared_per_block_optin = 227 * 1024;
  size_t shared_per_multiprocessor = 228 * 1024;
  size_t reserved_shared_per_block = 1024;
  size_t const_memory = 64 * 1024;
  int regs_per_block = 65536;
  int regs_per_multiprocessor = 65536;
  int clock_rate_khz = 1000000;
  int memory_clock_rate_khz = 1000000;
  int memory_bus_width = 256;
  int l2_cache_bytes = 1 << 20;
  size_t texture_alignment = 512;
  size_t texture_pitch_alignment = 32;
  size_t mem_pitch = 2147483647;
  bool integrated = false;
  std::array<uint8_t, 16> uuid = {};
  int pci_bus_id = 0;

  int max_ptx_target() const { return cc_major * 10 + cc_minor; }
};

}  // namespace cudashim::hal
