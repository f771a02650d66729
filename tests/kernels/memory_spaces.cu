// State spaces: global, static __shared__, dynamic extern __shared__ (two views of one base),
// local arrays indexed at run time, __constant__ with initializers and cudaMemcpyToSymbol,
// __device__ variables, vector loads/stores (float4, int2, double2), __ldg, generic pointers that
// point to shared or global memory, and the param space: structs by value, a 32000-byte
// parameter struct (NVCC_ABI §3.1: limit 32764 bytes) indexed at run time, __grid_constant__
// parameters whose address is taken. Exact.
#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

// Reverses each block's slice through static shared memory.
__global__ void k_static_shared_reverse(const int* in, int* out, size_t n) {
  __shared__ int s[256];
  size_t base = blockIdx.x * (size_t)blockDim.x;
  size_t i = base + threadIdx.x;
  unsigned count = (unsigned)min((size_t)blockDim.x, n - base);
  if (threadIdx.x < count) s[threadIdx.x] = in[i];
  __syncthreads();
  if (threadIdx.x < count) out[i] = s[count - 1 - threadIdx.x];
}

// Dynamic shared memory: two extern arrays alias one base placed after the static variables.
extern __shared__ float dyn_f[];
extern __shared__ unsigned dyn_u[];
__global__ void k_dynamic_shared(const float* in, unsigned* out, size_t n) {
  __shared__ int tag;
  if (threadIdx.x == 0) tag = 1000 + blockIdx.x;
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  dyn_f[threadIdx.x] = i < n ? in[i] : 0.0f;
  dyn_f[blockDim.x + threadIdx.x] = (float)threadIdx.x;  // second half of the allocation
  __syncthreads();
  unsigned neighbour = dyn_u[(threadIdx.x + 1) % blockDim.x];
  unsigned idx = (unsigned)dyn_f[2 * blockDim.x - 1 - threadIdx.x];
  if (i < n) out[2 * i] = neighbour, out[2 * i + 1] = idx + tag;
}

// A local array indexed by data: lives in .local memory.
__global__ void k_local_array(const int* idx, int* out, size_t n) {
  TID();
  int loc[64];
  for (int k = 0; k < 64; ++k) loc[k] = (int)(i * 131 + k * k);
  int s = 0;
  for (int k = 0; k < 8; ++k) {
    int j = (idx[i] >> (3 * k)) & 63;
    loc[j] += s;
    s += loc[(j * 7) & 63];
  }
  out[i] = s;
}
static int local_ref(size_t i, int id) {
  int loc[64];
  for (int k = 0; k < 64; ++k) loc[k] = (int)(i * 131 + k * k);
  int s = 0;
  for (int k = 0; k < 8; ++k) {
    int j = (id >> (3 * k)) & 63;
    loc[j] = (int)((unsigned)loc[j] + (unsigned)s);
    s = (int)((unsigned)s + (unsigned)loc[(j * 7) & 63]);
  }
  return s;
}

// __constant__ with initializers, and one filled by cudaMemcpyToSymbol.
__constant__ int c_primes[16] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
__constant__ float c_scale = 2.5f;
__constant__ struct {
  short a;
  double b;
} c_mixed = {-7, 0.125};
__constant__ unsigned c_table[256];
__global__ void k_constant(const unsigned* in, float* out, size_t n) {
  TID();
  unsigned v = in[i];
  out[i] = c_primes[v & 15] * c_scale + c_table[(v >> 4) & 255] + (float)(c_mixed.a * c_mixed.b);
}

// __device__ variables written by one kernel and read by the next.
__device__ int d_table[1024];
__device__ unsigned long long d_sum;
__global__ void k_device_var_write() {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  d_table[t] = t * 3 + 1;
  atomicAdd(&d_sum, (unsigned long long)t);
}
__global__ void k_device_var_read(int* out) {
  int t = threadIdx.x;
  out[t] = d_table[1023 - t] + (int)(d_sum & 0xffff);
}

