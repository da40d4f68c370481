// Base64 decoder: one driver, two kernels for its clean stretches.
//
// The driver walks the text quad by quad of its compact form (the text without whitespace). A
// stretch of clean characters goes to the fast code: 32 characters at a time through AVX2 where the
// CPU has it (checked once), then 16 and 4 through the scalar tables. Anything else (whitespace,
// padding, an invalid character) goes through a slow loop that gathers one compact quad character
// by character and then hands back to the fast code, so a line break costs one slow quad (the
// AVX2 kernel steps over those at a quad boundary itself: MIME's lines of 76 characters and CRLF,
// PEM's 64 and LF). Because the fast code starts at compact quad boundaries, decodes clean quads
// only and steps over nothing but whitespace, the result is the one of the rule: drop the
// whitespace, strip up to two '=' (which must then complete a quad), decode the rest, a lone
// trailing character is invalid.
//
// The scalar tables: each input character indexes its own table, which holds the character's six
// bits already shifted into the little-endian position of the output bytes, so one quad decodes
// with four loads and three ORs. Invalid characters map to a value with bit 24 set, and the OR of
// a quad keeps that bit: validation costs one test per quad. The tables and the AVX2 classifier
// know both alphabets ('+/' and the URL-safe '-_'), so either, or a mix, decodes at the same speed.
// The AVX2 kernel classifies 32 characters by their nibbles and packs their sextets with two
// multiply-adds and two shuffles into 24 bytes.
#include "json/base64.hpp"

#include <array>
#include <cstring>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#define EDENAI_BASE64_X86 1
#include <immintrin.h>
#endif

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

constexpr bool is_space(unsigned char c) {
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

inline bool in_alphabet(unsigned char c) {
  return (kTables.t[0][c] & kInvalid) == 0;
}

// Decodes 32-character blocks from the start of `in` (`size` characters) into `out` while at
// least 32 bytes of room remain (each block stores 32 bytes, 24 of them decoded). A line break
// ("\n" or "\r\n") at a quad boundary is stepped over (MIME and PEM lines are whole quads); at
// anything else the decoder stops, after the whole quads before it. Returns the bytes written
// and sets `read` to the characters consumed, always up to a compact quad boundary.
using BlockDecoder = std::size_t (*)(const unsigned char* in, std::size_t size, std::uint8_t* out,
                                     std::size_t room, std::size_t& read);

#ifdef EDENAI_BASE64_X86

// The classifier looks each character up by its two nibbles (_mm256_shuffle_epi8 is a 16-entry
// table per lane). Validity: each high nibble of the alphabets has a class bit, and each low
// nibble lists the classes it is a character of; a character is valid when the two share a bit.
// Bytes >= 0x80 have high nibbles 8..15, which have no class. The sextet is the character plus
// an offset of its high nibble, corrected by the low nibble in the two rows where one offset does
// not fit ('+' '-' '/' in 0x2_, '_' in 0x5_).
using NibbleTable = std::int8_t[16];
// 0x2_ 1, 0x3_ 2, 0x4_ and 0x6_ 4, 0x5_ 8, 0x7_ 16.
constexpr NibbleTable kClassesOfHigh = {0, 0, 1, 2, 4, 8, 4, 16, 0, 0, 0, 0, 0, 0, 0, 0};
// 0 '0' 'P' 'p'; 1..9 digits and letters; A 'J' 'Z' 'j' 'z'; B '+' 'K' 'k'; C 'L' 'l';
// D '-' 'M' 'm'; E 'N' 'n'; F '/' 'O' 'o' '_'.
constexpr NibbleTable kClassesOfLow = {0x1a, 0x1e, 0x1e, 0x1e, 0x1e, 0x1e, 0x1e, 0x1e,
                                       0x1e, 0x1e, 0x1c, 0x05, 0x04, 0x05, 0x04, 0x0d};
// 0x2_: -17, then plus 36 ('+'), 34 ('-') or 33 ('/'); 0x5_: -65, plus 33 for '_' only.
constexpr NibbleTable kOffsetOfHigh = {0, 0, -17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0};
constexpr NibbleTable kCorrectedRows = {0, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
constexpr NibbleTable kCorrectionOfLow = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 36, 0, 34, 0, 33};
// Each dword holds its 3 bytes reversed in its low 24 bits: take them big-endian, 12 per lane.
constexpr NibbleTable kGatherBytes = {2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1};

__attribute__((target("avx2"))) inline __m256i in_both_lanes(const NibbleTable& table) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(table)));
}

