// Toolkit side, TU 2: the _ptsz/_ptds prototypes (see abi_probe.cpp).
#define CUDASHIM_ABI_TOOLKIT_TU 2
#include "abi_probe.cpp"
