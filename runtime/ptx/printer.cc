#include "runtime/ptx/printer.h"

#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "runtime/ptx/special_registers.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

std::string_view CmpName(CmpOp c) {
  static constexpr std::string_view k[] = {"",    "eq",  "ne",  "lt",  "le",  "gt",  "ge",
                                           "lo",  "ls",  "hi",  "hs",  "equ", "neu", "ltu",
                                           "leu", "gtu", "geu", "num", "nan"};
  return k[static_cast<size_t>(c)];
}
std::string_view RoundingName(Rounding r) {
  static constexpr std::string_view k[] = {"",    "rn",  "rz",  "rm",  "rp",
                                           "rna", "rni", "rzi", "rmi", "rpi"};
  return k[static_cast<size_t>(r)];
}
std::string_view AtomName(AtomOp a) {
  static constexpr std::string_view k[] = {"",    "add", "min", "max",  "inc", "dec",
                                           "and", "or",  "xor", "exch", "cas"};
  return k[static_cast<size_t>(a)];
}
std::string_view SemName(MemSem s) {
  static constexpr std::string_view k[] = {"",        "weak", "relaxed",  "acquire", "release",
                                           "acq_rel", "sc",   "volatile", "mmio"};
  return k[static_cast<size_t>(s)];
}
std::string_view ScopeName(MemScope s) {
  static constexpr std::string_view k[] = {"", "cta", "cluster", "gpu", "sys"};
  return k[static_cast<size_t>(s)];
}
std::string_view CacheName(CacheOp c) {
  static constexpr std::string_view k[] = {"", "ca", "cg", "cs", "lu", "cv", "wb", "wt"};
  return k[static_cast<size_t>(c)];
}
std::string_view GeomName(TexGeom g) {
  static constexpr std::string_view k[] = {"",    "1d",   "2d",    "3d",   "a1d",
                                           "a2d", "cube", "acube", "2dms", "a2dms"};
  return k[static_cast<size_t>(g)];
}
std::string_view LinkageName(Linkage l) {
  static constexpr std::string_view k[] = {"", ".visible ", ".extern ", ".weak ", ".common "};
  return k[static_cast<size_t>(l)];
}

void Mod(std::string& out, std::string_view m) {
  if (!m.empty()) CatTo(&out, ".", m);
}

std::string FloatLiteral(const Operand& o) {
  if (o.f32_literal) {
    float f = static_cast<float>(o.fimm);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    return absl::StrFormat("0f%08X", bits);
  }
  uint64_t bits;
  std::memcpy(&bits, &o.fimm, 8);
  return absl::StrFormat("0d%016X", bits);
}

// Unique printable names: nested scopes may reuse a name (every call sequence declares
// `param0`), and the printed body is flat.
class Names {
 public:
  Names(const Module& m, const Function& f) : m_(m), f_(f) {
    absl::flat_hash_set<std::string> used;
    auto unique = [&](const std::string& name, size_t index) {
      std::string n = name;
      if (!used.insert(n).second) {
        n = Cat(name, "_", index);
        while (!used.insert(n).second) n += "_";
      }
      return n;
    };
    for (size_t i = 0; i < f.registers.size(); ++i) regs_.push_back(unique(f.registers[i].name, i));
    for (size_t i = 0; i < f.locals.size(); ++i) locals_.push_back(unique(f.locals[i].name, i));
  }
  const std::string& Reg(uint32_t i) const { return regs_[i]; }
  const std::string& Local(uint32_t i) const { return locals_[i]; }
  std::string Symbol(SymbolKind k, uint32_t i) const {
    switch (k) {
      case SymbolKind::kGlobalVar:
        return m_.variables[i].name;
      case SymbolKind::kLocalVar:
        return locals_[i];
      case SymbolKind::kParam:
        return f_.params[i].name;
      case SymbolKind::kReturnParam:
        return f_.returns[i].name;
      case SymbolKind::kFunction:
        return m_.functions[i].name;
    }
    return "?";
  }
  std::string Label(uint32_t block) const {
    const std::string& l = f_.blocks[block].label;
    return l.empty() ? Cat("$__cudashim_BB", block) : l;
  }

 private:
  const Module& m_;
  const Function& f_;
  std::vector<std::string> regs_, locals_;
};

std::string Offset(int64_t off) {
  if (off == 0) return "";
  return off > 0 ? Cat("+", off) : Cat("+", off);  // "+-4" is what nvcc writes
}

