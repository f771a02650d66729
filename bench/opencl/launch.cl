// Empty kernel for launch latency and launch rate (as bench/cuda/launch.cu).
__kernel void empty_kernel() {}
