// libcudart.so.13 is cudart_api linked whole (see CMakeLists.txt); CMake wants one source of its
// own for a shared library, and this is it.
