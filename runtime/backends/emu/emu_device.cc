#include "absl/strings/string_view.h"
#include "runtime/backends/emu/emu_device.h"

#include <cstdlib>

#include "runtime/backends/emu/arena.h"
#include "runtime/backends/emu/emu_profile.h"
#include "runtime/backends/host_info.h"
#include "runtime/backends/simt/executor.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::backends {
namespace {

class EmuDevice final : public hal::Device {
 public:
  EmuDevice(hal::DeviceProfile profile, std::unique_ptr<Arena> arena)
      : profile_(std::move(profile)),
        arena_(std::move(arena)),
        executor_(simt::ExecutorOptions{
            .checked = true,
            .workers = GetHostInfo().cores,
            .multiprocessors = profile_.multiprocessors,
            .allocate = [this](size_t bytes) -> void* {
              absl::StatusOr<void*> p = arena_->Allocate(bytes);
              return p.ok() ? *p : nullptr;
            },
            .arena_begin = arena_->begin(),
            .arena_end = arena_->begin() + arena_->capacity(),
        }) {}

  absl::string_view kind() const override { return "emu"; }
  const hal::DeviceProfile& profile() const override { return profile_; }

  absl::StatusOr<void*> Allocate(size_t bytes) override { return arena_->Allocate(bytes); }
  void Free(void* ptr, size_t) override { arena_->Free(ptr); }

  // The same SIMT executor as the cpu device, with every memory access checked against the
  // arena, the block's shared and local memory and the core's mapped host memory.
  absl::StatusOr<std::unique_ptr<hal::Kernel>> PrepareKernel(
      const hal::KernelImage& image) override {
    return executor_.Prepare(image);
  }

  absl::Status Launch(hal::Kernel& kernel, const hal::LaunchConfig& config, const void* params,
                      size_t param_bytes) override {
    return executor_.Launch(kernel, config, params, param_bytes);
  }

 private:
  hal::DeviceProfile profile_;
  std::unique_ptr<Arena> arena_;
  simt::Executor executor_;
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
