// Atomics on global and shared memory under contention from every thread of many blocks:
// atomicAdd (int, unsigned, unsigned long long, float, double), atomicSub, atomicExch,
// atomicMin/Max (signed/unsigned, 32/64-bit), atomicInc/Dec (wrap-around), atomicAnd/Or/Xor,
// atomicCAS (32/64-bit) and CAS loops. Final values are order-independent and compared exactly
// (float/double sums use values whose partial sums are exact); returned old values are checked
// as a set where the order is not defined.
#include <algorithm>

#include "kcheck.h"

using kc::Dev;

#define TID() size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; if (i >= n) return

struct Counters {
  int add_i;
  unsigned add_u;
  unsigned long long add_ull;
  float add_f;
  double add_d;
  int sub_i;
  int min_i, max_i;
  unsigned min_u, max_u;
  long long min_ll, max_ll;
  unsigned long long min_ull, max_ull;
  unsigned and_u, or_u, xor_u;
  unsigned long long and_ull, or_ull, xor_ull;
  unsigned inc_u, dec_u;
};

__global__ void k_atomic_arith(const int* v, Counters* c, size_t n) {
  TID();
  int x = v[i];
  atomicAdd(&c->add_i, x);
  atomicAdd(&c->add_u, (unsigned)x);
  atomicAdd(&c->add_ull, (unsigned long long)(unsigned)x * 4096ull);
  atomicAdd(&c->add_f, (float)(x & 3) * 0.25f);  // exact partial sums (< 2^24 quarters)
  atomicAdd(&c->add_d, (double)x * 0.5);
  atomicSub(&c->sub_i, x);
}

__global__ void k_atomic_minmax_bits(const int* v, const long long* w, Counters* c, size_t n) {
  TID();
  int x = v[i];
  long long y = w[i];
  atomicMin(&c->min_i, x);
  atomicMax(&c->max_i, x);
  atomicMin(&c->min_u, (unsigned)x);
  atomicMax(&c->max_u, (unsigned)x);
  atomicMin(&c->min_ll, y);
  atomicMax(&c->max_ll, y);
  atomicMin(&c->min_ull, (unsigned long long)y);
  atomicMax(&c->max_ull, (unsigned long long)y);
  atomicAnd(&c->and_u, (unsigned)x | 0x80000001u);
  atomicOr(&c->or_u, (unsigned)x & 0x0f0f0f0fu);
  atomicXor(&c->xor_u, (unsigned)x);
  atomicAnd(&c->and_ull, (unsigned long long)y | 0x8000000000000000ull);
  atomicOr(&c->or_ull, (unsigned long long)y & 0x00ff00ff00ff00ffull);
  atomicXor(&c->xor_ull, (unsigned long long)y);
}

// atomicInc(p, L): old >= L ? 0 : old + 1.  atomicDec(p, L): old == 0 || old > L ? L : old - 1.
// Every thread applies the same operation, so n applications give one defined result.
__global__ void k_atomic_inc_dec(Counters* c, unsigned limit, unsigned* olds, size_t n) {
  TID();
  olds[i] = atomicInc(&c->inc_u, limit);
  atomicDec(&c->dec_u, limit);
}

// Exchange: the returned old values plus the final value are a permutation of initial + inputs.
__global__ void k_atomic_exch(const int* v, int* slot, int* olds, size_t n) {
  TID();
  olds[i] = atomicExch(&slot[i % 7], v[i]);
}

// CAS loops: a float maximum, a 64-bit multiply-accumulate modulo a prime, a "first claim" with
// 32-bit CAS that exactly one thread per slot wins.
__device__ float atomic_max_float(float* p, float v) {
  int* ip = (int*)p;
  int old = *ip, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= v) break;
    old = atomicCAS(ip, assumed, __float_as_int(v));
  } while (old != assumed);
  return __int_as_float(old);
}
__global__ void k_cas_loops(const int* v, float* fmax, unsigned long long* prod, int* claim,
                            int* winners, size_t n) {
  TID();
  atomic_max_float(fmax, (float)v[i] * 0.5f);
  unsigned long long old = *prod, assumed;
  unsigned long long m = (unsigned long long)(v[i] & 0xffff) + 1;
  do {
    assumed = old;
    old = atomicCAS(prod, assumed, (assumed * m) % 1000000007ull);
  } while (old != assumed);
  if (atomicCAS(&claim[i % 64], -1, (int)i) == -1) atomicAdd(&winners[i % 64], 1);
}

