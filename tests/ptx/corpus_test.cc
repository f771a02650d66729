// Every PTX file nvcc produced for tests/ptx/data parses and verifies.
#include <map>

#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/printer.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using testing::ParseTestData;

std::map<std::string, int> CountOpcodes(const Module& m) {
  std::map<std::string, int> counts;
  for (const Function& f : m.functions) {
    for (const Instruction& i : f.instructions) ++counts[std::string(Name(i.op))];
  }
  return counts;
}

size_t CountInstructions(const Module& m) {
  size_t n = 0;
  for (const Function& f : m.functions) n += f.instructions.size();
  return n;
}

class Corpus : public ::testing::TestWithParam<const char*> {};

TEST_P(Corpus, ParsesAndVerifies) {
  Module m = ParseTestData(GetParam());
  EXPECT_GT(CountInstructions(m), 0u);
  absl::Status verified = Verify(m);
  EXPECT_TRUE(verified.ok()) << verified;
}

// Printing the IR and parsing it back gives the same IR (compared through a second print).
TEST_P(Corpus, PrintParsesBackToTheSameIr) {
  Module m = ParseTestData(GetParam());
  std::string printed = Print(m);
  absl::StatusOr<Module> again = Parse(printed, "printed");
  ASSERT_TRUE(again.ok()) << again.status();
  std::string reprinted = Print(*again);
  EXPECT_EQ(printed, reprinted);
  EXPECT_EQ(CountInstructions(m), CountInstructions(*again));
}

INSTANTIATE_TEST_SUITE_P(NvccOutput, Corpus,
                         ::testing::Values("vecadd.ptx", "reduce.ptx", "warp.ptx", "warp_sm80.ptx",
                                           "atomics.ptx", "printf.ptx", "half_sm80.ptx",
                                           "half_sm90.ptx", "dmath.ptx", "thrust.ptx", "rdc_a.ptx",
                                           "rdc_b.ptx", "features_sm90.ptx", "reduce_lineinfo.ptx",
                                           "printf_debug.ptx"));

TEST(Corpus, ThrustAndCubParseCompletely) {
  Module m = ParseTestData("thrust.ptx");
  size_t kernels = 0;
  for (const Function& f : m.functions) kernels += f.is_entry;
  EXPECT_GT(kernels, 10u);
  EXPECT_GT(CountInstructions(m), 5000u);
  std::map<std::string, int> ops = CountOpcodes(m);
  for (const char* op : {"bar.warp.sync", "vote", "shfl", "not", "bmsk", "membar", "exit", "bar",
                         "ld", "st", "setp", "selp", "cvt"}) {
    EXPECT_GT(ops[op], 0) << op;
  }
}

TEST(Corpus, WarpKernelUsesShuffleAndVoteModes) {
  Module m = ParseTestData("warp.ptx");
  const Function* f = m.FindFunction("warp_ops");
  ASSERT_NE(f, nullptr);
  std::map<ShflMode, int> shfl;
  std::map<VoteMode, int> vote;
  for (const Instruction& i : f->instructions) {
    if (i.op == Opcode::kShfl) {
      ++shfl[i.mod.shfl_mode];
      EXPECT_TRUE(i.mod.sync);
      EXPECT_EQ(i.mod.type, ScalarType::kB32);
    }
    if (i.op == Opcode::kVote) ++vote[i.mod.vote_mode];
  }
  EXPECT_GT(shfl[ShflMode::kDown], 0);
  EXPECT_GT(shfl[ShflMode::kBfly], 0);
  EXPECT_GT(shfl[ShflMode::kUp], 0);
  EXPECT_GT(shfl[ShflMode::kIdx], 0);
  EXPECT_GT(vote[VoteMode::kBallot], 0);
  EXPECT_GT(vote[VoteMode::kAny], 0);
  EXPECT_GT(vote[VoteMode::kAll], 0);
}

