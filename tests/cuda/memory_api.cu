// Memory allocation, copies (sync, async, 2D, 3D), memset, pinned/registered/managed host
// memory, stream-ordered allocation, memory info and pointer attributes. Needs no kernel to run.
#include <cuda_runtime.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"

using chk::eq;
using chk::err;
using chk::ok;
using chk::that;

static uintptr_t addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

static bool bytes_equal(const void* a, const void* b, size_t n) {
  return std::memcmp(a, b, n) == 0;
}

static void test_malloc_free() {
  for (size_t n : {size_t(1), size_t(3), size_t(100), size_t(257), size_t(4097), size_t(1) << 20}) {
    void* p = nullptr;
    std::string nm = "Malloc(" + std::to_string(n) + ")";
    ok(nm, cudaMalloc(&p, n));
    that(nm + " 256-aligned", p != nullptr && addr(p) % 256 == 0, "non-null, % 256 == 0", p);
    ok(nm + ".Free", cudaFree(p));
  }
  void* z = reinterpret_cast<void*>(0x1);
  ok("Malloc(0)", cudaMalloc(&z, 0));
  eq("Malloc(0) pointer", static_cast<void*>(nullptr), z);
  ok("Free(Malloc(0) result)", cudaFree(z));
  err("Malloc(nullptr out)", cudaErrorInvalidValue, cudaMalloc(nullptr, 16));

  // An impossible allocation fails with cudaErrorMemoryAllocation; the error is not sticky.
  void* huge = reinterpret_cast<void*>(0x1);
  eq("Malloc(1 PiB)", cudaErrorMemoryAllocation, cudaMalloc(&huge, size_t(1) << 50));
  eq("Malloc(1 PiB) recorded as last error", cudaErrorMemoryAllocation, cudaGetLastError());
  eq("GetLastError cleared after 1 PiB", cudaSuccess, cudaGetLastError());
  void* after = nullptr;
  ok("Malloc after failed 1 PiB", cudaMalloc(&after, 1024));
  ok("DeviceSynchronize after failed 1 PiB", cudaDeviceSynchronize());
  ok("Memset after failed 1 PiB", cudaMemset(after, 1, 1024));

  ok("Free(nullptr)", cudaFree(nullptr));
  // Interior pointer, double free, never-allocated pointer (documented: cudaErrorInvalidValue).
  err("Free(interior pointer)", cudaErrorInvalidValue, cudaFree(static_cast<char*>(after) + 256));
  ok("Free(after)", cudaFree(after));
  err("Free(double free)", cudaErrorInvalidValue, cudaFree(after));
  int host_var = 0;
  err("Free(host stack pointer)", cudaErrorInvalidValue, cudaFree(&host_var));
  err("Free(0x1000 never allocated)", cudaErrorInvalidValue,
      cudaFree(reinterpret_cast<void*>(0x1000)));
  ok("GetLastError clean after free errors", cudaGetLastError());
}

