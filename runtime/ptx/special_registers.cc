#include "runtime/ptx/special_registers.h"

#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

struct Entry {
  std::string_view name;
  SpecialReg reg;
  bool has_component;
};

// In SpecialReg order, so that Name() can index it.
constexpr Entry kTable[] = {
    {"%tid", SpecialReg::kTid, true},
    {"%ntid", SpecialReg::kNtid, true},
    {"%ctaid", SpecialReg::kCtaid, true},
    {"%nctaid", SpecialReg::kNctaid, true},
    {"%laneid", SpecialReg::kLaneid, false},
    {"%warpid", SpecialReg::kWarpid, false},
    {"%nwarpid", SpecialReg::kNwarpid, false},
    {"%smid", SpecialReg::kSmid, false},
    {"%nsmid", SpecialReg::kNsmid, false},
    {"%gridid", SpecialReg::kGridid, false},
    {"%clock", SpecialReg::kClock, false},
    {"%clock64", SpecialReg::kClock64, false},
    {"%globaltimer", SpecialReg::kGlobaltimer, false},
    {"%globaltimer_lo", SpecialReg::kGlobaltimerLo, false},
    {"%globaltimer_hi", SpecialReg::kGlobaltimerHi, false},
    {"%lanemask_eq", SpecialReg::kLanemaskEq, false},
    {"%lanemask_le", SpecialReg::kLanemaskLe, false},
    {"%lanemask_lt", SpecialReg::kLanemaskLt, false},
    {"%lanemask_ge", SpecialReg::kLanemaskGe, false},
    {"%lanemask_gt", SpecialReg::kLanemaskGt, false},
    {"%envreg", SpecialReg::kEnvreg, false},  // numbered 0..31
    {"%dynamic_smem_size", SpecialReg::kDynamicSmemSize, false},
    {"%total_smem_size", SpecialReg::kTotalSmemSize, false},
    {"%aggr_smem_size", SpecialReg::kAggrSmemSize, false},
    {"%clusterid", SpecialReg::kClusterid, true},
    {"%nclusterid", SpecialReg::kNclusterid, true},
    {"%cluster_ctaid", SpecialReg::kClusterCtaid, true},
    {"%cluster_nctaid", SpecialReg::kClusterNctaid, true},
    {"%cluster_ctarank", SpecialReg::kClusterCtarank, false},
    {"%cluster_nctarank", SpecialReg::kClusterNctarank, false},
    {"%is_explicit_cluster", SpecialReg::kIsExplicitCluster, false},
    {"%pm", SpecialReg::kPm, false},  // numbered 0..7
    {"%reserved_smem_offset_begin", SpecialReg::kReservedSmemOffsetBegin, false},
    {"%reserved_smem_offset_end", SpecialReg::kReservedSmemOffsetEnd, false},
    {"%reserved_smem_offset_cap", SpecialReg::kReservedSmemOffsetCap, false},
    {"WARP_SZ", SpecialReg::kWarpsz, false},
};

constexpr bool InOrder() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<size_t>(kTable[i].reg) != i) return false;
  }
  return true;
}
static_assert(InOrder());

}  // namespace

std::optional<SpecialRegName> LookupSpecialReg(std::string_view name) {
  for (const Entry& e : kTable) {
    if (e.reg == SpecialReg::kEnvreg || e.reg == SpecialReg::kPm) continue;
    if (e.name == name) return SpecialRegName{e.reg, e.has_component};
  }
  auto numbered = [&](SpecialReg reg, int limit) -> std::optional<SpecialRegName> {
    std::string_view prefix = Name(reg);
    if (!name.starts_with(prefix)) return std::nullopt;
    int n;
    if (!ToInt(name.substr(prefix.size()), &n) || n < 0 || n >= limit) return std::nullopt;
    return SpecialRegName{reg, false, n};
  };
  if (auto r = numbered(SpecialReg::kEnvreg, 32)) return r;
  if (auto r = numbered(SpecialReg::kPm, 8)) return r;
  return std::nullopt;
}

std::string_view Name(SpecialReg reg) { return kTable[static_cast<size_t>(reg)].name; }

bool HasComponent(SpecialReg reg) { return kTable[static_cast<size_t>(reg)].has_component; }

}  // namespace cudashim::ptx
