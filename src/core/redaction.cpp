// Secret redaction (see redaction.hpp).
#include "core/redaction.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "json/codec.hpp"

namespace edenai::internal {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(char a, char b) {
  return lower(a) == lower(b);
}

// The first occurrence of `secret` in `text` from `from`, ignoring ASCII case.
std::size_t find_ignoring_case(std::string_view text, std::string_view secret, std::size_t from) {
  if (secret.empty() || from > text.size()) return std::string_view::npos;
  const auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(),
                              secret.begin(), secret.end(), equal_ignoring_case);
  return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

// One character of a text read as JSON would read it: `\u0073`, `\/` and the like decode to the
// character they spell (-1 for one outside ASCII, which no secret holds).
struct Unit {
  int character;
  std::size_t begin;
  std::size_t end;
};

Unit unit_at(std::string_view text, std::size_t i) {
  if (text[i] != '\\' || i + 1 >= text.size()) {
    return {static_cast<unsigned char>(lower(text[i])), i, i + 1};
  }
  const char next = text[i + 1];
  if (next == 'u' && i + 6 <= text.size()) {
    int value = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const char c = text[k];
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return {'\\', i, i + 1};
      value = value * 16 + digit;
    }
    return {value < 0x80 ? lower(static_cast<char>(value)) : -1, i, i + 6};
  }
  static constexpr std::string_view kShort = "\"\\/bfnrt";
  static constexpr std::string_view kMeant = "\"\\/\b\f\n\r\t";
  const auto at = kShort.find(next);
  if (at == std::string_view::npos) return {'\\', i, i + 1};
  return {kMeant[at], i, i + 2};
}

// `text` with each secret redacted also where JSON escapes spell it out, in any letter case,
// without parsing it: the rest of the text is left exactly as it was.
std::string redact_escaped(std::string text, std::string_view secret) {
  if (secret.empty() || text.find('\\') == std::string::npos) return text;
  std::string wanted(secret);
  for (char& c : wanted)
    c = lower(c);
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  const std::size_t m = wanted.size();
  const int last = static_cast<unsigned char>(wanted.back());
  // The last units read, in a ring whose size is a power of two (an index is a mask away).
  std::size_t size = 1;
  while (size < m)
    size *= 2;
  const std::size_t mask = size - 1;
  std::vector<Unit> ring(size);
  std::size_t count = 0;  // units read since the last match
  for (std::size_t i = 0; i < text.size();) {
    Unit unit;
    if (text[i] != '\\') {  // the common case, inline
      unit = {static_cast<unsigned char>(lower(text[i])), i, i + 1};
    } else {
      unit = unit_at(text, i);
    }
    i = unit.end;
    ring[count & mask] = unit;
    ++count;
    if (unit.character != last || count < m) continue;
    const std::size_t first = count - m;
    bool match = true;
    for (std::size_t k = 0; k < m && match; ++k)
      match = ring[(first + k) & mask].character == static_cast<unsigned char>(wanted[k]);
    if (match) {
      spans.emplace_back(ring[first & mask].begin, unit.end);
      count = 0;  // matches do not overlap
    }
  }
  if (spans.empty()) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (const auto& [begin, end] : spans) {
    out.append(text, done, begin - done);
    out += kRedacted;
    done = end;
  }
  out.append(text, done, std::string::npos);
  return out;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  std::size_t at = find_ignoring_case(text, secret, 0);
  if (at == std::string_view::npos) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (; at != std::string_view::npos; at = find_ignoring_case(text, secret, done)) {
    out.append(text, done, at - done);
    out += kRedacted;
    done = at + secret.size();
  }
  out.append(text, done, std::string::npos);
  return out;
}

std::string redact_all(std::string text, const Secrets& secrets) {
  for (const auto& secret : secrets)
    text = redact(std::move(text), secret);
  return text;
}

bool mentions_any(std::string_view text, const Secrets& secrets) {
  return std::any_of(secrets.begin(), secrets.end(), [&](const std::string& secret) {
    return find_ignoring_case(text, secret, 0) != std::string_view::npos;
  });
}

std::string redacted_body(std::string body, const Secrets& secrets) {
  body = redact_all(std::move(body), secrets);
  for (const auto& secret : secrets)
    body = redact_escaped(std::move(body), secret);
  return body;
}

std::pair<std::string, std::optional<nlohmann::json>> redact_and_parse(std::string body,
                                                                       const Secrets& secrets) {
  body = redacted_body(std::move(body), secrets);
  std::optional<nlohmann::json> json = parse_error_body(body);  // parsed already clean
  return {std::move(body), std::move(json)};
}

}  // namespace edenai::internal
