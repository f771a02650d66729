// Building generated C++ into a shared library, cached on disk by content.
//
// Key = hash(source, compiler identity (`$CXX --version`), flags, kCodegenVersion). Entries live
// in $XDG_CACHE_HOME/cudashim (default ~/.cache/cudashim) as <key>.so. Several processes may
// build the same key at once: each compiles into its own temporary file and renames it into
// place (atomic), so a reader only ever sees a complete library. An entry that does not load
// (truncated, corrupted) is removed and rebuilt.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cudashim::jit {

struct Toolchain {
  std::string cxx;                 // CUDASHIM_CXX, else `c++`
  std::vector<std::string> flags;  // -O3 -march=native -fPIC -shared ...
  std::string identity;            // `cxx --version`, first line
};

// The toolchain from the environment; fails when the compiler does not run.
absl::StatusOr<Toolchain> DetectToolchain();

// $XDG_CACHE_HOME/cudashim or ~/.cache/cudashim (created on demand).
std::string DefaultCacheDir();

// A loaded library; dlclose'd when the last user goes.
class Library {
 public:
  ~Library();
  void* Find(const char* symbol) const;
  const std::string& path() const { return path_; }
  bool built() const { return built_; }  // compiled now (cold) rather than loaded from the cache

 private:
  friend absl::StatusOr<std::shared_ptr<Library>> LoadOrBuild(const std::string&, const Toolchain&,
                                                              const std::string&,
                                                              const std::vector<std::string>&);
  void* handle_ = nullptr;
  std::string path_;
  bool built_ = false;
};

// The cache key of `source` under `tc` (hex).
std::string CacheKey(const std::string& source, const Toolchain& tc);

// Loads <dir>/<key>.so, building it first if absent or unloadable. `required` symbols must be
// present for an entry to count as valid.
absl::StatusOr<std::shared_ptr<Library>> LoadOrBuild(const std::string& source, const Toolchain& tc,
                                                     const std::string& dir,
                                                     const std::vector<std::string>& required);

}  // namespace cudashim::jit