// Vector accesses: float4, int2, double2 (ld/st .v4.f32, .v2.u32, .v2.f64).
__global__ void k_vector(const float4* a, const int2* b, const double2* c, float4* oa, int2* ob,
                         double2* oc, size_t n) {
  TID();
  float4 x = a[i];
  oa[i] = make_float4(x.w, x.z * 2, x.y + 1, x.x);
  int2 y = b[i];
  ob[i] = make_int2(y.y ^ y.x, y.x);
  double2 z = c[i];
  oc[i] = make_double2(z.y, z.x - z.y);
}

// Read-only cache loads.
__global__ void k_ldg(const float* a, const int4* b, const double* c, double* out, size_t n) {
  TID();
  int4 v = __ldg(&b[i]);
  out[i] = __ldg(&a[i]) + (v.x - v.y + v.z - v.w) + __ldg(&c[(i * 7) % n]);
}

// A generic pointer that points to shared memory for odd threads and global memory for even ones.
__device__ __noinline__ void accumulate(int* p, int v) { *p += v; }
__global__ void k_generic_pointer(int* g, int* kinds, size_t n) {
  __shared__ int s[256];
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  s[threadIdx.x] = (int)threadIdx.x;
  __syncthreads();
  if (i >= n) return;
  int* p = (threadIdx.x & 1) ? &s[threadIdx.x] : &g[i];
  accumulate(p, 100);
  kinds[i] = __isShared(p) * 1 + __isGlobal(p) * 2 + __isLocal(p) * 4;
  if (threadIdx.x & 1) g[i] = *p;
}

// Structs by value: every member must arrive at its C++ offset.
struct Mixed {
  char c;
  double d;
  short s;
  int arr[5];
  float4 v;
  bool flag;
};
__global__ void k_struct_param(Mixed m, char c2, long long big, double2 pair, double* out) {
  int t = threadIdx.x;
  double r = m.c + m.d * 2 + m.s + m.arr[t % 5] + m.v.x + m.v.y * m.v.w + m.v.z + (m.flag ? 1 : 0);
  out[t] = r + c2 + (double)big + pair.x * pair.y;
}

// A 32000-byte parameter struct indexed at run time (param space must be addressable).
struct Big {
  int data[8000];
};
__global__ void k_big_param(Big p, const int* idx, int* out, size_t n) {
  TID();
  out[i] = p.data[idx[i]] + p.data[7999 - idx[i]];
}

// __grid_constant__: the parameter's address is taken and passed on.
struct Table {
  float w[64];
  int count;
};
__device__ __noinline__ float sum_first(const float* w, int count) {
  float s = 0;
  for (int k = 0; k < count; ++k) s += w[k];
  return s;
}
__global__ void k_grid_constant(const __grid_constant__ Table t, float* out, size_t n) {
  TID();
  const float* w = &t.w[i % 16];
  out[i] = sum_first(w, t.count) + t.w[(i * 5) % 64];
}

