#ifndef CUDASHIM_RUNTIME_PTX_PARSER_H_
#define CUDASHIM_RUNTIME_PTX_PARSER_H_

// The PTX parser's state, shared by the files that implement it. Private to runtime/ptx:
// everyone else calls Parse() (ir.h).
//
// One pass over the tokens of lexer.h: module directives (parser.cc), function signatures and
// bodies (parse_function.cc), variables and their initializers (parse_variable.cc), and
// instructions with their operands (parse_instruction.cc). Module-level symbols may be used
// before they are declared, so references to them are resolved at the end; labels are resolved
// per function once its basic blocks are known (cfg_builder.h).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/ptx/cfg_builder.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/lexer.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx::parser_internal {

struct ScopeEntry {
  enum class Kind : uint8_t { kReg, kLocal } kind;
  uint32_t index;
};

struct Scope {
  absl::flat_hash_map<std::string, ScopeEntry> names;
  absl::flat_hash_map<std::string_view, uint32_t> labels;  // label -> instruction index
  int parent = -1;
};

// A reference to a module-level symbol that is resolved once the whole module is read.
struct PendingSymbol {
  uint32_t function;
  uint32_t instruction;
  uint32_t operand;
  int32_t element;  // -1: the operand itself
  std::string_view name;
  int line;
};

struct PendingLabel {
  uint32_t instruction;
  uint32_t operand;
  int scope;
  std::string_view name;
  int line;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view source)
      : tokens_(std::move(tokens)), source_(source) {}

  absl::StatusOr<Module> Run();

  // The parts below live in parser.cc, parse_function.cc, parse_variable.cc and
  // parse_instruction.cc.

 private:
  // --- token helpers ---
  const Token& Peek(size_t k = 0) const { return tokens_[std::min(pos_ + k, tokens_.size() - 1)]; }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsPunct(char c, size_t k = 0) const { return Peek(k).punct() == c; }
  bool IsDot(std::string_view name, size_t k = 0) const {
    return Peek(k).kind == TokenKind::kDotName && Peek(k).text == name;
  }
  bool Accept(char c) {
    if (!IsPunct(c)) return false;
    Next();
    return true;
  }
  bool AcceptDot(std::string_view name) {
    if (!IsDot(name)) return false;
    Next();
    return true;
  }

  std::string Where(int line) const {
    std::string where = Cat(source_, ":", line, ": ");
    if (function_ != nullptr) CatTo(&where, "in function '", function_->name, "': ");
    return where;
  }
  absl::Status Invalid(int line, std::string_view what) const {
    return absl::InvalidArgumentError(Cat(Where(line), what));
  }
  absl::Status Unsupported(int line, std::string_view what) const {
    return absl::UnimplementedError(Cat(Where(line), what));
  }
  absl::Status Expect(char c) {
    if (Accept(c)) return absl::OkStatus();
    return Invalid(Peek().line,
                   Cat("expected '", std::string(1, c), "', found '", Describe(Peek()), "'"));
  }
  static std::string Describe(const Token& t) {
    if (t.kind == TokenKind::kEnd) return "end of input";
    if (t.kind == TokenKind::kString) return Cat("\"", t.text, "\"");
    return std::string(t.text);
  }
  absl::StatusOr<std::string_view> ExpectIdent() {
    if (Peek().kind != TokenKind::kIdent) {
      return Invalid(Peek().line, Cat("expected an identifier, found '", Describe(Peek()), "'"));
    }
    return Next().text;
  }
  absl::StatusOr<uint64_t> ExpectUnsigned();
  void SkipLine(int line) {
    while (!AtEnd() && Peek().line == line) Next();
  }
  absl::Status SkipToSemicolon() {
    while (!AtEnd() && !IsPunct(';')) Next();
    return Expect(';');
  }

  // --- module level ---
  absl::Status ParseTopLevel();
  absl::Status ParseVersion();
  absl::Status ParseTarget();
  absl::Status ParseFileDirective();
  absl::Status SkipSection();
  absl::Status ParseFunction(Linkage linkage, int line);
  absl::Status ParseParamList(std::vector<Param>& out, bool is_entry);
  absl::Status ParseParam(Param& p);
  absl::Status ParsePerformanceDirectives(Function& f);
  absl::Status ParseVariableDecl(Linkage linkage, bool in_function);
  absl::Status ParseInitializer(Variable& v, int line);
  absl::Status ParseInitElements(Variable& v, uint32_t elem_size, uint64_t& index, int line);
  absl::Status StoreInitElement(Variable& v, uint32_t elem_size, uint64_t index, int line);

  // --- function bodies ---
  absl::Status ParseBody(Function& f, uint32_t function_index);
  absl::Status ParseScope(int parent);
  absl::Status ParseRegDecl();
  absl::Status ParseInstruction();
  absl::Status ParseCall(Instruction& inst, uint32_t inst_index);
  absl::Status ParseOperand(Instruction& inst, uint32_t inst_index, Operand& out, int32_t element,
                            uint32_t operand_index);
  absl::Status ParseNameOperand(std::string_view name, int line, Operand& out, uint32_t inst_index,
                                uint32_t operand_index, int32_t element);
  absl::StatusOr<int64_t> ParseOffset();
  absl::Status ParseNumber(Operand& out, bool negative);
  std::optional<ScopeEntry> LookupScoped(std::string_view name) const;

  absl::Status ResolvePendingSymbols();

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::string_view source_;
  Module module_;
  absl::flat_hash_map<std::string, uint32_t> function_index_, variable_index_;
  std::vector<PendingSymbol> pending_symbols_;

  // Per function body.
  Function* function_ = nullptr;
  uint32_t function_number_ = 0;
  std::vector<Scope> scopes_;
  int scope_ = -1;
  std::vector<PendingLabel> pending_labels_;
  std::vector<LabelDef> labels_;
  absl::flat_hash_set<std::string> prototypes_;  // .callprototype labels of this function
};

}  // namespace cudashim::ptx::parser_internal

#endif  // CUDASHIM_RUNTIME_PTX_PARSER_H_