std::string PrintOperand(const Names& names, const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::kNone:
      return "";
    case Operand::Kind::kReg:
      return Cat(o.negated ? "!" : "", names.Reg(o.reg));
    case Operand::Kind::kRegPair:
      return Cat(names.Reg(o.reg), "|", names.Reg(o.reg2));
    case Operand::Kind::kSpecialReg:
      if (HasComponent(o.sreg)) return Cat(Name(o.sreg), ".", std::string(1, 'x' + o.component));
      if (o.sreg == SpecialReg::kEnvreg || o.sreg == SpecialReg::kPm) {
        return Cat(Name(o.sreg), o.component);
      }
      return std::string(Name(o.sreg));
    case Operand::Kind::kImmInt:
      return Cat(o.imm);
    case Operand::Kind::kImmFloat:
      return FloatLiteral(o);
    case Operand::Kind::kSymbol:
      return Cat(names.Symbol(o.symbol_kind, o.symbol), Offset(o.imm));
    case Operand::Kind::kAddress: {
      std::string base = o.base == Operand::Base::kReg      ? names.Reg(o.reg)
                         : o.base == Operand::Base::kSymbol ? names.Symbol(o.symbol_kind, o.symbol)
                                                            : "";
      if (base.empty()) return Cat("[", o.imm, "]");
      return Cat("[", base, Offset(o.imm), "]");
    }
    case Operand::Kind::kVector:
    case Operand::Kind::kTexCoords: {
      bool tex = o.kind == Operand::Kind::kTexCoords;
      std::string out = tex ? "[" : "{";
      for (size_t i = 0; i < o.elements.size(); ++i) {
        if (i) out += ", ";
        out += PrintOperand(names, o.elements[i]);
      }
      return out + (tex ? "]" : "}");
    }
    case Operand::Kind::kLabel:
      return names.Label(o.label);
    case Operand::Kind::kSink:
      return "_";
  }
  return "?";
}

std::string PrintInstruction(const Names& names, const Instruction& inst) {
  std::string out;
  if (inst.has_guard) CatTo(&out, "@", inst.guard_negated ? "!" : "", names.Reg(inst.guard), " ");
  out += OpcodeText(inst);
  if (inst.op == Opcode::kCall && inst.operands.size() == 3) {
    out += " ";
    const Operand& rets = inst.operands[0];
    if (!rets.elements.empty()) {
      out += "(";
      for (size_t i = 0; i < rets.elements.size(); ++i) {
        CatTo(&out, i ? ", " : "", PrintOperand(names, rets.elements[i]));
      }
      out += "), ";
    }
    out += PrintOperand(names, inst.operands[1]);
    out += ", (";
    const Operand& args = inst.operands[2];
    for (size_t i = 0; i < args.elements.size(); ++i) {
      CatTo(&out, i ? ", " : "", PrintOperand(names, args.elements[i]));
    }
    return out + ")";
  }
  for (size_t i = 0; i < inst.operands.size(); ++i) {
    CatTo(&out, i ? ", " : " ", PrintOperand(names, inst.operands[i]));
  }
  return out;
}

std::string ParamDecl(const Param& p) {
  std::string out = p.space == StateSpace::kReg ? ".reg" : ".param";
  if (p.align) CatTo(&out, " .align ", p.align);
  CatTo(&out, " .", Name(p.type));
  if (p.is_ptr_annotated) {
    out += " .ptr";
    if (p.ptr_space != StateSpace::kGeneric) CatTo(&out, " .", Name(p.ptr_space));
    if (p.ptr_align) CatTo(&out, " .align ", p.ptr_align);
  }
  CatTo(&out, " ", p.name);
  if (p.array_count) CatTo(&out, "[", p.array_count, "]");
  return out;
}

std::string VariableDecl(const Variable& v, const std::string& name) {
  std::string out(LinkageName(v.linkage));
  CatTo(&out, ".", Name(v.space));
  if (v.managed) out += " .attribute(.managed)";
  CatTo(&out, " .align ", v.align);
  if (v.vector > 1) CatTo(&out, " .v", v.vector);
  CatTo(&out, " .", Name(v.type), " ", name);
  uint32_t elem = SizeOf(v.type) * v.vector;
  bool array = v.unsized_array || (elem != 0 && v.size != elem);
  if (v.unsized_array) {
    out += "[]";
  } else if (array) {
    CatTo(&out, "[", v.size / elem, "]");
  }
  if (!v.init.empty() || !v.address_inits.empty()) {
    uint32_t es = SizeOf(v.type);
    out += " = ";
    if (array || v.vector > 1) out += "{";
    for (uint64_t off = 0; off < v.size; off += es) {
      if (off) out += ", ";
      const AddressInit* a = nullptr;
      for (const AddressInit& ai : v.address_inits) {
        if (ai.offset == off) a = &ai;
      }
      if (a != nullptr) {
        CatTo(&out, a->generic ? Cat("generic(", a->symbol, ")") : a->symbol, Offset(a->addend));
        continue;
      }
      uint64_t bits = 0;
      if (off + es <= v.init.size()) std::memcpy(&bits, v.init.data() + off, es);
      if (v.type == ScalarType::kF32) {
        out += absl::StrFormat("0f%08X", bits);
      } else if (v.type == ScalarType::kF64) {
        out += absl::StrFormat("0d%016X", bits);
      } else {
        CatTo(&out, bits);
      }
    }
    if (array || v.vector > 1) out += "}";
  }
  return out;
}

}  // namespace

