// double math, fast/precise float transcendentals, integer intrinsics.
extern "C" __global__ void dmath(const double* a, double* b, float* f, int* k, unsigned* u) {
  int i = threadIdx.x;
  b[i] = sin(a[i]) + exp(a[i]) / sqrt(a[i] + 1.0) + pow(a[i], 1.5) + fabs(a[i]) + floor(a[i]);
  f[i] = __expf(f[i]) + __sinf(f[i]) + sqrtf(f[i]) + 1.0f / f[i] + rsqrtf(f[i]) + logf(f[i]);
  k[i] = k[i] / (i + 1) + k[i] % (i + 3) + __popc(k[i]) + __clz(k[i]) + __brev(u[i]) + __ffs(k[i]);
  u[i] = __byte_perm(u[i], u[i + 1], 0x3210) + __funnelshift_l(u[i], u[i + 1], 5) + u[i] / 7u +
         u[i] % 13u + __umulhi(u[i], 77u) + __sad(k[i], 3, 1);
}
