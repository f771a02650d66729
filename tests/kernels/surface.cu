// Surface objects over CUDA arrays (cudaArraySurfaceLoadStore): surf1D/2D/3D/2DLayered read and
// write (suld.b / sust.b, .b8 to .b64 and vectors; x is in bytes), read-modify-write kernels over
// 2-D arrays, and the boundary modes: zero (reads 0, drops writes), clamp (nearest element), trap
// (the launch fails with cudaErrorIllegalAddress, a sticky error; checked last).
#include "kcheck.h"

using kc::Dev;

__global__ void k_rmw2d(cudaSurfaceObject_t s, int w, int h, int add) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int v = surf2Dread<int>(s, x * 4, y);
  surf2Dwrite(v * 3 + add + x - y, s, x * 4, y);
}
__global__ void k_rmw2d_uchar4(cudaSurfaceObject_t s, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  uchar4 v = surf2Dread<uchar4>(s, x * 4, y);
  surf2Dwrite(make_uchar4(v.w, v.z + 1, v.y, v.x ^ 0x5a), s, x * 4, y);
}
__global__ void k_float4_3d(cudaSurfaceObject_t s, int w, int h, int d) {
  int x = threadIdx.x, y = blockIdx.x, z = blockIdx.y;
  if (x >= w || y >= h || z >= d) return;
  float4 v = surf3Dread<float4>(s, x * 16, y, z);
  surf3Dwrite(make_float4(v.x + 1, v.y * 2, v.z - x, v.w + z), s, x * 16, y, z);
}
__global__ void k_short2_1d(cudaSurfaceObject_t s, int w) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  if (x >= w) return;
  short2 v = surf1Dread<short2>(s, x * 4);
  surf1Dwrite(make_short2(v.y, (short)(v.x - 7)), s, x * 4);
}
__global__ void k_layered(cudaSurfaceObject_t s, int w, int h, int layers) {
  int x = threadIdx.x, y = blockIdx.x, l = blockIdx.y;
  if (x >= w || y >= h || l >= layers) return;
  long long v = surf2DLayeredread<long long>(s, x * 8, y, l);
  surf2DLayeredwrite(v + 1000 * l, s, x * 8, y, l);
}
// Out-of-range accesses with the zero and clamp modes, one per thread.
__global__ void k_bounds(cudaSurfaceObject_t s, const int2* at, int* zero_read, int* clamp_read, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  zero_read[i] = surf2Dread<int>(s, at[i].x, at[i].y, cudaBoundaryModeZero);
  clamp_read[i] = surf2Dread<int>(s, at[i].x, at[i].y, cudaBoundaryModeClamp);
  surf2Dwrite(-1, s, at[i].x, at[i].y, cudaBoundaryModeZero);
}
__global__ void k_trap(cudaSurfaceObject_t s, int x) { surf2Dwrite(1, s, x, 0); }

cudaSurfaceObject_t make_surface(cudaArray_t a) {
  cudaResourceDesc rd{};
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaSurfaceObject_t s = 0;
  cudaError_t e = cudaCreateSurfaceObject(&s, &rd);
  chk::require("cudaCreateSurfaceObject", e == cudaSuccess);
  return s;
}

template <class T>
cudaArray_t make_array(cudaExtent e, unsigned flags, const std::vector<T>& init,
                       cudaChannelFormatDesc cd = cudaCreateChannelDesc<T>()) {
  cudaArray_t a = nullptr;
  chk::require("cudaMalloc3DArray", cudaMalloc3DArray(&a, &cd, e, flags | cudaArraySurfaceLoadStore) == cudaSuccess);
  cudaMemcpy3DParms p{};
  p.srcPtr = make_cudaPitchedPtr((void*)init.data(), e.width * sizeof(T), e.width, e.height ? e.height : 1);
  p.dstArray = a;
  p.extent = make_cudaExtent(e.width, e.height ? e.height : 1, e.depth ? e.depth : 1);
  p.kind = cudaMemcpyHostToDevice;
  chk::require("cudaMemcpy3D", cudaMemcpy3D(&p) == cudaSuccess);
  return a;
}

