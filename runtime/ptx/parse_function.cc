// Function signatures, kernel directives, and bodies: scopes, register declarations, labels.
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "runtime/ptx/modifiers.h"
#include "runtime/ptx/parser.h"
#include "runtime/ptx/special_registers.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx::parser_internal {

absl::Status Parser::ParseParam(Param& p) {
  const Token& space = Next();
  if (space.text == ".param") {
    p.space = StateSpace::kParam;
  } else if (space.text == ".reg") {
    p.space = StateSpace::kReg;
  } else {
    return Invalid(space.line, Cat("expected .param or .reg, found '", Describe(space), "'"));
  }
  int line = space.line;
  while (Peek().kind == TokenKind::kDotName) {
    std::string_view m = Next().text;
    if (m == ".align") {
      absl::StatusOr<uint64_t> a = ExpectUnsigned();
      if (!a.ok()) return a.status();
      if (*a == 0 || (*a & (*a - 1)) != 0) return Invalid(line, "alignment must be a power of 2");
      (p.is_ptr_annotated ? p.ptr_align : p.align) = static_cast<uint32_t>(*a);
    } else if (m == ".ptr") {
      p.is_ptr_annotated = true;
    } else if (auto t = LookupType(m.substr(1))) {
      p.type = *t;
    } else if (auto s = LookupStateSpace(m.substr(1)); s && p.is_ptr_annotated) {
      p.ptr_space = *s;
    } else {
      return Unsupported(line, Cat("parameter attribute '", m, "' is not supported"));
    }
  }
  absl::StatusOr<std::string_view> name = ExpectIdent();
  if (!name.ok()) return name.status();
  p.name = std::string(*name);
  p.size = SizeOf(p.type);
  if (Accept('[')) {
    absl::StatusOr<uint64_t> n = ExpectUnsigned();
    if (!n.ok()) return n.status();
    if (absl::Status s = Expect(']'); !s.ok()) return s;
    p.array_count = static_cast<uint32_t>(*n);
    p.size = SizeOf(p.type) * p.array_count;
  }
  if (p.type == ScalarType::kNone)
    return Invalid(line, Cat("parameter '", p.name, "' has no type"));
  return absl::OkStatus();
}

absl::Status Parser::ParseParamList(std::vector<Param>& out, bool is_entry) {
  if (absl::Status s = Expect('('); !s.ok()) return s;
  if (Accept(')')) return absl::OkStatus();
  do {
    Param p;
    if (absl::Status s = ParseParam(p); !s.ok()) return s;
    out.push_back(std::move(p));
  } while (Accept(','));
  return Expect(')');
}

