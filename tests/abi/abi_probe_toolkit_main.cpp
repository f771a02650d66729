// Toolkit side, TU 1: everything except the _ptsz/_ptds and EGL items (see abi_probe.cpp).
#define CUDASHIM_ABI_TOOLKIT_TU 1
#include "abi_probe.cpp"