// Shared-memory atomics: a per-block histogram merged into global with atomicAdd.
__global__ void k_shared_histogram(const int* v, unsigned* hist, unsigned* maxes, size_t n) {
  __shared__ unsigned h[64];
  __shared__ unsigned mx;
  __shared__ int flag;
  if (threadIdx.x < 64) h[threadIdx.x] = 0;
  if (threadIdx.x == 0) mx = 0, flag = 0;
  __syncthreads();
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&h[v[i] & 63], 1u);
    atomicMax(&mx, (unsigned)v[i]);
    atomicOr(&flag, 1 << (v[i] & 7));
  }
  __syncthreads();
  if (threadIdx.x < 64) atomicAdd(&hist[threadIdx.x], h[threadIdx.x]);
  if (threadIdx.x == 0) {
    atomicMax(maxes, mx);
    atomicOr(&maxes[1], (unsigned)flag);
  }
}

// Per-element atomics with no contention: atomicCAS on 64-bit, atomicAdd returning old.
__global__ void k_atomic_returns(unsigned long long* a, int* b, int* olds, size_t n) {
  TID();
  atomicCAS(&a[i], (unsigned long long)i, (unsigned long long)i * 3 + 1);
  olds[i] = atomicAdd(&b[i], 5);
}

int main() {
  kc::Rng rng(13);
  for (size_t n : kc::kSizes) {
    std::string sz = " n=" + std::to_string(n);
    unsigned bl = kc::blocks_for(n);
    auto v = kc::make<int>(n, [&] { return rng.i32() >> (rng.u32() % 20); });
    auto w = kc::make<long long>(n, [&] { return (long long)rng.u64() >> (rng.u32() % 40); });
    Counters init{};
    init.min_i = INT_MAX;
    init.max_i = INT_MIN;
    init.min_u = ~0u;
    init.min_ll = LLONG_MAX;
    init.max_ll = LLONG_MIN;
    init.min_ull = ~0ull;
    init.and_u = ~0u;
    init.and_ull = ~0ull;
    init.dec_u = 5;
    Dev<int> dv(v);
    Dev<long long> dw(w);
    {
      Dev<Counters> dc(std::vector<Counters>{init});
      k_atomic_arith<<<bl, 256>>>(dv, dc, n);
      kc::launched("k_atomic_arith" + sz);
      Counters g = dc.get()[0];
      unsigned su = 0;
      unsigned long long sull = 0;
      float sf = 0;
      double sd = 0;
      for (int x : v) {
        su += (unsigned)x;
        sull += (unsigned long long)(unsigned)x * 4096ull;
        sf += (float)(x & 3) * 0.25f;
        sd += (double)x * 0.5;
      }
      chk::eq("k_atomic_arith atomicAdd int" + sz, (int)su, g.add_i);
      chk::eq("k_atomic_arith atomicAdd unsigned" + sz, su, g.add_u);
      chk::eq("k_atomic_arith atomicAdd ull" + sz, sull, g.add_ull);
      chk::eq("k_atomic_arith atomicAdd float" + sz, kc::show(sf), kc::show(g.add_f));
      chk::eq("k_atomic_arith atomicAdd double" + sz, kc::show(sd), kc::show(g.add_d));
      chk::eq("k_atomic_arith atomicSub int" + sz, (int)(0u - su), g.sub_i);
    }
    {
      Dev<Counters> dc(std::vector<Counters>{init});
      k_atomic_minmax_bits<<<bl, 256>>>(dv, dw, dc, n);
      kc::launched("k_atomic_minmax_bits" + sz);
      Counters g = dc.get()[0], e = init;
      for (size_t i = 0; i < n; ++i) {
        int x = v[i];
        long long y = w[i];
        e.min_i = std::min(e.min_i, x);
        e.max_i = std::max(e.max_i, x);
        e.min_u = std::min(e.min_u, (unsigned)x);
        e.max_u = std::max(e.max_u, (unsigned)x);
        e.min_ll = std::min(e.min_ll, y);
        e.max_ll = std::max(e.max_ll, y);
        e.min_ull = std::min(e.min_ull, (unsigned long long)y);
        e.max_ull = std::max(e.max_ull, (unsigned long long)y);
        e.and_u &= (unsigned)x | 0x80000001u;
        e.or_u |= (unsigned)x & 0x0f0f0f0fu;
        e.xor_u ^= (unsigned)x;
        e.and_ull &= (unsigned long long)y | 0x8000000000000000ull;
        e.or_ull |= (unsigned long long)y & 0x00ff00ff00ff00ffull;
        e.xor_ull ^= (unsigned long long)y;
      }
      chk::eq("k_atomic_minmax_bits atomicMin int" + sz, e.min_i, g.min_i);
      chk::eq("k_atomic_minmax_bits atomicMax int" + sz, e.max_i, g.max_i);
      chk::eq("k_atomic_minmax_bits atomicMin unsigned" + sz, e.min_u, g.min_u);
      chk::eq("k_atomic_minmax_bits atomicMax unsigned" + sz, e.max_u, g.max_u);
      chk::eq("k_atomic_minmax_bits atomicMin long long" + sz, e.min_ll, g.min_ll);
      chk::eq("k_atomic_minmax_bits atomicMax long long" + sz, e.max_ll, g.max_ll);
      chk::eq("k_atomic_minmax_bits atomicMin ull" + sz, e.min_ull, g.min_ull);
      chk::eq("k_atomic_minmax_bits atomicMax ull" + sz, e.max_ull, g.max_ull);
      chk::eq("k_atomic_minmax_bits atomicAnd unsigned" + sz, e.and_u, g.and_u);
      chk::eq("k_atomic_minmax_bits atomicOr unsigned" + sz, e.or_u, g.or_u);
      chk::eq("k_atomic_minmax_bits atomicXor unsigned" + sz, e.xor_u, g.xor_u);
      chk::eq("k_atomic_minmax_bits atomicAnd ull" + sz, e.and_ull, g.and_ull);
      chk::eq("k_atomic_minmax_bits atomicOr ull" + sz, e.or_ull, g.or_ull);
      chk::eq("k_atomic_minmax_bits atomicXor ull" + sz, e.xor_ull, g.xor_ull);
    }
    for (unsigned limit : {0u, 6u, 1000u}) {
      Dev<Counters> dc(std::vector<Counters>{init});
      Dev<unsigned> dold(n);
      k_atomic_inc_dec<<<bl, 256>>>(dc, limit, dold, n);
      std::string name = "k_atomic_inc_dec limit=" + std::to_string(limit) + sz;
      kc::launched(name);
      Counters g = dc.get()[0];
      unsigned inc = 0, dec = 5;
      std::vector<unsigned> olds_want;
      for (size_t i = 0; i < n; ++i) {
        olds_want.push_back(inc);
        inc = inc >= limit ? 0 : inc + 1;
        dec = (dec == 0 || dec > limit) ? limit : dec - 1;
      }
      chk::eq(name + " atomicInc final", inc, g.inc_u);
      chk::eq(name + " atomicDec final", dec, g.dec_u);
      auto olds = dold.get();
      std::sort(olds.begin(), olds.end());
      std::sort(olds_want.begin(), olds_want.end());
      kc::compare(name + " atomicInc returned values (as a multiset)", olds_want, olds);
    }
    {
      std::vector<int> slots(7);
      for (int k = 0; k < 7; ++k) slots[k] = -1000 - k;
      Dev<int> ds(slots), dold(n);
      k_atomic_exch<<<bl, 256>>>(dv, ds, dold, n);
      kc::launched("k_atomic_exch" + sz);
      auto olds = dold.get();
      auto fin = ds.get();
      bool ok = true;
      for (int k = 0; k < 7; ++k) {
        std::vector<int> want{slots[k]}, got{fin[k]};
        for (size_t i = k; i < n; i += 7) want.push_back(v[i]), got.push_back(olds[i]);
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        ok = ok && want == got;
      }
      chk::that("k_atomic_exch old values + final = initial + inputs, per slot" + sz, ok,
                "a permutation", ok ? "a permutation" : "not a permutation");
    }
    {
      std::vector<float> fm{-1e30f};
      Dev<float> dfm(fm);
      Dev<unsigned long long> dp(std::vector<unsigned long long>{1});
      Dev<int> dclaim(std::vector<int>(64, -1)), dwin(64);
      k_cas_loops<<<bl, 256>>>(dv, dfm, dp, dclaim, dwin, n);
      kc::launched("k_cas_loops" + sz);
      float mx = -1e30f;
      unsigned long long prod = 1;
      for (int x : v) {
        mx = std::max(mx, (float)x * 0.5f);
        prod = (prod * ((unsigned long long)(x & 0xffff) + 1)) % 1000000007ull;
      }
      chk::eq("k_cas_loops float max" + sz, kc::show(mx), kc::show(dfm.get()[0]));
      chk::eq("k_cas_loops 64-bit product mod p" + sz, prod, dp.get()[0]);
      auto win = dwin.get();
      auto claim = dclaim.get();
      std::vector<int> wwin(64), gclaim_ok(64), wclaim_ok(64, 1);
      for (size_t k = 0; k < 64; ++k) {
        wwin[k] = k < n ? 1 : 0;
        gclaim_ok[k] = k < n ? (claim[k] >= 0 && (size_t)claim[k] % 64 == k) : claim[k] == -1;
      }
      kc::compare("k_cas_loops one CAS winner per slot" + sz, wwin, win);
      kc::compare("k_cas_loops winner index belongs to the slot" + sz, wclaim_ok, gclaim_ok);
    }
    {
      Dev<unsigned> dh(64), dm(2);
      k_shared_histogram<<<bl, 256>>>(dv, dh, dm, n);
      kc::launched("k_shared_histogram" + sz);
      std::vector<unsigned> want(64, 0);
      unsigned mx = 0, flags = 0;
      for (int x : v) {
        want[x & 63]++;
        mx = std::max(mx, (unsigned)x);
        flags |= 1u << (x & 7);
      }
      auto got = dh.get();
      kc::compare("k_shared_histogram bins" + sz, want, got);
      auto m = dm.get();
      chk::eq("k_shared_histogram atomicMax (shared then global)" + sz, mx, m[0]);
      chk::eq("k_shared_histogram atomicOr" + sz, flags, m[1]);
    }
    {
      std::vector<unsigned long long> a(n);
      for (size_t i = 0; i < n; ++i) a[i] = (i % 3) ? i : i + 1;  // every third CAS fails
      Dev<unsigned long long> da(a);
      Dev<int> db(v), dold(n);
      k_atomic_returns<<<bl, 256>>>(da, db, dold, n);
      kc::launched("k_atomic_returns" + sz);
      std::vector<unsigned long long> wa(n);
      std::vector<int> wb(n);
      for (size_t i = 0; i < n; ++i) {
        wa[i] = a[i] == i ? i * 3 + 1 : a[i];
        wb[i] = (int)((unsigned)v[i] + 5u);
      }
      kc::compare("k_atomic_returns atomicCAS 64-bit" + sz, wa, da.get());
      kc::compare("k_atomic_returns atomicAdd result" + sz, wb, db.get());
      kc::compare("k_atomic_returns atomicAdd returns old" + sz, v, dold.get());
    }
  }
  return chk::finish();
}