std::string OpcodeText(const Instruction& inst) {
  const Modifiers& m = inst.mod;
  Opcode op = inst.op;
  std::string out(Name(op));
  if (op == Opcode::kBar || op == Opcode::kBarrier) {
    if (m.scope == MemScope::kCta) out += ".cta";
    Mod(out, m.bar_kind == BarKind::kSync     ? "sync"
             : m.bar_kind == BarKind::kArrive ? "arrive"
             : m.bar_kind == BarKind::kRed    ? "red"
                                              : "");
    if (m.aligned) out += ".aligned";
    Mod(out, m.bool_op == BoolOp::kPopc  ? "popc"
             : m.bool_op == BoolOp::kAnd ? "and"
             : m.bool_op == BoolOp::kOr  ? "or"
                                         : "");
    Mod(out, Name(m.type));
    return out;
  }
  if (op == Opcode::kShfl || op == Opcode::kVote || op == Opcode::kRedux || op == Opcode::kMatch ||
      op == Opcode::kActivemask) {
    if (m.sync) out += ".sync";
  }
  static constexpr std::string_view kShfl[] = {"", "up", "down", "bfly", "idx"};
  static constexpr std::string_view kVote[] = {"", "all", "any", "uni", "ballot"};
  Mod(out, kShfl[static_cast<size_t>(m.shfl_mode)]);
  Mod(out, kVote[static_cast<size_t>(m.vote_mode)]);
  Mod(out, m.match_mode == MatchMode::kAny ? "any" : m.match_mode == MatchMode::kAll ? "all" : "");
  if (op == Opcode::kMembar) {
    Mod(out, m.scope == MemScope::kGpu ? "gl" : ScopeName(m.scope));
  } else {
    Mod(out, SemName(m.sem));
    Mod(out, ScopeName(m.scope));
  }
  if (op == Opcode::kBarWarpSync) return out;
  if (op == Opcode::kCvta && m.to) out += ".to";
  if (m.space != StateSpace::kGeneric) Mod(out, Name(m.space));
  if (op == Opcode::kLd && m.nc) out += ".nc";
  Mod(out, CacheName(m.cache));
  if (m.cache_hint) out += ".L2::cache_hint";
  if (op == Opcode::kShf) out += m.left ? ".l" : ".r";
  Mod(out, m.shf_mode == ShfMode::kWrap ? "wrap" : m.shf_mode == ShfMode::kClamp ? "clamp" : "");
  static constexpr std::string_view kPrmt[] = {"", "f4e", "b4e", "rc8", "ecl", "ecr", "rc16"};
  Mod(out, kPrmt[static_cast<size_t>(m.prmt_mode)]);
  static constexpr std::string_view kTestp[] = {"",           "finite", "infinite", "number",
                                                "notanumber", "normal", "subnormal"};
  Mod(out, kTestp[static_cast<size_t>(m.testp)]);
  if (m.sampler_b) out += ".b";
  Mod(out, GeomName(m.geom));
  Mod(out, CmpName(m.cmp));
  if (op == Opcode::kSetp || op == Opcode::kSet) {
    Mod(out, m.bool_op == BoolOp::kAnd   ? "and"
             : m.bool_op == BoolOp::kOr  ? "or"
             : m.bool_op == BoolOp::kXor ? "xor"
                                         : "");
  }
  Mod(out, m.mul_mode == MulMode::kLo     ? "lo"
           : m.mul_mode == MulMode::kHi   ? "hi"
           : m.mul_mode == MulMode::kWide ? "wide"
                                          : "");
  Mod(out, RoundingName(m.rounding));
  if (m.ftz) out += ".ftz";
  if (m.noftz) out += ".noftz";
  if (m.sat) out += ".sat";
  if (m.approx) out += ".approx";
  if (m.full) out += ".full";
  if (m.relu) out += ".relu";
  if (m.nan) out += ".NaN";
  if (m.xorsign) out += ".xorsign";
  if (m.abs) out += ".abs";
  if (m.shiftamt) out += ".shiftamt";
  if (m.cc) out += ".cc";
  if (m.uni) out += ".uni";
  if (m.aligned) out += ".aligned";
  if (m.sync && !(op == Opcode::kShfl || op == Opcode::kVote || op == Opcode::kRedux ||
                  op == Opcode::kMatch || op == Opcode::kActivemask)) {
    out += ".sync";
  }
  Mod(out, AtomName(m.atom_op));
  if (m.vector > 1) CatTo(&out, ".v", static_cast<int>(m.vector));
  Mod(out, Name(m.type));
  Mod(out, Name(m.type2));
  Mod(out, Name(m.type3));
  Mod(out, m.surf_clamp == SurfClamp::kTrap    ? "trap"
           : m.surf_clamp == SurfClamp::kClamp ? "clamp"
           : m.surf_clamp == SurfClamp::kZero  ? "zero"
                                               : "");
  return out;
}

