// Shapes that matter to the cpu compiler's block-wide code (one call runs a whole block, with
// control flow decided for all its warps at once; runtime/backends/cpu/compiler/README.md):
// threads that return before a barrier, loops with per-thread trip counts ending before a barrier,
// shared-memory exchanges between warps across a barrier in 1-D and 3-D blocks, per-thread local
// arrays, pointers walking through memory in uniform and divergent loops, kernels that mix
// warp shuffles with barriers (block-wide too: each warp's shuffle runs over its own lanes),
// branch bodies run in place and branches on the thread index. Block sizes 1, 33, 96, 256, 1000,
// 1024; exact (integer data).
#include "kcheck.h"

using kc::Dev;

// Threads past n return first; the rest exchange values through shared memory, reading the
// slot of the live thread `(t + 5) % live` of their block.
__global__ void k_exit_then_barrier(const int* in, int* out, int n) {
  extern __shared__ int s[];
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  if (i >= n) return;
  s[t] = in[i] * 3 + 1;
  __syncthreads();
  int live = min(int(blockDim.x), n - int(blockIdx.x * blockDim.x));
  out[i] = s[(t + 5) % live] - s[t];
}

// A loop whose trip count differs per thread (t % 13 + in[i] % 5), then a barrier, then each
// thread reads the slot of the thread at the mirrored position.
__global__ void k_divergent_loop_then_barrier(const int* in, int* out) {
  extern __shared__ int s[];
  int t = threadIdx.x, B = blockDim.x, i = blockIdx.x * B + t;
  int v = in[i];
  unsigned acc = 0;  // wraps like the host reference
  int trips = t % 13 + (v & 0x7fffffff) % 5;
  for (int k = 0; k < trips; ++k) acc = acc * 3u + unsigned(v ^ k);
  s[t] = int(acc);
  __syncthreads();
  out[i] = int(unsigned(s[B - 1 - t]) + (t & 1 ? acc : 0u - acc));
}

// A 3-D block: each thread reads the neighbour one step along z (wrapping), which lives in
// another warp whenever x*y >= 32.
__global__ void k_3d_neighbour(const int* in, int* out) {
  __shared__ int s[4][8][8];
  int x = threadIdx.x, y = threadIdx.y, z = threadIdx.z;
  int b = blockIdx.x * 256;
  int lin = (z * 8 + y) * 4 + x;  // blockDim = (4, 8, 8)
  s[x][y][z] = in[b + lin];
  __syncthreads();
  out[b + lin] = s[x][y][(z + 1) % 8] * 2 - s[x][(y + 3) % 8][z];
}

// Each thread fills a local array indexed by its data, then publishes a checksum through
// shared memory; the barrier makes every warp's frame live at once.
__global__ void k_local_then_barrier(const int* in, int* out) {
  extern __shared__ int s[];
  int t = threadIdx.x, B = blockDim.x, i = blockIdx.x * B + t;
  int a[16];
  for (int k = 0; k < 16; ++k) a[k] = in[i] + k * t;
  int j = (in[i] & 0x7fffffff) % 16;
  a[j] += 100;
  int sum = 0;
  for (int k = 0; k < 16; ++k) sum += a[k] * (k + 1);
  s[t] = sum;
  __syncthreads();
  out[i] = s[(t + B / 2) % B] ^ a[(j + 1) % 16];
}

// Pointers walking through memory (induction variables: a per-lane start, the same step in
// every lane). In k_pointer_walk every lane takes every step, so neighbouring lanes stay one
// element apart (contiguous loads); in k_divergent_walk lanes take different numbers of steps,
// so after the loop they are not.
__global__ void k_pointer_walk(const int* in, int* out, int cols, int steps) {
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  const int* p = in + i;
  int acc = 0;
  for (int k = 0; k < steps; ++k) {
    acc += *p * (k + 1);
    p += cols;
  }
  out[i] = acc;
  if (t % 7 == 3) out[i] += p[-cols];
}

__global__ void k_divergent_walk(const int* in, int* out, int cols) {
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  const int* p = in + i;
  // The first and last lane of each warp walk equally far, the lanes between them do not: a
  // check of a run's ends alone cannot tell.
  int trips = (t % 32 == 0 || t % 32 == 31) ? 2 : t % 5;
  for (int k = 0; k < trips; ++k) p += cols;
  out[i] = *p;
}