static void test_memcpy_kinds() {
  const cudaMemcpyKind kinds[] = {cudaMemcpyHostToDevice, cudaMemcpyDefault};
  for (size_t n : {size_t(1), size_t(31), size_t(33), size_t(1000003)}) {
    std::string sz = std::to_string(n);
    std::vector<unsigned char> src(n), back(n), hh(n);
    chk::fill_random(src.data(), n, unsigned(n));
    unsigned char *d1 = nullptr, *d2 = nullptr;
    ok("memcpy.Malloc d1 " + sz, cudaMalloc(&d1, n));
    ok("memcpy.Malloc d2 " + sz, cudaMalloc(&d2, n));
    for (cudaMemcpyKind k : kinds) {
      bool def = k == cudaMemcpyDefault;
      std::string tag = std::string(def ? "Default" : "Explicit") + " n=" + sz;
      std::fill(back.begin(), back.end(), 0);
      std::fill(hh.begin(), hh.end(), 0);
      ok("Memcpy H2D " + tag, cudaMemcpy(d1, src.data(), n, def ? k : cudaMemcpyHostToDevice));
      ok("Memcpy D2D " + tag, cudaMemcpy(d2, d1, n, def ? k : cudaMemcpyDeviceToDevice));
      ok("Memcpy D2H " + tag, cudaMemcpy(back.data(), d2, n, def ? k : cudaMemcpyDeviceToHost));
      eq("Memcpy round trip bytes " + tag, true, bytes_equal(src.data(), back.data(), n));
      ok("Memcpy H2H " + tag, cudaMemcpy(hh.data(), src.data(), n, def ? k : cudaMemcpyHostToHost));
      eq("Memcpy H2H bytes " + tag, true, bytes_equal(src.data(), hh.data(), n));
    }
    // Partial copies at odd offsets.
    if (n > 20) {
      std::vector<unsigned char> part(n, 0xEE);
      ok("Memcpy D2H offset 7 len n-20 n=" + sz,
         cudaMemcpy(part.data() + 3, d2 + 7, n - 20, cudaMemcpyDeviceToHost));
      bool good = part[0] == 0xEE && part[2] == 0xEE && part[3 + n - 20] == 0xEE &&
                  bytes_equal(part.data() + 3, src.data() + 7, n - 20);
      eq("Memcpy D2H offset bytes n=" + sz, true, good);
    }
    ok("memcpy.Free d1 " + sz, cudaFree(d1));
    ok("memcpy.Free d2 " + sz, cudaFree(d2));
  }
  unsigned char* d = nullptr;
  unsigned char h[16] = {0};
  cudaMalloc(&d, 16);
  err("Memcpy invalid kind 7", cudaErrorInvalidMemcpyDirection,
      cudaMemcpy(d, h, 16, static_cast<cudaMemcpyKind>(7)));
  err("Memcpy invalid kind -1", cudaErrorInvalidMemcpyDirection,
      cudaMemcpy(d, h, 16, static_cast<cudaMemcpyKind>(-1)));
  ok("Memcpy size 0", cudaMemcpy(d, h, 0, cudaMemcpyHostToDevice));
  cudaFree(d);
}

static void test_memset() {
  const size_t n = 4099;
  unsigned char* d = nullptr;
  std::vector<unsigned char> h(n);
  ok("memset.Malloc", cudaMalloc(&d, n));
  ok("Memset 0xAB", cudaMemset(d, 0xAB, n));
  ok("memset.D2H", cudaMemcpy(h.data(), d, n, cudaMemcpyDeviceToHost));
  size_t bad = 0;
  for (unsigned char c : h) bad += c != 0xAB;
  eq("Memset 0xAB bytes wrong", size_t(0), bad);
  ok("Memset 0x1234 (low byte used)", cudaMemset(d, 0x1234, n));
  ok("memset.D2H.2", cudaMemcpy(h.data(), d, n, cudaMemcpyDeviceToHost));
  eq("Memset 0x1234 byte[0]", 0x34, int(h[0]));
  eq("Memset 0x1234 byte[n-1]", 0x34, int(h[n - 1]));
  ok("Memset partial (d+5, 7, 10)", cudaMemset(d + 5, 7, 10));
  ok("memset.D2H.3", cudaMemcpy(h.data(), d, n, cudaMemcpyDeviceToHost));
  bool good = h[4] == 0x34 && h[5] == 7 && h[14] == 7 && h[15] == 0x34;
  eq("Memset partial bytes", true, good);
  ok("Memset size 0", cudaMemset(d, 0, 0));
  cudaFree(d);
}

