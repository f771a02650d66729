#ifndef CUDASHIM_RUNTIME_PTX_SPECIAL_REGISTERS_H_
#define CUDASHIM_RUNTIME_PTX_SPECIAL_REGISTERS_H_

// The predefined read-only registers (%tid, %laneid, %envreg3, ...).

#include <optional>
#include <string_view>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx {

struct SpecialRegName {
  SpecialReg reg;
  bool has_component;  // %tid.x: takes .x/.y/.z
  int number = -1;     // %envreg3 -> 3, %pm1 -> 1; -1 when not numbered
};

// "%tid" -> {kTid, true}; "%envreg2" -> {kEnvreg, false, 2}; nullopt if not a special register.
std::optional<SpecialRegName> LookupSpecialReg(std::string_view name);

// The name without component or number: kTid -> "%tid", kEnvreg -> "%envreg".
std::string_view Name(SpecialReg reg);
bool HasComponent(SpecialReg reg);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_SPECIAL_REGISTERS_H_
