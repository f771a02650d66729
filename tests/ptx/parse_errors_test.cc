// What a user sees for bad or unsupported PTX: the status code and a message that names the
// line, the function and the instruction or directive.
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

constexpr char kHeader[] = ".version 9.0\n.target sm_75\n.address_size 64\n";  // lines 1-3

absl::Status ParseBody(const std::string& body) {
  std::string ptx = std::string(kHeader) +
                    ".visible .entry k(.param .u64 p)\n"       // line 4
                    "{\n"                                      // line 5
                    ".reg .b32 %r<4>;\n.reg .pred %p<2>;\n" +  // lines 6-7
                    body +
                    "\nret;\n}\n";  // body from line 8
  return Parse(ptx, "bad.ptx").status();
}

void ExpectError(const absl::Status& s, absl::StatusCode code,
                 std::initializer_list<const char*> fragments) {
  EXPECT_EQ(s.code(), code) << s;
  for (const char* f : fragments) {
    EXPECT_NE(s.message().find(f), std::string::npos) << "'" << f << "' not in: " << s;
  }
}

TEST(ParseErrors, BadCharacterIsInvalidPtxWithItsLine) {
  ExpectError(ParseBody("add.s32 %r1, %r2, #3;"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:8:", "'#'"});
}

// Valid-looking PTX that cudashim does not support does not fail the module: the function records
// it (ptx::Function::unsupported) and only kernels that reach it fail to launch.
std::optional<std::string> UnsupportedInBody(const std::string& body) {
  std::string ptx = std::string(".version 9.0\n.target sm_75\n.address_size 64\n") +
                    ".visible .entry k()\n"  // line 4
                    "{\n"                      // line 5
                    ".reg .b32 %r<4>;\n.reg .pred %p<2>;\n" +  // lines 6-7
                    body + "\nret;\n}\n";  // body from line 8
  absl::StatusOr<Module> m = Parse(ptx, "bad.ptx");
  EXPECT_TRUE(m.ok()) << m.status();
  if (!m.ok()) return std::nullopt;
  return m->functions[0].unsupported;
}

void ExpectUnsupported(const std::string& body, std::initializer_list<const char*> fragments) {
  std::optional<std::string> message = UnsupportedInBody(body);
  ASSERT_TRUE(message.has_value());
  for (const char* f : fragments) {
    EXPECT_NE(message->find(f), std::string::npos) << "'" << f << "' not in: " << *message;
  }
}

TEST(ParseErrors, UnknownOpcodeIsRecordedNamingItFunctionAndLine) {
  ExpectUnsupported("mov.u32 %r1, 0;\nfrobnicate.b32 %r1, %r2;",
                    {"bad.ptx:9:", "function 'k'", "frobnicate.b32"});
}

TEST(ParseErrors, UnknownModifierIsRecorded) {
  ExpectUnsupported("add.weird.s32 %r1, %r2, %r3;", {"bad.ptx:8:", ".weird", "add.weird.s32"});
}

TEST(ParseErrors, UnsupportedStatementIsLeftOutAndTheRestParses) {
  absl::StatusOr<Module> m = Parse(
      ".version 9.0\n.target sm_75\n.address_size 64\n.visible .entry k()\n{\n"
      ".reg .b32 %r<4>;\n$L1:\nfrobnicate.b32 %r1, $L1;\nadd.s32 %r1, %r2, 1;\nret;\n}\n",
      "bad.ptx");
  ASSERT_TRUE(m.ok()) << m.status();
  const Function& k = m->functions[0];
  ASSERT_TRUE(k.unsupported.has_value());
  ASSERT_EQ(k.instructions.size(), 2u);
  EXPECT_EQ(k.instructions[0].op, Opcode::kAdd);
  EXPECT_EQ(k.instructions[1].op, Opcode::kRet);
}

TEST(ParseErrors, UndeclaredRegisterIsInvalid) {
  ExpectError(ParseBody("add.s32 %r1, %r9x, 1;"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:8:", "%r9x", "function 'k'"});
}

TEST(ParseErrors, UndefinedLabelIsInvalid) {
  ExpectError(ParseBody("bra $L_nowhere;"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:8:", "$L_nowhere"});
}

TEST(ParseErrors, MissingSemicolonIsInvalid) {
  ExpectError(ParseBody("mov.u32 %r1, 1\nmov.u32 %r2, 2;"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:9:", "expected ';'"});
}

TEST(ParseErrors, UndeclaredSymbolIsInvalid) {
  ExpectError(ParseBody("ld.global.u32 %r1, [nothing];"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:8:", "'nothing'"});
}

TEST(ParseErrors, DuplicateLabelIsInvalid) {
  ExpectError(ParseBody("A:\nA:\n"), absl::StatusCode::kInvalidArgument, {"bad.ptx:9:", "'A'"});
}

TEST(ParseErrors, UnterminatedBodyIsInvalid) {
  absl::Status s =
      Parse(std::string(kHeader) + ".entry k() {\n mov.u32 %r1, 1;\n", "cut.ptx").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
}

TEST(ParseErrors, UnknownDirectiveIsUnimplemented) {
  ExpectError(Parse(std::string(kHeader) + ".frob 3;\n", "bad.ptx").status(),
              absl::StatusCode::kUnimplemented, {"bad.ptx:4:", ".frob"});
}

TEST(ParseErrors, FunctionDefinedTwiceIsInvalid) {
  ExpectError(
      Parse(std::string(kHeader) + ".func f() { ret; }\n.func f() { ret; }\n", "bad.ptx").status(),
      absl::StatusCode::kInvalidArgument, {"bad.ptx:5:", "'f'", "defined twice"});
}

TEST(ParseErrors, MissingVersionIsInvalid) {
  EXPECT_EQ(Parse(".target sm_75\n").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseErrors, NewerPtxIsaIsUnimplemented) {
  ExpectError(Parse(".version 10.1\n.target sm_75\n", "new.ptx").status(),
              absl::StatusCode::kUnimplemented, {"new.ptx:1:", "10.1"});
}

TEST(ParseErrors, MalformedHexFloatIsInvalid) {
  ExpectError(ParseBody("mov.f32 %r1, 0f3F80;"), absl::StatusCode::kInvalidArgument,
              {"bad.ptx:8:", "0f3F80"});
}

TEST(ParseErrors, IndirectCallThroughAnUndeclaredPrototypeIsInvalid) {
  ExpectError(ParseBody("{ .reg .b64 fp; call (), fp, (), proto; }"),
              absl::StatusCode::kInvalidArgument, {"bad.ptx:8:", "proto"});
}

TEST(ParseErrors, DeeplyNestedScopesAreInvalidNotACrash) {
  ExpectError(ParseBody(std::string(100000, '{')), absl::StatusCode::kInvalidArgument,
              {"nested too deeply"});
}

// Cut or damaged text gives an error status, never a crash (run under ASan in CI).
TEST(ParseErrors, TruncatedOrDamagedInputNeverCrashes) {
  std::string ptx = testing::ReadTestData("printf.ptx");
  for (size_t n = 0; n < ptx.size(); n += 5) {
    absl::StatusOr<Module> m = Parse(ptx.substr(0, n), "cut.ptx");
    if (m.ok()) (void)Verify(*m);
  }
  for (size_t i = 0; i < ptx.size(); i += 11) {
    std::string damaged = ptx;
    damaged[i] = "{};[]%.,@!|"[i % 11];
    absl::StatusOr<Module> m = Parse(damaged, "damaged.ptx");
    if (m.ok()) (void)Verify(*m);
  }
}

}  // namespace
}  // namespace cudashim::ptx