absl::Status Parser::ParsePerformanceDirectives(Function& f) {
  while (Peek().kind == TokenKind::kDotName) {
    const Token& t = Next();
    std::string_view d = t.text;
    auto read3 = [&](std::optional<std::array<uint32_t, 3>>& out) -> absl::Status {
      std::array<uint32_t, 3> v = {1, 1, 1};
      for (int i = 0; i < 3; ++i) {
        absl::StatusOr<uint64_t> n = ExpectUnsigned();
        if (!n.ok()) return n.status();
        v[i] = static_cast<uint32_t>(*n);
        if (!Accept(',')) break;
      }
      out = v;
      return absl::OkStatus();
    };
    auto read1 = [&](std::optional<uint32_t>& out) -> absl::Status {
      absl::StatusOr<uint64_t> n = ExpectUnsigned();
      if (!n.ok()) return n.status();
      out = static_cast<uint32_t>(*n);
      return absl::OkStatus();
    };
    absl::Status s;
    if (d == ".maxntid") {
      s = read3(f.maxntid);
    } else if (d == ".reqntid") {
      s = read3(f.reqntid);
    } else if (d == ".reqnctapercluster") {
      s = read3(f.reqnctapercluster);
    } else if (d == ".minnctapersm") {
      s = read1(f.minnctapersm);
    } else if (d == ".maxnctapersm") {
      std::optional<uint32_t> ignored;
      s = read1(ignored);
    } else if (d == ".maxnreg") {
      s = read1(f.maxnreg);
    } else if (d == ".maxclusterrank") {
      s = read1(f.maxclusterrank);
    } else if (d == ".explicitcluster") {
      f.explicitcluster = true;
    } else if (d == ".noreturn") {
      f.noreturn = true;
    } else if (d == ".pragma") {
      if (Peek().kind == TokenKind::kString) f.pragmas.emplace_back(Next().text);
      s = SkipToSemicolon();
    } else if (d == ".loc") {
      SkipLine(t.line);
    } else {
      return Unsupported(t.line, Cat("function directive '", d, "' is not supported"));
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseFunction(Linkage linkage, int line) {
  Function f;
  f.linkage = linkage;
  f.is_entry = Next().text == ".entry";
  f.line = line;
  if (!f.is_entry && IsPunct('(')) {
    if (absl::Status s = ParseParamList(f.returns, false); !s.ok()) return s;
  }
  absl::StatusOr<std::string_view> name = ExpectIdent();
  if (!name.ok()) return name.status();
  f.name = std::string(*name);
  if (IsPunct('(')) {
    if (absl::Status s = ParseParamList(f.params, f.is_entry); !s.ok()) return s;
  } else if (f.is_entry) {
    return Invalid(line, Cat(".entry '", f.name, "' without a parameter list"));
  }
  if (absl::Status s = ParsePerformanceDirectives(f); !s.ok()) return s;

  // A definition after a prototype of the same function fills in the prototype's entry, so
  // that references already made to it stay valid.
  uint32_t index;
  auto it = function_index_.find(f.name);
  if (it != function_index_.end()) {
    index = it->second;
    Function& prior = module_.functions[index];
    if (prior.has_body && IsPunct('{')) {
      return Invalid(
          line, Cat("function '", f.name, "' is defined twice (first at line ", prior.line, ")"));
    }
    if (prior.params.size() != f.params.size() || prior.returns.size() != f.returns.size() ||
        prior.is_entry != f.is_entry) {
      return Invalid(line, Cat("function '", f.name,
                               "' does not match its earlier declaration at line ", prior.line));
    }
    if (IsPunct('{')) {
      if (prior.linkage == Linkage::kExtern) {
        return Invalid(line, Cat("function '", f.name, "' is declared .extern and defined"));
      }
      prior = std::move(f);
    }
  } else {
    index = static_cast<uint32_t>(module_.functions.size());
    function_index_[f.name] = index;
    module_.functions.push_back(std::move(f));
  }
  if (Accept(';')) return absl::OkStatus();
  if (!IsPunct('{')) {
    return Invalid(Peek().line,
                   Cat("expected '{' or ';' after the signature of '",
                       module_.functions[index].name, "', found '", Describe(Peek()), "'"));
  }
  if (module_.functions[index].linkage == Linkage::kExtern) {
    return Invalid(line, Cat(".extern function '", module_.functions[index].name, "' has a body"));
  }
  return ParseBody(module_.functions[index], index);
}

// --- function bodies ----------------------------------------------------------------------

std::optional<ScopeEntry> Parser::LookupScoped(std::string_view name) const {
  for (int s = scope_; s >= 0; s = scopes_[s].parent) {
    auto it = scopes_[s].names.find(AbslView(name));
    if (it != scopes_[s].names.end()) return it->second;
  }
  return std::nullopt;
}

absl::Status Parser::ParseBody(Function& f, uint32_t function_index) {
  function_ = &f;
  function_number_ = function_index;
  f.has_body = true;
  scopes_.clear();
  pending_labels_.clear();
  labels_.clear();
  prototypes_.clear();
  int line = Peek().line;
  Next();  // {
  absl::Status s = ParseScope(-1);
  if (s.ok()) {
    absl::StatusOr<std::vector<uint32_t>> label_blocks = BuildBlocks(f, labels_);
    if (!label_blocks.ok()) {
      s = Invalid(line, std::string(label_blocks.status().message()));
    } else {
      for (const PendingLabel& p : pending_labels_) {
        int found = -1;
        for (int sc = p.scope; sc >= 0 && found < 0; sc = scopes_[sc].parent) {
          auto it = scopes_[sc].labels.find(p.name);
          if (it != scopes_[sc].labels.end()) found = static_cast<int>(it->second);
        }
        if (found < 0) {
          s = Invalid(p.line, Cat("undefined label '", p.name, "'"));
          break;
        }
        Operand& o = f.instructions[p.instruction].operands[p.operand];
        o.kind = Operand::Kind::kLabel;
        o.label = (*label_blocks)[found];
      }
      if (s.ok()) ComputeEdges(f);
    }
  }
  function_ = nullptr;
  return s;
}

absl::Status Parser::ParseScope(int parent) {
  // Scopes nest by recursion; real PTX nests two or three deep (call sequences, inline asm).
  constexpr int kMaxDepth = 256;
  int depth = 0;
  for (int s = parent; s >= 0; s = scopes_[s].parent) ++depth;
  if (depth >= kMaxDepth) return Invalid(Peek().line, "scopes nested too deeply");
  int previous = scope_;
  scopes_.emplace_back();
  scope_ = static_cast<int>(scopes_.size()) - 1;
  scopes_[scope_].parent = parent;
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kEnd) {
      return Invalid(t.line, "unexpected end of input inside a function body");
    }
    if (t.punct() == '}') {
      Next();
      break;
    }
    if (t.punct() == '{') {
      Next();
      if (absl::Status s = ParseScope(scope_); !s.ok()) return s;
      continue;
    }
    if (t.kind == TokenKind::kDotName) {
      std::string_view d = t.text;
      absl::Status s;
      if (d == ".reg") {
        s = ParseRegDecl();
      } else if (d == ".local" || d == ".shared" || d == ".param" || d == ".const" ||
                 d == ".global") {
        s = ParseVariableDecl(Linkage::kInternal, /*in_function=*/true);
      } else if (d == ".pragma") {
        Next();
        s = SkipToSemicolon();
      } else if (d == ".loc" || d == ".file") {
        Next();
        SkipLine(t.line);
      } else if (d == ".branchtargets" || d == ".calltargets" || d == ".callprototype") {
        // Only valid after a label, handled above (.branchtargets: brx.idx jump tables).
        return Unsupported(t.line, Cat("directive '", d, "' is not supported"));
      } else {
        return Unsupported(t.line, Cat("directive '", d, "' inside a function body"));
      }
      if (!s.ok()) return s;
      continue;
    }
    if (t.kind == TokenKind::kIdent && IsPunct(':', 1) &&
        (Peek(2).text == ".callprototype" || Peek(2).text == ".calltargets")) {
      // `proto: .callprototype (.param .b32 _) _ (.param .b64 _);` only describes the
      // signature of an indirect call; the callee found at run time is checked instead.
      Next();
      Next();
      Next();
      prototypes_.insert(std::string(t.text));
      if (absl::Status s = SkipToSemicolon(); !s.ok()) return s;
      continue;
    }
    if (t.kind == TokenKind::kIdent && IsPunct(':', 1)) {
      std::string_view name = t.text;
      Next();
      Next();
      auto [it, inserted] =
          scopes_[scope_].labels.emplace(name, static_cast<uint32_t>(labels_.size()));
      if (!inserted) return Invalid(t.line, Cat("label '", name, "' defined twice"));
      labels_.push_back(LabelDef{name, static_cast<uint32_t>(function_->instructions.size())});
      continue;
    }
    if (t.kind == TokenKind::kIdent || t.punct() == '@') {
      size_t count = function_->instructions.size();
      absl::Status s = ParseInstruction();
      if (s.ok()) continue;
      if (s.code() != absl::StatusCode::kUnimplemented) return s;
      // Unsupported but valid: only kernels reaching this function are affected (ir.h).
      if (!function_->unsupported) {
        function_->unsupported = Cat(std::string(s.message()), " (in function ", function_->name, ")");
      }
      // Forget the statement entirely, including label and symbol references it left pending.
      function_->instructions.resize(count);
      std::erase_if(pending_labels_, [&](const PendingLabel& p) { return p.instruction >= count; });
      std::erase_if(pending_symbols_, [&](const PendingSymbol& p) {
        return p.function == function_number_ && p.instruction >= count;
      });
      while (!AtEnd() && !IsPunct(';')) Next();
      if (absl::Status end = Expect(';'); !end.ok()) return end;
      continue;
    }
    return Invalid(t.line, Cat("unexpected '", Describe(t), "'"));
  }
  scope_ = previous;
  return absl::OkStatus();
}

// .reg [.vN] type name[<N>] {, name[<N>]} ;
absl::Status Parser::ParseRegDecl() {
  int line = Next().line;
  Register proto;
  bool typed = false;
  while (Peek().kind == TokenKind::kDotName) {
    const Token& t = Next();
    if (t.text == ".v2" || t.text == ".v4" || t.text == ".v8") {
      proto.vector = static_cast<uint32_t>(t.text[2] - '0');
    } else if (auto ty = LookupType(t.text.substr(1))) {
      proto.type = *ty;
      typed = true;
    } else if (t.text == ".align") {
      if (absl::StatusOr<uint64_t> a = ExpectUnsigned(); !a.ok()) return a.status();
    } else {
      return Unsupported(t.line, Cat("register attribute '", t.text, "' is not supported"));
    }
  }
  if (!typed) return Invalid(line, ".reg declaration without a type");
  auto& names = scopes_[scope_].names;
  do {
    absl::StatusOr<std::string_view> name = ExpectIdent();
    if (!name.ok()) return name.status();
    if (Accept('<')) {
      absl::StatusOr<uint64_t> n = ExpectUnsigned();
      if (!n.ok()) return n.status();
      if (absl::Status s = Expect('>'); !s.ok()) return s;
      if (*n > (1u << 24)) return Invalid(line, "register range too large");
      function_->registers.reserve(function_->registers.size() + *n);
      for (uint64_t i = 0; i < *n; ++i) {
        Register r = proto;
        r.name = Cat(*name, i);
        names[r.name] =
            ScopeEntry{ScopeEntry::Kind::kReg, static_cast<uint32_t>(function_->registers.size())};
        function_->registers.push_back(std::move(r));
      }
    } else {
      Register r = proto;
      r.name = std::string(*name);
      names[r.name] =
          ScopeEntry{ScopeEntry::Kind::kReg, static_cast<uint32_t>(function_->registers.size())};
      function_->registers.push_back(std::move(r));
    }
  } while (Accept(','));
  return Expect(';');
}

}  // namespace cudashim::ptx::parser_internal