// Warp shuffles and barriers together: a per-warp sum, then the first warp sums the warps' sums.
__global__ void k_shuffle_and_barrier(const int* in, int* out) {
  __shared__ int warp_sums[32];
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  int v = in[i];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  if (t % 32 == 0) warp_sums[t / 32] = v;
  __syncthreads();
  if (t < 32) {
    int w = t < int(blockDim.x / 32) ? warp_sums[t] : 0;
    for (int o = 16; o > 0; o >>= 1) w += __shfl_xor_sync(0xffffffffu, w, o);
    if (t == 0) out[blockIdx.x] = w;
  }
}

// Shuffles on per-warp paths before a barrier: odd warps shift down, even warps shift up, so
// the block's warps take different sides of a branch whose predicate is uniform per warp.
__global__ void k_shuffle_per_warp_paths(const int* in, int* out) {
  extern __shared__ int s[];
  int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
  int v = in[i];
  if ((t / 32) % 2) v += __shfl_down_sync(0xffffffffu, v, 3);
  else v -= __shfl_up_sync(0xffffffffu, v, 5);
  s[t] = v;
  __syncthreads();
  out[i] = s[(t + 32) % blockDim.x] ^ v;
}

// Divergent `if`s whose body is one basic block ending where the branch reconverges, run in
// place under the lanes that take it (codegen.cc, InlineSide): a tree sum over a block of any
// size (`t < k && t + k < n`: the inner branch reconverges where the outer one does), and, in
// PTX, a body on the taken side. Its predicate is computed from a register that changes before
// the branch: a compare folded into the branch (FoldedCompare) must see the value setp saw.
__global__ void k_branch_sides(const int* in, int* out) {
  extern __shared__ int s[];
  const int t = threadIdx.x, n = blockDim.x, i = blockIdx.x * n + t;
  s[t] = in[i];
  __syncthreads();
  int k = 1;
  while (k * 2 < n) k *= 2;
  for (; k > 0; k >>= 1) {
    if (t < k && t + k < n) s[t] += s[t + k];
    __syncthreads();
  }
  const int total = s[0];
  __syncthreads();
  s[t] = in[i];
  __syncthreads();
  if (t < n / 4 || t >= n - n / 4) s[t] = -t;  // a compound predicate, alone in its block
  __syncthreads();
  int x = in[i] + s[n - 1 - t], y = t;
  asm("{\n\t.reg .pred p;\n\t"
      "setp.lt.s32 p, %1, %2;\n\t"
      "add.s32 %1, %1, 7;\n\t"
      "@p bra BS_TAKEN;\n"
      "BS_JOIN:\n\t"
      "bra.uni BS_OUT;\n"
      "BS_TAKEN:\n\t"
      "add.s32 %0, %0, 1000;\n\t"
      "bra.uni BS_JOIN;\n"
      "BS_OUT:\n\t}"
      : "+r"(x), "+r"(y)
      : "r"(n / 2));
  out[i] = total * 3 + x + y;
}

// A loop whose value `acc` lives only inside the loop's body, set by a guarded first write in
// the first iteration and carried to the next ones (PTX: nvcc does not emit it, a hand-written
// kernel may): a value of one warp group that is read before it is written in an execution
// must stay per warp (codegen.cc, FindLocals), or warps would read each other's. Result: each
// thread gets 4 * (its xor-1 partner's input) + 10.
__global__ void k_carried_in_group(const int* in, int* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  int res = 0;
  asm("{\n\t.reg .pred p, q;\n\t.reg .b32 acc, k, a;\n\t"
      "mov.b32 k, 0;\n"
      "CG_LOOP:\n\t"
      "setp.eq.s32 p, k, 0;\n\t"
      "@p mov.b32 acc, %1;\n\t"
      "add.s32 acc, acc, k;\n\t"
      "shfl.sync.bfly.b32 a, acc, 1, 31, -1;\n\t"
      "add.s32 %0, %0, a;\n\t"
      "add.s32 k, k, 1;\n\t"
      "setp.lt.s32 q, k, 4;\n\t"
      "@q bra CG_LOOP;\n\t}"
      : "+r"(res)
      : "r"(in[i]));
  out[i] = res;
}

