// Table-driven base64 decoder. Each input character indexes its own table, which holds the
// character's six bits already shifted into the little-endian position of the output bytes, so
// one quad decodes with four loads and three ORs. Invalid characters map to a value with bit 24
// set, and the OR of a quad keeps that bit: validation costs one compare per quad. The tables
// know both alphabets ('+/' and the URL-safe '-_'), so either decodes at the same speed; text
// wrapped in lines or spaced out is decoded again once its whitespace is dropped.
#include "json/base64.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace edenai::internal {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint32_t kInvalid = 0x01000000;

constexpr int sextet(unsigned char c) {
  if (c == '-') return 62;  // RFC 4648's URL-safe alphabet
  if (c == '_') return 63;
  for (int i = 0; i < 64; ++i) {
    if (static_cast<unsigned char>(kAlphabet[i]) == c) return i;
  }
  return -1;
}

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// position 0..3 of a character within its quad; output byte k of the quad is bits of
// (s0 << 18 | s1 << 12 | s2 << 6 | s3) taken big-endian, stored little-endian in a uint32.
constexpr std::uint32_t table_entry(int position, unsigned char c) {
  const int s = sextet(c);
  if (s < 0) return kInvalid;
  const std::uint32_t v = static_cast<std::uint32_t>(s);
  switch (position) {
    case 0:
      return v << 2;
    case 1:
      return (v >> 4) | ((v & 0x0f) << 12);
    case 2:
      return ((v >> 2) << 8) | ((v & 0x03) << 22);
    default:
      return v << 16;
  }
}

struct Tables {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
};

constexpr Tables make_tables() {
  Tables tables{};
  for (int p = 0; p < 4; ++p) {
    for (int c = 0; c < 256; ++c) {
      tables.t[p][c] = table_entry(p, static_cast<unsigned char>(c));
    }
  }
  return tables;
}

constexpr Tables kTables = make_tables();

inline std::uint32_t decode_quad(const unsigned char* in) {
  return kTables.t[0][in[0]] | kTables.t[1][in[1]] | kTables.t[2][in[2]] | kTables.t[3][in[3]];
}

std::optional<std::vector<std::uint8_t>> decode_compact(std::string_view text) {
  std::size_t len = text.size();
  // Strip up to two '=' of padding, which must then complete a quad.
  std::size_t padding = 0;
  while (len > 0 && padding < 2 && text[len - 1] == '=') {
    --len;
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  const std::size_t tail = len % 4;
  if (tail == 1) return std::nullopt;

  const std::size_t full_quads = len / 4;
  const std::size_t out_size = full_quads * 3 + (tail == 0 ? 0 : tail - 1);
  std::vector<std::uint8_t> out(out_size);
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::uint8_t* dst = out.data();

  // Every quad but the last stores four bytes (the fourth is overwritten by the next quad).
  std::uint32_t bad = 0;
  std::size_t q = 0;
  for (; q + 1 < full_quads; ++q) {
    const std::uint32_t v = decode_quad(in + 4 * q);
    bad |= v;
    std::memcpy(dst + 3 * q, &v, 4);
  }
  if (bad & kInvalid) return std::nullopt;

  // The last full quad and the partial tail, byte by byte.
  unsigned char last[4] = {'A', 'A', 'A', 'A'};
  std::size_t remaining = len - 4 * q;
  std::memcpy(last, in + 4 * q, remaining > 4 ? 4 : remaining);
  if (remaining > 0) {
    std::uint32_t v = decode_quad(last);
    if (v & kInvalid) return std::nullopt;
    std::size_t n = remaining >= 4 ? 3 : remaining - 1;
    std::memcpy(dst + 3 * q, &v, n);
    if (remaining > 4) {
      std::memset(last, 'A', 4);
      std::memcpy(last, in + 4 * q + 4, remaining - 4);
      v = decode_quad(last);
      if (v & kInvalid) return std::nullopt;
      std::memcpy(dst + 3 * q + 3, &v, remaining - 5);
    }
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  if (auto bytes = decode_compact(text)) return bytes;
  // The rare slow path: MIME-style lines (76 characters and CRLF) or spaces.
  if (std::none_of(text.begin(), text.end(), is_space)) return std::nullopt;
  std::string compact;
  compact.reserve(text.size());
  for (const char c : text) {
    if (!is_space(c)) compact += c;
  }
  return decode_compact(compact);
}

std::string encode_base64(const std::uint8_t* data, std::size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                            std::uint32_t{data[i + 2]};
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < size) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (i + 1 < size) v |= std::uint32_t{data[i + 1]} << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += (i + 1 < size) ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace edenai::internal
