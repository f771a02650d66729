// The shape of an entry point cudashim does not implement yet: the precise error, never a crash
// or a missing symbol (a program importing it must still start, NVCC_ABI.md §1.1).
#pragma once

namespace cudashim::api {
// Logs "<name> is not implemented by cudashim yet" once, records cudaErrorNotSupported as the
// thread's last error, and returns it.
int NotSupported(const char* name);
}  // namespace cudashim::api

#define CUDASHIM_NOT_SUPPORTED(name) \
  extern "C" __attribute__((visibility("default"))) int name() { return ::cudashim::api::NotSupported(#name); }
