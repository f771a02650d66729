// Structural checks on a parsed (or linked) module, so that executors may index without
// checking: every index is in range, every opcode has the operand shape it needs.

#include "absl/status/status.h"
#include "runtime/ptx/ir.h"
#include "runtime/ptx/printer.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

enum class Shape : uint8_t {
  kValue,   // operand 0 is written: register, pair, vector of registers, or `_`
  kStore,   // operand 0 is an address (st, red, sust) or a texture tuple
  kNoDest,  // nothing is written (bra, bar, membar, ...)
};

struct OpShape {
  uint8_t min, max;
  Shape shape;
  bool needs_type;
};

OpShape ShapeOf(const Instruction& inst) {
  switch (inst.op) {
    case Opcode::kMov:
    case Opcode::kAbs:
    case Opcode::kNeg:
    case Opcode::kNot:
    case Opcode::kCnot:
    case Opcode::kPopc:
    case Opcode::kClz:
    case Opcode::kBrev:
    case Opcode::kBfind:
    case Opcode::kRcp:
    case Opcode::kSqrt:
    case Opcode::kRsqrt:
    case Opcode::kSin:
    case Opcode::kCos:
    case Opcode::kLg2:
    case Opcode::kEx2:
    case Opcode::kTanh:
    case Opcode::kCvt:
    case Opcode::kCvta:
    case Opcode::kTestp:
      return {2, 2, Shape::kValue, true};
    case Opcode::kIsspacep:
      return {2, 2, Shape::kValue, false};
    case Opcode::kLd:
    case Opcode::kLdu:
      return {2, 3, Shape::kValue, true};  // 3: ld.L2::cache_hint d, [a], policy
    case Opcode::kAdd:
    case Opcode::kSub:
    case Opcode::kMul:
    case Opcode::kDiv:
    case Opcode::kRem:
    case Opcode::kAnd:
    case Opcode::kOr:
    case Opcode::kXor:
    case Opcode::kMin:
    case Opcode::kMax:
    case Opcode::kShl:
    case Opcode::kShr:
    case Opcode::kCopysign:
    case Opcode::kAddc:
    case Opcode::kSubc:
    case Opcode::kMul24:
    case Opcode::kBmsk:
    case Opcode::kSzext:
      return {3, 3, Shape::kValue, true};
    case Opcode::kMad:
    case Opcode::kFma:
    case Opcode::kMadc:
    case Opcode::kMad24:
    case Opcode::kSelp:
    case Opcode::kSad:
    case Opcode::kBfe:
    case Opcode::kPrmt:
    case Opcode::kShf:
    case Opcode::kSlct:
    case Opcode::kDp4a:
    case Opcode::kDp2a:
    case Opcode::kFns:
      return {4, 4, Shape::kValue, true};
    case Opcode::kBfi:
    case Opcode::kLop3:
      return {5, 5, Shape::kValue, true};
    case Opcode::kSetp:
    case Opcode::kSet:
      return {3, 4, Shape::kValue, true};
    case Opcode::kAtom:
      return {3, 5, Shape::kValue, true};
    case Opcode::kSt:
      return {2, 3, Shape::kStore, true};
    case Opcode::kRed:
      return {2, 3, Shape::kStore, true};
    case Opcode::kShfl:
      return {4, 5, Shape::kValue, true};
    case Opcode::kVote:
    case Opcode::kRedux:
    case Opcode::kMatch:
      return {2, 3, Shape::kValue, true};
    case Opcode::kActivemask:
    case Opcode::kStacksave:
      return {1, 1, Shape::kValue, true};
    case Opcode::kTex:
      return {2, 4, Shape::kValue, true};
    case Opcode::kSuld:
      return {2, 2, Shape::kValue, true};
    case Opcode::kSust:
      return {2, 2, Shape::kStore, true};
    case Opcode::kBar:
    case Opcode::kBarrier:
      if (inst.mod.bar_kind == BarKind::kRed) return {3, 4, Shape::kValue, true};
      return {1, 2, Shape::kNoDest, false};
    case Opcode::kBarWarpSync:
    case Opcode::kNanosleep:
    case Opcode::kPrefetch:
    case Opcode::kPrefetchu:
    case Opcode::kPmevent:
    case Opcode::kStackrestore:
      return {1, 1, Shape::kNoDest, false};
    case Opcode::kBra:
      return {1, 1, Shape::kNoDest, false};
    case Opcode::kBrx:
      return {2, 2, Shape::kNoDest, false};
    case Opcode::kCall:
      return {3, 3, Shape::kNoDest, false};
    case Opcode::kRet:
    case Opcode::kExit:
    case Opcode::kTrap:
    case Opcode::kBrkpt:
    case Opcode::kMembar:
    case Opcode::kFence:
    case Opcode::kGriddepcontrol:
    case Opcode::kElect:
    case Opcode::kCpAsync:
      return {0, 0, Shape::kNoDest, false};
    case Opcode::kCount:
      break;
  }
  return {0, 255, Shape::kNoDest, false};
}

