// 256-bin byte histogram: each block counts into a shared-memory histogram with shared atomics
// (4 bytes per 32-bit load, grid-stride), then merges it into the global one with global atomics.
// The timed region includes zeroing the global histogram.
#include "cuda_util.h"
#include "reference.h"

__global__ void histogram(const unsigned int* __restrict__ data, int nwords, unsigned int* hist) {
  __shared__ unsigned int h[256];
  for (int i = threadIdx.x; i < 256; i += blockDim.x) h[i] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < nwords; i += blockDim.x * gridDim.x) {
    unsigned int w = data[i];
    atomicAdd(&h[w & 0xffu], 1u);
    atomicAdd(&h[(w >> 8) & 0xffu], 1u);
    atomicAdd(&h[(w >> 16) & 0xffu], 1u);
    atomicAdd(&h[w >> 24], 1u);
  }
  __syncthreads();
  for (int i = threadIdx.x; i < 256; i += blockDim.x) atomicAdd(&hist[i], h[i]);
}

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv, "histogram");
  bench::Result r;
  cu::start(args, &r);
  const long nbytes = args.n & ~3L;
  const int nwords = static_cast<int>(nbytes / 4);
  std::vector<uint8_t> bytes(nbytes);
  for (long i = 0; i < nbytes; ++i) bytes[i] = bench::input_byte(i);
  std::vector<unsigned int> words(nwords);
  std::memcpy(words.data(), bytes.data(), nbytes);
  unsigned int* dData = cu::alloc<unsigned int>(nwords);
  unsigned int* dHist = cu::alloc<unsigned int>(256);
  cu::to_device(dData, words);
  const int blocks = std::min((nwords + 255) / 256, 1024);
  auto run = [&] {
    CK(cudaMemsetAsync(dHist, 0, 256 * sizeof(unsigned int)));
    histogram<<<blocks, 256>>>(dData, nwords, dHist);
    cu::sync();
  };
  r.first_ms = bench::time_ms(run);
  std::vector<unsigned int> h = cu::to_host(dHist, 256);
  r.check = bench::check_histogram(bytes.data(), nbytes, h.data());
  r.times = bench::repeat_ms(run, args.reps);
  bench::emit(r);
  return r.check.ok ? 0 : 1;
}