int main() {
  kc::Rng rng(12);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto ints = kc::make<int>(n, [&] { return rng.i32(); });
    {
      Dev<int> din(ints), dout(n);
      k_static_shared_reverse<<<bl, 256>>>(din, dout, n);
      kc::launched("k_static_shared_reverse" + sz);
      std::vector<int> want(n);
      for (size_t b0 = 0; b0 < n; b0 += 256) {
        size_t cnt = std::min<size_t>(256, n - b0);
        for (size_t t = 0; t < cnt; ++t) want[b0 + t] = ints[b0 + cnt - 1 - t];
      }
      kc::compare("k_static_shared_reverse" + sz, want, dout.get());
    }
    {
      auto f = kc::make<float>(n, [&] { return (float)rng.uniform(-100, 100); });
      Dev<float> din(f);
      Dev<unsigned> dout(2 * n);
      k_dynamic_shared<<<bl, 256, 2 * 256 * sizeof(float)>>>(din, dout, n);
      kc::launched("k_dynamic_shared" + sz);
      std::vector<unsigned> want(2 * n);
      for (size_t i = 0; i < n; ++i) {
        size_t b0 = i / 256 * 256, t = i % 256, nb = b0 + (t + 1) % 256;
        float v = nb < n ? f[nb] : 0.0f;
        std::memcpy(&want[2 * i], &v, 4);
        want[2 * i + 1] = (unsigned)(255 - t) + 1000 + (unsigned)(i / 256);
      }
      kc::compare("k_dynamic_shared" + sz, want, dout.get());
    }
    {
      Dev<int> didx(ints), dout(n);
      k_local_array<<<bl, 256>>>(didx, dout, n);
      kc::launched("k_local_array" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = local_ref(i, ints[i]);
      kc::compare("k_local_array" + sz, want, dout.get());
    }
    {
      std::vector<unsigned> table(256);
      for (int k = 0; k < 256; ++k) table[k] = (unsigned)(k * k + 3);
      chk::ok("cudaMemcpyToSymbol c_table", cudaMemcpyToSymbol(c_table, table.data(), 1024));
      std::vector<unsigned> u(ints.begin(), ints.end());
      Dev<unsigned> din(u);
      Dev<float> dout(n);
      k_constant<<<bl, 256>>>(din, dout, n);
      kc::launched("k_constant" + sz);
      const int primes[16] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
      std::vector<float> want(n);
      for (size_t i = 0; i < n; ++i) {
        volatile float p = primes[u[i] & 15] * 2.5f;
        volatile float q = p + (float)table[(u[i] >> 4) & 255];
        want[i] = q + (float)(-7 * 0.125);
      }
      kc::compare("k_constant" + sz, want, dout.get());
    }
    {
      std::vector<float4> a(n);
      std::vector<int2> b(n);
      std::vector<double2> c(n);
      for (size_t i = 0; i < n; ++i) {
        a[i] = make_float4((float)rng.uniform(-9, 9), (float)rng.uniform(-9, 9), (float)rng.uniform(-9, 9),
                           (float)rng.uniform(-9, 9));
        b[i] = make_int2(rng.i32(), rng.i32());
        c[i] = make_double2(rng.uniform(-9, 9), rng.uniform(-9, 9));
      }
      Dev<float4> da(a), doa(n);
      Dev<int2> db(b), dob(n);
      Dev<double2> dc(c), doc(n);
      k_vector<<<bl, 256>>>(da, db, dc, doa, dob, doc, n);
      kc::launched("k_vector" + sz);
      std::vector<float> wf, gf;
      std::vector<long long> wi, gi;
      std::vector<double> wd, gd;
      auto ga = doa.get();
      auto gb = dob.get();
      auto gc = doc.get();
      for (size_t i = 0; i < n; ++i) {
        volatile float z2 = a[i].z * 2, y1 = a[i].y + 1;
        wf.insert(wf.end(), {a[i].w, z2, y1, a[i].x});
        gf.insert(gf.end(), {ga[i].x, ga[i].y, ga[i].z, ga[i].w});
        wi.insert(wi.end(), {b[i].y ^ b[i].x, b[i].x});
        gi.insert(gi.end(), {gb[i].x, gb[i].y});
        wd.insert(wd.end(), {c[i].y, c[i].x - c[i].y});
        gd.insert(gd.end(), {gc[i].x, gc[i].y});
      }
      kc::compare("k_vector float4" + sz, wf, gf);
      kc::compare("k_vector int2" + sz, wi, gi);
      kc::compare("k_vector double2" + sz, wd, gd);
    }
    {
      auto a = kc::make<float>(n, [&] { return (float)rng.range(-1000, 1000); });
      auto c = kc::make<double>(n, [&] { return rng.uniform(-1, 1); });
      std::vector<int4> b(n);
      for (auto& v : b) v = make_int4(rng.range(-99, 99), rng.range(-99, 99), rng.range(-99, 99), rng.range(-99, 99));
      Dev<float> da(a);
      Dev<int4> db(b);
      Dev<double> dc(c), dout(n);
      k_ldg<<<bl, 256>>>(da, db, dc, dout, n);
      kc::launched("k_ldg" + sz);
      std::vector<double> want(n);
      for (size_t i = 0; i < n; ++i)
        want[i] = (double)(a[i] + (float)(b[i].x - b[i].y + b[i].z - b[i].w)) + c[(i * 7) % n];
      kc::compare("k_ldg" + sz, want, dout.get());
    }
    {
      Dev<int> dg(ints), dk(n);
      k_generic_pointer<<<bl, 256>>>(dg, dk, n);
      kc::launched("k_generic_pointer" + sz);
      std::vector<int> want(n), wk(n);
      for (size_t i = 0; i < n; ++i) {
        bool odd = (i % 256) & 1;
        want[i] = odd ? (int)(i % 256) + 100 : (int)((unsigned)ints[i] + 100u);
        wk[i] = odd ? 1 : 2;
      }
      kc::compare("k_generic_pointer values" + sz, want, dg.get());
      kc::compare("k_generic_pointer __isShared/__isGlobal/__isLocal" + sz, wk, dk.get());
    }
    {
      std::vector<int> idx(n);
      for (auto& v : idx) v = rng.range(0, 7999);
      static Big big;  // 32000 bytes: static, not on the host stack
      for (int k = 0; k < 8000; ++k) big.data[k] = k * 7 - 3 * (k % 11);
      Dev<int> didx(idx), dout(n);
      k_big_param<<<bl, 256>>>(big, didx, dout, n);
      kc::launched("k_big_param (32000-byte struct)" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = big.data[idx[i]] + big.data[7999 - idx[i]];
      kc::compare("k_big_param (32000-byte struct)" + sz, want, dout.get());
    }
    {
      Table t;
      for (int k = 0; k < 64; ++k) t.w[k] = (float)(k % 9) * 0.5f;
      t.count = 13;
      Dev<float> dout(n);
      k_grid_constant<<<bl, 256>>>(t, dout, n);
      kc::launched("k_grid_constant" + sz);
      std::vector<float> want(n);
      for (size_t i = 0; i < n; ++i) {
        float s = 0;
        for (int k = 0; k < t.count; ++k) s += t.w[i % 16 + k];
        want[i] = s + t.w[(i * 5) % 64];
      }
      kc::compare("k_grid_constant" + sz, want, dout.get());
    }
  }
  {
    k_device_var_write<<<4, 256>>>();
    kc::launched("k_device_var_write");
    Dev<int> dout(1024);
    k_device_var_read<<<1, 1024>>>(dout);
    kc::launched("k_device_var_read");
    std::vector<int> want(1024);
    for (int t = 0; t < 1024; ++t) want[t] = (1023 - t) * 3 + 1 + (int)((1023ull * 1024 / 2) & 0xffff);
    kc::compare("k_device_var_write/read", want, dout.get());
    unsigned long long sum = 0;
    chk::ok("cudaMemcpyFromSymbol d_sum", cudaMemcpyFromSymbol(&sum, d_sum, sizeof sum));
    chk::eq("d_sum", 1023ull * 1024 / 2, sum);
  }
  {
    Mixed m{};
    m.c = -5;
    m.d = 1.75;
    m.s = -300;
    for (int k = 0; k < 5; ++k) m.arr[k] = k * 100;
    m.v = make_float4(0.5f, 2.0f, -1.0f, 4.0f);
    m.flag = true;
    Dev<double> dout(64);
    k_struct_param<<<1, 64>>>(m, (char)9, -(1ll << 40), make_double2(1.5, -2.0), dout);
    kc::launched("k_struct_param");
    std::vector<double> want(64);
    for (int t = 0; t < 64; ++t)
      want[t] = (m.c + m.d * 2 + m.s + m.arr[t % 5] + 0.5 + 2.0 * 4.0 + -1.0 + 1) + 9 +
                (double)-(1ll << 40) + 1.5 * -2.0;
    kc::compare("k_struct_param", want, dout.get());
  }
  return chk::finish();
}
