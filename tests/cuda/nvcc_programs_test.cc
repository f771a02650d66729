// Builds each self-checking CUDA program in tests/cuda/ with nvcc at test time, links it against
// cudashim (libcudart.so.13, or libcudart_static.a for static_link), checks that the binary is
// bound to cudashim and not to NVIDIA's runtime, runs it, and expects exit status 0 and a PASS
// line. A failing program's CHECK ... [FAIL] lines and full output are printed.
//
// Paths come from CMake: CUDASHIM_LIB_DIR (where libcudart.so.13 and libcudart_static.a are),
// CUDASHIM_NVCC (may be empty or ...-NOTFOUND: the tests then skip), CUDASHIM_CUDA_TEST_SRC_DIR
// (this folder) and CUDASHIM_CUDA_TEST_BUILD_DIR (where the programs are built).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/shell.h"

namespace {

namespace fs = std::filesystem;

using Result = cudashim::testing::ShellResult;
std::string Quote(const std::string& s) { return cudashim::testing::ShellQuote(s); }
Result Run(const std::string& cmd) { return cudashim::testing::RunShell(cmd); }

bool HasTool(const std::string& tool) {
  return Run("command -v " + tool + " >/dev/null").status == 0;
}

std::string Nvcc() {
  std::string n = CUDASHIM_NVCC;
  if (n.empty() || n.ends_with("NOTFOUND")) return "";
  if (::access(n.c_str(), X_OK) != 0) return "";
  return n;
}

std::string FailLines(const std::string& output) {
  std::istringstream in(output);
  std::string line, fails;
  while (std::getline(in, line)) {
    if (line.starts_with("CHECK ") && line.ends_with("[FAIL]")) fails += line + "\n";
  }
  return fails;
}

bool HasLine(const std::string& output, const std::string& want) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line == want) return true;
  }
  return false;
}

enum class Link { kShared, kSharedPerThread, kStatic };

