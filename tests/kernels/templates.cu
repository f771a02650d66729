// Templates: one element-wise kernel template instantiated for 5 types (int, unsigned,
// long long, float, double) with 3 functors (add, multiply, max), and a block-sum template over
// the element type and the block size. Element-wise results are exact; sums use small integral
// values, so they are exact too.
#include "kcheck.h"

using kc::Dev;

struct Add {
  template <class T>
  __host__ __device__ T operator()(T a, T b) const { return a + b; }
};
struct Mul {
  template <class T>
  __host__ __device__ T operator()(T a, T b) const { return a * b; }
};
struct Max {
  template <class T>
  __host__ __device__ T operator()(T a, T b) const { return a > b ? a : b; }
};

template <class T, class Op>
__global__ void k_apply(const T* a, const T* b, T* out, size_t n, Op op) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) out[i] = op(a[i], b[i]);
}

template <class T, int BLOCK>
__global__ void k_block_sum(const T* a, T* out, size_t n) {
  __shared__ T s[BLOCK];
  size_t i = blockIdx.x * (size_t)BLOCK + threadIdx.x;
  s[threadIdx.x] = i < n ? a[i] : T(0);
  __syncthreads();
  for (int k = BLOCK / 2; k > 0; k /= 2) {
    if ((int)threadIdx.x < k) s[threadIdx.x] = s[threadIdx.x] + s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

template <class T>
static const char* type_name();
template <> const char* type_name<int>() { return "int"; }
template <> const char* type_name<unsigned>() { return "unsigned"; }
template <> const char* type_name<long long>() { return "long long"; }
template <> const char* type_name<float>() { return "float"; }
template <> const char* type_name<double>() { return "double"; }

template <class T, class Op>
static void check_apply(const char* op_name, const std::vector<T>& a, const std::vector<T>& b) {
  size_t n = a.size();
  Dev<T> da(a), db(b), dout(n);
  k_apply<<<kc::blocks_for(n), 256>>>(da.p, db.p, dout.p, n, Op());
  std::string name = std::string("k_apply<") + type_name<T>() + ", " + op_name + "> n=" + std::to_string(n);
  kc::launched(name);
  std::vector<T> want(n);
  for (size_t i = 0; i < n; ++i) want[i] = Op()(a[i], b[i]);
  kc::compare(name, want, dout.get());
}

template <class T, int BLOCK>
static void check_sum(const std::vector<T>& a) {
  size_t n = a.size();
  unsigned blocks = (unsigned)((n + BLOCK - 1) / BLOCK);
  Dev<T> da(a), dout(blocks);
  k_block_sum<T, BLOCK><<<blocks, BLOCK>>>(da.p, dout.p, n);
  std::string name = std::string("k_block_sum<") + type_name<T>() + ", " + std::to_string(BLOCK) +
                     "> n=" + std::to_string(n);
  kc::launched(name);
  std::vector<T> want(blocks, T(0));
  for (size_t i = 0; i < n; ++i) want[i / BLOCK] = want[i / BLOCK] + a[i];
  kc::compare(name, want, dout.get());
}

template <class T>
static void check_type(kc::Rng& rng, size_t n) {
  std::vector<T> a(n), b(n);
  for (size_t i = 0; i < n; ++i) a[i] = (T)rng.range(-100, 100), b[i] = (T)rng.range(-100, 100);
  check_apply<T, Add>("Add", a, b);
  check_apply<T, Mul>("Mul", a, b);
  check_apply<T, Max>("Max", a, b);
  check_sum<T, 128>(a);
  check_sum<T, 512>(a);
}

int main() {
  kc::Rng rng(18);
  for (size_t n : kc::kSizes) {
    check_type<int>(rng, n);
    check_type<unsigned>(rng, n);
    check_type<long long>(rng, n);
    check_type<float>(rng, n);
    check_type<double>(rng, n);
  }
  return chk::finish();
}