static void test_pitch_2d() {
  int pitch_align = 0;
  cudaDeviceGetAttribute(&pitch_align, cudaDevAttrTexturePitchAlignment, 0);
  struct Shape {
    size_t w, h;
  } shapes[] = {{1, 1}, {7, 13}, {1280, 720}, {1280 * 4, 720}, {513, 3}};
  for (const Shape& s : shapes) {
    std::string tag = std::to_string(s.w) + "x" + std::to_string(s.h);
    unsigned char *a = nullptr, *b = nullptr;
    size_t pa = 0, pb = 0;
    ok("MallocPitch " + tag, cudaMallocPitch(reinterpret_cast<void**>(&a), &pa, s.w, s.h));
    ok("MallocPitch.b " + tag, cudaMallocPitch(reinterpret_cast<void**>(&b), &pb, s.w, s.h));
    that("MallocPitch pitch >= width " + tag, pa >= s.w, ">= " + std::to_string(s.w), pa);
    that("MallocPitch pitch % TexturePitchAlignment " + tag,
         pitch_align > 0 && pa % size_t(pitch_align) == 0,
         "multiple of " + std::to_string(pitch_align), pa);
    that("MallocPitch ptr 256-aligned " + tag, addr(a) % 256 == 0, "% 256 == 0", a);
    std::vector<unsigned char> src(s.w * s.h), dst((s.w + 3) * s.h, 0xCC);
    chk::fill_random(src.data(), src.size(), unsigned(s.w * 31 + s.h));
    ok("Memcpy2D H2D " + tag,
       cudaMemcpy2D(a, pa, src.data(), s.w, s.w, s.h, cudaMemcpyHostToDevice));
    ok("Memcpy2D D2D " + tag, cudaMemcpy2D(b, pb, a, pa, s.w, s.h, cudaMemcpyDeviceToDevice));
    ok("Memcpy2D D2H " + tag,
       cudaMemcpy2D(dst.data(), s.w + 3, b, pb, s.w, s.h, cudaMemcpyDeviceToHost));
    bool good = true;
    for (size_t y = 0; y < s.h && good; ++y) {
      good = bytes_equal(&dst[y * (s.w + 3)], &src[y * s.w], s.w) &&
             dst[y * (s.w + 3) + s.w] == 0xCC && dst[y * (s.w + 3) + s.w + 2] == 0xCC;
    }
    eq("Memcpy2D bytes (padding untouched) " + tag, true, good);
    ok("Memset2D " + tag, cudaMemset2D(b, pb, 0x5A, s.w, s.h));
    ok("Memcpy2D D2H after Memset2D " + tag,
       cudaMemcpy2D(dst.data(), s.w + 3, b, pb, s.w, s.h, cudaMemcpyDefault));
    size_t wrong = 0;
    for (size_t y = 0; y < s.h; ++y)
      for (size_t x = 0; x < s.w; ++x) wrong += dst[y * (s.w + 3) + x] != 0x5A;
    eq("Memset2D bytes wrong " + tag, size_t(0), wrong);
    cudaFree(a);
    cudaFree(b);
  }
  unsigned char* d = nullptr;
  size_t pitch = 0;
  cudaMallocPitch(reinterpret_cast<void**>(&d), &pitch, 64, 4);
  std::vector<unsigned char> h(pitch * 8);
  err("Memcpy2D width > dpitch", cudaErrorInvalidPitchValue,
      cudaMemcpy2D(d, 32, h.data(), 128, 64, 4, cudaMemcpyHostToDevice));
  err("Memcpy2D width > spitch", cudaErrorInvalidPitchValue,
      cudaMemcpy2D(d, pitch, h.data(), 32, 64, 4, cudaMemcpyHostToDevice));
  err("Memcpy2D invalid kind", cudaErrorInvalidMemcpyDirection,
      cudaMemcpy2D(d, pitch, h.data(), 64, 64, 4, static_cast<cudaMemcpyKind>(7)));
  cudaFree(d);
}

