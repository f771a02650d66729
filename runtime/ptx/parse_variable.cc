// Variable declarations (module level and inside bodies) and their initializers.
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "runtime/ptx/modifiers.h"
#include "runtime/ptx/parser.h"
#include "runtime/ptx/special_registers.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx::parser_internal {

// Variables: [linkage] space [.attribute(.managed)] [.align N] [.vN] type name[dims] [= init]
absl::Status Parser::ParseVariableDecl(Linkage linkage, bool in_function) {
  const Token& space_tok = Next();
  int line = space_tok.line;
  Variable proto;
  proto.linkage = linkage;
  proto.line = line;
  std::optional<StateSpace> space = LookupStateSpace(space_tok.text.substr(1));
  if (!space) return Invalid(line, Cat("unknown state space '", space_tok.text, "'"));
  proto.space = *space;
  bool typed = false;
  while (Peek().kind == TokenKind::kDotName) {
    const Token& t = Next();
    std::string_view m = t.text;
    if (m == ".align") {
      absl::StatusOr<uint64_t> a = ExpectUnsigned();
      if (!a.ok()) return a.status();
      if (*a == 0 || (*a & (*a - 1)) != 0) return Invalid(line, "alignment must be a power of 2");
      proto.align = static_cast<uint32_t>(*a);
    } else if (m == ".attribute") {
      if (absl::Status s = Expect('('); !s.ok()) return s;
      do {
        const Token& a = Next();
        if (a.text == ".managed") {
          proto.managed = true;
        } else if (a.text != ".unified") {
          return Unsupported(a.line, Cat("variable attribute '", a.text, "' is not supported"));
        }
        if (a.text == ".unified" && IsPunct('(')) {  // .unified(uuid1, uuid2)
          while (!AtEnd() && !Accept(')')) Next();
        }
      } while (Accept(','));
      if (absl::Status s = Expect(')'); !s.ok()) return s;
    } else if (m == ".v2" || m == ".v4" || m == ".v8") {
      proto.vector = static_cast<uint32_t>(m[2] - '0');
    } else if (auto ty = LookupType(m.substr(1))) {
      proto.type = *ty;
      typed = true;
    } else {
      return Unsupported(t.line, Cat("variable attribute '", m, "' is not supported"));
    }
  }
  if (!typed) return Invalid(line, "variable declaration without a type");
  if (proto.align == 1 && SizeOf(proto.type) > 1) proto.align = SizeOf(proto.type) * proto.vector;
  do {
    Variable v = proto;
    v.line = Peek().line;
    absl::StatusOr<std::string_view> name = ExpectIdent();
    if (!name.ok()) return name.status();
    v.name = std::string(*name);
    uint64_t count = 1;
    while (Accept('[')) {
      if (Accept(']')) {
        v.unsized_array = true;  // size comes from the initializer, or 0 for .extern
        continue;
      }
      absl::StatusOr<uint64_t> n = ExpectUnsigned();
      if (!n.ok()) return n.status();
      count *= *n;
      if (absl::Status s = Expect(']'); !s.ok()) return s;
    }
    v.size = v.unsized_array ? 0 : count * SizeOf(v.type) * v.vector;
    if (Accept('=')) {
      if (absl::Status s = ParseInitializer(v, line); !s.ok()) return s;
    }
    if (in_function) {
      uint32_t index = static_cast<uint32_t>(function_->locals.size());
      scopes_[scope_].names[v.name] = ScopeEntry{ScopeEntry::Kind::kLocal, index};
      function_->locals.push_back(std::move(v));
    } else {
      auto it = variable_index_.find(v.name);
      if (it != variable_index_.end()) {
        Variable& prior = module_.variables[it->second];
        // An .extern declaration followed by the definition (or the reverse) is one variable.
        if (prior.linkage == Linkage::kExtern && v.linkage != Linkage::kExtern) {
          prior = std::move(v);
        } else if (v.linkage != Linkage::kExtern) {
          return Invalid(v.line, Cat("variable '", v.name, "' is defined twice (first at line ",
                                     prior.line, ")"));
        }
      } else {
        variable_index_[v.name] = static_cast<uint32_t>(module_.variables.size());
        module_.variables.push_back(std::move(v));
      }
    }
  } while (Accept(','));
  return Expect(';');
}

