#ifndef CUDASHIM_TESTS_PTX_TEST_DATA_H_
#define CUDASHIM_TESTS_PTX_TEST_DATA_H_

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"

namespace cudashim::ptx::testing {

// The bytes of tests/ptx/data/<name>; fails the test if the file is missing.
inline std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(CUDASHIM_PTX_TEST_DATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing test data " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses tests/ptx/data/<name> and fails the test on error.
inline Module ParseTestData(const std::string& name) {
  absl::StatusOr<Module> m = Parse(ReadTestData(name), name);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : Module{};
}

}  // namespace cudashim::ptx::testing

#endif  // CUDASHIM_TESTS_PTX_TEST_DATA_H_
