// Runs the kernel conformance corpus (tests/kernels/*.cu and rdc/) against cudashim: each program
// is built with nvcc at test time (-cudart shared -O2 plus the flags on its `// nvcc-flags:`
// line), linked to cudashim's libcudart.so.13, and run with CUDASHIM_DEVICES=cpu (compiled
// kernels), =emu, and cpu with CUDASHIM_COMPILE=0 ("cpu-interp": every kernel interpreted). A program passes when it exits 0 and prints PASS; otherwise its
// CHECK ... [FAIL] lines and its output are shown. Binaries are cached in
// CUDASHIM_KERNELS_BUILD_DIR and rebuilt when a source or kcheck.h is newer. Without nvcc the
// tests skip with a message.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/shell.h"

namespace {

namespace fs = std::filesystem;

// One program of the corpus: its name, its sources (relative to this folder) and extra flags
// beyond those on its first source's `// nvcc-flags:` line.
struct Program {
  const char* name;
  std::vector<const char*> sources;
  const char* extra_flags;
};

const std::vector<Program>& Corpus() {
  static const std::vector<Program> corpus = {
      {"int_arith", {"int_arith.cu"}, ""},
      {"int_bits", {"int_bits.cu"}, ""},
      {"int_div", {"int_div.cu"}, ""},
      {"carries", {"carries.cu"}, ""},
      {"float32", {"float32.cu"}, ""},
      {"float64", {"float64.cu"}, ""},
      {"transcendental", {"transcendental.cu"}, ""},
      {"half", {"half.cu"}, ""},
      {"bf16", {"bf16.cu"}, ""},
      {"bf16_sm90", {"bf16.cu"}, "-arch=sm_90"},
      {"convert", {"convert.cu"}, ""},
      {"compare_select", {"compare_select.cu"}, ""},
      {"memory_spaces", {"memory_spaces.cu"}, ""},
      {"atomics", {"atomics.cu"}, ""},
      {"warp", {"warp.cu"}, ""},
      {"control", {"control.cu"}, ""},
      {"barriers", {"barriers.cu"}, ""},
      {"special", {"special.cu"}, ""},
      {"printf", {"printf.cu"}, ""},
      {"assert", {"assert.cu"}, ""},
      {"malloc", {"malloc.cu"}, ""},
      {"templates", {"templates.cu"}, ""},
      {"cooperative", {"cooperative.cu"}, ""},
      {"rdc", {"rdc/a.cu", "rdc/b.cu"}, ""},
      {"thrust_cub", {"thrust_cub.cu"}, ""},
      {"unsupported", {"unsupported.cu"}, ""},
      {"shapes", {"shapes.cu"}, ""},
      {"lane_runs", {"lane_runs.cu"}, ""},
      {"block_wide", {"block_wide.cu"}, ""},
      {"texture", {"texture.cu"}, ""},
      {"surface", {"surface.cu"}, ""},
      {"local_frame", {"local_frame.cu"}, ""},
      {"block_span", {"block_span.cu"}, ""},
      {"lane_order", {"lane_order.cu"}, ""},
      {"warp_trace", {"warp_trace.cu"}, ""},
  };
  return corpus;
}

using Result = cudashim::testing::ShellResult;
std::string Quote(const std::string& s) { return cudashim::testing::ShellQuote(s); }
Result Shell(const std::string& cmd) { return cudashim::testing::RunShell(cmd); }

std::string Nvcc() {
  std::string n = CUDASHIM_NVCC;
  if (n.empty() || n.ends_with("NOTFOUND") || ::access(n.c_str(), X_OK) != 0) return "";
  return n;
}

// The flags after `// nvcc-flags:` on the first such line of `src`.
std::string FlagsOf(const fs::path& src) {
  std::ifstream in(src);
  std::string line;
  const std::string tag = "// nvcc-flags:";
  while (std::getline(in, line)) {
    if (line.starts_with(tag)) return line.substr(tag.size());
  }
  return "";
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

// Builds `p` unless a binary newer than all its inputs exists. Returns the binary's path, or an
// empty path with `error` set. Serialised: the two device variants of one program share it.
fs::path Build(const Program& p, const std::string& nvcc, std::string* error) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  const fs::path src_dir = CUDASHIM_KERNELS_SRC_DIR;
  const fs::path lib_dir = CUDASHIM_LIB_DIR;
  const fs::path out_dir = CUDASHIM_KERNELS_BUILD_DIR;
  const fs::path exe = out_dir / p.name;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  std::vector<fs::path> inputs = {src_dir / "kcheck.h", src_dir / "../cuda/check.h"};
  for (const char* s : p.sources) inputs.push_back(src_dir / s);
  bool fresh = fs::exists(exe);
  for (const auto& in : inputs) {
    if (!fs::exists(in)) {
      *error = "missing source " + in.string();
      return {};
    }
    if (fresh && fs::last_write_time(in) > fs::last_write_time(exe)) fresh = false;
  }
  if (fresh) return exe;
  // ctest runs the cpu and emu cases of a program in parallel processes: each builds under its own
  // name and renames the result into place (atomic), so neither runs a half-written binary.
  const fs::path tmp = exe.string() + ".tmp." + std::to_string(getpid());
  std::string cmd = Quote(nvcc) + " -O2 -cudart shared" + FlagsOf(src_dir / p.sources[0]) + " " +
                    p.extra_flags + " -o " + Quote(tmp.string());
  for (const char* s : p.sources) cmd += " " + Quote((src_dir / s).string());
  cmd += " -L" + Quote(lib_dir.string()) + " -Xlinker -rpath=" + Quote(lib_dir.string());
  Result r = Shell(cmd);
  if (r.status != 0) {
    fs::remove(tmp, ec);
    *error = "nvcc failed:\n" + cmd + "\n" + r.output;
    return {};
  }
  fs::rename(tmp, exe, ec);
  if (ec) {
    *error = "cannot move " + tmp.string() + " into place: " + ec.message();
    return {};
  }
  return exe;
}

struct Case {
  const Program* program;
  const char* device;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.program->name << " on " << c.device; }

class KernelCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(KernelCorpus, Runs) {
  const Case& c = GetParam();
  const std::string nvcc = Nvcc();
  if (nvcc.empty()) {
    GTEST_SKIP() << "nvcc not found: CUDASHIM_NVCC='" << CUDASHIM_NVCC
                 << "'; install the CUDA toolkit (nvcc 13) or configure with "
                    "-DCUDASHIM_NVCC=/path/to/nvcc to build and run the kernel corpus";
  }
  const fs::path lib_dir = CUDASHIM_LIB_DIR;
  ASSERT_TRUE(fs::exists(lib_dir / "libcudart.so.13"))
      << "cudashim's libcudart.so.13 is missing in " << lib_dir;
  std::string error;
  fs::path exe = Build(*c.program, nvcc, &error);
  ASSERT_FALSE(exe.empty()) << error;

