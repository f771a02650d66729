// Verify rejects IR that an executor could not run safely, naming function, line, instruction.
#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"

namespace cudashim::ptx {
namespace {

absl::StatusOr<Module> ParseKernel(const std::string& body) {
  return Parse(
      ".version 9.0\n.target sm_75\n.address_size 64\n"
      ".func (.param .b32 r) g(.param .b32 a) { ret; }\n"
      ".visible .entry k(.param .u64 p)\n{\n"
      ".reg .b32 %r<4>;\n.reg .pred %p<3>;\n.reg .b64 %rd<3>;\n" +
          body + "\nret;\n}\n",
      "v.ptx");
}

void ExpectVerifyError(const std::string& body, const char* fragment) {
  absl::StatusOr<Module> m = ParseKernel(body);
  ASSERT_TRUE(m.ok()) << m.status();
  absl::Status s = Verify(*m);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s;
  EXPECT_NE(s.message().find("v.ptx:10:"), std::string::npos) << s;
  EXPECT_NE(s.message().find("function 'k'"), std::string::npos) << s;
}

TEST(Verify, AcceptsAWellFormedKernel) {
  absl::StatusOr<Module> m = ParseKernel("ld.param.u64 %rd1, [p];\nadd.s32 %r1, %r2, 3;");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(Verify(*m).ok()) << Verify(*m);
}

TEST(Verify, WrongOperandCount) { ExpectVerifyError("add.s32 %r1, %r2;", "operands"); }

TEST(Verify, GuardMustBeAPredicate) { ExpectVerifyError("@%r1 add.s32 %r1, %r2, 1;", "guard"); }

TEST(Verify, DestinationMustBeWritable) { ExpectVerifyError("add.s32 5, %r2, 1;", "destination"); }

TEST(Verify, SetpWritesAPredicate) { ExpectVerifyError("setp.eq.s32 %r1, %r2, 1;", ".pred"); }

TEST(Verify, LoadNeedsAnAddress) { ExpectVerifyError("ld.global.u32 %r1, %rd1;", "address"); }

TEST(Verify, MissingType) { ExpectVerifyError("add %r1, %r2, 1;", "type"); }

TEST(Verify, CallArityMustMatch) {
  ExpectVerifyError("{ .param .b32 a; .param .b32 b; call.uni g, (a, b); }", "'g'");
}

}  // namespace
}  // namespace cudashim::ptx
