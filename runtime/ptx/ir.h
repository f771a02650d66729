#ifndef CUDASHIM_RUNTIME_PTX_IR_H_
#define CUDASHIM_RUNTIME_PTX_IR_H_

// The typed IR of a PTX module: Module -> Function -> BasicBlock -> Instruction -> Operand.
//
// Everything an executor needs is resolved: registers are indices into Function::registers,
// branch targets are block indices, symbols are indices into the module's or function's tables.
// Names are kept for messages and for lookups by the runtime (kernel and variable names).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cudashim::ptx {

enum class StateSpace : uint8_t {
  kReg,
  kSreg,
  kConst,
  kGlobal,
  kLocal,
  kParam,
  kShared,
  kTex,
  kGeneric
};
enum class Linkage : uint8_t { kInternal, kVisible, kExtern, kWeak, kCommon };

enum class ScalarType : uint8_t {
  kNone,  // no type given (e.g. `bra`)
  kB8,
  kB16,
  kB32,
  kB64,
  kB128,
  kU8,
  kU16,
  kU32,
  kU64,
  kS8,
  kS16,
  kS32,
  kS64,
  kF16,
  kF16x2,
  kBF16,
  kBF16x2,
  kTF32,
  kF32,
  kF64,
  kE4M3x2,
  kE5M2x2,
  kPred,
  kTexRef,
  kSurfRef,
  kSamplerRef,
};

uint32_t SizeOf(ScalarType);        // bytes; .pred is 1, references 8, kNone 0
std::string_view Name(ScalarType);  // "u32", "f16x2", ...
std::string_view Name(StateSpace);  // "global", ...
bool IsFloat(ScalarType);           // f16..f64, bf16, tf32 and the packed pairs
bool IsSigned(ScalarType);          // s8..s64
bool IsInteger(ScalarType);         // b*, u*, s*

// --- Module-level objects -------------------------------------------------------------------

// A symbol whose address (generic() or plain) appears in a variable initializer, e.g.
// `.global .u64 p = generic(x) + 4;` or a function address in a vtable (`symbol` then names a
// Module::functions entry). The bytes at `offset` in `init` are left zero; the loader writes
// the address there.
struct AddressInit {
  uint64_t offset;  // byte offset inside the variable
  uint32_t size;    // bytes to write (4 or 8)
  std::string symbol;
  int64_t addend = 0;
  bool generic = false;  // generic(sym): a generic address; otherwise the state-space address
};

struct Variable {
  std::string name;
  StateSpace space = StateSpace::kGlobal;
  Linkage linkage = Linkage::kInternal;
  ScalarType type = ScalarType::kB8;
  uint32_t align = 1;
  uint32_t vector = 1;  // .v2/.v4 element count
  uint64_t size = 0;    // total bytes; 0 for an unsized extern array (`.extern .shared .b8 s[]`)
  bool unsized_array = false;
  std::vector<uint8_t> init;  // empty = zero-filled; otherwise exactly `size` bytes
  std::vector<AddressInit> address_inits;
  bool managed = false;  // .attribute(.managed)
  int line = 0;
};

struct Param {
  std::string name;
  ScalarType type = ScalarType::kB32;
  uint32_t align = 0;                     // 0: none given (the natural alignment applies)
  uint32_t size = 0;                      // bytes = elem size * array count
  uint32_t array_count = 0;               // 0: not an array
  StateSpace space = StateSpace::kParam;  // .param, or .reg for .func register params
  bool is_ptr_annotated = false;          // `.ptr`
  StateSpace ptr_space = StateSpace::kGeneric;
  uint32_t ptr_align = 0;
};

// --- Registers and operands -----------------------------------------------------------------

struct Register {
  std::string name;  // "%r12", "%p1", "%SP"
  ScalarType type = ScalarType::kB32;
  uint32_t vector = 1;  // `.reg .v2 .f32 x` (rare)
};

enum class SpecialReg : uint8_t {
  kTid,
  kNtid,
  kCtaid,
  kNctaid,
  kLaneid,
  kWarpid,
  kNwarpid,
  kSmid,
  kNsmid,
  kGridid,
  kClock,
  kClock64,
  kGlobaltimer,
  kGlobaltimerLo,
  kGlobaltimerHi,
  kLanemaskEq,
  kLanemaskLe,
  kLanemaskLt,
  kLanemaskGe,
  kLanemaskGt,
  kEnvreg,  // component = the register number 0..31
  kDynamicSmemSize,
  kTotalSmemSize,
  kAggrSmemSize,
  kClusterid,
  kNclusterid,
  kClusterCtaid,
  kClusterNctaid,
  kClusterCtarank,
  kClusterNctarank,
  kIsExplicitCluster,
  kPm,  // %pm0..7 (component)
  kReservedSmemOffsetBegin,
  kReservedSmemOffsetEnd,
  kReservedSmemOffsetCap,
  kWarpsz,
};