template <class T>
std::vector<T> read_back(cudaArray_t a, cudaExtent e) {
  std::vector<T> out(e.width * (e.height ? e.height : 1) * (e.depth ? e.depth : 1));
  cudaMemcpy3DParms p{};
  p.srcArray = a;
  p.dstPtr = make_cudaPitchedPtr(out.data(), e.width * sizeof(T), e.width, e.height ? e.height : 1);
  p.extent = make_cudaExtent(e.width, e.height ? e.height : 1, e.depth ? e.depth : 1);
  p.kind = cudaMemcpyDeviceToHost;
  cudaMemcpy3D(&p);
  return out;
}

bool operator==(const uchar4& a, const uchar4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }
bool operator==(const float4& a, const float4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }
bool operator==(const short2& a, const short2& b) { return a.x == b.x && a.y == b.y; }
std::ostream& operator<<(std::ostream& o, const uchar4& v) { return o << int(v.x) << "," << int(v.y) << "," << int(v.z) << "," << int(v.w); }
std::ostream& operator<<(std::ostream& o, const float4& v) { return o << v.x << "," << v.y << "," << v.z << "," << v.w; }
std::ostream& operator<<(std::ostream& o, const short2& v) { return o << v.x << "," << v.y; }

int main() {
  kc::Rng rng(7);
  struct Size { int w, h; };
  for (Size s : {Size{1, 1}, Size{7, 13}, Size{96, 96}, Size{1280, 720}}) {
    cudaExtent e = make_cudaExtent(s.w, s.h, 0);
    std::vector<int> init = kc::make<int>(size_t(s.w) * s.h, [&] { return rng.range(-1000, 1000); });
    cudaArray_t a = make_array(e, 0, init);
    cudaSurfaceObject_t surf = make_surface(a);
    dim3 block(16, 16), grid((s.w + 15) / 16, (s.h + 15) / 16);
    k_rmw2d<<<grid, block>>>(surf, s.w, s.h, 5);
    if (kc::launched("k_rmw2d")) {
      std::vector<int> want(init.size());
      for (int y = 0; y < s.h; ++y)
        for (int x = 0; x < s.w; ++x) want[y * s.w + x] = init[y * s.w + x] * 3 + 5 + x - y;
      kc::compare("surf2D int read-modify-write " + std::to_string(s.w) + "x" + std::to_string(s.h), want,
                  read_back<int>(a, e));
    }
    cudaDestroySurfaceObject(surf);
    cudaFreeArray(a);
  }
  {
    cudaExtent e = make_cudaExtent(33, 9, 0);
    std::vector<uchar4> init = kc::make<uchar4>(33 * 9, [&] { uint32_t r = rng.u32(); return *reinterpret_cast<uchar4*>(&r); });
    cudaArray_t a = make_array(e, 0, init);
    cudaSurfaceObject_t surf = make_surface(a);
    k_rmw2d_uchar4<<<dim3(3, 1), dim3(16, 16)>>>(surf, 33, 9);
    if (kc::launched("k_rmw2d_uchar4")) {
      std::vector<uchar4> want(init.size());
      for (size_t i = 0; i < init.size(); ++i) {
        uchar4 v = init[i];
        want[i] = make_uchar4(v.w, (unsigned char)(v.z + 1), v.y, v.x ^ 0x5a);
      }
      kc::compare("surf2D uchar4 read-modify-write 33x9", want, read_back<uchar4>(a, e));
    }
    cudaDestroySurfaceObject(surf);
    cudaFreeArray(a);
  }
  {
    const int w = 5, h = 4, d = 3;
    cudaExtent e = make_cudaExtent(w, h, d);
    std::vector<float4> init = kc::make<float4>(w * h * d, [&] { return make_float4(float(rng.uniform(-1, 1)), float(rng.uniform(-1, 1)), 1.5f, 0.25f); });
    cudaArray_t a = make_array(e, 0, init);
    cudaSurfaceObject_t surf = make_surface(a);
    k_float4_3d<<<dim3(h, d), 32>>>(surf, w, h, d);
    if (kc::launched("k_float4_3d")) {
      std::vector<float4> want(init.size());
      for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) {
            float4 v = init[(z * h + y) * w + x];
            want[(z * h + y) * w + x] = make_float4(v.x + 1, v.y * 2, v.z - x, v.w + z);
          }
      kc::compare("surf3D float4 5x4x3", want, read_back<float4>(a, e));
    }
    cudaDestroySurfaceObject(surf);
    cudaFreeArray(a);
  }
  {
    const int w = 100;
    cudaExtent e = make_cudaExtent(w, 0, 0);
    std::vector<short2> init = kc::make<short2>(w, [&] { return make_short2(short(rng.range(-30000, 30000)), short(rng.range(-30000, 30000))); });
    cudaArray_t a = make_array(e, 0, init);
    cudaSurfaceObject_t surf = make_surface(a);
    k_short2_1d<<<1, 128>>>(surf, w);
    if (kc::launched("k_short2_1d")) {
      std::vector<short2> want(w);
      for (int i = 0; i < w; ++i) want[i] = make_short2(init[i].y, short(init[i].x - 7));
      kc::compare("surf1D short2 100", want, read_back<short2>(a, e));
    }
    cudaDestroySurfaceObject(surf);
    cudaFreeArray(a);
  }
  {
    const int w = 6, h = 3, layers = 4;
    cudaExtent e = make_cudaExtent(w, h, layers);
    std::vector<long long> init = kc::make<long long>(w * h * layers, [&] { return (long long)rng.u64(); });
    // 64-bit texels: there is no cudaCreateChannelDesc<long long>; two 32-bit channels.
    cudaArray_t a = make_array(e, cudaArrayLayered, init, cudaCreateChannelDesc<uint2>());
    cudaSurfaceObject_t surf = make_surface(a);
    k_layered<<<dim3(h, layers), 32>>>(surf, w, h, layers);
    if (kc::launched("k_layered")) {
      std::vector<long long> want(init);
      for (int l = 0; l < layers; ++l)
        for (int i = 0; i < w * h; ++i) want[l * w * h + i] += 1000 * l;
      kc::compare("surf2DLayered long long 6x3 x 4 layers", want, read_back<long long>(a, e));
    }
    cudaDestroySurfaceObject(surf);
    cudaFreeArray(a);
  }
  {  // zero and clamp modes
    const int w = 10, h = 6;
    cudaExtent e = make_cudaExtent(w, h, 0);
    std::vector<int> init(w * h);
    for (int i = 0; i < w * h; ++i) init[i] = i + 1;
    cudaArray_t a = make_array(e, 0, init);
    cudaSurfaceObject_t surf = make_surface(a);
    std::vector<int2> at = {{0, 0}, {-4, 0}, {40, 2}, {36, 5}, {8, -1}, {8, 6}, {-400, 100}, {12, 3}};
    Dev<int2> dat(at);
    Dev<int> zero(at.size()), clamp(at.size());
    k_bounds<<<1, 32>>>(surf, dat, zero, clamp, int(at.size()));
    if (kc::launched("k_bounds")) {
      std::vector<int> wz, wc;
      for (int2 p : at) {
        bool inside = p.x >= 0 && p.x + 4 <= w * 4 && p.y >= 0 && p.y < h;
        wz.push_back(inside ? init[p.y * w + p.x / 4] : 0);
        int cx = std::min(std::max(p.x, 0), w * 4 - 4), cy = std::min(std::max(p.y, 0), h - 1);
        wc.push_back(init[cy * w + cx / 4]);
      }
      kc::compare("surf2Dread cudaBoundaryModeZero", wz, zero.get());
      kc::compare("surf2Dread cudaBoundaryModeClamp", wc, clamp.get());
      std::vector<int> want = init;
      for (int2 p : at)
        if (p.x >= 0 && p.x + 4 <= w * 4 && p.y >= 0 && p.y < h) want[p.y * w + p.x / 4] = -1;
      kc::compare("surf2Dwrite cudaBoundaryModeZero drops outside writes", want, read_back<int>(a, e));
    }
    // trap: the launch fails, and the error is sticky (checked last).
    k_trap<<<1, 1>>>(surf, w * 4);
    cudaError_t err = cudaDeviceSynchronize();
    chk::eq("surf2Dwrite out of range with cudaBoundaryModeTrap", cudaErrorIllegalAddress, err);
    chk::eq("the fault is sticky", cudaErrorIllegalAddress, cudaDeviceSynchronize());
  }
  return chk::finish();
}