__attribute__((target("avx2"))) std::size_t decode_blocks_avx2(const unsigned char* in,
                                                               std::size_t size, std::uint8_t* out,
                                                               std::size_t room,
                                                               std::size_t& read) {
  const __m256i classes_of_high = in_both_lanes(kClassesOfHigh);
  const __m256i classes_of_low = in_both_lanes(kClassesOfLow);
  const __m256i offset_of_high = in_both_lanes(kOffsetOfHigh);
  const __m256i corrected_rows = in_both_lanes(kCorrectedRows);
  const __m256i correction_of_low = in_both_lanes(kCorrectionOfLow);
  const __m256i gather_bytes = in_both_lanes(kGatherBytes);
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  // Sextet pairs (s0, s1) -> s0 << 6 | s1 in 16 bits, then word pairs -> w0 << 12 | w1 in 32.
  const __m256i merge_pairs = _mm256_set1_epi32(0x01400140);
  const __m256i merge_words = _mm256_set1_epi32(0x00011000);
  // The two lanes' 12 bytes, together.
  const __m256i join_lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
  const unsigned char* const start = in;
  const std::uint8_t* const out_start = out;
  while (size >= 32 && room >= 32) {
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
    const __m256i low = _mm256_and_si256(c, nibble);
    const __m256i high = _mm256_and_si256(_mm256_srli_epi16(c, 4), nibble);
    const __m256i shared = _mm256_and_si256(_mm256_shuffle_epi8(classes_of_low, low),
                                            _mm256_shuffle_epi8(classes_of_high, high));
    const auto invalid = static_cast<unsigned>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(shared, _mm256_setzero_si256())));
    const __m256i correction = _mm256_and_si256(_mm256_shuffle_epi8(correction_of_low, low),
                                                _mm256_shuffle_epi8(corrected_rows, high));
    const __m256i sextets =
        _mm256_add_epi8(c, _mm256_add_epi8(_mm256_shuffle_epi8(offset_of_high, high), correction));
    const __m256i words = _mm256_maddubs_epi16(sextets, merge_pairs);
    const __m256i triples = _mm256_madd_epi16(words, merge_words);
    const __m256i bytes =
        _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(triples, gather_bytes), join_lanes);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), bytes);
    if (invalid == 0) {
      in += 32;
      size -= 32;
      out += 24;
      room -= 24;
      continue;
    }
    // Each quad decodes alone, so the quads before the first other character are good. A line
    // break is the next character only if that character starts a quad (else it is a letter of
    // the alphabets), one of the block's first 29: the character after it is loaded too.
    const std::size_t quads = static_cast<std::size_t>(__builtin_ctz(invalid)) / 4;
    in += 4 * quads;
    size -= 4 * quads;
    out += 3 * quads;
    room -= 3 * quads;
    std::size_t skip = 0;
    if (in[0] == '\n') {
      skip = 1;
    } else if (in[0] == '\r' && in[1] == '\n') {
      skip = 2;
    }
    if (skip == 0) break;
    in += skip;
    size -= skip;
  }
  read = static_cast<std::size_t>(in - start);
  return static_cast<std::size_t>(out - out_start);
}

bool cpu_has_avx2() noexcept {
  static const bool has = __builtin_cpu_supports("avx2") != 0;
  return has;
}

#else

bool cpu_has_avx2() noexcept {
  return false;
}

#endif

// The padding at `in` ('='), with `count` characters of an unfinished quad before it: the rest
// must be whitespace and exactly the '=' that complete the quad (one after three, two after two).
std::optional<std::size_t> finish_padded(const unsigned char* in, const unsigned char* end,
                                         unsigned char (&quad)[4], std::size_t count,
                                         std::uint8_t* dst, const std::uint8_t* out) {
  if (count < 2) return std::nullopt;
  std::size_t padding = 0;
  for (; in < end; ++in) {
    if (*in == '=') {
      ++padding;
    } else if (!is_space(*in)) {
      return std::nullopt;
    }
  }
  if (count + padding != 4) return std::nullopt;
  const std::uint32_t v = decode_quad(quad);
  std::memcpy(dst, &v, count - 1);
  return static_cast<std::size_t>(dst + count - 1 - out);
}