static void test_3d() {
  const size_t w = 37, hgt = 5, dep = 3;  // width in bytes
  cudaPitchedPtr pp;
  std::memset(&pp, 0, sizeof(pp));
  cudaExtent ext = make_cudaExtent(w, hgt, dep);
  ok("Malloc3D", cudaMalloc3D(&pp, ext));
  that("Malloc3D pitch >= width", pp.pitch >= w, ">= 37", pp.pitch);
  eq("Malloc3D xsize", w, pp.xsize);
  eq("Malloc3D ysize", hgt, pp.ysize);
  that("Malloc3D ptr 256-aligned", addr(pp.ptr) % 256 == 0, "% 256 == 0", pp.ptr);
  std::vector<unsigned char> src(w * hgt * dep), dst(w * hgt * dep, 0);
  chk::fill_random(src.data(), src.size(), 3);
  cudaMemcpy3DParms p;
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = make_cudaPitchedPtr(src.data(), w, w, hgt);
  p.dstPtr = pp;
  p.extent = ext;
  p.kind = cudaMemcpyHostToDevice;
  ok("Memcpy3D H2D", cudaMemcpy3D(&p));
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = pp;
  p.dstPtr = make_cudaPitchedPtr(dst.data(), w, w, hgt);
  p.extent = ext;
  p.kind = cudaMemcpyDeviceToHost;
  ok("Memcpy3D D2H", cudaMemcpy3D(&p));
  eq("Memcpy3D round trip bytes", true, bytes_equal(src.data(), dst.data(), src.size()));
  // A sub-box: 10x2x2 starting at (3,1,1) of the device volume into a tight host box.
  std::vector<unsigned char> box(10 * 2 * 2, 0);
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = pp;
  p.srcPos = make_cudaPos(3, 1, 1);
  p.dstPtr = make_cudaPitchedPtr(box.data(), 10, 10, 2);
  p.extent = make_cudaExtent(10, 2, 2);
  p.kind = cudaMemcpyDeviceToHost;
  ok("Memcpy3D sub-box D2H", cudaMemcpy3D(&p));
  bool good = true;
  for (size_t z = 0; z < 2; ++z)
    for (size_t y = 0; y < 2; ++y)
      for (size_t x = 0; x < 10; ++x)
        good = good && box[(z * 2 + y) * 10 + x] == src[((z + 1) * hgt + (y + 1)) * w + x + 3];
  eq("Memcpy3D sub-box bytes", true, good);
  ok("Memset3D", cudaMemset3D(pp, 0x11, ext));
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = pp;
  p.dstPtr = make_cudaPitchedPtr(dst.data(), w, w, hgt);
  p.extent = ext;
  p.kind = cudaMemcpyDefault;
  ok("Memcpy3D D2H (Default) after Memset3D", cudaMemcpy3D(&p));
  size_t wrong = 0;
  for (unsigned char c : dst) wrong += c != 0x11;
  eq("Memset3D bytes wrong", size_t(0), wrong);
  err("Memcpy3D(nullptr)", cudaErrorInvalidValue, cudaMemcpy3D(nullptr));
  cudaFree(pp.ptr);
}

