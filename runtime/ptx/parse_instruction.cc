// Instructions: guard, opcode and modifiers, operands, call syntax.
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "runtime/ptx/modifiers.h"
#include "runtime/ptx/parser.h"
#include "runtime/ptx/special_registers.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx::parser_internal {

absl::Status Parser::ParseInstruction() {
  Instruction inst;
  inst.line = Peek().line;
  if (Accept('@')) {
    inst.has_guard = true;
    inst.guard_negated = Accept('!');
    const Token& g = Peek();
    absl::StatusOr<std::string_view> name = ExpectIdent();
    if (!name.ok()) return name.status();
    std::optional<ScopeEntry> e = LookupScoped(*name);
    if (!e || e->kind != ScopeEntry::Kind::kReg) {
      return Invalid(g.line, Cat("guard '", *name, "' is not a declared register"));
    }
    inst.guard = e->index;
  }
  const Token& op_tok = Peek();
  absl::StatusOr<std::string_view> op_name = ExpectIdent();
  if (!op_name.ok()) return op_name.status();
  std::optional<Opcode> op = LookupOpcode(*op_name);
  std::string full(*op_name);
  std::vector<std::string_view> mods;
  while (Peek().kind == TokenKind::kDotName) {
    mods.push_back(Next().text);
    CatTo(&full, mods.back());
  }
  if (!op) return Unsupported(op_tok.line, Cat("unknown opcode '", full, "'"));
  inst.op = *op;
  for (std::string_view m : mods) {
    if (!ApplyModifier(inst.op, m, inst.mod)) {
      return Unsupported(op_tok.line, Cat("modifier '", m, "' of '", full, "' is not supported"));
    }
  }
  if (inst.op == Opcode::kBarWarpSync && !inst.mod.sync) {
    return Invalid(op_tok.line, Cat("'", full, "': bar.warp needs .sync"));
  }
  uint32_t inst_index = static_cast<uint32_t>(function_->instructions.size());
  function_->instructions.push_back(std::move(inst));
  Instruction& in = function_->instructions.back();
  if (in.op == Opcode::kCall) {
    if (absl::Status s = ParseCall(in, inst_index); !s.ok()) return s;
    return Expect(';');
  }
  if (!IsPunct(';')) {
    do {
      Operand o;
      uint32_t index = static_cast<uint32_t>(function_->instructions.back().operands.size());
      if (absl::Status s = ParseOperand(function_->instructions.back(), inst_index, o, -1, index);
          !s.ok()) {
        return s;
      }
      function_->instructions.back().operands.push_back(std::move(o));
    } while (Accept(','));
  }
  if (!IsPunct(';')) {
    return Invalid(Peek().line,
                   Cat("expected ';' after '", full, "', found '", Describe(Peek()), "'"));
  }
  Next();
  return absl::OkStatus();
}

// call[.uni] [(rets),] target [, (args)] [, proto];
absl::Status Parser::ParseCall(Instruction& inst, uint32_t inst_index) {
  auto list = [&](Operand& out, uint32_t operand_index) -> absl::Status {
    out.kind = Operand::Kind::kVector;
    if (absl::Status s = Expect('('); !s.ok()) return s;
    if (Accept(')')) return absl::OkStatus();
    do {
      Operand e;
      int32_t element = static_cast<int32_t>(out.elements.size());
      if (absl::Status s = ParseOperand(inst, inst_index, e, element, operand_index); !s.ok()) {
        return s;
      }
      out.elements.push_back(std::move(e));
    } while (Accept(','));
    return Expect(')');
  };
  Operand rets, target, args;
  rets.kind = Operand::Kind::kVector;
  args.kind = Operand::Kind::kVector;
  if (IsPunct('(')) {
    if (absl::Status s = list(rets, 0); !s.ok()) return s;
    if (absl::Status s = Expect(','); !s.ok()) return s;
  }
  const Token& t = Peek();
  absl::StatusOr<std::string_view> name = ExpectIdent();
  if (!name.ok()) return name.status();
  std::optional<ScopeEntry> e = LookupScoped(*name);
  if (e && e->kind == ScopeEntry::Kind::kReg) {
    target.kind = Operand::Kind::kReg;
    target.reg = e->index;
  } else {
    target.kind = Operand::Kind::kSymbol;
    target.symbol_kind = SymbolKind::kFunction;
    pending_symbols_.push_back(PendingSymbol{function_number_, inst_index, 1, -1, *name, t.line});
  }
  std::vector<Operand> extra;
  if (Accept(',')) {
    if (IsPunct('(')) {
      if (absl::Status s = list(args, 2); !s.ok()) return s;
      if (Accept(',')) {
        const Token& p = Peek();
        absl::StatusOr<std::string_view> proto = ExpectIdent();
        if (!proto.ok()) return proto.status();
        if (target.kind != Operand::Kind::kReg || !prototypes_.contains(AbslView(*proto))) {
          return Invalid(p.line, Cat("'", *proto, "' is not a .callprototype of an indirect call"));
        }
      }
    } else {
      return Unsupported(Peek().line, "call with a jump-table operand is not supported");
    }
  }
  inst.operands.push_back(std::move(rets));
  inst.operands.push_back(std::move(target));
  inst.operands.push_back(std::move(args));
  return absl::OkStatus();
}