void BuildAndRun(const std::string& name, Link link) {
  const std::string nvcc = Nvcc();
  if (nvcc.empty()) {
    GTEST_SKIP() << "nvcc not found: CUDASHIM_NVCC='" << CUDASHIM_NVCC
                 << "'; install the CUDA toolkit (nvcc 13) or configure with "
                    "-DCUDASHIM_NVCC=/path/to/nvcc to build and run the CUDA test programs";
  }
  for (const char* tool : {"readelf", "nm"}) {
    ASSERT_TRUE(HasTool(tool)) << tool << " (binutils) is needed to check what a program links";
  }
  const fs::path lib_dir = CUDASHIM_LIB_DIR;
  const fs::path src = fs::path(CUDASHIM_CUDA_TEST_SRC_DIR) / (name + ".cu");
  const fs::path out_dir = CUDASHIM_CUDA_TEST_BUILD_DIR;
  const fs::path exe = out_dir / name;
  ASSERT_TRUE(fs::exists(src)) << src;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  ASSERT_FALSE(ec) << "cannot create " << out_dir << ": " << ec.message();
  fs::remove(exe, ec);

  // 1. Build.
  std::string cmd = Quote(nvcc) + " -O2";
  if (link == Link::kStatic) {
    ASSERT_TRUE(fs::exists(lib_dir / "libcudart_static.a"))
        << "cudashim's libcudart_static.a is missing in " << lib_dir;
    // The default way: no -cudart flag, nvcc links -lcudart_static, found first in -L<lib_dir>.
    cmd += " -o " + Quote(exe) + " " + Quote(src) + " -L" + Quote(lib_dir);
  } else {
    ASSERT_TRUE(fs::exists(lib_dir / "libcudart.so.13"))
        << "cudashim's libcudart.so.13 is missing in " << lib_dir;
    cmd += " -cudart shared";
    if (link == Link::kSharedPerThread) cmd += " --default-stream per-thread";
    cmd += " -o " + Quote(exe) + " " + Quote(src) + " -L" + Quote(lib_dir) +
           " -Xlinker -rpath=" + Quote(lib_dir);
  }
  Result build = Run(cmd);
  ASSERT_EQ(build.status, 0) << "nvcc failed:\n" << cmd << "\n" << build.output;

  // 2. Check that the binary is bound to cudashim.
  if (link == Link::kStatic) {
    Result dyn = Run("readelf -d " + Quote(exe));
    ASSERT_EQ(dyn.status, 0) << dyn.output;
    EXPECT_EQ(dyn.output.find("libcudart.so"), std::string::npos)
        << "a static build must not need libcudart.so:\n"
        << dyn.output;
    Result syms = Run("nm " + Quote(exe));
    ASSERT_EQ(syms.status, 0) << syms.output;
    EXPECT_NE(syms.output.find("cudashim_version"), std::string::npos)
        << "the static build does not contain cudashim_version: nvcc linked another "
           "libcudart_static.a than the one in "
        << lib_dir;
  } else {
    Result dyn = Run("readelf -d " + Quote(exe));
    ASSERT_EQ(dyn.status, 0) << dyn.output;
    EXPECT_NE(dyn.output.find("Shared library: [libcudart.so.13]"), std::string::npos)
        << "NEEDED lacks libcudart.so.13:\n"
        << dyn.output;
    EXPECT_NE(dyn.output.find(lib_dir.string()), std::string::npos)
        << "RUNPATH/RPATH lacks " << lib_dir << ":\n"
        << dyn.output;
    Result lib = Run("nm -D --defined-only " + Quote(lib_dir / "libcudart.so.13"));
    ASSERT_EQ(lib.status, 0) << lib.output;
    EXPECT_NE(lib.output.find("cudashim_version"), std::string::npos)
        << lib_dir / "libcudart.so.13"
        << " does not export cudashim_version: not cudashim's";
    if (link == Link::kSharedPerThread) {
      Result imports = Run("nm -D --undefined-only " + Quote(exe));
      EXPECT_NE(imports.output.find("cudaMemcpyAsync_ptsz"), std::string::npos)
          << "a --default-stream per-thread build should import the _ptsz entry points:\n"
          << imports.output;
    }
  }

  // 3. Run it with cudashim first on the library path.
  std::string ld = lib_dir.string();
  if (const char* old = std::getenv("LD_LIBRARY_PATH"); old != nullptr && *old != '\0') {
    ld += ":" + std::string(old);
  }
  Result run = Run("cd " + Quote(out_dir) + " && LD_LIBRARY_PATH=" + Quote(ld) + " timeout 300 " +
                   Quote(exe));
  if (run.status != 0 || !HasLine(run.output, "PASS")) {
    ADD_FAILURE() << name << " exited with status " << run.status
                  << (run.status == 124 ? " (timed out after 300 s)" : "")
                  << (HasLine(run.output, "PASS") ? "" : " without printing PASS")
                  << "\nfailed checks:\n"
                  << FailLines(run.output) << "full output:\n"
                  << run.output;
  }
}

TEST(NvccPrograms, device_api) { BuildAndRun("device_api", Link::kShared); }
TEST(NvccPrograms, memory_api) { BuildAndRun("memory_api", Link::kShared); }
TEST(NvccPrograms, stream_event_api) { BuildAndRun("stream_event_api", Link::kShared); }
TEST(NvccPrograms, errors_api) { BuildAndRun("errors_api", Link::kShared); }
TEST(NvccPrograms, launch_config) { BuildAndRun("launch_config", Link::kShared); }
TEST(NvccPrograms, symbols_api) { BuildAndRun("symbols_api", Link::kShared); }
TEST(NvccPrograms, ptsz_api) { BuildAndRun("ptsz_api", Link::kSharedPerThread); }
TEST(NvccPrograms, static_link) { BuildAndRun("static_link", Link::kStatic); }

}  // namespace
