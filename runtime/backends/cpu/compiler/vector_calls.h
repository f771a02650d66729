// Lane helpers of generated code written with AVX-512 intrinsics, callable from lane loops.
//
// Generated lane loops are scalar C++ that g++ vectorises; an intrinsic inside one would keep it
// scalar. A function declared with g++'s `simd` attribute is different: the vectoriser calls
// its vector variant (one call per 16 lanes), and this prelude defines those variants with
// intrinsics. That makes single instructions of operations the portable prelude can only
// emulate: fma with a directed rounding (embedded rounding), PTX's min/max (vrangeps), and
// ex2.approx's 2^n scaling (vscalefps). Results equal the portable versions bit for bit.
#pragma once

#include <string>

namespace cudashim::jit {

// Source text defining cs_fma_rz32/rm32/rp32, cs_min32/max32 and cs_ex2_32 on 32-bit lanes,
// with the intrinsic versions where the compiler and target allow (CS_VECTOR_CALLS is then 1)
// and the portable prelude's otherwise. Goes after the portable prelude (it needs F, BF,
// cs_fma_dir32, cs_minmax32 and cs_ex2_approx).
std::string VectorCallsPrelude();

}  // namespace cudashim::jit
