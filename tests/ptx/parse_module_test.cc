// Module-level parsing: directives, variables and initializers, signatures, param layout.
#include <cstring>

#include "gtest/gtest.h"
#include "runtime/ptx/ir.h"
#include "test_data.h"

namespace cudashim::ptx {
namespace {

using testing::ParseTestData;

TEST(ParseModule, ReadsVersionTargetAndAddressSize) {
  Module m = ParseTestData("vecadd.ptx");
  EXPECT_EQ(m.version_major, 9u);
  EXPECT_EQ(m.version_minor, 0u);
  EXPECT_EQ(m.target, "sm_75");
  EXPECT_EQ(m.target_sm, 75u);
  EXPECT_EQ(m.address_size, 64u);
}

TEST(ParseModule, FindsKernelsWithTheirDirectives) {
  Module m = ParseTestData("vecadd.ptx");
  const Function* vecadd = m.FindFunction("vecadd");
  ASSERT_NE(vecadd, nullptr);
  EXPECT_TRUE(vecadd->is_entry);
  EXPECT_TRUE(vecadd->has_body);
  EXPECT_EQ(vecadd->linkage, Linkage::kVisible);
  ASSERT_EQ(vecadd->params.size(), 4u);
  EXPECT_EQ(vecadd->params[0].name, "vecadd_param_0");
  EXPECT_EQ(vecadd->params[0].type, ScalarType::kU64);
  EXPECT_EQ(vecadd->params[3].type, ScalarType::kU32);
  EXPECT_FALSE(vecadd->maxntid.has_value());

  const Function* saxpy = m.FindFunction("_Z5saxpyifPKfPf");
  ASSERT_NE(saxpy, nullptr);
  ASSERT_TRUE(saxpy->maxntid.has_value());
  EXPECT_EQ(*saxpy->maxntid, (std::array<uint32_t, 3>{256, 1, 1}));
  EXPECT_EQ(saxpy->minnctapersm, 2u);
  EXPECT_EQ(m.FindFunction("nonexistent"), nullptr);
}

// The table of NVCC_ABI §3.1, checked against the PTX nvcc produced for the same signature.
TEST(ParseModule, LayoutParamsMatchesTheNvccTable) {
  Module m = ParseTestData("vecadd.ptx");
  const Function* f = m.FindFunction("layout");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->params.size(), 17u);
  ParamLayout layout = LayoutParams(*f);
  std::vector<uint32_t> expected = {0,  2,   4,   8,   16,  24,  32,  48, 56,
                                    80, 112, 128, 129, 130, 136, 144, 160};
  EXPECT_EQ(layout.offsets, expected);
  EXPECT_EQ(layout.total_size, 168u);
  EXPECT_EQ(f->params[6].align, 16u);
  EXPECT_EQ(f->params[6].size, 16u);
  EXPECT_EQ(f->params[6].array_count, 16u);
  EXPECT_EQ(f->params[8].size, 24u);
  EXPECT_EQ(f->params[11].size, 1u);
}

template <typename T>
T Read(const Variable& v, size_t offset) {
  T value;
  std::memcpy(&value, v.init.data() + offset, sizeof(T));
  return value;
}

TEST(ParseModule, ReadsVariablesAndInitializers) {
  Module m = ParseTestData("vecadd.ptx");
  const Variable* counter = m.FindVariable("dev_counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->space, StateSpace::kGlobal);
  EXPECT_EQ(counter->type, ScalarType::kU32);
  EXPECT_EQ(counter->size, 4u);
  EXPECT_EQ(counter->align, 4u);
  ASSERT_EQ(counter->init.size(), 4u);
  EXPECT_EQ(Read<uint32_t>(*counter, 0), 5u);

  const Variable* coeffs = m.FindVariable("coeffs");  // byte list
  ASSERT_NE(coeffs, nullptr);
  EXPECT_EQ(coeffs->space, StateSpace::kConst);
  ASSERT_EQ(coeffs->init.size(), 16u);
  EXPECT_EQ(Read<float>(*coeffs, 0), 1.0f);
  EXPECT_EQ(Read<float>(*coeffs, 4), 2.5f);
  EXPECT_EQ(Read<float>(*coeffs, 8), -3.0f);
  EXPECT_EQ(Read<float>(*coeffs, 12), 0.125f);

  const Variable* dconst = m.FindVariable("dconst");  // hex double 0d4004000000000000
  ASSERT_NE(dconst, nullptr);
  EXPECT_EQ(dconst->type, ScalarType::kF64);
  EXPECT_EQ(Read<double>(*dconst, 0), 2.5);

  const Variable* message = m.FindVariable("message");  // 5 listed bytes, size 6: zero-padded
  ASSERT_NE(message, nullptr);
  ASSERT_EQ(message->init.size(), 6u);
  EXPECT_EQ(std::string(message->init.begin(), message->init.end()), std::string("hello\0", 6));

  const Variable* mval = m.FindVariable("mval");
  ASSERT_NE(mval, nullptr);
  EXPECT_TRUE(mval->managed);
  EXPECT_EQ(Read<uint32_t>(*mval, 0), 7u);
  EXPECT_FALSE(counter->managed);
}

TEST(ParseModule, ReadsExternSharedAndStaticShared) {
  Module m = ParseTestData("reduce.ptx");
  const Function* dyn = m.FindFunction("reduce_dynamic");
  ASSERT_NE(dyn, nullptr);
  bool found_extern = false;
  for (const Variable& v : m.variables) {
    if (v.space == StateSpace::kShared && v.linkage == Linkage::kExtern) {
      found_extern = true;
      EXPECT_EQ(v.size, 0u);
      EXPECT_TRUE(v.unsized_array);
    }
  }
  EXPECT_TRUE(found_extern);
  const Variable* tile = nullptr;  // a static __shared__ is declared inside its kernel
  for (const Variable& v : m.FindFunction("reduce_static")->locals) {
    if (v.name.find("tile") != std::string::npos) tile = &v;
  }
  ASSERT_NE(tile, nullptr);
  EXPECT_EQ(tile->space, StateSpace::kShared);
  EXPECT_EQ(tile->size, 1024u);
  EXPECT_TRUE(tile->init.empty());
}

TEST(ParseModule, ReadsExternDeviceServicesAndPrintfStrings) {
  Module m = ParseTestData("printf.ptx");
  const Function* vprintf = m.FindFunction("vprintf");
  ASSERT_NE(vprintf, nullptr);
  EXPECT_EQ(vprintf->linkage, Linkage::kExtern);
  EXPECT_FALSE(vprintf->has_body);
  ASSERT_EQ(vprintf->returns.size(), 1u);
  EXPECT_EQ(vprintf->returns[0].type, ScalarType::kB32);
  EXPECT_EQ(vprintf->params.size(), 2u);
  const Function* assertfail = m.FindFunction("__assertfail");
  ASSERT_NE(assertfail, nullptr);
  EXPECT_EQ(assertfail->params.size(), 5u);
  const Variable* str = m.FindVariable("$str");
  ASSERT_NE(str, nullptr);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(str->init.data())),
            "thread %d of %d: x=%f s=%s c=%c ll=%lld\n");
  const Function* hello = m.FindFunction("hello");
  ASSERT_NE(hello, nullptr);
  ASSERT_EQ(hello->locals.size() >= 1, true);
  EXPECT_EQ(hello->locals[0].name, "__local_depot0");
  EXPECT_EQ(hello->locals[0].space, StateSpace::kLocal);
  EXPECT_EQ(hello->locals[0].size, 40u);
  EXPECT_EQ(hello->locals[0].align, 8u);
}

