#ifndef CUDASHIM_RUNTIME_PTX_TEXT_H_
#define CUDASHIM_RUNTIME_PTX_TEXT_H_

// String helpers for the front end. Debian's abseil is built with its own absl::string_view
// (ABSL_OPTION_USE_STD_STRING_VIEW 0), so absl::StrCat and friends do not take std::string_view;
// these wrappers do.

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace cudashim::ptx {

inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

namespace text_internal {
inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
template <typename T>
requires(!std::is_convertible_v<const T&, std::string_view>) void Append(std::string& out,
                                                                         const T& v) {
  absl::StrAppend(&out, v);
}
}  // namespace text_internal

// absl::StrCat that also accepts std::string_view.
template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (text_internal::Append(out, args), ...);
  return out;
}

template <typename... Args>
void CatTo(std::string* out, const Args&... args) {
  (text_internal::Append(*out, args), ...);
}

template <typename Int>
bool ToInt(std::string_view s, Int* out) {
  return absl::SimpleAtoi(AbslView(s), out);
}
template <typename Int>
bool HexToInt(std::string_view s, Int* out) {
  return absl::SimpleHexAtoi(AbslView(s), out);
}
inline bool ToDouble(std::string_view s, double* out) { return absl::SimpleAtod(AbslView(s), out); }

}  // namespace cudashim::ptx

#endif  // CUDASHIM_RUNTIME_PTX_TEXT_H_