absl::Status Parser::ParseOperand(Instruction& inst, uint32_t inst_index, Operand& out,
                                  int32_t element, uint32_t operand_index) {
  const Token& t = Peek();
  if (Accept('[')) {
    // [base(+off)] or [handle, {coords}, ...] for tex/suld/sust.
    Operand first;
    if (IsPunct(']')) return Invalid(t.line, "empty address");
    if (Peek().kind == TokenKind::kIdent) {
      std::string_view name = Next().text;
      if (absl::Status s =
              ParseNameOperand(name, t.line, first, inst_index, operand_index, element);
          !s.ok()) {
        return s;
      }
      if (IsPunct(',')) {
        out.kind = Operand::Kind::kTexCoords;
        if (!pending_symbols_.empty() && pending_symbols_.back().instruction == inst_index &&
            pending_symbols_.back().function == function_number_ &&
            pending_symbols_.back().operand == operand_index) {
          pending_symbols_.back().element = 0;  // the handle is element 0 of the coordinates
        }
        out.elements.push_back(std::move(first));
        while (Accept(',')) {
          Operand c;
          if (absl::Status s = ParseOperand(inst, inst_index, c, -2, operand_index); !s.ok())
            return s;
          out.elements.push_back(std::move(c));
        }
        return Expect(']');
      }
      out.kind = Operand::Kind::kAddress;
      if (first.kind == Operand::Kind::kReg) {
        out.base = Operand::Base::kReg;
        out.reg = first.reg;
      } else if (first.kind == Operand::Kind::kSymbol) {
        out.base = Operand::Base::kSymbol;
        out.symbol_kind = first.symbol_kind;
        out.symbol = first.symbol;
        out.imm = first.imm;
      } else {
        return Invalid(t.line, Cat("'", name, "' cannot be an address"));
      }
    } else {
      out.kind = Operand::Kind::kAddress;
      out.base = Operand::Base::kNone;
      Operand n;
      if (absl::Status s = ParseNumber(n, false); !s.ok()) return s;
      if (n.kind != Operand::Kind::kImmInt) return Invalid(t.line, "address must be an integer");
      out.imm = n.imm;
    }
    absl::StatusOr<int64_t> off = ParseOffset();
    if (!off.ok()) return off.status();
    out.imm += *off;
    return Expect(']');
  }
  if (Accept('{')) {
    out.kind = Operand::Kind::kVector;
    do {
      Operand e;
      if (absl::Status s = ParseOperand(inst, inst_index, e, -2, operand_index); !s.ok()) return s;
      if (e.kind == Operand::Kind::kVector || e.kind == Operand::Kind::kAddress) {
        return Invalid(t.line, "nested vector or address inside a vector operand");
      }
      out.elements.push_back(std::move(e));
    } while (Accept(','));
    return Expect('}');
  }
  if (Accept('!')) {
    absl::StatusOr<std::string_view> name = ExpectIdent();
    if (!name.ok()) return name.status();
    if (absl::Status s = ParseNameOperand(*name, t.line, out, inst_index, operand_index, element);
        !s.ok()) {
      return s;
    }
    if (out.kind != Operand::Kind::kReg) return Invalid(t.line, "'!' applies only to predicates");
    out.negated = true;
    return absl::OkStatus();
  }
  if (IsPunct('-')) {
    Next();
    return ParseNumber(out, true);
  }
  if (t.kind == TokenKind::kInt || t.kind == TokenKind::kFloat ||
      t.kind == TokenKind::kHexFloat32 || t.kind == TokenKind::kHexFloat64) {
    return ParseNumber(out, false);
  }
  if (t.kind == TokenKind::kIdent) {
    Next();
    if (inst.op == Opcode::kBra || inst.op == Opcode::kBrx) {
      if (LookupScoped(t.text) == std::nullopt) {
        out.kind = Operand::Kind::kLabel;
        pending_labels_.push_back(PendingLabel{inst_index, operand_index, scope_, t.text, t.line});
        return absl::OkStatus();
      }
    }
    if (absl::Status s = ParseNameOperand(t.text, t.line, out, inst_index, operand_index, element);
        !s.ok()) {
      return s;
    }
    if (out.kind == Operand::Kind::kReg && IsPunct('|')) {
      Next();
      absl::StatusOr<std::string_view> second = ExpectIdent();
      if (!second.ok()) return second.status();
      std::optional<ScopeEntry> e = LookupScoped(*second);
      if (!e || e->kind != ScopeEntry::Kind::kReg) {
        return Invalid(t.line, Cat("'", *second, "' is not a declared register"));
      }
      out.kind = Operand::Kind::kRegPair;
      out.reg2 = e->index;
    }
    if (out.kind == Operand::Kind::kSymbol && (IsPunct('+') || IsPunct('-'))) {
      absl::StatusOr<int64_t> off = ParseOffset();
      if (!off.ok()) return off.status();
      out.imm += *off;
    }
    return absl::OkStatus();
  }
  return Invalid(t.line,
                 Cat("unexpected '", Describe(t), "' in the operands of '", Name(inst.op), "'"));
}