static void test_host_memory() {
  const size_t n = 1 << 16;
  void* h = nullptr;
  ok("HostAlloc(Default)", cudaHostAlloc(&h, n, cudaHostAllocDefault));
  that("HostAlloc non-null", h != nullptr, "non-null", h);
  chk::require("HostAlloc pointer", h != nullptr);
  std::memset(h, 0x42, n);
  void* dp = nullptr;
  ok("HostGetDevicePointer(HostAlloc)", cudaHostGetDevicePointer(&dp, h, 0));
  eq("HostGetDevicePointer(HostAlloc) == host pointer (UVA)", h, dp);
  void* dev = nullptr;
  cudaMalloc(&dev, n);
  ok("Memcpy pinned->device", cudaMemcpy(dev, h, n, cudaMemcpyHostToDevice));
  std::vector<unsigned char> back(n);
  ok("Memcpy device->pageable", cudaMemcpy(back.data(), dev, n, cudaMemcpyDeviceToHost));
  eq("pinned round trip byte", 0x42, int(back[n - 1]));
  ok("FreeHost(HostAlloc)", cudaFreeHost(h));

  void* h2 = nullptr;
  ok("HostAlloc(Mapped|Portable|WriteCombined)",
     cudaHostAlloc(&h2, n,
                   cudaHostAllocMapped | cudaHostAllocPortable | cudaHostAllocWriteCombined));
  if (h2) std::memset(h2, 1, n);
  ok("FreeHost(mapped)", cudaFreeHost(h2));
  void* h3 = nullptr;
  err("HostAlloc(invalid flags 0x100)", cudaErrorInvalidValue, cudaHostAlloc(&h3, n, 0x100));

  float* mh = nullptr;
  ok("MallocHost", cudaMallocHost(&mh, 100 * sizeof(float)));
  chk::require("MallocHost pointer", mh != nullptr);
  for (int i = 0; i < 100; ++i) mh[i] = float(i);
  ok("FreeHost(MallocHost)", cudaFreeHost(mh));
  ok("FreeHost(nullptr)", cudaFreeHost(nullptr));

  // Registered pageable memory.
  void* raw = std::aligned_alloc(4096, n);
  std::memset(raw, 0x24, n);
  ok("HostRegister", cudaHostRegister(raw, n, cudaHostRegisterDefault));
  err("HostRegister twice", cudaErrorHostMemoryAlreadyRegistered,
      cudaHostRegister(raw, n, cudaHostRegisterDefault));
  void* rdp = nullptr;
  ok("HostGetDevicePointer(registered)", cudaHostGetDevicePointer(&rdp, raw, 0));
  that("HostGetDevicePointer(registered) non-null", rdp != nullptr, "non-null", rdp);
  int same_ptr = 0;
  cudaDeviceGetAttribute(&same_ptr, cudaDevAttrCanUseHostPointerForRegisteredMem, 0);
  if (same_ptr) eq("HostGetDevicePointer(registered) == host pointer", raw, rdp);
  cudaPointerAttributes a;
  std::memset(&a, 0, sizeof(a));
  ok("PointerGetAttributes(registered)", cudaPointerGetAttributes(&a, raw));
  eq("PointerGetAttributes(registered).type", int(cudaMemoryTypeHost), int(a.type));
  eq("PointerGetAttributes(registered).hostPointer", raw, a.hostPointer);
  ok("Memcpy registered->device", cudaMemcpy(dev, raw, n, cudaMemcpyHostToDevice));
  ok("Memcpy device->pageable (registered src)",
     cudaMemcpy(back.data(), dev, n, cudaMemcpyDeviceToHost));
  eq("registered round trip byte", 0x24, int(back[7]));
  ok("HostUnregister", cudaHostUnregister(raw));
  err("HostUnregister twice", cudaErrorHostMemoryNotRegistered, cudaHostUnregister(raw));
  std::free(raw);
  cudaFree(dev);

  // Managed memory.
  int* m = nullptr;
  ok("MallocManaged", cudaMallocManaged(&m, 1000 * sizeof(int), cudaMemAttachGlobal));
  chk::require("MallocManaged pointer", m != nullptr);
  for (int i = 0; i < 1000; ++i) m[i] = i * 3;
  int* d = nullptr;
  cudaMalloc(&d, 1000 * sizeof(int));
  ok("Memcpy managed->device", cudaMemcpy(d, m, 1000 * sizeof(int), cudaMemcpyDefault));
  std::vector<int> hv(1000);
  ok("Memcpy device->host", cudaMemcpy(hv.data(), d, 1000 * sizeof(int), cudaMemcpyDeviceToHost));
  eq("managed round trip [999]", 999 * 3, hv[999]);
  ok("Memset managed", cudaMemset(m, 0, 1000 * sizeof(int)));
  ok("DeviceSynchronize after Memset managed", cudaDeviceSynchronize());
  eq("managed after Memset [500] (host read)", 0, m[500]);
  ok("Free(managed)", cudaFree(m));
  cudaFree(d);
  int* m2 = nullptr;
  err("MallocManaged(flags 0)", cudaErrorInvalidValue, cudaMallocManaged(&m2, 64, 0));
}

