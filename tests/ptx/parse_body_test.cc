// Function bodies: instructions, modifiers, operands, scopes, labels and the CFG.
#include <map>

#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/printer.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using testing::ParseTestData;

const Register& Reg(const Function& f, const Operand& o) { return f.registers[o.reg]; }

TEST(ParseBody, VecaddInstructionsAreTyped) {
  Module m = ParseTestData("vecadd.ptx");
  const Function& f = *m.FindFunction("vecadd");
  ASSERT_EQ(f.instructions.size(), 22u);
  EXPECT_EQ(f.registers.size(), 2u + 4u + 6u + 11u);  // %p<2> %f<4> %r<6> %rd<11>

  const Instruction& ld = f.instructions[0];  // ld.param.u64 %rd1, [vecadd_param_0];
  EXPECT_EQ(ld.op, Opcode::kLd);
  EXPECT_EQ(ld.mod.space, StateSpace::kParam);
  EXPECT_EQ(ld.mod.type, ScalarType::kU64);
  ASSERT_EQ(ld.operands.size(), 2u);
  EXPECT_EQ(Reg(f, ld.operands[0]).name, "%rd1");
  EXPECT_EQ(Reg(f, ld.operands[0]).type, ScalarType::kB64);
  EXPECT_EQ(ld.operands[1].kind, Operand::Kind::kAddress);
  EXPECT_EQ(ld.operands[1].base, Operand::Base::kSymbol);
  EXPECT_EQ(ld.operands[1].symbol_kind, SymbolKind::kParam);
  EXPECT_EQ(ld.operands[1].symbol, 0u);

  const Instruction& tid = f.instructions[6];  // mov.u32 %r5, %tid.x;
  EXPECT_EQ(tid.operands[1].kind, Operand::Kind::kSpecialReg);
  EXPECT_EQ(tid.operands[1].sreg, SpecialReg::kTid);
  EXPECT_EQ(tid.operands[1].component, 0);

  const Instruction& mad = f.instructions[7];  // mad.lo.s32
  EXPECT_EQ(mad.op, Opcode::kMad);
  EXPECT_EQ(mad.mod.mul_mode, MulMode::kLo);
  EXPECT_EQ(mad.mod.type, ScalarType::kS32);

  const Instruction& setp = f.instructions[8];  // setp.ge.s32 %p1, %r1, %r2;
  EXPECT_EQ(setp.op, Opcode::kSetp);
  EXPECT_EQ(setp.mod.cmp, CmpOp::kGe);
  EXPECT_EQ(Reg(f, setp.operands[0]).type, ScalarType::kPred);

  const Instruction& bra = f.instructions[9];  // @%p1 bra $L__BB0_2;
  EXPECT_EQ(bra.op, Opcode::kBra);
  EXPECT_TRUE(bra.has_guard);
  EXPECT_FALSE(bra.guard_negated);
  EXPECT_EQ(f.registers[bra.guard].name, "%p1");
  ASSERT_EQ(bra.operands[0].kind, Operand::Kind::kLabel);
  EXPECT_EQ(f.blocks[bra.operands[0].label].label, "$L__BB0_2");

  const Instruction& cvta = f.instructions[10];
  EXPECT_EQ(cvta.op, Opcode::kCvta);
  EXPECT_TRUE(cvta.mod.to);
  EXPECT_EQ(cvta.mod.space, StateSpace::kGlobal);

  const Instruction& st = f.instructions[20];  // st.global.f32 [%rd10], %f3;
  EXPECT_EQ(st.op, Opcode::kSt);
  EXPECT_EQ(st.operands[0].kind, Operand::Kind::kAddress);
  EXPECT_EQ(st.operands[0].base, Operand::Base::kReg);
  EXPECT_EQ(f.instructions[21].op, Opcode::kRet);
}