// Branches on a compare of the thread index with a bound, each alone after a barrier: the
// compiled path takes their ballots in closed form for a full warp (codegen.cc,
// ClosedFormBallot), here with bounds below, inside and past the block and across warp edges,
// signed and unsigned, index on either side, and equal / not equal to it.
__global__ void k_tid_bounds(int* out, int k) {
  extern __shared__ int s[];
  const int t = threadIdx.x;
  s[t] = 0;
  __syncthreads();
  if (t < k) s[t] += 1;
  __syncthreads();
  if (k - 5 <= t) s[t] += 2;
  __syncthreads();
  if (unsigned(t) > unsigned(k + 3)) s[t] += 4;
  __syncthreads();
  if (t >= k + 10) s[t] += 8;
  __syncthreads();
  if (t == k) s[t] += 16;
  __syncthreads();
  if (t != k + 1) s[t] += 32;
  __syncthreads();
  out[blockIdx.x * blockDim.x + t] = s[t];
}

// A compare of threadIdx.x & 63 with a bound after a barrier: lane-affine within a warp, but a
// warp whose values are all past the bound (32..63 < 32 fails) says nothing of the next one
// (0..31), so the pass over the warps must not end there (codegen.cc, Affine::folded keeps
// ClosedFormBallot and MonotonePast off folded values). f is computed before the barrier.
__global__ void k_folded_bound(int* out, int k) {
  extern __shared__ int s[];
  const int t = threadIdx.x, f = t & 63;
  s[t] = f == k + 1000 ? 1 : 0;  // never (f < 64): keeps f's definition ahead of the barrier
  __syncthreads();
  if (f < k) s[t] += 64 + 128 * f;
  __syncthreads();
  out[blockIdx.x * blockDim.x + t] = s[t];
}

// Tree reductions along threadIdx.x of a 2-D block, one per row: in a 2-D block the warps do
// not number their lanes by %tid.x in order (a 64x4 block's third warp starts again at x = 0),
// so a warp past the bound does not mean the later ones are (codegen.cc, MonotonePast: only
// 1-D blocks end the pass over the warps early).
__global__ void k_row_steps(const int* in, int* out) {
  extern __shared__ int s[];
  const int x = threadIdx.x, w = blockDim.x, at = threadIdx.y * w + x;
  const int i = (blockIdx.x * blockDim.y + threadIdx.y) * w + x;
  s[at] = in[i];
  __syncthreads();
  for (int k = w / 2; k > 0; k >>= 1) {
    if (x < k) s[at] += s[at + k];
    __syncthreads();
  }
  out[i] = s[threadIdx.y * w];
}

// The same steps on an index that crosses INT_MAX (or UINT_MAX, compared unsigned) between the
// warps of a 1-D block: a warp wholly past the bound is followed by warps below it again.
__global__ void k_wrap_steps(int* out, int base, int k) {
  extern __shared__ int s[];
  const int t = threadIdx.x, j = t + base;
  s[t] = 0;
  __syncthreads();
  if (j < k) s[t] += 1;
  __syncthreads();
  if (unsigned(j) < unsigned(k)) s[t] += 2;
  __syncthreads();
  out[blockIdx.x * blockDim.x + t] = s[t];
}

// A grid index with no barrier or loop around it is recomputed at each use (codegen.cc,
// TidIndex) and a lone compare of it, alone in its block, is taken in the ballot in closed
// form when the warp's 32 values do not wrap. k_index_exit: the usual bounds check at odd
// sizes. k_index_wrap: j = i + base crosses INT_MAX inside a warp for some bases, where the
// closed form must give way to the per-lane compare.
__global__ void k_index_exit(const int* in, int* out, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[i] = in[i] + 3;
}

__global__ void k_index_wrap(const int* in, int* out, int base, int k) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const int j = i + base;
  if (j < k) out[i] = in[i] + 3;
}

