#ifndef CUDASHIM_RUNTIME_PTX_MODIFIERS_H_
#define CUDASHIM_RUNTIME_PTX_MODIFIERS_H_

// Decoding of opcode names and their dot-modifiers into Opcode and Modifiers. The meaning of some
// modifiers depends on the opcode (.lo is a comparison on setp and a half on mul; .and is a
// combiner on setp and an operation on atom), so decoding is per opcode.

#include <optional>
#include <string_view>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx {

// The base opcode for a name such as "add" or "bar"; nullopt if cudashim does not know it.
std::optional<Opcode> LookupOpcode(std::string_view name);

// A type name without its dot ("u32") -> the type; nullopt if it is not a type.
std::optional<ScalarType> LookupType(std::string_view name);

// A state space name without its dot ("global", "shared::cta") -> the space.
std::optional<StateSpace> LookupStateSpace(std::string_view name);

// Applies one modifier (with its dot: ".s32") to `mod`. `op` may be refined (bar + .warp ->
// bar.warp.sync). Returns false when the modifier is not one cudashim knows for that opcode.
bool ApplyModifier(Opcode& op, std::string_view modifier, Modifiers& mod);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_MODIFIERS_H_
