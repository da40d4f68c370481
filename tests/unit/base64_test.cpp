// Base64 decoding: RFC 4648 vectors, round trips at every length, the leniency real encoders
// need (MIME line breaks, spaces, the URL-safe alphabet), and rejection of real garbage.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "json/base64.hpp"

namespace edenai::internal {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

TEST(Base64, DecodesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"Zg==", "f"},
                                                         {"Zm8=", "fo"},
                                                         {"Zm9v", "foo"},
                                                         {"Zm9vYg==", "foob"},
                                                         {"Zm9vYmE=", "fooba"},
                                                         {"Zm9vYmFy", "foobar"}};
  for (const auto& [encoded, plain] : vectors) {
    const auto decoded = decode_base64(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, bytes_of(plain)) << encoded;
    EXPECT_EQ(encode_base64(bytes_of(plain).data(), std::string_view(plain).size()), encoded);
  }
}

TEST(Base64, AcceptsMissingPadding) {
  EXPECT_EQ(decode_base64("Zg"), bytes_of("f"));
  EXPECT_EQ(decode_base64("Zm8"), bytes_of("fo"));
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::mt19937 engine(42);
  for (std::size_t length = 0; length < 300; ++length) {
    std::vector<std::uint8_t> data(length);
    for (auto& b : data)
      b = static_cast<std::uint8_t>(engine());
    const std::string encoded = encode_base64(data.data(), data.size());
    const auto decoded = decode_base64(encoded);
    ASSERT_TRUE(decoded) << length;
    EXPECT_EQ(*decoded, data) << length;
  }
}

TEST(Base64, RejectsInvalidInput) {
  for (const std::string bad :
       {"Z", "Zm9vY", "Zg=", "Z===", "Zm9v=", "Zg==Zg==", "=Zm9", "Zm9v!A==", "Zm\xc3\xa9v",
        "Zm9v\x01", "Zg==\nZg==", "Zm9v.", " Z ", "Zm9v%3D"}) {
    EXPECT_FALSE(decode_base64(bad)) << bad;
  }
  EXPECT_FALSE(decode_base64(std::string("Zm9v\0", 5)));
}

// What Python's and Node's decoders accept from real encoders: the bytes come out the same.
TEST(Base64, SkipsWhitespaceAndAcceptsBothAlphabets) {
  std::mt19937 engine(7);
  std::vector<std::uint8_t> data(1000);
  for (auto& b : data)
    b = static_cast<std::uint8_t>(engine());
  const std::string standard = encode_base64(data.data(), data.size());
  ASSERT_NE(standard.find_first_of("+/"), std::string::npos);  // the alphabets differ here

  std::string mime;  // RFC 2045: lines of 76 characters ending in CRLF
  for (std::size_t i = 0; i < standard.size(); i += 76)
    mime += standard.substr(i, 76) + "\r\n";
  std::string spaced;
  for (std::size_t i = 0; i < standard.size(); i += 4)
    spaced += standard.substr(i, 4) + (i % 8 == 0 ? " " : "\t");
  std::string url_safe = standard;
  for (char& c : url_safe)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  std::string unpadded_url_safe = url_safe;
  while (unpadded_url_safe.back() == '=')
    unpadded_url_safe.pop_back();
  std::string mixed = standard;
  mixed[mixed.find('+') != std::string::npos ? mixed.find('+') : mixed.find('/')] =
      mixed.find('+') != std::string::npos ? '-' : '_';
  for (const std::string& variant :
       {mime, spaced, url_safe, unpadded_url_safe, mixed, "\n" + standard + "\n"}) {
    const auto decoded = decode_base64(variant);
    ASSERT_TRUE(decoded) << variant.substr(0, 80);
    EXPECT_EQ(*decoded, data);
  }
}

TEST(Base64, RejectsAnInvalidCharacterAnywhereInALongInput) {
  std::vector<std::uint8_t> data(3000, 0xAB);
  const std::string good = encode_base64(data.data(), data.size());
  for (std::size_t pos :
       {std::size_t{0}, std::size_t{1}, good.size() / 2, good.size() - 5, good.size() - 1}) {
    std::string bad = good;
    bad[pos] = '*';
    EXPECT_FALSE(decode_base64(bad)) << pos;
  }
}

TEST(Base64, DecodedSizeBoundIsThreeFourthsPlusThree) {
  EXPECT_EQ(decoded_size_bound(""), 3u);
  EXPECT_EQ(decoded_size_bound("Zg"), 3u);
  EXPECT_EQ(decoded_size_bound("Zm9v"), 6u);
  EXPECT_EQ(decoded_size_bound("Zm9vYmFy"), 9u);
  EXPECT_EQ(decoded_size_bound(std::string(1001, 'A')), 753u);
}

// The buffer form: the size comes back, and the bytes are those decode_base64 returns.
TEST(Base64, DecodesIntoACallersBuffer) {
  const std::string text = "Zm9v\r\nYmE=";
  std::vector<std::uint8_t> out(decoded_size_bound(text), 0xEE);
  const auto size = decode_base64_into(text, out.data());
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, 5u);
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + 5), bytes_of("fooba"));
  EXPECT_EQ(decode_base64(text), bytes_of("fooba"));
  EXPECT_FALSE(decode_base64_into("Zm9v*", out.data()));
  EXPECT_FALSE(decode_base64_into("Zm9v*", out.data(), Base64Kernel::scalar));
}

}  // namespace
}  // namespace edenai::internal
