#include "api/cudart/api_boundary.h"

namespace cudashim::api {

cudaError_t Finish(const absl::Status& status, const char* function) {
  if (status.ok()) return cudaSuccess;
  cudaError_t code = ToCudaError(status);
  core::CurrentThread().last_error = code;
  Log().info("{} -> {} ({}): {}", function, cudaGetErrorName(code), static_cast<int>(code),
             status.message());
  return code;
}

absl::Status WaitAndCheck(core::Stream& stream, uint64_t position) {
  stream.WaitUntil(position);
  return stream.device().sticky_error();
}

}  // namespace cudashim::api
