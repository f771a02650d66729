// Texture objects over CUDA arrays, linear and pitched memory: tex1D/2D/3D, layered, tex1Dfetch,
// point and linear filtering (9-bit fixed-point weights) with clamp, wrap, mirror and border,
// normalized and unnormalized coordinates, element-type and normalized-float reads of 8/16-bit
// formats, half texels; plus the array copies (2-D to/from, 3-D, linear) and the object queries.
// Layer indices stay in [0, layers] (past the end clamps; negative layers are not specified).
// Every fetch is compared with a host reference sampler; point fetches must match exactly, linear
// ones within 1e-5 (accumulation order).
// nvcc-flags: -Xcompiler -Wno-deprecated-declarations
#include <cuda_fp16.h>

#include <type_traits>

#include "kcheck.h"

using kc::Dev;

// ---- kernels -----------------------------------------------------------------------------------

template <class T>
__global__ void k_tex1d(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1D<T>(t, c[i].x);
}
template <class T>
__global__ void k_tex2d(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2D<T>(t, c[i].x, c[i].y);
}
template <class T>
__global__ void k_tex3d(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex3D<T>(t, c[i].x, c[i].y, c[i].z);
}
template <class T>
__global__ void k_tex1d_layered(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1DLayered<T>(t, c[i].x, (int)c[i].w);
}
template <class T>
__global__ void k_tex2d_layered(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2DLayered<T>(t, c[i].x, c[i].y, (int)c[i].w);
}
template <class T>
__global__ void k_fetch(cudaTextureObject_t t, const float4* c, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1Dfetch<T>(t, (int)c[i].x);
}

// ---- host reference --------------------------------------------------------------------------

struct Ref {
  int channels = 1, bits = 32;
  char kind = 'f';  // 'f' float/half, 's' signed, 'u' unsigned
  std::vector<uint8_t> data;  // texels, row-major without padding
  int w = 1, h = 1, d = 1, layers = 1, dims = 1;
  bool layered = false, linear_memory = false;
  cudaTextureAddressMode mode[3] = {cudaAddressModeClamp, cudaAddressModeClamp, cudaAddressModeClamp};
  bool linear = false, normalized = false, norm_read = false;
  float border[4] = {0, 0, 0, 0};