TEST(Corpus, AtomicsCarryTheirOperationAndSpace) {
  Module m = ParseTestData("atomics.ptx");
  std::map<AtomOp, int> ops;
  int shared = 0, global = 0;
  for (const Instruction& i : m.FindFunction("atomics")->instructions) {
    if (i.op != Opcode::kAtom && i.op != Opcode::kRed) continue;
    ++ops[i.mod.atom_op];
    shared += i.mod.space == StateSpace::kShared;
    global += i.mod.space == StateSpace::kGlobal;
  }
  for (AtomOp op : {AtomOp::kAdd, AtomOp::kMin, AtomOp::kMax, AtomOp::kExch, AtomOp::kInc,
                    AtomOp::kDec, AtomOp::kAnd, AtomOp::kOr, AtomOp::kXor, AtomOp::kCas}) {
    EXPECT_GT(ops[op], 0) << static_cast<int>(op);
  }
  EXPECT_GT(shared, 0);
  EXPECT_GT(global, 0);
}

TEST(Corpus, HalfAndBf16TypesOnSm80AndSm90) {
  for (const char* file : {"half_sm80.ptx", "half_sm90.ptx"}) {
    Module m = ParseTestData(file);
    std::map<ScalarType, int> types;
    for (const Instruction& i : m.FindFunction("half_math")->instructions) {
      ++types[i.mod.type];
      ++types[i.mod.type2];
    }
    EXPECT_GT(types[ScalarType::kF16], 0) << file;
    EXPECT_GT(types[ScalarType::kF16x2], 0) << file;
    EXPECT_GT(types[ScalarType::kBF16] + types[ScalarType::kBF16x2], 0) << file;
  }
}

TEST(Corpus, VirtualCallIsAnIndirectCall) {
  Module m = ParseTestData("virtual.ptx");
  int indirect = 0;
  for (const Instruction& i : m.FindFunction("virt")->instructions) {
    indirect += i.op == Opcode::kCall && i.operands[1].kind == Operand::Kind::kReg;
  }
  EXPECT_EQ(indirect, 1);
  EXPECT_NE(m.FindFunction("malloc"), nullptr);
  // The vtable holds a function address, left for the loader to fill in.
  const Variable* vtable = m.FindVariable("_ZTV3Der");
  ASSERT_NE(vtable, nullptr);
  ASSERT_EQ(vtable->address_inits.size(), 1u);
  EXPECT_EQ(vtable->address_inits[0].offset, 16u);
  EXPECT_EQ(vtable->address_inits[0].symbol, "_ZN3Der1fEi");
  EXPECT_NE(m.FindFunction("_ZN3Der1fEi"), nullptr);
}

TEST(Corpus, FeatureKernelsCarryTexturesGridSyncAndClusters) {
  Module m = ParseTestData("features_sm90.ptx");
  std::map<std::string, int> ops = CountOpcodes(m);
  for (const char* op : {"tex", "suld", "sust", "trap", "rem", "atom"}) EXPECT_GT(ops[op], 0) << op;
  const Function* clustered = m.FindFunction("clustered");
  ASSERT_NE(clustered, nullptr);
  EXPECT_TRUE(clustered->explicitcluster);
  ASSERT_TRUE(clustered->reqnctapercluster.has_value());
  EXPECT_EQ(*clustered->reqnctapercluster, (std::array<uint32_t, 3>{2, 1, 1}));
  // __grid_constant__: the parameter's address is taken (NVCC_ABI §3.2).
  const Function* gc = m.FindFunction("grid_const");
  ASSERT_NE(gc, nullptr);
  bool address_taken = false;
  for (const Instruction& i : gc->instructions) {
    address_taken |= i.op == Opcode::kMov && i.operands[1].kind == Operand::Kind::kSymbol &&
                     i.operands[1].symbol_kind == SymbolKind::kParam;
  }
  EXPECT_TRUE(address_taken);
  // grid.sync() reads %envreg1/%envreg2 (NVCC_ABI §3.4).
  int envregs = 0;
  for (const Instruction& i : m.FindFunction("grid_sync")->instructions) {
    for (const Operand& o : i.operands) {
      envregs += o.kind == Operand::Kind::kSpecialReg && o.sreg == SpecialReg::kEnvreg;
    }
  }
  EXPECT_EQ(envregs, 2);
}

}  // namespace
}  // namespace cudashim::ptx
