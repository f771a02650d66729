// -rdc linking of the PTX of two translation units (NVCC_ABI §2.5).
#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/printer.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using testing::ParseTestData;

const Instruction* FindCall(const Function& f) {
  for (const Instruction& i : f.instructions) {
    if (i.op == Opcode::kCall) return &i;
  }
  return nullptr;
}

TEST(Link, ResolvesExternFunctionAndVariableAcrossTranslationUnits) {
  std::vector<Module> tus;
  tus.push_back(ParseTestData("rdc_a.ptx"));
  tus.push_back(ParseTestData("rdc_b.ptx"));
  absl::StatusOr<Module> linked = Link(std::move(tus));
  ASSERT_TRUE(linked.ok()) << linked.status();
  ASSERT_TRUE(Verify(*linked).ok()) << Verify(*linked);

  // One definition of each, no extern declarations left.
  int bfun_count = 0;
  for (const Function& f : linked->functions) {
    bfun_count += f.name == "_Z4bfunf";
    EXPECT_TRUE(f.has_body) << f.name;
  }
  EXPECT_EQ(bfun_count, 1);
  const Variable* counter = linked->FindVariable("shared_counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->linkage, Linkage::kVisible);
  ASSERT_EQ(counter->init.size(), 4u);
  EXPECT_EQ(counter->init[0], 3);

  // akernel's call and load now point at TU b's definitions.
  const Function* akernel = linked->FindFunction("akernel");
  ASSERT_NE(akernel, nullptr);
  const Instruction* call = FindCall(*akernel);
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(linked->functions[call->operands[1].symbol].name, "_Z4bfunf");
  bool loads_counter = false;
  for (const Instruction& i : akernel->instructions) {
    if (i.op == Opcode::kLd && i.mod.space == StateSpace::kGlobal &&
        i.operands[1].base == Operand::Base::kSymbol) {
      loads_counter = linked->variables[i.operands[1].symbol].name == "shared_counter";
    }
  }
  EXPECT_TRUE(loads_counter);
  EXPECT_NE(linked->FindFunction("bkernel"), nullptr);

  // The linked module prints to PTX that parses again.
  absl::StatusOr<Module> reparsed = Parse(Print(*linked), "linked");
  EXPECT_TRUE(reparsed.ok()) << reparsed.status();
}

TEST(Link, UnresolvedExternIsAnError) {
  std::vector<Module> tus;
  tus.push_back(ParseTestData("rdc_a.ptx"));
  absl::StatusOr<Module> linked = Link(std::move(tus));
  EXPECT_EQ(linked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(linked.status().message().find("_Z4bfunf"), std::string::npos) << linked.status();
}

TEST(Link, DuplicateVisibleDefinitionIsAnError) {
  std::vector<Module> tus;
  tus.push_back(ParseTestData("rdc_b.ptx"));
  tus.push_back(ParseTestData("rdc_b.ptx"));
  absl::StatusOr<Module> linked = Link(std::move(tus));
  EXPECT_EQ(linked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(linked.status().message().find("defined in"), std::string::npos) << linked.status();
}

TEST(Link, DeviceServicesStayExternAndInternalNamesDoNotClash) {
  // Two modules that both call vprintf and both have an internal $str.
  std::vector<Module> tus;
  tus.push_back(ParseTestData("printf.ptx"));
  Module second = ParseTestData("printf.ptx");
  for (Function& f : second.functions) {
    if (f.name == "hello") f.name = "hello2";
  }
  tus.push_back(std::move(second));
  absl::StatusOr<Module> linked = Link(std::move(tus));
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_TRUE(Verify(*linked).ok()) << Verify(*linked);
  int vprintf_decls = 0, strs = 0;
  for (const Function& f : linked->functions) vprintf_decls += f.name == "vprintf";
  for (const Variable& v : linked->variables) strs += v.name.rfind("$str", 0) == 0;
  EXPECT_EQ(vprintf_decls, 1);
  EXPECT_EQ(linked->FindFunction("vprintf")->linkage, Linkage::kExtern);
  EXPECT_EQ(strs, 6);  // $str, $str$1, $str$2 twice, the second copies renamed
  absl::StatusOr<Module> reparsed = Parse(Print(*linked), "linked");
  EXPECT_TRUE(reparsed.ok()) << reparsed.status();
}

TEST(Link, WeakDefinitionYieldsToVisibleOne) {
  const char* weak = R"(.version 9.0
.target sm_75
.address_size 64
.weak .func (.param .b32 r) f(.param .b32 x) { st.param.b32 [r], 1; ret; }
.visible .entry k1() { .param .b32 p; .param .b32 q; call.uni (q), f, (p); ret; }
)";
  const char* strong = R"(.version 9.0
.target sm_80
.address_size 64
.visible .func (.param .b32 r) f(.param .b32 x) { st.param.b32 [r], 2; ret; }
)";
  std::vector<Module> tus;
  tus.push_back(*Parse(weak, "weak"));
  tus.push_back(*Parse(strong, "strong"));
  absl::StatusOr<Module> linked = Link(std::move(tus));
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->target_sm, 80u);
  const Function* f = linked->FindFunction("f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->linkage, Linkage::kVisible);
  EXPECT_EQ(f->instructions[0].operands[1].imm, 2);
  const Instruction* call = FindCall(*linked->FindFunction("k1"));
  EXPECT_EQ(&linked->functions[call->operands[1].symbol], f);
}

}  // namespace
}  // namespace cudashim::ptx