TEST(ParseModule, ReadsHandWrittenDirectives) {
  const char* ptx = R"(
.version 8.5
.target sm_90a, debug
.address_size 64
.file 1 "/tmp/x.cu"
.global .align 8 .u64 table[3] = {generic(target), 0, target+8};
.global .align 4 .f32 fl[2] = {1.5, 0f40000000};
.global .v2 .u32 pair = {1, 2};
.global .u32 target[4];
.weak .func (.reg .b32 r) helper(.reg .b32 x) { mov.b32 r, x; ret; }
.visible .entry k(.param .u64 .ptr .global .align 16 p)
.reqntid 128
.maxnreg 32
.explicitcluster
.reqnctapercluster 2, 1, 1
{
  ret;
}
)";
  absl::StatusOr<Module> m = Parse(ptx);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->target_sm, 90u);
  EXPECT_EQ(m->target_options, std::vector<std::string>{"debug"});
  ASSERT_GE(m->files.size(), 2u);
  EXPECT_EQ(m->files[1], "/tmp/x.cu");
  const Variable* table = m->FindVariable("table");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->size, 24u);
  ASSERT_EQ(table->address_inits.size(), 2u);
  EXPECT_EQ(table->address_inits[0].offset, 0u);
  EXPECT_TRUE(table->address_inits[0].generic);
  EXPECT_EQ(table->address_inits[1].offset, 16u);
  EXPECT_EQ(table->address_inits[1].addend, 8);
  EXPECT_EQ(table->address_inits[1].symbol, "target");
  const Variable* fl = m->FindVariable("fl");
  EXPECT_EQ(Read<float>(*fl, 0), 1.5f);
  EXPECT_EQ(Read<float>(*fl, 4), 2.0f);
  const Variable* pair = m->FindVariable("pair");
  EXPECT_EQ(pair->size, 8u);
  EXPECT_EQ(Read<uint32_t>(*pair, 4), 2u);
  const Function* k = m->FindFunction("k");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(*k->reqntid, (std::array<uint32_t, 3>{128, 1, 1}));
  EXPECT_EQ(k->maxnreg, 32u);
  EXPECT_TRUE(k->explicitcluster);
  EXPECT_EQ(*k->reqnctapercluster, (std::array<uint32_t, 3>{2, 1, 1}));
  EXPECT_TRUE(k->params[0].is_ptr_annotated);
  EXPECT_EQ(k->params[0].ptr_space, StateSpace::kGlobal);
  EXPECT_EQ(k->params[0].ptr_align, 16u);
  const Function* helper = m->FindFunction("helper");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->linkage, Linkage::kWeak);
  EXPECT_EQ(helper->returns[0].space, StateSpace::kReg);
}

}  // namespace
}  // namespace cudashim::ptx
