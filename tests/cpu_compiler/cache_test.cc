// The compiled-kernel cache: keying, concurrent builders, corrupted entries. These tests run the
// system C++ compiler (skipped when none runs).
#include "runtime/backends/cpu/compiler/cache.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace cudashim::jit {
namespace {

namespace fs = std::filesystem;

const char kSource[] = "extern \"C\" int answer() { return 42; }\n";

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Toolchain> tc = DetectToolchain();
    if (!tc.ok()) GTEST_SKIP() << tc.status();
    tc_ = *tc;
    dir_ = fs::temp_directory_path() /
           ("cudashim-cache-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int Answer(const Library& lib) {
    auto f = reinterpret_cast<int (*)()>(lib.Find("answer"));
    return f == nullptr ? -1 : f();
  }
  size_t Files() {
    size_t n = 0;
    for (auto& e : fs::directory_iterator(dir_)) n += e.is_regular_file();
    return n;
  }

  Toolchain tc_;
  fs::path dir_;
};

TEST_F(CacheTest, KeyDependsOnSourceCompilerAndFlags) {
  const std::string k = CacheKey(kSource, tc_);
  EXPECT_EQ(k, CacheKey(kSource, tc_));
  EXPECT_NE(k, CacheKey(std::string(kSource) + " ", tc_));
  Toolchain other = tc_;
  other.identity += " (patched)";
  EXPECT_NE(k, CacheKey(kSource, other));
  other = tc_;
  other.flags.push_back("-O1");
  EXPECT_NE(k, CacheKey(kSource, other));
}

TEST_F(CacheTest, BuildsOnceThenLoadsFromDisk) {
  auto first = LoadOrBuild(kSource, tc_, dir_.string(), {"answer"});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE((*first)->built());
  EXPECT_EQ(Answer(**first), 42);
  auto second = LoadOrBuild(kSource, tc_, dir_.string(), {"answer"});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE((*second)->built());
  EXPECT_EQ(Answer(**second), 42);
  EXPECT_EQ(Files(), 1u);  // the library only: no temporary left behind
}

TEST_F(CacheTest, TwoProcessesBuildingTheSameKeyBothSucceed) {
  const std::string src = std::string(kSource) + "// concurrent\n";
  pid_t kids[2];
  for (pid_t& k : kids) {
    k = fork();
    if (k == 0) {
      auto lib = LoadOrBuild(src, tc_, dir_.string(), {"answer"});
      _exit(lib.ok() && Answer(**lib) == 42 ? 0 : 1);
    }
  }
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(k, &status, 0), k);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(Files(), 1u);
  auto lib = LoadOrBuild(src, tc_, dir_.string(), {"answer"});
  ASSERT_TRUE(lib.ok()) << lib.status();
  EXPECT_FALSE((*lib)->built());
}

TEST_F(CacheTest, CorruptedEntryIsRebuilt) {
  const std::string src = std::string(kSource) + "// corrupted\n";
  fs::create_directories(dir_);
  const fs::path so = dir_ / (CacheKey(src, tc_) + ".so");
  std::ofstream(so) << "not a shared library";
  auto lib = LoadOrBuild(src, tc_, dir_.string(), {"answer"});
  ASSERT_TRUE(lib.ok()) << lib.status();
  EXPECT_TRUE((*lib)->built());
  EXPECT_EQ(Answer(**lib), 42);
}

TEST_F(CacheTest, EntryWithoutTheRequiredSymbolsIsRebuilt) {
  const std::string src = std::string(kSource) + "// foreign\n";
  // A valid library under the key that lacks `answer` (e.g. written by something else).
  auto foreign = LoadOrBuild("extern \"C\" int other() { return 1; }\n", tc_, dir_.string(), {"other"});
  ASSERT_TRUE(foreign.ok()) << foreign.status();
  fs::copy_file((*foreign)->path(), dir_ / (CacheKey(src, tc_) + ".so"));
  auto lib = LoadOrBuild(src, tc_, dir_.string(), {"answer"});
  ASSERT_TRUE(lib.ok()) << lib.status();
  EXPECT_TRUE((*lib)->built());
  EXPECT_EQ(Answer(**lib), 42);
}

}  // namespace
}  // namespace cudashim::jit