std::string Print(const Module& m, const Function& f, const Instruction& inst) {
  return PrintInstruction(Names(m, f), inst);
}

std::string Print(const Module& m, const Function& f) {
  std::string out(LinkageName(f.linkage));
  out += f.is_entry ? ".entry " : ".func ";
  auto params = [&](const std::vector<Param>& ps) {
    out += "(";
    for (size_t i = 0; i < ps.size(); ++i) CatTo(&out, i ? ",\n\t" : "\n\t", ParamDecl(ps[i]));
    out += "\n)";
  };
  if (!f.returns.empty()) {
    params(f.returns);
    out += " ";
  }
  out += f.name;
  if (f.is_entry || !f.params.empty()) params(f.params);
  out += "\n";
  auto three = [](const std::array<uint32_t, 3>& v) { return Cat(v[0], ", ", v[1], ", ", v[2]); };
  if (f.maxntid) CatTo(&out, ".maxntid ", three(*f.maxntid), "\n");
  if (f.reqntid) CatTo(&out, ".reqntid ", three(*f.reqntid), "\n");
  if (f.minnctapersm) CatTo(&out, ".minnctapersm ", *f.minnctapersm, "\n");
  if (f.maxnreg) CatTo(&out, ".maxnreg ", *f.maxnreg, "\n");
  if (f.explicitcluster) out += ".explicitcluster\n";
  if (f.reqnctapercluster) CatTo(&out, ".reqnctapercluster ", three(*f.reqnctapercluster), "\n");
  if (f.maxclusterrank) CatTo(&out, ".maxclusterrank ", *f.maxclusterrank, "\n");
  if (f.noreturn) out += ".noreturn\n";
  if (!f.has_body) return out + ";\n";
  Names names(m, f);
  out += "{\n";
  for (size_t i = 0; i < f.registers.size(); ++i) {
    const Register& r = f.registers[i];
    CatTo(&out, "\t.reg ", r.vector > 1 ? Cat(".v", r.vector, " ") : "", ".", Name(r.type), " ",
          names.Reg(static_cast<uint32_t>(i)), ";\n");
  }
  for (size_t i = 0; i < f.locals.size(); ++i) {
    CatTo(&out, "\t", VariableDecl(f.locals[i], names.Local(static_cast<uint32_t>(i))), ";\n");
  }
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    const BasicBlock& block = f.blocks[b];
    if (!block.label.empty()) CatTo(&out, block.label, ":\n");
    for (uint32_t i = block.begin; i < block.end; ++i) {
      CatTo(&out, "\t", PrintInstruction(names, f.instructions[i]), ";\n");
    }
  }
  return out + "}\n";
}

std::string Print(const Module& m) {
  std::string out = Cat(".version ", m.version_major, ".", m.version_minor, "\n.target ", m.target);
  for (const std::string& o : m.target_options) CatTo(&out, ", ", o);
  CatTo(&out, "\n.address_size ", m.address_size, "\n\n");
  // Declarations first so that every reference is to something already declared.
  for (const Function& f : m.functions) {
    if (f.has_body) {
      Function proto = f;
      proto.has_body = false;
      proto.maxntid.reset(), proto.reqntid.reset(), proto.minnctapersm.reset();
      proto.maxnreg.reset(), proto.reqnctapercluster.reset(), proto.maxclusterrank.reset();
      proto.explicitcluster = false;
      out += Print(m, proto);
    } else {
      out += Print(m, f);
    }
  }
  for (const Variable& v : m.variables) CatTo(&out, VariableDecl(v, v.name), ";\n");
  out += "\n";
  for (const Function& f : m.functions) {
    if (f.has_body) CatTo(&out, Print(m, f), "\n");
  }
  return out;
}

}  // namespace cudashim::ptx
