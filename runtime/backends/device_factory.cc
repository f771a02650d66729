// The one list of backends: a kind name from CUDASHIM_DEVICES to the device that implements it.
#include "absl/strings/string_view.h"
#include "absl/strings/str_cat.h"
#include "runtime/backends/cpu/cpu_device.h"
#include "runtime/backends/emu/emu_device.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/hal/device.h"

namespace cudashim::hal {

absl::StatusOr<std::unique_ptr<Device>> CreateDevice(absl::string_view kind, int ordinal) {
  if (kind == "cpu") return backends::CreateCpuDevice(ordinal);
  if (kind == "emu") return backends::CreateEmuDevice(ordinal);
  return CudaError(cudaErrorInvalidDevice,
                   absl::StrCat("unknown device kind '", std::string(kind), "' (known: cpu, emu)"));
}

}  // namespace cudashim::hal
