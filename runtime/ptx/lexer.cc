#include "runtime/ptx/lexer.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "runtime/ptx/text.h"

namespace cudashim::ptx {
namespace {

bool IsIdentStart(char c) { return absl::ascii_isalpha(c) || c == '_' || c == '$' || c == '%'; }
bool IsIdentChar(char c) { return absl::ascii_isalnum(c) || c == '_' || c == '$'; }

}  // namespace

absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text, std::string_view source_name) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4);
  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto error = [&](std::string_view what) {
    return absl::InvalidArgumentError(Cat(source_name, ":", line, ": ", what));
  };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\0') {
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) return error("unterminated /* comment");
      for (size_t k = i; k < end; ++k) line += text[k] == '\n';
      i = end + 2;
      continue;
    }
    size_t start = i;
    if (c == '"') {
      ++i;
      while (i < n && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
      if (i >= n || text[i] != '"') return error("unterminated string");
      tokens.push_back({TokenKind::kString, text.substr(start + 1, i - start - 1), line});
      ++i;
      continue;
    }
    if (c == '.' && i + 1 < n && (IsIdentStart(text[i + 1]) || absl::ascii_isdigit(text[i + 1]))) {
      // Directive or modifier; `::` joins qualified names like .shared::cta or .L2::cache_hint.
      ++i;
      while (i < n) {
        if (IsIdentChar(text[i])) {
          ++i;
        } else if (text[i] == ':' && i + 2 < n && text[i + 1] == ':' && IsIdentChar(text[i + 2])) {
          i += 2;
        } else {
          break;
        }
      }
      tokens.push_back({TokenKind::kDotName, text.substr(start, i - start), line});
      continue;
    }
    if (IsIdentStart(c)) {
      ++i;
      while (i < n && IsIdentChar(text[i])) ++i;
      tokens.push_back({TokenKind::kIdent, text.substr(start, i - start), line});
      continue;
    }
    if (absl::ascii_isdigit(c) || (c == '.' && i + 1 < n && absl::ascii_isdigit(text[i + 1]))) {
      if (c == '0' && i + 1 < n &&
          (text[i + 1] == 'f' || text[i + 1] == 'F' || text[i + 1] == 'd' || text[i + 1] == 'D')) {
        bool single = text[i + 1] == 'f' || text[i + 1] == 'F';
        size_t digits = single ? 8 : 16;
        i += 2;
        size_t h = i;
        while (i < n && absl::ascii_isxdigit(text[i])) ++i;
        if (i - h != digits) {
          return error(Cat("malformed hex float literal '", text.substr(start, i - start),
                           "' (needs ", digits, " hex digits)"));
        }
        tokens.push_back({single ? TokenKind::kHexFloat32 : TokenKind::kHexFloat64,
                          text.substr(start, i - start), line});
        continue;
      }
      if (c == '0' && i + 1 < n && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
        i += 2;
        while (i < n && absl::ascii_isxdigit(text[i])) ++i;
        if (i < n && (text[i] == 'U' || text[i] == 'u')) ++i;
        tokens.push_back({TokenKind::kInt, text.substr(start, i - start), line});
        continue;
      }
      bool is_float = false;
      while (i < n && absl::ascii_isdigit(text[i])) ++i;
      if (i < n && text[i] == '.') {
        is_float = true;
        ++i;
        while (i < n && absl::ascii_isdigit(text[i])) ++i;
      }
      if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        size_t k = i + 1;
        if (k < n && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < n && absl::ascii_isdigit(text[k])) {
          is_float = true;
          i = k;
          while (i < n && absl::ascii_isdigit(text[i])) ++i;
        }
      }
      if (!is_float && i < n && (text[i] == 'U' || text[i] == 'u')) ++i;
      // 0b101 binary literals.
      if (!is_float && i == start + 1 && c == '0' && i < n && (text[i] == 'b' || text[i] == 'B')) {
        ++i;
        while (i < n && (text[i] == '0' || text[i] == '1')) ++i;
        if (i < n && (text[i] == 'U' || text[i] == 'u')) ++i;
      }
      if (i < n && IsIdentChar(text[i])) {
        return error(Cat("malformed number '", text.substr(start, i - start + 1), "'"));
      }
      tokens.push_back(
          {is_float ? TokenKind::kFloat : TokenKind::kInt, text.substr(start, i - start), line});
      continue;
    }
    switch (c) {
      case ',':
      case ';':
      case ':':
      case '{':
      case '}':
      case '[':
      case ']':
      case '(':
      case ')':
      case '<':
      case '>':
      case '@':
      case '!':
      case '+':
      case '-':
      case '|':
      case '=':
      case '*':
      case '/':
      case '~':
      case '&':
      case '^':
      case '?':
        tokens.push_back({TokenKind::kPunct, text.substr(i, 1), line});
        ++i;
        continue;
      default:
        break;
    }
    return error(Cat("unexpected character '",
                     absl::ascii_isprint(c) ? std::string(1, c)
                                            : Cat("\\x", absl::Hex(static_cast<unsigned char>(c))),
                     "'"));
  }
  tokens.push_back({TokenKind::kEnd, std::string_view(), line});
  return tokens;
}

}  // namespace cudashim::ptx