  std::string ld = lib_dir.string();
  if (const char* old = std::getenv("LD_LIBRARY_PATH"); old != nullptr && *old != '\0') {
    ld += ":" + std::string(old);
  }
  // "cpu-interp": the cpu device with its compiler off (CUDASHIM_COMPILE=0), so the corpus
  // checks both of the cpu device's paths.
  const std::string device = c.device;
  const bool interp = device == "cpu-interp";
  // On the compiled path the device logs each kernel's fate: generated C++ that the system
  // compiler rejects is a code generator bug (the kernel would silently run interpreted).
  const bool compiled = device == "cpu";
  Result run = Shell("cd " + Quote(exe.parent_path().string()) + " && CUDASHIM_DEVICES=" +
                     (interp ? std::string("cpu CUDASHIM_COMPILE=0") : device) +
                     (compiled ? " CUDASHIM_LOG=info" : "") + " LD_LIBRARY_PATH=" + Quote(ld) +
                     " timeout 900 " + Quote(exe.string()));
  if (compiled) {
    EXPECT_EQ(run.output.find("c++ failed"), std::string::npos)
        << c.program->name << ": generated code did not compile:\n"
        << run.output.substr(0, 20000);
  }
  if (run.status != 0 || !HasLine(run.output, "PASS")) {
    std::string out = run.output;
    if (out.size() > 20000) out = out.substr(0, 10000) + "\n[...]\n" + out.substr(out.size() - 10000);
    ADD_FAILURE() << c.program->name << " on CUDASHIM_DEVICES=" << c.device
                  << " exited with status " << run.status
                  << (run.status == 124 ? " (timed out after 900 s)" : "")
                  << (HasLine(run.output, "PASS") ? "" : " without printing PASS")
                  << "\nfailed checks:\n"
                  << FailLines(run.output) << "full output:\n"
                  << out;
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const Program& p : Corpus()) {
    cases.push_back({&p, "cpu"});
    cases.push_back({&p, "emu"});
    cases.push_back({&p, "cpu-interp"});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(, KernelCorpus, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string device = info.param.device;
                           std::replace(device.begin(), device.end(), '-', '_');
                           return std::string(info.param.program->name) + "_" + device;
                         });

}  // namespace
