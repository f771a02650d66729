#include "runtime/backends/simt/decoder.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "runtime/backends/simt/lane_ops.h"
#include "runtime/hal/cuda_status.h"
#include "runtime/ptx/analysis/post_dominators.h"
#include "runtime/ptx/printer.h"
#include "runtime/ptx/text.h"

namespace cudashim::simt {
namespace {

using ptx::Opcode;
using ptx::Operand;
using ptx::ScalarType;
using ptx::StateSpace;
using ptx::SymbolKind;

constexpr uint32_t kConstFlag = 0x8000'0000u;

uint32_t AlignUp(uint32_t v, uint32_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

bool IsConstPlaceholder(uint32_t s) { return s != kNoSlot && (s & kConstFlag) != 0; }

// The bits an immediate stands for in an operand of `type`.
uint64_t ImmediateBits(const Operand& op, ScalarType type) {
  if (type == ScalarType::kPred) {
    bool v = op.kind == Operand::Kind::kImmFloat ? op.fimm != 0 : op.imm != 0;
    return v ? 0xFFFFFFFFull : 0;
  }
  if (op.kind == Operand::Kind::kImmFloat) {
    switch (type) {
      case ScalarType::kF64:
        return std::bit_cast<uint64_t>(op.fimm);
      case ScalarType::kF16:
        return F32ToF16(static_cast<float>(op.fimm));
      case ScalarType::kBF16:
        return F32ToBF16(static_cast<float>(op.fimm));
      case ScalarType::kB64:
      case ScalarType::kU64:
      case ScalarType::kS64:
        return op.f32_literal ? std::bit_cast<uint32_t>(static_cast<float>(op.fimm))
                              : std::bit_cast<uint64_t>(op.fimm);
      default:
        return std::bit_cast<uint32_t>(static_cast<float>(op.fimm));
    }
  }
  switch (type) {  // an integer literal in a float op is its value
    case ScalarType::kF64: return std::bit_cast<uint64_t>(static_cast<double>(op.imm));
    case ScalarType::kF32: return std::bit_cast<uint32_t>(static_cast<float>(op.imm));
    default: return static_cast<uint64_t>(op.imm);
  }
}

// The type in which source operand `i` (PTX order, destinations included) is read.
ScalarType SourceType(const ptx::Instruction& inst, size_t i) {
  const ptx::Modifiers& m = inst.mod;
  switch (inst.op) {
    case Opcode::kCvt: return m.type2;
    case Opcode::kSet: return i < 3 ? m.type2 : ScalarType::kPred;
    case Opcode::kSetp:
    case Opcode::kSelp: return i < 3 ? m.type : ScalarType::kPred;
    case Opcode::kSlct: return i < 3 ? m.type : m.type2;
    case Opcode::kShl:
    case Opcode::kShr:
    case Opcode::kBfe:
    case Opcode::kBfi:
    case Opcode::kShf:
    case Opcode::kBmsk:
    case Opcode::kSzext:
    case Opcode::kFns:
    case Opcode::kPrmt:
    case Opcode::kLop3:
      return i >= 2 ? ScalarType::kU32 : m.type;
    case Opcode::kDp4a:
    case Opcode::kDp2a:
      return i == 2 ? m.type2 : m.type;
    default: return m.type;
  }
}

bool IsFloatFamily(const ptx::Instruction& inst) {
  switch (inst.op) {
    case Opcode::kSetp:
    case Opcode::kTestp:
      return ptx::IsFloat(inst.mod.type);
    case Opcode::kSet:
      return false;  // handled with the integer family (SetInt covers float sources)
    default:
      return ptx::IsFloat(inst.mod.type);
  }
}

class Decoder {
 public:
  Decoder(const hal::KernelImage& image, const SelectContext& ctx)
      : image_(image), m_(*image.module), ctx_(ctx) {}

  absl::StatusOr<std::unique_ptr<KernelPlan>> Run() {
    plan_ = std::make_unique<KernelPlan>();
    plan_->name = image_.function->name;
    plan_->module = image_.module;
    plan_->checked = ctx_.checked;
    if (absl::Status s = CollectFunctions(); !s.ok()) return s;
    WriteFunctionAddresses();
    LayoutShared();
    for (auto& fp : plan_->functions) {
      if (fp->builtin != nullptr) continue;
      if (absl::Status s = DecodeFunction(*fp); !s.ok()) return s;
    }
    plan_->max_frame_bytes = plan_->entry().frame_bytes;
    return std::move(plan_);
  }

 private:
  // --- Step 1: the functions the kernel can reach --------------------------------------------

  absl::Status CollectFunctions() {
    plan_->by_module_index.assign(m_.functions.size(), nullptr);
    uint32_t entry_index = static_cast<uint32_t>(image_.function - m_.functions.data());
    std::vector<uint32_t> pending;
    auto add = [&](uint32_t index) -> absl::Status {
      if (plan_->by_module_index[index] != nullptr) return absl::OkStatus();
      const ptx::Function& f = m_.functions[index];
      auto fp = std::make_unique<FunctionPlan>();
      fp->function = &f;
      fp->module_index = index;
      if (!f.has_body) {
        fp->builtin = BuiltinFor(f.name);
        // An extern without body stays unresolved; calling it fails at prepare time below.
      }
      plan_->by_module_index[index] = fp.get();
      plan_->functions.push_back(std::move(fp));
      if (f.has_body) pending.push_back(index);
      return absl::OkStatus();
    };
    if (absl::Status s = add(entry_index); !s.ok()) return s;
    // Functions whose addresses sit in module variables (vtables, function-pointer tables) can
    // be called indirectly without any instruction naming them.
    for (const ptx::Variable& v : m_.variables) {
      for (const ptx::AddressInit& a : v.address_inits) {
        int32_t index = m_.FindFunctionIndex(a.symbol);
        if (index >= 0) {
          if (absl::Status s = add(static_cast<uint32_t>(index)); !s.ok()) return s;
        }
      }
    }
    while (!pending.empty()) {
      const ptx::Function& f = m_.functions[pending.back()];
      pending.pop_back();
      for (const ptx::Instruction& inst : f.instructions) {
        for (const Operand& op : inst.operands) {
          if (absl::Status s = VisitFunctionRefs(op, add); !s.ok()) return s;
        }
      }
    }
    return absl::OkStatus();
  }

  template <typename Add>
  absl::Status VisitFunctionRefs(const Operand& op, Add& add) {
    bool is_symbol = op.kind == Operand::Kind::kSymbol ||
                     (op.kind == Operand::Kind::kAddress && op.base == Operand::Base::kSymbol);
    if (is_symbol && op.symbol_kind == SymbolKind::kFunction && op.symbol < m_.functions.size()) {
      if (absl::Status s = add(op.symbol); !s.ok()) return s;
    }
    for (const Operand& e : op.elements) {
      if (absl::Status s = VisitFunctionRefs(e, add); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // The core leaves function addresses in variable initializers zero (it has no functions'
  // addresses); this executor's function addresses are tokens, written here.
  void WriteFunctionAddresses() {
    if (image_.symbols == nullptr) return;
    for (const ptx::Variable& v : m_.variables) {
      auto storage = image_.symbols->find(v.name);
      if (storage == image_.symbols->end()) continue;
      for (const ptx::AddressInit& a : v.address_inits) {
        int32_t index = m_.FindFunctionIndex(a.symbol);
        if (index < 0) continue;
        uint64_t token = (kFunctionAddressTag | static_cast<uint64_t>(index)) + a.addend;
        std::memcpy(static_cast<char*>(storage->second) + a.offset, &token, std::min<uint32_t>(a.size, 8));
      }
    }
  }

  // --- Step 2: shared memory -----------------------------------------------------------------

  void LayoutShared() {
    uint32_t offset = 0;
    std::vector<uint32_t> dynamic;
    auto place = [&](const ptx::Variable& v) {
      offset = AlignUp(offset, std::max<uint32_t>(v.align, 1));
      uint32_t at = offset;
      offset += static_cast<uint32_t>(v.size);
      return at;
    };
    for (const auto& fp : plan_->functions) {
      const ptx::Function& f = *fp->function;
      for (const ptx::Instruction& inst : f.instructions) {
        for (const Operand& op : inst.operands) CollectShared(op, place, dynamic);
      }
      for (uint32_t i = 0; i < f.locals.size(); ++i) {
        const ptx::Variable& v = f.locals[i];
        if (v.space != StateSpace::kShared) continue;
        if (v.unsized_array || v.size == 0) {
          local_dynamic_.push_back({&f, i});
        } else {
          shared_local_[{&f, i}] = place(v);
        }
      }
    }
    plan_->static_shared_bytes = AlignUp(offset, 16);
    for (uint32_t index : dynamic) shared_global_[index] = plan_->static_shared_bytes;
    for (auto key : local_dynamic_) shared_local_[key] = plan_->static_shared_bytes;
  }

  template <typename Place>
  void CollectShared(const Operand& op, Place& place, std::vector<uint32_t>& dynamic) {
    bool is_symbol = op.kind == Operand::Kind::kSymbol ||
                     (op.kind == Operand::Kind::kAddress && op.base == Operand::Base::kSymbol);
    if (is_symbol && op.symbol_kind == SymbolKind::kGlobalVar && op.symbol < m_.variables.size()) {
      const ptx::Variable& v = m_.variables[op.symbol];
      if (v.space == StateSpace::kShared && !shared_global_.contains(op.symbol)) {
        if (v.unsized_array || v.size == 0) {
          shared_global_[op.symbol] = 0;
          dynamic.push_back(op.symbol);
        } else {
          shared_global_[op.symbol] = place(v);
        }
      }
    }
    for (const Operand& e : op.elements) CollectShared(e, place, dynamic);
  }

  // --- Step 3: one function ------------------------------------------------------------------

  absl::Status DecodeFunction(FunctionPlan& fp) {
    fp_ = &fp;
    f_ = fp.function;
    consts_.clear();
    const_index_.clear();
    next_slot_ = static_cast<uint32_t>(f_->registers.size());
    sink_ = kNoSlot;
    patches_.clear();
    LayoutFrame();

    std::vector<uint32_t> inst_pc(f_->instructions.size() + 1, 0);
    std::vector<uint32_t> block_of(f_->instructions.size(), 0);
    for (uint32_t b = 0; b < f_->blocks.size(); ++b) {
      for (uint32_t i = f_->blocks[b].begin; i < f_->blocks[b].end; ++i) block_of[i] = b;
    }
    for (uint32_t i = 0; i < f_->instructions.size(); ++i) {
      inst_pc[i] = static_cast<uint32_t>(fp.ops.size());
      current_block_ = block_of[i];
      if (absl::Status s = DecodeInstruction(f_->instructions[i]); !s.ok()) return s;
    }
    inst_pc[f_->instructions.size()] = static_cast<uint32_t>(fp.ops.size());
    Op end;
    end.fn = ImplicitReturn;
    fp.ops.push_back(end);  // falling off the end of a function returns

    // Branch targets and reconvergence points, now that every block has its pc.
    std::vector<uint32_t> block_pc(f_->blocks.size() + 1);
    for (uint32_t b = 0; b < f_->blocks.size(); ++b) {
      uint32_t begin = f_->blocks[b].begin;
      block_pc[b] = begin < f_->instructions.size() ? inst_pc[begin] : inst_pc.back();
    }
    std::vector<uint32_t> ipdom = ptx::analysis::ImmediatePostDominators(*f_);
    for (uint32_t pc : patches_) {
      Op& op = fp.ops[pc];
      op.target = block_pc[op.target];
      uint32_t pd = ipdom[op.reconv];
      op.reconv = pd >= f_->blocks.size() ? kNoReconv : block_pc[pd];
    }

    // Constants go after registers and temporaries.
    fp.const_begin = next_slot_;
    fp.num_slots = next_slot_ + static_cast<uint32_t>(consts_.size());
    fp.const_image.resize(consts_.size() * kWarpSize);
    for (size_t k = 0; k < consts_.size(); ++k) {
      std::fill_n(fp.const_image.begin() + k * kWarpSize, kWarpSize, consts_[k]);
    }
    auto fix = [&](uint32_t& s) {
      if (IsConstPlaceholder(s)) s = fp.const_begin + (s & ~kConstFlag);
    };
    for (Op& op : fp.ops) {
      fix(op.a), fix(op.b), fix(op.c), fix(op.e);
      for (uint32_t& v : op.v) fix(v);
    }
    for (CallSite& site : fp.calls) {
      for (auto& v : site.args) fix(v.slot);
    }
    return absl::OkStatus();
  }

  void LayoutFrame() {
    uint32_t offset = 0;
    local_offset_.assign(f_->locals.size(), 0);
    for (uint32_t i = 0; i < f_->locals.size(); ++i) {
      const ptx::Variable& v = f_->locals[i];
      if (v.space != StateSpace::kLocal && v.space != StateSpace::kParam) continue;
      uint32_t size = static_cast<uint32_t>(v.size != 0 ? v.size : ptx::SizeOf(v.type));
      offset = AlignUp(offset, std::max<uint32_t>({v.align, ptx::SizeOf(v.type), 1}));
      local_offset_[i] = offset;
      offset += size;
    }
    if (!f_->is_entry) {
      for (const ptx::Param& p : f_->params) {
        offset = AlignUp(offset, std::max<uint32_t>({p.align, ptx::SizeOf(p.type), 1}));
        fp_->param_offsets.push_back(offset);
        fp_->param_sizes.push_back(p.size);
        offset += p.size;
      }
      for (const ptx::Param& p : f_->returns) {
        offset = AlignUp(offset, std::max<uint32_t>({p.align, ptx::SizeOf(p.type), 1}));
        fp_->return_offsets.push_back(offset);
        fp_->return_sizes.push_back(p.size);
        offset += p.size;
      }
    } else {
      entry_layout_ = ptx::LayoutParams(*f_);
    }
    fp_->frame_bytes = AlignUp(offset, 16);
  }

  // --- Operands ------------------------------------------------------------------------------

  uint32_t Const(uint64_t value) {
    auto [it, inserted] = const_index_.try_emplace(value, static_cast<uint32_t>(consts_.size()));
    if (inserted) consts_.push_back(value);
    return kConstFlag | it->second;
  }
  uint32_t Temp() { return next_slot_++; }
  uint32_t Sink() {
    if (sink_ == kNoSlot) sink_ = Temp();
    return sink_;
  }

  absl::Status Unsupported(const ptx::Instruction& inst, std::string_view why) {
    return CudaError(cudaErrorNotSupported,
                     ptx::Cat("cudashim cannot run '", ptx::OpcodeText(inst), "' (", why,
                              ") in kernel ", plan_->name,
                              f_->is_entry ? std::string() : ptx::Cat(", function ", f_->name),
                              ", PTX line ", inst.line, ": ", ptx::Print(m_, *f_, inst)));
  }

  Op NewOp(const ptx::Instruction& inst) {
    Op op;
    op.inst = &inst;
    op.mod = inst.mod;
    if (inst.has_guard) {
      op.guard = inst.guard;
      op.guard_negated = inst.guard_negated;
    }
    return op;
  }

  void Emit(Op op) { fp_->ops.push_back(std::move(op)); }

  // A pre-op that computes a value into a new temporary (special registers, frame addresses).
  uint32_t EmitValue(const ptx::Instruction& inst, Handler fn, int64_t imm, uint32_t b = 0,
                     uint32_t into = kNoSlot) {
    Op op;
    op.inst = &inst;
    op.fn = fn;
    op.d = into == kNoSlot ? Temp() : into;
    op.imm = imm;
    op.b = b;
    Emit(op);
    return op.d;
  }

  // The host address of a module variable with device storage.
  absl::StatusOr<uint64_t> VariableAddress(const ptx::Instruction& inst, const ptx::Variable& v) {
    if (image_.symbols != nullptr) {
      auto it = image_.symbols->find(v.name);
      if (it != image_.symbols->end()) return reinterpret_cast<uint64_t>(it->second);
    }
    return Unsupported(inst, ptx::Cat("variable '", v.name, "' has no device storage"));
  }

  // A symbol used as a value (`mov.u64 %rd, sym`, `cvta.global.u64 %rd, sym`).
  absl::StatusOr<uint32_t> SymbolValue(const ptx::Instruction& inst, const Operand& op,
                                       uint32_t into = kNoSlot) {
    auto value = [&](uint64_t v) -> uint32_t {
      uint32_t c = Const(v);
      if (into == kNoSlot) return c;
      Op mov;
      mov.inst = &inst;
      mov.fn = SelectMoveHandler(mov, MovInstruction());
      mov.d = into;
      mov.a = c;
      Emit(mov);
      return into;
    };
    switch (op.symbol_kind) {
      case SymbolKind::kGlobalVar: {
        const ptx::Variable& v = m_.variables[op.symbol];
        if (v.space == StateSpace::kShared) return value(shared_global_[op.symbol] + op.imm);
        absl::StatusOr<uint64_t> a = VariableAddress(inst, v);
        if (!a.ok()) return a.status();
        return value(*a + op.imm);
      }
      case SymbolKind::kLocalVar: {
        const ptx::Variable& v = f_->locals[op.symbol];
        if (v.space == StateSpace::kShared) return value(shared_local_[{f_, op.symbol}] + op.imm);
        if (v.space == StateSpace::kLocal) {
          return EmitValue(inst, LocalAddress, local_offset_[op.symbol] + op.imm, 0, into);
        }
        if (v.space == StateSpace::kParam) {
          return EmitValue(inst, FrameGenericAddress, local_offset_[op.symbol] + op.imm, 0, into);
        }
        return Unsupported(inst, ptx::Cat("the address of a .", ptx::Name(v.space), " variable"));
      }
      case SymbolKind::kParam:
        if (f_->is_entry) {
          return EmitValue(inst, ParamBufferAddress, entry_layout_.offsets[op.symbol] + op.imm, 0,
                           into);
        }
        return EmitValue(inst, FrameGenericAddress, fp_->param_offsets[op.symbol] + op.imm, 0, into);
      case SymbolKind::kReturnParam:
        return EmitValue(inst, FrameGenericAddress, fp_->return_offsets[op.symbol] + op.imm, 0, into);
      case SymbolKind::kFunction:
        return value(kFunctionAddressTag | op.symbol);
    }
    return Unsupported(inst, "symbol operand");
  }

  static const ptx::Instruction& MovInstruction() {
    static const ptx::Instruction* mov = [] {
      auto* i = new ptx::Instruction;
      i->op = Opcode::kMov;
      i->mod.type = ScalarType::kB64;
      i->operands.resize(2);
      i->operands[0].kind = Operand::Kind::kReg;
      i->operands[1].kind = Operand::Kind::kReg;
      return i;
    }();
    return *mov;
  }

  absl::StatusOr<uint32_t> Source(const ptx::Instruction& inst, const Operand& op, ScalarType type) {
    switch (op.kind) {
      case Operand::Kind::kReg: return op.reg;
      case Operand::Kind::kImmInt:
      case Operand::Kind::kImmFloat: return Const(ImmediateBits(op, type));
      case Operand::Kind::kSpecialReg:
        return EmitValue(inst, ReadSpecialRegister, static_cast<int64_t>(op.sreg), op.component);
      case Operand::Kind::kSymbol: return SymbolValue(inst, op);
      default: return Unsupported(inst, "operand kind");
    }
  }

  absl::StatusOr<uint32_t> Dest(const ptx::Instruction& inst, const Operand& op) {
    switch (op.kind) {
      case Operand::Kind::kReg:
      case Operand::Kind::kRegPair: return op.reg;
      case Operand::Kind::kSink: return Sink();
      default: return Unsupported(inst, "destination operand kind");
    }
  }

  static Space SpaceOf(StateSpace s) {
    switch (s) {
      case StateSpace::kShared: return Space::kShared;
      case StateSpace::kLocal: return Space::kLocal;
      default: return Space::kHost;
    }
  }

  // A memory operand [base + offset] into op.addr_mode / space / a / imm.
  absl::Status Address(const ptx::Instruction& inst, const Operand& addr, StateSpace space, Op& op) {
    if (addr.kind == Operand::Kind::kReg) {  // `ld [%rd]` written without brackets' offset
      op.addr_mode = AddrMode::kReg;
      op.a = addr.reg;
      op.space = SpaceOf(space);
      return absl::OkStatus();
    }
    if (addr.kind != Operand::Kind::kAddress) return Unsupported(inst, "address operand");
    op.imm = addr.imm;
    switch (addr.base) {
      case Operand::Base::kReg:
        op.addr_mode = AddrMode::kReg;
        op.a = addr.reg;
        op.space = SpaceOf(space);
        return absl::OkStatus();
      case Operand::Base::kNone:
        op.addr_mode = AddrMode::kAbsolute;
        op.space = SpaceOf(space);
        return absl::OkStatus();
      case Operand::Base::kSymbol: break;
    }
    switch (addr.symbol_kind) {
      case SymbolKind::kGlobalVar: {
        const ptx::Variable& v = m_.variables[addr.symbol];
        op.addr_mode = AddrMode::kAbsolute;
        if (v.space == StateSpace::kShared) {
          op.space = Space::kShared;
          op.imm += shared_global_[addr.symbol];
          return absl::OkStatus();
        }
        absl::StatusOr<uint64_t> a = VariableAddress(inst, v);
        if (!a.ok()) return a.status();
        op.space = Space::kHost;
        op.imm += static_cast<int64_t>(*a);
        return absl::OkStatus();
      }
      case SymbolKind::kLocalVar: {
        const ptx::Variable& v = f_->locals[addr.symbol];
        if (v.space == StateSpace::kShared) {
          op.addr_mode = AddrMode::kAbsolute;
          op.space = Space::kShared;
          op.imm += shared_local_[{f_, addr.symbol}];
          return absl::OkStatus();
        }
        if (v.space == StateSpace::kLocal || v.space == StateSpace::kParam) {
          op.addr_mode = AddrMode::kFrame;
          op.space = Space::kLocal;
          op.imm += local_offset_[addr.symbol];
          return absl::OkStatus();
        }
        return Unsupported(inst, ptx::Cat("an access to a function-scope .", ptx::Name(v.space),
                                          " variable"));
      }
      case SymbolKind::kParam:
        if (f_->is_entry) {
          op.addr_mode = AddrMode::kParamBuffer;
          op.space = Space::kHost;
          op.imm += entry_layout_.offsets[addr.symbol];
        } else {
          op.addr_mode = AddrMode::kFrame;
          op.space = Space::kLocal;
          op.imm += fp_->param_offsets[addr.symbol];
        }
        return absl::OkStatus();
      case SymbolKind::kReturnParam:
        op.addr_mode = AddrMode::kFrame;
        op.space = Space::kLocal;
        op.imm += fp_->return_offsets[addr.symbol];
        return absl::OkStatus();
      case SymbolKind::kFunction: break;
    }
    return Unsupported(inst, "address of a function");
  }

  // --- Instructions --------------------------------------------------------------------------

  absl::Status DecodeInstruction(const ptx::Instruction& inst) {
    switch (inst.op) {
      case Opcode::kLd:
      case Opcode::kLdu:
        return DecodeLoad(inst);
      case Opcode::kSt:
        return DecodeStore(inst);
      case Opcode::kAtom:
      case Opcode::kRed:
        return DecodeAtomic(inst);
      case Opcode::kBra:
        return DecodeBranch(inst);
      case Opcode::kCall:
        return DecodeCall(inst);
      case Opcode::kBar:
      case Opcode::kBarrier:
        return DecodeBarrier(inst);
      case Opcode::kShfl:
      case Opcode::kVote:
      case Opcode::kMatch:
      case Opcode::kRedux:
      case Opcode::kActivemask:
        return DecodeWarp(inst);
      case Opcode::kRet:
      case Opcode::kExit:
      case Opcode::kTrap:
      case Opcode::kBrkpt:
      case Opcode::kBarWarpSync:
      case Opcode::kMembar:
      case Opcode::kFence:
      case Opcode::kNanosleep:
      case Opcode::kPrefetch:
      case Opcode::kPrefetchu:
      case Opcode::kPmevent:
      case Opcode::kGriddepcontrol: {
        Op op = NewOp(inst);
        op.fn = SelectControlHandler(op, inst);
        if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
        Emit(op);
        return absl::OkStatus();
      }
      case Opcode::kMov:
        return DecodeMov(inst);
      case Opcode::kCvta:
      case Opcode::kIsspacep:
        return DecodeCvta(inst);
      case Opcode::kTex:
      case Opcode::kSuld:
      case Opcode::kSust:
        return DecodeTexture(inst);
      case Opcode::kCpAsync:
      case Opcode::kElect:
      case Opcode::kStacksave:
      case Opcode::kStackrestore:
      case Opcode::kBrx:
        return Unsupported(inst, "not implemented");
      default:
        return DecodeArithmetic(inst);
    }
  }

  absl::Status DecodeArithmetic(const ptx::Instruction& inst) {
    if (inst.operands.empty()) return Unsupported(inst, "no operands");
    Op op = NewOp(inst);
    const Operand& d = inst.operands[0];
    absl::StatusOr<uint32_t> dest = Dest(inst, d);
    if (!dest.ok()) return dest.status();
    op.d = *dest;
    if (d.kind == Operand::Kind::kRegPair) op.d2 = d.reg2;
    uint32_t* sources[4] = {&op.a, &op.b, &op.c, &op.e};
    for (size_t i = 1; i < inst.operands.size() && i <= 4; ++i) {
      const Operand& s = inst.operands[i];
      if (s.negated) op.negate_c = true;
      absl::StatusOr<uint32_t> slot = Source(inst, s, SourceType(inst, i));
      if (!slot.ok()) return slot.status();
      *sources[i - 1] = *slot;
    }
    Handler h = nullptr;
    switch (inst.op) {
      case Opcode::kSelp:
      case Opcode::kSlct:
      case Opcode::kCvt:
        h = SelectMoveHandler(op, inst);
        break;
      default:
        h = IsFloatFamily(inst) ? SelectFloatHandler(op, inst) : SelectIntHandler(op, inst);
        break;
    }
    if (h == nullptr) return Unsupported(inst, "this form is not implemented");
    op.fn = h;
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeMov(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    const Operand& d = inst.operands[0];
    const Operand& s = inst.operands[1];
    if (d.kind == Operand::Kind::kVector) {  // unpack
      op.vec = static_cast<uint8_t>(d.elements.size());
      if (op.vec > 4) return Unsupported(inst, "more than 4 elements");
      for (size_t i = 0; i < d.elements.size(); ++i) {
        op.v[i] = d.elements[i].kind == Operand::Kind::kReg ? d.elements[i].reg : kNoSlot;
      }
      absl::StatusOr<uint32_t> a = Source(inst, s, inst.mod.type);
      if (!a.ok()) return a.status();
      op.a = *a;
    } else {
      absl::StatusOr<uint32_t> dest = Dest(inst, d);
      if (!dest.ok()) return dest.status();
      op.d = *dest;
      if (s.kind == Operand::Kind::kVector) {  // pack
        op.vec = static_cast<uint8_t>(s.elements.size());
        if (op.vec > 4) return Unsupported(inst, "more than 4 elements");
        ScalarType elem = ScalarType::kB32;
        for (size_t i = 0; i < s.elements.size(); ++i) {
          absl::StatusOr<uint32_t> e = Source(inst, s.elements[i], elem);
          if (!e.ok()) return e.status();
          op.v[i] = *e;
        }
      } else if (s.kind == Operand::Kind::kSpecialReg && !inst.has_guard) {
        EmitValue(inst, ReadSpecialRegister, static_cast<int64_t>(s.sreg), s.component, op.d);
        return absl::OkStatus();
      } else {
        absl::StatusOr<uint32_t> a = Source(inst, s, inst.mod.type);
        if (!a.ok()) return a.status();
        op.a = *a;
      }
    }
    op.fn = SelectMoveHandler(op, inst);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeCvta(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    absl::StatusOr<uint32_t> dest = Dest(inst, inst.operands[0]);
    if (!dest.ok()) return dest.status();
    op.d = *dest;
    absl::StatusOr<uint32_t> a = Source(inst, inst.operands[1], ScalarType::kU64);
    if (!a.ok()) return a.status();
    op.a = *a;
    op.fn = SelectMemoryHandler(op, inst, ctx_);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  // ld.acquire / ld.volatile / ld.relaxed and atomics are where code spins on other blocks.
  void MaybeSpinPoint(const ptx::Instruction& inst, bool atomic) {
    const ptx::MemSem sem = inst.mod.sem;
    bool spin = atomic || sem == ptx::MemSem::kVolatile || sem == ptx::MemSem::kAcquire ||
                sem == ptx::MemSem::kRelaxed;
    if (!spin) return;
    Op op;
    op.inst = &inst;
    op.fn = SelectControlHandler(op, FenceInstruction());
    Emit(op);
  }

  static const ptx::Instruction& FenceInstruction() {
    static const ptx::Instruction* fence = [] {
      auto* i = new ptx::Instruction;
      i->op = Opcode::kFence;
      return i;
    }();
    return *fence;
  }

  // tex d{4}, [handle, {coords}]; suld d{n}, [handle, {coords}]; sust [handle, {coords}], {v}.
  // The handle goes to a, up to three coordinates to b, c, e (the 4th of a 3d/a2d tuple is
  // padding), the values to v[].
  absl::Status DecodeTexture(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    bool store = inst.op == Opcode::kSust;
    if (inst.operands.size() != 2) return Unsupported(inst, "lod, gradient, offset or depth-compare operands");
    const Operand& tuple = inst.operands[store ? 0 : 1];
    const Operand& values = inst.operands[store ? 1 : 0];
    if (tuple.kind != Operand::Kind::kTexCoords || tuple.elements.size() != 2) {
      return Unsupported(inst, "texture operand other than [handle, {coordinates}]");
    }
    if (tuple.elements[0].kind != Operand::Kind::kReg && tuple.elements[0].kind != Operand::Kind::kImmInt) {
      return Unsupported(inst, "texture or surface references (only objects are supported)");
    }
    absl::StatusOr<uint32_t> handle = Source(inst, tuple.elements[0], ScalarType::kU64);
    if (!handle.ok()) return handle.status();
    op.a = *handle;
    const Operand& coords = tuple.elements[1];
    std::vector<const Operand*> c;
    if (coords.kind == Operand::Kind::kVector) {
      for (const Operand& e : coords.elements) c.push_back(&e);
    } else {
      c.push_back(&coords);
    }
    ScalarType coord_type = inst.op == Opcode::kTex ? inst.mod.type2 : ScalarType::kS32;
    bool layered = inst.mod.geom == ptx::TexGeom::kA1d || inst.mod.geom == ptx::TexGeom::kA2d;
    uint32_t* slots[3] = {&op.b, &op.c, &op.e};
    for (size_t i = 0; i < c.size() && i < 3; ++i) {
      // The layer index of a1d/a2d is an integer whatever the coordinates are.
      ScalarType t = layered && i == 0 ? ScalarType::kU32 : coord_type;
      absl::StatusOr<uint32_t> slot = Source(inst, *c[i], t);
      if (!slot.ok()) return slot.status();
      *slots[i] = *slot;
    }
    std::vector<const Operand*> v;
    if (values.kind == Operand::Kind::kVector) {
      for (const Operand& e : values.elements) v.push_back(&e);
    } else {
      v.push_back(&values);
    }
    if (v.size() > 4) return Unsupported(inst, "vectors of more than 4 elements");
    op.vec = static_cast<uint8_t>(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (store) {
        absl::StatusOr<uint32_t> e = Source(inst, *v[i], inst.mod.type);
        if (!e.ok()) return e.status();
        op.v[i] = *e;
      } else {
        op.v[i] = v[i]->kind == Operand::Kind::kReg ? v[i]->reg : kNoSlot;
      }
    }
    op.fn = SelectTextureHandler(op, inst, ctx_);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeLoad(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    const Operand& d = inst.operands[0];
    if (absl::Status s = Address(inst, inst.operands[1], inst.mod.space, op); !s.ok()) return s;
    if (d.kind == Operand::Kind::kVector) {
      op.vec = static_cast<uint8_t>(d.elements.size());
      if (op.vec > 4) return Unsupported(inst, "vectors of more than 4 elements");
      for (size_t i = 0; i < d.elements.size(); ++i) {
        op.v[i] = d.elements[i].kind == Operand::Kind::kReg ? d.elements[i].reg : kNoSlot;
      }
    } else {
      absl::StatusOr<uint32_t> dest = Dest(inst, d);
      if (!dest.ok()) return dest.status();
      op.d = *dest;
    }
    op.fn = SelectMemoryHandler(op, inst, ctx_);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    MaybeSpinPoint(inst, false);
    return absl::OkStatus();
  }

  absl::Status DecodeStore(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    if (absl::Status s = Address(inst, inst.operands[0], inst.mod.space, op); !s.ok()) return s;
    const Operand& v = inst.operands[1];
    if (v.kind == Operand::Kind::kVector) {
      op.vec = static_cast<uint8_t>(v.elements.size());
      if (op.vec > 4) return Unsupported(inst, "vectors of more than 4 elements");
      for (size_t i = 0; i < v.elements.size(); ++i) {
        absl::StatusOr<uint32_t> e = Source(inst, v.elements[i], inst.mod.type);
        if (!e.ok()) return e.status();
        op.v[i] = *e;
      }
    } else {
      absl::StatusOr<uint32_t> b = Source(inst, v, inst.mod.type);
      if (!b.ok()) return b.status();
      op.b = *b;
    }
    op.fn = SelectMemoryHandler(op, inst, ctx_);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeAtomic(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    size_t i = 0;
    if (inst.op == Opcode::kAtom) {
      absl::StatusOr<uint32_t> dest = Dest(inst, inst.operands[i++]);
      if (!dest.ok()) return dest.status();
      op.d = *dest;
    }
    if (absl::Status s = Address(inst, inst.operands[i++], inst.mod.space, op); !s.ok()) return s;
    if (i >= inst.operands.size()) return Unsupported(inst, "missing operand");
    absl::StatusOr<uint32_t> b = Source(inst, inst.operands[i++], inst.mod.type);
    if (!b.ok()) return b.status();
    op.b = *b;
    if (i < inst.operands.size()) {
      absl::StatusOr<uint32_t> c = Source(inst, inst.operands[i], inst.mod.type);
      if (!c.ok()) return c.status();
      op.c = *c;
    }
    op.fn = SelectAtomicHandler(op, inst, ctx_);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    MaybeSpinPoint(inst, true);
    return absl::OkStatus();
  }

  absl::Status DecodeBranch(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    const Operand& target = inst.operands[0];
    if (target.kind != Operand::Kind::kLabel) return Unsupported(inst, "branch target");
    op.target = target.label;        // a block index until patched
    op.reconv = current_block_;      // likewise: the block whose post-dominator we need
    op.fn = SelectControlHandler(op, inst);
    patches_.push_back(static_cast<uint32_t>(fp_->ops.size()));
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeBarrier(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    size_t i = 0;
    if (inst.mod.bar_kind == ptx::BarKind::kRed) {
      absl::StatusOr<uint32_t> dest = Dest(inst, inst.operands[i++]);
      if (!dest.ok()) return dest.status();
      op.d = *dest;
      size_t remaining = inst.operands.size() - i;  // id (, count), p
      absl::StatusOr<uint32_t> id = Source(inst, inst.operands[i++], ScalarType::kU32);
      if (!id.ok()) return id.status();
      op.a = *id;
      if (remaining == 3) {
        absl::StatusOr<uint32_t> n = Source(inst, inst.operands[i++], ScalarType::kU32);
        if (!n.ok()) return n.status();
        op.b = *n;
      }
      const Operand& p = inst.operands[i];
      op.negate_c = p.negated;
      absl::StatusOr<uint32_t> c = Source(inst, p, ScalarType::kPred);
      if (!c.ok()) return c.status();
      op.c = *c;
    } else {
      absl::StatusOr<uint32_t> id = Source(inst, inst.operands[0], ScalarType::kU32);
      if (!id.ok()) return id.status();
      op.a = *id;
      if (inst.operands.size() > 1) {
        absl::StatusOr<uint32_t> n = Source(inst, inst.operands[1], ScalarType::kU32);
        if (!n.ok()) return n.status();
        op.b = *n;
      }
    }
    op.fn = SelectControlHandler(op, inst);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeWarp(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    const Operand& d = inst.operands[0];
    absl::StatusOr<uint32_t> dest = Dest(inst, d);
    if (!dest.ok()) return dest.status();
    op.d = *dest;
    if (d.kind == Operand::Kind::kRegPair) op.d2 = d.reg2;
    uint32_t* sources[3] = {&op.a, &op.b, &op.c};
    // The last operand of the .sync forms is the member mask: executing lanes decide.
    size_t n = inst.operands.size();
    if (inst.op != Opcode::kActivemask && inst.mod.sync) --n;
    if (inst.op == Opcode::kShfl && !inst.mod.sync) n = inst.operands.size();
    if (inst.mod.sync && inst.op != Opcode::kActivemask && inst.op != Opcode::kShfl) {
      absl::StatusOr<uint32_t> members = Source(inst, inst.operands.back(), ScalarType::kB32);
      if (!members.ok()) return members.status();
      op.e = *members;
    }
    for (size_t i = 1; i < n && i <= 3; ++i) {
      const Operand& s = inst.operands[i];
      if (s.negated) op.negate_c = true;
      ScalarType t = inst.op == Opcode::kVote ? ScalarType::kPred
                     : inst.op == Opcode::kShfl && i > 1 ? ScalarType::kU32
                                                         : inst.mod.type;
      absl::StatusOr<uint32_t> slot = Source(inst, s, t);
      if (!slot.ok()) return slot.status();
      *sources[i - 1] = *slot;
    }
    op.fn = SelectWarpHandler(op, inst);
    if (op.fn == nullptr) return Unsupported(inst, "this form is not implemented");
    Emit(op);
    return absl::OkStatus();
  }

  absl::Status DecodeCall(const ptx::Instruction& inst) {
    Op op = NewOp(inst);
    const Operand& rets = inst.operands[0];
    const Operand& target = inst.operands[1];
    const Operand& args = inst.operands[2];
    const FunctionPlan* callee = nullptr;
    if (target.kind == Operand::Kind::kSymbol) {
      callee = plan_->by_module_index[target.symbol];
      if (callee == nullptr) return Unsupported(inst, "call target not found");
      if (!callee->function->has_body && callee->builtin == nullptr) {
        return Unsupported(inst, ptx::Cat("call to the external function '", callee->function->name,
                                          "', which has no definition"));
      }
      op.callee = callee;
      op.fn = CallDirect;
    } else {
      op.a = target.reg;
      op.fn = CallIndirect;
    }
    CallSite site;
    auto value = [&](const Operand& e, uint32_t callee_size) -> absl::StatusOr<CallSite::Value> {
      CallSite::Value v;
      if (e.kind == Operand::Kind::kSymbol && e.symbol_kind == SymbolKind::kLocalVar) {
        const ptx::Variable& var = f_->locals[e.symbol];
        v.mode = AddrMode::kFrame;
        v.offset = local_offset_[e.symbol] + static_cast<uint32_t>(e.imm);
        v.size = static_cast<uint32_t>(var.size != 0 ? var.size : ptx::SizeOf(var.type));
        return v;
      }
      if (e.kind == Operand::Kind::kReg || e.kind == Operand::Kind::kImmInt ||
          e.kind == Operand::Kind::kImmFloat) {
        absl::StatusOr<uint32_t> s = Source(inst, e, ScalarType::kB64);
        if (!s.ok()) return s.status();
        v.mode = AddrMode::kReg;
        v.slot = *s;
        v.size = callee_size != 0 ? callee_size : 8;
        return v;
      }
      return Unsupported(inst, "call argument kind");
    };
    for (size_t i = 0; i < args.elements.size(); ++i) {
      uint32_t size = callee != nullptr && i < callee->function->params.size()
                          ? callee->function->params[i].size
                          : 0;
      absl::StatusOr<CallSite::Value> v = value(args.elements[i], size);
      if (!v.ok()) return v.status();
      site.args.push_back(*v);
    }
    for (size_t i = 0; i < rets.elements.size(); ++i) {
      uint32_t size = callee != nullptr && i < callee->function->returns.size()
                          ? callee->function->returns[i].size
                          : 0;
      absl::StatusOr<CallSite::Value> v = value(rets.elements[i], size);
      if (!v.ok()) return v.status();
      site.returns.push_back(*v);
    }
    if (callee != nullptr && callee->function->has_body) {
      for (const ptx::Param& p : callee->function->params) {
        if (p.space == StateSpace::kReg) return Unsupported(inst, "functions with .reg parameters");
      }
    }
    op.aux = static_cast<uint32_t>(fp_->calls.size());
    fp_->calls.push_back(std::move(site));
    Emit(op);
    return absl::OkStatus();
  }

  const hal::KernelImage& image_;
  const ptx::Module& m_;
  SelectContext ctx_;
  std::unique_ptr<KernelPlan> plan_;
  absl::flat_hash_map<uint32_t, uint32_t> shared_global_;  // module variable -> shared offset
  absl::flat_hash_map<std::pair<const ptx::Function*, uint32_t>, uint32_t> shared_local_;
  std::vector<std::pair<const ptx::Function*, uint32_t>> local_dynamic_;

  // Per function.
  FunctionPlan* fp_ = nullptr;
  const ptx::Function* f_ = nullptr;
  std::vector<uint32_t> local_offset_;
  ptx::ParamLayout entry_layout_;
  std::vector<uint64_t> consts_;
  absl::flat_hash_map<uint64_t, uint32_t> const_index_;
  uint32_t next_slot_ = 0;
  uint32_t sink_ = kNoSlot;
  uint32_t current_block_ = 0;
  std::vector<uint32_t> patches_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<KernelPlan>> BuildKernelPlan(const hal::KernelImage& image,
                                                            const SelectContext& ctx) {
  return Decoder(image, ctx).Run();
}

}  // namespace cudashim::simt
