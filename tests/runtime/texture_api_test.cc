// CUDA arrays, texture and surface objects from the API side: the error codes bad input gets
// (NULL descriptors, zero sizes, bad channel formats, unknown or destroyed handles, surfaces over
// arrays without cudaArraySurfaceLoadStore, misaligned linear memory) and the descriptor queries.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

namespace cudashim::testing {
namespace {

class TextureApi : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cudaGetLastError(), cudaSuccess); }
  void TearDown() override {
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  }
  static void ExpectError(cudaError_t code, cudaError_t returned) {
    EXPECT_EQ(returned, code);
    EXPECT_EQ(cudaGetLastError(), code);
  }
  static cudaResourceDesc ArrayResource(cudaArray_t a) {
    cudaResourceDesc r{};
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    return r;
  }
};

TEST_F(TextureApi, ArrayAllocationValidatesItsArguments) {
  cudaChannelFormatDesc f = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t a = nullptr;
  ExpectError(cudaErrorInvalidValue, cudaMallocArray(nullptr, &f, 4, 4, 0));
  ExpectError(cudaErrorInvalidValue, cudaMallocArray(&a, nullptr, 4, 4, 0));
  ExpectError(cudaErrorInvalidValue, cudaMallocArray(&a, &f, 0, 4, 0));
  ExpectError(cudaErrorInvalidValue, cudaMalloc3DArray(&a, &f, cudaExtent{4, 0, 3}, 0));
  ExpectError(cudaErrorInvalidValue, cudaMalloc3DArray(&a, &f, cudaExtent{4, 4, 0}, cudaArrayLayered));
  cudaChannelFormatDesc three = cudaCreateChannelDesc(32, 32, 32, 0, cudaChannelFormatKindFloat);
  ExpectError(cudaErrorInvalidChannelDescriptor, cudaMallocArray(&a, &three, 4, 4, 0));
  cudaChannelFormatDesc float8 = cudaCreateChannelDesc(8, 0, 0, 0, cudaChannelFormatKindFloat);
  ExpectError(cudaErrorInvalidChannelDescriptor, cudaMallocArray(&a, &float8, 4, 4, 0));
}

TEST_F(TextureApi, ArrayHandlesAreCheckedAndFreedOnce) {
  cudaChannelFormatDesc f = cudaCreateChannelDesc(8, 8, 8, 8, cudaChannelFormatKindUnsigned);
  cudaArray_t a = nullptr;
  ASSERT_EQ(cudaMallocArray(&a, &f, 16, 0, 0), cudaSuccess);
  cudaChannelFormatDesc got{};
  cudaExtent extent{};
  unsigned flags = 7;
  ASSERT_EQ(cudaArrayGetInfo(&got, &extent, &flags, a), cudaSuccess);
  EXPECT_EQ(got.w, 8);
  EXPECT_EQ(extent.width, 16u);
  EXPECT_EQ(extent.height, 0u);
  EXPECT_EQ(flags, 0u);
  std::vector<uint8_t> host(64);
  ExpectError(cudaErrorInvalidValue,
              cudaMemcpy2DToArray(a, 8, 0, host.data(), 64, 64, 1, cudaMemcpyHostToDevice));
  ExpectError(cudaErrorInvalidValue,
              cudaMemcpy2DToArray(a, 0, 1, host.data(), 64, 64, 1, cudaMemcpyHostToDevice));
  EXPECT_EQ(cudaFreeArray(a), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaFreeArray(a));
  ExpectError(cudaErrorInvalidValue, cudaGetChannelDesc(&got, a));
  EXPECT_EQ(cudaFreeArray(nullptr), cudaSuccess);
}

