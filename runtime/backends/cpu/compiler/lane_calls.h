// The per-lane semantics compiled kernels call for the rarer instructions: the interpreter's own
// lane_ops.h, so both paths agree bit for bit.
#pragma once

#include <cstdint>

namespace cudashim::jit {

// `inst` is the ptx::Instruction; a, b, c, e its sources (raw bits, PTX order after the
// destination). Returns the destination's raw bits (setp/testp: 0 or 1).
uint64_t LaneOp(const void* inst, uint64_t a, uint64_t b, uint64_t c, uint64_t e);

}  // namespace cudashim::jit
