// Base64 kernels: each kernel (the AVX2 half is skipped where the CPU lacks AVX2) against the
// scalar one and against a plain reference decoder (the rule written out, one sextet at a time),
// on random bytes encoded in every shape real encoders produce and on invalid text; every call
// also checks that decode_base64_into wrote nothing past decoded_size_bound.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "json/base64.hpp"

namespace edenai::internal {

// For gtest's messages and test names (found by ADL beside the enum).
void PrintTo(Base64Kernel kernel, std::ostream* os) {
  *os << (kernel == Base64Kernel::avx2 ? "avx2" : "scalar");
}

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kGuard = 0xA5;
constexpr std::size_t kGuardBytes = 64;
constexpr char kSpaces[] = " \t\n\r\f\v";

bool is_space(char c) {
  return std::string_view(kSpaces).find(c) != std::string_view::npos;
}

int sextet_of(char c) {
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (c == '-') return 62;
  if (c == '_') return 63;
  const std::size_t pos = alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// The rule: drop whitespace; strip up to two '=', which must then end a multiple of 4; the rest
// is alphabet characters, not 1 more than a multiple of 4; leftover low bits are ignored.
std::optional<Bytes> reference_decode(std::string_view text) {
  std::string compact;
  for (const char c : text) {
    if (!is_space(c)) compact += c;
  }
  std::size_t len = compact.size();
  std::size_t padding = 0;
  while (len > 0 && padding < 2 && compact[len - 1] == '=') {
    --len;
    ++padding;
  }
  if (padding > 0 && compact.size() % 4 != 0) return std::nullopt;
  if (len % 4 == 1) return std::nullopt;
  Bytes out;
  std::uint32_t bits = 0;
  int pending = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const int s = sextet_of(compact[i]);
    if (s < 0) return std::nullopt;
    bits = ((bits << 6) | static_cast<std::uint32_t>(s)) & 0xffff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out.push_back(static_cast<std::uint8_t>(bits >> pending));
    }
  }
  return out;
}

// decode_base64_into with `kernel` into a buffer with guard bytes after the bound.
std::optional<Bytes> decode_with(Base64Kernel kernel, std::string_view text,
                                 std::uint8_t guard = kGuard) {
  const std::size_t bound = decoded_size_bound(text);
  Bytes buffer(bound + kGuardBytes, guard);
  const std::optional<std::size_t> size = decode_base64_into(text, buffer.data(), kernel);
  for (std::size_t i = bound; i < buffer.size(); ++i) {
    if (buffer[i] != guard) {
      ADD_FAILURE() << "wrote byte " << i << " past the bound " << bound << " for text of "
                    << text.size() << ": " << text.substr(0, 80);
      break;
    }
  }
  if (!size) return std::nullopt;
  EXPECT_LE(*size, bound);
  buffer.resize(*size);
  return buffer;
}

Bytes random_bytes(std::mt19937& engine, std::size_t size) {
  Bytes data(size);
  for (auto& b : data)
    b = static_cast<std::uint8_t>(engine());
  return data;
}

std::string to_url_safe(std::string text) {
  for (char& c : text)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

std::string without_padding(std::string text) {
  while (!text.empty() && text.back() == '=')
    text.pop_back();
  return text;
}

std::string mixed_alphabets(std::string text, std::mt19937& engine) {
  for (char& c : text) {
    if (engine() % 2 == 0) c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return text;
}

// Whitespace characters inserted at random places, about one in `one_in` characters.
std::string with_whitespace(const std::string& text, std::mt19937& engine, unsigned one_in) {
  std::string out;
  for (const char c : text) {
    while (engine() % one_in == 0)
      out += kSpaces[engine() % 6];
    out += c;
  }
  if (engine() % 2 == 0) out += kSpaces[engine() % 6];
  return out;
}

std::string in_lines(const std::string& text, std::size_t width, const std::string& newline) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += width)
    out += text.substr(i, width) + newline;
  return out;
}

