#include "absl/strings/string_view.h"
#include "runtime/core/runtime.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "runtime/core/logging.h"
#include "runtime/core/thread_state.h"
#include "runtime/hal/cuda_status.h"

namespace cudashim::core {

Runtime& Runtime::Get() {
  static Runtime* runtime = new Runtime;
  return *runtime;
}

Runtime::Runtime() {
  const char* spec = std::getenv("CUDASHIM_DEVICES");
  std::string kinds = (spec && *spec) ? spec : "cpu";
  for (absl::string_view kind : absl::StrSplit(kinds, ',', absl::SkipWhitespace())) {
    kind = absl::StripAsciiWhitespace(kind);
    int ordinal = static_cast<int>(devices_.size());
    absl::StatusOr<std::unique_ptr<hal::Device>> device = hal::CreateDevice(kind, ordinal);
    if (!device.ok()) {
      // Logged at error level even when logging is off: a typo here means "no device".
      Log().error("CUDASHIM_DEVICES: {}", device.status().message());
      std::fprintf(stderr, "cudashim: CUDASHIM_DEVICES: %s\n",
                   std::string(device.status().message()).c_str());
      continue;
    }
    devices_.push_back(std::make_unique<DeviceContext>(ordinal, *std::move(device)));
    Log().info("device {}: {} ({})", ordinal, devices_.back()->profile().name, kind);
  }
}

absl::StatusOr<DeviceContext*> Runtime::Device(int ordinal) const {
  if (devices_.empty()) return CudaError(cudaErrorNoDevice, "no cudashim device (CUDASHIM_DEVICES)");
  if (ordinal < 0 || ordinal >= device_count()) {
    return CudaError(cudaErrorInvalidDevice, absl::StrCat("invalid device ordinal ", ordinal));
  }
  return devices_[ordinal].get();
}

absl::StatusOr<DeviceContext*> Runtime::CurrentDevice() const {
  return Device(CurrentThread().device);
}

int Runtime::max_ptx_target() const {
  int target = 1000;
  for (const auto& d : devices_) target = std::min(target, d->profile().max_ptx_target());
  return devices_.empty() ? 0 : target;
}

absl::StatusOr<std::shared_ptr<Stream>> Runtime::PerThreadStream(DeviceContext& device) {
  auto& slot = CurrentThread().per_thread_streams[device.ordinal()];
  if (!slot) slot = device.CreateStream(Stream::Kind::kPerThread, 0, 0);
  return slot;
}

absl::StatusOr<std::shared_ptr<Stream>> Runtime::ResolveStream(cudaStream_t handle,
                                                               bool per_thread_default) {
  if (handle == nullptr) handle = per_thread_default ? cudaStreamPerThread : cudaStreamLegacy;
  if (handle == cudaStreamLegacy || handle == cudaStreamPerThread) {
    absl::StatusOr<DeviceContext*> device = CurrentDevice();
    if (!device.ok()) return device.status();
    if (handle == cudaStreamPerThread) return PerThreadStream(**device);
    return (*device)->legacy_stream().shared_from_this();
  }
  std::lock_guard lock(handles_mu_);
  auto it = streams_.find(handle);
  if (it == streams_.end()) {
    return CudaError(cudaErrorInvalidResourceHandle,
                     absl::StrCat("unknown stream handle ", absl::Hex(handle)));
  }
  return it->second;
}

cudaStream_t Runtime::AddStream(std::shared_ptr<Stream> stream) {
  auto handle = reinterpret_cast<cudaStream_t>(stream.get());
  std::lock_guard lock(handles_mu_);
  streams_[handle] = std::move(stream);
  return handle;
}

absl::StatusOr<std::shared_ptr<Stream>> Runtime::RemoveStream(cudaStream_t handle) {
  std::lock_guard lock(handles_mu_);
  auto it = streams_.find(handle);
  if (it == streams_.end()) {
    return CudaError(cudaErrorInvalidResourceHandle,
                     absl::StrCat("unknown stream handle ", absl::Hex(handle)));
  }
  std::shared_ptr<Stream> stream = std::move(it->second);
  streams_.erase(it);
  return stream;
}

cudaEvent_t Runtime::AddEvent(std::shared_ptr<Event> event) {
  auto handle = reinterpret_cast<cudaEvent_t>(event.get());
  std::lock_guard lock(handles_mu_);
  events_[handle] = std::move(event);
  return handle;
}

absl::StatusOr<std::shared_ptr<Event>> Runtime::FindEvent(cudaEvent_t handle) const {
  std::lock_guard lock(handles_mu_);
  auto it = events_.find(handle);
  if (it == events_.end()) {
    return CudaError(cudaErrorInvalidResourceHandle,
                     absl::StrCat("unknown event handle ", absl::Hex(handle)));
  }
  return it->second;
}

absl::StatusOr<std::shared_ptr<Event>> Runtime::RemoveEvent(cudaEvent_t handle) {
  std::lock_guard lock(handles_mu_);
  auto it = events_.find(handle);
  if (it == events_.end()) {
    return CudaError(cudaErrorInvalidResourceHandle,
                     absl::StrCat("unknown event handle ", absl::Hex(handle)));
  }
  std::shared_ptr<Event> event = std::move(it->second);
  events_.erase(it);
  return event;
}

}  // namespace cudashim::core