  int bytes() const { return channels * bits / 8; }
  static float half_to_float(uint16_t v) { return __half2float(*reinterpret_cast<const __half*>(&v)); }
  void texel(long x, long y, long z, float f[4], int32_t u[4]) const {
    const uint8_t* p = data.data() + ((size_t(z) * h + y) * w + x) * bytes();
    for (int c = 0; c < 4; ++c) {
      f[c] = c == 3 ? 1.f : 0.f;
      u[c] = c == 3;
    }
    for (int c = 0; c < channels; ++c) {
      uint32_t raw = 0;
      std::memcpy(&raw, p + c * bits / 8, bits / 8);
      int32_t sv = bits == 32 ? int32_t(raw) : int32_t(raw << (32 - bits)) >> (32 - bits);
      if (kind == 'f') {
        f[c] = bits == 16 ? half_to_float(uint16_t(raw)) : *reinterpret_cast<float*>(&raw);
      } else if (norm_read) {
        f[c] = kind == 'u' ? float(raw) / float((1u << bits) - 1)
                           : std::max(float(sv) / float((1u << (bits - 1)) - 1), -1.f);
      } else {
        u[c] = kind == 's' ? sv : int32_t(raw);
      }
    }
  }
  bool address(int dim, long i, long n, long& out) const {
    if (i >= 0 && i < n) return out = i, true;
    if (linear_memory) return false;
    switch (mode[dim]) {
      case cudaAddressModeWrap: out = ((i % n) + n) % n; return true;
      case cudaAddressModeMirror: {
        long m = ((i % (2 * n)) + 2 * n) % (2 * n);
        out = m < n ? m : 2 * n - 1 - m;
        return true;
      }
      case cudaAddressModeClamp: out = std::min(std::max(i, 0L), n - 1); return true;
      default: return false;
    }
  }
  void fetch(const long i[3], int layer, float f[4], int32_t u[4]) const {
    long n[3] = {w, h, d}, at[3] = {0, 0, 0};
    for (int k = 0; k < dims; ++k) {
      if (!address(k, i[k], n[k], at[k])) {
        for (int c = 0; c < 4; ++c) f[c] = linear_memory ? 0.f : border[c], u[c] = int32_t(f[c]);
        if (norm_read && !linear_memory) {
          // H100: the border colour is stored in the 8-bit format first (truncated): 0.5 -> 127/255.
          for (int c = 0; c < 4; ++c) f[c] = std::trunc(std::min(std::max(f[c], 0.f), 1.f) * 255.f) / 255.f;
        }
        return;
      }
    }
    texel(at[0], at[1], layered ? layer : at[2], f, u);
  }
  // Linear filtering: per channel, the largest difference between the texels the last sample()
  // blended. The GPU's weights have 8 fractional bits and it does not round them the way this
  // reference does (seen on an H100: results differ by up to ~1.1/256 of that spread per
  // dimension), so linear results are compared within 2 * dims * spread / 256.
  mutable float spread[4] = {0, 0, 0, 0};
  // Float coordinates (x, y, z), layer in w. Returns the 4 result words as floats or ints.
  void sample(float4 c, float f[4], int32_t u[4]) const {
    float xs[3] = {c.x, c.y, c.z};
    long n[3] = {w, h, d};
    int layer = std::min(std::max(int(c.w), 0), layers - 1);
    double x[3];
    for (int k = 0; k < 3; ++k) x[k] = double(xs[k]) * (normalized ? n[k] : 1);
    if (!linear) {
      long i[3] = {long(std::floor(x[0])), long(std::floor(x[1])), long(std::floor(x[2]))};
      fetch(i, layer, f, u);
      return;
    }
    long base[3] = {0, 0, 0};
    float wt[3] = {0, 0, 0};
    for (int k = 0; k < dims; ++k) {
      double xb = x[k] - 0.5, fl = std::floor(xb);
      base[k] = long(fl);
      wt[k] = float(std::nearbyint((xb - fl) * 256.0) / 256.0);
    }
    float acc[4] = {0, 0, 0, 0};
    float lo[4] = {INFINITY, INFINITY, INFINITY, INFINITY}, hi[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    for (int corner = 0; corner < (1 << dims); ++corner) {
      long i[3] = {base[0], base[1], base[2]};
      float weight = 1.f;
      for (int k = 0; k < dims; ++k) {
        int up = (corner >> k) & 1;
        i[k] += up;
        weight *= up ? wt[k] : 1.f - wt[k];
      }
      float s[4];
      int32_t su[4];
      fetch(i, layer, s, su);
      for (int ch = 0; ch < 4; ++ch) {
        acc[ch] += weight * s[ch];
        lo[ch] = std::min(lo[ch], s[ch]), hi[ch] = std::max(hi[ch], s[ch]);
      }
    }
    for (int ch = 0; ch < 4; ++ch) f[ch] = acc[ch], spread[ch] = hi[ch] - lo[ch];
  }
};

// ---- helpers ---------------------------------------------------------------------------------

template <class T> int comps();
template <> int comps<float>() { return 1; }
template <> int comps<float2>() { return 2; }
template <> int comps<float4>() { return 4; }
template <> int comps<uchar4>() { return 4; }
template <> int comps<short2>() { return 2; }
template <class T> void unpack(const T& v, float f[4], int32_t u[4]);
template <> void unpack(const float& v, float f[4], int32_t*) { f[0] = v; }
template <> void unpack(const float2& v, float f[4], int32_t*) { f[0] = v.x, f[1] = v.y; }
template <> void unpack(const float4& v, float f[4], int32_t*) { f[0] = v.x, f[1] = v.y, f[2] = v.z, f[3] = v.w; }
template <> void unpack(const uchar4& v, float*, int32_t u[4]) { u[0] = v.x, u[1] = v.y, u[2] = v.z, u[3] = v.w; }
template <> void unpack(const short2& v, float*, int32_t u[4]) { u[0] = v.x, u[1] = v.y; }
template <class T> constexpr bool is_float_result() { return std::is_same_v<T, float> || std::is_same_v<T, float2> || std::is_same_v<T, float4>; }

std::vector<float4> coords(const Ref& r, int n, uint64_t seed) {
  kc::Rng rng(seed);
  std::vector<float4> c(n);
  float span[3] = {float(r.w), float(r.h), float(r.d)};
  for (int i = 0; i < n; ++i) {
    float v[3];
    for (int k = 0; k < 3; ++k) {
      int pick = rng.range(0, 3);
      double unit = pick == 0 ? (rng.range(0, 2 * int(span[k]) + 2) - 1) * 0.5 / span[k]  // centers, edges
                               : rng.uniform(-1.25, 2.25);
      if (r.normalized && !r.linear) {
        // An H100 maps a normalized coordinate within ~1e-4 texel of a texel edge to either
        // neighbour (its coordinate arithmetic is not exact fp32): keep samples 5% of a texel
        // away from edges.
        double t = unit * span[k], fl = std::floor(t);
        unit = (fl + 0.05 + 0.9 * (t - fl)) / span[k];
      }
      v[k] = float(r.normalized ? unit : unit * span[k]);
    }
    c[i] = make_float4(v[0], v[1], v[2], float(rng.range(0, r.layers)));
  }
  return c;
}

template <class T, class K>
void run(const std::string& name, const Ref& r, cudaTextureObject_t tex, K kernel, int n, uint64_t seed,
         std::vector<float4> c = {}) {
  if (c.empty()) c = coords(r, n, seed);
  n = int(c.size());
  Dev<float4> dc(c);
  Dev<T> dout(n);
  kernel<<<kc::blocks_for(n), 256>>>(tex, dc, dout, n);
  if (!kc::launched(name)) return;
  std::vector<T> got = dout.get();
  size_t bad = 0;
  std::string first;
  for (int i = 0; i < n; ++i) {
    float ef[4] = {0, 0, 0, 0}, gf[4] = {0, 0, 0, 0};
    int32_t eu[4] = {0, 0, 0, 0}, gu[4] = {0, 0, 0, 0};
    r.sample(c[i], ef, eu);
    unpack(got[i], gf, gu);
    for (int ch = 0; ch < comps<T>(); ++ch) {
      bool ok;
      if constexpr (is_float_result<T>()) {
        float tol = 1e-5f * std::max(1.f, std::fabs(ef[ch])) + 2.f * r.dims * r.spread[ch] / 256.f;
        ok = r.linear ? std::fabs(ef[ch] - gf[ch]) <= tol : kc::same(ef[ch], gf[ch]);
      } else {
        ok = (sizeof(T) == 4 && comps<T>() == 4 ? uint8_t(eu[ch]) == uint8_t(gu[ch]) : int16_t(eu[ch]) == int16_t(gu[ch]));
      }
      if (!ok) {
        if (bad < 3) {
          char s[200];
          std::snprintf(s, sizeof s, " [%d ch%d at (%g, %g, %g, layer %g): want %g/%d got %g/%d]", i, ch, c[i].x,
                        c[i].y, c[i].z, c[i].w, ef[ch], eu[ch], gf[ch], gu[ch]);
          first += s;
        }
        ++bad;
      }
    }
  }
  chk::report(name, "all " + std::to_string(n) + " match", std::to_string(bad) + " mismatches" + first, bad == 0);
}

cudaTextureDesc tex_desc(const Ref& r) {
  cudaTextureDesc td{};
  for (int k = 0; k < 3; ++k) td.addressMode[k] = r.mode[k];
  td.filterMode = r.linear ? cudaFilterModeLinear : cudaFilterModePoint;
  td.readMode = r.norm_read ? cudaReadModeNormalizedFloat : cudaReadModeElementType;
  td.normalizedCoords = r.normalized;
  for (int k = 0; k < 4; ++k) td.borderColor[k] = r.border[k];
  return td;
}

cudaChannelFormatDesc channel_desc(const Ref& r) {
  int b = r.bits;
  cudaChannelFormatKind k = r.kind == 'f' ? cudaChannelFormatKindFloat
                            : r.kind == 's' ? cudaChannelFormatKindSigned : cudaChannelFormatKindUnsigned;
  return cudaCreateChannelDesc(b, r.channels > 1 ? b : 0, r.channels > 2 ? b : 0, r.channels > 3 ? b : 0, k);
}

void fill(Ref& r, uint64_t seed) {
  kc::Rng rng(seed);
  size_t count = size_t(r.w) * r.h * r.d * r.layers * r.channels;
  r.data.resize(count * r.bits / 8);
  for (size_t i = 0; i < count; ++i) {
    if (r.kind == 'f' && r.bits == 32) {
      float v = float(rng.uniform(-4, 4));
      std::memcpy(&r.data[i * 4], &v, 4);
    } else if (r.kind == 'f') {
      __half v = __float2half(float(rng.uniform(-4, 4)));
      std::memcpy(&r.data[i * 2], &v, 2);
    } else {
      uint32_t v = rng.u32();
      std::memcpy(&r.data[i * r.bits / 8], &v, r.bits / 8);
    }
  }
}

// A CUDA array holding r.data and a texture over it.
struct ArrayTex {
  cudaArray_t array = nullptr;
  cudaTextureObject_t tex = 0;
  ArrayTex(Ref& r, uint64_t seed) {
    fill(r, seed);
    cudaChannelFormatDesc cd = channel_desc(r);
    cudaExtent e = make_cudaExtent(r.w, r.dims >= 2 ? r.h : 0, r.layered ? r.layers : (r.dims == 3 ? r.d : 0));
    if (r.layered) r.d = r.layers;  // the reference indexes layers as slices
    cudaError_t err = cudaMalloc3DArray(&array, &cd, e, r.layered ? cudaArrayLayered : 0);
    chk::require("cudaMalloc3DArray", err == cudaSuccess);
    cudaMemcpy3DParms p{};
    p.srcPtr = make_cudaPitchedPtr(r.data.data(), size_t(r.w) * r.bytes(), r.w, r.h);
    p.dstArray = array;
    p.extent = make_cudaExtent(r.w, r.h, r.layered ? r.layers : r.d);
    p.kind = cudaMemcpyHostToDevice;
    chk::require("cudaMemcpy3D to array", cudaMemcpy3D(&p) == cudaSuccess);
    cudaResourceDesc rd{};
    rd.resType = cudaResourceTypeArray;
    rd.res.array.array = array;
    cudaTextureDesc td = tex_desc(r);
    chk::require("cudaCreateTextureObject", cudaCreateTextureObject(&tex, &rd, &td, nullptr) == cudaSuccess);
  }
  ~ArrayTex() {
    cudaDestroyTextureObject(tex);
    cudaFreeArray(array);
  }
};

const char* mode_name(cudaTextureAddressMode m) {
  return m == cudaAddressModeWrap ? "wrap" : m == cudaAddressModeClamp ? "clamp" : m == cudaAddressModeMirror ? "mirror" : "border";
}

// ---- tests -------------------------------------------------------------------------------------

void test_float_1d_2d() {
  const cudaTextureAddressMode modes[] = {cudaAddressModeClamp, cudaAddressModeWrap, cudaAddressModeMirror, cudaAddressModeBorder};
  uint64_t seed = 1;
  for (int w : {1, 7, 100}) {
    for (auto m : modes)
      for (int linear = 0; linear < 2; ++linear)
        for (int norm = 0; norm < 2; ++norm) {
          Ref r;
          r.w = w;
          r.mode[0] = m;
          r.linear = linear, r.normalized = norm;
          if (!norm && (m == cudaAddressModeWrap || m == cudaAddressModeMirror)) r.mode[0] = cudaAddressModeClamp;
          r.border[0] = 0.25f;
          ArrayTex t(r, seed++);
          run<float>("tex1D float w=" + std::to_string(w) + " " + mode_name(m) + (linear ? " linear" : " point") +
                         (norm ? " normalized" : ""),
                     r, t.tex, k_tex1d<float>, 300, seed++);
        }
  }
  struct Size { int w, h; };
  for (Size s : {Size{1, 1}, Size{7, 13}, Size{96, 96}, Size{1280, 720}}) {
    for (auto m : modes)
      for (int linear = 0; linear < 2; ++linear) {
        bool norm = m == cudaAddressModeWrap || m == cudaAddressModeMirror || (s.w == 7 && linear);
        Ref r;
        r.w = s.w, r.h = s.h, r.dims = 2;
        r.mode[0] = m, r.mode[1] = m == cudaAddressModeBorder ? cudaAddressModeClamp : m;
        r.linear = linear, r.normalized = norm;
        r.border[0] = -1.5f;
        ArrayTex t(r, seed++);
        run<float>("tex2D float " + std::to_string(s.w) + "x" + std::to_string(s.h) + " " + mode_name(m) +
                       (linear ? " linear" : " point") + (norm ? " normalized" : ""),
                   r, t.tex, k_tex2d<float>, s.w * s.h > 10000 ? 4000 : 1000, seed++);
      }
  }
}

void test_formats() {
  uint64_t seed = 100;
  {  // float4, linear, wrap
    Ref r;
    r.channels = 4, r.w = 33, r.h = 17, r.dims = 2, r.linear = true, r.normalized = true;
    r.mode[0] = cudaAddressModeWrap, r.mode[1] = cudaAddressModeMirror;
    ArrayTex t(r, seed++);
    run<float4>("tex2D float4 33x17 linear wrap/mirror", r, t.tex, k_tex2d<float4>, 2000, seed++);
  }
  {  // uchar4 read as normalized float, linear, border
    Ref r;
    r.channels = 4, r.bits = 8, r.kind = 'u', r.w = 20, r.h = 9, r.dims = 2, r.linear = true, r.norm_read = true;
    r.mode[0] = r.mode[1] = cudaAddressModeBorder;
    r.border[0] = 0.5f, r.border[3] = 1.f;
    ArrayTex t(r, seed++);
    run<float4>("tex2D uchar4 normalized-float linear border", r, t.tex, k_tex2d<float4>, 2000, seed++);
  }
  {  // uchar4 element type, point
    Ref r;
    r.channels = 4, r.bits = 8, r.kind = 'u', r.w = 31, r.h = 5, r.dims = 2;
    ArrayTex t(r, seed++);
    run<uchar4>("tex2D uchar4 element type", r, t.tex, k_tex2d<uchar4>, 1000, seed++);
  }
  {  // short2 element type (sign extension) and normalized float
    Ref r;
    r.channels = 2, r.bits = 16, r.kind = 's', r.w = 45, r.dims = 1;
    ArrayTex t(r, seed++);
    run<short2>("tex1D short2 element type", r, t.tex, k_tex1d<short2>, 500, seed++);
    Ref q = r;
    q.norm_read = true, q.linear = true, q.normalized = true, q.mode[0] = cudaAddressModeMirror;
    ArrayTex u(q, seed++);
    run<float2>("tex1D short2 normalized-float linear mirror", q, u.tex, k_tex1d<float2>, 500, seed++);
  }
  {  // half texels, linear
    Ref r;
    r.channels = 1, r.bits = 16, r.kind = 'f', r.w = 19, r.h = 11, r.dims = 2, r.linear = true;
    ArrayTex t(r, seed++);
    run<float>("tex2D half linear", r, t.tex, k_tex2d<float>, 1000, seed++);
  }
}

void test_3d_and_layered() {
  uint64_t seed = 200;
  for (int linear = 0; linear < 2; ++linear) {
    Ref r;
    r.w = 9, r.h = 6, r.d = 5, r.dims = 3, r.linear = linear, r.normalized = linear;
    r.mode[0] = linear ? cudaAddressModeWrap : cudaAddressModeClamp;
    r.mode[2] = cudaAddressModeBorder, r.border[0] = 7.f;
    ArrayTex t(r, seed++);
    run<float>(std::string("tex3D float 9x6x5 ") + (linear ? "linear" : "point"), r, t.tex, k_tex3d<float>, 2000, seed++);
  }
  {
    Ref r;
    r.w = 13, r.layers = 4, r.layered = true, r.dims = 1, r.linear = true;
    ArrayTex t(r, seed++);
    run<float>("tex1DLayered float 13 x 4 layers linear", r, t.tex, k_tex1d_layered<float>, 1000, seed++);
  }
  {
    Ref r;
    r.channels = 4, r.w = 7, r.h = 13, r.layers = 3, r.layered = true, r.dims = 2;
    ArrayTex t(r, seed++);
    run<float4>("tex2DLayered float4 7x13 x 3 layers point", r, t.tex, k_tex2d_layered<float4>, 1000, seed++);
  }
}

void test_linear_and_pitched() {
  uint64_t seed = 300;
  {  // tex1Dfetch over linear memory; out of range reads 0
    Ref r;
    r.w = 1000, r.linear_memory = true;
    fill(r, seed++);
    Dev<float> buf(r.w);
    cudaMemcpy(buf.p, r.data.data(), r.data.size(), cudaMemcpyHostToDevice);
    cudaResourceDesc rd{};
    rd.resType = cudaResourceTypeLinear;
    rd.res.linear.devPtr = buf.p;
    rd.res.linear.desc = cudaCreateChannelDesc<float>();
    rd.res.linear.sizeInBytes = r.w * sizeof(float);
    cudaTextureDesc td = tex_desc(r);
    cudaTextureObject_t tex = 0;
    chk::eq("cudaCreateTextureObject linear", cudaSuccess, cudaCreateTextureObject(&tex, &rd, &td, nullptr));
    std::vector<float4> c;
    for (int i = -3; i < r.w + 3; ++i) c.push_back(make_float4(float(i), 0, 0, 0));
    run<float>("tex1Dfetch float linear memory", r, tex, k_fetch<float>, 0, 0, c);
    cudaResourceDesc back{};
    cudaGetTextureObjectResourceDesc(&back, tex);
    chk::eq("resource desc round trip", true,
            back.resType == cudaResourceTypeLinear && back.res.linear.devPtr == buf.p &&
                back.res.linear.sizeInBytes == r.w * sizeof(float));
    cudaTextureDesc tback{};
    cudaGetTextureObjectTextureDesc(&tback, tex);
    chk::eq("texture desc round trip", true, tback.filterMode == cudaFilterModePoint && tback.normalizedCoords == 0);
    cudaDestroyTextureObject(tex);
  }
  {  // float4 tex1Dfetch
    Ref r;
    r.channels = 4, r.w = 77, r.linear_memory = true;
    fill(r, seed++);
    Dev<float4> buf(r.w);
    cudaMemcpy(buf.p, r.data.data(), r.data.size(), cudaMemcpyHostToDevice);
    cudaResourceDesc rd{};
    rd.resType = cudaResourceTypeLinear;
    rd.res.linear.devPtr = buf.p;
    rd.res.linear.desc = cudaCreateChannelDesc<float4>();
    rd.res.linear.sizeInBytes = r.w * sizeof(float4);
    cudaTextureDesc td = tex_desc(r);
    cudaTextureObject_t tex = 0;
    cudaCreateTextureObject(&tex, &rd, &td, nullptr);
    std::vector<float4> c;
    for (int i = -2; i < r.w + 2; ++i) c.push_back(make_float4(float(i), 0, 0, 0));
    run<float4>("tex1Dfetch float4 linear memory", r, tex, k_fetch<float4>, 0, 0, c);
    cudaDestroyTextureObject(tex);
  }
  {  // pitch2D, linear filtering, normalized
    Ref r;
    r.w = 50, r.h = 21, r.dims = 2, r.linear = true, r.normalized = true;
    r.mode[0] = cudaAddressModeWrap, r.mode[1] = cudaAddressModeClamp;
    fill(r, seed++);
    float* p = nullptr;
    size_t pitch = 0;
    cudaMallocPitch((void**)&p, &pitch, r.w * sizeof(float), r.h);
    cudaMemcpy2D(p, pitch, r.data.data(), r.w * sizeof(float), r.w * sizeof(float), r.h, cudaMemcpyHostToDevice);
    cudaResourceDesc rd{};
    rd.resType = cudaResourceTypePitch2D;
    rd.res.pitch2D.devPtr = p;
    rd.res.pitch2D.desc = cudaCreateChannelDesc<float>();
    rd.res.pitch2D.width = r.w, rd.res.pitch2D.height = r.h, rd.res.pitch2D.pitchInBytes = pitch;
    cudaTextureDesc td = tex_desc(r);
    cudaTextureObject_t tex = 0;
    chk::eq("cudaCreateTextureObject pitch2D", cudaSuccess, cudaCreateTextureObject(&tex, &rd, &td, nullptr));
    run<float>("tex2D float pitch2D linear wrap", r, tex, k_tex2d<float>, 2000, seed++);
    cudaDestroyTextureObject(tex);
    cudaFree(p);
  }
}

void test_copies() {
  kc::Rng rng(400);
  const int w = 37, h = 23;
  std::vector<int> src(w * h);
  for (auto& v : src) v = rng.i32();
  cudaArray_t a = nullptr;
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<int>();
  chk::eq("cudaMallocArray 2D", cudaSuccess, cudaMallocArray(&a, &cd, w, h));
  chk::eq("cudaMemcpy2DToArray", cudaSuccess,
          cudaMemcpy2DToArray(a, 0, 0, src.data(), w * sizeof(int), w * sizeof(int), h, cudaMemcpyHostToDevice));
  std::vector<int> back(w * h, 0);
  chk::eq("cudaMemcpy2DFromArray", cudaSuccess,
          cudaMemcpy2DFromArray(back.data(), w * sizeof(int), a, 0, 0, w * sizeof(int), h, cudaMemcpyDeviceToHost));
  kc::compare("2D array round trip", src, back);
  // A sub-rectangle at an offset, through a device buffer with a wider pitch and the async forms.
  const int sx = 5, sy = 3, sw = 11, sh = 7;
  int* dev = nullptr;
  size_t pitch = 0;
  cudaMallocPitch((void**)&dev, &pitch, sw * sizeof(int), sh);
  cudaStream_t s;
  cudaStreamCreate(&s);
  cudaMemcpy2DFromArrayAsync(dev, pitch, a, sx * sizeof(int), sy, sw * sizeof(int), sh, cudaMemcpyDeviceToDevice, s);
  std::vector<int> sub(sw * sh), want(sw * sh);
  cudaMemcpy2DAsync(sub.data(), sw * sizeof(int), dev, pitch, sw * sizeof(int), sh, cudaMemcpyDeviceToHost, s);
  cudaStreamSynchronize(s);
  for (int y = 0; y < sh; ++y)
    for (int x = 0; x < sw; ++x) want[y * sw + x] = src[(sy + y) * w + sx + x];
  kc::compare("2D array sub-rectangle via device pitch (async)", want, sub);
  // Array to array, then the deprecated linear forms.
  cudaArray_t b = nullptr;
  cudaMallocArray(&b, &cd, w, h);
  chk::eq("cudaMemcpy2DArrayToArray", cudaSuccess,
          cudaMemcpy2DArrayToArray(b, 0, 0, a, 0, 0, w * sizeof(int), h, cudaMemcpyDeviceToDevice));
  std::vector<int> lin(w * h);
  chk::eq("cudaMemcpyFromArray", cudaSuccess, cudaMemcpyFromArray(lin.data(), b, 0, 0, w * h * sizeof(int), cudaMemcpyDeviceToHost));
  kc::compare("array to array, read back linearly", src, lin);
  std::vector<int> row(w, 42);
  cudaMemcpyToArray(b, 0, 4, row.data(), w * sizeof(int), cudaMemcpyHostToDevice);
  cudaMemcpyFromArray(lin.data(), b, 0, 0, w * h * sizeof(int), cudaMemcpyDeviceToHost);
  for (int x = 0; x < w; ++x) src[4 * w + x] = 42;
  kc::compare("cudaMemcpyToArray row 4", src, lin);
  // Out of range copies are refused.
  chk::eq("cudaMemcpy2DToArray past the right edge", cudaErrorInvalidValue,
          cudaMemcpy2DToArray(a, 4, 0, src.data(), w * sizeof(int), w * sizeof(int), h, cudaMemcpyHostToDevice));
  cudaGetLastError();
  // 3-D array through cudaMemcpy3D both ways, with positions.
  const int W = 6, H = 5, D = 4;
  std::vector<float> vol(W * H * D), out(W * H * D, 0);
  for (auto& v : vol) v = float(rng.uniform(-1, 1));
  cudaArray_t c3 = nullptr;
  cudaChannelFormatDesc fd = cudaCreateChannelDesc<float>();
  cudaMalloc3DArray(&c3, &fd, make_cudaExtent(W, H, D));
  cudaMemcpy3DParms p{};
  p.srcPtr = make_cudaPitchedPtr(vol.data(), W * sizeof(float), W, H);
  p.dstArray = c3;
  p.extent = make_cudaExtent(W, H, D);
  p.kind = cudaMemcpyHostToDevice;
  chk::eq("cudaMemcpy3D to 3D array", cudaSuccess, cudaMemcpy3D(&p));
  cudaMemcpy3DParms q{};
  q.srcArray = c3;
  q.srcPos = make_cudaPos(1, 1, 1);
  q.dstPtr = make_cudaPitchedPtr(out.data(), W * sizeof(float), W, H);
  q.extent = make_cudaExtent(W - 1, H - 1, D - 1);
  q.kind = cudaMemcpyDeviceToHost;
  chk::eq("cudaMemcpy3D from 3D array at (1,1,1)", cudaSuccess, cudaMemcpy3D(&q));
  std::vector<float> expect(W * H * D, 0);
  for (int z = 0; z < D - 1; ++z)
    for (int y = 0; y < H - 1; ++y)
      for (int x = 0; x < W - 1; ++x) expect[(z * H + y) * W + x] = vol[((z + 1) * H + y + 1) * W + x + 1];
  kc::compare("3D array sub-box", expect, out);
  cudaChannelFormatDesc got{};
  cudaExtent ext{};
  unsigned flags = 9;
  cudaArrayGetInfo(&got, &ext, &flags, c3);
  chk::eq("cudaArrayGetInfo", true, got.x == 32 && got.f == cudaChannelFormatKindFloat && ext.width == W && ext.height == H &&
                                        ext.depth == D && flags == 0);
  cudaGetChannelDesc(&got, a);
  chk::eq("cudaGetChannelDesc", true, got.x == 32 && got.y == 0 && got.f == cudaChannelFormatKindSigned);
  cudaFreeArray(c3);
  cudaFreeArray(b);
  cudaFreeArray(a);
  cudaFree(dev);
  cudaStreamDestroy(s);
}

int main() {
  test_copies();
  test_float_1d_2d();
  test_formats();
  test_3d_and_layered();
  test_linear_and_pitched();
  return chk::finish();
}
