#include "runtime/ptx/modifiers.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

const absl::flat_hash_map<std::string_view, Opcode>& OpcodeTable() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, Opcode>;
    for (int i = 0; i < static_cast<int>(Opcode::kCount); ++i) {
      auto op = static_cast<Opcode>(i);
      std::string_view name = Name(op);
      if (name.find('.') == std::string_view::npos) (*t)[name] = op;
    }
    // Reached through their modifiers or not supported yet.
    t->erase("griddepcontrol");
    t->erase("elect");
    return t;
  }();
  return *table;
}

std::optional<CmpOp> LookupCmp(std::string_view m) {
  static const auto* table = new absl::flat_hash_map<std::string_view, CmpOp>{
      {"eq", CmpOp::kEq},   {"ne", CmpOp::kNe},   {"lt", CmpOp::kLt},   {"le", CmpOp::kLe},
      {"gt", CmpOp::kGt},   {"ge", CmpOp::kGe},   {"lo", CmpOp::kLo},   {"ls", CmpOp::kLs},
      {"hi", CmpOp::kHi},   {"hs", CmpOp::kHs},   {"equ", CmpOp::kEqu}, {"neu", CmpOp::kNeu},
      {"ltu", CmpOp::kLtu}, {"leu", CmpOp::kLeu}, {"gtu", CmpOp::kGtu}, {"geu", CmpOp::kGeu},
      {"num", CmpOp::kNum}, {"nan", CmpOp::kNan}};
  auto it = table->find(m);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

std::optional<AtomOp> LookupAtomOp(std::string_view m) {
  static const auto* table = new absl::flat_hash_map<std::string_view, AtomOp>{
      {"add", AtomOp::kAdd},   {"min", AtomOp::kMin}, {"max", AtomOp::kMax}, {"inc", AtomOp::kInc},
      {"dec", AtomOp::kDec},   {"and", AtomOp::kAnd}, {"or", AtomOp::kOr},   {"xor", AtomOp::kXor},
      {"exch", AtomOp::kExch}, {"cas", AtomOp::kCas}};
  auto it = table->find(m);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

std::optional<Rounding> LookupRounding(std::string_view m) {
  static const auto* table = new absl::flat_hash_map<std::string_view, Rounding>{
      {"rn", Rounding::kRn},   {"rz", Rounding::kRz},   {"rm", Rounding::kRm},
      {"rp", Rounding::kRp},   {"rna", Rounding::kRna}, {"rni", Rounding::kRni},
      {"rzi", Rounding::kRzi}, {"rmi", Rounding::kRmi}, {"rpi", Rounding::kRpi}};
  auto it = table->find(m);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

bool AddType(Modifiers& mod, ScalarType t) {
  if (mod.type == ScalarType::kNone) {
    mod.type = t;
  } else if (mod.type2 == ScalarType::kNone) {
    mod.type2 = t;
  } else if (mod.type3 == ScalarType::kNone) {
    mod.type3 = t;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::optional<Opcode> LookupOpcode(std::string_view name) {
  const auto& table = OpcodeTable();
  auto it = table.find(name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

std::optional<ScalarType> LookupType(std::string_view name) {
  static const auto* table = new absl::flat_hash_map<std::string_view, ScalarType>{
      {"b8", ScalarType::kB8},           {"b16", ScalarType::kB16},
      {"b32", ScalarType::kB32},         {"b64", ScalarType::kB64},
      {"b128", ScalarType::kB128},       {"u8", ScalarType::kU8},
      {"u16", ScalarType::kU16},         {"u32", ScalarType::kU32},
      {"u64", ScalarType::kU64},         {"s8", ScalarType::kS8},
      {"s16", ScalarType::kS16},         {"s32", ScalarType::kS32},
      {"s64", ScalarType::kS64},         {"f16", ScalarType::kF16},
      {"f16x2", ScalarType::kF16x2},     {"bf16", ScalarType::kBF16},
      {"bf16x2", ScalarType::kBF16x2},   {"tf32", ScalarType::kTF32},
      {"f32", ScalarType::kF32},         {"f64", ScalarType::kF64},
      {"e4m3x2", ScalarType::kE4M3x2},   {"e5m2x2", ScalarType::kE5M2x2},
      {"pred", ScalarType::kPred},       {"texref", ScalarType::kTexRef},
      {"surfref", ScalarType::kSurfRef}, {"samplerref", ScalarType::kSamplerRef}};
  auto it = table->find(name);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

std::optional<StateSpace> LookupStateSpace(std::string_view name) {
  static const auto* table =
      new absl::flat_hash_map<std::string_view, StateSpace>{{"global", StateSpace::kGlobal},
                                                            {"shared", StateSpace::kShared},
                                                            {"shared::cta", StateSpace::kShared},
                                                            {"local", StateSpace::kLocal},
                                                            {"param", StateSpace::kParam},
                                                            {"param::entry", StateSpace::kParam},
                                                            {"param::func", StateSpace::kParam},
                                                            {"const", StateSpace::kConst},
                                                            {"tex", StateSpace::kTex},
                                                            {"reg", StateSpace::kReg},
                                                            {"sreg", StateSpace::kSreg},
                                                            {"generic", StateSpace::kGeneric}};
  auto it = table->find(name);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

bool ApplyModifier(Opcode& op, std::string_view modifier, Modifiers& mod) {
  if (modifier.empty() || modifier[0] != '.') return false;
  std::string_view m = modifier.substr(1);

  if (auto t = LookupType(m)) return AddType(mod, *t);

  // Opcode-specific meanings first: they resolve the ambiguous names.
  switch (op) {
    case Opcode::kSetp:
    case Opcode::kSet:
      if (auto c = LookupCmp(m); c && mod.cmp == CmpOp::kNone) {
        mod.cmp = *c;
        return true;
      }
      if (m == "and") return mod.bool_op = BoolOp::kAnd, true;
      if (m == "or") return mod.bool_op = BoolOp::kOr, true;
      if (m == "xor") return mod.bool_op = BoolOp::kXor, true;
      break;
    case Opcode::kMul:
    case Opcode::kMad:
    case Opcode::kMul24:
    case Opcode::kMad24:
    case Opcode::kMadc:
    case Opcode::kDp2a:  // dp2a.lo / dp2a.hi: which half of b takes part
      if (m == "lo") return mod.mul_mode = MulMode::kLo, true;
      if (m == "hi") return mod.mul_mode = MulMode::kHi, true;
      if (m == "wide") return mod.mul_mode = MulMode::kWide, true;
      break;
    case Opcode::kAtom:
    case Opcode::kRed:
    case Opcode::kRedux:
      if (auto a = LookupAtomOp(m)) return mod.atom_op = *a, true;
      break;
    case Opcode::kShfl:
      if (m == "up") return mod.shfl_mode = ShflMode::kUp, true;
      if (m == "down") return mod.shfl_mode = ShflMode::kDown, true;
      if (m == "bfly") return mod.shfl_mode = ShflMode::kBfly, true;
      if (m == "idx") return mod.shfl_mode = ShflMode::kIdx, true;
      break;
    case Opcode::kVote:
      if (m == "all") return mod.vote_mode = VoteMode::kAll, true;
      if (m == "any") return mod.vote_mode = VoteMode::kAny, true;
      if (m == "uni") return mod.vote_mode = VoteMode::kUni, true;
      if (m == "ballot") return mod.vote_mode = VoteMode::kBallot, true;
      break;
    case Opcode::kMatch:
      if (m == "any") return mod.match_mode = MatchMode::kAny, true;
      if (m == "all") return mod.match_mode = MatchMode::kAll, true;
      break;
    case Opcode::kBar:
    case Opcode::kBarrier:
      if (m == "warp" && op == Opcode::kBar) return op = Opcode::kBarWarpSync, true;
      if (m == "sync") return mod.bar_kind = BarKind::kSync, mod.sync = true, true;
      if (m == "arrive") return mod.bar_kind = BarKind::kArrive, true;
      if (m == "red") return mod.bar_kind = BarKind::kRed, true;
      if (m == "cta") return mod.scope = MemScope::kCta, true;
      if (m == "popc") return mod.bool_op = BoolOp::kPopc, true;
      if (m == "and") return mod.bool_op = BoolOp::kAnd, true;
      if (m == "or") return mod.bool_op = BoolOp::kOr, true;
      break;
    case Opcode::kShf:
      if (m == "l") return mod.left = true, true;
      if (m == "r") return mod.left = false, true;
      [[fallthrough]];
    case Opcode::kBmsk:
    case Opcode::kSzext:
      if (m == "wrap") return mod.shf_mode = ShfMode::kWrap, true;
      if (m == "clamp") return mod.shf_mode = ShfMode::kClamp, true;
      break;
    case Opcode::kPrmt:
      if (m == "f4e") return mod.prmt_mode = PrmtMode::kF4e, true;
      if (m == "b4e") return mod.prmt_mode = PrmtMode::kB4e, true;
      if (m == "rc8") return mod.prmt_mode = PrmtMode::kRc8, true;
      if (m == "ecl") return mod.prmt_mode = PrmtMode::kEcl, true;
      if (m == "ecr") return mod.prmt_mode = PrmtMode::kEcr, true;
      if (m == "rc16") return mod.prmt_mode = PrmtMode::kRc16, true;
      break;
    case Opcode::kTex:
    case Opcode::kSuld:
    case Opcode::kSust:
      if (m == "1d") return mod.geom = TexGeom::k1d, true;
      if (m == "2d") return mod.geom = TexGeom::k2d, true;
      if (m == "3d") return mod.geom = TexGeom::k3d, true;
      if (m == "a1d") return mod.geom = TexGeom::kA1d, true;
      if (m == "a2d") return mod.geom = TexGeom::kA2d, true;
      if (m == "cube") return mod.geom = TexGeom::kCube, true;
      if (m == "acube") return mod.geom = TexGeom::kACube, true;
      if (op != Opcode::kTex) {
        if (m == "b") return mod.sampler_b = true, true;
        if (m == "trap") return mod.surf_clamp = SurfClamp::kTrap, true;
        if (m == "clamp") return mod.surf_clamp = SurfClamp::kClamp, true;
        if (m == "zero") return mod.surf_clamp = SurfClamp::kZero, true;
      }
      break;
    case Opcode::kTestp:
      if (m == "finite") return mod.testp = TestpOp::kFinite, true;
      if (m == "infinite") return mod.testp = TestpOp::kInfinite, true;
      if (m == "number") return mod.testp = TestpOp::kNumber, true;
      if (m == "notanumber") return mod.testp = TestpOp::kNotANumber, true;
      if (m == "normal") return mod.testp = TestpOp::kNormal, true;
      if (m == "subnormal") return mod.testp = TestpOp::kSubnormal, true;
      break;
    case Opcode::kBfind:
      if (m == "shiftamt") return mod.shiftamt = true, true;
      break;
    case Opcode::kCvta:
      if (m == "to") return mod.to = true, true;
      break;
    case Opcode::kMembar:
      if (m == "gl") return mod.scope = MemScope::kGpu, true;
      break;
    case Opcode::kBra:
    case Opcode::kCall:
    case Opcode::kRet:
    case Opcode::kBrx:
      if (m == "uni") return mod.uni = true, true;
      break;
    case Opcode::kPrefetch:
    case Opcode::kPrefetchu:
      if (m == "L1" || m == "L2") return mod.eviction_hint = true, true;
      break;
    case Opcode::kMin:
    case Opcode::kMax:
      if (m == "NaN") return mod.nan = true, true;
      if (m == "xorsign") return mod.xorsign = true, true;
      if (m == "abs") return mod.abs = true, true;
      break;
    default:
      break;
  }

  // Meanings shared by every opcode that takes them.
  if (m[0] == 'v' && (m == "v2" || m == "v4" || m == "v8")) {
    mod.vector = static_cast<uint8_t>(m[1] - '0');
    return true;
  }
  if (auto s = LookupStateSpace(m); s && *s != StateSpace::kReg && *s != StateSpace::kSreg) {
    mod.space = *s;
    return true;
  }
  if (auto r = LookupRounding(m)) return mod.rounding = *r, true;
  if (m == "ftz") return mod.ftz = true, true;
  if (m == "sat") return mod.sat = true, true;
  if (m == "approx") return mod.approx = true, true;
  if (m == "full") return mod.full = true, true;
  if (m == "cc") return mod.cc = true, true;
  if (m == "relu") return mod.relu = true, true;
  if (m == "noftz") return mod.noftz = true, true;
  if (m == "sync") return mod.sync = true, true;
  if (m == "aligned") return mod.aligned = true, true;
  if (m == "nc") return mod.nc = true, true;
  if (m == "volatile") return mod.sem = MemSem::kVolatile, true;
  if (m == "weak") return mod.sem = MemSem::kWeak, true;
  if (m == "relaxed") return mod.sem = MemSem::kRelaxed, true;
  if (m == "acquire") return mod.sem = MemSem::kAcquire, true;
  if (m == "release") return mod.sem = MemSem::kRelease, true;
  if (m == "acq_rel") return mod.sem = MemSem::kAcqRel, true;
  if (m == "sc") return mod.sem = MemSem::kSc, true;
  if (m == "mmio") return mod.sem = MemSem::kMmio, true;
  if (m == "cta") return mod.scope = MemScope::kCta, true;
  if (m == "cluster") return mod.scope = MemScope::kCluster, true;
  if (m == "gpu") return mod.scope = MemScope::kGpu, true;
  if (m == "sys") return mod.scope = MemScope::kSys, true;
  if (m == "ca") return mod.cache = CacheOp::kCa, true;
  if (m == "cg") return mod.cache = CacheOp::kCg, true;
  if (m == "cs") return mod.cache = CacheOp::kCs, true;
  if (m == "lu") return mod.cache = CacheOp::kLu, true;
  if (m == "cv") return mod.cache = CacheOp::kCv, true;
  if (m == "wb") return mod.cache = CacheOp::kWb, true;
  if (m == "wt") return mod.cache = CacheOp::kWt, true;
  if (m == "L2::cache_hint") return mod.cache_hint = true, true;
  if (std::string_view(m).starts_with("L1::") || std::string_view(m).starts_with("L2::")) {
    return mod.eviction_hint = true, true;
  }
  return false;
}

}  // namespace cudashim::ptx
