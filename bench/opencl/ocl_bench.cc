// The OpenCL host for bench/opencl/<bench>.cl: `ocl_bench <bench> [--quick] [--n N] [--reps N]
// [--cl-dir DIR]`. Same inputs, launch shapes, checks and result line as bench/cuda/<bench>.cu.
// Timing is host wall-clock around enqueue + clFinish, like the CUDA programs' launch + sync.
// first_ms (hence load_ms) includes clCreateProgramWithSource + clBuildProgram + the first run, so it
// covers PoCL's compile (cached under POCL_CACHE_DIR) and its per-launch-shape specialization.
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include <fstream>
#include <sstream>

#include "bench.h"
#include "reference.h"

#ifndef BENCH_CL_DIR
#define BENCH_CL_DIR "."
#endif

namespace {

bench::Result g_result;

[[noreturn]] void fail(const std::string& msg, int code = 1) {
  std::fprintf(stderr, "%s\n", msg.c_str());
  g_result.error = msg;
  g_result.check.ok = false;
  bench::emit(g_result);
  std::exit(code);
}

#define OCK(call)                                                                        \
  do {                                                                                   \
    cl_int e_ = (call);                                                                  \
    if (e_ != CL_SUCCESS) fail(std::string(#call) + " failed: " + std::to_string(e_)); \
  } while (0)

struct Ocl {
  cl_device_id dev = nullptr;
  cl_context ctx = nullptr;
  cl_command_queue q = nullptr;
  std::string cl_dir = BENCH_CL_DIR;
  double build_ms = 0;

  void init() {
    cl_uint np = 0;
    if (clGetPlatformIDs(0, nullptr, &np) != CL_SUCCESS || np == 0) {
      g_result.extra += ",\"skipped\":true";
      fail("no OpenCL platform (install pocl-opencl-icd)", 3);
    }
    std::vector<cl_platform_id> plats(np);
    OCK(clGetPlatformIDs(np, plats.data(), nullptr));
    for (cl_platform_id p : plats) {  // prefer a CPU device (PoCL's pthread device)
      cl_uint nd = 0;
      if (clGetDeviceIDs(p, CL_DEVICE_TYPE_CPU, 1, &dev, &nd) == CL_SUCCESS && nd) break;
      dev = nullptr;
    }
    if (!dev) {
      g_result.extra += ",\"skipped\":true";
      fail("no OpenCL CPU device", 3);
    }
    char name[512] = {}, plat_ver[512] = {};
    cl_platform_id plat;
    OCK(clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof name, name, nullptr));
    OCK(clGetDeviceInfo(dev, CL_DEVICE_PLATFORM, sizeof plat, &plat, nullptr));
    OCK(clGetPlatformInfo(plat, CL_PLATFORM_VERSION, sizeof plat_ver, plat_ver, nullptr));
    g_result.device = std::string(name) + " (" + plat_ver + ")";
    cl_int e;
    ctx = clCreateContext(nullptr, 1, &dev, nullptr, nullptr, &e);
    OCK(e);
    q = clCreateCommandQueue(ctx, dev, 0, &e);
    OCK(e);
  }

  // Builds <bench>.cl and returns its kernel `name`; the time goes into build_ms.
  cl_kernel build(const std::string& file, const char* name) {
    double t0 = bench::now_ms();
    std::ifstream f(cl_dir + "/" + file);
    if (!f) fail("cannot read " + cl_dir + "/" + file);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string src = ss.str();
    const char* s = src.c_str();
    cl_int e;
    cl_program prog = clCreateProgramWithSource(ctx, 1, &s, nullptr, &e);
    OCK(e);
    if (clBuildProgram(prog, 1, &dev, "-cl-std=CL1.2", nullptr, nullptr) != CL_SUCCESS) {
      size_t len = 0;
      clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, 0, nullptr, &len);
      std::string log(len, '\0');
      clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, len, log.data(), nullptr);
      fail("build of " + file + " failed: " + log);
    }
    cl_kernel k = clCreateKernel(prog, name, &e);
    OCK(e);
    build_ms += bench::now_ms() - t0;
    return k;
  }