TEST(ParseBody, BlocksAndEdgesFollowBranches) {
  Module m = ParseTestData("vecadd.ptx");
  const Function& f = *m.FindFunction("_Z5saxpyifPKfPf");
  // entry -> (loop preheader | exit); preheader -> loop; loop -> (exit | loop); exit.
  ASSERT_EQ(f.blocks.size(), 4u);
  EXPECT_EQ(f.blocks[0].successors, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(f.blocks[1].successors, (std::vector<uint32_t>{2}));
  EXPECT_EQ(f.blocks[2].label, "$L__BB1_2");
  EXPECT_EQ(f.blocks[2].successors, (std::vector<uint32_t>{3, 2}));
  EXPECT_EQ(f.blocks[3].successors, (std::vector<uint32_t>{}));
  EXPECT_EQ(f.blocks[3].predecessors, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(f.blocks[0].begin, 0u);
  EXPECT_EQ(f.blocks.back().end, f.instructions.size());
}

TEST(ParseBody, ShuffleWritesAValueAndPredicatePair) {
  Module m = ParseTestData("warp.ptx");
  const Function& f = *m.FindFunction("warp_ops");
  const Instruction* shfl = nullptr;
  for (const Instruction& i : f.instructions) {
    if (i.op == Opcode::kShfl && i.mod.shfl_mode == ShflMode::kUp) shfl = &i;
  }
  ASSERT_NE(shfl, nullptr);
  ASSERT_EQ(shfl->operands.size(), 5u);
  EXPECT_EQ(shfl->operands[0].kind, Operand::Kind::kRegPair);
  EXPECT_EQ(f.registers[shfl->operands[0].reg].type, ScalarType::kB32);
  EXPECT_EQ(f.registers[shfl->operands[0].reg2].type, ScalarType::kPred);
}

TEST(ParseBody, CallSequenceInANestedScope) {
  Module m = ParseTestData("printf.ptx");
  const Function& f = *m.FindFunction("hello");
  const Instruction* call = nullptr;
  for (const Instruction& i : f.instructions) {
    if (i.op == Opcode::kCall && call == nullptr) call = &i;
  }
  ASSERT_NE(call, nullptr);
  EXPECT_TRUE(call->mod.uni);
  ASSERT_EQ(call->operands.size(), 3u);
  ASSERT_EQ(call->operands[0].elements.size(), 1u);
  const Operand& ret = call->operands[0].elements[0];
  EXPECT_EQ(ret.kind, Operand::Kind::kSymbol);
  EXPECT_EQ(ret.symbol_kind, SymbolKind::kLocalVar);
  EXPECT_EQ(f.locals[ret.symbol].name, "retval0");
  EXPECT_EQ(f.locals[ret.symbol].space, StateSpace::kParam);
  EXPECT_EQ(m.functions[call->operands[1].symbol].name, "vprintf");
  ASSERT_EQ(call->operands[2].elements.size(), 2u);
  EXPECT_EQ(f.locals[call->operands[2].elements[1].symbol].name, "param1");

  // Both call sequences declare param0 in their own scope: two distinct locals.
  int param0 = 0;
  for (const Variable& v : f.locals) param0 += v.name == "param0";
  EXPECT_EQ(param0, 2);

  // st.local.v2.u32 [%rd3], {%r2, %r1};
  const Instruction* stv = nullptr;
  for (const Instruction& i : f.instructions) {
    if (i.op == Opcode::kSt && i.mod.vector == 2) stv = &i;
  }
  ASSERT_NE(stv, nullptr);
  EXPECT_EQ(stv->mod.space, StateSpace::kLocal);
  ASSERT_EQ(stv->operands[1].kind, Operand::Kind::kVector);
  EXPECT_EQ(stv->operands[1].elements.size(), 2u);
}

TEST(ParseBody, HexFloatImmediatesKeepTheirWidth) {
  Module m = ParseTestData("rdc_b.ptx");
  const Function& f = *m.FindFunction("_Z4bfunf");
  const Instruction& fma = f.instructions[1];  // fma.rn.f32 %f2, %f1, 0f40000000, 0f3F800000;
  EXPECT_EQ(fma.op, Opcode::kFma);
  EXPECT_EQ(fma.mod.rounding, Rounding::kRn);
  EXPECT_EQ(fma.operands[2].kind, Operand::Kind::kImmFloat);
  EXPECT_TRUE(fma.operands[2].f32_literal);
  EXPECT_EQ(fma.operands[2].fimm, 2.0);
  EXPECT_EQ(fma.operands[3].fimm, 1.0);
  const Instruction& st = f.instructions[2];  // st.param.f32 [func_retval0+0], %f2;
  EXPECT_EQ(st.operands[0].symbol_kind, SymbolKind::kReturnParam);
}

// A kernel whose body is `text`, with registers of every common kind declared.
absl::StatusOr<Module> ParseKernel(const std::string& text) {
  std::string ptx = R"(.version 9.0
.target sm_90
.address_size 64
.const .align 4 .f32 c;
.func (.param .b32 r) g(.param .b32 a) { ret; }
.visible .entry k(.param .u64 k_param_0) {
  .reg .pred %p<5>; .reg .b16 %rs<5>; .reg .b32 %r<10>; .reg .f32 %f<10>;
  .reg .b64 %rd<10>; .reg .f64 %fd<10>;
)" + text + "\nL:\n  ret;\n}\n";
  return Parse(ptx, "kernel");
}

struct Case {
  const char* text;
  Opcode op;
};

// Every opcode of NVCC_ABI §7 (census, sm_80/sm_90 deltas, feature tests, Thrust/CUB).
const Case kCensus[] = {
    {"mov.u32 %r1, %r2;", Opcode::kMov},
    {"add.s32 %r1, %r2, -1;", Opcode::kAdd},
    {"bra L;", Opcode::kBra},
    {"@!%p1 bra.uni L;", Opcode::kBra},
    {"add.s64 %rd1, %rd2, %rd3;", Opcode::kAdd},
    {"fma.rn.f64 %fd1, %fd2, %fd3, 0d3FF0000000000000;", Opcode::kFma},
    {"mov.f32 %f1, 0f3F800000;", Opcode::kMov},
    {"ld.param.u64 %rd1, [k_param_0];", Opcode::kLd},
    {"cvta.to.global.u64 %rd1, %rd2;", Opcode::kCvta},
    {"mul.wide.s32 %rd1, %r1, 4;", Opcode::kMul},
    {"selp.f32 %f1, %f2, %f3, %p1;", Opcode::kSelp},
    {"mad.lo.s32 %r1, %r2, %r3, %r4;", Opcode::kMad},
    {"bar.sync 0;", Opcode::kBar},
    {"ld.shared.f32 %f1, [%rd1+-4];", Opcode::kLd},
    {"shfl.sync.down.b32 %r1|%p1, %r2, %r3, %r4, %r5;", Opcode::kShfl},
    {"shfl.sync.bfly.b32 %r1|%p1, %r2, 1, 31, -1;", Opcode::kShfl},
    {"ld.global.nc.v4.f32 {%f1, %f2, %f3, %f4}, [%rd1];", Opcode::kLd},
    {"ld.global.nc.v2.u64 {%rd1, %rd2}, [%rd3+16];", Opcode::kLd},
    {"st.global.v2.u16 [%rd1], {%rs1, %rs2};", Opcode::kSt},
    {"ld.local.v4.u32 {%r1, _, %r3, _}, [%rd1];", Opcode::kLd},
    {"cvt.rn.f32.s32 %f1, %r1;", Opcode::kCvt},
    {"cvt.rzi.s32.f32 %r1, %f1;", Opcode::kCvt},
    {"cvt.rmi.f64.f64 %fd1, %fd2;", Opcode::kCvt},
    {"cvt.sat.f32.f32 %f1, %f2;", Opcode::kCvt},
    {"cvt.f32.f16 %f1, %rs1;", Opcode::kCvt},
    {"cvt.rn.bf16.f32 %rs1, %f1;", Opcode::kCvt},
    {"cvt.u32.u16 %r1, %rs1;", Opcode::kCvt},
    {"max.f32 %f1, %f2, %f3;", Opcode::kMax},
    {"setp.geu.f32 %p1, %f1, %f2;", Opcode::kSetp},
    {"setp.nan.f64 %p1, %fd1, %fd2;", Opcode::kSetp},
    {"setp.lt.and.s32 %p1|%p2, %r1, %r2, !%p3;", Opcode::kSetp},
    {"or.pred %p1, %p2, %p3;", Opcode::kOr},
    {"not.pred %p1, %p2;", Opcode::kNot},
    {"mul.hi.u64 %rd1, %rd2, %rd3;", Opcode::kMul},
    {"mad.lo.cc.u32 %r1, %r2, %r3, %r4;", Opcode::kMad},
    {"madc.hi.cc.u32 %r1, %r2, %r3, %r4;", Opcode::kMadc},
    {"addc.cc.u32 %r1, %r2, %r3;", Opcode::kAddc},
    {"subc.u32 %r1, %r2, %r3;", Opcode::kSubc},
    {"ex2.approx.ftz.f32 %f1, %f2;", Opcode::kEx2},
    {"rcp.approx.ftz.f64 %fd1, %fd2;", Opcode::kRcp},
    {"lg2.approx.f32 %f1, %f2;", Opcode::kLg2},
    {"sin.approx.f32 %f1, %f2;", Opcode::kSin},
    {"cos.approx.f32 %f1, %f2;", Opcode::kCos},
    {"rsqrt.approx.f32 %f1, %f2;", Opcode::kRsqrt},
    {"sqrt.rn.f64 %fd1, %fd2;", Opcode::kSqrt},
    {"div.rn.f32 %f1, %f2, %f3;", Opcode::kDiv},
    {"div.approx.f32 %f1, %f2, %f3;", Opcode::kDiv},
    {"div.s64 %rd1, %rd2, %rd3;", Opcode::kDiv},
    {"rem.u32 %r1, %r2, %r3;", Opcode::kRem},
    {"copysign.f64 %fd1, %fd2, %fd3;", Opcode::kCopysign},
    {"abs.s32 %r1, %r2;", Opcode::kAbs},
    {"neg.f64 %fd1, %fd2;", Opcode::kNeg},
    {"fma.rz.f32 %f1, %f2, %f3, %f4;", Opcode::kFma},
    {"add.rn.f32 %f1, %f2, 0fBF800000;", Opcode::kAdd},
    {"set.nan.f32.f32 %r1, %f1, %f2;", Opcode::kSet},
    {"popc.b32 %r1, %r2;", Opcode::kPopc},
    {"clz.b64 %r1, %rd1;", Opcode::kClz},
    {"brev.b32 %r1, %r2;", Opcode::kBrev},
    {"bfind.shiftamt.u32 %r1, %r2;", Opcode::kBfind},
    {"bfi.b64 %rd1, %rd2, %rd3, 32, 32;", Opcode::kBfi},
    {"bfe.u32 %r1, %r2, 8, 4;", Opcode::kBfe},
    {"prmt.b32 %r1, %r2, %r3, 0x3210;", Opcode::kPrmt},
    {"sad.s32 %r1, %r2, %r3, %r4;", Opcode::kSad},
    {"shf.l.wrap.b32 %r1, %r2, %r3, %r4;", Opcode::kShf},
    {"atom.global.add.u32 %r1, [%rd1], 1;", Opcode::kAtom},
    {"atom.global.add.f64 %fd1, [%rd1], %fd2;", Opcode::kAtom},
    {"atom.global.cas.b32 %r1, [%rd1], %r2, %r3;", Opcode::kAtom},
    {"atom.shared.inc.u32 %r1, [%r2], 100;", Opcode::kAtom},
    {"atom.add.release.gpu.u32 %r1, [%rd1], %r2;", Opcode::kAtom},
    {"red.global.add.u32 [%rd1], %r1;", Opcode::kRed},
    {"ld.acquire.gpu.u32 %r1, [%rd1];", Opcode::kLd},
    {"vote.sync.ballot.b32 %r1, %p1, %r2;", Opcode::kVote},
    {"vote.ballot.sync.b32 %r1, %p1, -1;", Opcode::kVote},
    {"vote.sync.all.pred %p1, %p2, %r1;", Opcode::kVote},
    {"shfl.sync.idx.b32 %r1|%p1, %r2, 0, 31, -1;", Opcode::kShfl},
    {"barrier.sync 0;", Opcode::kBarrier},
    {"bar.sync 1, 64;", Opcode::kBar},
    {"fma.rn.f16 %rs1, %rs2, %rs3, %rs4;", Opcode::kFma},
    {"add.f16x2 %r1, %r2, %r3;", Opcode::kAdd},
    {"setp.lt.f16 %p1, %rs1, %rs2;", Opcode::kSetp},
    {"fma.rn.bf16x2 %r1, %r2, %r3, %r4;", Opcode::kFma},
    {"max.f16 %rs1, %rs2, %rs3;", Opcode::kMax},
    {"min.bf16 %rs1, %rs2, %rs3;", Opcode::kMin},
    {"mov.b16 %rs1, %rs2;", Opcode::kMov},
    {"mov.b32 {%rs1, %rs2}, %r1;", Opcode::kMov},
    {"mov.b64 %rd1, {%r1, %r2};", Opcode::kMov},
    {"redux.sync.add.s32 %r1, %r2, %r3;", Opcode::kRedux},
    {"mul.bf16x2 %r1, %r2, %r3;", Opcode::kMul},
    {"cvt.f32.bf16 %f1, %rs1;", Opcode::kCvt},
    {"ld.const.f32 %f1, [c];", Opcode::kLd},
    {"ld.param.s8 %rs1, [k_param_0+3];", Opcode::kLd},
    {"tex.1d.v4.f32.s32 {%f1, %f2, %f3, %f4}, [%rd1, {%r1}];", Opcode::kTex},
    {"tex.2d.v4.f32.f32 {%f1, %f2, %f3, %f4}, [%rd1, {%f5, %f6}];", Opcode::kTex},
    {"suld.b.2d.b32.trap {%r1}, [%rd1, {%r2, %r3}];", Opcode::kSuld},
    {"sust.b.2d.b32.trap [%rd1, {%r2, %r3}], {%r4};", Opcode::kSust},
    {"trap;", Opcode::kTrap},
    {"bar.warp.sync -1;", Opcode::kBarWarpSync},
    {"not.b32 %r1, %r2;", Opcode::kNot},
    {"bmsk.clamp.b32 %r1, %r2, %r3;", Opcode::kBmsk},
    {"membar.cta;", Opcode::kMembar},
    {"membar.gl;", Opcode::kMembar},
    {"fence.acq_rel.gpu;", Opcode::kFence},
    {"ld.volatile.global.u32 %r1, [%rd1];", Opcode::kLd},
    {"st.volatile.shared.u64 [%r1], %rd1;", Opcode::kSt},
    {"bar.red.or.pred %p1, 0, %p2;", Opcode::kBar},
    {"bar.red.popc.u32 %r1, 0, %p2;", Opcode::kBar},
    {"exit;", Opcode::kExit},
    {"min.u64 %rd1, %rd2, %rd3;", Opcode::kMin},
    {"mov.u32 %r1, %envreg1;", Opcode::kMov},
    {"mov.u64 %rd1, %clock64;", Opcode::kMov},
    {"mov.u32 %r1, %lanemask_lt;", Opcode::kMov},
    {"mov.u64 %rd1, c;", Opcode::kMov},
    {"activemask.b32 %r1;", Opcode::kActivemask},
    {"match.any.sync.b32 %r1, %r2, -1;", Opcode::kMatch},
    {"lop3.b32 %r1, %r2, %r3, %r4, 0x96;", Opcode::kLop3},
    {"dp4a.u32.s32 %r1, %r2, %r3, %r4;", Opcode::kDp4a},
    {"testp.finite.f32 %p1, %f1;", Opcode::kTestp},
    {"tanh.approx.f32 %f1, %f2;", Opcode::kTanh},
    {"nanosleep.u32 100;", Opcode::kNanosleep},
    {"prefetch.global.L2 [%rd1];", Opcode::kPrefetch},
    {"isspacep.shared %p1, %rd1;", Opcode::kIsspacep},
    {"ld.global.L1::evict_last.u32 %r1, [%rd1];", Opcode::kLd},
    {"mul24.lo.s32 %r1, %r2, %r3;", Opcode::kMul24},
    {"max.NaN.f32 %f1, %f2, %f3;", Opcode::kMax},
    {"{ .reg .b32 tmp; .param .b32 a; .param .b32 r; st.param.b32 [a], 1;\n"
     " call.uni (r), g, (a); ld.param.b32 tmp, [r]; }",
     Opcode::kSt},
};

class Census : public ::testing::TestWithParam<Case> {};

TEST_P(Census, ParsesVerifiesAndPrintsBack) {
  const Case& c = GetParam();
  absl::StatusOr<Module> m = ParseKernel(c.text);
  ASSERT_TRUE(m.ok()) << m.status();
  const Function& k = *m->FindFunction("k");
  ASSERT_GE(k.instructions.size(), 2u);
  EXPECT_EQ(k.instructions[0].op, c.op) << Print(*m, k, k.instructions[0]);
  absl::Status v = Verify(*m);
  EXPECT_TRUE(v.ok()) << v;
  // Printing the instruction and parsing that gives the same instruction.
  if (c.text[0] == '{') return;  // the scope's declarations are not part of the instruction
  std::string printed = Print(*m, k, k.instructions[0]);
  absl::StatusOr<Module> again = ParseKernel(printed + ";");
  ASSERT_TRUE(again.ok()) << printed << ": " << again.status();
  const Function& k2 = *again->FindFunction("k");
  EXPECT_EQ(Print(*again, k2, k2.instructions[0]), printed);
}

INSTANTIATE_TEST_SUITE_P(NvccAbi7, Census, ::testing::ValuesIn(kCensus),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name =
                               std::to_string(info.index) + "_" + std::string(Name(info.param.op));
                           for (char& ch : name) {
                             if (ch == '.') ch = '_';
                           }
                           return name;
                         });

