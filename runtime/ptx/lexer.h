#ifndef CUDASHIM_RUNTIME_PTX_LEXER_H_
#define CUDASHIM_RUNTIME_PTX_LEXER_H_

// PTX text -> tokens. Accepts any whitespace (fatbinary canonicalises it, NVCC_ABI §4.7) and
// drops `//` and `/* */` comments.

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cudashim::ptx {

enum class TokenKind : uint8_t {
  kIdent,       // foo, %r1, $L__BB0_2, _ (the sink), %tid
  kDotName,     // .global, .u32, .shared::cta, .L2::cache_hint (text includes the dot)
  kInt,         // 42, 0x1F, 017, 0b101, with optional U suffix
  kFloat,       // 1.5, 1e-3 (decimal)
  kHexFloat32,  // 0f3F800000
  kHexFloat64,  // 0d3FF0000000000000
  kString,      // "nounroll" (text excludes the quotes)
  kPunct,       // one of , ; : { } [ ] ( ) < > @ ! + - | = * / ~ & ^ ?
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string_view text;  // points into the source text
  int line;
  char punct() const { return kind == TokenKind::kPunct ? text[0] : '\0'; }
};

// Tokenizes all of `text`; the last token is kEnd. InvalidArgumentError on a character that
// cannot start a token or an unterminated string/comment, naming the line.
absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text, std::string_view source_name);

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_LEXER_H_
