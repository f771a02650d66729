#include "runtime/backends/simt/printf.h"

#include <cstdio>
#include <cstring>

namespace cudashim::simt {
namespace {

// Reads the next argument of `size` bytes, aligned to its size, from the buffer.
class ArgReader {
 public:
  explicit ArgReader(const char* base) : base_(base) {}
  uint64_t Next(size_t size) {
    offset_ = (offset_ + size - 1) / size * size;
    uint64_t v = 0;
    if (base_ != nullptr) std::memcpy(&v, base_ + offset_, size);
    offset_ += size;
    ++count_;
    return v;
  }
  int count() const { return count_; }

 private:
  const char* base_;
  size_t offset_ = 0;
  int count_ = 0;
};

}  // namespace

FormatResult FormatDevicePrintf(const char* format, const char* args) {
  FormatResult out;
  if (format == nullptr) {
    out.text = "(null)";
    return out;
  }
  ArgReader reader(args);
  const char* p = format;
  while (*p != '\0') {
    if (*p != '%') {
      out.text += *p++;
      continue;
    }
    if (p[1] == '%') {
      out.text += '%';
      p += 2;
      continue;
    }
    // %[flags][width][.precision][length]conversion; '*' widths are not produced by CUDA.
    const char* start = p++;
    while (*p != '\0' && std::strchr("-+ #0", *p) != nullptr) ++p;
    while (*p >= '0' && *p <= '9') ++p;
    if (*p == '.') {
      ++p;
      while (*p >= '0' && *p <= '9') ++p;
    }
    int longs = 0;
    bool half = false;
    while (*p == 'l' || *p == 'h' || *p == 'z' || *p == 'j' || *p == 't' || *p == 'L') {
      if (*p == 'l' || *p == 'z' || *p == 'j' || *p == 't' || *p == 'L') ++longs;
      if (*p == 'h') half = true;
      ++p;
    }
    char conv = *p;
    if (conv == '\0') {
      out.text.append(start);
      break;
    }
    ++p;
    // The spec without its length modifier, then our own length for the host's snprintf.
    std::string spec(start, p - start - 1);
    while (!spec.empty() && std::strchr("lhzjtL", spec.back()) != nullptr) spec.pop_back();
    char buf[512];
    int n = 0;
    switch (conv) {
      case 'd':
      case 'i': {
        int64_t v = longs > 0 ? static_cast<int64_t>(reader.Next(8))
                              : static_cast<int32_t>(reader.Next(4));
        if (half) v = static_cast<int16_t>(v);
        n = std::snprintf(buf, sizeof(buf), (spec + "lld").c_str(), static_cast<long long>(v));
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = longs > 0 ? reader.Next(8) : static_cast<uint32_t>(reader.Next(4));
        if (half) v = static_cast<uint16_t>(v);
        n = std::snprintf(buf, sizeof(buf), (spec + "ll" + conv).c_str(),
                          static_cast<unsigned long long>(v));
        break;
      }
      case 'c': {
        int v = static_cast<int>(reader.Next(4));
        n = std::snprintf(buf, sizeof(buf), (spec + "c").c_str(), v);
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A': {
        double v;
        uint64_t bits = reader.Next(8);
        std::memcpy(&v, &bits, 8);
        n = std::snprintf(buf, sizeof(buf), (spec + conv).c_str(), v);
        break;
      }
      case 's': {
        const char* s = reinterpret_cast<const char*>(reader.Next(8));
        n = std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), s != nullptr ? s : "(null)");
        break;
      }
      case 'p': {
        void* v = reinterpret_cast<void*>(reader.Next(8));
        n = std::snprintf(buf, sizeof(buf), (spec + "p").c_str(), v);
        break;
      }
      default:
        out.text.append(start, p - start);
        continue;
    }
    if (n > 0) out.text.append(buf, std::min<size_t>(n, sizeof(buf) - 1));
  }
  out.args = reader.count();
  return out;
}

}  // namespace cudashim::simt
