// Module-level parsing: the directives between functions, numbers, and the final resolution of
// references to module-level symbols. Parse() is the entry point (ir.h).
#include "runtime/ptx/parser.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "runtime/ptx/modifiers.h"
#include "runtime/ptx/special_registers.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace parser_internal {

absl::StatusOr<uint64_t> Parser::ExpectUnsigned() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kInt) {
    return Invalid(t.line, Cat("expected an integer, found '", Describe(t), "'"));
  }
  Operand o;
  absl::Status s = ParseNumber(o, false);
  if (!s.ok()) return s;
  return static_cast<uint64_t>(o.imm);
}

absl::Status Parser::ParseNumber(Operand& out, bool negative) {
  const Token& t = Next();
  std::string_view s = t.text;
  switch (t.kind) {
    case TokenKind::kHexFloat32: {
      uint32_t bits = 0;
      if (!HexToInt(s.substr(2), &bits)) return Invalid(t.line, "bad 0f literal");
      float f;
      std::memcpy(&f, &bits, 4);
      out.kind = Operand::Kind::kImmFloat;
      out.f32_literal = true;
      out.fimm = negative ? -static_cast<double>(f) : static_cast<double>(f);
      return absl::OkStatus();
    }
    case TokenKind::kHexFloat64: {
      uint64_t bits = 0;
      if (!HexToInt(s.substr(2), &bits)) return Invalid(t.line, "bad 0d literal");
      double d;
      std::memcpy(&d, &bits, 8);
      out.kind = Operand::Kind::kImmFloat;
      out.fimm = negative ? -d : d;
      return absl::OkStatus();
    }
    case TokenKind::kFloat: {
      double d;
      if (!ToDouble(s, &d)) return Invalid(t.line, Cat("bad float '", s, "'"));
      out.kind = Operand::Kind::kImmFloat;
      out.fimm = negative ? -d : d;
      return absl::OkStatus();
    }
    case TokenKind::kInt: {
      if (std::string_view(s).ends_with("U") || std::string_view(s).ends_with("u"))
        s.remove_suffix(1);
      uint64_t v = 0;
      bool ok;
      if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        ok = HexToInt(s.substr(2), &v);
      } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        ok = s.size() <= 66;
        for (char c : s.substr(2)) v = v * 2 + (c - '0');
      } else if (s.size() > 1 && s[0] == '0') {
        ok = true;
        for (char c : s.substr(1)) {
          if (c < '0' || c > '7') ok = false;
          v = v * 8 + (c - '0');
        }
      } else {
        ok = ToInt(s, &v);
      }
      if (!ok) return Invalid(t.line, Cat("bad integer '", t.text, "'"));
      out.kind = Operand::Kind::kImmInt;
      out.imm = static_cast<int64_t>(negative ? uint64_t{0} - v : v);  // two's complement wrap
      return absl::OkStatus();
    }
    default:
      return Invalid(t.line, Cat("expected a number, found '", Describe(t), "'"));
  }
}

// --- module level -------------------------------------------------------------------------

absl::StatusOr<Module> Parser::Run() {
  while (!AtEnd()) {
    absl::Status s = ParseTopLevel();
    if (!s.ok()) return s;
  }
  if (absl::Status s = ResolvePendingSymbols(); !s.ok()) return s;
  return std::move(module_);
}

absl::Status Parser::ParseTopLevel() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kDotName) {
    return Invalid(t.line, Cat("expected a directive, found '", Describe(t), "'"));
  }
  std::string_view d = t.text;
  int line = t.line;
  if (d == ".version") return ParseVersion();
  if (d == ".target") return ParseTarget();
  if (d == ".address_size") {
    Next();
    absl::StatusOr<uint64_t> n = ExpectUnsigned();
    if (!n.ok()) return n.status();
    if (*n != 32 && *n != 64) return Invalid(line, ".address_size must be 32 or 64");
    if (*n == 32) return Unsupported(line, ".address_size 32 is not supported");
    module_.address_size = static_cast<uint32_t>(*n);
    return absl::OkStatus();
  }
  if (d == ".file") return ParseFileDirective();
  if (d == ".loc") {
    Next();
    SkipLine(line);
    return absl::OkStatus();
  }
  if (d == ".section") return SkipSection();
  if (d == ".pragma") {
    Next();
    return SkipToSemicolon();
  }
  Linkage linkage = Linkage::kInternal;
  if (d == ".visible" || d == ".extern" || d == ".weak" || d == ".common") {
    linkage = d == ".visible"  ? Linkage::kVisible
              : d == ".extern" ? Linkage::kExtern
              : d == ".weak"   ? Linkage::kWeak
                               : Linkage::kCommon;
    Next();
  }
  if (IsDot(".entry") || IsDot(".func")) return ParseFunction(linkage, line);
  if (IsDot(".global") || IsDot(".const") || IsDot(".shared") || IsDot(".local") || IsDot(".tex")) {
    return ParseVariableDecl(linkage, /*in_function=*/false);
  }
  if (IsDot(".alias")) return Unsupported(line, "directive .alias is not supported");
  return Unsupported(Peek().line, Cat("unknown directive '", Describe(Peek()), "'"));
}