static void test_async_alloc() {
  cudaMemPool_t pool = nullptr, cur = nullptr;
  ok("DeviceGetDefaultMemPool", cudaDeviceGetDefaultMemPool(&pool, 0));
  that("DeviceGetDefaultMemPool non-null", pool != nullptr, "non-null", static_cast<void*>(pool));
  ok("DeviceGetMemPool", cudaDeviceGetMemPool(&cur, 0));
  eq("DeviceGetMemPool == default", static_cast<void*>(pool), static_cast<void*>(cur));
  cudaStream_t s;
  cudaStreamCreate(&s);
  const size_t n = 100003;
  unsigned char* p = nullptr;
  ok("MallocAsync", cudaMallocAsync(reinterpret_cast<void**>(&p), n, s));
  that("MallocAsync non-null", p != nullptr, "non-null", p);
  unsigned char* h = nullptr;
  ok("MallocHost (async alloc test)", cudaMallocHost(&h, n));
  chk::require("MallocHost pointer", h != nullptr);
  chk::fill_random(h, n, 77);
  std::vector<unsigned char> want(h, h + n);
  ok("MemcpyAsync H2D (async alloc)", cudaMemcpyAsync(p, h, n, cudaMemcpyHostToDevice, s));
  ok("StreamSynchronize after H2D (async alloc)", cudaStreamSynchronize(s));
  std::memset(h, 0, n);
  ok("MemcpyAsync D2H (async alloc)", cudaMemcpyAsync(h, p, n, cudaMemcpyDeviceToHost, s));
  ok("FreeAsync", cudaFreeAsync(p, s));
  ok("StreamSynchronize after FreeAsync", cudaStreamSynchronize(s));
  eq("MallocAsync round trip bytes", true, bytes_equal(h, want.data(), n));
  unsigned char* q = nullptr;
  ok("MallocFromPoolAsync", cudaMallocFromPoolAsync(reinterpret_cast<void**>(&q), 4096, pool, s));
  ok("MemsetAsync (pool alloc)", cudaMemsetAsync(q, 9, 4096, s));
  ok("MemcpyAsync D2H (pool alloc)", cudaMemcpyAsync(h, q, 4096, cudaMemcpyDeviceToHost, s));
  ok("FreeAsync (pool alloc)", cudaFreeAsync(q, s));
  ok("StreamSynchronize (pool alloc)", cudaStreamSynchronize(s));
  eq("pool alloc memset byte", 9, int(h[4095]));
  // Allocation and free on the legacy default stream.
  unsigned char* r = nullptr;
  ok("MallocAsync(stream 0)", cudaMallocAsync(reinterpret_cast<void**>(&r), 64, 0));
  ok("FreeAsync(stream 0)", cudaFreeAsync(r, 0));
  ok("DeviceSynchronize after stream-0 async alloc", cudaDeviceSynchronize());
  cudaFreeHost(h);
  cudaStreamDestroy(s);
}

static void test_mem_info() {
  size_t free0 = 0, total = 0;
  ok("MemGetInfo", cudaMemGetInfo(&free0, &total));
  that("MemGetInfo total > 0", total > 0, "> 0", total);
  that("MemGetInfo free <= total", free0 <= total, "<= " + std::to_string(total), free0);
  const size_t big = size_t(1) << 30;  // 1 GiB
  void* p = nullptr;
  ok("Malloc(1 GiB)", cudaMalloc(&p, big));
  ok("Memset(1 GiB)", cudaMemset(p, 0, big));
  size_t free1 = 0, total1 = 0;
  ok("MemGetInfo after 1 GiB", cudaMemGetInfo(&free1, &total1));
  eq("MemGetInfo total unchanged", total, total1);
  that("MemGetInfo free decreased by >= 512 MiB after 1 GiB alloc",
       free1 + (size_t(512) << 20) <= free0, "<= " + std::to_string(free0 - (size_t(512) << 20)),
       free1);
  ok("Free(1 GiB)", cudaFree(p));
  // Not documented; NVIDIA's runtime 13.0 (driver 580, H100) accepts null output pointers.
  err("MemGetInfo(nullptr, nullptr)", cudaSuccess, cudaMemGetInfo(nullptr, nullptr));
}

