#include "runtime/ptx/ir.h"

#include <algorithm>

namespace cudashim::ptx {

uint32_t SizeOf(ScalarType t) {
  switch (t) {
    case ScalarType::kNone:
      return 0;
    case ScalarType::kB8:
    case ScalarType::kU8:
    case ScalarType::kS8:
    case ScalarType::kPred:
      return 1;
    case ScalarType::kB16:
    case ScalarType::kU16:
    case ScalarType::kS16:
    case ScalarType::kF16:
    case ScalarType::kBF16:
    case ScalarType::kE4M3x2:
    case ScalarType::kE5M2x2:
      return 2;
    case ScalarType::kB32:
    case ScalarType::kU32:
    case ScalarType::kS32:
    case ScalarType::kF32:
    case ScalarType::kF16x2:
    case ScalarType::kBF16x2:
    case ScalarType::kTF32:
      return 4;
    case ScalarType::kB64:
    case ScalarType::kU64:
    case ScalarType::kS64:
    case ScalarType::kF64:
    case ScalarType::kTexRef:
    case ScalarType::kSurfRef:
    case ScalarType::kSamplerRef:
      return 8;
    case ScalarType::kB128:
      return 16;
  }
  return 0;
}

std::string_view Name(ScalarType t) {
  static constexpr std::string_view kNames[] = {
      "",     "b8",  "b16", "b32",    "b64",    "b128", "u8",     "u16",     "u32",
      "u64",  "s8",  "s16", "s32",    "s64",    "f16",  "f16x2",  "bf16",    "bf16x2",
      "tf32", "f32", "f64", "e4m3x2", "e5m2x2", "pred", "texref", "surfref", "samplerref"};
  auto i = static_cast<size_t>(t);
  return i < std::size(kNames) ? kNames[i] : "?";
}

std::string_view Name(StateSpace s) {
  static constexpr std::string_view kNames[] = {"reg",   "sreg",   "const", "global", "local",
                                                "param", "shared", "tex",   "generic"};
  return kNames[static_cast<size_t>(s)];
}

bool IsFloat(ScalarType t) {
  switch (t) {
    case ScalarType::kF16:
    case ScalarType::kF16x2:
    case ScalarType::kBF16:
    case ScalarType::kBF16x2:
    case ScalarType::kTF32:
    case ScalarType::kF32:
    case ScalarType::kF64:
      return true;
    default:
      return false;
  }
}

bool IsSigned(ScalarType t) {
  return t == ScalarType::kS8 || t == ScalarType::kS16 || t == ScalarType::kS32 ||
         t == ScalarType::kS64;
}

bool IsInteger(ScalarType t) { return t >= ScalarType::kB8 && t <= ScalarType::kS64; }

std::string_view Name(Opcode op) {
  static constexpr std::string_view kNames[] = {"abs",
                                                "activemask",
                                                "add",
                                                "addc",
                                                "and",
                                                "atom",
                                                "bar",
                                                "barrier",
                                                "bar.warp.sync",
                                                "bfe",
                                                "bfi",
                                                "bfind",
                                                "bmsk",
                                                "bra",
                                                "brev",
                                                "brkpt",
                                                "brx",
                                                "call",
                                                "clz",
                                                "cnot",
                                                "copysign",
                                                "cos",
                                                "cp.async",
                                                "cvt",
                                                "cvta",
                                                "div",
                                                "dp2a",
                                                "dp4a",
                                                "elect",
                                                "ex2",
                                                "exit",
                                                "fence",
                                                "fma",
                                                "fns",
                                                "griddepcontrol",
                                                "isspacep",
                                                "ld",
                                                "ldu",
                                                "lg2",
                                                "lop3",
                                                "mad",
                                                "mad24",
                                                "madc",
                                                "match",
                                                "max",
                                                "membar",
                                                "min",
                                                "mov",
                                                "mul",
                                                "mul24",
                                                "nanosleep",
                                                "neg",
                                                "not",
                                                "or",
                                                "pmevent",
                                                "popc",
                                                "prefetch",
                                                "prefetchu",
                                                "prmt",
                                                "rcp",
                                                "red",
                                                "redux",
                                                "rem",
                                                "ret",
                                                "rsqrt",
                                                "sad",
                                                "selp",
                                                "set",
                                                "setp",
                                                "shf",
                                                "shfl",
                                                "shl",
                                                "shr",
                                                "sin",
                                                "slct",
                                                "sqrt",
                                                "st",
                                                "stackrestore",
                                                "stacksave",
                                                "sub",
                                                "subc",
                                                "suld",
                                                "sust",
                                                "szext",
                                                "tanh",
                                                "testp",
                                                "tex",
                                                "trap",
                                                "vote",
                                                "xor"};
  static_assert(std::size(kNames) == static_cast<size_t>(Opcode::kCount));
  auto i = static_cast<size_t>(op);
  return i < std::size(kNames) ? kNames[i] : "?";
}

int32_t Function::FindParam(std::string_view n) const {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == n) return static_cast<int32_t>(i);
  }
  return -1;
}

int32_t Module::FindFunctionIndex(std::string_view name) const {
  // A definition wins over a declaration of the same name.
  int32_t found = -1;
  for (size_t i = 0; i < functions.size(); ++i) {
    if (functions[i].name != name) continue;
    if (functions[i].has_body) return static_cast<int32_t>(i);
    if (found < 0) found = static_cast<int32_t>(i);
  }
  return found;
}

int32_t Module::FindVariableIndex(std::string_view name) const {
  for (size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == name) return static_cast<int32_t>(i);
  }
  return -1;
}

const Function* Module::FindFunction(std::string_view name) const {
  int32_t i = FindFunctionIndex(name);
  return i < 0 ? nullptr : &functions[i];
}

const Variable* Module::FindVariable(std::string_view name) const {
  int32_t i = FindVariableIndex(name);
  return i < 0 ? nullptr : &variables[i];
}

}  // namespace cudashim::ptx
