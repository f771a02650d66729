// Control flow: nested divergent if/else, loops with per-thread trip counts (break/continue),
// early return, switch (dense and sparse), short-circuit conditions, recursion (fib, factorial,
// tree depth), function pointers and virtual functions (device-side polymorphism). Exact.
#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

__host__ __device__ inline int nested(int x) {
  int r = 0;
  if (x & 1) {
    if (x & 2) {
      r = x * 3;
    } else if (x & 4) {
      r = -x;
    } else {
      r = x ^ 0x55;
    }
  } else {
    if ((x & 12) == 12) r = x / 3;
    else r = x + 100;
    if (x & 16) r *= 2;
  }
  return r;
}
__global__ void k_divergent_nest(const int* in, int* out, size_t n) {
  TID();
  out[i] = nested(in[i]);
}

__host__ __device__ inline unsigned loops(unsigned x) {
  unsigned acc = 0;
  for (unsigned k = 0; k < (x & 63); ++k) {  // per-thread trip count
    if (k % 7 == 3) continue;
    acc = acc * 31 + k;
    if (acc % 101 == 5) break;
  }
  unsigned w = x >> 8;
  while (w > 1) w = (w & 1) ? 3 * w + 1 : w / 2, acc += 1;  // Collatz steps
  int j = 0;
  do {
    acc ^= acc << 3;
    ++j;
  } while (j < (int)(x % 5));
  return acc;
}
__global__ void k_loops(const unsigned* in, unsigned* out, size_t n) {
  TID();
  out[i] = loops(in[i]);
}

__global__ void k_early_return(const int* in, int* out, size_t n) {
  TID();
  int x = in[i];
  out[i] = -1;
  if (x < 0) return;
  out[i] = 1;
  if (x % 3 == 0) return;
  for (int k = 0; k < 10; ++k) {
    if (k * k > x % 50) {
      out[i] = k;
      return;
    }
  }
  out[i] = 99;
}

__host__ __device__ inline int switches(int x) {
  int r;
  switch (x & 15) {  // dense: may become a jump table (brx.idx)
    case 0: r = 10; break;
    case 1: r = x * 2; break;
    case 2: r = x - 7; // fall through
    case 3: r = 33; break;
    case 4: r = x ^ 4; break;
    case 5: r = 5; break;
    case 6: r = -6; break;
    case 7: r = x >> 2; break;
    case 8: r = 88; break;
    case 9: r = x % 9; break;
    case 10: r = 1010; break;
    default: r = -x;
  }
  switch (x >> 20) {  // sparse
    case -1000: r += 1; break;
    case 7: r += 2; break;
    case 1000: r += 3; break;
    case 100000: r += 4; break;
    default: break;
  }
  return r;
}
__global__ void k_switch(const int* in, int* out, size_t n) {
  TID();
  out[i] = switches(in[i]);
}

__device__ int g_side_effects;
__host__ __device__ inline bool costly(int x, int* count) {
  ++*count;
  return x % 3 == 0;
}
__global__ void k_short_circuit(const int* in, int* out, size_t n) {
  TID();
  int x = in[i], count = 0;
  bool r = (x > 0 && costly(x, &count)) || (x < -100 && costly(-x, &count)) || costly(x + 1, &count);
  out[i] = r * 100 + count;
}

// Recursion (calls that cannot be inlined away).
__host__ __device__ __noinline__ int fib(int k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); }
__host__ __device__ __noinline__ long long factorial(int k) { return k <= 1 ? 1 : k * factorial(k - 1); }
__host__ __device__ __noinline__ int depth(const int* left, const int* right, int node) {
  if (node < 0) return 0;
  int a = depth(left, right, left[node]), b = depth(left, right, right[node]);
  return 1 + (a > b ? a : b);
}
__global__ void k_recursion(const int* in, const int* left, const int* right, long long* out,
                            size_t n) {
  TID();
  int x = in[i] & 15;
  out[3 * i] = fib(x);
  out[3 * i + 1] = factorial(x + 5);
  out[3 * i + 2] = depth(left, right, in[i] & 63);
}

// Function pointers from a device table, chosen per thread.
__device__ int op_add(int a, int b) { return a + b; }
__device__ int op_mul(int a, int b) { return a * b; }
__device__ int op_xor(int a, int b) { return a ^ b; }
__device__ int op_max(int a, int b) { return a > b ? a : b; }
typedef int (*BinOp)(int, int);
__device__ BinOp d_ops[4] = {op_add, op_mul, op_xor, op_max};
__global__ void k_function_pointers(const int* a, const int* b, int* out, size_t n) {
  TID();
  BinOp f = d_ops[(a[i] >> 4) & 3];
  out[i] = f(a[i] & 0xffff, b[i] & 0xffff);
}

// Virtual functions: objects constructed on the device so their vtables are device vtables.
struct Shape {
  __device__ virtual float area() const = 0;
  __device__ virtual int sides() const { return 0; }
};
struct Rect : Shape {
  float w, h;
  __device__ Rect(float a, float b) : w(a), h(b) {}
  __device__ float area() const override { return w * h; }
  __device__ int sides() const override { return 4; }
};
struct Tri : Shape {
  float b, h;
  __device__ Tri(float x, float y) : b(x), h(y) {}
  __device__ float area() const override { return 0.5f * b * h; }
  __device__ int sides() const override { return 3; }
};
struct Circle : Shape {
  float r;
  __device__ explicit Circle(float x) : r(x) {}
  __device__ float area() const override { return 3.0f * r * r; }
};
__global__ void k_virtual(const int* in, float* out, int* sides, size_t n) {
  TID();
  int x = in[i];
  float p = (float)(x & 255), q = (float)((x >> 8) & 255);
  Rect r(p, q);
  Tri t(p, q);
  Circle c(p);
  const Shape* s = (x >> 16) % 3 == 0 ? (const Shape*)&r : (x >> 16) % 3 == 1 ? (const Shape*)&t : &c;
  out[i] = s->area();
  sides[i] = s->sides();
}