// Every shape of the encoding of `data` a real encoder (or a careless one) produces.
std::vector<std::string> encodings_of(const Bytes& data, std::mt19937& engine) {
  const std::string standard = encode_base64(data.data(), data.size());
  return {standard,
          without_padding(standard),
          to_url_safe(standard),
          without_padding(to_url_safe(standard)),
          mixed_alphabets(standard, engine),
          with_whitespace(standard, engine, 50),
          with_whitespace(without_padding(to_url_safe(standard)), engine, 3),
          in_lines(standard, 76, "\r\n"),  // MIME (RFC 2045)
          in_lines(standard, 64, "\n"),    // PEM
          "\n " + standard + " \n"};
}

class Base64KernelTest : public testing::TestWithParam<Base64Kernel> {
 protected:
  void SetUp() override {
    if (!base64_kernel_available(GetParam())) GTEST_SKIP() << "the CPU lacks this kernel";
  }

  // The kernel under test, the scalar kernel and the reference agree on `text`.
  static void expect_agreement(std::string_view text) {
    const std::optional<Bytes> expected = reference_decode(text);
    EXPECT_EQ(decode_with(GetParam(), text), expected) << text.substr(0, 120);
    EXPECT_EQ(decode_with(Base64Kernel::scalar, text), expected) << text.substr(0, 120);
  }
};

TEST_P(Base64KernelTest, MatchesTheReferenceOnEncodedRandomBytesOfEveryLength) {
  std::mt19937 engine(11);
  for (std::size_t length = 0; length <= 300; ++length) {
    const Bytes data = random_bytes(engine, length);
    for (const std::string& text : encodings_of(data, engine)) {
      ASSERT_EQ(reference_decode(text), data) << text;  // the test's own encodings are valid
      const std::optional<Bytes> decoded = decode_with(GetParam(), text);
      ASSERT_TRUE(decoded) << length << ": " << text;
      EXPECT_EQ(*decoded, data) << length << ": " << text;
      EXPECT_EQ(decode_with(Base64Kernel::scalar, text), decoded) << text;
    }
  }
}

// Every byte value (the alphabets' neighbours '@' '[' '`' '{' '/' ':', whitespace, '=', NUL,
// bytes >= 0x80 such as 'A' | 0x80) at every position of 100-character texts, padded or not.
TEST_P(Base64KernelTest, MatchesTheReferenceWithEveryByteAtEveryPosition) {
  std::mt19937 engine(5);
  for (const std::size_t size : {75, 74, 73}) {  // no padding, "=", "=="
    const Bytes data = random_bytes(engine, size);
    const std::string text = encode_base64(data.data(), data.size());
    ASSERT_EQ(text.size(), 100u);
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string changed = text;
        changed[pos] = static_cast<char>(byte);
        expect_agreement(changed);
      }
    }
  }
}

TEST_P(Base64KernelTest, RejectsInvalidText) {
  std::mt19937 engine(3);
  const Bytes data = random_bytes(engine, 300);
  const std::string clean = encode_base64(data.data(), data.size());  // 400 characters
  const std::string head = clean.substr(0, 200);
  const std::vector<std::string> invalid = {
      head + "=" + head,                 // '=' in the middle
      head + "==" + head,                // and two
      head + "Zg==Zg==",                 // padding, then more
      head + "Zm9vYg===",                // three '='
      head + "Zm9v\nYg=\n=\n=",          // three '=' among whitespace
      head + "Zm9v=",                    // padding after a whole quad
      head + "Zg=",                      // padding short of a quad
      head + "A",                        // a lone trailing character
      head + "A==",                      // a lone character, padded
      head + " A\n",                     // a lone one among whitespace
      head + "Zm9v\x80" + head,          // bytes >= 0x80
      head + "\xc1\xc2\xc3\xc4" + head,  // 'A' 'B' 'C' 'D' with the high bit set
      head + "Zm\xc3\xa9v",
      head + std::string(1, '\0') + head,  // NUL
      std::string(1, '\0') + clean,
      clean + std::string(1, '\0'),
      head + "Zm9v!A==",
      head.substr(0, 100) + "*" + head.substr(100),
      "=" + clean,
      "====",
      "=="};
  for (const std::string& text : invalid) {
    ASSERT_FALSE(reference_decode(text)) << text;
    EXPECT_FALSE(decode_with(GetParam(), text)) << text;
    EXPECT_FALSE(decode_with(Base64Kernel::scalar, text)) << text;
  }
  for (std::size_t pos = 0; pos < 100; ++pos) {  // an invalid character at every position
    for (const char bad : {'*', '.', '@', '[', '`', '{', '~', '\x7f', '\x80', '\xff'}) {
      std::string text = clean.substr(0, 100);
      text[pos] = bad;
      ASSERT_FALSE(reference_decode(text));
      EXPECT_FALSE(decode_with(GetParam(), text)) << pos << " " << int{bad};
    }
  }
}

