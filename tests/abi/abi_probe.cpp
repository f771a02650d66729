// ABI probe: prints one "key<TAB>value" line per size, alignment, offset, member type, enum value,
// typedef, macro value and function type declared in cudashim's headers (the list is generated from
// them into probe_items.inc by gen_abi_probe.py). Built against cudashim's headers
// (CUDASHIM_ABI_SIDE_OURS, one translation unit) and against the installed toolkit's headers (three
// translation units, CUDASHIM_ABI_TOOLKIT_TU = 1, 2, 3); abi_layout_test.cpp compares the outputs.
//
// Probe parts: CORE (types, macros, most functions), PT (_ptsz/_ptds functions), GL and EGL
// (interop headers, only where the system GL/EGL headers exist: CUDASHIM_ABI_HAVE_GL/_EGL).
// The toolkit declares the _ptsz/_ptds prototypes only under CUDA_API_PER_THREAD_DEFAULT_STREAM
// (TU 2), and its EGL header pulls in cuda_runtime.h, whose C++ overloads make &cudaEventCreate
// ambiguous (TU 3 probes only EGL items).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>
#include <typeinfo>

#if defined(CUDASHIM_ABI_SIDE_OURS)
#define CUDASHIM_ABI_PART_CORE 1
#define CUDASHIM_ABI_PART_PT 1
#if defined(CUDASHIM_ABI_HAVE_GL)
#define CUDASHIM_ABI_PART_GL 1
#endif
#if defined(CUDASHIM_ABI_HAVE_EGL)
#define CUDASHIM_ABI_PART_EGL 1
#endif
#elif CUDASHIM_ABI_TOOLKIT_TU == 1
#define CUDASHIM_ABI_PART_CORE 1
#if defined(CUDASHIM_ABI_HAVE_GL)
#define CUDASHIM_ABI_PART_GL 1
#endif
#elif CUDASHIM_ABI_TOOLKIT_TU == 2
#define CUDA_API_PER_THREAD_DEFAULT_STREAM 1
#define CUDASHIM_ABI_PART_PT 1
#elif CUDASHIM_ABI_TOOLKIT_TU == 3
#if defined(CUDASHIM_ABI_HAVE_EGL)
#define CUDASHIM_ABI_PART_EGL 1
#endif
#else
#error "define CUDASHIM_ABI_SIDE_OURS or CUDASHIM_ABI_TOOLKIT_TU"
#endif
#if !defined(CUDASHIM_ABI_PART_CORE)
#define CUDASHIM_ABI_PART_CORE 0
#endif
#if !defined(CUDASHIM_ABI_PART_PT)
#define CUDASHIM_ABI_PART_PT 0
#endif
#if !defined(CUDASHIM_ABI_PART_GL)
#define CUDASHIM_ABI_PART_GL 0
#endif
#if !defined(CUDASHIM_ABI_PART_EGL)
#define CUDASHIM_ABI_PART_EGL 0
#endif

#if defined(CUDASHIM_ABI_SIDE_OURS)
#include "cuda_internal_abi.h"
#include "cuda_profiler_api.h"
#include "cuda_runtime_api.h"
#include "cuda_vdpau_interop.h"
#if CUDASHIM_ABI_PART_GL
#include "cuda_gl_interop.h"
#endif
#if CUDASHIM_ABI_PART_EGL
#include "cuda_egl_interop.h"
#endif
#else
#include <cuda_runtime_api.h>
#if CUDASHIM_ABI_PART_CORE
#include <cuda_profiler_api.h>
#include <cuda_vdpau_interop.h>
namespace cudashim_ref {
#include "probe_ref_decls.inc"
}  // namespace cudashim_ref
#endif
#if CUDASHIM_ABI_PART_GL
#include <cuda_gl_interop.h>
#endif
#if CUDASHIM_ABI_PART_EGL
#include <cuda_egl_interop.h>
#endif
#endif

namespace {

[[maybe_unused]] void emit(const std::string& key, const std::string& value) {
  std::printf("%s\t%s\n", key.c_str(), value.c_str());
}
[[maybe_unused]] std::string num(long long v) { return std::to_string(v); }

template <class T>
long long macro_value(T v) {
  if constexpr (std::is_pointer_v<T>) {
    return static_cast<long long>(reinterpret_cast<std::uintptr_t>(v));
  } else {
    return static_cast<long long>(v);
  }
}

}  // namespace

#define PROBE_RECORD(T, N)                                    \
  emit(std::string("record ") + N + " size", num(sizeof(T))); \
  emit(std::string("record ") + N + " align", num(alignof(T)))
#define PROBE_MEMBER(T, N, PATH, PS)                                                       \
  emit(std::string("member ") + N + "." + PS + " offset", num(offsetof(T, PATH)));         \
  emit(std::string("member ") + N + "." + PS + " size", num(sizeof(((T*)nullptr)->PATH))); \
  emit(std::string("member ") + N + "." + PS + " type", typeid(((T*)nullptr)->PATH).name())
#define PROBE_ENUM(T, N)                                    \
  emit(std::string("enum ") + N + " size", num(sizeof(T))); \
  emit(std::string("enum ") + N + " signed",                \
       num(std::is_signed_v<std::underlying_type_t<T>> ? 1 : 0))
#define PROBE_ENUM_CONST(N, C, CS) \
  emit(std::string("enumerator ") + N + "." + CS, num(static_cast<long long>(C)))
#define PROBE_TYPEDEF(T, N)                                      \
  emit(std::string("typedef ") + N + " size", num(sizeof(T)));   \
  emit(std::string("typedef ") + N + " align", num(alignof(T))); \
  emit(std::string("typedef ") + N + " type", typeid(T).name())
#define PROBE_TYPE_ONLY(T, N) emit(std::string("typedef ") + N + " type", typeid(T).name())
#define PROBE_MACRO_VALUE(M, N) emit(std::string("macro ") + N, num(macro_value(M)))
#define PROBE_MACRO_TYPE(M, N) emit(std::string("macro ") + N + " type", typeid(M).name())
#define PROBE_FUNC(F, N) emit(std::string("function ") + N, typeid(decltype(&F)).name())
#if defined(CUDASHIM_ABI_SIDE_OURS)
#define PROBE_INTERNAL_FUNC(F, N) PROBE_FUNC(F, N)
#define PROBE_OURS_ONLY_FUNC(F, N) \
  emit(std::string("ours-only function ") + N, typeid(decltype(&F)).name())
#else
#define PROBE_INTERNAL_FUNC(F, N) \
  emit(std::string("function ") + N, typeid(decltype(&cudashim_ref::F)).name())
#define PROBE_OURS_ONLY_FUNC(F, N)
#endif

#if defined(CUDASHIM_ABI_SIDE_OURS) || CUDASHIM_ABI_TOOLKIT_TU == 1
void cudashim_abi_probe_tu2();
void cudashim_abi_probe_tu3();
int main() {
#include "probe_items.inc"
#if !defined(CUDASHIM_ABI_SIDE_OURS)
  cudashim_abi_probe_tu2();
  cudashim_abi_probe_tu3();
#endif
  return 0;
}
#elif CUDASHIM_ABI_TOOLKIT_TU == 2
void cudashim_abi_probe_tu2() {
#include "probe_items.inc"
}
#else
void cudashim_abi_probe_tu3() {
#include "probe_items.inc"
}
#endif