TEST_F(TextureApi, TextureObjectsValidateTheirDescriptors) {
  cudaChannelFormatDesc f = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t a = nullptr;
  ASSERT_EQ(cudaMallocArray(&a, &f, 8, 8, 0), cudaSuccess);
  cudaResourceDesc r = ArrayResource(a);
  cudaTextureDesc t{};
  cudaTextureObject_t tex = 0;
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(nullptr, &r, &t, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, nullptr, &t, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &r, nullptr, nullptr));
  ASSERT_EQ(cudaCreateTextureObject(&tex, &r, &t, nullptr), cudaSuccess);
  EXPECT_NE(tex, 0u);
  cudaResourceDesc back{};
  ASSERT_EQ(cudaGetTextureObjectResourceDesc(&back, tex), cudaSuccess);
  EXPECT_EQ(back.res.array.array, a);
  EXPECT_EQ(cudaDestroyTextureObject(tex), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaDestroyTextureObject(tex));
  ExpectError(cudaErrorInvalidValue, cudaGetTextureObjectResourceDesc(&back, tex));
  ExpectError(cudaErrorInvalidValue, cudaGetTextureObjectTextureDesc(&t, 12345));

  // Linear filtering of integers, and normalized reads of 32-bit integers, are refused.
  cudaChannelFormatDesc i32 = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindSigned);
  cudaArray_t ai = nullptr;
  ASSERT_EQ(cudaMallocArray(&ai, &i32, 8, 8, 0), cudaSuccess);
  cudaResourceDesc ri = ArrayResource(ai);
  cudaTextureDesc linear{};
  linear.filterMode = cudaFilterModeLinear;
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &ri, &linear, nullptr));
  cudaTextureDesc norm{};
  norm.readMode = cudaReadModeNormalizedFloat;
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &ri, &norm, nullptr));

  // Over a freed array, and over linear memory that is misaligned or not the runtime's.
  ASSERT_EQ(cudaFreeArray(ai), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &ri, &t, nullptr));
  void* d = nullptr;
  ASSERT_EQ(cudaMalloc(&d, 4096), cudaSuccess);
  cudaResourceDesc lin{};
  lin.resType = cudaResourceTypeLinear;
  lin.res.linear.devPtr = static_cast<char*>(d) + 4;  // not textureAlignment-aligned
  lin.res.linear.desc = f;
  lin.res.linear.sizeInBytes = 1024;
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &lin, &t, nullptr));
  lin.res.linear.devPtr = d;
  lin.res.linear.sizeInBytes = 8192;  // past the allocation
  ExpectError(cudaErrorInvalidValue, cudaCreateTextureObject(&tex, &lin, &t, nullptr));
  lin.res.linear.sizeInBytes = 4096;
  ASSERT_EQ(cudaCreateTextureObject(&tex, &lin, &t, nullptr), cudaSuccess);
  EXPECT_EQ(cudaDestroyTextureObject(tex), cudaSuccess);
  cudaResourceDesc mip{};
  mip.resType = cudaResourceTypeMipmappedArray;
  ExpectError(cudaErrorNotSupported, cudaCreateTextureObject(&tex, &mip, &t, nullptr));
  EXPECT_EQ(cudaFree(d), cudaSuccess);
  EXPECT_EQ(cudaFreeArray(a), cudaSuccess);
}

TEST_F(TextureApi, SurfacesNeedLoadStoreArrays) {
  cudaChannelFormatDesc f = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t plain = nullptr, ls = nullptr;
  ASSERT_EQ(cudaMallocArray(&plain, &f, 8, 8, 0), cudaSuccess);
  ASSERT_EQ(cudaMallocArray(&ls, &f, 8, 8, cudaArraySurfaceLoadStore), cudaSuccess);
  cudaSurfaceObject_t s = 0;
  cudaResourceDesc r = ArrayResource(plain);
  ExpectError(cudaErrorInvalidValue, cudaCreateSurfaceObject(nullptr, &r));
  ExpectError(cudaErrorInvalidValue, cudaCreateSurfaceObject(&s, nullptr));
  ExpectError(cudaErrorInvalidValue, cudaCreateSurfaceObject(&s, &r));
  r = ArrayResource(ls);
  ASSERT_EQ(cudaCreateSurfaceObject(&s, &r), cudaSuccess);
  EXPECT_NE(s, 0u);
  cudaResourceDesc back{};
  ASSERT_EQ(cudaGetSurfaceObjectResourceDesc(&back, s), cudaSuccess);
  EXPECT_EQ(back.res.array.array, ls);
  // A surface handle is not a texture handle.
  ExpectError(cudaErrorInvalidValue, cudaDestroyTextureObject(s));
  EXPECT_EQ(cudaDestroySurfaceObject(s), cudaSuccess);
  ExpectError(cudaErrorInvalidValue, cudaDestroySurfaceObject(s));
  EXPECT_EQ(cudaFreeArray(plain), cudaSuccess);
  EXPECT_EQ(cudaFreeArray(ls), cudaSuccess);
}

}  // namespace
}  // namespace cudashim::testing
