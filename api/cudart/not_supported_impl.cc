#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "api/cudart/not_supported.h"

namespace cudashim::api {

int NotSupported(const char* name) {
  std::string message = absl::StrCat(name, " is not implemented by cudashim yet");
  WarnOnce(name, message);
  core::CurrentThread().last_error = cudaErrorNotSupported;
  return cudaErrorNotSupported;
}

}  // namespace cudashim::api