  cl_mem buffer(size_t bytes, const void* host = nullptr) {
    cl_int e;
    cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, nullptr, &e);
    OCK(e);
    if (host) {
      OCK(clEnqueueWriteBuffer(q, m, CL_TRUE, 0, bytes, host, 0, nullptr, nullptr));
    } else {
      const cl_uint zero = 0;  // touch it, so the first run does not pay page faults
      OCK(clEnqueueFillBuffer(q, m, &zero, sizeof zero, 0, bytes, 0, nullptr, nullptr));
      OCK(clFinish(q));
    }
    return m;
  }
  template <class T>
  std::vector<T> read(cl_mem m, size_t n) {
    std::vector<T> h(n);
    OCK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, n * sizeof(T), h.data(), 0, nullptr, nullptr));
    return h;
  }
  void launch(cl_kernel k, cl_uint dims, const size_t* global, const size_t* local) {
    OCK(clEnqueueNDRangeKernel(q, k, dims, nullptr, global, local, 0, nullptr, nullptr));
  }
  void finish() { OCK(clFinish(q)); }
};

template <class... A>
void set_args(cl_kernel k, const A&... a) {
  cl_uint i = 0;
  (
      [&] {
        cl_int e = clSetKernelArg(k, i++, sizeof(A), &a);
        if (e != CL_SUCCESS) fail("clSetKernelArg " + std::to_string(i - 1) + ": " + std::to_string(e));
      }(),
      ...);
}

size_t round_up(size_t v, size_t m) { return (v + m - 1) / m * m; }