int main() {
  kc::Rng rng(15);
  // A random binary tree of 64 nodes for the depth recursion.
  std::vector<int> left(64, -1), right(64, -1);
  for (int k = 1; k < 64; ++k) {
    int p = rng.range(0, k - 1);
    while (left[p] >= 0 && right[p] >= 0) p = (p + 1) % k;
    (left[p] < 0 ? left[p] : right[p]) = k;
  }
  Dev<int> dl(left), dr(right);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto v = kc::make<int>(n, [&] { return rng.u32() % 2 ? rng.i32() : rng.range(-300, 300); });
    Dev<int> dv(v);
    {
      Dev<int> dout(n);
      k_divergent_nest<<<bl, 256>>>(dv, dout, n);
      kc::launched("k_divergent_nest" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = nested(v[i]);
      kc::compare("k_divergent_nest" + sz, want, dout.get());
    }
    {
      std::vector<unsigned> u(n);
      for (auto& x : u) x = rng.u32() & 0xffffff;
      Dev<unsigned> du(u), dout(n);
      k_loops<<<bl, 256>>>(du, dout, n);
      kc::launched("k_loops" + sz);
      std::vector<unsigned> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = loops(u[i]);
      kc::compare("k_loops" + sz, want, dout.get());
    }
    {
      Dev<int> dout(n);
      k_early_return<<<bl, 256>>>(dv, dout, n);
      kc::launched("k_early_return" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) {
        int x = v[i], r = 99;
        if (x < 0) r = -1;
        else if (x % 3 == 0) r = 1;
        else
          for (int k = 0; k < 10; ++k)
            if (k * k > x % 50) { r = k; break; }
        want[i] = r;
      }
      kc::compare("k_early_return" + sz, want, dout.get());
    }
    {
      Dev<int> dout(n);
      k_switch<<<bl, 256>>>(dv, dout, n);
      kc::launched("k_switch" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) want[i] = switches(v[i]);
      kc::compare("k_switch" + sz, want, dout.get());
    }
    {
      Dev<int> dout(n);
      k_short_circuit<<<bl, 256>>>(dv, dout, n);
      kc::launched("k_short_circuit" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) {
        int x = v[i], count = 0;
        bool r = (x > 0 && costly(x, &count)) || (x < -100 && costly(-x, &count)) || costly(x + 1, &count);
        want[i] = r * 100 + count;
      }
      kc::compare("k_short_circuit" + sz, want, dout.get());
    }
    if (n <= 100000) {
      Dev<long long> dout(3 * n);
      k_recursion<<<bl, 256>>>(dv, dl, dr, dout, n);
      kc::launched("k_recursion" + sz);
      std::vector<long long> want(3 * n);
      for (size_t i = 0; i < n; ++i) {
        want[3 * i] = fib(v[i] & 15);
        want[3 * i + 1] = factorial((v[i] & 15) + 5);
        want[3 * i + 2] = depth(left.data(), right.data(), v[i] & 63);
      }
      kc::compare("k_recursion (fib factorial tree depth)" + sz, want, dout.get());
    }
    {
      auto b = kc::make<int>(n, [&] { return rng.i32(); });
      Dev<int> db(b), dout(n);
      k_function_pointers<<<bl, 256>>>(dv, db, dout, n);
      kc::launched("k_function_pointers" + sz);
      std::vector<int> want(n);
      for (size_t i = 0; i < n; ++i) {
        int x = v[i] & 0xffff, y = b[i] & 0xffff;
        switch ((v[i] >> 4) & 3) {
          case 0: want[i] = x + y; break;
          case 1: want[i] = (int)((unsigned)x * (unsigned)y); break;
          case 2: want[i] = x ^ y; break;
          default: want[i] = std::max(x, y);
        }
      }
      kc::compare("k_function_pointers" + sz, want, dout.get());
    }
    {
      std::vector<int> u(n);
      for (auto& x : u) x = (int)(rng.u32() & 0x7fffffff);
      Dev<int> du(u), ds(n);
      Dev<float> dout(n);
      k_virtual<<<bl, 256>>>(du, dout, ds, n);
      kc::launched("k_virtual" + sz);
      std::vector<float> want(n);
      std::vector<int> ws(n);
      for (size_t i = 0; i < n; ++i) {
        int x = u[i];
        volatile float p = (float)(x & 255), q = (float)((x >> 8) & 255);
        int kind = (x >> 16) % 3;
        volatile float half = 0.5f * p;
        want[i] = kind == 0 ? p * q : kind == 1 ? half * q : (float)(3.0f * p) * p;
        ws[i] = kind == 0 ? 4 : kind == 1 ? 3 : 0;
      }
      kc::compare("k_virtual area" + sz, want, dout.get());
      kc::compare("k_virtual sides" + sz, ws, ds.get());
    }
  }
  return chk::finish();
}