// What a symbol operand names.
enum class SymbolKind : uint8_t {
  kGlobalVar,    // Module::variables
  kLocalVar,     // Function::locals (.local/.shared/.param/.const declared in the body)
  kParam,        // Function::params of the enclosing function
  kReturnParam,  // Function::returns of the enclosing function
  kFunction,     // Module::functions
};

struct Operand {
  enum class Kind : uint8_t {
    kNone,
    kReg,         // reg
    kRegPair,     // reg | reg2   (shfl.sync dst|pred, setp p|q)
    kSpecialReg,  // sreg + component (x=0,y=1,z=2)
    kImmInt,      // imm (already negated if written with a minus)
    kImmFloat,    // fimm; f32_literal when written 0fXXXXXXXX
    kSymbol,      // symbol_kind/symbol + offset (an address: `mov.u64 %rd, $str`)
    kAddress,     // [base + offset]; base is reg, symbol or none (absolute)
    kVector,      // {a, b, c, d}: elements
    kTexCoords,   // [handle, {coords...}(, more)]: elements
    kLabel,       // block index
    kSink,        // `_`
  };
  Kind kind = Kind::kNone;
  bool negated = false;  // `!%p` predicate operand (setp's c, selp? no: only bool operands)
  bool f32_literal = false;
  // kAddress: which base is present.
  enum class Base : uint8_t { kNone, kReg, kSymbol };
  Base base = Base::kNone;
  SpecialReg sreg = SpecialReg::kTid;
  uint8_t component = 0;
  SymbolKind symbol_kind = SymbolKind::kGlobalVar;
  uint32_t reg = 0;               // kReg, kRegPair, kAddress with Base::kReg
  uint32_t reg2 = 0;              // kRegPair
  uint32_t symbol = 0;            // kSymbol, kAddress with Base::kSymbol
  uint32_t label = 0;             // kLabel: block index
  int64_t imm = 0;                // kImmInt; kSymbol/kAddress: byte offset
  double fimm = 0;                // kImmFloat
  std::vector<Operand> elements;  // kVector, kTexCoords

  bool IsReg() const { return kind == Kind::kReg; }
};

// --- Instructions ---------------------------------------------------------------------------

enum class Opcode : uint8_t {
  kAbs,
  kActivemask,
  kAdd,
  kAddc,
  kAnd,
  kAtom,
  kBar,
  kBarrier,
  kBarWarpSync,
  kBfe,
  kBfi,
  kBfind,
  kBmsk,
  kBra,
  kBrev,
  kBrkpt,
  kBrx,
  kCall,
  kClz,
  kCnot,
  kCopysign,
  kCos,
  kCpAsync,
  kCvt,
  kCvta,
  kDiv,
  kDp2a,
  kDp4a,
  kElect,
  kEx2,
  kExit,
  kFence,
  kFma,
  kFns,
  kGriddepcontrol,
  kIsspacep,
  kLd,
  kLdu,
  kLg2,
  kLop3,
  kMad,
  kMad24,
  kMadc,
  kMatch,
  kMax,
  kMembar,
  kMin,
  kMov,
  kMul,
  kMul24,
  kNanosleep,
  kNeg,
  kNot,
  kOr,
  kPmevent,
  kPopc,
  kPrefetch,
  kPrefetchu,
  kPrmt,
  kRcp,
  kRed,
  kRedux,
  kRem,
  kRet,
  kRsqrt,
  kSad,
  kSelp,
  kSet,
  kSetp,
  kShf,
  kShfl,
  kShl,
  kShr,
  kSin,
  kSlct,
  kSqrt,
  kSt,
  kStackrestore,
  kStacksave,
  kSub,
  kSubc,
  kSuld,
  kSust,
  kSzext,
  kTanh,
  kTestp,
  kTex,
  kTrap,
  kVote,
  kXor,
  kCount
};
std::string_view Name(Opcode);