class Verifier {
 public:
  explicit Verifier(const Module& m) : m_(m) {}

  absl::Status Run() {
    for (const Function& f : m_.functions) {
      if (absl::Status s = CheckFunction(f); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Fail(const Function& f, const Instruction* inst, std::string_view what) const {
    std::string where =
        Cat(m_.source_name, ":", inst ? inst->line : f.line, ": in function '", f.name, "': ");
    if (inst) CatTo(&where, "'", Print(m_, f, *inst), "': ");
    return absl::InvalidArgumentError(Cat(where, what));
  }

  absl::Status CheckFunction(const Function& f) {
    if (!f.has_body) {
      if (!f.instructions.empty()) return Fail(f, nullptr, "a declaration has instructions");
      return absl::OkStatus();
    }
    // Blocks tile the instruction list in order.
    uint32_t next = 0;
    if (f.blocks.empty()) return Fail(f, nullptr, "a body without basic blocks");
    for (size_t b = 0; b < f.blocks.size(); ++b) {
      const BasicBlock& block = f.blocks[b];
      if (block.begin != next || block.end < block.begin) {
        return Fail(f, nullptr, Cat("basic block ", b, " does not follow its predecessor"));
      }
      next = block.end;
      for (uint32_t s : block.successors) {
        if (s >= f.blocks.size()) return Fail(f, nullptr, Cat("block ", b, " has a bad successor"));
      }
    }
    if (next != f.instructions.size()) return Fail(f, nullptr, "blocks do not cover the body");
    for (const Instruction& inst : f.instructions) {
      if (absl::Status s = CheckInstruction(f, inst); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status CheckOperand(const Function& f, const Instruction& inst, const Operand& o) {
    auto reg_ok = [&](uint32_t r) { return r < f.registers.size(); };
    switch (o.kind) {
      case Operand::Kind::kReg:
        if (!reg_ok(o.reg)) return Fail(f, &inst, "register index out of range");
        if (o.negated && f.registers[o.reg].type != ScalarType::kPred) {
          return Fail(f, &inst, "'!' on a register that is not a predicate");
        }
        break;
      case Operand::Kind::kRegPair:
        if (!reg_ok(o.reg) || !reg_ok(o.reg2)) return Fail(f, &inst, "register index out of range");
        if (f.registers[o.reg2].type != ScalarType::kPred) {
          return Fail(f, &inst, "the second register of a pair must be a predicate");
        }
        break;
      case Operand::Kind::kAddress:
        if (o.base == Operand::Base::kReg && !reg_ok(o.reg)) {
          return Fail(f, &inst, "register index out of range");
        }
        if (o.base == Operand::Base::kSymbol && !SymbolOk(f, o)) {
          return Fail(f, &inst, "symbol index out of range");
        }
        break;
      case Operand::Kind::kSymbol:
        if (!SymbolOk(f, o)) return Fail(f, &inst, "symbol index out of range");
        break;
      case Operand::Kind::kLabel:
        if (o.label >= f.blocks.size()) return Fail(f, &inst, "label index out of range");
        break;
      case Operand::Kind::kVector:
      case Operand::Kind::kTexCoords:
        for (const Operand& e : o.elements) {
          if (absl::Status s = CheckOperand(f, inst, e); !s.ok()) return s;
        }
        break;
      case Operand::Kind::kNone:
        return Fail(f, &inst, "missing operand");
      default:
        break;
    }
    return absl::OkStatus();
  }

  bool SymbolOk(const Function& f, const Operand& o) const {
    switch (o.symbol_kind) {
      case SymbolKind::kGlobalVar:
        return o.symbol < m_.variables.size();
      case SymbolKind::kLocalVar:
        return o.symbol < f.locals.size();
      case SymbolKind::kParam:
        return o.symbol < f.params.size();
      case SymbolKind::kReturnParam:
        return o.symbol < f.returns.size();
      case SymbolKind::kFunction:
        return o.symbol < m_.functions.size();
    }
    return false;
  }

  static bool Writable(const Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kReg:
        return !o.negated;
      case Operand::Kind::kRegPair:
      case Operand::Kind::kSink:
        return true;
      case Operand::Kind::kVector:
        for (const Operand& e : o.elements) {
          if (e.kind != Operand::Kind::kReg && e.kind != Operand::Kind::kSink) return false;
        }
        return true;
      default:
        return false;
    }
  }

  absl::Status CheckInstruction(const Function& f, const Instruction& inst) {
    if (inst.has_guard) {
      if (inst.guard >= f.registers.size()) return Fail(f, &inst, "guard register out of range");
      if (f.registers[inst.guard].type != ScalarType::kPred) {
        return Fail(f, &inst, "the guard is not a .pred register");
      }
    }
    for (const Operand& o : inst.operands) {
      if (absl::Status s = CheckOperand(f, inst, o); !s.ok()) return s;
    }
    OpShape shape = ShapeOf(inst);
    size_t n = inst.operands.size();
    if (n < shape.min || n > shape.max) {
      return Fail(f, &inst,
                  Cat("takes ", static_cast<int>(shape.min),
                      shape.max != shape.min ? Cat("..", static_cast<int>(shape.max)) : "",
                      " operands, has ", n));
    }
    if (shape.needs_type && inst.mod.type == ScalarType::kNone) {
      return Fail(f, &inst, "missing the instruction type");
    }
    if (shape.shape == Shape::kValue && !Writable(inst.operands[0])) {
      return Fail(f, &inst, "the destination must be a register, a vector of registers or '_'");
    }
    if (shape.shape == Shape::kStore && inst.operands[0].kind != Operand::Kind::kAddress &&
        inst.operands[0].kind != Operand::Kind::kTexCoords) {
      return Fail(f, &inst, "the first operand must be an address");
    }
    switch (inst.op) {
      case Opcode::kLd:
      case Opcode::kLdu:
      case Opcode::kAtom:
        if (inst.operands[1].kind != Operand::Kind::kAddress) {
          return Fail(f, &inst, "the second operand must be an address");
        }
        break;
      case Opcode::kSetp:
        if (inst.operands[0].kind == Operand::Kind::kReg &&
            f.registers[inst.operands[0].reg].type != ScalarType::kPred) {
          return Fail(f, &inst, "setp writes a .pred register");
        }
        if (inst.mod.cmp == CmpOp::kNone) return Fail(f, &inst, "missing the comparison");
        break;
      case Opcode::kBra:
        if (inst.operands[0].kind != Operand::Kind::kLabel) {
          return Fail(f, &inst, "the target must be a label");
        }
        break;
      case Opcode::kCall:
        return CheckCall(f, inst);
      default:
        break;
    }
    return absl::OkStatus();
  }

  absl::Status CheckCall(const Function& f, const Instruction& inst) {
    const Operand& target = inst.operands[1];
    if (inst.operands[0].kind != Operand::Kind::kVector ||
        inst.operands[2].kind != Operand::Kind::kVector) {
      return Fail(f, &inst, "malformed call");
    }
    if (target.kind == Operand::Kind::kReg) return absl::OkStatus();  // indirect
    if (target.kind != Operand::Kind::kSymbol || target.symbol_kind != SymbolKind::kFunction) {
      return Fail(f, &inst, "the call target is not a function");
    }
    const Function& callee = m_.functions[target.symbol];
    if (inst.operands[0].elements.size() != callee.returns.size()) {
      return Fail(f, &inst,
                  Cat("'", callee.name, "' returns ", callee.returns.size(),
                      " values, the call takes ", inst.operands[0].elements.size()));
    }
    if (inst.operands[2].elements.size() != callee.params.size()) {
      return Fail(f, &inst,
                  Cat("'", callee.name, "' takes ", callee.params.size(),
                      " arguments, the call passes ", inst.operands[2].elements.size()));
    }
    if (callee.is_entry) return Fail(f, &inst, Cat("calls the kernel '", callee.name, "'"));
    return absl::OkStatus();
  }

  const Module& m_;
};

}  // namespace

absl::Status Verify(const Module& m) { return Verifier(m).Run(); }

}  // namespace cudashim::ptx
