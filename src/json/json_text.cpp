// Lenient JSON string and UTF-8 handling (see json_text.hpp).
#include "json/json_text.hpp"

#include <cstdint>

#include "api/validation.hpp"

namespace edenai::internal {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Four hex digits at `text[at]`, or -1.
int hex4(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = text[i];
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

}  // namespace

std::optional<std::string> unescape_lenient(std::string_view token) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  const std::string_view text = token.substr(1, token.size() - 2);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == text.size()) return std::nullopt;
    switch (text[i]) {
      case '"':
      case '\\':
      case '/':
        out += text[i];
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const int unit = hex4(text, i + 1);
        if (unit < 0) return std::nullopt;
        i += 4;
        if (unit >= 0xD800 && unit <= 0xDBFF) {  // a high surrogate: is its pair next?
          const int low = text.substr(i + 1, 2) == "\\u" ? hex4(text, i + 3) : -1;
          if (low >= 0xDC00 && low <= 0xDFFF) {
            append_utf8(out, 0x10000 + ((static_cast<std::uint32_t>(unit) - 0xD800) << 10) +
                                 (static_cast<std::uint32_t>(low) - 0xDC00));
            i += 6;
          } else {
            out += kReplacement;
          }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {  // a low surrogate alone
          out += kReplacement;
        } else {
          append_utf8(out, static_cast<std::uint32_t>(unit));
        }
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::size_t utf8_sequence_length(std::string_view text) {
  if (text.empty()) return 0;
  const auto c = static_cast<unsigned char>(text.front());
  std::size_t length = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) length = 2;
  if ((c & 0xF0) == 0xE0) length = 3;
  if ((c & 0xF8) == 0xF0) length = 4;
  if (length == 0 || text.size() < length) return 0;
  // One code point, checked by the validator of requests.
  return utf8_length(text.substr(0, length)) == std::optional<std::size_t>(1) ? length : 0;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t n = utf8_sequence_length(text.substr(i)); n > 0) {
      out.append(text.data() + i, n);
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

std::optional<std::string> repair_json_text(std::string_view text) {
  std::string out = utf8_length(text) ? std::string(text) : repair_utf8(text);
  bool mended = out.size() != text.size() || out != text;
  std::string escaped;
  escaped.reserve(out.size());
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string && static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      escaped += "\\u00";
      escaped += kHex[(c >> 4) & 0xF];
      escaped += kHex[c & 0xF];
      mended = true;
      continue;
    }
    escaped += c;
    if (in_string && c == '\\' && i + 1 < out.size()) {
      escaped += out[++i];
    } else if (c == '"') {
      in_string = !in_string;
    }
  }
  if (!mended) return std::nullopt;
  return escaped;
}

std::size_t bom_length(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace edenai::internal