enum class CmpOp : uint8_t {
  kNone,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kLo,
  kLs,
  kHi,
  kHs,
  kEqu,
  kNeu,
  kLtu,
  kLeu,
  kGtu,
  kGeu,
  kNum,
  kNan,
};
enum class BoolOp : uint8_t { kNone, kAnd, kOr, kXor, kPopc };  // setp/set combine, bar.red
enum class Rounding : uint8_t { kNone, kRn, kRz, kRm, kRp, kRna, kRni, kRzi, kRmi, kRpi };
enum class MulMode : uint8_t { kNone, kLo, kHi, kWide };
enum class MemSem : uint8_t {
  kNone,
  kWeak,
  kRelaxed,
  kAcquire,
  kRelease,
  kAcqRel,
  kSc,
  kVolatile,
  kMmio
};
enum class MemScope : uint8_t { kNone, kCta, kCluster, kGpu, kSys };
enum class CacheOp : uint8_t { kNone, kCa, kCg, kCs, kLu, kCv, kWb, kWt };
enum class AtomOp : uint8_t {
  kNone,
  kAdd,
  kMin,
  kMax,
  kInc,
  kDec,
  kAnd,
  kOr,
  kXor,
  kExch,
  kCas,
};
enum class ShflMode : uint8_t { kNone, kUp, kDown, kBfly, kIdx };
enum class VoteMode : uint8_t { kNone, kAll, kAny, kUni, kBallot };
enum class BarKind : uint8_t { kNone, kSync, kArrive, kRed };  // bar/barrier
enum class ShfMode : uint8_t { kNone, kWrap, kClamp };         // shf, bmsk
enum class PrmtMode : uint8_t { kNone, kF4e, kB4e, kRc8, kEcl, kEcr, kRc16 };
enum class TexGeom : uint8_t { kNone, k1d, k2d, k3d, kA1d, kA2d, kCube, kACube, k2dms, kA2dms };
enum class SurfClamp : uint8_t { kNone, kTrap, kClamp, kZero };
enum class TestpOp : uint8_t {
  kNone,
  kFinite,
  kInfinite,
  kNumber,
  kNotANumber,
  kNormal,
  kSubnormal
};
enum class MatchMode : uint8_t { kNone, kAny, kAll };

// The modifiers of one instruction, decoded. Which fields are meaningful depends on the opcode.
struct Modifiers {
  ScalarType type = ScalarType::kNone;      // the (first) instruction type: add.s32 -> s32;
                                            // cvt/set/slct/tex/suld: the destination type
  ScalarType type2 = ScalarType::kNone;     // the second type: cvt/set/slct/tex source, mma...
  ScalarType type3 = ScalarType::kNone;     // a third (dp4a.u32.s32 has two, tex has two)
  StateSpace space = StateSpace::kGeneric;  // ld/st/atom/red/cvta/isspacep; kGeneric if absent
  CmpOp cmp = CmpOp::kNone;
  BoolOp bool_op = BoolOp::kNone;
  Rounding rounding = Rounding::kNone;
  MulMode mul_mode = MulMode::kNone;
  MemSem sem = MemSem::kNone;  // also ld.volatile -> kVolatile
  MemScope scope = MemScope::kNone;
  CacheOp cache = CacheOp::kNone;
  AtomOp atom_op = AtomOp::kNone;  // atom/red/redux (redux uses add/min/max/and/or/xor)
  ShflMode shfl_mode = ShflMode::kNone;
  VoteMode vote_mode = VoteMode::kNone;
  BarKind bar_kind = BarKind::kNone;
  ShfMode shf_mode = ShfMode::kNone;
  PrmtMode prmt_mode = PrmtMode::kNone;
  TexGeom geom = TexGeom::kNone;
  SurfClamp surf_clamp = SurfClamp::kNone;
  TestpOp testp = TestpOp::kNone;
  MatchMode match_mode = MatchMode::kNone;
  uint8_t vector = 1;  // .v2/.v4/.v8 on ld/st/mov/atom/tex
  bool ftz = false, sat = false, approx = false, full = false, cc = false, relu = false;
  bool uni = false;       // bra.uni, call.uni, vote.uni is vote_mode
  bool sync = false;      // shfl.sync, vote.sync, bar.warp.sync, ...
  bool aligned = false;   // bar.sync.aligned / barrier.sync.aligned
  bool nc = false;        // ld.global.nc
  bool to = false;        // cvta.to.global
  bool left = false;      // shf.l (else shf.r)
  bool shiftamt = false;  // bfind.shiftamt
  bool abs = false;       // max.xorsign.abs / min.abs
  bool nan = false;       // min.NaN / max.NaN
  bool xorsign = false;
  bool wide = false;  // used only for mul24/mad24 .hi/.lo via mul_mode
  bool noftz = false;
  bool sampler_b = false;                          // suld.b / sust.b (formatted .p is unsupported)
  bool cache_hint = false, eviction_hint = false;  // .L2::cache_hint and .L1::/.L2:: hints
};