absl::Status Parser::ParseVersion() {
  int line = Next().line;
  const Token& t = Next();
  // Lexed as a float (9.0) or an int (9) followed by a dot name.
  std::string_view text = t.text;
  size_t dot = text.find('.');
  if (t.kind != TokenKind::kFloat || dot == std::string_view::npos ||
      !ToInt(text.substr(0, dot), &module_.version_major) ||
      !ToInt(text.substr(dot + 1), &module_.version_minor)) {
    return Invalid(line, Cat("malformed .version '", Describe(t), "'"));
  }
  if (module_.version_major > 9) {
    return Unsupported(line, Cat("PTX ISA version ", text, " is newer than 9.x"));
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseTarget() {
  int line = Next().line;
  bool first = true;
  do {
    absl::StatusOr<std::string_view> word = ExpectIdent();
    if (!word.ok()) return word.status();
    if (first) {
      module_.target = std::string(*word);
      std::string_view digits = *word;
      if (std::string_view(digits).starts_with("sm_")) digits.remove_prefix(3);
      while (!digits.empty() && !absl::ascii_isdigit(digits.back())) digits.remove_suffix(1);
      if (!ToInt(digits, &module_.target_sm)) {
        return Invalid(line, Cat("malformed .target '", *word, "'"));
      }
      first = false;
    } else {
      module_.target_options.emplace_back(*word);
    }
  } while (Accept(','));
  return absl::OkStatus();
}

absl::Status Parser::ParseFileDirective() {
  int line = Next().line;
  absl::StatusOr<uint64_t> index = ExpectUnsigned();
  if (!index.ok()) return index.status();
  if (Peek().kind == TokenKind::kString) {
    if (*index < 100000) {
      if (module_.files.size() <= *index) module_.files.resize(*index + 1);
      module_.files[*index] = std::string(Peek().text);
    }
  }
  SkipLine(line);
  return absl::OkStatus();
}

absl::Status Parser::SkipSection() {
  int line = Next().line;
  while (!AtEnd() && !IsPunct('{')) Next();
  if (AtEnd()) return Invalid(line, ".section without a body");
  int depth = 0;
  do {
    if (IsPunct('{')) ++depth;
    if (IsPunct('}')) --depth;
    Next();
  } while (depth > 0 && !AtEnd());
  if (depth != 0) return Invalid(line, "unterminated .section");
  return absl::OkStatus();
}

absl::Status Parser::ResolvePendingSymbols() {
  for (const PendingSymbol& p : pending_symbols_) {
    Function& f = module_.functions[p.function];
    Instruction& inst = f.instructions[p.instruction];
    Operand& top = inst.operands[p.operand];
    Operand& o = p.element >= 0 ? top.elements[p.element] : top;
    bool want_function = inst.op == Opcode::kCall && p.operand == 1;
    auto fit = function_index_.find(AbslView(p.name));
    auto vit = variable_index_.find(AbslView(p.name));
    if (!want_function && vit != variable_index_.end()) {
      o.symbol_kind = SymbolKind::kGlobalVar;
      o.symbol = vit->second;
    } else if (fit != function_index_.end()) {
      o.symbol_kind = SymbolKind::kFunction;
      o.symbol = fit->second;
    } else {
      std::string where = Cat(source_, ":", p.line, ": in function '", f.name, "': ");
      return absl::InvalidArgumentError(
          Cat(where, want_function ? "call to undeclared function '" : "undeclared identifier '",
              p.name, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace parser_internal

using parser_internal::Parser;

absl::StatusOr<Module> Parse(std::string_view text, std::string_view source_name) {
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(text, source_name);
  if (!tokens.ok()) return tokens.status();
  Parser parser(*std::move(tokens), source_name);
  absl::StatusOr<Module> module = parser.Run();
  if (!module.ok()) return module.status();
  if (module->version_major == 0) {
    return absl::InvalidArgumentError(Cat(source_name, ": missing .version directive"));
  }
  module->source_name = std::string(source_name);
  if (module->target.empty()) {
    return absl::InvalidArgumentError(Cat(source_name, ": missing .target directive"));
  }
  return module;
}

}  // namespace cudashim::ptx
