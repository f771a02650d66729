#ifndef CUDASHIM_RUNTIME_PTX_PRINTER_H_
#define CUDASHIM_RUNTIME_PTX_PRINTER_H_

// IR -> PTX text. The output parses back to the same IR (tests check the round trip), so it is
// used for dumps (CUDASHIM_LOG=debug), for error messages that quote an instruction, and by the
// linker's tests.

#include <string>

#include "runtime/ptx/ir.h"

namespace cudashim::ptx {

std::string Print(const Module& m);
std::string Print(const Module& m, const Function& f);
// One instruction, without the trailing ';' (e.g. "@!%p1 bra $L__BB0_2").
std::string Print(const Module& m, const Function& f, const Instruction& inst);
// The full opcode with modifiers as decoded, e.g. "setp.ge.s32" or "ld.global.nc.v4.f32".
std::string OpcodeText(const Instruction& inst);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_PRINTER_H_