TEST(ParseBody, ModifiersAreDecoded) {
  absl::StatusOr<Module> m = ParseKernel(
      "atom.add.release.gpu.u32 %r1, [%rd1], %r2;\n"
      "ld.global.nc.v4.f32 {%f1, %f2, %f3, %f4}, [%rd1+16];\n"
      "setp.lt.and.s32 %p1|%p2, %r1, %r2, !%p3;\n"
      "cvt.rzi.s32.f64 %r1, %fd1;\n"
      "vote.ballot.sync.b32 %r1, %p1, -1;\n"
      "shf.r.clamp.b32 %r1, %r2, %r3, %r4;\n");
  ASSERT_TRUE(m.ok()) << m.status();
  const Function& k = *m->FindFunction("k");
  const Modifiers& atom = k.instructions[0].mod;
  EXPECT_EQ(atom.atom_op, AtomOp::kAdd);
  EXPECT_EQ(atom.sem, MemSem::kRelease);
  EXPECT_EQ(atom.scope, MemScope::kGpu);
  EXPECT_EQ(atom.space, StateSpace::kGeneric);
  const Instruction& ld = k.instructions[1];
  EXPECT_TRUE(ld.mod.nc);
  EXPECT_EQ(ld.mod.vector, 4);
  EXPECT_EQ(ld.operands[1].imm, 16);
  const Instruction& setp = k.instructions[2];
  EXPECT_EQ(setp.mod.bool_op, BoolOp::kAnd);
  EXPECT_EQ(setp.operands[0].kind, Operand::Kind::kRegPair);
  EXPECT_TRUE(setp.operands[3].negated);
  const Modifiers& cvt = k.instructions[3].mod;
  EXPECT_EQ(cvt.rounding, Rounding::kRzi);
  EXPECT_EQ(cvt.type, ScalarType::kS32);
  EXPECT_EQ(cvt.type2, ScalarType::kF64);
  const Instruction& vote = k.instructions[4];
  EXPECT_EQ(vote.mod.vote_mode, VoteMode::kBallot);
  EXPECT_TRUE(vote.mod.sync);
  EXPECT_EQ(vote.operands[2].imm, -1);
  EXPECT_FALSE(k.instructions[5].mod.left);
  EXPECT_EQ(k.instructions[5].mod.shf_mode, ShfMode::kClamp);
}