absl::Status Parser::ParseInitializer(Variable& v, int line) {
  uint32_t elem_size = SizeOf(v.type);
  if (elem_size == 0 || v.type == ScalarType::kPred) {
    return Unsupported(line, Cat("initializer for a variable of type .", Name(v.type)));
  }
  uint64_t index = 0;
  if (absl::Status s = ParseInitElements(v, elem_size, index, line); !s.ok()) return s;
  if (v.unsized_array) {
    v.size = index * elem_size;
    v.unsized_array = false;
  }
  if (index * elem_size > v.size) {
    return Invalid(line, Cat("initializer of '", v.name, "' has ", index,
                             " elements, more than its size allows"));
  }
  v.init.resize(v.size, 0);
  return absl::OkStatus();
}

// Reads one element or a braced list of them, storing each at `index` (in elements of the
// variable's type, vector components counted separately).
absl::Status Parser::ParseInitElements(Variable& v, uint32_t elem_size, uint64_t& index, int line) {
  if (Accept('{')) {
    if (!IsPunct('}')) {
      do {
        if (absl::Status s = ParseInitElements(v, elem_size, index, line); !s.ok()) return s;
      } while (Accept(','));
    }
    return Expect('}');
  }
  if (absl::Status s = StoreInitElement(v, elem_size, index, line); !s.ok()) return s;
  ++index;
  return absl::OkStatus();
}

absl::Status Parser::StoreInitElement(Variable& v, uint32_t elem_size, uint64_t index, int line) {
  uint64_t offset = index * elem_size;
  if (v.init.size() < offset + elem_size) v.init.resize(offset + elem_size, 0);
  uint8_t* dst = v.init.data() + offset;
  // Symbol addresses: generic(sym)[+off], sym[+off].
  bool generic = false;
  if (Peek().kind == TokenKind::kIdent && Peek().text == "generic" && IsPunct('(', 1)) {
    Next();
    Next();
    generic = true;
  }
  if (Peek().kind == TokenKind::kIdent) {
    std::string_view sym = Next().text;
    if (generic) {
      if (absl::Status s = Expect(')'); !s.ok()) return s;
    }
    AddressInit a{offset, elem_size, std::string(sym), 0, generic};
    if (IsPunct('+') || IsPunct('-')) {
      absl::StatusOr<int64_t> off = ParseOffset();
      if (!off.ok()) return off.status();
      a.addend = *off;
    }
    if (elem_size != 4 && elem_size != 8) {
      return Invalid(
          line, Cat("address of '", sym, "' in an initializer of ", elem_size, "-byte elements"));
    }
    v.address_inits.push_back(std::move(a));
    return absl::OkStatus();
  }
  bool negative = Accept('-');
  Operand o;
  if (absl::Status s = ParseNumber(o, negative); !s.ok()) return s;
  ScalarType t = v.type;
  if (o.kind == Operand::Kind::kImmFloat && !IsFloat(t) && !o.f32_literal &&
      t != ScalarType::kB64 && t != ScalarType::kB32) {
    return Invalid(line, Cat("float initializer for integer variable '", v.name, "'"));
  }
  auto store = [&](auto value) { std::memcpy(dst, &value, sizeof(value)); };
  if (o.kind == Operand::Kind::kImmFloat) {
    if (elem_size == 8) {
      store(o.fimm);
    } else if (elem_size == 4) {
      store(static_cast<float>(o.fimm));
    } else {
      return Unsupported(line, Cat("float initializer for a ", elem_size, "-byte element"));
    }
  } else if (t == ScalarType::kF32) {
    store(static_cast<float>(o.imm));
  } else if (t == ScalarType::kF64) {
    store(static_cast<double>(o.imm));
  } else {
    uint64_t bits = static_cast<uint64_t>(o.imm);
    std::memcpy(dst, &bits, std::min<uint32_t>(elem_size, 8));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Parser::ParseOffset() {
  int64_t total = 0;
  while (IsPunct('+') || IsPunct('-')) {
    bool negative = Next().punct() == '-';
    if (Accept('-')) negative = !negative;  // [%rd1+-4]
    Operand o;
    if (absl::Status s = ParseNumber(o, negative); !s.ok()) return s;
    if (o.kind != Operand::Kind::kImmInt)
      return Invalid(Peek().line, "address offset must be an integer");
    total = static_cast<int64_t>(static_cast<uint64_t>(total) + static_cast<uint64_t>(o.imm));
  }
  return total;
}

}  // namespace cudashim::ptx::parser_internal
