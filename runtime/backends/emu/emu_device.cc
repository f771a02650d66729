#include "absl/strings/string_view.h"
#include "runtime/backends/emu/emu_device.h"

#include <cstdlib>

#include "runtime/backends/emu/arena.h"
#include "runtime/backends/emu/emu_profile.h"
#include "runtime/backends/not_yet_executable.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

class EmuDevice final : public hal::Device {
 public:
  EmuDevice(hal::DeviceProfile profile, std::unique_ptr<Arena> arena)
      : profile_(std::move(profile)), arena_(std::move(arena)) {}

  absl::string_view kind() const override { return "emu"; }
  const hal::DeviceProfile& profile() const override { return profile_; }

  absl::StatusOr<void*> Allocate(size_t bytes) override { return arena_->Allocate(bytes); }
  void Free(void* ptr, size_t) override { arena_->Free(ptr); }

  absl::StatusOr<std::unique_ptr<hal::Kernel>> PrepareKernel(
      const hal::KernelImage& image) override {
    return KernelExecutionNotImplemented(kind(), image);
  }

  absl::Status Launch(hal::Kernel&, const hal::LaunchConfig&, const void*, size_t) override {
    return CudaError(cudaErrorNotSupported, "kernel execution not implemented yet");
  }

 private:
  hal::DeviceProfile profile_;
  std::unique_ptr<Arena> arena_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<hal::Device>> CreateEmuDevice(int ordinal) {
  const char* spec = std::getenv("CUDASHIM_EMU_PROFILE");
  absl::StatusOr<hal::DeviceProfile> profile = ParseEmuProfile(spec ? spec : "", ordinal);
  if (!profile.ok()) return profile.status();
  absl::StatusOr<std::unique_ptr<Arena>> arena = Arena::Reserve(profile->total_memory);
  if (!arena.ok()) return arena.status();
  return std::make_unique<EmuDevice>(*std::move(profile), *std::move(arena));
}

}  // namespace cudashim::backends