int main() {
  kc::Rng rng(31);
  for (int n : {1, 31, 33, 1000, 100003}) {
    const int bs = n < 256 ? 64 : 256, total = (n + bs - 1) / bs * bs;
    auto v = kc::make<int>(total, [&] { return rng.range(-1000, 1000); });
    Dev<int> dv(v);
    const std::string sz = " n=" + std::to_string(n);
    {
      Dev<int> dout(std::vector<int>(total, -7));
      k_index_exit<<<total / bs, bs>>>(dv, dout, n);
      kc::launched("k_index_exit" + sz);
      std::vector<int> want(total, -7);
      for (int i = 0; i < n; ++i) want[i] = v[i] + 3;
      kc::compare("k_index_exit" + sz, want, dout.get());
    }
    for (int base : {0, -17, 2147483647 - 40, -2147483647 - 1 + 3}) {
      for (int k : {0, 17, -2147483647 + 5, 2147483647}) {
        const std::string at = sz + " base=" + std::to_string(base) + " k=" + std::to_string(k);
        Dev<int> dout(std::vector<int>(total, -7));
        k_index_wrap<<<total / bs, bs>>>(dv, dout, base, k);
        kc::launched("k_index_wrap" + at);
        std::vector<int> want(total, -7);
        for (int i = 0; i < total; ++i) {
          const int j = static_cast<int>(static_cast<unsigned>(i) + static_cast<unsigned>(base));  // wraps as the kernel's add
          if (j < k) want[i] = v[i] + 3;
        }
        kc::compare("k_index_wrap" + at, want, dout.get());
      }
    }
  }
  for (int bs : {1, 33, 96, 256, 1000, 1024}) {
    for (int blocks : {1, 5}) {
      const std::string sz = " block=" + std::to_string(bs) + " blocks=" + std::to_string(blocks);
      const int total = bs * blocks;
      auto v = kc::make<int>(total, [&] { return rng.range(-1000, 1000); });
      Dev<int> dv(v);
      for (int n : {total, total - bs / 3 - 1, 1}) {
        if (n < 1) continue;
        Dev<int> dout(std::vector<int>(total, -7));
        k_exit_then_barrier<<<blocks, bs, bs * sizeof(int)>>>(dv, dout, n);
        kc::launched("k_exit_then_barrier" + sz);
        std::vector<int> want(total, -7);
        for (int i = 0; i < n; ++i) {
          const int b = i / bs, t = i % bs;
          const int live = std::min(bs, n - b * bs);
          want[i] = (v[b * bs + (t + 5) % live] * 3 + 1) - (v[i] * 3 + 1);
        }
        kc::compare("k_exit_then_barrier n=" + std::to_string(n) + sz, want, dout.get());
      }
      {
        Dev<int> dout(total);
        k_divergent_loop_then_barrier<<<blocks, bs, bs * sizeof(int)>>>(dv, dout);
        kc::launched("k_divergent_loop_then_barrier" + sz);
        std::vector<int> acc(total), want(total);
        for (int i = 0; i < total; ++i) {
          const int t = i % bs;
          const int trips = t % 13 + (v[i] & 0x7fffffff) % 5;
          unsigned a = 0;  // unsigned: the kernel's int arithmetic wraps the same way
          for (int k = 0; k < trips; ++k) a = a * 3u + unsigned(v[i] ^ k);
          acc[i] = int(a);
        }
        for (int i = 0; i < total; ++i) {
          const int b = i / bs, t = i % bs;
          want[i] = int(unsigned(acc[b * bs + bs - 1 - t]) + (t & 1 ? unsigned(acc[i]) : 0u - unsigned(acc[i])));
        }
        kc::compare("k_divergent_loop_then_barrier" + sz, want, dout.get());
      }
      {
        Dev<int> dout(total);
        k_local_then_barrier<<<blocks, bs, bs * sizeof(int)>>>(dv, dout);
        kc::launched("k_local_then_barrier" + sz);
        std::vector<int> sum(total), next(total), want(total);
        for (int i = 0; i < total; ++i) {
          const int t = i % bs;
          int a[16];
          for (int k = 0; k < 16; ++k) a[k] = v[i] + k * t;
          const int j = (v[i] & 0x7fffffff) % 16;
          a[j] += 100;
          int s = 0;
          for (int k = 0; k < 16; ++k) s += a[k] * (k + 1);
          sum[i] = s;
          next[i] = a[(j + 1) % 16];
        }
        for (int i = 0; i < total; ++i) {
          const int b = i / bs, t = i % bs;
          want[i] = sum[b * bs + (t + bs / 2) % bs] ^ next[i];
        }
        kc::compare("k_local_then_barrier" + sz, want, dout.get());
      }
      if (bs % 32 == 0) {
        Dev<int> dout(blocks);
        k_shuffle_and_barrier<<<blocks, bs>>>(dv, dout);
        kc::launched("k_shuffle_and_barrier" + sz);
        std::vector<int> want(blocks, 0);
        for (int i = 0; i < total; ++i) want[i / bs] += v[i];
        kc::compare("k_shuffle_and_barrier" + sz, want, dout.get());
        Dev<int> dout2(total);
        k_shuffle_per_warp_paths<<<blocks, bs, bs * sizeof(int)>>>(dv, dout2);
        kc::launched("k_shuffle_per_warp_paths" + sz);
        std::vector<int> shuffled(total), want2(total);
        for (int i = 0; i < total; ++i) {
          const int t = i % bs, lane = t % 32;
          if ((t / 32) % 2) shuffled[i] = v[i] + (lane + 3 < 32 ? v[i + 3] : v[i]);
          else shuffled[i] = v[i] - (lane >= 5 ? v[i - 5] : v[i]);
        }
        for (int i = 0; i < total; ++i) {
          const int b = i / bs, t = i % bs;
          want2[i] = shuffled[b * bs + (t + 32) % bs] ^ shuffled[i];
        }
        kc::compare("k_shuffle_per_warp_paths" + sz, want2, dout2.get());
      }
      {
        Dev<int> dout(total);
        k_branch_sides<<<blocks, bs, bs * sizeof(int)>>>(dv, dout);
        kc::launched("k_branch_sides" + sz);
        std::vector<int> want(total);
        for (int i = 0; i < total; ++i) {
          const int b = i / bs, t = i % bs;
          int sum = 0;
          for (int j = 0; j < bs; ++j) sum += v[b * bs + j];
          const int r = bs - 1 - t;  // the slot read back: -r where the compound branch wrote
          const bool flipped = r < bs / 4 || r >= bs - bs / 4;
          want[i] = sum * 3 + v[i] + (flipped ? -r : v[b * bs + r]) + (t < bs / 2 ? 1000 : 0) + t + 7;
        }
        kc::compare("k_branch_sides" + sz, want, dout.get());
      }
      for (int k : {-40, 0, 1, 31, 32, 33, 100, bs, bs + 7}) {
        Dev<int> dout(total);
        k_tid_bounds<<<blocks, bs, bs * sizeof(int)>>>(dout, k);
        kc::launched("k_tid_bounds k=" + std::to_string(k) + sz);
        std::vector<int> want(total);
        for (int i = 0; i < total; ++i) {
          const int t = i % bs;
          want[i] = (t < k) + 2 * (k - 5 <= t) + 4 * (unsigned(t) > unsigned(k + 3)) + 8 * (t >= k + 10) +
                    16 * (t == k) + 32 * (t != k + 1);
        }
        kc::compare("k_tid_bounds k=" + std::to_string(k) + sz, want, dout.get());
        k_folded_bound<<<blocks, bs, bs * sizeof(int)>>>(dout, k);
        kc::launched("k_folded_bound k=" + std::to_string(k) + sz);
        for (int i = 0; i < total; ++i) {
          const int f = (i % bs) & 63;
          want[i] = f < k ? 64 + 128 * f : 0;
        }
        kc::compare("k_folded_bound k=" + std::to_string(k) + sz, want, dout.get());
      }
      if (bs % 32 == 0) {  // full warps: every lane has its xor-1 partner
        Dev<int> dout(total);
        k_carried_in_group<<<blocks, bs>>>(dv, dout);
        kc::launched("k_carried_in_group" + sz);
        std::vector<int> want(total);
        for (int i = 0; i < total; ++i) want[i] = 4 * v[i ^ 1] + 10;
        kc::compare("k_carried_in_group" + sz, want, dout.get());
      }
    }
  }
  for (int bs : {32, 96, 256, 1000}) {
    const int blocks = 3, cols = bs * blocks, steps = 6;
    const std::string sz = " block=" + std::to_string(bs);
    auto v = kc::make<int>(size_t(cols) * (steps + 1), [&] { return rng.range(-1000, 1000); });
    Dev<int> dv(v), dout(cols), dout2(cols);
    k_pointer_walk<<<blocks, bs>>>(dv, dout, cols, steps);
    kc::launched("k_pointer_walk" + sz);
    k_divergent_walk<<<blocks, bs>>>(dv, dout2, cols);
    kc::launched("k_divergent_walk" + sz);
    std::vector<int> want(cols), want2(cols);
    for (int i = 0; i < cols; ++i) {
      const int t = i % bs;
      int acc = 0;
      for (int k = 0; k < steps; ++k) acc += v[size_t(k) * cols + i] * (k + 1);
      if (t % 7 == 3) acc += v[size_t(steps - 1) * cols + i];
      want[i] = acc;
      want2[i] = v[size_t(t % 32 == 0 || t % 32 == 31 ? 2 : t % 5) * cols + i];
    }
    kc::compare("k_pointer_walk" + sz, want, dout.get());
    kc::compare("k_divergent_walk" + sz, want2, dout2.get());
  }
  for (int bs : {96, 256, 1024}) {
    for (int base : {0, 2147483647 - 40, -41, -2147483647 - 1 + 3}) {
      for (int k : {0, 17, 2147483647, -5}) {
        const int blocks = 2, total = blocks * bs;
        Dev<int> dout(total);
        k_wrap_steps<<<blocks, bs, bs * sizeof(int)>>>(dout, base, k);
        const std::string at = " block=" + std::to_string(bs) + " base=" + std::to_string(base) +
                               " k=" + std::to_string(k);
        kc::launched("k_wrap_steps" + at);
        std::vector<int> want(total);
        for (int i = 0; i < total; ++i) {
          const int j = static_cast<int>(static_cast<unsigned>(i % bs) + static_cast<unsigned>(base));
          want[i] = (j < k ? 1 : 0) + (unsigned(j) < unsigned(k) ? 2 : 0);
        }
        kc::compare("k_wrap_steps" + at, want, dout.get());
      }
    }
  }
  for (dim3 bs : {dim3(64, 4), dim3(32, 8), dim3(128, 2), dim3(256, 1)}) {
    const int blocks = 3, per = bs.x * bs.y, total = blocks * per;
    auto v = kc::make<int>(total, [&] { return rng.range(-1000, 1000); });
    Dev<int> dv(v), dout(total);
    k_row_steps<<<blocks, bs, per * sizeof(int)>>>(dv, dout);
    const std::string sz = " block=" + std::to_string(bs.x) + "x" + std::to_string(bs.y);
    kc::launched("k_row_steps" + sz);
    std::vector<int> want(total);
    for (int row = 0; row < total / int(bs.x); ++row) {
      int sum = 0;
      for (unsigned x = 0; x < bs.x; ++x) sum += v[row * bs.x + x];
      for (unsigned x = 0; x < bs.x; ++x) want[row * bs.x + x] = sum;
    }
    kc::compare("k_row_steps" + sz, want, dout.get());
  }
  {
    const int blocks = 3, total = blocks * 256;
    auto v = kc::make<int>(total, [&] { return rng.range(-1000, 1000); });
    Dev<int> dv(v), dout(total);
    k_3d_neighbour<<<blocks, dim3(4, 8, 8)>>>(dv, dout);
    kc::launched("k_3d_neighbour");
    std::vector<int> want(total);
    auto at = [&](int b, int x, int y, int z) { return v[b * 256 + (z * 8 + y) * 4 + x]; };
    for (int b = 0; b < blocks; ++b)
      for (int z = 0; z < 8; ++z)
        for (int y = 0; y < 8; ++y)
          for (int x = 0; x < 4; ++x)
            want[b * 256 + (z * 8 + y) * 4 + x] = at(b, x, y, (z + 1) % 8) * 2 - at(b, x, (y + 3) % 8, z);
    kc::compare("k_3d_neighbour", want, dout.get());
  }
  return chk::finish();
}
