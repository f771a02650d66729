// The cpu compiler's generated code for kernel `k` of a hand-written PTX module, for the tests
// that pin codegen decisions (block_wide_test.cc, lane_order_test.cc). A parse or codegen
// failure fails the test and returns an empty GeneratedKernel.
#pragma once

#include <string>

#include "gtest/gtest.h"
#include "runtime/backends/cpu/compiler/codegen.h"
#include "runtime/ptx/ir.h"

namespace cudashim::testing {

inline jit::GeneratedKernel GenerateFromPtx(const std::string& ptx, const jit::CodegenOptions& options) {
  absl::StatusOr<ptx::Module> m = ptx::Parse(ptx, "test");
  EXPECT_TRUE(m.ok()) << m.status();
  if (!m.ok()) return {};
  const ptx::Function* f = m->FindFunction("k");
  EXPECT_NE(f, nullptr);
  if (f == nullptr) return {};
  absl::StatusOr<jit::GeneratedKernel> g = jit::GenerateKernel(*m, *f, options);
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *g : jit::GeneratedKernel{};
}

}  // namespace cudashim::testing