std::optional<std::size_t> decode(std::string_view text, std::uint8_t* out, BlockDecoder blocks) {
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* const end = in + text.size();
  std::uint8_t* dst = out;
  std::uint8_t* const out_end = out + decoded_size_bound(text);
  for (;;) {
    // The fast code, from a compact quad boundary. The scalar quads store 4 bytes (the fourth is
    // overwritten by the next quad) with no check of the room: whatever the text, it decodes to
    // at most size / 4 * 3 + 2 bytes, one less than the bound, and a clean quad's 3 bytes are
    // among them, so its fourth byte is within the bound. The SIMD blocks store 8 more.
    if (blocks != nullptr) {
      std::size_t read = 0;
      dst += blocks(in, static_cast<std::size_t>(end - in), dst,
                    static_cast<std::size_t>(out_end - dst), read);
      in += read;
    }
    while (end - in >= 16) {
      const std::uint32_t v0 = decode_quad(in);
      const std::uint32_t v1 = decode_quad(in + 4);
      const std::uint32_t v2 = decode_quad(in + 8);
      const std::uint32_t v3 = decode_quad(in + 12);
      if ((v0 | v1 | v2 | v3) & kInvalid) break;
      std::memcpy(dst, &v0, 4);
      std::memcpy(dst + 3, &v1, 4);
      std::memcpy(dst + 6, &v2, 4);
      std::memcpy(dst + 9, &v3, 4);
      in += 16;
      dst += 12;
    }
    while (end - in >= 4) {
      const std::uint32_t v = decode_quad(in);
      if (v & kInvalid) break;
      std::memcpy(dst, &v, 4);
      in += 4;
      dst += 3;
    }

    // The slow loop: one compact quad, skipping whitespace; or the end of the text.
    unsigned char quad[4] = {'A', 'A', 'A', 'A'};  // 'A' is zero bits for a partial quad
    std::size_t count = 0;
    for (; in < end && count < 4; ++in) {
      const unsigned char c = *in;
      if (is_space(c)) continue;
      if (c == '=') return finish_padded(in, end, quad, count, dst, out);
      if (!in_alphabet(c)) return std::nullopt;
      quad[count++] = c;
    }
    if (count == 4) {
      const std::uint32_t v = decode_quad(quad);
      std::memcpy(dst, &v, 3);
      dst += 3;
      continue;
    }
    // The end, after 0 to 3 characters of a last quad (its unused low bits are not checked).
    if (count == 1) return std::nullopt;
    if (count > 1) {
      const std::uint32_t v = decode_quad(quad);
      std::memcpy(dst, &v, count - 1);
      dst += count - 1;
    }
    return static_cast<std::size_t>(dst - out);
  }
}

}  // namespace

std::size_t decoded_size_bound(std::string_view text) noexcept {
  return text.size() / 4 * 3 + 3;
}

bool base64_kernel_available(Base64Kernel kernel) noexcept {
  switch (kernel) {
    case Base64Kernel::scalar:
      return true;
    case Base64Kernel::avx2:
      return cpu_has_avx2();
  }
  return false;
}

Base64Kernel base64_default_kernel() noexcept {
  return cpu_has_avx2() ? Base64Kernel::avx2 : Base64Kernel::scalar;
}

std::optional<std::size_t> decode_base64_into(std::string_view text, std::uint8_t* out,
                                              Base64Kernel kernel) {
#ifdef EDENAI_BASE64_X86
  if (kernel == Base64Kernel::avx2 && cpu_has_avx2()) return decode(text, out, decode_blocks_avx2);
#else
  (void)kernel;
#endif
  return decode(text, out, nullptr);
}

std::optional<std::size_t> decode_base64_into(std::string_view text, std::uint8_t* out) {
  return decode_base64_into(text, out, base64_default_kernel());
}

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  std::vector<std::uint8_t> out(decoded_size_bound(text));
  const std::optional<std::size_t> size = decode_base64_into(text, out.data());
  if (!size) return std::nullopt;
  out.resize(*size);
  // The bound overshoots by 3 bytes plus the whitespace: give back only a real excess.
  if (out.capacity() - out.size() > out.size() / 8 + 64) out.shrink_to_fit();
  return out;
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