// Runs `first` once (after the program build, both inside first_ms), checks, then times `run`.
template <class Build, class Run, class Check>
void measure(Ocl& cl, const bench::Args& args, Build&& build, Run&& run, Check&& check) {
  double t0 = bench::now_ms();
  build();
  run();
  g_result.first_ms = bench::now_ms() - t0;
  g_result.check = check();
  g_result.times = bench::repeat_ms(run, args.reps);
  g_result.extra += ",\"build_ms\":" + bench::num(cl.build_ms);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    std::fprintf(stderr, "usage: ocl_bench <bench> [--quick] [--n N] [--reps N] [--cl-dir DIR]\n");
    return 2;
  }
  const std::string name = argv[1];
  Ocl cl;
  // Strip --cl-dir before the common parser sees the arguments.
  std::vector<char*> rest = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--cl-dir" && i + 1 < argc) cl.cl_dir = argv[++i];
    else rest.push_back(argv[i]);
  }
  bench::Args args = bench::parse_args(static_cast<int>(rest.size()), rest.data(), name.c_str());
  g_result.bench = name;
  g_result.impl = "pocl";
  g_result.size = bench::size_string(name, args.n);
  if (bench::size_of(name).full == 0) fail("unknown bench " + name, 2);
  cl.init();
  cl_kernel k = nullptr;
  const std::string file = name + ".cl";
  const size_t L256 = 256;

  if (name == "saxpy" || name == "copy") {
    const int n = static_cast<int>(args.n);
    std::vector<float> x(n), y(n);
    bench::fill_floats(x.data(), n, 1);
    bench::fill_floats(y.data(), n, 2);
    cl_mem dx = cl.buffer(n * 4, x.data());
    cl_mem dy = name == "saxpy" ? cl.buffer(n * 4, y.data()) : cl.buffer(n * 4);
    const size_t g = round_up(n, 256);
    measure(
        cl, args,
        [&] {
          k = cl.build(file, name.c_str());
          if (name == "saxpy") set_args(k, n, bench::kSaxpyA, dx, dy);
          else set_args(k, n, dx, dy);
        },
        [&] {
          cl.launch(k, 1, &g, &L256);
          cl.finish();
        },
        [&] {
          auto out = cl.read<float>(dy, n);
          return name == "saxpy" ? bench::check_saxpy(x.data(), y.data(), out.data(), n, bench::kSaxpyA)
                                 : bench::check_copy(x.data(), out.data(), n);
        });
  } else if (name == "reduce_shared") {
    const int n = static_cast<int>(args.n);
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) x[i] = bench::reduce_input(i);
    cl_mem din = cl.buffer(size_t(n) * 4, x.data());
    int parts = (n + 255) / 256;
    cl_mem pa = cl.buffer(size_t(parts) * 4), pb = cl.buffer(size_t((parts + 255) / 256) * 4);
    cl_mem result = nullptr;
    measure(
        cl, args, [&] { k = cl.build(file, "reduce_shared"); },
        [&] {
          cl_mem src = din, dst = pa;
          int m = n;
          do {
            int blocks = (m + 255) / 256;
            size_t g = size_t(blocks) * 256;
            set_args(k, src, dst, m);
            cl.launch(k, 1, &g, &L256);
            m = blocks;
            src = dst;
            dst = dst == pa ? pb : pa;
          } while (m > 1);
          cl.finish();
          result = src;
        },
        [&] { return bench::check_sum(cl.read<float>(result, 1)[0], n); });
  } else if (name == "reduce_shuffle") {
    const int n = static_cast<int>(args.n);
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) x[i] = bench::reduce_input(i);
    cl_mem din = cl.buffer(size_t(n) * 4, x.data());
    const int blocks = std::min((n + 255) / 256, 1024);
    cl_mem partial = cl.buffer(size_t(blocks) * 4), dsum = cl.buffer(4);
    const size_t g1 = size_t(blocks) * 256;
    measure(
        cl, args, [&] { k = cl.build(file, "reduce_shuffle"); },
        [&] {
          set_args(k, din, partial, n);
          cl.launch(k, 1, &g1, &L256);
          set_args(k, partial, dsum, blocks);
          cl.launch(k, 1, &L256, &L256);
          cl.finish();
        },
        [&] { return bench::check_sum(cl.read<float>(dsum, 1)[0], n); });
  } else if (name == "transpose_naive" || name == "transpose_tiled" || name == "stencil5") {
    const int n = static_cast<int>(args.n);
    std::vector<float> a(size_t(n) * n);
    bench::fill_floats(a.data(), a.size(), name == "stencil5" ? 6 : 3);
    cl_mem din = cl.buffer(a.size() * 4, a.data()), dout = cl.buffer(a.size() * 4);
    const size_t local[2] = {32, 8};
    size_t global[2];
    if (name == "stencil5") global[0] = round_up(n, 32), global[1] = round_up(n, 8);
    else global[0] = n, global[1] = size_t(n) / 32 * 8;  // 32x8 items per 32x32 tile
    measure(
        cl, args,
        [&] {
          k = cl.build(file, name.c_str());
          if (name == "stencil5") set_args(k, din, dout, n);
          else set_args(k, dout, din, n);
        },
        [&] {
          cl.launch(k, 2, global, local);
          cl.finish();
        },
        [&] {
          auto out = cl.read<float>(dout, a.size());
          return name == "stencil5" ? bench::check_stencil5(a.data(), out.data(), n)
                                    : bench::check_transpose(a.data(), out.data(), n);
        });
  } else if (name == "sgemm_tiled") {
    const int n = static_cast<int>(args.n);
    std::vector<float> a(size_t(n) * n), b(size_t(n) * n);
    bench::fill_floats(a.data(), a.size(), 4);
    bench::fill_floats(b.data(), b.size(), 5);
    cl_mem dA = cl.buffer(a.size() * 4, a.data()), dB = cl.buffer(b.size() * 4, b.data());
    cl_mem dC = cl.buffer(a.size() * 4);
    const size_t global[2] = {size_t(n), size_t(n)}, local[2] = {16, 16};
    measure(
        cl, args,
        [&] {
          k = cl.build(file, "sgemm_tiled");
          set_args(k, n, dA, dB, dC);
        },
        [&] {
          cl.launch(k, 2, global, local);
          cl.finish();
        },
        [&] {
          auto c = cl.read<float>(dC, a.size());
          return bench::check_sgemm(a.data(), b.data(), c.data(), n);
        });
    g_result.extra +=
        ",\"gflops\":" + bench::num(2.0 * n * double(n) * n / (bench::median(g_result.times) * 1e6));
  } else if (name == "histogram") {
    const long nbytes = args.n & ~3L;
    const int nwords = static_cast<int>(nbytes / 4);
    std::vector<uint8_t> bytes(nbytes);
    for (long i = 0; i < nbytes; ++i) bytes[i] = bench::input_byte(i);
    cl_mem dData = cl.buffer(nbytes, bytes.data()), dHist = cl.buffer(256 * 4);
    const int blocks = std::min((nwords + 255) / 256, 1024);
    const size_t g = size_t(blocks) * 256;
    const cl_uint zero = 0;
    measure(
        cl, args,
        [&] {
          k = cl.build(file, "histogram");
          set_args(k, dData, nwords, dHist);
        },
        [&] {
          OCK(clEnqueueFillBuffer(cl.q, dHist, &zero, sizeof zero, 0, 256 * 4, 0, nullptr, nullptr));
          cl.launch(k, 1, &g, &L256);
          cl.finish();
        },
        [&] {
          auto h = cl.read<uint32_t>(dHist, 256);
          return bench::check_histogram(bytes.data(), nbytes, h.data());
        });
  } else if (name == "softmax") {
    const int rows = static_cast<int>(args.n), cols = bench::kSoftmaxCols;
    std::vector<float> a(size_t(rows) * cols);
    for (size_t i = 0; i < a.size(); ++i) a[i] = bench::softmax_input(i);
    cl_mem din = cl.buffer(a.size() * 4, a.data()), dout = cl.buffer(a.size() * 4);
    const size_t g = size_t(rows) * 256;
    measure(
        cl, args,
        [&] {
          k = cl.build(file, "softmax_rows");
          set_args(k, din, dout, cols);
        },
        [&] {
          cl.launch(k, 1, &g, &L256);
          cl.finish();
        },
        [&] {
          auto out = cl.read<float>(dout, a.size());
          return bench::check_softmax(a.data(), out.data(), rows, cols);
        });
  } else if (name == "launch") {
    const long n = args.n;
    const size_t one = 1;
    double t0 = bench::now_ms();
    k = cl.build(file, "empty_kernel");
    cl.launch(k, 1, &one, &one);
    cl.finish();
    g_result.bench = "launch_latency";
    g_result.size = "empty <<<1,1>>> + sync";
    g_result.unit = "us";
    g_result.first_ms = bench::now_ms() - t0;
    for (long i = 0; i < n; ++i)
      g_result.times.push_back(1e3 * bench::time_ms([&] {
        cl.launch(k, 1, &one, &one);
        cl.finish();
      }));
    g_result.check = {true, std::to_string(n) + " samples"};
    g_result.extra += ",\"build_ms\":" + bench::num(cl.build_ms);
    bench::emit(g_result);
    bench::Result grid = g_result;
    grid.bench = "launch_grid";
    grid.size = "empty <<<64,256>>> + sync";
    grid.first_ms = NAN;
    grid.extra.clear();
    grid.times.clear();
    const size_t global = 64 * 256, local = 256;
    for (long i = 0; i < n / 4; ++i)
      grid.times.push_back(1e3 * bench::time_ms([&] {
        cl.launch(k, 1, &global, &local);
        cl.finish();
      }));
    grid.check = {true, std::to_string(n / 4) + " samples"};
    bench::emit(grid);
    bench::Result rate = g_result;
    rate.bench = "launch_rate";
    rate.size = std::to_string(n) + " launches, 1 stream";
    rate.unit = "launches/s";
    rate.lower_is_better = false;
    rate.first_ms = NAN;
    rate.extra.clear();
    rate.times.clear();
    for (int r = 0; r < args.reps; ++r) {
      double ms = bench::time_ms([&] {
        for (long i = 0; i < n; ++i) cl.launch(k, 1, &one, &one);
        cl.finish();
      });
      rate.times.push_back(n / (ms * 1e-3));
    }
    rate.check = {true, std::to_string(args.reps) + " rounds"};
    bench::emit(rate);
    return 0;
  }
  bench::emit(g_result);
  return g_result.check.ok ? 0 : 1;
}
