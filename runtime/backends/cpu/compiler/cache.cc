#include "runtime/backends/cpu/compiler/cache.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "runtime/backends/cpu/compiler/codegen.h"

extern char** environ;

namespace cudashim::jit {
namespace {

namespace fs = std::filesystem;

// FNV-1a, twice with different offsets: a 128-bit content key (not adversarial input).
uint64_t Fnv(const std::string& s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Runs argv with stdout+stderr into `log_path`; returns the exit status (-1: could not start).
int Run(const std::vector<std::string>& args, const std::string& log_path) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ReadFile(const std::string& path, size_t limit = 4000) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > limit) s = s.substr(0, limit) + "\n[...]";
  return s;
}

std::string Unique(const std::string& base) {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat(base, ".", getpid(), ".", counter.fetch_add(1));
}

bool Valid(void* handle, const std::vector<std::string>& required) {
  for (const std::string& s : required) {
    if (dlsym(handle, s.c_str()) == nullptr) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Toolchain> DetectToolchain() {
  Toolchain tc;
  const char* env = std::getenv("CUDASHIM_CXX");
  tc.cxx = env != nullptr && *env != '\0' ? env : "c++";
  // -fno-trapping-math: generated code never reads the FP exception flags, and without it g++
  // will not if-convert float selects (clamps, NaN checks), so lane loops would stay scalar.
  tc.flags = {"-O3", "-march=native", "-fPIC", "-shared", "-std=c++20", "-ffp-contract=off",
              "-fno-math-errno", "-fno-trapping-math", "-w"};
  std::string log = Unique((fs::temp_directory_path() / "cudashim-cxx-version").string());
  int rc = Run({tc.cxx, "--version"}, log);
  std::string out = ReadFile(log);
  std::remove(log.c_str());
  if (rc != 0) {
    return absl::UnavailableError(absl::StrCat("no C++ compiler: '", tc.cxx, " --version' ",
                                               rc < 0 ? "could not start" : "failed", ": ", out));
  }
  tc.identity = out.substr(0, out.find('\n'));
  return tc;
}

std::string DefaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  fs::path base;
  if (xdg != nullptr && *xdg != '\0') {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    base = fs::path(home != nullptr && *home != '\0' ? home : "/tmp") / ".cache";
  }
  return (base / "cudashim").string();
}

Library::~Library() {
  if (handle_ != nullptr) dlclose(handle_);
}

void* Library::Find(const char* symbol) const { return dlsym(handle_, symbol); }

std::string CacheKey(const std::string& source, const Toolchain& tc) {
  std::string all = absl::StrCat("v", kCodegenVersion, "\n", tc.identity, "\n", tc.cxx, "\n");
  for (const std::string& f : tc.flags) absl::StrAppend(&all, f, " ");
  all += "\n";
  all += source;
  return absl::StrCat(absl::Hex(Fnv(all, 0xcbf29ce484222325ull), absl::kZeroPad16),
                      absl::Hex(Fnv(all, 0x84222325cbf29ce4ull), absl::kZeroPad16));
}

absl::StatusOr<std::shared_ptr<Library>> LoadOrBuild(const std::string& source, const Toolchain& tc,
                                                     const std::string& dir,
                                                     const std::vector<std::string>& required) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string key = CacheKey(source, tc);
  const std::string so = (fs::path(dir) / (key + ".so")).string();
  auto lib = std::shared_ptr<Library>(new Library);
  lib->path_ = so;
  if (fs::exists(so, ec)) {
    void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h != nullptr && Valid(h, required)) {
      lib->handle_ = h;
      return lib;
    }
    if (h != nullptr) dlclose(h);
    fs::remove(so, ec);  // corrupted or foreign: rebuild
  }
  const std::string tmp = Unique((fs::path(dir) / key).string());
  const std::string src = tmp + ".cc", out = tmp + ".so", log = tmp + ".log";
  {
    std::ofstream f(src);
    f << source;
    if (!f) return absl::UnavailableError(absl::StrCat("cannot write ", src));
  }
  std::vector<std::string> args = {tc.cxx};
  args.insert(args.end(), tc.flags.begin(), tc.flags.end());
  args.insert(args.end(), {"-o", out, src});
  const int rc = Run(args, log);
  if (rc != 0) {
    std::string msg = ReadFile(log);
    fs::remove(out, ec);
    fs::remove(log, ec);
    // Keep the source next to the log's message for a human to look at.
    return absl::InternalError(absl::StrCat(tc.cxx, " failed (", rc, ") on ", src, ": ", msg));
  }
  fs::remove(src, ec);
  fs::remove(log, ec);
  fs::rename(out, so, ec);  // atomic: concurrent builders of the same key write equal files
  if (ec) {
    fs::remove(out, ec);
    return absl::UnavailableError(absl::StrCat("cannot move ", out, " to ", so, ": ", ec.message()));
  }
  void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) return absl::InternalError(absl::StrCat("dlopen ", so, ": ", dlerror()));
  if (!Valid(h, required)) {
    dlclose(h);
    return absl::InternalError(absl::StrCat(so, " lacks the kernel's symbols"));
  }
  lib->handle_ = h;
  lib->built_ = true;
  return lib;
}

}  // namespace cudashim::jit