static void test_pointer_attributes() {
  cudaPointerAttributes a;
  char* d = nullptr;
  cudaMalloc(&d, 4096);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(device)", cudaPointerGetAttributes(&a, d));
  eq("device.type", int(cudaMemoryTypeDevice), int(a.type));
  eq("device.device", 0, a.device);
  eq("device.devicePointer", static_cast<void*>(d), a.devicePointer);
  eq("device.hostPointer", static_cast<void*>(nullptr), a.hostPointer);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(device interior +100)", cudaPointerGetAttributes(&a, d + 100));
  eq("device interior.type", int(cudaMemoryTypeDevice), int(a.type));
  eq("device interior.devicePointer", static_cast<void*>(d + 100), a.devicePointer);
  eq("device interior.hostPointer", static_cast<void*>(nullptr), a.hostPointer);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(device last byte)", cudaPointerGetAttributes(&a, d + 4095));
  eq("device last byte.type", int(cudaMemoryTypeDevice), int(a.type));

  char* h = nullptr;
  cudaHostAlloc(&h, 4096, cudaHostAllocDefault);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(pinned)", cudaPointerGetAttributes(&a, h));
  eq("pinned.type", int(cudaMemoryTypeHost), int(a.type));
  eq("pinned.hostPointer", static_cast<void*>(h), a.hostPointer);
  eq("pinned.devicePointer", static_cast<void*>(h), a.devicePointer);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(pinned interior +10)", cudaPointerGetAttributes(&a, h + 10));
  eq("pinned interior.type", int(cudaMemoryTypeHost), int(a.type));
  eq("pinned interior.hostPointer", static_cast<void*>(h + 10), a.hostPointer);
  eq("pinned interior.devicePointer", static_cast<void*>(h + 10), a.devicePointer);

  char* m = nullptr;
  cudaMallocManaged(&m, 4096);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(managed)", cudaPointerGetAttributes(&a, m));
  eq("managed.type", int(cudaMemoryTypeManaged), int(a.type));
  eq("managed.hostPointer", static_cast<void*>(m), a.hostPointer);
  eq("managed.devicePointer", static_cast<void*>(m), a.devicePointer);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(managed interior +64)", cudaPointerGetAttributes(&a, m + 64));
  eq("managed interior.type", int(cudaMemoryTypeManaged), int(a.type));
  eq("managed interior.devicePointer", static_cast<void*>(m + 64), a.devicePointer);

  std::vector<char> pageable(64);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(unregistered heap)", cudaPointerGetAttributes(&a, pageable.data()));
  eq("unregistered heap.type", int(cudaMemoryTypeUnregistered), int(a.type));
  int stack_var = 0;
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(unregistered stack)", cudaPointerGetAttributes(&a, &stack_var));
  eq("unregistered stack.type", int(cudaMemoryTypeUnregistered), int(a.type));
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(nullptr)", cudaPointerGetAttributes(&a, nullptr));
  eq("nullptr.type", int(cudaMemoryTypeUnregistered), int(a.type));
  err("PointerGetAttributes(attr nullptr)", cudaErrorInvalidValue,
      cudaPointerGetAttributes(nullptr, d));

  cudaFree(d);
  std::memset(&a, 0x7F, sizeof(a));
  ok("PointerGetAttributes(freed device)", cudaPointerGetAttributes(&a, d));
  eq("freed device.type", int(cudaMemoryTypeUnregistered), int(a.type));
  cudaFreeHost(h);
  cudaFree(m);
  ok("GetLastError clean after pointer attributes", cudaGetLastError());
}