// Operand order is PTX's, destinations first. The shapes an executor meets (Verify checks them):
//   ld/ldu     d, [a]                 d may be a vector {a, b, _, d} for .v2/.v4
//   st         [a], v                 v may be a vector
//   atom       d, [a], b(, c)         cas: c is the new value
//   red        [a], b
//   setp       p(|q), a, b(, c)       c (maybe negated) combines through bool_op
//   selp       d, a, b, p
//   shfl.sync  d(|p), a, b, c, membermask
//   vote.sync  d, p, membermask       redux.sync/match.sync: d, a, membermask
//   bar/barrier.sync  id(, count)     bar.red: d, id(, count), p
//   tex        d{4}, [handle, {coords}]   suld: d{n}, [handle, {coords}]; sust: [..], {v}
//   bra        label                  call: see `operands` below
// Immediates are untyped: their width is the instruction's type.
struct Instruction {
  Opcode op = Opcode::kMov;
  Modifiers mod;
  bool has_guard = false;
  bool guard_negated = false;
  uint32_t guard = 0;  // predicate register index, when has_guard
  // Operands in PTX order: destination(s) first. `call`: [returns(kVector), target(kSymbol of a
  // function, or kReg for an indirect call; its .callprototype is not kept), arguments(kVector)].
  std::vector<Operand> operands;
  int line = 0;
};

struct BasicBlock {
  std::string label;   // empty for an unlabelled block (entry, fall-through after a branch)
  uint32_t begin = 0;  // range [begin, end) in Function::instructions
  uint32_t end = 0;
  std::vector<uint32_t> successors;  // block indices; fall-through first if any
  std::vector<uint32_t> predecessors;
};

// --- Functions and the module ---------------------------------------------------------------

struct Function {
  std::string name;
  bool is_entry = false;
  Linkage linkage = Linkage::kInternal;
  std::vector<Param> params;
  std::vector<Param> returns;
  std::optional<std::array<uint32_t, 3>> maxntid, reqntid, reqnctapercluster;
  std::optional<uint32_t> minnctapersm, maxnreg, maxclusterrank;
  bool explicitcluster = false;
  bool noreturn = false;
  std::vector<std::string> pragmas;  // `.pragma "nounroll";` texts at function level
  bool has_body = false;
  // Body.
  std::vector<Register> registers;
  std::vector<Variable> locals;  // .local/.shared/.param/.const declared inside the body
  std::vector<Instruction> instructions;
  std::vector<BasicBlock> blocks;  // blocks[0] is the entry; empty without a body
  int line = 0;
  // Valid PTX in the body that cudashim does not support (the first such statement's message,
  // naming it and its line). The statement is left out of `instructions`; a kernel that can reach
  // this function fails to launch with cudaErrorNotSupported, while the module's other kernels run.
  std::optional<std::string> unsupported;

  int32_t FindParam(std::string_view name) const;  // index or -1
};

struct Module {
  std::string source_name = "ptx";  // for messages: the name given to Parse
  uint32_t version_major = 0, version_minor = 0;
  std::string target;                       // "sm_75" (the first target word)
  std::vector<std::string> target_options;  // further words: "texmode_independent", "debug"
  uint32_t target_sm = 0;                   // 75
  uint32_t address_size = 64;
  std::vector<Variable> variables;
  std::vector<Function> functions;
  std::vector<std::string> files;  // .file table (index = file number), for messages

  const Function* FindFunction(std::string_view name) const;
  const Variable* FindVariable(std::string_view name) const;
  int32_t FindFunctionIndex(std::string_view name) const;
  int32_t FindVariableIndex(std::string_view name) const;
};

// --- The front end --------------------------------------------------------------------------

// Text -> IR. InvalidArgumentError for malformed PTX, UnimplementedError for valid PTX that
// cudashim does not support; messages name the source, line, function and instruction.
absl::StatusOr<Module> Parse(std::string_view text, std::string_view source_name = "ptx");

// Structural checks beyond the grammar: operand counts and kinds per opcode, register types of
// predicates, label and symbol indices in range, call arity. InvalidArgumentError on failure.
absl::Status Verify(const Module&);

// -rdc: merges modules, resolving .extern .func/.global against .visible (or .weak/.common)
// definitions. Duplicate strong definitions and unresolved externs are errors, except the
// device services vprintf, malloc, free and __assertfail which stay extern.
absl::StatusOr<Module> Link(std::vector<Module> modules);

// The kernel parameter buffer (NVCC_ABI §3.1): each param aligned to its .align, otherwise
// its scalar size; its size is the scalar size times the array count.
struct ParamLayout {
  std::vector<uint32_t> offsets;
  uint32_t total_size = 0;
};
ParamLayout LayoutParams(const Function&);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_IR_H_
