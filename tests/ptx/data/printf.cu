// Device printf and assert.
#include <cstdio>
#include <cassert>
extern "C" __global__ void hello(int n, double x, const char* s) {
  printf("thread %d of %d: x=%f s=%s c=%c ll=%lld\n", threadIdx.x, n, x, s, 'A', (long long)n * 3);
  assert(n > 0);
}