TEST(ParseBody, InlineAsmScopesShadowNames) {
  absl::StatusOr<Module> m = ParseKernel(
      "{ .reg .pred p; setp.ne.s32 p, %r1, 0; @p bra L; }\n"
      "{ .reg .b32 p; mov.b32 p, 1; }\n");
  ASSERT_TRUE(m.ok()) << m.status();
  const Function& k = *m->FindFunction("k");
  EXPECT_NE(k.instructions[0].operands[0].reg, k.instructions[2].operands[0].reg);
  EXPECT_EQ(k.registers[k.instructions[2].operands[0].reg].type, ScalarType::kB32);
  EXPECT_TRUE(Verify(*m).ok());
}

TEST(ParseBody, FatbinCanonicalWhitespaceParses) {
  // fatbinary strips comments and collapses blanks (NVCC_ABI §4.7): "{ " lines, lone tabs.
  absl::StatusOr<Module> m = Parse(
      ".version 9.0\n.target sm_75\n.address_size 64\n.visible .entry k(\n.param .u64 "
      "k_param_0\n)\n"
      "{\n.reg .b32 %r<3>;\n.loc\t1 3 0\nmov.u32\t%r1, %tid.x;\n{ \n.reg .b32 t;\nmov.u32 t,"
      " %r1;\n} \nret;\n\n}\n",
      "canonical");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->FindFunction("k")->instructions.size(), 3u);
}

}  // namespace
}  // namespace cudashim::ptx