static void test_async_forms() {
  cudaStream_t s;
  ok("async.StreamCreate", cudaStreamCreate(&s));
  const size_t n = 65537;
  unsigned char *h = nullptr, *h2 = nullptr, *d = nullptr, *d2 = nullptr;
  ok("async.MallocHost h", cudaMallocHost(&h, n));
  ok("async.MallocHost h2", cudaMallocHost(&h2, n));
  chk::require("async.MallocHost pointers", h != nullptr && h2 != nullptr);
  cudaMalloc(&d, n);
  cudaMalloc(&d2, n);
  chk::fill_random(h, n, 5);
  std::memset(h2, 0, n);
  ok("MemcpyAsync H2D", cudaMemcpyAsync(d, h, n, cudaMemcpyHostToDevice, s));
  ok("MemcpyAsync D2D", cudaMemcpyAsync(d2, d, n, cudaMemcpyDeviceToDevice, s));
  ok("MemcpyAsync D2H", cudaMemcpyAsync(h2, d2, n, cudaMemcpyDeviceToHost, s));
  ok("async.StreamSynchronize 1", cudaStreamSynchronize(s));
  eq("MemcpyAsync round trip bytes", true, bytes_equal(h, h2, n));
  std::memset(h2, 0, n);
  ok("MemcpyAsync H2H", cudaMemcpyAsync(h2, h, n, cudaMemcpyHostToHost, s));
  ok("async.StreamSynchronize H2H", cudaStreamSynchronize(s));
  eq("MemcpyAsync H2H bytes", true, bytes_equal(h, h2, n));
  ok("MemsetAsync", cudaMemsetAsync(d, 0x3C, n, s));
  ok("MemcpyAsync D2H (Default)", cudaMemcpyAsync(h2, d, n, cudaMemcpyDefault, s));
  ok("async.StreamSynchronize 2", cudaStreamSynchronize(s));
  size_t wrong = 0;
  for (size_t i = 0; i < n; ++i) wrong += h2[i] != 0x3C;
  eq("MemsetAsync bytes wrong", size_t(0), wrong);
  err("MemcpyAsync invalid kind", cudaErrorInvalidMemcpyDirection,
      cudaMemcpyAsync(d, h, 16, static_cast<cudaMemcpyKind>(7), s));

  // 2D async forms: 100 x 10 bytes.
  unsigned char* p2 = nullptr;
  size_t pitch = 0;
  cudaMallocPitch(reinterpret_cast<void**>(&p2), &pitch, 100, 10);
  ok("Memcpy2DAsync H2D", cudaMemcpy2DAsync(p2, pitch, h, 100, 100, 10, cudaMemcpyHostToDevice, s));
  std::memset(h2, 0, n);
  ok("Memcpy2DAsync D2H",
     cudaMemcpy2DAsync(h2, 100, p2, pitch, 100, 10, cudaMemcpyDeviceToHost, s));
  ok("async.StreamSynchronize 2D", cudaStreamSynchronize(s));
  eq("Memcpy2DAsync bytes", true, bytes_equal(h, h2, 1000));
  ok("Memset2DAsync", cudaMemset2DAsync(p2, pitch, 0x77, 100, 10, s));
  ok("Memcpy2DAsync D2H after Memset2DAsync",
     cudaMemcpy2DAsync(h2, 100, p2, pitch, 100, 10, cudaMemcpyDeviceToHost, s));
  ok("async.StreamSynchronize 2D memset", cudaStreamSynchronize(s));
  wrong = 0;
  for (size_t i = 0; i < 1000; ++i) wrong += h2[i] != 0x77;
  eq("Memset2DAsync bytes wrong", size_t(0), wrong);
  cudaFree(p2);

  // 3D async forms: 20 x 4 x 3 bytes.
  cudaPitchedPtr pp;
  cudaExtent ext = make_cudaExtent(20, 4, 3);
  cudaMalloc3D(&pp, ext);
  cudaMemcpy3DParms p;
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = make_cudaPitchedPtr(h, 20, 20, 4);
  p.dstPtr = pp;
  p.extent = ext;
  p.kind = cudaMemcpyHostToDevice;
  ok("Memcpy3DAsync H2D", cudaMemcpy3DAsync(&p, s));
  std::memset(h2, 0, n);
  std::memset(&p, 0, sizeof(p));
  p.srcPtr = pp;
  p.dstPtr = make_cudaPitchedPtr(h2, 20, 20, 4);
  p.extent = ext;
  p.kind = cudaMemcpyDeviceToHost;
  ok("Memcpy3DAsync D2H", cudaMemcpy3DAsync(&p, s));
  ok("async.StreamSynchronize 3D", cudaStreamSynchronize(s));
  eq("Memcpy3DAsync bytes", true, bytes_equal(h, h2, 240));
  ok("Memset3DAsync", cudaMemset3DAsync(pp, 0x66, ext, s));
  ok("Memcpy3DAsync D2H after Memset3DAsync", cudaMemcpy3DAsync(&p, s));
  ok("async.StreamSynchronize 3D memset", cudaStreamSynchronize(s));
  wrong = 0;
  for (size_t i = 0; i < 240; ++i) wrong += h2[i] != 0x66;
  eq("Memset3DAsync bytes wrong", size_t(0), wrong);
  cudaFree(pp.ptr);

  // Legacy default stream (0) with async forms.
  std::memset(h2, 0, n);
  ok("MemcpyAsync H2D stream 0", cudaMemcpyAsync(d, h, n, cudaMemcpyHostToDevice, 0));
  ok("MemcpyAsync D2H stream 0", cudaMemcpyAsync(h2, d, n, cudaMemcpyDeviceToHost, 0));
  ok("StreamSynchronize(0)", cudaStreamSynchronize(0));
  eq("stream 0 async round trip bytes", true, bytes_equal(h, h2, n));

  cudaFreeHost(h);
  cudaFreeHost(h2);
  cudaFree(d);
  cudaFree(d2);
  ok("async.StreamDestroy", cudaStreamDestroy(s));
}

int main() {
  test_malloc_free();
  test_memcpy_kinds();
  test_memset();
  test_pitch_2d();
  test_3d();
  test_host_memory();
  test_async_alloc();
  test_mem_info();
  test_pointer_attributes();
  test_async_forms();
  ok("final GetLastError", cudaGetLastError());
  return chk::finish();
}
