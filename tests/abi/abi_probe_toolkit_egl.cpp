// Toolkit side, TU 3: EGL interop items (see abi_probe.cpp).
#define CUDASHIM_ABI_TOOLKIT_TU 3
#include "abi_probe.cpp"