absl::Status Parser::ParseNameOperand(std::string_view name, int line, Operand& out,
                                      uint32_t inst_index, uint32_t operand_index,
                                      int32_t element) {
  if (name == "_") {
    out.kind = Operand::Kind::kSink;
    return absl::OkStatus();
  }
  if (name == "WARP_SZ") {
    out.kind = Operand::Kind::kImmInt;
    out.imm = 32;
    return absl::OkStatus();
  }
  if (std::optional<ScopeEntry> e = LookupScoped(name)) {
    if (e->kind == ScopeEntry::Kind::kReg) {
      out.kind = Operand::Kind::kReg;
      out.reg = e->index;
    } else {
      out.kind = Operand::Kind::kSymbol;
      out.symbol_kind = SymbolKind::kLocalVar;
      out.symbol = e->index;
    }
    return absl::OkStatus();
  }
  if (name[0] == '%') {
    std::optional<SpecialRegName> sr = LookupSpecialReg(name);
    if (!sr) return Invalid(line, Cat("register '", name, "' is not declared"));
    out.kind = Operand::Kind::kSpecialReg;
    out.sreg = sr->reg;
    if (sr->number >= 0) {
      out.component = static_cast<uint8_t>(sr->number);
    } else if (sr->has_component) {
      const Token& c = Peek();
      if (c.kind != TokenKind::kDotName || c.text.size() != 2 ||
          (c.text[1] != 'x' && c.text[1] != 'y' && c.text[1] != 'z')) {
        return Invalid(line, Cat("'", name, "' needs a component .x, .y or .z"));
      }
      out.component = static_cast<uint8_t>(c.text[1] - 'x');
      Next();
    }
    return absl::OkStatus();
  }
  out.kind = Operand::Kind::kSymbol;
  if (int32_t p = function_->FindParam(name); p >= 0) {
    out.symbol_kind = SymbolKind::kParam;
    out.symbol = static_cast<uint32_t>(p);
    return absl::OkStatus();
  }
  for (size_t i = 0; i < function_->returns.size(); ++i) {
    if (function_->returns[i].name == name) {
      out.symbol_kind = SymbolKind::kReturnParam;
      out.symbol = static_cast<uint32_t>(i);
      return absl::OkStatus();
    }
  }
  // A module-level variable or function, possibly declared later: resolved at the end.
  if (element == -2) {
    return Invalid(line, Cat("symbol '", name, "' cannot appear inside a vector"));
  }
  pending_symbols_.push_back(
      PendingSymbol{function_number_, inst_index, operand_index, element, name, line});
  return absl::OkStatus();
}

}  // namespace cudashim::ptx::parser_internal