// Line breaks (which the AVX2 kernel steps over at a quad boundary), other whitespace, padding
// and garbage after clean stretches of every length, then more clean text: the fast code stops
// or steps over the break at every offset within a block.
TEST_P(Base64KernelTest, MatchesTheReferenceAcrossBreaksAtEveryOffset) {
  std::mt19937 engine(9);
  const Bytes data = random_bytes(engine, 600);
  const std::string clean = encode_base64(data.data(), data.size());
  for (std::size_t cut = 0; cut <= 130; ++cut) {
    for (const char* gap : {"\n", "\r\n", "\r", "\n\n", "\r\r\n", "\n\r", " \t ", "=", "==", "*"}) {
      expect_agreement(clean.substr(0, cut) + gap + clean.substr(cut, 200));
      expect_agreement(clean.substr(0, cut) + gap);
    }
  }
}

TEST_P(Base64KernelTest, DecodesMegabytesWithAndWithoutPaddingAndLines) {
  std::mt19937 engine(2026);
  for (const std::size_t size : {3'000'000, 3'000'001, 3'000'002}) {
    const Bytes data = random_bytes(engine, size);
    const std::string standard = encode_base64(data.data(), data.size());
    for (const std::string& text : {standard, without_padding(standard), to_url_safe(standard),
                                    in_lines(standard, 76, "\r\n")}) {
      const std::optional<Bytes> decoded = decode_with(GetParam(), text);
      ASSERT_TRUE(decoded) << size;
      EXPECT_TRUE(*decoded == data) << size;  // not EXPECT_EQ: it would print megabytes
    }
  }
}

// Texts of every length 0..400 in several shapes, guard bytes of two values after the bound.
TEST_P(Base64KernelTest, NeverWritesPastTheBound) {
  std::mt19937 engine(17);
  const Bytes data = random_bytes(engine, 400);
  const std::string clean = without_padding(encode_base64(data.data(), data.size()));
  for (std::size_t length = 0; length <= 400; ++length) {
    const std::string prefix = clean.substr(0, length);
    for (const std::string& text :
         {prefix, prefix + "=", prefix + "==", prefix + "*", "  " + prefix, prefix + "\n\n\n\n"}) {
      for (const std::uint8_t guard : {std::uint8_t{0xA5}, std::uint8_t{0x00}}) {
        EXPECT_EQ(decode_with(GetParam(), text, guard), reference_decode(text)) << text;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, Base64KernelTest,
                         testing::Values(Base64Kernel::scalar, Base64Kernel::avx2),
                         [](const testing::TestParamInfo<Base64Kernel>& info) {
                           return testing::PrintToString(info.param);
                         });

TEST(Base64Kernels, DefaultIsAvx2WhereTheCpuHasIt) {
  EXPECT_TRUE(base64_kernel_available(Base64Kernel::scalar));
#if defined(__x86_64__) || defined(__i386__)
  EXPECT_EQ(base64_kernel_available(Base64Kernel::avx2), __builtin_cpu_supports("avx2") != 0);
#else
  EXPECT_FALSE(base64_kernel_available(Base64Kernel::avx2));
#endif
  EXPECT_EQ(base64_default_kernel(), base64_kernel_available(Base64Kernel::avx2)
                                         ? Base64Kernel::avx2
                                         : Base64Kernel::scalar);
}

}  // namespace
}  // namespace edenai::internal
