// Shape generalisation: the same kernels at many shapes, including ones that are not multiples
// of the tile size. A 5x5 convolution with clamp-to-edge borders through 16x16 shared tiles with
// halos, and a 32x32 tiled transpose (padded shared tile) give exactly the host reference at
// 1x1, 7x13, 96x96, 1280x720 and 1920x1080 (the convolution accumulates with fmaf in a fixed
// order on both sides). A 16x16 tiled matmul at M,N,K in {1, 17, 128, 1000} (a representative
// set) is checked within 1e-4 relative to sum|a||b| (float accumulation order differs).
#include "kcheck.h"

using kc::Dev;

constexpr int R = 2, T = 16;
__constant__ float c_filter[5][5];

__global__ void k_conv5x5(const float* in, float* out, int w, int h) {
  __shared__ float tile[T + 2 * R][T + 2 * R];
  int x0 = blockIdx.x * T - R, y0 = blockIdx.y * T - R;
  for (int dy = threadIdx.y; dy < T + 2 * R; dy += T)
    for (int dx = threadIdx.x; dx < T + 2 * R; dx += T) {
      int x = min(max(x0 + dx, 0), w - 1), y = min(max(y0 + dy, 0), h - 1);
      tile[dy][dx] = in[(size_t)y * w + x];
    }
  __syncthreads();
  int x = blockIdx.x * T + threadIdx.x, y = blockIdx.y * T + threadIdx.y;
  if (x >= w || y >= h) return;
  float acc = 0.0f;
  for (int ky = 0; ky < 5; ++ky)
    for (int kx = 0; kx < 5; ++kx) acc = fmaf(c_filter[ky][kx], tile[threadIdx.y + ky][threadIdx.x + kx], acc);
  out[(size_t)y * w + x] = acc;
}

__global__ void k_transpose(const float* in, float* out, int w, int h) {
  __shared__ float tile[32][33];
  int x = blockIdx.x * 32 + threadIdx.x;
  for (int j = threadIdx.y; j < 32; j += 8) {
    int y = blockIdx.y * 32 + j;
    if (x < w && y < h) tile[j][threadIdx.x] = in[(size_t)y * w + x];
  }
  __syncthreads();
  int ox = blockIdx.y * 32 + threadIdx.x;
  for (int j = threadIdx.y; j < 32; j += 8) {
    int oy = blockIdx.x * 32 + j;
    if (ox < h && oy < w) out[(size_t)oy * h + ox] = tile[threadIdx.x][j];
  }
}

__global__ void k_matmul(const float* a, const float* b, float* c, int M, int N, int K) {
  __shared__ float as[16][16], bs[16][16];
  int row = blockIdx.y * 16 + threadIdx.y, col = blockIdx.x * 16 + threadIdx.x;
  float acc = 0;
  for (int k0 = 0; k0 < K; k0 += 16) {
    as[threadIdx.y][threadIdx.x] = row < M && k0 + threadIdx.x < K ? a[(size_t)row * K + k0 + threadIdx.x] : 0.0f;
    bs[threadIdx.y][threadIdx.x] = col < N && k0 + threadIdx.y < K ? b[(size_t)(k0 + threadIdx.y) * N + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < 16; ++k) acc += as[threadIdx.y][k] * bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) c[(size_t)row * N + col] = acc;
}

int main() {
  kc::Rng rng(20);
  float filter[5][5];
  for (auto& r : filter)
    for (float& f : r) f = (float)rng.uniform(-1, 1);
  chk::ok("cudaMemcpyToSymbol c_filter", cudaMemcpyToSymbol(c_filter, filter, sizeof filter));
  struct Shape {
    int w, h;
  };
  for (Shape s : {Shape{1, 1}, Shape{7, 13}, Shape{96, 96}, Shape{1280, 720}, Shape{1920, 1080}}) {
    std::string sz = " " + std::to_string(s.w) + "x" + std::to_string(s.h);
    size_t n = (size_t)s.w * s.h;
    auto img = kc::make<float>(n, [&] { return (float)rng.uniform(0, 255); });
    Dev<float> din(img), dout(n);
    dim3 grid((s.w + T - 1) / T, (s.h + T - 1) / T);
    k_conv5x5<<<grid, dim3(T, T)>>>(din, dout, s.w, s.h);
    kc::launched("k_conv5x5" + sz);
    std::vector<float> want(n);
    for (int y = 0; y < s.h; ++y)
      for (int x = 0; x < s.w; ++x) {
        float acc = 0;
        for (int ky = 0; ky < 5; ++ky)
          for (int kx = 0; kx < 5; ++kx) {
            int xx = std::min(std::max(x + kx - R, 0), s.w - 1), yy = std::min(std::max(y + ky - R, 0), s.h - 1);
            acc = std::fma(filter[ky][kx], img[(size_t)yy * s.w + xx], acc);
          }
        want[(size_t)y * s.w + x] = acc;
      }
    kc::compare("k_conv5x5" + sz, want, dout.get());

    Dev<float> dt(n);
    k_transpose<<<dim3((s.w + 31) / 32, (s.h + 31) / 32), dim3(32, 8)>>>(din, dt, s.w, s.h);
    kc::launched("k_transpose" + sz);
    std::vector<float> wt(n);
    for (int y = 0; y < s.h; ++y)
      for (int x = 0; x < s.w; ++x) wt[(size_t)x * s.h + y] = img[(size_t)y * s.w + x];
    kc::compare("k_transpose" + sz, wt, dt.get());
  }
  struct Mnk {
    int m, n, k;
  };
  for (Mnk d : {Mnk{1, 1, 1}, Mnk{17, 17, 17}, Mnk{128, 128, 128}, Mnk{1, 1000, 17}, Mnk{1000, 1, 128},
                Mnk{17, 128, 1000}, Mnk{1000, 17, 1}, Mnk{128, 1000, 17}, Mnk{1000, 1000, 17},
                Mnk{17, 1000, 1000}}) {
    std::string sz = " M=" + std::to_string(d.m) + " N=" + std::to_string(d.n) + " K=" + std::to_string(d.k);
    auto a = kc::make<float>((size_t)d.m * d.k, [&] { return (float)rng.uniform(-1, 1); });
    auto b = kc::make<float>((size_t)d.k * d.n, [&] { return (float)rng.uniform(-1, 1); });
    Dev<float> da(a), db(b), dc((size_t)d.m * d.n);
    k_matmul<<<dim3((d.n + 15) / 16, (d.m + 15) / 16), dim3(16, 16)>>>(da, db, dc, d.m, d.n, d.k);
    kc::launched("k_matmul" + sz);
    auto c = dc.get();
    size_t bad = 0;
    double worst = 0;
    for (int i = 0; i < d.m; ++i)
      for (int j = 0; j < d.n; ++j) {
        double ref = 0, mag = 0;
        for (int k = 0; k < d.k; ++k) {
          double p = (double)a[(size_t)i * d.k + k] * b[(size_t)k * d.n + j];
          ref += p;
          mag += std::fabs(p);
        }
        double err = std::fabs(c[(size_t)i * d.n + j] - ref) / std::max(mag, 1e-30);
        worst = std::max(worst, err);
        bad += !(err <= 1e-4);
      }
    chk::that("k_matmul" + sz, bad == 0, "all within 1e-4 * sum|a||b|",
              std::to_string(bad) + " outside, worst " + kc::show(worst));
  }
  return chk::finish();
}
