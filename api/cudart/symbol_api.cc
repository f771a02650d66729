// __device__ / __constant__ variables by their host shadow address: copies to and from them,
// their device address and size.
#include "absl/strings/str_cat.h"
#include "api/cudart/api_boundary.h"
#include "runtime/core/memory.h"

using namespace cudashim;
using namespace cudashim::api;

namespace {

struct SymbolStorage {
  void* address;
  size_t size;
};

// The variable's storage on the current device (created and initialized on first use).
absl::StatusOr<SymbolStorage> Storage(const void* symbol) {
  absl::StatusOr<core::VariableRecord*> variable = Rt().modules().FindVariable(symbol);
  if (!variable.ok()) return variable.status();
  absl::StatusOr<core::DeviceContext*> device = CurrentDevice();
  if (!device.ok()) return device.status();
  absl::StatusOr<const hal::SymbolAddresses*> symbols =
      Rt().modules().Symbols(*(*variable)->module, **device, Rt().allocations());
  if (!symbols.ok()) return symbols.status();
  auto it = (*symbols)->find((*variable)->name);
  if (it == (*symbols)->end()) {
    return CudaError(cudaErrorInvalidSymbol,
                     absl::StrCat("variable ", (*variable)->name, " has no storage in its module's PTX"));
  }
  return SymbolStorage{it->second, (*variable)->size};
}

absl::StatusOr<void*> Window(const void* symbol, size_t count, size_t offset) {
  absl::StatusOr<SymbolStorage> s = Storage(symbol);
  if (!s.ok()) return s.status();
  if (offset > s->size || count > s->size - offset) {
    return CudaError(cudaErrorInvalidValue, absl::StrCat("offset ", offset, " + count ", count,
                                                         " exceeds the symbol's ", s->size, " bytes"));
  }
  return static_cast<char*>(s->address) + offset;
}

cudaError_t ToSymbol(const void* symbol, const void* src, size_t count, size_t offset,
                     cudaMemcpyKind kind, cudaStream_t s, bool per_thread, bool sync) {
  if (kind != cudaMemcpyHostToDevice && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidMemcpyDirection, "copies to a symbol go host/device to device"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(void* dst, Window(symbol, count, offset));
  return sync ? (per_thread ? cudaMemcpy_ptds(dst, src, count, kind) : cudaMemcpy(dst, src, count, kind))
              : (per_thread ? cudaMemcpyAsync_ptsz(dst, src, count, kind, s)
                            : cudaMemcpyAsync(dst, src, count, kind, s));
}

cudaError_t FromSymbol(void* dst, const void* symbol, size_t count, size_t offset,
                       cudaMemcpyKind kind, cudaStream_t s, bool per_thread, bool sync) {
  if (kind != cudaMemcpyDeviceToHost && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    CUDASHIM_RETURN(CudaError(cudaErrorInvalidMemcpyDirection, "copies from a symbol go device to host/device"));
  }
  CUDASHIM_ASSIGN_OR_RETURN(void* src, Window(symbol, count, offset));
  return sync ? (per_thread ? cudaMemcpy_ptds(dst, src, count, kind) : cudaMemcpy(dst, src, count, kind))
              : (per_thread ? cudaMemcpyAsync_ptsz(dst, src, count, kind, s)
                            : cudaMemcpyAsync(dst, src, count, kind, s));
}

}  // namespace

// clang-format off
CUDASHIM_EXPORT cudaError_t cudaMemcpyToSymbol(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToSymbol(symbol, src, count, offset, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToSymbol_ptds(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return ToSymbol(symbol, src, count, offset, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToSymbolAsync(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToSymbol(symbol, src, count, offset, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyToSymbolAsync_ptsz(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return ToSymbol(symbol, src, count, offset, kind, s, true, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromSymbol(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromSymbol(dst, symbol, count, offset, kind, nullptr, false, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromSymbol_ptds(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind) {
  CUDASHIM_TRACE(); return FromSymbol(dst, symbol, count, offset, kind, nullptr, true, true);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromSymbolAsync(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromSymbol(dst, symbol, count, offset, kind, s, false, false);
}
CUDASHIM_EXPORT cudaError_t cudaMemcpyFromSymbolAsync_ptsz(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t s) {
  CUDASHIM_TRACE(); return FromSymbol(dst, symbol, count, offset, kind, s, true, false);
}
// clang-format on

CUDASHIM_EXPORT cudaError_t cudaGetSymbolAddress(void** devPtr, const void* symbol) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(devPtr);
  CUDASHIM_ASSIGN_OR_RETURN(SymbolStorage s, Storage(symbol));
  *devPtr = s.address;
  return cudaSuccess;
}

CUDASHIM_EXPORT cudaError_t cudaGetSymbolSize(size_t* size, const void* symbol) {
  CUDASHIM_TRACE();
  CUDASHIM_REQUIRE_NONNULL(size);
  CUDASHIM_ASSIGN_OR_RETURN(core::VariableRecord * v, Rt().modules().FindVariable(symbol));
  *size = v->size;
  return cudaSuccess;
}
